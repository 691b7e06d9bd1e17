"""Time-based one-time passwords (RFC 6238) for the virtual MFA device."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import math
import re
import secrets
from datetime import datetime
from urllib.parse import quote

ALGORITHM = "SHA1"
DIGITS = 6
PERIOD = 30
SEED_BITS = 160

_HASHES = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha512": hashlib.sha512}
_CODE = re.compile(rf"[0-9]{{{DIGITS}}}")
_MAX_COUNTER = 2**64 - 1


def new_seed() -> str:
    """A random 160-bit seed as base32 without padding (32 characters)."""
    return base64.b32encode(secrets.token_bytes(SEED_BITS // 8)).decode("ascii").rstrip("=")


def seed_bytes(seed: str) -> bytes:
    """The key bytes of a base32 seed; case, spaces and missing padding are tolerated.

    Raises ValueError when the seed is not base32 (seeds come from ``new_seed``, never typed).
    """
    text = "".join(seed.split()).upper()
    text += "=" * (-len(text) % 8)
    try:
        key = base64.b32decode(text)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("the TOTP seed is not base32") from exc
    if not key:
        raise ValueError("the TOTP seed is empty")
    return key


def provisioning_uri(seed: str, *, account: str, user: str) -> str:
    """``otpauth://totp/<account>:<user>?secret=<seed>&issuer=<account>&algorithm=...``.

    Label parts and the issuer are percent-encoded (a colon inside a name becomes ``%3A``, so the
    label's one literal colon stays the separator); the secret carries no padding. The algorithm,
    digits and period are spelled out so no app has to guess them.
    """
    secret = "".join(seed.split()).upper().rstrip("=")
    seed_bytes(secret)  # refuse a malformed seed here rather than in the user's app
    label = f"{_encode(account)}:{_encode(user)}"
    return (
        f"otpauth://totp/{label}?secret={secret}&issuer={_encode(account)}"
        f"&algorithm={ALGORITHM}&digits={DIGITS}&period={PERIOD}"
    )


def _encode(part: str) -> str:
    # "@" is legal in a URI path and query and keeps e-mail-like user names readable.
    return quote(part, safe="@")


def group_secret(seed: str) -> str:
    """The seed in groups of four for typing by hand: ``"ABCD EFGH ..."``."""
    text = "".join(seed.split()).upper().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def time_step(at: datetime) -> int:
    """The RFC 6238 time step (30 s since the Unix epoch) that ``at`` falls in.

    Raises ValueError for a naive datetime: its meaning would depend on the local zone.
    """
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("time_step needs a timezone-aware datetime")
    return math.floor(at.timestamp()) // PERIOD


def hotp(key: bytes, counter: int, digits: int = DIGITS, algorithm: str = "sha1") -> str:
    """RFC 4226 HOTP: HMAC of the 8-byte counter, dynamic truncation, ``digits`` digits.

    ``algorithm`` is sha1, sha256 or sha512 (the last two as RFC 6238 allows).
    """
    digest_name = algorithm.lower()
    if digest_name not in _HASHES:
        raise ValueError(f"unsupported HOTP algorithm {algorithm!r}: use sha1, sha256 or sha512")
    if not 6 <= digits <= 9:
        raise ValueError(f"HOTP codes have 6 to 9 digits, not {digits}")
    if not 0 <= counter <= _MAX_COUNTER:
        raise ValueError("the HOTP counter must fit in 8 unsigned bytes")
    mac = hmac.digest(key, counter.to_bytes(8, "big"), _HASHES[digest_name])
    offset = mac[-1] & 0x0F
    value = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


def code_at(seed: str, step: int) -> str:
    """The 6-digit SHA1 code of ``seed`` for time step ``step``."""
    return hotp(seed_bytes(seed), step, DIGITS, ALGORITHM)


def normalize_code(code: str) -> str | None:
    """The code without spaces if it is exactly six ASCII digits, else None."""
    text = "".join(code.split()) if isinstance(code, str) else ""
    return text if _CODE.fullmatch(text) else None


def _matches(seed: str, code: str, steps: range) -> list[int]:
    """Every step in ``steps`` whose code equals ``code``; all are compared in constant time,
    with no early exit, so timing does not reveal which step (if any) matched."""
    found = []
    for step in steps:
        if step < 0:
            continue
        if hmac.compare_digest(code_at(seed, step).encode(), code.encode()):
            found.append(step)
    return found


def match_step(
    seed: str, code: str, *, now: datetime, last_step: int | None, window: int = 1
) -> int | None:
    """The time step ``code`` belongs to, within ``window`` steps of ``now`` and after
    ``last_step`` (replay protection); None when it does not match.

    When two steps in the window share the code (a one-in-a-million collision) the latest is
    returned: recording it as the last accepted step keeps the same code from being accepted
    a second time at the other step.
    """
    if window < 0:
        raise ValueError("the verification window cannot be negative")
    typed = normalize_code(code)
    if typed is None:
        return None
    current = time_step(now)
    found = _matches(seed, typed, range(current - window, current + window + 1))
    eligible = [step for step in found if last_step is None or step > last_step]
    return max(eligible) if eligible else None


def match_consecutive(seed: str, code1: str, code2: str, *, now: datetime) -> int | None:
    """Check the two codes that activate a device: ``code1`` at some step s and ``code2`` at
    s + 1, with s + 1 within one step of ``now``. Returns s + 1, the step to record as the
    last accepted one, or None.

    The same code typed twice is refused even when adjacent steps happen to share a code:
    proving the device follows time needs two different codes, and the user can try again
    with the next pair.
    """
    first, second = normalize_code(code1), normalize_code(code2)
    if first is None or second is None or first == second:
        return None
    current = time_step(now)
    seconds = _matches(seed, second, range(current - 1, current + 2))
    firsts = set(_matches(seed, first, range(current - 2, current + 1)))
    accepted = [step for step in seconds if step - 1 in firsts]
    return max(accepted) if accepted else None
