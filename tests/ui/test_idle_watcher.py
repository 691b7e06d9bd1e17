"""The idle watcher counts the user's input only."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.helpers import WAIT
from ui.startup.idle_lock import IdleWatcher


def test_qts_own_mouse_moves_do_not_keep_the_console_awake(qtbot: QtBot) -> None:
    """Mouse moves that Qt sends itself (not from the window system) arrive every 50 ms;
    the console still locks after 300 ms, as nobody is there."""
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    watcher = IdleWatcher(300, widget)
    synthetic = QTimer(widget)
    at = QPointF(5, 5)
    synthetic.timeout.connect(lambda: QApplication.sendEvent(widget, QMouseEvent(
        QEvent.Type.MouseMove, at, at, Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier)))  # fmt: skip
    synthetic.start(50)
    watcher.start()
    try:
        with qtbot.waitSignal(watcher.idle, timeout=WAIT):
            pass
    finally:
        watcher.stop()
        synthetic.stop()
