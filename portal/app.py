"""The ASGI application: ``create_app(services)``, and ``from_env()`` for uvicorn's workers."""

from __future__ import annotations

import gc
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import Settings
from app.errors import IamDeskError
from app.services import Services
from portal.api import errors as api_errors
from portal.api import router as api_router
from portal.api import sts
from portal.api.deps import api_services_of, build_api_services
from portal.api.versions import version_list
from portal.pages import account, contacts, credentials, security, set_password, sign_in
from portal.web import HERE, CsrfError, Limits, Portal, ThrottledError, refusal, render

log = logging.getLogger(__name__)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


class SecurityHeaders:
    """Adds the headers every answer carries (pages, errors, static files, the API)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tls = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.extend(_HEADERS)
                if tls:
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
                if not scope["path"].startswith("/static/"):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(services: Services, *, limits: Limits | None = None) -> FastAPI:
    """The portal (pages and, when present, the identity API) on ``services``."""
    app = FastAPI(title="IAM Desk identity API", docs_url=None, redoc_url=None)
    app.state.portal = Portal(services, limits or Limits())
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _add_error_pages(app)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> PlainTextResponse:
        return PlainTextResponse("ok")

    @app.get("/", include_in_schema=False)
    async def root(request: Request) -> Response:
        if sts.is_sts_query(request):  # a presigned GetCallerIdentity
            return await sts.answer(request, api_services_of(request))
        if _wants_json(request):
            return version_list(request)
        return await run_in_threadpool(sign_in.start_page, request)  # it reads the session

    for router in (sign_in.router, set_password.router, account.router, security.router,
                   credentials.router, contacts.router):  # fmt: skip
        app.include_router(router)
    # The identity API: its routes, X-Request-Id on every answer, refusals in its own shape.
    app.state.services = services
    app.state.identity_api = build_api_services(services)
    app.include_router(api_router)
    app.add_middleware(api_errors.RequestIdMiddleware)
    return app


def from_env() -> FastAPI:
    """uvicorn's factory (``--factory``, one per worker): the store the environment names."""
    from app.store import db

    settings = Settings.from_env()
    engine = db.make_engine(settings.database_url)
    try:
        if not db.is_initialised(engine):
            raise SystemExit(uninitialised_message(settings))
    finally:
        engine.dispose()
    served = create_app(Services.open(settings, upgrade=False))
    # What start-up made (the modules, the app, the store's mappings: ~100,000 objects) lives as
    # long as the process: out of the collector's sight, a full collection no longer stops every
    # request in flight while it scans them (78 ms; the sign-in page's p99 at 16 clients was
    # 84 ms, its p50 9 ms).
    gc.freeze()
    return served


def uninitialised_message(settings: Settings) -> str:
    return (
        f"iamdesk-portal: the store ({settings.describe_store()}) is not initialised — "
        "run `iamctl init` first"
    )


def _is_api(request: Request) -> bool:
    return api_errors.is_api_path(request.url.path) or _wants_json(request)


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


ERROR_PAGES = {
    404: "This page does not exist.",
    405: "This page cannot be used that way.",
    400: "The form was incomplete: go back and fill it in again.",
    403: "This form has expired or came from another site: go back, reload the page and try again.",
    429: "Too many attempts: wait a few minutes and try again.",
    500: "Something went wrong on our side. Try again later.",
}
_FAILED = "The request failed."


def _add_error_pages(app: FastAPI) -> None:
    def page(request: Request, status: int, message: str) -> Response:
        if _is_api(request):
            return api_errors.error_response(status, f"IAM.0{status}", message)
        if not hasattr(request.state, "portal_session"):
            request.state.portal_session = None  # no store query on the event loop
        return render(request, "error.html", status, message=message, anonymous=True)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return page(request, exc.status_code, ERROR_PAGES.get(exc.status_code, _FAILED))

    async def bad_form(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        if _is_api(request):
            return api_errors.error_response(400, "IAM.0400", api_errors.malformed_message(exc))
        return page(request, 400, ERROR_PAGES[400])

    async def refused(request: Request, exc: Exception) -> Response:
        """A service refusal no page caught: the API's shape on its paths, else a page."""
        assert isinstance(exc, IamDeskError)
        status, code = api_errors.status_and_code(exc)
        if _is_api(request):
            return api_errors.error_response(status, code, str(exc))
        return page(request, status, refusal(request, exc))

    async def csrf(request: Request, exc: Exception) -> Response:
        return page(request, 403, ERROR_PAGES[403])

    async def throttled(request: Request, exc: Exception) -> Response:
        return page(request, 429, ERROR_PAGES[429])

    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("portal error on %s", request.url.path)
        return page(request, 500, ERROR_PAGES[500])

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, bad_form)
    app.add_exception_handler(IamDeskError, refused)
    app.add_exception_handler(CsrfError, csrf)
    app.add_exception_handler(ThrottledError, throttled)
    app.add_exception_handler(Exception, crash)
