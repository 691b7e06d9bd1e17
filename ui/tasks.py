"""Run service calls off the GUI thread and hand the result back on it.

Database work goes to a single worker (serialised, like Anki's DB executor); other blocking
work (USB waits, SMTP) to a small pool. Workers never touch widgets: only the immutable
records the services return cross threads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the GUI thread; its signals carry a worker's outcome back there."""

    succeeded = Signal(object)
    failed = Signal(object)


def _job(fn: Callable[[], Any], relay: _Relay) -> Callable[[], None]:
    """What a worker runs: ``fn``, its outcome sent to the GUI thread through ``relay``.

    A plain callable, not a QRunnable subclass: a Python QRunnable that the pool deleted on a
    worker thread (autoDelete) left its Python half behind about once in eight jobs."""

    def run() -> None:
        try:
            result = fn()
        except Exception as exc:  # handed to the GUI thread, which shows it
            relay.failed.emit(exc)
        else:
            relay.succeeded.emit(result)

    return run


class TaskRunner(QObject):
    """Args: parent: the owning QObject (usually the main window).

    Signals:
        busy_changed(bool): True while any task runs (for a busy cursor or spinner).
        store_task_done(): a task on the database worker ended (it may have queued mail).
    """

    busy_changed = Signal(bool)
    store_task_done = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = QThreadPool(self)
        self._db.setMaxThreadCount(1)
        self._io = QThreadPool(self)
        self._io.setMaxThreadCount(4)
        self._running = 0
        self._relays: set[_Relay] = set()

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[Exception], None] | None = None, *, blocking_io: bool = False,
            context: QObject | None = None) -> None:  # fmt: skip
        """Call ``fn()`` on a worker; then ``on_done(result)`` or ``on_error(exc)`` here.

        With ``context`` (usually the widget that asked), the callbacks are skipped when
        that object has been deleted meanwhile (a dialog closed before its answer came).
        When ``on_done`` is a bound method of a QObject, that object is the context.
        """
        if context is None:  # a bound method of a widget guards itself
            owner = getattr(on_done, "__self__", None)
            context = owner if isinstance(owner, QObject) else None
        relay = _Relay()
        self._relays.add(relay)

        def _alive() -> bool:
            return context is None or shiboken6.isValid(context)

        @Slot(object)
        def _done(result: Any) -> None:
            if not shiboken6.isValid(self):
                return  # the runner went first (the console is shutting down)
            self._finish(relay, blocking_io)
            if on_done is not None and _alive():
                on_done(result)

        @Slot(object)
        def _failed(exc: Exception) -> None:
            if not shiboken6.isValid(self):
                return
            self._finish(relay, blocking_io)
            if on_error is not None and _alive():
                on_error(exc)
            elif on_error is None:
                log.error("background task failed: %s", exc)

        relay.succeeded.connect(_done)
        relay.failed.connect(_failed)
        self._running += 1
        if self._running == 1:
            self.busy_changed.emit(True)
        (self._io if blocking_io else self._db).start(_job(fn, relay))

    def _finish(self, relay: _Relay, blocking_io: bool) -> None:
        self._relays.discard(relay)
        relay.deleteLater()
        self._running -= 1
        if self._running == 0:
            self.busy_changed.emit(False)
        if not blocking_io:
            self.store_task_done.emit()

    @property
    def busy(self) -> bool:
        return self._running > 0

    def wait(self, msecs: int = 30000) -> bool:
        """Wait for every running task (on close); True when all finished."""
        return self._db.waitForDone(msecs) and self._io.waitForDone(msecs)
