"""The task runner: every answer comes back on the GUI thread, and nothing of a job stays."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QEvent, QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.helpers import WAIT
from ui import tasks
from ui.tasks import TaskRunner

JOBS = 600


def _left_behind() -> int:
    """The runner's jobs still alive (each holds its callable, callbacks and outcome)."""
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, tasks._Job))


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


class _Tracked:
    """Notes the thread that destroys it (a widget captured by a job stands for it)."""

    def __init__(self, died_on: list[bool]) -> None:
        self._died_on = died_on

    def __del__(self) -> None:
        self._died_on.append(QThread.currentThread() is QApplication.instance().thread())


def test_what_a_job_holds_dies_on_the_gui_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    """A job's callable closes over widgets; had a worker dropped them last, a widget would
    be destroyed on the worker while the GUI thread handled its events (the CI segfault)."""
    died_on: list[bool] = []
    answers: list[str] = []
    refusals: list[str] = []
    for n in range(40):  # the GUI thread lets go at once, while the job may still run
        held = _Tracked(died_on)
        if n % 4 == 0:
            runner.run(lambda held=held: _refuse(held), None, lambda e: refusals.append(str(e)))
        else:
            runner.run(lambda held=held: type(held).__name__, answers.append,
                       blocking_io=n % 2 == 0)  # fmt: skip
        del held
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT)
    assert runner.wait(WAIT)
    gc.collect()
    assert len(answers) == 30 and len(refusals) == 10
    assert died_on == [True] * 40


def _refuse(held: _Tracked) -> None:
    raise ValueError(type(held).__name__)


def test_a_runner_keeps_the_gui_threads_wait_for_the_interpreter_short(qtbot: QtBot) -> None:
    """Every call from Qt into Python takes the interpreter lock; behind a busy worker each
    could wait a whole switch interval (5 ms by default: the import's 112 ms stalls)."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)  # Python's default, as a console process starts
    try:
        runner = TaskRunner()
        assert sys.getswitchinterval() <= tasks.GIL_SWITCH_S <= 0.001
        runner.deleteLater()
    finally:
        sys.setswitchinterval(before)


class _Cycle(_Tracked):
    """A ``_Tracked`` in a reference cycle: only a collection frees it (Qt objects in a cycle
    stand for it)."""

    def __init__(self, died_on: list[bool]) -> None:
        super().__init__(died_on)
        self.me = self


def test_a_worker_never_collects_reference_cycles(qtbot: QtBot, runner: TaskRunner) -> None:
    """A collection on the store worker once freed Qt objects there, and the GUI thread read
    a dict the collection was tearing down (a segfault): while a worker runs Python, the
    interpreter collects nothing by itself; once the workers are idle it does again."""
    gc.collect()
    assert gc.isenabled()  # no runner left its hold behind
    died_on: list[bool] = []
    answers: list[int] = []
    _Cycle(died_on)  # garbage now, found by the next collection
    # Allocations that would cross the youngest generation's threshold hundreds of times.
    runner.run(lambda: len([(n,) for n in range(200_000)]), answers.append)
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT)
    qtbot.waitUntil(gc.isenabled, timeout=WAIT)
    gc.collect()
    assert answers == [200_000]
    assert died_on == [True]  # collected here (by the interpreter or by us), not on the worker
