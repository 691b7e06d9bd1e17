"""Frozen entry of `iamdesk`: the GUI (ui.main:main)."""

from __future__ import annotations

import sys

from ui.main import main

if __name__ == "__main__":
    sys.exit(main())
