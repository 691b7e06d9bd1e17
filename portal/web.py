"""What every page shares: the portal object, cookies, CSRF, language and rendering."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from app.errors import IamDeskError
from app.services import Services
from app.services.portal_sessions import PortalSessionRecord, PortalSessionService, Stage
from app.services.set_password import SetPasswordService
from app.services.throttle import Limit, Throttle
from portal.i18n import LANGUAGES, gettext, pick_language
from portal.refusals import refusal_text
from portal.sign_in_flow import SignInFlow

HERE = Path(__file__).parent
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
HOME = "/security"


@dataclass(frozen=True)
class Limits:
    """Throttling windows (per client address and per account) and the resend cool-down."""

    sign_in_per_address: Limit = Limit(30, 300)
    sign_in_per_account: Limit = Limit(10, 300)
    code_per_address: Limit = Limit(30, 300)
    code_per_account: Limit = Limit(10, 300)
    send_per_address: Limit = Limit(20, 600)
    send_per_account: Limit = Limit(5, 600)
    resend_cooldown_seconds: int = 30


@dataclass
class Portal:
    """The composition the pages use, built once per worker by ``create_app``."""

    services: Services
    limits: Limits = field(default_factory=Limits)

    def __post_init__(self) -> None:
        ctx = self.services.context
        self.sessions = PortalSessionService(ctx)
        self.throttle = Throttle(ctx)
        self.set_password = SetPasswordService(ctx, self.services.passwords)
        self.sign_in = SignInFlow(self.services, self.sessions)
        env = jinja2.Environment(  # noqa: S701 (autoescape is on)
            loader=jinja2.FileSystemLoader(HERE / "templates"),
            autoescape=True,
            auto_reload=False,  # templates change with the code: no stat() per page
        )
        self.templates = Jinja2Templates(env=env)


class CsrfError(Exception):
    """A state-changing request without a valid token or from another origin."""


class ThrottledError(Exception):
    """Too many attempts from this address or for this account."""


def portal_of(request: Request) -> Portal:
    return request.app.state.portal  # type: ignore[no-any-return]


def is_tls(request: Request) -> bool:
    return request.url.scheme == "https"


def session_cookie(request: Request) -> str:
    return "__Host-iamdesk-session" if is_tls(request) else "iamdesk-session"


def pre_cookie(request: Request) -> str:
    return "__Host-iamdesk-pre" if is_tls(request) else "iamdesk-pre"


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def current_session(request: Request) -> PortalSessionRecord | None:
    """The request's live portal session (looked up once per request)."""
    if not hasattr(request.state, "portal_session"):
        token = request.cookies.get(session_cookie(request), "")
        request.state.portal_session = portal_of(request).sessions.current(token)
    return request.state.portal_session  # type: ignore[no-any-return]


def _csrf_source(request: Request) -> str:
    session = current_session(request)
    if session is not None:
        return session.token
    if not hasattr(request.state, "pre_token"):
        request.state.pre_token = request.cookies.get(pre_cookie(request)) or ""
    if not request.state.pre_token:
        request.state.pre_token = secrets.token_urlsafe(32)
        request.state.new_pre_token = True
    return request.state.pre_token  # type: ignore[no-any-return]


def csrf_token(request: Request) -> str:
    """The synchronizer token: bound to the session (or, before sign-in, to the pre-session
    cookie), so a token from another browser is worthless."""
    source = _csrf_source(request)
    return hmac.new(source.encode(), b"iamdesk-portal-csrf", hashlib.sha256).hexdigest()


def check_csrf(request: Request, sent: str | None) -> None:
    """Refuse a state-changing request from another origin or without the right token.

    Under ``Referrer-Policy: no-referrer`` a browser's form POST says ``Origin: null``; then
    its ``Sec-Fetch-Site`` must say same-origin. One positive same-origin signal is needed.
    """
    headers = request.headers
    own = f"{request.url.scheme}://{headers.get('host', '')}"
    origin = headers.get("origin")
    fetch_site = headers.get("sec-fetch-site")
    if origin and origin != "null" and origin != own:
        raise CsrfError("cross-origin request")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        raise CsrfError("cross-site request")
    referer = urlsplit(headers.get("referer", ""))
    same = (
        origin == own
        or fetch_site == "same-origin"
        or f"{referer.scheme}://{referer.netloc}" == own
    )
    if not same:
        raise CsrfError("no same-origin signal")
    if not sent or not hmac.compare_digest(sent, csrf_token(request)):
        raise CsrfError("missing or wrong token")


def throttle(request: Request, what: str, per_address: Limit, per_account: Limit,
             account: str | None) -> None:  # fmt: skip
    """Count a hit for the client address and the account (one transaction); ThrottledError
    when either is over its limit."""
    portal = portal_of(request)
    by_address = (f"{what}:addr:{client_address(request)}", per_address)
    if account:
        by_account = (f"{what}:user:{account.strip().lower()}", per_account)
        allowed = portal.throttle.allow_both(by_address, by_account)
    else:
        allowed = portal.throttle.allow(*by_address)
    if not allowed:
        raise ThrottledError(what)


def safe_next(value: str | None) -> str:
    """Only a path on this site: never another host (no open redirect)."""
    if not value or len(value) > 200 or not value.startswith("/") or value.startswith("//"):
        return HOME
    if any(c in value for c in "\\\r\n\t") or any(ord(c) < 32 for c in value):
        return HOME
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return HOME
    return value


def language(request: Request) -> str:
    if not hasattr(request.state, "lang"):
        request.state.lang = pick_language(
            request.query_params.get("lang"),
            request.cookies.get("iamdesk-lang"),
            request.headers.get("accept-language"),
        )
    return request.state.lang  # type: ignore[no-any-return]


def refusal(request: Request, error: IamDeskError) -> str:
    """A service's refusal in the request's language (by its error code)."""
    return refusal_text(language(request), error)


def translator(request: Request) -> Any:
    lang = language(request)
    return lambda text, **kw: gettext(lang, text, **kw)


def render(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    """A page in the request's language, with its CSRF token and cookies."""
    session = context.pop("session", None)
    if session is None and not context.pop("anonymous", False):
        session = current_session(request)
    lang = language(request)
    context.update(
        request=request,
        _=translator(request),
        lang=lang,
        languages=LANGUAGES,
        csrf=csrf_token(request),
        csrf_field=CSRF_FIELD,
        session=session if session and session.stage is Stage.ACTIVE else None,
        path=request.url.path,
    )
    response = portal_of(request).templates.TemplateResponse(
        request, template, context, status_code=status
    )
    finish(request, response)
    return response


def finish(request: Request, response: Response) -> Response:
    """Set the cookies a response owes: a new pre-session token, a language choice."""
    secure = is_tls(request)
    if getattr(request.state, "new_pre_token", False):
        response.set_cookie(pre_cookie(request), request.state.pre_token, httponly=True,
                            samesite="strict", secure=secure, path="/")  # fmt: skip
    chosen = request.query_params.get("lang")
    if chosen in LANGUAGES:
        response.set_cookie("iamdesk-lang", chosen, max_age=365 * 86400, httponly=True,
                            samesite="lax", secure=secure, path="/")  # fmt: skip
    return response


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(session_cookie(request), token, httponly=True, samesite="lax",
                        secure=is_tls(request), path="/")  # fmt: skip


def clear_session_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(session_cookie(request), path="/", secure=is_tls(request),
                           httponly=True, samesite="lax")  # fmt: skip


def redirect(request: Request, url: str) -> RedirectResponse:
    response = RedirectResponse(url, status_code=303)
    finish(request, response)
    return response
