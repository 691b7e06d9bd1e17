"""Names and free text: users, the account, security keys, display names, descriptions."""

from __future__ import annotations

import re
import unicodedata

from app.errors import ValidationError
from app.messages import KEY_NAME_FORM, NAME_FORM

_USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")
_KEY_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
# Control, format, surrogate, private-use and unassigned code points, and line breaks.
FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
# Letters that look like Latin ones (after NFKC and case folding, which already turn fullwidth
# forms, ligatures, the Kelvin and Angstrom signs and ß into plain letters): the common
# Cyrillic and Greek look-alikes and the dotless i and j (after Unicode's confusables.txt).
_LOOK_ALIKES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "һ": "h", "н": "h", "і": "i", "ї": "i",
        "ј": "j", "к": "k", "ӏ": "l", "м": "m", "о": "o", "р": "p", "ԛ": "q", "г": "r",
        "ѕ": "s", "т": "t", "у": "y", "ԝ": "w", "х": "x", "с": "c", "ԁ": "d", "ь": "b",
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "μ": "u", "ν": "v",
        "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ω": "w", "ϲ": "c",
        "ı": "i", "ȷ": "j", "ℓ": "l",
    }
)  # fmt: skip


def skeleton(text: str) -> str:
    """The form two strings that look alike share: NFKC, case folding, accents dropped,
    look-alike Cyrillic and Greek letters mapped to Latin (``аdmin``, ``ａdmin``, ``ADMIN``
    all give ``admin``; ``straße`` gives ``strasse``). For comparing, never for showing."""
    folded = unicodedata.normalize("NFKC", text.strip()).casefold()
    plain = "".join(
        c for c in unicodedata.normalize("NFD", folded) if unicodedata.category(c) != "Mn"
    )
    return unicodedata.normalize("NFKC", plain.translate(_LOOK_ALIKES))


def name_key(name: str) -> str:
    """The key user and account names are stored under and looked up by (the one place that
    decides when two names are the same name)."""
    return skeleton(name)


def _check_pattern(value: str, pattern: re.Pattern[str], what: str, form: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(code="name.empty", field=field, what=what, form=form)
    if len(value) > 64:
        raise ValidationError(
            code="name.too_long", field=field, what=what, length=len(value), max=64
        )
    if not pattern.fullmatch(value):
        raise ValidationError(
            code="name.not_allowed", field=field, what=what, value=value, form=form
        )
    return value


def validate_user_name(name: str) -> str:
    return _check_pattern(
        name,
        _USER_NAME,
        "user name",
        NAME_FORM,
        "name",
    )


def validate_account_name(name: str) -> str:
    return _check_pattern(
        name,
        _USER_NAME,
        "account name",
        NAME_FORM,
        "account",
    )


def validate_key_name(name: str) -> str:
    return _check_pattern(name, _KEY_NAME, "security key name", KEY_NAME_FORM, "key_name")


def validate_device_name(name: str) -> str:
    """An MFA device's name (virtual MFA device or security key): ``[A-Za-z0-9_-]{1,64}``."""
    return _check_pattern(name, _KEY_NAME, "MFA device name", KEY_NAME_FORM, "device_name")


def _free_text(value: str, limit: int, what: str, field: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ValidationError(
            code="name.too_long", field=field, what=what, length=len(value), max=limit
        )
    if any(unicodedata.category(c) in FORBIDDEN_CATEGORIES for c in value):
        raise ValidationError(code="text.control_chars", field=field, what=what)
    return value


def validate_display_name(value: str) -> str:
    return _free_text(value, 64, "display name", "display_name")


def validate_description(value: str) -> str:
    return _free_text(value, 255, "description", "description")
