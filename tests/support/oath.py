"""Debian's oathtool: an independent TOTP implementation to check ours against."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime

import pytest


def oathtool_code(seed: str, at: datetime) -> str:
    """The TOTP code oathtool computes for ``seed`` at ``at``."""
    found = shutil.which("oathtool")
    if found is None:
        if os.environ.get("CI") or os.environ.get("IAMDESK_REQUIRE_ALL"):
            pytest.fail("oathtool is missing: `make test` installs the Debian package oathtool")
        pytest.skip("oathtool not installed (make test installs it)")
    out = subprocess.run(
        [found, "--totp", "-b", seed, "--now", at.strftime("%Y-%m-%d %H:%M:%S UTC")],
        check=True,
        capture_output=True,
        text=True,
        timeout=10,
    )
    return out.stdout.strip()
