"""Set a password from the emailed link: the token comes from the URL's fragment (so it never
reaches a server log) and is POSTed by static/set-password.js."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Form, Header, Request
from fastapi.responses import JSONResponse, Response

from app.domain.password_policy import describe
from app.errors import IamDeskError
from app.services.set_password import LinkRefusedError, LinkState
from portal.web import check_csrf, portal_of, refusal, render, throttle

router = APIRouter(include_in_schema=False)

REFUSALS = {
    LinkState.USED: "This link has already been used. Sign in with the password you set, or "
    "ask your administrator for a new link.",
    LinkState.EXPIRED: "This link has expired. Ask your administrator for a new one.",
    LinkState.UNKNOWN: "This link is no longer valid: a newer link or a password change "
    "replaced it. Ask your administrator for a new one.",
}


def _policy(request: Request) -> tuple[list[str], int, int]:
    policy = portal_of(request).set_password.policy()
    return describe(policy), policy.min_length, policy.min_char_types


def page(request: Request, status: int = 200, **context: object) -> Response:
    rules, min_length, min_types = _policy(request)
    return render(request, "set_password.html", status, rules=rules, min_length=min_length,
                  min_types=min_types, anonymous=True, **context)  # fmt: skip


@router.get("/set-password")
def set_password_page(request: Request) -> Response:
    return page(request)


@router.post("/set-password/status")
def link_status(
    request: Request, body: Annotated[dict[str, str], Body()], x_csrf_token: str = Header("")
) -> Response:
    """What the link is worth, before the user types anything (JSON for the script)."""
    check_csrf(request, x_csrf_token)
    limits = portal_of(request).limits
    throttle(request, "link", limits.code_per_address, limits.code_per_address, None)
    status = portal_of(request).set_password.status(str(body.get("token", ""))[:128])
    message = REFUSALS.get(status.state, "")
    return JSONResponse({"state": status.state.value, "user": status.user_name,
                         "message": _translate(request, message)})  # fmt: skip


@router.post("/set-password")
def set_password(
    request: Request,
    token: str = Form(""),
    new_password: str = Form(""),
    confirm_password: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    check_csrf(request, csrf_token)
    portal = portal_of(request)
    limits = portal.limits
    throttle(request, "link", limits.code_per_address, limits.code_per_address, None)
    if new_password != confirm_password:
        return page(request, 400, error="The two passwords do not match.", token=token)
    try:
        name = portal.set_password.redeem(token[:128], new_password[:1024])
    except LinkRefusedError as exc:
        return page(request, 410, error=REFUSALS[exc.state], link_dead=True)
    except IamDeskError as exc:
        return page(request, 400, error=refusal(request, exc), token=token)
    return render(request, "password_set.html", user_name=name, anonymous=True)


def _translate(request: Request, text: str) -> str:
    from portal.web import translator

    return translator(request)(text) if text else ""
