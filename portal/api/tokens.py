"""Keystone v3 / Huawei IAM tokens: issue (password, password+TOTP), validate, revoke.

``Authorization`` and ``X-Sdk-Date`` are ignored here: the Huawei SDK signs these calls too.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request, Response

from app.errors import AuthenticationError, ValidationError
from app.services.api_credentials_tokens import KeystoneIdentity, TokenInfo
from portal.api.deps import Api, client_address
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


def keystone_identity(identity: Identity) -> KeystoneIdentity:
    methods = set(identity.methods)
    if "password" not in methods or identity.password is None:
        raise ValidationError(
            'this server issues tokens for the "password" method', field="methods"
        )
    if not methods <= {"password", "totp"}:
        raise ValidationError('the methods must be ["password"] or ["password", "totp"]')
    user = identity.password.user
    if not user.password:
        raise AuthenticationError(code="signin.bad_credentials")
    totp = identity.totp.user if identity.totp is not None else None
    if "totp" in methods and (totp is None or not totp.passcode):
        raise ValidationError("the totp method needs auth.identity.totp.user.passcode")
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
    issued = api.keystone.issue(
        keystone_identity(body.auth.identity), address=client_address(request)
    )
    response.headers[SUBJECT_TOKEN] = issued.token
    return token_body(issued.info)


@router.get("/v3/auth/tokens", summary="Validate a token (X-Auth-Token and X-Subject-Token)")
def validate_token(
    response: Response,
    x_auth_token: Annotated[str, Header()],
    x_subject_token: Annotated[str, Header()],
    api: Api,
    nocatalog: str | None = None,
) -> dict[str, Any]:
    info = api.keystone.validate(x_subject_token, auth_token=x_auth_token)
    response.headers[SUBJECT_TOKEN] = x_subject_token
    return token_body(info)


@router.delete("/v3/auth/tokens", status_code=204, summary="Revoke a token (X-Subject-Token)")
def revoke_token(
    request: Request,
    x_auth_token: Annotated[str, Header()],
    x_subject_token: Annotated[str, Header()],
    api: Api,
) -> Response:
    api.keystone.revoke(x_auth_token, x_subject_token, address=client_address(request))
    return Response(status_code=204)
