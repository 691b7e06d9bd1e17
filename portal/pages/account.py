"""The signed-in user's own pages: change password, sign out (and the security settings)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from app.domain.password_policy import describe
from app.domain.roles import Role
from app.errors import IamDeskError
from app.services.portal_sessions import PortalSessionRecord, Stage
from app.services.records import Actor
from portal.web import (
    check_csrf,
    clear_session_cookie,
    current_session,
    portal_of,
    redirect,
    refusal,
    render,
    set_session_cookie,
)

router = APIRouter(include_in_schema=False)


def actor_of(session: PortalSessionRecord) -> Actor:
    """The signed-in user as the services' actor: their own record only, whatever operator
    role they hold (``Role.SELF``; the audit names the user)."""
    return Actor(session.user_name, Role.SELF, session.user_id)


def signed_in(request: Request, *, allow_must_change: bool = False) -> PortalSessionRecord | None:
    session = current_session(request)
    if session is None:
        return None
    if session.stage is Stage.ACTIVE or (allow_must_change and session.stage is Stage.MUST_CHANGE):
        return session
    return None


def posted_by(
    request: Request, csrf_token: str, *, allow_must_change: bool = False
) -> PortalSessionRecord | None:
    """The signed-in session behind a form POST (CSRF checked), or None: go and sign in."""
    check_csrf(request, csrf_token)
    return signed_in(request, allow_must_change=allow_must_change)


def to_sign_in(request: Request) -> Response:
    session = current_session(request)
    if session is not None and session.stage is Stage.MUST_CHANGE:
        return redirect(request, "/change-password")
    return redirect(request, "/sign-in?next=" + request.url.path)


def _change_page(request: Request, session: PortalSessionRecord, status: int = 200,
                 error: str = "") -> Response:  # fmt: skip
    policy = portal_of(request).set_password.policy()
    return render(request, "change_password.html", status, session=session,
                  must_change=session.stage is Stage.MUST_CHANGE, rules=describe(policy),
                  min_length=policy.min_length, min_types=policy.min_char_types,
                  error=error)  # fmt: skip


@router.get("/change-password")
def change_password_page(request: Request) -> Response:
    session = signed_in(request, allow_must_change=True)
    if session is None:
        return to_sign_in(request)
    return _change_page(request, session)


@router.post("/change-password")
def change_password(
    request: Request,
    current_password: str = Form(""),
    new_password: str = Form(""),
    confirm_password: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    session = posted_by(request, csrf_token, allow_must_change=True)
    if session is None:
        return to_sign_in(request)
    if new_password != confirm_password:
        return _change_page(request, session, 400, "The two passwords do not match.")
    portal = portal_of(request)
    try:
        portal.services.passwords.change_own(
            actor_of(session), current_password[:1024], new_password[:1024]
        )
    except IamDeskError as exc:
        return _change_page(request, session, 400, refusal(request, exc))
    # The change ends sessions begun before it; this browser continues in a new one.
    new = portal.sessions.start(session.user_id, Stage.ACTIVE, replaces=session.token)
    response = redirect(request, "/security?changed=1")
    set_session_cookie(request, response, new.token)
    return response


@router.post("/sign-out")
def sign_out(request: Request, csrf_token: str = Form("")) -> Response:
    check_csrf(request, csrf_token)
    session = current_session(request)
    if session is not None:
        portal_of(request).sessions.end(session.token)
    response = redirect(request, "/sign-in?signed_out=1")
    clear_session_cookie(request, response)
    return response
