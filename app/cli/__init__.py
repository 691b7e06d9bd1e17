"""`iamctl`: the command-line front end on the service layer (ARCHITECTURE §4).

ARCHITECTURE draws it as one module, `app/cli.py`; it is a package because some sixty
commands do not fit one small module: `parser*.py` build the command line, `commands_<noun>.py`
hold the handlers (imported only for the command that runs), `entry.py` turns refusals into
one line and an exit status. `app.cli:main` is the same entry point either way.
"""

from __future__ import annotations

from app.cli.entry import main

__all__ = ["main"]
