"""Password hashing with argon2id (OWASP parameters) and strong password generation."""

from __future__ import annotations

import logging
import os
import secrets
import threading
import unicodedata
from collections.abc import Iterable

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from app.errors import ValidationError

log = logging.getLogger(__name__)

# OWASP Password Storage Cheat Sheet, argon2id option 1: m=47104 KiB (46 MiB), t=1, p=1.
MEMORY_COST_KIB = 47104
TIME_COST = 1
PARALLELISM = 1
HASH_LENGTH = 32
SALT_LENGTH = 16

# NIST SP 800-63B §5.1.1.2: a randomly chosen memorized secret has at least 6 characters.
MIN_GENERATED_LENGTH = 6
MAX_GENERATED_LENGTH = 256
DEFAULT_GENERATED_LENGTH = 20

_HASHER = PasswordHasher(
    time_cost=TIME_COST,
    memory_cost=MEMORY_COST_KIB,
    parallelism=PARALLELISM,
    hash_len=HASH_LENGTH,
    salt_len=SALT_LENGTH,
    type=Type.ID,
)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


# At most one argon2 computation per core at a time in this process; the others wait their
# turn without using the CPU or holding memory. Unbounded, a flood of sign-ins could make a
# portal worker hold 40 × 46 MiB (its whole thread pool hashing at once), and at 16 clients
# the slowest sign-ins waited behind 16 hashes sharing two cores (benchmarks/portal.py: p99
# 0.9-1.1 s, 0.62 s with the turns; sign-ins per second alike).
HASHING_AT_ONCE = _cores()
_HASHING_TURNS = threading.BoundedSemaphore(HASHING_AT_ONCE)

# The test suite's one switch for cheap hashing: IAMDESK_TEST_CHEAP_HASHING=1 (tests/conftest.py
# sets it; tests whose subject is hashing, sign-in timing or the benchmark opt out with
# @pytest.mark.production_hashing). It is honoured only while pytest runs a test (pytest sets
# PYTEST_CURRENT_TEST); anywhere else hashing refuses to run, and a hash made with it fails
# needs_rehash at the production parameters, so a sign-in re-hashes it.
ENV_TEST_CHEAP_HASHING = "IAMDESK_TEST_CHEAP_HASHING"
_TEST_MARKER = "PYTEST_CURRENT_TEST"
_TEST_HASHER = PasswordHasher(
    time_cost=1, memory_cost=8, parallelism=1, hash_len=HASH_LENGTH, salt_len=SALT_LENGTH,
    type=Type.ID,
)  # fmt: skip

# No look-alikes (0/O/o, 1/l/I), so a generated password survives being read aloud or retyped.
GENERATED_LOWER = "abcdefghijkmnpqrstuvwxyz"
GENERATED_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
GENERATED_DIGITS = "23456789"
# Symbols that appear in no entry of the common-password list (zxcvbn "passwords") and are
# plain keys on common layouts (no dead keys such as ^ or ~). Together with letters at both
# ends, this keeps a generated password off that list and off any prefix/suffix-stripped form.
GENERATED_SYMBOLS = "#+/:="
_LETTERS = GENERATED_LOWER + GENERATED_UPPER
_ALPHABET = _LETTERS + GENERATED_DIGITS + GENERATED_SYMBOLS
# A generated password contains no 3-character piece of a word it must avoid (or its reverse),
# so it contains no such word of 3 or more characters either.
_AVOID_PIECE = 3
_MAX_TRIES = 1000


def _hasher() -> PasswordHasher:
    """The production hasher, or the test suite's cheap one while a test runs."""
    if os.environ.get(ENV_TEST_CHEAP_HASHING) != "1":
        return _HASHER
    if not os.environ.get(_TEST_MARKER):
        raise RuntimeError(
            f"{ENV_TEST_CHEAP_HASHING} is for the test suite only: unset it to hash passwords"
        )
    return _TEST_HASHER


def normalize_password(password: str) -> str:
    """NFKC, as NIST SP 800-63B §5.1.1.2 asks; never truncated, never stripped."""
    return unicodedata.normalize("NFKC", password)


def hash_password(password: str) -> str:
    """The argon2id hash (PHC string) of the NFKC form of ``password``."""
    try:
        with _HASHING_TURNS:
            return _hasher().hash(normalize_password(password))
    except UnicodeEncodeError:
        raise ValidationError(code="password.invalid_text", field="password") from None


def verify_password(stored_hash: str, password: str) -> bool:
    """True when ``password`` matches; False on a mismatch or an unreadable hash."""
    try:
        with _HASHING_TURNS:
            return _hasher().verify(stored_hash, normalize_password(password))
    except VerificationError:  # includes VerifyMismatchError
        return False
    except InvalidHashError:
        log.warning("a stored password hash could not be read; treating it as a mismatch")
        return False
    except UnicodeEncodeError:  # a lone surrogate in the password, or a non-ASCII hash
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with other parameters than today's (rehash on sign-in)."""
    try:
        return _hasher().check_needs_rehash(stored_hash)
    except ValueError:  # InvalidHashError, or a hash that is not ASCII
        return True


def generate_password(length: int = DEFAULT_GENERATED_LENGTH, *, avoid: Iterable[str] = ()) -> str:
    """A random password that passes any password policy allowing ``length`` characters.

    It has lowercase and uppercase letters, digits and symbols, no look-alike characters,
    no character twice in a row, letters at both ends, and none of the ``avoid`` words
    (user name, account name) forwards or backwards.

    Raises:
        ValueError: ``length`` is outside MIN_GENERATED_LENGTH..MAX_GENERATED_LENGTH.
    """
    if not MIN_GENERATED_LENGTH <= length <= MAX_GENERATED_LENGTH:
        raise ValueError(
            f"generated passwords have {MIN_GENERATED_LENGTH} to {MAX_GENERATED_LENGTH} "
            f"characters; asked for {length}"
        )
    pieces = _avoided_pieces(avoid)
    for _ in range(_MAX_TRIES):
        candidate = _draw(length)
        lowered = candidate.lower()
        if _has_all_types(candidate) and not any(p in lowered for p in pieces):
            return candidate
    raise RuntimeError("could not generate a password avoiding the given words")  # pragma: no cover


def _draw(length: int) -> str:
    """``length`` random characters, letters at both ends, no character twice in a row."""
    chars: list[str] = []
    for position in range(length):
        pool = _LETTERS if position in (0, length - 1) else _ALPHABET
        if chars:
            pool = pool.replace(chars[-1], "")
        chars.append(secrets.choice(pool))
    return "".join(chars)


def _has_all_types(candidate: str) -> bool:
    return all(
        any(c in group for c in candidate)
        for group in (GENERATED_LOWER, GENERATED_UPPER, GENERATED_DIGITS, GENERATED_SYMBOLS)
    )


def _avoided_pieces(words: Iterable[str]) -> set[str]:
    pieces: set[str] = set()
    for word in words:
        lowered = normalize_password(word).lower()
        for text in (lowered, lowered[::-1]):
            pieces.update(text[i : i + _AVOID_PIECE] for i in range(len(text) - _AVOID_PIECE + 1))
    return pieces
