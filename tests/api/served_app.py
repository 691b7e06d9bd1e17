"""The API app for a multi-worker uvicorn (``--factory``): the store from IAMDESK_* and the
test clock's offset from IAMDESK_TEST_CLOCK_OFFSET (seconds)."""

from __future__ import annotations

import os

from fastapi import FastAPI

from app.config import Settings
from app.services import Services
from tests.api.conftest import OffsetClock, build_app


def create() -> FastAPI:
    clock = OffsetClock()
    clock.advance(seconds=float(os.environ.get("IAMDESK_TEST_CLOCK_OFFSET", "0")))
    return build_app(Services.open(Settings.from_env(), clock=clock, upgrade=False))
