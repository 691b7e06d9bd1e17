"""What the main window's pages have in common: the services they call, and loading once."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.services import Services
from app.services.records import Actor
from ui.tasks import TaskRunner


class Page(QWidget):
    """A page of the main window that reads its content the first time it is shown.

    Args:
        services, runner, actor: as everywhere; name: the page's objectName.

    Signals:
        status_message(str): a short note for the status bar.
    """

    status_message = Signal(str)

    def __init__(self, services: Services, runner: TaskRunner, actor: Actor, name: str,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName(name)
        self._services, self._runner, self._actor = services, runner, actor
        self._activated = False

    def activate(self) -> None:
        """Load the page the first time it is shown."""
        if not self._activated:
            self._activated = True
            self.reload()

    def reload(self) -> None:
        """Read the page's content again (on a worker)."""
        raise NotImplementedError
