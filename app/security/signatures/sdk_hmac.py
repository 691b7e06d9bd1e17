"""Huawei Cloud's ``SDK-HMAC-SHA256`` request signature, as the Huawei Cloud SDK computes it.

Canonical request: method, the path's segments decoded then re-encoded (``~`` kept) and ending
in ``/``, the query sorted and encoded the same way, the signed headers (``name:value``, value
stripped), their names, and the body's SHA-256 (or the signed ``X-Sdk-Content-Sha256`` value).
The string to sign is ``SDK-HMAC-SHA256\\n<X-Sdk-Date>\\n<SHA-256 of that>``, keyed by the
secret access key itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, unquote

from app.security.signatures.common import (
    SignatureFormatError,
    SignedRequest,
    hmac_sha256,
    parse_auth_params,
    parse_compact_time,
    sha256_hex,
    signatures_equal,
)

ALGORITHM = "SDK-HMAC-SHA256"
CONTENT_HASH_HEADER = "x-sdk-content-sha256"
REQUIRED_SIGNED = ("host", "x-sdk-date")


@dataclass(frozen=True)
class SdkAuthorization:
    """The parts of ``Authorization: SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…``."""

    access_key_id: str
    signed_headers: tuple[str, ...]
    signature: str


def parse_authorization(value: str) -> SdkAuthorization:
    algorithm, _, rest = value.strip().partition(" ")
    if algorithm != ALGORITHM:
        raise SignatureFormatError(f"the Authorization header is not {ALGORITHM}")
    params = parse_auth_params(rest)
    try:
        access, signed, signature = params["Access"], params["SignedHeaders"], params["Signature"]
    except KeyError as exc:
        raise SignatureFormatError(f"the Authorization header has no {exc.args[0]}") from exc
    headers = tuple(signed.lower().split(";"))
    for name in REQUIRED_SIGNED:
        if name not in headers:
            raise SignatureFormatError(f"the {name} header must be signed")
    return SdkAuthorization(access, headers, signature)


def request_time(request: SignedRequest) -> datetime:
    return parse_compact_time(request.header("x-sdk-date"))


def _encode(value: str) -> str:
    return quote(value, safe="~")


def canonical_path(path: str) -> str:
    encoded = "/".join(_encode(segment) for segment in unquote(path).split("/"))
    return encoded if encoded.endswith("/") else encoded + "/"


def canonical_query(query: str) -> str:
    pairs = []
    for part in query.split("&") if query else ():
        key, _, value = part.partition("=")
        pairs.append((unquote(key), unquote(value)))
    return "&".join(f"{_encode(k)}={_encode(v)}" for k, v in sorted(pairs))


def _payload_hash(request: SignedRequest, signed_headers: tuple[str, ...]) -> str:
    if CONTENT_HASH_HEADER in signed_headers:
        return request.header(CONTENT_HASH_HEADER)
    return sha256_hex(request.body)


def canonical_request(request: SignedRequest, signed_headers: tuple[str, ...]) -> str:
    headers = "".join(f"{name}:{request.header(name).strip()}\n" for name in signed_headers)
    return "\n".join(
        (
            request.method.upper(),
            canonical_path(request.path),
            canonical_query(request.query),
            headers,
            ";".join(signed_headers),
            _payload_hash(request, signed_headers),
        )
    )


def expected_signature(secret: str, request: SignedRequest, auth: SdkAuthorization) -> str:
    """The hex signature the holder of ``secret`` would have sent for ``request``."""
    to_sign = "\n".join(
        (
            ALGORITHM,
            request.header("x-sdk-date"),
            sha256_hex(canonical_request(request, auth.signed_headers).encode()),
        )
    )
    return hmac_sha256(secret.encode(), to_sign).hex()


def verify(secret: str, request: SignedRequest, auth: SdkAuthorization) -> bool:
    """True when the request carries the signature ``secret`` makes (constant-time)."""
    return signatures_equal(expected_signature(secret, request, auth), auth.signature)
