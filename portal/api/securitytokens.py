"""Temporary access keys for a token (Huawei IAM's ``OS-CREDENTIAL/securitytokens``).

They live as long as the session duration of the user's permission set (IAM Identity
Center's rule); a shorter ``duration_seconds`` is honoured, a longer one refused. A user in
several sets names one with the ``X-Permission-Set`` header or ``?permission_set=``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request

from app.domain.vocabulary import AuthMethod
from app.errors import AuthenticationError, ValidationError
from portal.api.deps import Api, ApiRequest, client_address, count_request
from portal.api.models import AuthRequest
from portal.api.timestamps import iso

router = APIRouter(tags=["temporary access keys"])


@router.post(
    "/v3.0/OS-CREDENTIAL/securitytokens",
    status_code=201,
    summary="Temporary access keys (AK/SK + security token) for a token",
)
def create_security_token(
    body: AuthRequest,
    request: Request,
    api: Api,
    x_auth_token: Annotated[str | None, Header()] = None,
    x_permission_set: Annotated[str | None, Header()] = None,
    permission_set: str | None = None,
) -> dict[str, Any]:
    count_request(request, api, ApiRequest.TEMPORARY_KEYS)
    identity = body.auth.identity
    if AuthMethod.TOKEN not in identity.methods:
        raise ValidationError(
            'temporary access keys are issued for a token: set auth.identity.methods to ["token"]'
        )
    method = identity.token
    token = (method.id if method else None) or x_auth_token
    if not token:
        raise AuthenticationError(
            "give the token in auth.identity.token.id or in the X-Auth-Token header"
        )
    issued = api.services.temporary_credentials.issue(
        token,
        x_permission_set or permission_set,
        duration_seconds=method.duration_seconds if method else None,
        address=client_address(request),
    )
    return {
        "credential": {
            "access": issued.access_key_id,
            "secret": issued.secret_access_key,
            "securitytoken": issued.security_token,
            "expires_at": iso(issued.expires_at),
        }
    }
