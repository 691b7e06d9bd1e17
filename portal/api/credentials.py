"""A user's own permanent access keys, for calls signed with SDK-HMAC-SHA256.

Signed with a permanent key, or with temporary keys and their (signed) X-Security-Token.
Never a secret in an answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from app.errors import NotFoundError, PermissionDeniedError
from app.services.access_keys import own_key, own_keys
from app.services.api_credentials import Caller, SignatureScheme
from app.services.api_credentials_tokens import user_id_text
from app.services.records import AccessKeyRecord
from app.store.uow import UnitOfWork
from portal.api.deps import Api, ApiServices, client_address, signed_request
from portal.api.timestamps import iso

router = APIRouter(tags=["access keys"])
T = TypeVar("T")


async def _signed(
    request: Request, api: ApiServices, action: str, then: Callable[[UnitOfWork, Caller], T]
) -> tuple[Caller, T]:
    return await api.signed_calls.call(
        SignatureScheme.SDK_HMAC_SHA256,
        signed_request(request),
        action=action,
        address=client_address(request),
        then=then,
    )


def _credential(caller: Caller, key: AccessKeyRecord) -> dict[str, Any]:
    return {
        "user_id": user_id_text(caller.user_id),
        "access": key.access_key_id,
        "status": key.status,
        "create_time": iso(key.created_at),
        "last_use_time": iso(key.last_used_at) if key.last_used_at else None,
        "description": "",
    }


@router.get(
    "/v3.0/OS-CREDENTIAL/credentials",
    summary="The signer's own permanent access keys (SDK-HMAC-SHA256 signed)",
)
async def list_permanent_access_keys(
    request: Request, api: Api, user_id: str | None = None
) -> JSONResponse:
    caller, keys = await _signed(
        request, api, "ListPermanentAccessKeys", lambda uow, c: own_keys(uow, c.user_id)
    )
    if user_id and user_id != user_id_text(caller.user_id):
        raise PermissionDeniedError(
            "you can list only your own access keys: leave out user_id or give your own "
            f"({user_id_text(caller.user_id)})"
        )
    return JSONResponse({"credentials": [_credential(caller, k) for k in keys]})


@router.get(
    "/v3.0/OS-CREDENTIAL/credentials/{access}",
    summary="One of the signer's own permanent access keys (SDK-HMAC-SHA256 signed)",
)
async def show_permanent_access_key(access: str, request: Request, api: Api) -> JSONResponse:
    caller, key = await _signed(
        request, api, "ShowPermanentAccessKey", lambda uow, c: own_key(uow, c.user_id, access)
    )
    if key is None:
        raise NotFoundError(
            f"you have no access key {access!r}: GET /v3.0/OS-CREDENTIAL/credentials lists yours"
        )
    return JSONResponse({"credential": _credential(caller, key)})
