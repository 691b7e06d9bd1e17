"""The identity API's error answers and its X-Request-Id on every answer (``create_app``
installs them: the portal's handlers answer in this shape on the API's paths).

Errors carry Huawei IAM's ``error_code``/``error_msg`` at the top level *and* Keystone's
``{"error": {"code", "title", "message"}}``, so both families of clients read them.
"""

from __future__ import annotations

import logging
import uuid
from http import HTTPStatus
from typing import Any

from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import (
    AccountLockedError,
    AuthenticationError,
    ConflictError,
    IamDeskError,
    NotFoundError,
    PermissionDeniedError,
    VaultUnavailableError,
)
from app.services.api_credentials import Refusal, SignedCallRefused

log = logging.getLogger(__name__)

REQUEST_ID_HEADER = "X-Request-Id"
API_PREFIXES = ("/v3", "/sts")


def is_api_path(path: str) -> bool:
    """The API's own paths (the portal's pages keep their own error pages)."""
    return path.startswith(API_PREFIXES)


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    title = HTTPStatus(status).phrase
    return {
        "error_code": code,
        "error_msg": message,
        "error": {"code": status, "title": title, "message": message},
    }


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(error_body(status, code, message), status_code=status)


def status_and_code(exc: IamDeskError) -> tuple[int, str]:
    """The HTTP status and the stable error code of a service-layer refusal."""
    if isinstance(exc, SignedCallRefused):
        if exc.refusal is Refusal.THROTTLED:
            return 429, "APIGW.0308"
        return 401, "APIGW.0301"
    if isinstance(exc, AccountLockedError):
        return 401, "IAM.0302"
    if isinstance(exc, AuthenticationError):
        return 401, "IAM.0301"
    if isinstance(exc, PermissionDeniedError):
        return 403, "IAM.0403"
    if isinstance(exc, NotFoundError):
        return 404, "IAM.0404"
    if isinstance(exc, ConflictError):
        return 409, "IAM.0409"
    if isinstance(exc, VaultUnavailableError):
        return 503, "IAM.0503"
    return 400, "IAM.0400"


def malformed_message(exc: RequestValidationError) -> str:
    """Where a request body or parameter is malformed and why, from FastAPI's first error."""
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "the body"
    return f"the request is malformed at {where}: {first.get('msg')}"


class RequestIdMiddleware:
    """Gives every answer an X-Request-Id (also a 500 made here from an unexpected error)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.lower().encode(), request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("unexpected error in request %s", request_id)
            if started:
                raise
            response = error_response(500, "IAM.0500", f"internal error (request {request_id})")
            await response(scope, receive, send_with_id)
