"""How the sign-in core matches a typed name to a principal (one function, so a stricter
normalisation can replace it in one place)."""

from __future__ import annotations


def name_key(name: str) -> str:
    """The lookup key of a typed user or account name (``User.name_key``)."""
    return name.strip().lower()


def is_account_name(name: str, account_name: str) -> bool:
    """Whether ``name`` means the account itself, i.e. the root operator."""
    return name_key(name) == name_key(account_name)
