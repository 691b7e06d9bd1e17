"""A profiled server for the benchmarks' ``--profile FILE``: uvicorn factories that wrap the
real ones in yappi (CPU time, every thread: the event loop and the thread pool), and save
the profile as FILE.<pid> (pstats format: ``python -m pstats FILE.<pid>``) when it stops.

yappi is not a dependency of the project: ``.venv/bin/pip install yappi`` before profiling.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI

ENV_PROFILE = "IAMDESK_BENCH_PROFILE"


def _profiled(app: FastAPI) -> FastAPI:
    """Profile from now on; save at the lifespan's end (uvicorn ends a SIGTERM'd process by
    the signal itself, so atexit would never run)."""
    import yappi

    path = os.environ[ENV_PROFILE]
    original = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(served: Any) -> AsyncIterator[Any]:
        async with original(served) as state:
            yield state
        yappi.stop()
        yappi.get_func_stats().save(f"{path}.{os.getpid()}", type="pstat")

    app.router.lifespan_context = lifespan
    yappi.set_clock_type("cpu")
    yappi.start(builtins=True)
    return app


def portal() -> FastAPI:
    """``iamdesk-portal``'s app (portal.app.from_env), profiled."""
    from portal.app import from_env

    return _profiled(from_env())


def api() -> FastAPI:
    """benchmarks/api.py's server, profiled."""
    from benchmarks.api import create_app

    return _profiled(create_app())
