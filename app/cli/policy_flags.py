"""`iamctl policy set` flags, one per knob of the password and login policies.

The flags follow the policies' fields (``min_length`` → ``--min-length``), so a new knob in
app/domain is settable from the command line without touching the parser.
"""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from app.domain.login_policy import LoginPolicy
from app.domain.password_policy import PasswordPolicy

# Which policy a flag's value goes to: the dest prefix names it.
PREFIXES = {"password_policy": "pp_", "login_policy": "lp_"}


def _yes_no(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("yes", "no"):
        return lowered == "yes"
    raise argparse.ArgumentTypeError(f"use yes or no, not {text!r}")


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _knobs(policy: Any) -> list[tuple[str, Any]]:
    """(field name, default) of the scalar settings of a policy dataclass."""
    return [
        (f.name, getattr(policy, f.name))
        for f in dataclasses.fields(policy)
        if isinstance(getattr(policy, f.name), bool | int | str)
    ]


def add_policy_flags(parser: argparse.ArgumentParser) -> None:
    """Add ``--knob-name VALUE`` for every knob; none given means nothing changes."""
    for title, policy in (("password_policy", PasswordPolicy()), ("login_policy", LoginPolicy())):
        group = parser.add_argument_group(title.replace("_", " "))
        for name, default in _knobs(policy):
            flag = "--" + name.replace("_", "-")
            dest = PREFIXES[title] + name
            if isinstance(default, bool):
                group.add_argument(flag, dest=dest, type=_yes_no, metavar="yes|no")
            elif isinstance(default, int):
                group.add_argument(flag, dest=dest, type=_int, metavar="N")
            else:
                group.add_argument(flag, dest=dest, metavar="TEXT")


def policy_changes(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """The flags given, as ``{"password_policy": {...}, "login_policy": {...}}``."""
    changes: dict[str, dict[str, Any]] = {title: {} for title in PREFIXES}
    for dest, value in vars(args).items():
        for title, prefix in PREFIXES.items():
            if dest.startswith(prefix) and value is not None:
                changes[title][dest.removeprefix(prefix)] = value
    return changes
