"""AWS Signature Version 4 (``AWS4-HMAC-SHA256``) as botocore computes it, for STS calls."""

from __future__ import annotations

import posixpath
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
    uri_encode,
)

ALGORITHM = "AWS4-HMAC-SHA256"


@dataclass(frozen=True)
class Sigv4Authorization:
    """The parts of an ``Authorization: AWS4-HMAC-SHA256 Credential=…`` header."""

    access_key_id: str
    date: str  # YYYYMMDD
    region: str
    service: str
    signed_headers: tuple[str, ...]
    signature: str

    @property
    def scope(self) -> str:
        return f"{self.date}/{self.region}/{self.service}/aws4_request"


def parse_authorization(value: str) -> Sigv4Authorization:
    algorithm, _, rest = value.strip().partition(" ")
    if algorithm != ALGORITHM:
        raise SignatureFormatError(f"the Authorization header is not {ALGORITHM}")
    params = parse_auth_params(rest)
    try:
        credential, signed, signature = (
            params["Credential"],
            params["SignedHeaders"],
            params["Signature"],
        )
    except KeyError as exc:
        raise SignatureFormatError(f"the Authorization header has no {exc.args[0]}") from exc
    return authorization_of(credential, signed, signature)


def authorization_of(credential: str, signed_headers: str, signature: str) -> Sigv4Authorization:
    """The parts of a credential scope ``KEY/DATE/REGION/SERVICE/aws4_request``, the signed
    header names (``host`` among them) and the signature, wherever they were given."""
    parts = credential.split("/")
    if len(parts) != 5 or parts[4] != "aws4_request":
        raise SignatureFormatError(
            "the credential scope is not KEY/DATE/REGION/SERVICE/aws4_request"
        )
    headers = tuple(signed_headers.lower().split(";"))
    if "host" not in headers:
        raise SignatureFormatError("the host header must be signed")
    key, date, region, service = parts[:4]
    return Sigv4Authorization(key, date, region, service, headers, signature)


def request_time(request: SignedRequest) -> datetime:
    return parse_compact_time(request.header("x-amz-date"))


def _canonical_path(path: str) -> str:
    normalized = posixpath.normpath(path or "/")
    if path.endswith("/") and normalized != "/":
        normalized += "/"
    return quote(normalized, safe="/~")


def _canonical_query(query: str) -> str:
    pairs = []
    for part in query.split("&") if query else ():
        key, _, value = part.partition("=")
        pairs.append((uri_encode(unquote(key)), uri_encode(unquote(value))))
    return "&".join(f"{k}={v}" for k, v in sorted(pairs))


def canonical_request(request: SignedRequest, signed_headers: tuple[str, ...]) -> str:
    headers = "".join(
        f"{name}:{' '.join(request.header(name).split())}\n" for name in sorted(signed_headers)
    )
    return "\n".join(
        (
            request.method.upper(),
            _canonical_path(request.path),
            _canonical_query(request.query),
            headers,
            ";".join(sorted(signed_headers)),
            sha256_hex(request.body),
        )
    )


def signing_key(secret: str, date: str, region: str, service: str) -> bytes:
    key = hmac_sha256(f"AWS4{secret}".encode(), date)
    for part in (region, service, "aws4_request"):
        key = hmac_sha256(key, part)
    return key


def signature_at(
    secret: str, request: SignedRequest, auth: Sigv4Authorization, amz_date: str
) -> str:
    """The hex signature of ``request`` signed at ``amz_date`` (the compact X-Amz-Date, from
    a header or from a presigned URL's query)."""
    to_sign = "\n".join(
        (
            ALGORITHM,
            amz_date,
            auth.scope,
            sha256_hex(canonical_request(request, auth.signed_headers).encode()),
        )
    )
    key = signing_key(secret, auth.date, auth.region, auth.service)
    return hmac_sha256(key, to_sign).hex()


def expected_signature(secret: str, request: SignedRequest, auth: Sigv4Authorization) -> str:
    """The hex signature the holder of ``secret`` would have sent for ``request``."""
    return signature_at(secret, request, auth, request.header("x-amz-date"))


def verify(secret: str, request: SignedRequest, auth: Sigv4Authorization) -> bool:
    """True when the request carries the signature ``secret`` makes (constant-time)."""
    return signatures_equal(expected_signature(secret, request, auth), auth.signature)
