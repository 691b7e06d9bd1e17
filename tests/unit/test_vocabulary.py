"""The product's words: enum values are the stored strings, the limits, and the one
login-protection rule that the services and both front ends use."""

from __future__ import annotations

import pytest

from app.cli.parser import build_parser
from app.domain.vocabulary import (
    CONFIRM_WORD,
    MAX_ACCESS_KEYS,
    MAX_SECURITY_KEYS,
    MAX_VIRTUAL_MFA_DEVICES,
    ContactField,
    LoginProtection,
    MfaState,
    ResetMode,
    UserStatus,
    api_protection_ready,
    protection_ready,
    relies_on,
    required_factor,
    values,
)


def test_members_equal_the_strings_the_store_holds() -> None:
    assert UserStatus.ENABLED == "enabled" and "disabled" == UserStatus.DISABLED
    assert values(ResetMode) == ("set-by-user", "auto", "set-now")
    assert values(LoginProtection) == ("off", "sms", "email", "mfa")
    assert {MfaState.ACTIVE: 1}.get("active") == 1  # a stored string finds its member's entry
    assert (MAX_SECURITY_KEYS, MAX_ACCESS_KEYS, MAX_VIRTUAL_MFA_DEVICES) == (8, 2, 1)
    assert CONFIRM_WORD == "YES"


@pytest.mark.parametrize(
    ("method", "mobile", "email", "totp", "keys", "ready"),
    [
        ("off", False, False, False, 0, True),
        ("sms", False, True, True, 1, False),
        ("sms", True, False, False, 0, True),
        ("email", True, False, True, 1, False),
        ("email", False, True, False, 0, True),
        ("mfa", True, True, False, 0, False),
        ("mfa", False, False, True, 0, True),
        ("mfa", False, False, False, 1, True),  # a security key satisfies "mfa" too
    ],
)
def test_each_method_needs_its_factor(
    method: str, mobile: bool, email: bool, totp: bool, keys: int, ready: bool
) -> None:
    got = protection_ready(
        method, has_mobile=mobile, has_email=email, has_totp=totp, security_keys=keys
    )
    assert got is ready


def test_the_factor_each_method_relies_on() -> None:
    assert required_factor("off") is None
    assert relies_on("sms") is ContactField.MOBILE and relies_on("email") is ContactField.EMAIL
    assert relies_on("mfa") is None and required_factor("mfa") is MfaState.ACTIVE
    assert api_protection_ready(has_totp=True) and not api_protection_ready(has_totp=False)
    with pytest.raises(ValueError):
        required_factor("fax")


def test_the_command_line_takes_its_choices_from_the_enums() -> None:
    parser = build_parser()
    reset = parser.parse_args(["password", "reset", "alice", "--mode", "set-now"])
    assert reset.mode == ResetMode.SET_NOW
    with pytest.raises(SystemExit):
        parser.parse_args(["password", "reset", "alice", "--mode", "later"])
    listing = parser.parse_args(["user", "list", "--status", "disabled", "--json"])
    assert listing.status == UserStatus.DISABLED and listing.json
    protection = parser.parse_args(["protection", "set", "alice", "--method", "mfa"])
    assert protection.method == LoginProtection.MFA
