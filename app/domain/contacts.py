"""Contact details: email addresses (email-validator) and mobile numbers (E.164)."""

from __future__ import annotations

from app.domain.names import skeleton
from app.errors import ValidationError

# email-validator and phonenumbers load on first use: together they cost the console's start-up
# about 30 ms (benchmarks/gui_users.py), and nothing validates a contact before sign-in.

MAX_EMAIL = 254
MAX_MOBILE_INPUT = 32


def normalize_email(value: str) -> str:
    """The normalised address, or a ValidationError saying what is wrong with it.

    The part before the @ must be ASCII: an identity store compares addresses by what people
    see, and a non-ASCII local part (Cyrillic ``а``, fullwidth ``ａ``, the Kelvin sign) can look
    exactly like another user's address. Internationalised domains are accepted; their
    look-alikes collide through ``email_key``.
    """
    value = (value or "").strip()
    if not value:
        raise ValidationError(code="email.empty", field="email")
    if len(value) > MAX_EMAIL:
        raise ValidationError(code="email.too_long", field="email", max=MAX_EMAIL)
    local = value.rpartition("@")[0]
    if not local.isascii():
        raise ValidationError(code="email.non_ascii", field="email", email=value)
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise ValidationError(
            code="email.invalid", field="email", email=value, reason=str(exc)
        ) from None


def email_key(email: str) -> str:
    """The form emails are compared in for uniqueness: look-alike addresses share it."""
    return skeleton(email)


MOBILE_EXAMPLE = "+8613800138000"  # how a refusal shows the international form


def normalize_mobile(value: str, default_region: str | None = None) -> str:
    """The number in E.164 form (+8613800138000), or a ValidationError."""
    raw = (value or "").strip()
    if not raw:
        raise ValidationError(code="mobile.empty", field="mobile", example=MOBILE_EXAMPLE)
    if len(raw) > MAX_MOBILE_INPUT:
        raise ValidationError(code="mobile.too_long", field="mobile", example=MOBILE_EXAMPLE)
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    import phonenumbers

    try:
        number = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException:
        raise ValidationError(
            code="mobile.invalid", field="mobile", mobile=raw, example=MOBILE_EXAMPLE
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            code="mobile.invalid", field="mobile", mobile=raw, example=MOBILE_EXAMPLE
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
