"""AWS Signature Version 4 in the query string: a presigned URL, as botocore's presigner
(``generate_presigned_url``) writes it.

The URL carries ``X-Amz-Algorithm``, ``X-Amz-Credential``, ``X-Amz-Date``,
``X-Amz-Expires``, ``X-Amz-SignedHeaders``, ``X-Amz-Signature`` and, for temporary keys,
``X-Amz-Security-Token``. The canonical request is SigV4's with the query minus
``X-Amz-Signature`` (so every other parameter, the security token too, is signed).

A URL is valid from its date until ``X-Amz-Expires`` seconds later, but never longer than
15 minutes (STS's own rule for presigned calls: only S3 honours longer ones), so a leaked
"who am I" URL is a short-lived bearer credential.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import unquote

from app.security.signatures import sigv4
from app.security.signatures.common import (
    MAX_SKEW,
    SignatureFormatError,
    SignedRequest,
    parse_compact_time,
    signatures_equal,
)

ALGORITHM_PARAM = "X-Amz-Algorithm"
CREDENTIAL_PARAM = "X-Amz-Credential"
DATE_PARAM = "X-Amz-Date"
EXPIRES_PARAM = "X-Amz-Expires"
SIGNED_HEADERS_PARAM = "X-Amz-SignedHeaders"
SIGNATURE_PARAM = "X-Amz-Signature"
SECURITY_TOKEN_PARAM = "X-Amz-Security-Token"  # noqa: S105 (a parameter's name)
# The X-Amz-Expires a client may write (AWS's limit: seven days) and the validity STS grants.
MAX_EXPIRES_SECONDS = 7 * 24 * 3600
MAX_VALIDITY = MAX_SKEW
_REQUIRED = (CREDENTIAL_PARAM, DATE_PARAM, EXPIRES_PARAM, SIGNED_HEADERS_PARAM, SIGNATURE_PARAM)


@dataclass(frozen=True)
class PresignedAuthorization:
    """What a presigned URL's query says about its signature.

    Args:
        authorization: the credential scope, signed header names and signature.
        amz_date: the compact ``X-Amz-Date`` the URL was signed at.
        signed_at: the same as a UTC datetime.
        valid_for: how long after ``signed_at`` the URL may be used (``X-Amz-Expires``, at
            most MAX_VALIDITY).
        security_token: ``X-Amz-Security-Token`` (temporary keys), or None.
        unsigned: the request with ``X-Amz-Signature`` taken out of its query (what was signed).
    """

    authorization: sigv4.Sigv4Authorization
    amz_date: str
    signed_at: datetime
    valid_for: timedelta
    security_token: str | None
    unsigned: SignedRequest


def _query_pairs(query: str) -> list[tuple[str, str, str]]:
    """(decoded name, decoded value, the raw ``name=value`` part) for each query part."""
    pairs = []
    for part in query.split("&") if query else ():
        name, _, value = part.partition("=")
        pairs.append((unquote(name), unquote(value), part))
    return pairs


def is_presigned(request: SignedRequest) -> bool:
    """Whether the query carries a SigV4 signature (X-Amz-Algorithm or X-Amz-Signature)."""
    names = {name for name, _, _ in _query_pairs(request.query)}
    return ALGORITHM_PARAM in names or SIGNATURE_PARAM in names


def parse_presigned(request: SignedRequest) -> PresignedAuthorization:
    """The signature parameters of a presigned URL; SignatureFormatError names the one
    that is missing or malformed."""
    pairs = _query_pairs(request.query)
    params: dict[str, str] = {}
    for name, value, _ in pairs:
        if name.startswith("X-Amz-") and name in params:
            raise SignatureFormatError(f"the query gives {name} more than once")
        params[name] = value
    if params.get(ALGORITHM_PARAM) != sigv4.ALGORITHM:
        raise SignatureFormatError(f"the query's {ALGORITHM_PARAM} must be {sigv4.ALGORITHM}")
    missing = [name for name in _REQUIRED if not params.get(name)]
    if missing:
        raise SignatureFormatError(f"the presigned URL has no {', '.join(missing)}")
    if "authorization" in request.headers:
        raise SignatureFormatError(
            "sign the request either in the Authorization header or in the query "
            "(a presigned URL), not both"
        )
    auth = sigv4.authorization_of(
        params[CREDENTIAL_PARAM], params[SIGNED_HEADERS_PARAM], params[SIGNATURE_PARAM]
    )
    amz_date = params[DATE_PARAM]
    signed_at = parse_compact_time(amz_date)
    if auth.date != amz_date[:8]:
        raise SignatureFormatError(
            f"the credential scope's date is not the {DATE_PARAM}'s: sign the URL again"
        )
    expires = params[EXPIRES_PARAM]
    if not expires.isdigit() or not 1 <= int(expires) <= MAX_EXPIRES_SECONDS:
        raise SignatureFormatError(
            f"{EXPIRES_PARAM} must be a number of seconds from 1 to {MAX_EXPIRES_SECONDS}"
        )
    query = "&".join(raw for name, _, raw in pairs if name != SIGNATURE_PARAM)
    return PresignedAuthorization(
        auth,
        amz_date,
        signed_at,
        min(timedelta(seconds=int(expires)), MAX_VALIDITY),
        params.get(SECURITY_TOKEN_PARAM) or None,
        dataclasses.replace(request, query=query),
    )


def expected_signature(secret: str, presigned: PresignedAuthorization) -> str:
    """The hex signature the holder of ``secret`` would have put in the URL."""
    return sigv4.signature_at(
        secret, presigned.unsigned, presigned.authorization, presigned.amz_date
    )


def verify(secret: str, presigned: PresignedAuthorization) -> bool:
    """True when the URL carries the signature ``secret`` makes (constant-time)."""
    return signatures_equal(
        expected_signature(secret, presigned), presigned.authorization.signature
    )
