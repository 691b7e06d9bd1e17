"""The password policy: Huawei IAM's knobs with NIST SP 800-63B-minded defaults."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import Any, NoReturn

from app.errors import PolicyViolationError, ValidationError
from app.security.passwords import normalize_password, verify_password

# Allowed range of each whole-number knob. min_length: Huawei IAM allows 6, NIST asks for 8
# (the default). max_length: NIST asks that at least 64 be allowed. history: 24 is the most
# that app/services keeps. Ages are in days; 0 turns the rule off.
KNOB_BOUNDS: dict[str, tuple[int, int]] = {
    "min_length": (6, 64),
    "max_length": (64, 1024),
    "min_char_types": (1, 4),
    "max_repeated_chars": (0, 32),
    "history": (0, 24),
    "max_age_days": (0, 3650),
    "min_age_days": (0, 365),
}
BOOLEAN_KNOBS = ("forbid_username", "check_blocklist")

CHARACTER_TYPES = ("lowercase letters", "uppercase letters", "digits", "symbols")
_TYPE_OF_CATEGORY = {"Ll": 0, "Lu": 1, "Lt": 1, "Nd": 2}  # anything else is a symbol

# Control characters, lone surrogates and unassigned code points: not typable, and the NFKC
# form of an unassigned code point may change with a later Unicode version.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Cn"})
# Names shorter than this are not looked for (a user named "al" could use almost nothing).
_MIN_WORD = 3
_MIN_COMMON_CORE = 4  # the shortest entry of the common-password list
_MAX_REPEATED_UNIT = 4  # "abababab", "123123123", "abcdabcd" are repetitive
_EDGE_DECORATION = re.compile(r"^[\W\d_]+|[\W\d_]+$")  # "2024password!!" -> "password"


@dataclass(frozen=True)
class PasswordPolicy:
    """What a new password must satisfy; stored as JSON in the account settings.

    Defaults follow NIST SP 800-63B: length over composition rules, no periodic expiry, a
    blocklist. Lengths count code points after NFKC; ``KNOB_BOUNDS`` gives each range.

    Args:
        min_length: fewest characters (6-64, default 8).
        max_length: most characters (64-1024, default 256).
        min_char_types: how many of lowercase, uppercase, digits, symbols (1-4, default 1).
        max_repeated_chars: most times one character may appear in a row (0 = no limit).
        forbid_username: refuse the user name or its reverse inside the password.
        history: the password may not be one of the last N (0-24, default 1).
        max_age_days: the password expires this long after it is set (0 = never).
        min_age_days: the password may not be changed again sooner (0 = any time).
        check_blocklist: refuse common passwords, repeated or sequential patterns and words
            tied to the account (its name, the product's name).

    Raises:
        ValidationError: a knob is out of range; ``field`` names it.
    """

    min_length: int = 8
    max_length: int = 256
    min_char_types: int = 1
    max_repeated_chars: int = 0
    forbid_username: bool = True
    history: int = 1
    max_age_days: int = 0
    min_age_days: int = 0
    check_blocklist: bool = True

    def __post_init__(self) -> None:
        # min_length's top (64) is max_length's floor, so the two can never cross.
        for name, (low, high) in KNOB_BOUNDS.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ValidationError(
                    code="policy.out_of_range",
                    field=name,
                    policy="password",
                    setting=name,
                    low=low,
                    high=high,
                    value=repr(value),
                )
        for name in BOOLEAN_KNOBS:
            value = getattr(self, name)
            if not isinstance(value, bool):
                raise ValidationError(
                    code="policy.not_bool",
                    field=name,
                    policy="password",
                    setting=name,
                    value=repr(value),
                )
        if self.max_age_days and self.min_age_days >= self.max_age_days:
            raise ValidationError(
                code="policy.min_age",
                field="min_age_days",
                max=self.max_age_days,
                min=self.min_age_days,
            )

    def to_dict(self) -> dict[str, Any]:
        """The knobs as a JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PasswordPolicy:
        """The policy from stored JSON; missing knobs take their defaults."""
        if not isinstance(data, Mapping):
            raise ValidationError(
                code="policy.not_object", field="password_policy", policy="password"
            )
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValidationError(
                code="policy.unknown_setting",
                field=str(unknown[0]),
                policy="password",
                setting=str(unknown[0]),
                known=", ".join(sorted(known)),
            )
        return cls(**data)


def check_password(
    policy: PasswordPolicy,
    password: str,
    *,
    username: str,
    context_words: Iterable[str] = (),
    previous_hashes: Sequence[str] = (),
) -> None:
    """Refuse a new password that breaks ``policy``.

    Args:
        username: the user the password is for.
        context_words: words tied to the account (its name, "iamdesk"), refused inside it.
        previous_hashes: the user's stored hashes, newest first; the first ``history`` count.

    Raises:
        PolicyViolationError: one line saying which rule failed; it never contains the password.
    """
    pw = normalize_password(password)
    length = len(pw)  # code points, after NFKC
    if length < policy.min_length:
        _refuse("password.too_short", min=policy.min_length, length=length)
    if length > policy.max_length:
        _refuse("password.too_long", max=policy.max_length, length=length)
    if any(unicodedata.category(c) in _REFUSED_CATEGORIES for c in pw):
        _refuse("password.control_chars")
    types = len(character_types(pw))
    if types < policy.min_char_types:
        _refuse(
            "password.too_few_types",
            min=policy.min_char_types,
            types=", ".join(CHARACTER_TYPES),
            count=types,
        )
    run = longest_run(pw)
    if policy.max_repeated_chars and run > policy.max_repeated_chars:
        _refuse("password.repeated", max=policy.max_repeated_chars, run=run)
    variants = _variants(pw)
    if policy.forbid_username and _contains_name(variants, username):
        _refuse("password.contains_name")
    if policy.check_blocklist:
        if any(_contains_word(variants, word) for word in context_words):
            _refuse("password.contains_context")
        if is_common_password(pw):
            _refuse("password.common")
        if is_trivial_pattern(pw):
            _refuse("password.pattern")
    for stored in previous_hashes[: policy.history]:
        if verify_password(stored, pw):
            if policy.history == 1:
                _refuse("password.reused_last")
            _refuse("password.reused", count=policy.history)


def describe(policy: PasswordPolicy) -> list[str]:
    """The rules in plain words, one per line, for the UI and `iamctl policy show`."""
    lines = [
        f"{policy.min_length} to {policy.max_length} characters; every character counts, "
        "spaces and emoji included"
    ]
    if policy.min_char_types > 1:
        kinds = "all" if policy.min_char_types == len(CHARACTER_TYPES) else "at least"
        lines.append(
            f"{kinds} {policy.min_char_types} of: {', '.join(CHARACTER_TYPES)} "
            "(a symbol is any other character, a space included)"
        )
    if policy.max_repeated_chars:
        times = _plural(policy.max_repeated_chars, "time")
        lines.append(f"no character more than {times} in a row")
    if policy.forbid_username:
        lines.append("must not contain the user name or the user name reversed")
    if policy.check_blocklist:
        lines.append(
            "must not be a commonly used password or a repeated or sequential pattern, "
            "and must not contain the account or product name"
        )
    if policy.history:
        lines.append(f"must differ from {_last_passwords(policy.history)}")
    if policy.max_age_days:
        lines.append(f"expires {_plural(policy.max_age_days, 'day')} after it is set")
    else:
        lines.append("never expires")
    if policy.min_age_days:
        lines.append(f"can be changed again {_plural(policy.min_age_days, 'day')} after it is set")
    return lines


def expires_at(policy: PasswordPolicy, set_at: datetime) -> datetime | None:
    """When a password set at ``set_at`` expires; None when passwords never expire."""
    return set_at + timedelta(days=policy.max_age_days) if policy.max_age_days else None


def changeable_at(policy: PasswordPolicy, set_at: datetime) -> datetime:
    """The earliest time the user may change a password set at ``set_at``."""
    return set_at + timedelta(days=policy.min_age_days)


def character_types(password: str) -> frozenset[str]:
    """Which of CHARACTER_TYPES occur in the NFKC form of ``password``."""
    return frozenset(
        CHARACTER_TYPES[_TYPE_OF_CATEGORY.get(unicodedata.category(c), 3)]
        for c in normalize_password(password)
    )


def longest_run(password: str) -> int:
    """The most times one character appears in a row (0 for an empty password)."""
    longest = current = 0
    previous = None
    for c in password:
        current = current + 1 if c == previous else 1
        longest = max(longest, current)
        previous = c
    return longest


def is_common_password(password: str) -> bool:
    """On the common-password list, ignoring case, spaces, and digits or symbols at the ends
    ("Password", "pass word", "Dragon2024!")."""
    common = _common_passwords()
    for variant in _variants(normalize_password(password)):
        core = _EDGE_DECORATION.sub("", variant)
        if variant in common or (len(core) >= _MIN_COMMON_CORE and core in common):
            return True
    return False


def is_trivial_pattern(password: str) -> bool:
    """One short unit repeated ("aaaaaaaa", "abababab") or a run up or down ("abcdefgh",
    "87654321"), ignoring case."""
    lowered = normalize_password(password).lower()
    if len(lowered) < 2:
        return True
    for unit in range(1, min(_MAX_REPEATED_UNIT, len(lowered) // 2) + 1):
        if all(lowered[i] == lowered[i - unit] for i in range(unit, len(lowered))):
            return True
    steps = {ord(b) - ord(a) for a, b in pairwise(lowered)}
    return steps in ({1}, {-1})


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    """zxcvbn's 30,000 most common passwords, loaded once (it takes ~50 ms)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    words = FREQUENCY_LISTS["passwords"]
    if isinstance(words, str):  # older releases keep each list as one comma-separated string
        words = words.split(",")
    return frozenset(word.lower() for word in words)


def _variants(password: str) -> set[str]:
    """The lowercase password, and the same without whitespace."""
    lowered = password.lower()
    return {lowered, "".join(lowered.split())}


def _contains_name(variants: set[str], name: str) -> bool:
    lowered = normalize_password(name).strip().lower()
    return _contains_word(variants, lowered) or _contains_word(variants, lowered[::-1])


def _contains_word(variants: set[str], word: str) -> bool:
    lowered = normalize_password(word).strip().lower()
    return len(lowered) >= _MIN_WORD and any(lowered in v for v in variants)


def _last_passwords(count: int) -> str:
    return "the last password" if count == 1 else f"the last {count} passwords"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _refuse(code: str, **params: Any) -> NoReturn:
    raise PolicyViolationError(code=code, field="password", **params)
