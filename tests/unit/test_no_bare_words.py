"""`grep` for the product's words: outside app/domain (and the translation catalogue) no
status, mode or method is compared with, or stored as, a bare string; code uses the enums of
app/domain/vocabulary.py."""

from __future__ import annotations

import ast
from pathlib import Path

from app.domain.vocabulary import (
    AccessKeyStatus,
    KeySource,
    LoginProtection,
    MfaState,
    OutboxStatus,
    PasswordOrigin,
    ResetMode,
    UserStatus,
)

ROOT = Path(__file__).resolve().parents[2]
WORDS = {
    str(w)
    for enum in (
        UserStatus,
        LoginProtection,
        ResetMode,
        PasswordOrigin,
        MfaState,
        AccessKeyStatus,
        OutboxStatus,
        KeySource,
    )  # fmt: skip
    for w in enum
} - {"none", "email", "off"}  # too common as plain words; caught through the names below
# Attributes and keywords that hold one of the words.
HOLDERS = {
    "status", "state", "login_protection", "password_origin", "origin", "mode", "method",
    "key_source",
}  # fmt: skip
ALL_WORDS = WORDS | {"none", "email", "off"}


def _is_word(node: ast.AST, words: set[str]) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in words


def _names(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def findings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        hit = None
        if isinstance(node, ast.Compare):
            parts = [node.left, *node.comparators]
            holder = any(_names(p) in HOLDERS for p in parts)
            for part in parts:
                items = part.elts if isinstance(part, ast.Tuple | ast.List | ast.Set) else [part]
                for item in items:
                    if _is_word(item, ALL_WORDS if holder else WORDS):
                        hit = item.value  # type: ignore[attr-defined]
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if (
                    isinstance(key, ast.Constant)
                    and key.value in HOLDERS
                    and _is_word(value, ALL_WORDS)
                ):
                    hit = value.value  # type: ignore[attr-defined]
        elif isinstance(node, ast.keyword) and node.arg in HOLDERS | {"default"}:
            if _is_word(node.value, ALL_WORDS):
                hit = node.value.value  # type: ignore[attr-defined]
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(_names(t) in HOLDERS for t in targets) and node.value is not None:
                if _is_word(node.value, ALL_WORDS):
                    hit = node.value.value  # type: ignore[attr-defined]
        if hit is not None:
            line = getattr(node, "lineno", 0)
            found.append(f"{path.relative_to(ROOT)}:{line}: {hit!r}")
    return found


def test_no_bare_status_mode_or_method_words_outside_the_domain() -> None:
    files = [
        p
        for folder in ("app", "ui", "portal")
        if (ROOT / folder).exists()
        for p in sorted((ROOT / folder).rglob("*.py"))
        if "domain" not in p.relative_to(ROOT).parts and "migrations" not in p.parts
    ]
    bad = [line for path in files for line in findings(path)]
    assert not bad, "\n".join(bad)


def test_the_check_finds_a_bare_word(tmp_path: Path) -> None:
    sample = ROOT / "tests" / "unit" / "_bare_word_sample.py"
    sample.write_text('if user.status == "enabled" or mode in ("auto", "x"):\n    state = "none"\n')
    try:
        assert len(findings(sample)) == 3
    finally:
        sample.unlink()
