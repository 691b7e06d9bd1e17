"""How a CSV import's worker reports to the console: its progress carried to the GUI thread a
few times a second, and the worker itself at a lower priority while it runs."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, Signal

from app.services.user_import_records import ImportStage

REPORT_EVERY_S = 0.05  # at most 20 progress signals a second reach the GUI thread


@contextmanager
def background_priority() -> Iterator[None]:
    """On Linux, the calling worker thread runs at a lower priority (nice +10) meanwhile, so
    that on a busy machine the GUI thread gets the CPU (and the GIL) first: a long import
    then slows down instead of stalling the window (benchmarks/gui_import.py)."""
    if not sys.platform.startswith("linux"):  # a thread id names a process elsewhere
        yield
        return
    tid = threading.get_native_id()
    try:
        before = os.getpriority(os.PRIO_PROCESS, tid)
        os.setpriority(os.PRIO_PROCESS, tid, min(before + 10, 19))
    except OSError:
        yield
        return
    try:
        yield
    finally:
        try:
            os.setpriority(os.PRIO_PROCESS, tid, before)
        except OSError:  # unprivileged: no way back up; the pool retires idle threads (30 s)
            pass


class ImportProgress(QObject):
    """Carries a worker's progress to the GUI thread, at most every ``REPORT_EVERY_S``
    (a new stage always).

    Signals:
        advanced(str, int, int): stage, done, total (0: not known yet).
    """

    advanced = Signal(str, int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cancel = threading.Event()
        self._last_stage: ImportStage | None = None
        self._last_at = 0.0

    def __call__(self, stage: ImportStage, done: int, total: int) -> None:
        """Called on the worker."""
        now = time.monotonic()
        if stage == self._last_stage and now - self._last_at < REPORT_EVERY_S:
            return
        self._last_stage, self._last_at = stage, now
        self.advanced.emit(stage.value, done, total)
