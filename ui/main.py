"""The composition root of the console: settings → services → window (nothing at import)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from app import __version__
from app.config import Settings
from app.services import Services
from ui.main_window import MainWindow


def main(argv: list[str] | None = None) -> int:
    """Start IAM Desk; reuses a running QApplication when there is one."""
    args = sys.argv if argv is None else argv
    if "--version" in args[1:]:
        print(f"iamdesk {__version__}")
        return 0
    app = QApplication.instance() or QApplication(args)
    app.setApplicationName("IAM Desk")
    app.setOrganizationName("IAM Desk")
    app.setApplicationVersion(__version__)
    services = Services.open(Settings.from_env())
    window = MainWindow(services)
    window.show()
    try:
        return app.exec() if QApplication.instance() is app else 0
    finally:
        services.close()


if __name__ == "__main__":
    sys.exit(main())
