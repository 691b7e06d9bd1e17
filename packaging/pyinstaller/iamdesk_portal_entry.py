"""Frozen entry of `iamdesk-portal`: the user portal's server (portal.cli:main)."""

from __future__ import annotations

import multiprocessing
import sys

if __name__ == "__main__":
    # uvicorn starts --workers N with multiprocessing's spawn: in a frozen program each child
    # runs this script again, and freeze_support() turns it into the worker, not a second
    # server.
    multiprocessing.freeze_support()
    from portal.cli import main

    sys.exit(main())
