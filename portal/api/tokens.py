"""Keystone v3 / Huawei IAM tokens: issue (password, password+TOTP), validate, revoke.

``Authorization`` and ``X-Sdk-Date`` are ignored here: the Huawei SDK signs these calls too.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request, Response
from fastapi.responses import JSONResponse

from app.domain.vocabulary import AuthMethod
from app.errors import AuthenticationError, ValidationError
from app.services.api_credentials_tokens import KeystoneIdentity, TokenInfo
from portal.api.deps import Api, ApiRequest, client_address, count_request
from portal.api.models import AuthRequest, Identity
from portal.api.timestamps import iso

router = APIRouter(tags=["tokens"])

SUBJECT_TOKEN = "X-Subject-Token"  # noqa: S105 (a header name)


def token_body(info: TokenInfo) -> dict[str, Any]:
    return {
        "token": {
            "methods": list(info.methods),
            "issued_at": iso(info.issued_at),
            "expires_at": iso(info.expires_at),
            "user": {
                "id": info.user_id,
                "name": info.user_name,
                "domain": {"id": info.domain_id, "name": info.domain_name},
                "password_expires_at": None,
            },
            "catalog": [],
            "roles": [],
        }
    }


_ISSUING_METHODS = {AuthMethod.PASSWORD, AuthMethod.TOTP}
_METHODS_HINT = 'set auth.identity.methods to ["password"] or ["password", "totp"]'


def keystone_identity(identity: Identity) -> KeystoneIdentity:
    """What a token request names, checked for shape (who it is: the service's job)."""
    methods = set(identity.methods)
    if not methods <= _ISSUING_METHODS:
        unknown = ", ".join(sorted(methods - _ISSUING_METHODS))
        raise ValidationError(f"tokens are not issued for the method {unknown}: {_METHODS_HINT}")
    if AuthMethod.PASSWORD not in methods or identity.password is None:
        raise ValidationError(
            f"tokens are issued for a password: {_METHODS_HINT} and give "
            "auth.identity.password.user",
            field="methods",
        )
    user = identity.password.user
    if not user.password:
        raise AuthenticationError(code="signin.bad_credentials")
    totp = identity.totp.user if identity.totp is not None else None
    if AuthMethod.TOTP in methods and (totp is None or not totp.passcode):
        raise ValidationError(
            "the totp method needs the virtual MFA device's code in "
            "auth.identity.totp.user.passcode"
        )
    return KeystoneIdentity(
        password=user.password,
        user_name=user.name,
        user_id=user.id,
        domain_name=user.domain.name if user.domain else None,
        domain_id=user.domain.id if user.domain else None,
        passcode=totp.passcode.replace(" ", "") if totp and totp.passcode else None,
        totp_user_name=totp.name if totp else None,
        totp_user_id=totp.id if totp else None,
        totp_domain_name=totp.domain.name if totp and totp.domain else None,
        totp_domain_id=totp.domain.id if totp and totp.domain else None,
    )


@router.post(
    "/v3/auth/tokens",
    status_code=201,
    summary="Issue a token (password, or password and TOTP under API login protection)",
    response_description="The token's facts; the token itself is in X-Subject-Token",
)
def create_token(
    body: AuthRequest,
    request: Request,
    response: Response,
    api: Api,
    nocatalog: str | None = None,
) -> dict[str, Any]:
    count_request(request, api, ApiRequest.TOKEN)
    issued = api.keystone.issue(
        keystone_identity(body.auth.identity), address=client_address(request)
    )
    response.headers[SUBJECT_TOKEN] = issued.token
    return token_body(issued.info)


@router.get("/v3/auth/tokens", summary="Validate a token (X-Auth-Token and X-Subject-Token)")
async def validate_token(
    x_auth_token: Annotated[str, Header()],
    x_subject_token: Annotated[str, Header()],
    api: Api,
    nocatalog: str | None = None,
) -> JSONResponse:
    info = await api.keystone.validate(x_subject_token, auth_token=x_auth_token)
    return JSONResponse(token_body(info), headers={SUBJECT_TOKEN: x_subject_token})


@router.delete("/v3/auth/tokens", status_code=204, summary="Revoke a token (X-Subject-Token)")
def revoke_token(
    request: Request,
    x_auth_token: Annotated[str, Header()],
    x_subject_token: Annotated[str, Header()],
    api: Api,
) -> Response:
    api.keystone.revoke(x_auth_token, x_subject_token, address=client_address(request))
    return Response(status_code=204)
