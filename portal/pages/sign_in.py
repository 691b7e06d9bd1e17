"""Sign in: username → Next → password → Sign in → the second factor → (must-change)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Body, Form, Header, Request
from fastapi.responses import JSONResponse, Response

from app.errors import AccountLockedError, AuthenticationError, IamDeskError
from app.services.portal_sessions import PortalSessionRecord, Stage
from portal.sign_in_flow import SecondFactorChallenge, SignedIn
from portal.web import (
    HOME,
    check_csrf,
    client_address,
    current_session,
    portal_of,
    redirect,
    refusal,
    render,
    safe_next,
    session_cookie,
    set_session_cookie,
    throttle,
    translator,
)

router = APIRouter(include_in_schema=False)

_BAD = "The username or password is wrong."
_LOCKED = (
    "Too many failed sign-ins: this user is locked for a while. "
    "Try again later or ask your administrator."
)
_WAIT = "Wait {seconds} seconds before asking for another code."
_AGAIN = "Start again with your password."


def start_page(request: Request) -> Response:
    """GET / and /sign-in: where the sign-in stands for this browser."""
    session = current_session(request)
    if session is not None:
        if session.stage is Stage.ACTIVE:
            return redirect(request, safe_next(request.query_params.get("next")))
        if session.stage is Stage.MUST_CHANGE:
            return redirect(request, "/change-password")
        return redirect(request, "/sign-in/verify")
    return render(request, "sign_in.html", step="username", username="",
                  next=safe_next(request.query_params.get("next")))  # fmt: skip


@router.get("/sign-in")
def sign_in_page(request: Request) -> Response:
    return start_page(request)


@router.post("/sign-in/username")
def username_step(
    request: Request,
    username: str = Form(""),
    next: str = Form(""),  # noqa: A002 (the form field's name)
    csrf_token: str = Form(""),
) -> Response:
    check_csrf(request, csrf_token)
    username = username.strip()[:64]
    if not username:
        return render(request, "sign_in.html", 400, step="username", username="",
                      next=safe_next(next), error="Enter your username.")  # fmt: skip
    return render(request, "sign_in.html", step="password", username=username,
                  next=safe_next(next))  # fmt: skip


@router.post("/sign-in/password")
def password_step(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    next: str = Form(""),  # noqa: A002
    csrf_token: str = Form(""),
) -> Response:
    check_csrf(request, csrf_token)
    portal = portal_of(request)
    username, target = username.strip()[:64], safe_next(next)
    limits = portal.limits
    throttle(request, "sign-in", limits.sign_in_per_address, limits.sign_in_per_account, username)
    old = request.cookies.get(session_cookie(request), "")
    try:
        outcome, session = portal.sign_in.password(
            username, password[:1024], client_address(request), replaces=old
        )
    except AccountLockedError:
        return _refused(request, "password", username, target, _LOCKED)
    except AuthenticationError:
        return _refused(request, "password", username, target, _BAD)
    except IamDeskError as exc:
        return _refused(request, "password", username, target, refusal(request, exc))
    if isinstance(outcome, SecondFactorChallenge):
        response = redirect(request, "/sign-in/verify?next=" + target)
    else:
        response = redirect(request, "/change-password" if outcome.password_change_required
                            else target)  # fmt: skip
    set_session_cookie(request, response, session.token)
    return response


@router.get("/sign-in/verify")
def verify_page(request: Request) -> Response:
    session = current_session(request)
    if session is None or session.stage is not Stage.SECOND_FACTOR:
        return start_page(request)
    return _verify_page(request, session)


@router.post("/sign-in/verify")
def verify_step(
    request: Request,
    code: str = Form(""),
    next: str = Form(""),  # noqa: A002
    csrf_token: str = Form(""),
) -> Response:
    check_csrf(request, csrf_token)
    session = current_session(request)
    if session is None or session.stage is not Stage.SECOND_FACTOR or not session.challenge_id:
        return start_page(request)
    portal = portal_of(request)
    limits = portal.limits
    throttle(request, "code", limits.code_per_address, limits.code_per_account, session.user_name)
    try:
        outcome = portal.sign_in.code(
            session.challenge_id, code.strip()[:16], client_address(request)
        )
    except IamDeskError as exc:
        return _verify_page(request, session, refusal(request, exc), 400)
    return _finish(request, session, outcome, safe_next(next))


@router.post("/sign-in/resend")
def resend(request: Request, csrf_token: str = Form("")) -> Response:
    check_csrf(request, csrf_token)
    session = current_session(request)
    if session is None or session.stage is not Stage.SECOND_FACTOR or not session.challenge_id:
        return start_page(request)
    portal = portal_of(request)
    limits = portal.limits
    wait = _cooldown_left(request, session)
    if wait > 0:
        return _verify_page(request, session, _WAIT, 429, seconds=wait)
    throttle(request, "send", limits.send_per_address, limits.send_per_account, session.user_name)
    try:
        portal.sign_in.resend(session.challenge_id)
    except IamDeskError as exc:
        return _verify_page(request, session, refusal(request, exc), 400)
    portal.sessions.code_sent(session.token)
    return _verify_page(request, session, notice="A new code was sent.")


@router.post("/sign-in/key/options")
def key_options(request: Request, x_csrf_token: str = Header("")) -> Response:
    check_csrf(request, x_csrf_token)
    session = current_session(request)
    if session is None or session.stage is not Stage.SECOND_FACTOR or not session.challenge_id:
        return JSONResponse({"error": translator(request)(_AGAIN)}, 409)
    try:
        options = portal_of(request).sign_in.key_options(session.challenge_id)
    except IamDeskError as exc:
        return JSONResponse({"error": refusal(request, exc)}, 400)
    return JSONResponse({"publicKey": options})


@router.post("/sign-in/key")
def key_step(
    request: Request,
    credential: Annotated[dict[str, Any], Body()],
    x_csrf_token: str = Header(""),
) -> Response:
    check_csrf(request, x_csrf_token)
    session = current_session(request)
    if session is None or session.stage is not Stage.SECOND_FACTOR or not session.challenge_id:
        return JSONResponse({"error": translator(request)(_AGAIN)}, 409)
    portal = portal_of(request)
    limits = portal.limits
    throttle(request, "code", limits.code_per_address, limits.code_per_account, session.user_name)
    try:
        outcome = portal.sign_in.key(session.challenge_id, credential, client_address(request))
    except IamDeskError as exc:
        return JSONResponse({"error": refusal(request, exc)}, 400)
    response = _finish(request, session, outcome, safe_next(request.query_params.get("next")))
    json_response = JSONResponse({"redirect": response.headers["location"]})
    for value in response.headers.getlist("set-cookie"):
        json_response.headers.append("set-cookie", value)
    return json_response


def _finish(
    request: Request, session: PortalSessionRecord, outcome: SignedIn, target: str
) -> Response:
    new = _signed_in(request, outcome, replaces=session.token)
    response = redirect(request, "/change-password" if outcome.password_change_required
                        else target)  # fmt: skip
    set_session_cookie(request, response, new.token)
    return response


def _signed_in(request: Request, outcome: SignedIn, *, replaces: str) -> PortalSessionRecord:
    """A new session id at every sign-in (the old one, if any, ends)."""
    return portal_of(request).sessions.start(outcome.user_id, outcome.stage, replaces=replaces)


def _cooldown_left(request: Request, session: PortalSessionRecord) -> int:
    if session.code_sent_at is None:
        return 0
    cooldown = timedelta(seconds=portal_of(request).limits.resend_cooldown_seconds)
    now = portal_of(request).services.context.clock.now()
    left = (session.code_sent_at + cooldown - now).total_seconds()
    return max(0, int(left + 0.999))


def _verify_page(
    request: Request,
    session: PortalSessionRecord,
    error: str = "",
    status: int = 200,
    notice: str = "",
    **params: Any,
) -> Response:
    portal = portal_of(request)
    method, sent_to, has_keys = _challenge_info(request, session)
    return render(request, "verify.html", status, method=method, sent_to=sent_to,
                  has_keys=has_keys, error=error, error_params=params, notice=notice,
                  cooldown=_cooldown_left(request, session),
                  next=safe_next(request.query_params.get("next")),
                  user_name=session.user_name, anonymous=True,
                  resend_cooldown=portal.limits.resend_cooldown_seconds)  # fmt: skip


def _challenge_info(request: Request, session: PortalSessionRecord) -> tuple[str, str, bool]:
    """The challenge's method, masked destination and whether keys can answer it."""
    try:
        return portal_of(request).sign_in.describe(session.challenge_id or "")
    except IamDeskError:
        return "expired", "", False


def _refused(request: Request, step: str, username: str, target: str, message: str) -> Response:
    return render(request, "sign_in.html", 401, step=step, username=username, next=target,
                  error=message)  # fmt: skip


__all__ = ["HOME", "router", "start_page"]
