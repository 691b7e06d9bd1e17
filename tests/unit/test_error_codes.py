"""Every refusal has a stable code with one English sentence, every code used in app/ is in
the catalogue, and the command line's hints only speak of codes that exist."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from app import errors
from app.cli.refusals import HINTS, as_json, line_for
from app.errors import IamDeskError, NotFoundError, PolicyViolationError, StaleEditError
from app.messages import CATALOGUE, render

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)*$")
USED = re.compile(r"""code=["']([a-z0-9_.]+)["']""")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_codes_are_dotted_words_and_sentences_are_neutral_about_the_front_end() -> None:
    for code, text in CATALOGUE.items():
        assert CODE.match(code), code
        assert text and text == text.strip(), code
        # no command names, flags or CLI quoting in the service's sentences
        assert "iamctl" not in text and "--" not in text and "`" not in text, (code, text)


def test_every_code_raised_in_app_is_in_the_catalogue() -> None:
    used: set[str] = set()
    for path in (ROOT / "app").rglob("*.py"):
        used |= set(USED.findall(path.read_text(encoding="utf-8")))
    assert used, "no raise site uses a code"
    assert not used - set(CATALOGUE), sorted(used - set(CATALOGUE))


def test_every_error_class_default_code_has_a_sentence() -> None:
    classes = [c for c in vars(errors).values() if isinstance(c, type)]
    for cls in classes:
        if issubclass(cls, IamDeskError):
            assert cls.default_code in CATALOGUE, cls


def test_hints_are_for_known_codes_and_name_only_known_parameters() -> None:
    for code, hint in HINTS.items():
        assert code in CATALOGUE, code
        extra = _placeholders(hint) - _placeholders(CATALOGUE[code]) - {"principal"}
        assert not extra, (code, extra)


def test_a_coded_error_renders_its_sentence_with_its_parameters() -> None:
    error = NotFoundError(code="user.not_found", name="alice", field="name")
    assert error.code == "user.not_found"
    assert error.params == {"name": "alice"}
    assert str(error) == "there is no user named 'alice'" == render(error.code, error.params)
    assert error.field == "name" and error.from_catalogue
    # the command line adds its hint at its edge
    assert line_for(error).endswith("check the name with `iamctl user list`")
    assert as_json(error)["error"] == {
        "code": "user.not_found",
        "message": "there is no user named 'alice'",
        "field": "name",
        "hint": "check the name with `iamctl user list`",
    }


def test_a_plain_message_still_works_with_the_class_code() -> None:
    error = PolicyViolationError("too weak", field="password")
    assert (str(error), error.code, error.field) == ("too weak", "policy.violation", "password")
    assert not error.from_catalogue
    assert StaleEditError().code == "edit.stale"
    assert StaleEditError(name="bob").code == "user.stale"
    assert "'bob'" in str(StaleEditError(name="bob"))


def test_a_missing_parameter_does_not_break_the_refusal() -> None:
    assert render("user.not_found", {}) == "there is no user named '{name}'"
    assert render("no.such.code", {}) == "no.such.code"


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_code_has_a_chinese_sentence_with_the_same_parameters(code: str) -> None:
    from tests.unit.ts_catalogue import chinese_errors

    translated = chinese_errors().get(CATALOGUE[code])
    assert translated, f"{code}: no finished zh_CN translation of {CATALOGUE[code]!r}"
    assert _placeholders(translated) == _placeholders(CATALOGUE[code]), code


def test_every_word_that_fills_a_sentence_has_a_chinese_text() -> None:
    from app.messages import WORDS
    from tests.unit.ts_catalogue import chinese_errors

    words = chinese_errors("ErrorWords")
    assert not [w for w in WORDS if not words.get(w)]
