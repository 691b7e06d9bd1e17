"""Names and free text: users, the account, security keys, display names, descriptions."""

from __future__ import annotations

import re
import unicodedata

from app.errors import ValidationError

_USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")
_KEY_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
# Control, format, surrogate, private-use and unassigned code points, and line breaks.
FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _check_pattern(value: str, pattern: re.Pattern[str], what: str, form: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(f"the {what} is empty: use {form}", field=field)
    if len(value) > 64:
        raise ValidationError(
            f"the {what} has {len(value)} characters; at most 64 are allowed", field=field
        )
    if not pattern.fullmatch(value):
        raise ValidationError(f"{what} {value!r} is not allowed: use {form}", field=field)
    return value


def validate_user_name(name: str) -> str:
    return _check_pattern(
        name,
        _USER_NAME,
        "user name",
        "1-64 letters, digits and . _ - @, starting with a letter or digit",
        "name",
    )


def validate_account_name(name: str) -> str:
    return _check_pattern(
        name,
        _USER_NAME,
        "account name",
        "1-64 letters, digits and . _ - @, starting with a letter or digit",
        "account",
    )


def validate_key_name(name: str) -> str:
    return _check_pattern(
        name, _KEY_NAME, "security key name", "1-64 letters, digits, - and _", "key_name"
    )


def _free_text(value: str, limit: int, what: str, field: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ValidationError(
            f"the {what} has {len(value)} characters; at most {limit} are allowed", field=field
        )
    if any(unicodedata.category(c) in FORBIDDEN_CATEGORIES for c in value):
        raise ValidationError(
            f"the {what} may not contain control or invisible characters", field=field
        )
    return value


def validate_display_name(value: str) -> str:
    return _free_text(value, 64, "display name", "display_name")


def validate_description(value: str) -> str:
    return _free_text(value, 255, "description", "description")
