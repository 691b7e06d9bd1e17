"""Run service calls off the GUI thread and hand the result back on it.

Database work goes to a single worker (serialised, like Anki's DB executor); other blocking
work (USB waits, SMTP) to a small pool. Workers never touch widgets: only the immutable
records the services return cross threads.

A worker never holds the last reference to anything either. A job's callable usually closes
over a widget (``lambda: services.users.get(self.name)``); had the worker dropped it last, the
widget would be destroyed on the worker thread while the GUI thread handles its events (a
segfault). So a job, its callbacks and its outcome live in the runner's table, which only the
GUI thread empties; the worker keeps nothing but the job's number.

And a worker never keeps the GUI thread waiting for the interpreter lock: the runner shortens
Python's switch interval to ``GIL_SWITCH_S``. The GUI thread takes the lock for every call into
Python (a slot, an overridden method); with the default 5 ms each one could wait 5 ms behind a
busy worker, and a repaint that calls into Python ten times stalled the window for 50 ms (a
100,000-user import stalled it for 112 ms; benchmarks/gui_import.py).

Nor does a worker ever collect reference cycles: while one runs Python the interpreter's
automatic collection is off, and it comes back once every worker is idle (``ui.collection``).
"""

from __future__ import annotations

import itertools
import logging
import sys
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal, Slot

from ui.collection import CollectionHold

log = logging.getLogger(__name__)
GIL_SWITCH_S = 0.001  # at most this long a thread holds the interpreter lock while others wait


class _Relay(QObject):
    """A child of the runner on the GUI thread: its signal says which job has ended.

    Owned by its parent (C++), so a worker letting go of it deletes nothing."""

    ended = Signal(int)


@dataclass
class _Job:
    """One task: what to run, whom to tell, and (once run) its outcome."""

    fn: Callable[[], Any] | None
    on_done: Callable[[Any], None] | None
    on_error: Callable[[Exception], None] | None
    context: QObject | None
    blocking_io: bool
    outcome: list[tuple[bool, Any]] = field(default_factory=list)


def _work(jobs: dict[int, _Job], number: int, relay: _Relay) -> Callable[[], None]:
    """What a worker runs: job ``number``'s callable, its outcome left in the table."""

    def run() -> None:
        job = jobs[number]
        fn = job.fn
        job.fn = None  # the table's reference goes; the GUI thread still holds the job
        assert fn is not None
        try:
            job.outcome.append((True, fn()))
        except Exception as exc:  # handed to the GUI thread, which shows it
            job.outcome.append((False, exc))
        # The callable, and what its frames hold, must die on the GUI thread: the job keeps
        # it there until the GUI thread has taken the outcome.
        job.fn = fn
        del fn, job
        try:
            relay.ended.emit(number)
        except RuntimeError:  # the runner was deleted meanwhile (the console is closing)
            log.debug("task %d ended after its runner", number)

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
        sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_S))
        self._db = QThreadPool(self)
        self._db.setMaxThreadCount(1)
        self._io = QThreadPool(self)
        self._io.setMaxThreadCount(4)
        self._jobs: dict[int, _Job] = {}
        self._numbers = itertools.count(1)
        self._relay = _Relay(self)
        self._relay.ended.connect(self._ended)
        self._collection = CollectionHold()
        weakref.finalize(self, self._collection.give_back)

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
        number = next(self._numbers)
        self._jobs[number] = _Job(fn, on_done, on_error, context, blocking_io)
        if len(self._jobs) == 1:
            self.busy_changed.emit(True)
        self._collection.take()
        (self._io if blocking_io else self._db).start(_work(self._jobs, number, self._relay))

    @Slot(int)
    def _ended(self, number: int) -> None:
        job = self._jobs.pop(number)
        ((ok, payload),) = job.outcome
        if not self._jobs:
            self.busy_changed.emit(False)
            self._collect_again_when_idle()
        if not job.blocking_io:
            self.store_task_done.emit()
        alive = job.context is None or shiboken6.isValid(job.context)
        if ok:
            if job.on_done is not None and alive:
                job.on_done(payload)
        elif job.on_error is not None:
            if alive:
                job.on_error(payload)
        else:
            log.error("background task failed: %s", payload)

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def wait(self, msecs: int = 30000) -> bool:
        """Wait for every running task (on close); True when all finished."""
        done = self._db.waitForDone(msecs) and self._io.waitForDone(msecs)
        if done:
            self._collection.give_back()
        return done

    @Slot()
    def _collect_again_when_idle(self) -> None:
        """Give automatic collection back once no worker runs Python: a worker that emitted
        its job's end is still returning (and letting go of its callable) for a moment."""
        if self._jobs:
            return
        if self._db.activeThreadCount() or self._io.activeThreadCount():
            QTimer.singleShot(1, self, self._collect_again_when_idle)
        else:
            self._collection.give_back()
