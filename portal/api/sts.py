"""AWS STS ``GetCallerIdentity`` signed with Signature Version 4: ``POST /`` and ``/sts``
signed in the Authorization header, ``GET /`` and ``/sts`` as a presigned URL (the signature
in the query, as botocore's ``generate_presigned_url`` writes it).

Answers and errors are STS's XML, which botocore parses.
"""

from __future__ import annotations

from urllib.parse import parse_qs
from xml.sax.saxutils import escape

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.security.signatures import sigv4_presigned
from app.services.api_credentials import Caller, Refusal, SignatureScheme, SignedCallRefused
from app.services.api_credentials_tokens import user_id_text
from portal.api.deps import Api, ApiServices, client_address, signed_request

router = APIRouter(tags=["AWS STS"])

NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/"
_STS_QUERY_NAMES = (
    "Action",
    sigv4_presigned.ALGORITHM_PARAM,
    sigv4_presigned.CREDENTIAL_PARAM,
    sigv4_presigned.SIGNATURE_PARAM,
)
_REFUSALS: dict[Refusal, tuple[int, str]] = {
    Refusal.MALFORMED: (400, "IncompleteSignature"),
    Refusal.UNKNOWN_KEY: (403, "InvalidClientTokenId"),
    Refusal.SIGNATURE_MISMATCH: (403, "SignatureDoesNotMatch"),
    Refusal.SKEWED_CLOCK: (403, "SignatureDoesNotMatch"),
    Refusal.KEY_DISABLED: (403, "InvalidClientTokenId"),
    Refusal.TOKEN_MISSING: (403, "InvalidClientTokenId"),
    Refusal.TOKEN_INVALID: (403, "InvalidClientTokenId"),
    Refusal.EXPIRED: (400, "ExpiredToken"),
    Refusal.SIGNATURE_EXPIRED: (403, "SignatureDoesNotMatch"),  # as AWS answers it
    Refusal.THROTTLED: (400, "Throttling"),
}


def _xml(status: int, body: str) -> Response:
    return Response(
        f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n', status, media_type="text/xml"
    )


def sts_error(request: Request, status: int, code: str, message: str) -> Response:
    request_id = getattr(request.state, "request_id", "")
    return _xml(
        status,
        f'<ErrorResponse xmlns="{NAMESPACE}"><Error><Type>Sender</Type>'
        f"<Code>{escape(code)}</Code><Message>{escape(message)}</Message></Error>"
        f"<RequestId>{escape(request_id)}</RequestId></ErrorResponse>",
    )


def _identity(request: Request, caller: Caller) -> Response:
    account = caller.account_number
    if caller.permission_set is not None:
        arn = f"arn:aws:sts::{account}:assumed-role/{caller.permission_set}/{caller.user_name}"
        user_id = f"{user_id_text(caller.user_id)}:{caller.user_name}"
    else:
        arn = f"arn:aws:iam::{account}:user/{caller.user_name}"
        user_id = user_id_text(caller.user_id)
    request_id = getattr(request.state, "request_id", "")
    return _xml(
        200,
        f'<GetCallerIdentityResponse xmlns="{NAMESPACE}"><GetCallerIdentityResult>'
        f"<Arn>{escape(arn)}</Arn><UserId>{escape(user_id)}</UserId>"
        f"<Account>{account}</Account></GetCallerIdentityResult>"
        f"<ResponseMetadata><RequestId>{escape(request_id)}</RequestId></ResponseMetadata>"
        "</GetCallerIdentityResponse>",
    )


def is_sts_query(request: Request) -> bool:
    """Whether a ``GET /`` is an STS call (an Action, or a presigned URL's parameters) rather
    than a browser or a Keystone client asking for the portal or the version list."""
    return any(name in request.query_params for name in _STS_QUERY_NAMES)


async def answer(request: Request, api: ApiServices, body: bytes = b"") -> Response:
    """The STS answer to a signed request (the store is asked on a worker, never the loop)."""
    form = parse_qs(body.decode("utf-8", "replace")) if body else {}
    form.update(parse_qs(request.url.query))
    action = (form.get("Action") or [""])[0]
    signed = signed_request(request, body)
    if "authorization" not in request.headers and not sigv4_presigned.is_presigned(signed):
        return sts_error(
            request, 403, "MissingAuthenticationToken", "Request is missing Authentication Token"
        )
    try:
        caller = await api.signed_calls.authenticate(
            SignatureScheme.AWS_SIGV4,
            signed,
            action=f"sts:{action or '?'}"[:64],
            address=client_address(request),
        )
    except SignedCallRefused as refused:
        status, code = _REFUSALS[refused.refusal]
        return sts_error(request, status, code, str(refused))
    if action != "GetCallerIdentity":
        return sts_error(
            request, 400, "InvalidAction", f"Could not find operation {action or '(none)'}"
        )
    return _identity(request, caller)


@router.post("/", summary="AWS STS GetCallerIdentity (SigV4 signed; XML)")
async def sts_root(request: Request, api: Api) -> Response:
    return await answer(request, api, await request.body())


@router.post("/sts", summary="AWS STS GetCallerIdentity at /sts (SigV4 signed; XML)")
async def sts_path(request: Request, api: Api) -> Response:
    return await answer(request, api, await request.body())


# GET / is the portal's (and Keystone's version list): it hands presigned STS calls to
# ``answer`` when ``is_sts_query``; this route documents that and serves GET /sts.
@router.get(
    "/sts",
    summary="AWS STS GetCallerIdentity as a presigned URL (SigV4 in the query; XML); "
    "also served at GET / when the query carries Action or X-Amz-Signature",
)
async def sts_presigned(request: Request, api: Api) -> Response:
    return await answer(request, api)
