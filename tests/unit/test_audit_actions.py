"""Every action the services record is an ``AuditAction`` (the console's words are keyed by
them), and the console has words for every one."""

from __future__ import annotations

import ast
from pathlib import Path

from app.domain.audit_actions import AuditAction

ROOT = Path(__file__).resolve().parents[2]
# Constants that name an action: module-level NAME = "x.y" used as an action.
ACTION_CONSTANTS = {"SIGN_IN", "SECOND_FACTOR", "LOCK_ACTION", "MARKER_ACTION"}


def _literal_actions() -> set[str]:
    """Actions as written where the code records them: uow.audit(actor, ACTION, ...),
    audit_failure(action=...), AuditEntry(actor, ACTION, ...), account._update(actor, ACTION),
    the import's and the constants above."""
    found: set[str] = set()
    for path in sorted((ROOT / "app").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {
            node.targets[0].id: node.value.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign) and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name) and node.targets[0].id in ACTION_CONSTANTS
            and isinstance(node.value, ast.Constant)
        }  # fmt: skip
        found.update(constants.values())
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(
                node.func, "id", "")  # fmt: skip
            candidates: list[ast.AST] = []
            if name in ("audit", "AuditEntry", "_update") and len(node.args) >= 2:
                candidates.append(node.args[1])
            candidates += [k.value for k in node.keywords if k.arg == "action"]
            for arg in candidates:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add(arg.value)
                elif isinstance(arg, ast.JoinedStr):  # f"user.{...}": both endings
                    head = "".join(str(v.value) for v in arg.values if isinstance(v, ast.Constant))
                    found.update(a.value for a in AuditAction if a.value.startswith(head))
    return {a for a in found if "." in a and " " not in a}


def test_every_recorded_action_is_an_audit_action() -> None:
    recorded = _literal_actions()
    assert len(recorded) >= 35
    assert recorded <= {a.value for a in AuditAction}, recorded - {a.value for a in AuditAction}
    assert "user.import" in {a.value for a in AuditAction}


def test_the_console_has_words_for_every_action() -> None:
    from ui.pages.audit_words import ACTION_LABELS

    assert set(ACTION_LABELS) == set(AuditAction)
