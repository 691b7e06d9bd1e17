"""`iamctl`: the command-line front end on the service layer (ARCHITECTURE §4)."""

from __future__ import annotations

from app.cli.entry import main

__all__ = ["main"]
