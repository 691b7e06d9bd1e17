"""app/ is the core every front end stands on: it never imports Qt, the console or the
portal (ARCHITECTURE §1)."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
FORBIDDEN = ("PySide6", "shiboken6", "ui", "portal")


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def test_app_never_imports_qt_the_console_or_the_portal() -> None:
    files = sorted(APP.rglob("*.py"))
    assert len(files) > 50
    bad = [
        f"{path.relative_to(APP.parent)}:{line}: {module}"
        for path in files
        for line, module in _imports(path)
        if module.split(".")[0] in FORBIDDEN
    ]
    assert not bad, bad


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom PySide6.QtCore import QObject\nimport ui.main\n")
    assert [m for _, m in _imports(sample)] == ["os", "PySide6.QtCore", "ui.main"]
