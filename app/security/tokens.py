"""One-time tokens, numeric codes and key identifiers; only hashes are ever stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets

_KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_SECRET_ALPHABET = _KEY_ID_ALPHABET + "abcdefghijklmnopqrstuvwxyz"


def new_token() -> str:
    """256 random bits, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


def new_numeric_code(digits: int = 6) -> str:
    """A uniformly random code of ``digits`` digits, zero-padded."""
    return f"{secrets.randbelow(10**digits):0{digits}d}"


def hash_token(token: str) -> str:
    """SHA-256 hex: right for high-entropy tokens (nothing to brute-force)."""
    return hashlib.sha256(token.encode()).hexdigest()


def hash_code(code: str, *, challenge_id: str, pepper: bytes) -> str:
    """HMAC-SHA256 under a vault-held pepper and tied to its challenge: a 6-digit code
    cannot be brute-forced from the database alone, nor reused for another challenge."""
    message = f"{challenge_id}:{code}".encode()
    return hmac.new(pepper, message, hashlib.sha256).hexdigest()


def tokens_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def new_access_key_id() -> str:
    """20 characters: "AK" and 18 random upper-case letters and digits."""
    return "AK" + "".join(secrets.choice(_KEY_ID_ALPHABET) for _ in range(18))


def new_secret_access_key() -> str:
    """40 random letters and digits (~238 bits)."""
    return "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(40))
