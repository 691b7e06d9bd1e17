"""A profiled server for the benchmarks' ``--profile FILE``: uvicorn factories that wrap the
real ones in yappi (CPU time, every thread: the event loop and the thread pool), and write
the functions that cost the most to FILE when the server stops.

yappi is not a dependency of the project: ``.venv/bin/pip install yappi`` before profiling.
"""

from __future__ import annotations

import atexit
import io
import os
from typing import Any

ENV_PROFILE = "IAMDESK_BENCH_PROFILE"


def _start() -> None:
    import yappi

    yappi.set_clock_type("cpu")
    yappi.start(builtins=True)
    atexit.register(_write, os.environ[ENV_PROFILE])


def _write(path: str) -> None:
    import yappi

    yappi.stop()
    out = io.StringIO()
    stats = yappi.get_func_stats()
    for sort in ("tsub", "ttot"):
        out.write(f"\n=== by {sort} ===\n")
        stats.sort(sort, "desc").print_all(
            out=out,
            columns={0: ("name", 90), 1: ("ncall", 9), 2: ("tsub", 9), 3: ("ttot", 9)},
        )
    with open(f"{path}.{os.getpid()}", "w") as sink:
        sink.write(out.getvalue()[:400_000])


def portal() -> Any:
    """``iamdesk-portal``'s app (portal.app.from_env), profiled."""
    from portal.app import from_env

    _start()
    return from_env()


def api() -> Any:
    """benchmarks/api.py's server, profiled."""
    from benchmarks.api import create_app

    _start()
    return create_app()
