"""The console shows a refusal in its language: the code's sentence through the Qt catalogue,
with the refusal's parameters."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from app.errors import NotFoundError, PolicyViolationError, PreconditionError
from app.messages import CATALOGUE
from ui.widgets.inline_error import message_of, sentence


def test_english_console_shows_the_catalogue_sentence(qapp: QApplication) -> None:
    error = NotFoundError(code="user.not_found", name="bob")
    assert message_of(error) == "There is no user named 'bob'"  # a sentence: a capital


def test_chinese_console_shows_chinese_refusals(chinese: None) -> None:
    assert message_of(NotFoundError(code="user.not_found", name="bob")) == "不存在名为“bob”的用户"
    short = PolicyViolationError(code="password.too_short", min=12, length=5)
    assert message_of(short) == "密码至少需要 12 个字符；当前为 5 个"
    untranslated = [
        code
        for code in CATALOGUE
        if message_of(PreconditionError(code=code)) == sentence(CATALOGUE[code])
    ]
    assert not untranslated, untranslated


def test_the_words_in_a_sentence_are_translated_too(chinese: None) -> None:
    from app.errors import ValidationError

    error = ValidationError(code="name.empty", what="user name", form="a-z")
    assert message_of(error) == "用户名为空：请使用 a-z"
    # a parameter that is not a word slot stays as typed, even when it spells a word
    assert "“email”" in message_of(NotFoundError(code="user.not_found", name="email"))


def test_a_plain_sentence_shows_as_it_is(chinese: None) -> None:
    assert message_of(PreconditionError("something only in English")) == (
        "Something only in English"
    )
