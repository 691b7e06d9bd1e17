"""Notices when nobody has used the console for a while, so the window can lock itself."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication

from ui.widgets.copy_field import clear_secret_clipboard

IDLE_SETTING = "security/idleLockMinutes"
ACTIVITY = frozenset({
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
})  # fmt: skip


def idle_minutes(policy_minutes: int) -> int:
    """The workstation's setting (QSettings) when it is shorter than the account's policy."""
    stored = QSettings().value(IDLE_SETTING)
    try:
        local = int(stored) if stored is not None else policy_minutes
    except (TypeError, ValueError):
        local = policy_minutes
    return max(1, min(local, policy_minutes))


class IdleWatcher(QObject):
    """Emits ``idle()`` once after ``timeout_ms`` without keyboard or mouse input anywhere in
    the application; ``reset()`` re-arms it.

    Signals:
        idle(): the console has been idle for ``timeout_ms``.
    """

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timeout_ms = timeout_ms
        self._last = time.monotonic()
        self._fired = False
        self._check = QTimer(self)
        self._check.setInterval(max(50, min(5000, timeout_ms // 4)))
        self._check.timeout.connect(self._on_check)

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.reset()
        self._check.start()

    def stop(self) -> None:
        """Stop watching: the console is locking (idle or Lock) or closing. A secret copied
        to the clipboard goes now, so it is not left behind for whoever comes next."""
        clear_secret_clipboard()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._check.stop()

    def reset(self) -> None:
        self._last = time.monotonic()
        self._fired = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Only input from the window system is someone at the console; Qt's own mouse moves
        # (a widget shown or moved under a resting pointer) are not.
        if event.type() in ACTIVITY and event.spontaneous():
            self._last = time.monotonic()
        return False

    @Slot()
    def _on_check(self) -> None:
        if not self._fired and (time.monotonic() - self._last) * 1000 >= self.timeout_ms:
            self._fired = True
            self.idle.emit()
