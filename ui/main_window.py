"""The main window. For now a placeholder that shows the store and the account."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow

from app.errors import IamDeskError
from app.services import Services


class MainWindow(QMainWindow):
    """The IAM Desk main window.

    Args:
        services: the service layer, built by ``ui.main``.
    """

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("IAM Desk")
        self.resize(960, 600)
        self._services = services
        try:
            account = services.account.account_name()
            text = (
                f"<h2>IAM Desk</h2><p>Account <b>{account}</b>.</p>"
                "<p>The user console arrives with the desktop issue; use "
                "<code>iamctl</code> meanwhile.</p>"
            )
        except IamDeskError as exc:
            text = f"<h2>IAM Desk</h2><p>{exc}</p>"
        label = QLabel(text)
        label.setObjectName("placeholder")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setTextFormat(Qt.TextFormat.RichText)
        self.setCentralWidget(label)
        self.statusBar().showMessage(services.settings.describe_store())
