"""What both signature schemes share: the parsed request, hashing, constant-time compare."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
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


def parse_auth_params(text: str) -> dict[str, str]:
    """``A=x, B=y`` (comma and/or space separated) → {"A": "x", "B": "y"}."""
    params: dict[str, str] = {}
    for part in text.replace(",", " ").split():
        name, sep, value = part.partition("=")
        if not sep:
            raise SignatureFormatError(f"the Authorization header part {part!r} has no '='")
        params[name] = value
    return params
