"""Password hashing with argon2id (OWASP parameters) and strong password generation."""

from __future__ import annotations

import secrets
import unicodedata

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# OWASP Password Storage Cheat Sheet, argon2id option 1: m=47104 KiB (46 MiB), t=1, p=1.
MEMORY_COST_KIB = 47104
TIME_COST = 1
PARALLELISM = 1

_HASHER = PasswordHasher(
    time_cost=TIME_COST,
    memory_cost=MEMORY_COST_KIB,
    parallelism=PARALLELISM,
    hash_len=32,
    salt_len=16,
    type=Type.ID,
)

# No look-alikes (0/O, 1/l/I) so a generated password survives being read aloud or retyped.
_LOWER = "abcdefghijkmnopqrstuvwxyz"
_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_DIGITS = "23456789"
_SYMBOLS = "!#$%&*+-=?@^_~"


def normalize_password(password: str) -> str:
    """NFKC, as NIST SP 800-63B §5.1.1.2 asks; never truncated."""
    return unicodedata.normalize("NFKC", password)


def hash_password(password: str) -> str:
    return _HASHER.hash(normalize_password(password))


def verify_password(stored_hash: str, password: str) -> bool:
    """True when ``password`` matches; False on mismatch or an unreadable hash."""
    try:
        return _HASHER.verify(stored_hash, normalize_password(password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    try:
        return _HASHER.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def generate_password(length: int = 20) -> str:
    """A random password with all four character types and no repeated neighbours."""
    if length < 8:
        raise ValueError("generated passwords have at least 8 characters")
    alphabet = _LOWER + _UPPER + _DIGITS + _SYMBOLS
    while True:
        chars = [secrets.choice(s) for s in (_LOWER, _UPPER, _DIGITS, _SYMBOLS)]
        chars += [secrets.choice(alphabet) for _ in range(length - 4)]
        secrets.SystemRandom().shuffle(chars)
        if all(a != b for a, b in zip(chars, chars[1:], strict=False)):
            return "".join(chars)


CHARACTER_TYPES = {
    "lowercase letters": str.islower,
    "uppercase letters": str.isupper,
    "digits": str.isdigit,
    "symbols": lambda c: not c.isalnum() and not c.isspace(),
}
