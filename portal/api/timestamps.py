"""Timestamps as Keystone and Huawei IAM write them: ``2026-12-02T12:00:00.000000Z``."""

from __future__ import annotations

from datetime import UTC, datetime


def iso(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
