"""Frozen entry of `iamdesk-portal`: the user portal's server (portal.cli:main)."""

from __future__ import annotations

import sys

from portal.cli import main

if __name__ == "__main__":
    sys.exit(main())
