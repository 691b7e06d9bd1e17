"""Files under the top-level resources/ folder (the console's; found as app/resources.py does)."""

from __future__ import annotations

from app.resources import resource_path

__all__ = ["resource_path"]
