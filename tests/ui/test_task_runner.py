"""The task runner: every answer comes back on the GUI thread, and nothing of a job stays."""

from __future__ import annotations

import gc

from PySide6.QtCore import QEvent, QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.helpers import WAIT
from ui import tasks
from ui.tasks import TaskRunner

JOBS = 600


def _left_behind() -> int:
    """Python objects of the runner's own making still alive (its relays and jobs)."""
    gc.collect()
    return sum(1 for o in gc.get_objects() if getattr(type(o), "__module__", None) == tasks.__name__
               and not isinstance(o, TaskRunner))  # fmt: skip


def test_answers_arrive_on_the_gui_thread_and_no_job_is_left_behind(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    gui = QThread.currentThread()
    answers: list[int] = []
    refusals: list[str] = []  # the text only: an exception keeps its frames alive
    threads: set[bool] = set()

    def remember(value: int) -> None:
        threads.add(QThread.currentThread() is gui)
        answers.append(value)

    def refuse(n: int) -> int:
        raise ValueError(n)

    before = _left_behind()
    for n in range(JOBS):  # both pools, answers and refusals
        if n % 5 == 0:
            runner.run(lambda n=n: refuse(n), None, lambda e: refusals.append(str(e)))
        else:
            runner.run(lambda n=n: n, remember, blocking_io=n % 3 == 0)
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT)
    assert runner.wait(WAIT)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    assert sorted(answers) == [n for n in range(JOBS) if n % 5]
    assert sorted(int(e) for e in refusals) == list(range(0, JOBS, 5))
    assert threads == {True}
    # A Python QRunnable deleted by its pool on a worker thread left about one job in eight
    # (and its relay) alive for good: a console open for a day piled them up.
    assert _left_behind() == before
