"""The password policy: knob ranges, JSON round trips, and what check_password refuses."""

from __future__ import annotations

import json
import string
import unicodedata
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.domain.password_policy import (
    BOOLEAN_KNOBS,
    CHARACTER_TYPES,
    KNOB_BOUNDS,
    PasswordPolicy,
    _common_passwords,
    changeable_at,
    character_types,
    check_password,
    describe,
    expires_at,
    is_common_password,
    is_trivial_pattern,
)
from app.errors import PolicyViolationError, ValidationError
from app.security.passwords import hash_password, normalize_password

OPEN = PasswordPolicy(forbid_username=False, check_blocklist=False, history=0)
STRONG = "Velvet-Lynx-Orbit-48"


def refusal(policy: PasswordPolicy, password: str, **kwargs: Any) -> str:
    """The one-line message check_password refuses ``password`` with."""
    kwargs.setdefault("username", "alice")
    with pytest.raises(PolicyViolationError) as caught:
        check_password(policy, password, **kwargs)
    message = str(caught.value)
    assert caught.value.field == "password" and "\n" not in message
    return message


@st.composite
def policies(draw: st.DrawFn) -> PasswordPolicy:
    """Any valid policy."""
    knobs: dict[str, Any] = {
        name: draw(st.integers(low, high)) for name, (low, high) in KNOB_BOUNDS.items()
    }
    knobs.update({name: draw(st.booleans()) for name in BOOLEAN_KNOBS})
    if knobs["max_age_days"]:
        knobs["min_age_days"] = min(knobs["min_age_days"], knobs["max_age_days"] - 1)
    return PasswordPolicy(**knobs)


def test_defaults_follow_nist() -> None:
    policy = PasswordPolicy()
    assert policy.min_length == 8 and policy.max_length == 256
    assert policy.min_char_types == 1  # no composition rules
    assert policy.max_age_days == 0  # no periodic expiry
    assert policy.check_blocklist and policy.forbid_username
    assert (policy.max_repeated_chars, policy.history, policy.min_age_days) == (0, 1, 0)


@given(policies())
def test_policies_survive_a_json_round_trip(policy: PasswordPolicy) -> None:
    stored = json.dumps(policy.to_dict())
    assert PasswordPolicy.from_dict(json.loads(stored)) == policy


def test_missing_knobs_take_their_defaults() -> None:
    assert PasswordPolicy.from_dict({}) == PasswordPolicy()
    assert PasswordPolicy.from_dict({"history": 5}) == PasswordPolicy(history=5)


@given(st.sampled_from(sorted(KNOB_BOUNDS)), st.data())
def test_knobs_out_of_range_are_refused_naming_knob_and_range(
    name: str, data: st.DataObject
) -> None:
    low, high = KNOB_BOUNDS[name]
    value = data.draw(st.integers(max_value=low - 1) | st.integers(min_value=high + 1))
    with pytest.raises(ValidationError) as caught:
        PasswordPolicy.from_dict({name: value})
    assert caught.value.field == name
    assert name in str(caught.value) and f"from {low} to {high}" in str(caught.value)


@given(st.sampled_from(sorted(KNOB_BOUNDS)), st.sampled_from([True, 8.0, "8", None]))
def test_whole_number_knobs_refuse_other_types(name: str, value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        PasswordPolicy.from_dict({name: value})
    assert caught.value.field == name


@given(st.sampled_from(BOOLEAN_KNOBS), st.sampled_from([1, 0, "yes", None]))
def test_yes_no_knobs_refuse_other_types(name: str, value: object) -> None:
    with pytest.raises(ValidationError, match="true or false") as caught:
        PasswordPolicy.from_dict({name: value})
    assert caught.value.field == name


def test_every_knob_in_range_is_accepted_at_its_limits() -> None:
    for name, (low, high) in KNOB_BOUNDS.items():
        for value in (low, high):
            knobs = {name: value}
            if name == "min_age_days":
                knobs["max_age_days"] = 0
            assert getattr(PasswordPolicy.from_dict(knobs), name) == value


def test_minimum_age_must_be_below_maximum_age() -> None:
    with pytest.raises(ValidationError, match="less than max_age_days") as caught:
        PasswordPolicy(max_age_days=30, min_age_days=30)
    assert caught.value.field == "min_age_days"
    assert PasswordPolicy(max_age_days=30, min_age_days=29).min_age_days == 29
    assert PasswordPolicy(max_age_days=0, min_age_days=300).min_age_days == 300


def test_unknown_knobs_and_non_objects_are_refused() -> None:
    with pytest.raises(ValidationError, match="'min_lenght'") as caught:
        PasswordPolicy.from_dict({"min_lenght": 9})
    assert caught.value.field == "min_lenght"
    with pytest.raises(ValidationError, match="object of settings"):
        PasswordPolicy.from_dict([("min_length", 9)])  # type: ignore[arg-type]


def test_policies_are_frozen() -> None:
    with pytest.raises(AttributeError):
        PasswordPolicy().min_length = 4  # type: ignore[misc]


def test_too_short_and_too_long_say_the_limit_and_the_count() -> None:
    assert refusal(PasswordPolicy(), "Kq7#z") == (
        "the password must be at least 8 characters; it has 5"
    )
    assert refusal(PasswordPolicy(min_length=6), "x" * 257 + "Y") == (
        "the password must be at most 256 characters; it has 258"
    )


def test_length_counts_code_points_after_nfkc() -> None:
    policy = OPEN
    check_password(policy, "Kq7#" + "\ufb03" + "zZ", username="alice")  # ﬃ is three letters
    assert refusal(policy, "Kq" + "e\u0301" * 5) == (
        "the password must be at least 8 characters; it has 7"
    )
    check_password(policy, "🔑🚪🌙🐢🎲🧭🪁🍋", username="alice")  # one code point each


@given(policies(), st.text(min_size=1, max_size=90))
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_an_accepted_password_has_an_allowed_length(policy: PasswordPolicy, text: str) -> None:
    try:
        check_password(policy, text, username="alice", context_words=("iamdesk",))
    except PolicyViolationError:
        return
    count = len(unicodedata.normalize("NFKC", text))
    assert policy.min_length <= count <= policy.max_length
    assert len(character_types(text)) >= policy.min_char_types


@given(
    policies(),
    st.text(max_size=30),
    st.sampled_from(string.ascii_uppercase),
    st.text(max_size=30),
    st.text(alphabet=string.ascii_letters + string.digits + "._@-", min_size=1, max_size=20),
)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_refusals_never_contain_the_password(
    policy: PasswordPolicy, head: str, capital: str, tail: str, name: str
) -> None:
    # No message has a capital letter of its own, so one that holds this password echoed it.
    password = head + capital + tail
    policy = PasswordPolicy.from_dict({**policy.to_dict(), "history": 0})
    try:
        check_password(policy, password, username=name, context_words=(password, "iamdesk"))
    except PolicyViolationError as exc:
        assert password not in str(exc)
        assert normalize_password(password) not in str(exc)


@pytest.mark.parametrize(
    ("password", "name", "context"),
    [
        ("Bob-Smith-1999", "Bob-Smith-1999", ()),
        ("9991-htimS-boB", "Bob-Smith-1999", ()),
        ("AcmeCorporationHQ", "alice", ("AcmeCorporationHQ",)),
    ],
)
def test_the_name_a_password_contains_is_not_echoed(
    password: str, name: str, context: tuple[str, ...]
) -> None:
    message = refusal(PasswordPolicy(), password, username=name, context_words=context)
    assert password.lower() not in message.lower()
    assert name.lower() not in message.lower()


@pytest.mark.parametrize(
    ("password", "kinds"),
    [
        ("abcdefghjk", 1),
        ("abcdefgh12", 2),
        ("Abcdefgh12", 3),
        ("Abcdefgh1 ", 4),  # a space is a symbol
        ("ÉCOLEécole7", 3),  # accented letters have case
        ("密碼密碼密碼12", 2),  # letters without case count as symbols
    ],
)
def test_character_types_are_counted_as_documented(password: str, kinds: int) -> None:
    assert len(character_types(password)) == kinds
    check_password(
        PasswordPolicy.from_dict({**OPEN.to_dict(), "min_char_types": kinds}),
        password,
        username="alice",
    )
    if kinds < 4:
        message = refusal(
            PasswordPolicy.from_dict({**OPEN.to_dict(), "min_char_types": kinds + 1}), password
        )
        assert message == (
            f"the password must mix at least {kinds + 1} of: {', '.join(CHARACTER_TYPES)}; "
            f"it has {kinds}"
        )


def test_repeated_characters_are_limited_only_when_asked() -> None:
    password = "Stormmm-Harbour-7"
    check_password(OPEN, password, username="alice")
    limited = PasswordPolicy.from_dict({**OPEN.to_dict(), "max_repeated_chars": 3})
    check_password(limited, password, username="alice")
    stricter = PasswordPolicy.from_dict({**OPEN.to_dict(), "max_repeated_chars": 2})
    assert refusal(stricter, password) == (
        "the password may have the same character at most 2 times in a row; it has 3"
    )


@pytest.mark.parametrize("password", ["my-ALICE-pass9", "ecila-is-here9", "xx alice xx"])
def test_the_user_name_or_its_reverse_is_refused_ignoring_case(password: str) -> None:
    assert "user name" in refusal(PasswordPolicy(), password, username="Alice")
    relaxed = PasswordPolicy(forbid_username=False)
    check_password(relaxed, password, username="Alice")


def test_names_too_short_to_matter_are_not_looked_for() -> None:
    check_password(PasswordPolicy(), "al-paca-Velvet-9", username="al")


def test_context_words_are_refused_with_the_blocklist() -> None:
    message = refusal(PasswordPolicy(), "Acme-Rocket-2024", context_words=("acme", "iamdesk"))
    assert "name tied to this account" in message
    assert "name tied" in refusal(PasswordPolicy(), "my IAMDesk pass", context_words=("iamdesk",))
    check_password(
        PasswordPolicy(check_blocklist=False),
        "Acme-Rocket-2024",
        username="alice",
        context_words=("acme",),
    )


@pytest.mark.parametrize(
    "password",
    [
        "password",
        "PASSWORD",
        "Password2024!",
        "pass word",
        "2024!dragon!",
        "ｐａｓｓｗｏｒｄ",
        "12345678",
    ],
)
def test_common_passwords_are_refused_ignoring_case_spaces_and_decoration(password: str) -> None:
    assert is_common_password(password)
    assert refusal(PasswordPolicy(), password, username="zed") == (
        "the password is on the list of commonly used passwords; choose another"
    )
    check_password(PasswordPolicy(check_blocklist=False), password, username="zed")


@given(
    st.sampled_from(sorted(w for w in _common_passwords() if len(w) >= 8 and w.isalpha())),
    st.sampled_from([str.upper, str.title, str.lower, str.capitalize]),
    st.text(alphabet=string.digits + "!#$%&*", max_size=6),
)
@settings(max_examples=200)
def test_any_common_word_with_digits_or_symbols_added_is_refused(
    word: str, case: Any, suffix: str
) -> None:
    password = case(word) + suffix
    assert is_common_password(password)
    with pytest.raises(PolicyViolationError):
        check_password(PasswordPolicy(), password, username="zed")


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",
        "Velvet-Lynx-Orbit-48",
        "zebra-Umbrella-42",
        "Жёлтый-трамвай-17",
        "Correct-Horse-Battery-9",
    ],
)
def test_uncommon_passwords_are_accepted(password: str) -> None:
    assert not is_common_password(password)
    check_password(PasswordPolicy(), password, username="alice", context_words=("iamdesk",))


@given(st.characters(codec="utf-8", categories=("L", "N", "P", "S")), st.integers(8, 40))
def test_one_character_repeated_is_trivial(char: str, count: int) -> None:
    # A compatibility character may stand for a long unit ("ﷺ" is 18 letters after NFKC).
    assume(len(normalize_password(char).lower()) <= 4)
    assert is_trivial_pattern(char * count)


@given(st.integers(2, 4), st.text(alphabet="abcxyz0189#", min_size=2, max_size=4), st.data())
def test_a_short_unit_repeated_is_trivial(unit: int, text: str, data: st.DataObject) -> None:
    piece = (text * unit)[:unit]
    length = data.draw(st.integers(2 * unit, 40))
    assert is_trivial_pattern((piece * 40)[:length])


@given(
    st.sampled_from([string.ascii_lowercase, string.ascii_uppercase, string.digits]),
    st.integers(8, 26),
    st.integers(0, 25),
    st.booleans(),
)
def test_runs_up_or_down_are_trivial(alphabet: str, length: int, start: int, down: bool) -> None:
    length = min(length, len(alphabet))
    start = min(start, len(alphabet) - length)
    run = alphabet[start : start + length]
    password = run[::-1] if down else run
    assert is_trivial_pattern(password)
    message = refusal(PasswordPolicy(), password, username="zed")
    assert "commonly used" in message or "repeated or sequential" in message


@pytest.mark.parametrize("password", ["Velvet-Lynx-Orbit-48", "abcdefgi", "aaaaaaab", "ab ab ab!"])
def test_almost_patterns_are_not_trivial(password: str) -> None:
    assert not is_trivial_pattern(password)


@pytest.mark.parametrize("char", ["\t", "\n", "\x00", "\x7f", "\ud800", "\U000e0fff"])
def test_control_and_unassigned_characters_are_refused(char: str) -> None:
    message = refusal(OPEN, f"Velvet{char}Lynx-48")
    assert message.startswith("the password may not contain control characters")


def test_recent_passwords_are_refused_up_to_the_history_count() -> None:
    current, older = hash_password("Current-Pass-71"), hash_password("Older-Pass-72")
    previous = [current, older]  # newest first
    one = PasswordPolicy(history=1)
    assert refusal(one, "Current-Pass-71", previous_hashes=previous) == (
        "the password was used recently; choose one that differs from the last password"
    )
    check_password(one, "Older-Pass-72", username="alice", previous_hashes=previous)
    two = PasswordPolicy(history=2)
    assert refusal(two, "Ｏｌｄｅｒ-Pass-72", previous_hashes=previous) == (  # NFKC twin
        "the password was used recently; choose one that differs from the last 2 passwords"
    )
    check_password(
        PasswordPolicy(history=0), "Current-Pass-71", username="alice", previous_hashes=previous
    )


def test_describe_explains_each_rule_in_one_line() -> None:
    lines = describe(PasswordPolicy())
    assert lines[0].startswith("8 to 256 characters")
    assert "never expires" in lines
    assert any("commonly used password" in line for line in lines)
    assert any("user name reversed" in line for line in lines)
    assert any("the last password" in line for line in lines)
    assert not any("of: lowercase" in line for line in lines)

    strict = PasswordPolicy(
        min_length=12,
        max_length=128,
        min_char_types=4,
        max_repeated_chars=2,
        forbid_username=False,
        history=5,
        max_age_days=90,
        min_age_days=1,
        check_blocklist=False,
    )
    lines = describe(strict)
    assert lines[0].startswith("12 to 128 characters")
    assert any(line.startswith("all 4 of: lowercase letters") for line in lines)
    assert "no character more than 2 times in a row" in lines
    assert "must differ from the last 5 passwords" in lines
    assert "expires 90 days after it is set" in lines
    assert "can be changed again 1 day after it is set" in lines
    assert not any("user name" in line or "commonly" in line for line in lines)


@given(policies())
def test_describe_gives_one_line_per_rule(policy: PasswordPolicy) -> None:
    lines = describe(policy)
    assert lines and all(line and "\n" not in line for line in lines)
    assert str(policy.min_length) in lines[0] and str(policy.max_length) in lines[0]


def test_expiry_and_minimum_age_dates() -> None:
    set_at = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    assert expires_at(PasswordPolicy(), set_at) is None
    assert expires_at(PasswordPolicy(max_age_days=90), set_at) == set_at + timedelta(days=90)
    assert changeable_at(PasswordPolicy(), set_at) == set_at
    assert changeable_at(PasswordPolicy(min_age_days=2), set_at) == set_at + timedelta(days=2)


def test_a_strong_password_passes_every_rule_at_once() -> None:
    strictest = PasswordPolicy(min_length=16, min_char_types=4, max_repeated_chars=1, history=2)
    previous = [hash_password("Another-Pass-55")]
    check_password(strictest, STRONG + "q", username="alice", previous_hashes=previous)
