"""How the API's routes reach the service layer: ``app.state.services`` (a ``Services``)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from fastapi import Depends, Request

from app.security.signatures.common import SignedRequest
from app.services import Services
from app.services import api_credentials_throttle as api_throttle
from app.services.api_credentials import SignedCallService
from app.services.api_credentials_tokens import KeystoneTokenService
from app.services.throttle import Throttle
from portal.web import ThrottledError


@dataclass(frozen=True)
class ApiServices:
    """The services the identity API uses, built once per app from its ``Services``."""

    services: Services
    signed_calls: SignedCallService
    keystone: KeystoneTokenService
    throttle: Throttle


def build_api_services(services: Services) -> ApiServices:
    """What the identity API's routes use, made once with the app."""
    return ApiServices(
        services,
        SignedCallService(services.context),
        KeystoneTokenService(services.context, services.api_tokens),
        Throttle(services.context),
    )


def api_services_of(request: Request) -> ApiServices:
    """The app's ``ApiServices`` (``create_app`` made them)."""
    found: ApiServices = request.app.state.identity_api
    return found


async def api_services(request: Request) -> ApiServices:
    """The routes' dependency: async, so resolving it costs no hop to the thread pool."""
    return api_services_of(request)


Api = Annotated[ApiServices, Depends(api_services)]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


class ApiRequest(StrEnum):
    """What a throttled (unsigned) API request asks for: its counter's name."""

    TOKEN = "api-token"  # noqa: S105 (a counter's name)
    TEMPORARY_KEYS = "api-temporary-keys"


def count_request(request: Request, api: ApiServices, what: ApiRequest) -> None:
    """Count a token or temporary-key request from the caller's address (signed calls count
    their own); ThrottledError (429) past ``TOKEN_REQUESTS_PER_ADDRESS`` a minute."""
    limit = api_throttle.TOKEN_REQUESTS_PER_ADDRESS
    if not api.throttle.allow(f"{what.value}:addr:{client_address(request)}", limit):
        raise ThrottledError(what.value)


def signed_request(request: Request, body: bytes = b"") -> SignedRequest:
    """The request as its signer saw it: raw path and query, headers, exact body."""
    headers: dict[str, str] = {}
    for raw_name, raw_value in request.scope["headers"]:
        name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
        headers[name] = f"{headers[name]},{value}" if name in headers else value
    raw_path = request.scope.get("raw_path") or request.scope["path"].encode()
    return SignedRequest(
        request.method,
        raw_path.decode("latin-1").split("?", 1)[0],
        request.scope.get("query_string", b"").decode("latin-1"),
        headers,
        body,
    )
