"""The password policy: Huawei IAM's knobs with NIST SP 800-63B-minded defaults."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from typing import Any

from app.errors import PolicyViolationError, ValidationError
from app.security.passwords import CHARACTER_TYPES, normalize_password, verify_password

_BOUNDS: dict[str, tuple[int, int]] = {
    "min_length": (6, 64),
    "max_length": (64, 1024),
    "min_char_types": (1, 4),
    "max_repeated_chars": (0, 32),
    "history": (0, 24),
    "max_age_days": (0, 3650),
    "min_age_days": (0, 365),
}
_BOOLEANS = ("forbid_username", "check_blocklist")


@dataclass(frozen=True)
class PasswordPolicy:
    """What a new password must satisfy. Defaults follow NIST: length over composition,
    no periodic expiry, a blocklist of common passwords.

    ``max_repeated_chars`` 0 means off; ``history`` N forbids the last N passwords;
    ``max_age_days``/``min_age_days`` 0 mean off.
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
        for name, (low, high) in _BOUNDS.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ValidationError(
                    f"password policy {name} must be a whole number from {low} to {high}; "
                    f"got {value!r}",
                    field=name,
                )
        for name in _BOOLEANS:
            if not isinstance(getattr(self, name), bool):
                raise ValidationError(f"password policy {name} must be true or false", field=name)
        if self.min_length > self.max_length:
            raise ValidationError(
                "password policy min_length cannot exceed max_length", field="min_length"
            )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PasswordPolicy:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValidationError(
                f"unknown password policy setting {unknown[0]!r}; known: "
                f"{', '.join(sorted(known))}",
                field=unknown[0],
            )
        return cls(**data)


@lru_cache(maxsize=1)
def _blocklist() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(p.lower() for p in FREQUENCY_LISTS["passwords"])


def _is_trivial(password: str) -> bool:
    """All one character, or a run up or down an alphabet or the digits ("abcdef", "98765")."""
    lowered = password.lower()
    if len(set(lowered)) == 1:
        return True
    steps = {ord(b) - ord(a) for a, b in zip(lowered, lowered[1:], strict=False)}
    return len(steps) == 1 and steps <= {1, -1}


def _longest_run(password: str) -> int:
    longest = current = 1
    for a, b in zip(password, password[1:], strict=False):
        current = current + 1 if a == b else 1
        longest = max(longest, current)
    return longest


def check_password(
    policy: PasswordPolicy,
    password: str,
    *,
    username: str,
    context_words: Iterable[str] = (),
    previous_hashes: Sequence[str] = (),
) -> None:
    """Raise PolicyViolationError (one line, never the password) unless it may be used."""
    pw = normalize_password(password)
    length = len(pw)  # code points, after NFKC
    if length < policy.min_length:
        raise PolicyViolationError(
            f"the password must be at least {policy.min_length} characters; it has {length}",
            field="password",
        )
    if length > policy.max_length:
        raise PolicyViolationError(
            f"the password may have at most {policy.max_length} characters; it has {length}",
            field="password",
        )
    if any(unicodedata.category(c) == "Cc" for c in pw):
        raise PolicyViolationError(
            "the password may not contain control characters", field="password"
        )
    types = sum(any(test(c) for c in pw) for test in CHARACTER_TYPES.values())
    if types < policy.min_char_types:
        raise PolicyViolationError(
            f"the password must mix at least {policy.min_char_types} of: "
            f"{', '.join(CHARACTER_TYPES)}; it has {types}",
            field="password",
        )
    if policy.max_repeated_chars and _longest_run(pw) > policy.max_repeated_chars:
        raise PolicyViolationError(
            f"the password may repeat a character at most {policy.max_repeated_chars} times "
            "in a row",
            field="password",
        )
    lowered = pw.lower()
    if policy.forbid_username and username:
        name = username.lower()
        if name in lowered or name[::-1] in lowered:
            raise PolicyViolationError(
                "the password may not contain the user name or the user name reversed",
                field="password",
            )
    for word in context_words:
        if word and len(word) >= 4 and word.lower() in lowered:
            raise PolicyViolationError(
                f"the password may not contain {word!r}; choose something unrelated",
                field="password",
            )
    if policy.check_blocklist:
        stripped = re.sub(r"[\d\W_]+$", "", lowered)  # "password123!" is still "password"
        if lowered in _blocklist() or (
            len(stripped) >= 4 and stripped in _blocklist() and len(stripped) >= length - 4
        ):
            raise PolicyViolationError(
                "the password is on the list of commonly used passwords; choose another",
                field="password",
            )
        if _is_trivial(pw):
            raise PolicyViolationError(
                "the password is a repeated or sequential pattern; choose another", field="password"
            )
    for stored in previous_hashes[: max(policy.history, 0)]:
        if verify_password(stored, pw):
            raise PolicyViolationError(
                f"the password was used recently; choose one not among the last {policy.history}",
                field="password",
            )


def describe(policy: PasswordPolicy) -> list[str]:
    """Human-readable lines for the UI and `iamctl policy show`."""
    lines = [
        f"{policy.min_length} to {policy.max_length} characters (any, including spaces and emoji)"
    ]
    if policy.min_char_types > 1:
        lines.append(f"at least {policy.min_char_types} of: {', '.join(CHARACTER_TYPES)}")
    if policy.max_repeated_chars:
        lines.append(f"no character more than {policy.max_repeated_chars} times in a row")
    if policy.forbid_username:
        lines.append("must not contain the user name or its reverse")
    if policy.check_blocklist:
        lines.append("must not be a commonly used password or a simple pattern")
    if policy.history:
        lines.append(f"must differ from the last {policy.history} password(s)")
    if policy.max_age_days:
        lines.append(f"expires after {policy.max_age_days} days")
    if policy.min_age_days:
        lines.append(f"can be changed again after {policy.min_age_days} days")
    return lines
