"""What the main window's pages have in common: the console session, and loading once."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ui.session import ConsoleSession


class Page(QWidget):
    """A page of the main window that reads its content the first time it is shown.

    Args:
        session: the console session; name: the page's objectName.

    Signals:
        status_message(str): a short note for the status bar.
    """

    status_message = Signal(str)

    def __init__(self, session: ConsoleSession, name: str,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName(name)
        self._session = session
        self._services, self._runner, self._actor = (session.services, session.runner,
                                                    session.actor)  # fmt: skip
        self._activated = False

    def activate(self) -> None:
        """Load the page the first time it is shown."""
        if not self._activated:
            self._activated = True
            self.reload()

    def reload(self) -> None:
        """Read the page's content again (on a worker)."""
        raise NotImplementedError
