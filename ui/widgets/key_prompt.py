"""Touch and PIN prompts for a security key working on a worker thread (enrolment, sign-in)."""

from __future__ import annotations

import logging
import queue
import threading
import time

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QInputDialog, QWidget

from ui.widgets.prompts import ask_text

log = logging.getLogger(__name__)

TOUCH_PROMPT_DELAY_MS = 500  # like ykman: only say "touch" when the key has not answered
PIN_WAIT_SECONDS = 600.0  # the worker gives up on an unanswered PIN prompt after this


class _Hop(QObject):
    """Carries a worker's request to the GUI thread. It lives as long as the application:
    a worker never emits on a KeyPrompt, which its window may delete at that very moment
    (closing the window mid-wait crashed in the signal emission)."""

    touch_asked = Signal(object)
    pin_asked = Signal(object)

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self.setObjectName("keyPromptHop")
        self.touch_asked.connect(self._on_touch_asked, Qt.ConnectionType.QueuedConnection)
        self.pin_asked.connect(self._on_pin_asked, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _on_touch_asked(self, prompt: KeyPrompt) -> None:
        if shiboken6.isValid(prompt):
            prompt._on_touch_asked()

    @Slot(object)
    def _on_pin_asked(self, prompt: KeyPrompt) -> None:
        if shiboken6.isValid(prompt):
            prompt._on_pin_asked()
        else:
            prompt._answers.put(None)  # its window is gone: nobody will type a PIN


def _hop() -> _Hop:
    """The application's one _Hop (made on the GUI thread, by the first KeyPrompt)."""
    app = QCoreApplication.instance()
    found = app.findChild(_Hop, "keyPromptHop") if app is not None else None
    return found if found is not None else _Hop(app)


class KeyPrompt(QObject):
    """The front end's ``KeyInteraction`` (app.devices.fido). Create it on the GUI thread,
    hand it and ``cancel_event`` to the service call on a worker. The worker's
    ``touch_requested()`` and ``pin_requested()`` hop to the GUI thread by signal; the PIN
    hand-off blocks the worker until the PIN dialog (``securityKeyPin``) answers. One
    KeyPrompt serves one operation.

    Args:
        parent: the dialog the PIN prompt opens over.

    Signals:
        touch_prompt(): show "Touch your security key" (the key has waited half a second).
        pin_prompt_opened(QInputDialog): the PIN dialog is on screen.
    """

    touch_prompt = Signal()
    pin_prompt_opened = Signal(object)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._window = parent
        self.cancel_event = threading.Event()
        self.touch_delay_ms = TOUCH_PROMPT_DELAY_MS
        self._answers: queue.Queue[str | None] = queue.Queue()
        self._finished = False
        self._pin_dialog: QInputDialog | None = None
        self._touch_timer = QTimer(self)
        self._touch_timer.setSingleShot(True)
        self._touch_timer.timeout.connect(self._on_touch_timer)
        self._hop = _hop()  # the worker emits there; the GUI thread calls back here
        # Deleted with its window (a sign-out) while the key still waits: stop the key.
        cancel_event = self.cancel_event
        self.destroyed.connect(lambda *_args: cancel_event.set())

    # --- called on the worker thread ----------------------------------------------------

    def touch_requested(self) -> None:
        # Never raise here: python-fido2 calls this from its keepalive handler, and an
        # exception there skips the CANCEL it owes the key (which then blinks, busy, until
        # its own timeout).
        if not self.cancel_event.is_set():
            self._hop.touch_asked.emit(self)

    def pin_requested(self) -> str | None:
        """Block the worker until the operator answers the PIN dialog (None: cancelled)."""
        if self.cancel_event.is_set():
            return None
        self._hop.pin_asked.emit(self)
        deadline = time.monotonic() + PIN_WAIT_SECONDS
        while time.monotonic() < deadline:
            try:
                return self._answers.get(timeout=0.1)
            except queue.Empty:
                if self.cancel_event.is_set():
                    return None
        log.warning("nobody answered the security key's PIN prompt; giving up")
        self.cancel_event.set()
        return None

    # --- called on the GUI thread -------------------------------------------------------

    def cancel(self) -> None:
        """Stop the key's wait (the Cancel button, closing the dialog)."""
        self.cancel_event.set()
        self._answers.put(None)
        self._close_pin_dialog()

    def finish(self) -> None:
        """The worker is done: no more prompts."""
        self._finished = True
        self._touch_timer.stop()
        self._close_pin_dialog()

    def _on_touch_asked(self) -> None:
        if not self._finished and not self._touch_timer.isActive():
            self._touch_timer.start(self.touch_delay_ms)

    @Slot()
    def _on_touch_timer(self) -> None:
        if not self._finished and not self.cancel_event.is_set():
            self.touch_prompt.emit()

    def _on_pin_asked(self) -> None:
        if self._finished or self.cancel_event.is_set():
            self._answers.put(None)
            return
        dialog = self._ask_pin()
        dialog.setAccessibleName(self.tr("Security key PIN"))
        dialog.rejected.connect(self._on_pin_refused)
        self._pin_dialog = dialog
        self.pin_prompt_opened.emit(dialog)

    def _ask_pin(self) -> QInputDialog:
        """Open the PIN prompt over the window (tests may replace this)."""
        return ask_text(
            self._window, "securityKeyPin", self.tr("Security key PIN"),
            self.tr("Enter the PIN of your security key:"), self._on_pin_given, secret=True,
        )  # fmt: skip

    @Slot(str)
    def _on_pin_given(self, pin: str) -> None:
        self._pin_dialog = None
        if pin:
            self._answers.put(pin)
        else:
            self._on_pin_refused()

    @Slot()
    def _on_pin_refused(self) -> None:
        self._pin_dialog = None
        self.cancel_event.set()  # no PIN: the operator gave up on this key
        self._answers.put(None)

    def _close_pin_dialog(self) -> None:
        dialog, self._pin_dialog = self._pin_dialog, None
        if dialog is not None:
            dialog.rejected.disconnect(self._on_pin_refused)
            dialog.reject()
