"""`iamdesk`: loads the slow modules in the order that starts the console fastest, then runs it
(ui.console).

Start-up time is a target (a populated list within 0.6 s of launch, benchmarks/gui_users.py).
Once PySide6 is imported, its ``__feature__`` import hook reads the source of every module
imported after it, which costs a tenth of a second over SQLAlchemy, the service layer and a
database driver. So they are imported first, and Qt after them.
"""

from __future__ import annotations

import sys
from contextlib import suppress


def load_before_qt() -> None:
    """Import the service layer and the store's database driver. A host that imports Qt itself
    (a test, a benchmark) calls this first to start as fast as the command does."""
    import app.services  # noqa: F401
    from app.config import Settings
    from app.store.db import load_driver

    with suppress(Exception):  # a bad store URL is reported when the console opens the store
        load_driver(Settings.from_env().database_url)


def main(argv: list[str] | None = None) -> int:
    """Start IAM Desk; reuses a running QApplication when there is one."""
    # Qt and the console read the program name from args[0]: an empty list gets ours.
    args = list(sys.argv if argv is None else argv) or ["iamdesk"]
    if "--version" in args[1:]:
        from app import __version__

        print(f"iamdesk {__version__}")
        return 0
    load_before_qt()
    from ui.console import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
