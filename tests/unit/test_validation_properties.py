"""Property tests for input validation: what is accepted has the documented form."""

from __future__ import annotations

import re
import string
import unicodedata

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.domain.contacts import email_key, normalize_email, normalize_mobile
from app.domain.login_policy import LoginPolicy
from app.domain.names import (
    FORBIDDEN_CATEGORIES,
    validate_description,
    validate_display_name,
    validate_key_name,
    validate_user_name,
)
from app.domain.password_policy import PasswordPolicy, check_password
from app.errors import PolicyViolationError, ValidationError

USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")


@given(st.text(max_size=80))
def test_accepted_user_names_have_the_documented_form(value: str) -> None:
    try:
        name = validate_user_name(value)
    except ValidationError as exc:
        assert exc.field == "name" and "\n" not in str(exc)
        return
    assert USER_NAME.fullmatch(name)
    assert validate_user_name(name) == name  # idempotent


@given(st.from_regex(USER_NAME, fullmatch=True))
def test_every_name_of_the_documented_form_is_accepted(value: str) -> None:
    assert validate_user_name(value) == value


@given(st.text(max_size=80))
def test_key_names_are_letters_digits_dash_underscore(value: str) -> None:
    try:
        name = validate_key_name(value)
    except ValidationError:
        return
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", name)


@given(st.text(max_size=300))
def test_free_text_is_bounded_and_has_no_control_characters(value: str) -> None:
    for check, limit in ((validate_display_name, 64), (validate_description, 255)):
        try:
            text = check(value)
        except ValidationError:
            continue
        assert len(text) <= limit
        assert not any(unicodedata.category(c) in FORBIDDEN_CATEGORIES for c in text)


@given(st.emails())
def test_valid_emails_normalise_idempotently(value: str) -> None:
    try:
        first = normalize_email(value)
    except ValidationError:
        assume(False)  # hypothesis' generator allows forms email-validator rightly refuses
        return
    assert normalize_email(first) == first
    assert email_key(first) == email_key(first.upper())


@given(st.text(max_size=60))
def test_email_errors_are_one_line(value: str) -> None:
    try:
        normalize_email(value)
    except ValidationError as exc:
        assert exc.field == "email" and "\n" not in str(exc)


@given(
    st.sampled_from(["+8613800138000", "+14155552671", "+442079460958", "+33612345678"]),
    st.sampled_from(["", " ", "-", "(", ")"]),
)
def test_mobiles_normalise_to_e164_whatever_the_spacing(number: str, sep: str) -> None:
    spaced = number[:3] + sep + number[3:7] + sep + number[7:]
    assert normalize_mobile(spaced) == number
    assert normalize_mobile("00" + number[1:]) == number


@given(st.text(alphabet=string.digits + "+ -()", max_size=40))
def test_accepted_mobiles_are_e164(value: str) -> None:
    try:
        mobile = normalize_mobile(value)
    except ValidationError as exc:
        assert exc.field == "mobile"
        return
    assert re.fullmatch(r"\+[1-9]\d{6,14}", mobile)
    assert normalize_mobile(mobile) == mobile


@given(st.text(min_size=1, max_size=120))
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_policy_accepts_only_long_enough_passwords_and_never_echoes(password: str) -> None:
    policy = PasswordPolicy(history=0)
    try:
        check_password(policy, password, username="alice")
    except PolicyViolationError as exc:
        assert exc.field == "password"
        if len(password) >= 4:
            assert password not in str(exc)
        return
    assert len(unicodedata.normalize("NFKC", password)) >= policy.min_length


@given(
    st.dictionaries(
        st.sampled_from(
            ["min_length", "history", "min_char_types", "max_failures", "lock_minutes"]
        ),
        st.integers(-5, 5000),
        max_size=3,
    )
)
def test_policy_knobs_out_of_range_are_refused(knobs: dict[str, int]) -> None:
    password_knobs = {
        k: v for k, v in knobs.items() if k in ("min_length", "history", "min_char_types")
    }
    login_knobs = {k: v for k, v in knobs.items() if k in ("max_failures", "lock_minutes")}
    for cls, values in ((PasswordPolicy, password_knobs), (LoginPolicy, login_knobs)):
        try:
            policy = cls.from_dict(values)
        except ValidationError as exc:
            assert exc.field in values
            continue
        assert cls.from_dict(policy.to_dict()) == policy


def test_unknown_policy_knob_is_named() -> None:
    with pytest.raises(ValidationError, match="min_lenght"):
        PasswordPolicy.from_dict({"min_lenght": 9})
