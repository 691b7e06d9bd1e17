"""Files under the top-level resources/ folder, in the source tree and in a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """``resources/<parts…>``: beside the ``app`` package in the development tree, in the
    bundle's unpack folder (``sys._MEIPASS``) when frozen (packaging/pyinstaller/iamdesk.spec
    copies the whole folder there). The console and the portal ship as installers or run from
    the tree (an editable install); a plain wheel carries no resources/."""
    if getattr(sys, "frozen", False):
        root = Path(sys._MEIPASS)  # type: ignore[attr-defined]  # set by PyInstaller
    else:
        root = Path(__file__).resolve().parent.parent
    return root.joinpath("resources", *parts)
