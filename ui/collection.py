"""Reference cycles are collected on the GUI thread, never on a worker.

CPython collects cycles on whichever thread allocates past its threshold. On the store worker
such a collection once freed a cycle that held Qt objects: ``~QObject`` ran on the worker and
waited for a Qt lock with the interpreter lock released, and the GUI thread then read a dict
that the collection was tearing down (a segfault in ``tests/ui/test_user_list_tools.py``,
caught under gdb: the worker in ``gc_collect_main`` → ``QObject::~QObject``, the GUI thread in
``PyDict_GetItem``). So while a task runner has a worker running Python, the interpreter
collects nothing by itself; once every worker is idle it collects again, and then only the
GUI thread runs Python. Reference counting still frees everything that is not in a cycle.

The switch is process-wide (there is one collector), so it is counted: automatic collection
comes back when the last holder lets go, and only if it was on before the first took it.
"""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_holders = 0
_was_enabled = True


def _take() -> None:
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1


def _give_back() -> None:
    global _holders
    with _lock:
        _holders -= 1
        if _holders == 0 and _was_enabled:
            gc.enable()


class CollectionHold:
    """One runner's claim on the collector: taken before a worker runs Python, given back
    once none does. Taking or giving back twice is the same as once."""

    def __init__(self) -> None:
        self.held = False

    def take(self) -> None:
        if not self.held:
            self.held = True
            _take()

    def give_back(self) -> None:
        if self.held:
            self.held = False
            _give_back()
