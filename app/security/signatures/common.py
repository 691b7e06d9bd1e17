"""What both signature schemes share: the parsed request, hashing, constant-time compare."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from urllib.parse import quote

MAX_SKEW = timedelta(minutes=15)


class SignatureFormatError(ValueError):
    """The Authorization header or a signed header is missing or malformed."""


@dataclass(frozen=True)
class SignedRequest:
    """A request as the server received it, lower-cased header names, raw query string.

    Args:
        method: the HTTP method.
        path: the raw (still percent-encoded) path.
        query: the raw query string, without "?".
        headers: lower-cased header names to values (repeated headers joined by ",").
        body: the exact body bytes.
    """

    method: str
    path: str
    query: str
    headers: Mapping[str, str]
    body: bytes

    def header(self, name: str) -> str:
        value = self.headers.get(name)
        if value is None:
            raise SignatureFormatError(f"the {name.title()} header is missing (a signed request)")
        return value

    def check_signed_headers(self, names: tuple[str, ...]) -> None:
        """Raise SignatureFormatError naming the first signed header the request lacks."""
        for name in names:
            self.header(name)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hmac_sha256(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


def signatures_equal(expected: str, given: str) -> bool:
    """Constant-time comparison of two hex signatures."""
    return hmac.compare_digest(expected.encode(), given.strip().lower().encode())


def uri_encode(value: str) -> str:
    """RFC 3986 encoding: everything but unreserved characters."""
    return quote(value, safe="-_.~")


def parse_compact_time(value: str) -> datetime:
    """``20260101T120000Z`` → an aware UTC datetime."""
    try:
        return datetime.strptime(value.strip(), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError as exc:
        raise SignatureFormatError(
            f"the request time {value!r} is not in the form YYYYMMDDTHHMMSSZ"
        ) from exc


def within_skew(signed_at: datetime, now: datetime) -> bool:
    return abs(now - signed_at) <= MAX_SKEW


class SigningTime(StrEnum):
    """Where a signature's date stands against the server's clock."""

    VALID = "valid"
    SKEWED = "skewed"  # more than MAX_SKEW away (a presigned URL: dated in the future)
    EXPIRED = "expired"  # a presigned URL used after its date + its validity


def signing_time(
    signed_at: datetime, now: datetime, valid_for: timedelta | None = None
) -> SigningTime:
    """A request signed in its headers (``valid_for`` None) must be dated within MAX_SKEW of
    ``now``; a presigned URL may be dated at most MAX_SKEW ahead and lasts ``valid_for``."""
    if valid_for is None:
        return SigningTime.VALID if within_skew(signed_at, now) else SigningTime.SKEWED
    if signed_at - now > MAX_SKEW:
        return SigningTime.SKEWED
    if now > signed_at + valid_for:
        return SigningTime.EXPIRED
    return SigningTime.VALID


def parse_auth_params(text: str) -> dict[str, str]:
    """``A=x, B=y`` (comma and/or space separated) → {"A": "x", "B": "y"}."""
    params: dict[str, str] = {}
    for part in text.replace(",", " ").split():
        name, sep, value = part.partition("=")
        if not sep:
            raise SignatureFormatError(f"the Authorization header part {part!r} has no '='")
        params[name] = value
    return params
