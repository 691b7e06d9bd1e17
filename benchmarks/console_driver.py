"""The console process of benchmarks/gui_users.py: starts IAM Desk through its real entry point
(``ui.main.main``), signs in the moment the sign-in dialog shows, measures, and prints the
results as one ``RESULTS {json}`` line.

The benchmark runs it as ``python -c "...console_driver import main..."``, an imported module,
so that the process holds no more than the iamdesk command does: none of the benchmark's own
modules (argparse, statistics, subprocess...) and no script compiled at every start.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from typing import Any

PASSWORD = "Correct-Horse-Battery-9"
ACCOUNT = "bench"
SEARCHES = ("user012345", "person 4242", "example.com", "+8613800099", "user09")
TIMEOUT_S = 60.0


def main() -> int:
    """Start the console through its real entry point and drive it; print the timings."""
    stamps: dict[str, float] = {}
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.main import load_before_qt
    from ui.main import main as iamdesk_main

    load_before_qt()  # what iamdesk_main does first: this driver imports Qt before calling it
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    import ui.console  # noqa: F401  (imported by iamdesk_main; here, to stamp the time)

    stamps["imported"] = time.monotonic()
    results: dict[str, Any] = {"stamps": stamps}

    class Driver(QObject):
        """Watches windows appear: signs in at once, then measures on the main window."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() != QEvent.Type.Show or not isinstance(watched, QWidget):
                return False
            if watched.objectName() == "signInDialog" and "dialog" not in stamps:
                stamps["dialog"] = time.monotonic()
                QTimer.singleShot(0, lambda: self._sign_in(watched))
            elif watched.objectName() == "mainWindow" and "window" not in stamps:
                stamps["window"] = time.monotonic()
                QApplication.instance().removeEventFilter(self)  # no cost per event from here
                self._watch_list(watched)
            return False

        def _sign_in(self, dialog: Any) -> None:
            dialog.username.setText(ACCOUNT)
            dialog.password.setText(PASSWORD)
            stamps["submitted"] = time.monotonic()
            dialog.sign_in_button.click()

        def _watch_list(self, window: Any) -> None:
            model = window.users.model

            def check() -> None:
                if model.rowCount() > 0 and "populated" not in stamps:
                    window.users.table.viewport().repaint()
                    stamps["populated"] = time.monotonic()
                    QTimer.singleShot(0, lambda: self._measure(window))

            model.loaded.connect(check)
            check()

        def _measure(self, window: Any) -> None:
            try:
                results.update(measure_in_console(window))
            except Exception as exc:  # reported by the parent
                results["error"] = f"{type(exc).__name__}: {exc}"
            QApplication.instance().findChild(QObject, "console").quit()

    app = QApplication(["iamdesk"])
    driver = Driver()
    app.installEventFilter(driver)
    code = iamdesk_main(["iamdesk"])
    print("RESULTS " + json.dumps(results), flush=True)
    return code


def wait_until(done: Callable[[], bool], *signals: Any) -> None:
    """Run the event loop until ``done()``, checked when a signal fires.

    A nested QEventLoop waits in Qt without holding the GIL, as the console does. (A loop of
    processEvents and sleeps would take the GIL from the worker a thousand times a second
    and slow the very queries it times.)"""
    from PySide6.QtCore import QEventLoop, QTimer

    if done():
        return
    loop = QEventLoop()

    def check(*_: Any) -> None:
        if done():
            loop.quit()

    for signal in signals:
        signal.connect(check)
    safety = QTimer()  # for a change no signal tells of
    safety.timeout.connect(check)
    safety.start(50)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    deadline.start(int(TIMEOUT_S * 1000))
    loop.exec()
    safety.stop()
    deadline.stop()
    for signal in signals:
        signal.disconnect(check)
    if not done():
        raise TimeoutError("the console did not answer in time")


def measure_in_console(window: Any) -> dict[str, Any]:
    """Searches and a reset in the running console (called on its GUI thread)."""
    from PySide6.QtCore import QCoreApplication, QObject, Qt
    from PySide6.QtTest import QTest

    page = window.users
    console = QCoreApplication.instance().findChild(QObject, "console")
    services, runner, actor = console.services, console.runner, window.actor

    def idle() -> None:
        wait_until(lambda: not runner.busy and not page.model.loading, runner.busy_changed)

    def until_loaded(action: Callable[[], None]) -> float:
        painted: list[float] = []

        def on_loaded() -> None:  # after the model's reset and the page's own slot
            page.table.viewport().repaint()
            painted.append(time.perf_counter())

        page.model.loaded.connect(on_loaded)
        start = time.perf_counter()
        action()
        wait_until(lambda: bool(painted), page.model.loaded)
        page.model.loaded.disconnect(on_loaded)
        return painted[0] - start

    def set_quietly(text: str) -> None:
        page.search.blockSignals(True)  # typed already, without starting a search
        page.search.setText(text)
        page.search.blockSignals(False)

    enter: dict[str, float] = {}
    typed: dict[str, float] = {}
    for text in SEARCHES:
        idle()
        set_quietly(text)
        enter[text] = until_loaded(lambda: QTest.keyClick(page.search, Qt.Key.Key_Return))
        idle()
        set_quietly("")
        until_loaded(lambda: QTest.keyClick(page.search, Qt.Key.Key_Return))  # the whole list
        idle()
        set_quietly(text[:-1])
        typed[text] = until_loaded(lambda t=text: QTest.keyClick(page.search, t[-1]))
    idle()
    stall = reset_stall(services, runner, actor)
    store: dict[str, float] = {}
    for text in SEARCHES:  # the same query without the GUI, to tell the two apart
        services.users.list(actor, search=text, limit=100)
        start = time.perf_counter()
        services.users.list(actor, search=text, limit=100)
        store[text] = time.perf_counter() - start
    return {"enter": enter, "typed": typed, "stall": stall, "store": store}


def reset_stall(services: Any, runner: Any, actor: Any) -> float:
    """The longest gap between 5 ms heartbeats while a set-now reset hashes on a worker."""
    from PySide6.QtCore import Qt, QTimer

    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(beat)
    finished: list[object] = []
    last[0] = time.perf_counter()
    timer.start(5)
    runner.run(
        lambda: services.passwords.reset(
            actor, "user000001", "set-now", new_password=f"Xylophone-Quartz-{os.getpid()}7"
        ),  # a new password each start: the history rule refuses a recent one
        finished.append,
        finished.append,
    )
    wait_until(lambda: bool(finished), runner.busy_changed)
    timer.stop()
    if isinstance(finished[0], Exception):
        raise finished[0]
    return max(gaps) - 0.005 if gaps else 0.0
