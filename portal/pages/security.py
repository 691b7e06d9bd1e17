"""My security settings: the user's own factors, each change the desk's service call."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Body, Form, Header, Request
from fastapi.responses import JSONResponse, Response
from markupsafe import Markup

from app.errors import IamDeskError
from app.services.portal_sessions import PortalSessionRecord
from app.services.self_service import SelfService
from portal.pages.account import actor_of, posted_by, signed_in, to_sign_in
from portal.web import check_csrf, portal_of, redirect, refusal, render, translator

router = APIRouter(include_in_schema=False)

PROTECTION_NAMES = {
    "off": "Off",
    "sms": "SMS verification code",
    "email": "Email verification code",
    "mfa": "Virtual MFA device or security key",
}
DONE = {
    "mfa-bound": "Your virtual MFA device is bound.",
    "mfa-unbound": "Your virtual MFA device is unbound.",
    "key-added": "The security key was added.",
    "key-removed": "The security key was removed.",
    "email-set": "Your email address was changed.",
    "email-removed": "Your email address was removed.",
    "mobile-set": "Your mobile number was changed.",
    "mobile-removed": "Your mobile number was removed.",
}


def _self(request: Request) -> SelfService:
    return SelfService(portal_of(request).services)


def security_settings(
    request: Request, session: PortalSessionRecord, status: int = 200, error: str = ""
) -> Response:
    overview = _self(request).overview(actor_of(session))
    return render(request, "security.html", status, session=session, user=overview.user,
                  mfa=overview.mfa, keys=overview.keys, error=error,
                  changed=request.query_params.get("changed") == "1",
                  done=DONE.get(request.query_params.get("done", ""), ""),
                  protection_names=PROTECTION_NAMES)  # fmt: skip


@router.get("/security")
def security_page(request: Request) -> Response:
    session = signed_in(request)
    if session is None:
        return to_sign_in(request)
    return security_settings(request, session)


def _qr_svg(uri: str) -> Markup:
    """The otpauth URI as an SVG QR code drawn by qrcode (inline: no image request)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4)
    return Markup(image.to_string(encoding="unicode"))  # noqa: S704 (qrcode's own markup)


def _form_step(
    request: Request, csrf_token: str, step: Callable[[PortalSessionRecord], Response]
) -> Response:
    """A form POST on this page: CSRF checked, signed in, a refusal shown on the page."""
    session = posted_by(request, csrf_token)
    if session is None:
        return to_sign_in(request)
    try:
        return step(session)
    except IamDeskError as exc:
        return security_settings(request, session, 400, refusal(request, exc))


def _key_step(
    request: Request, x_csrf_token: str, step: Callable[[PortalSessionRecord], dict[str, Any]]
) -> Response:
    """A security-key step of static/webauthn.js: CSRF by header, JSON in and out."""
    check_csrf(request, x_csrf_token)
    session = signed_in(request)
    if session is None:
        return JSONResponse({"error": translator(request)("Sign in again.")}, 401)
    try:
        return JSONResponse(step(session))
    except IamDeskError as exc:
        return JSONResponse({"error": refusal(request, exc)}, 400)


@router.post("/security/mfa/bind")
def bind_mfa(request: Request, csrf_token: str = Form("")) -> Response:
    def step(session: PortalSessionRecord) -> Response:
        enrollment = _self(request).bind_mfa(actor_of(session))
        return render(request, "mfa_bind.html", session=session, qr=_qr_svg(enrollment.uri),
                      secret=enrollment.grouped_secret)  # fmt: skip

    return _form_step(request, csrf_token, step)


@router.post("/security/mfa/confirm")
def confirm_mfa(
    request: Request,
    code1: str = Form(""),
    code2: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    def step(session: PortalSessionRecord) -> Response:
        _self(request).confirm_mfa(actor_of(session), code1.strip()[:8], code2.strip()[:8])
        return redirect(request, "/security?done=mfa-bound")

    return _form_step(request, csrf_token, step)


@router.post("/security/mfa/unbind")
def unbind_mfa(request: Request, csrf_token: str = Form("")) -> Response:
    def step(session: PortalSessionRecord) -> Response:
        _self(request).unbind_mfa(actor_of(session))
        return redirect(request, "/security?done=mfa-unbound")

    return _form_step(request, csrf_token, step)


@router.post("/security/keys/options")
def key_options(
    request: Request, body: Annotated[dict[str, Any], Body()], x_csrf_token: str = Header("")
) -> Response:
    name = str(body.get("name", ""))[:64]
    return _key_step(request, x_csrf_token, lambda session: {
        "publicKey": _self(request).begin_key(actor_of(session), session.token, name)
    })  # fmt: skip


@router.post("/security/keys")
def add_key(
    request: Request, body: Annotated[dict[str, Any], Body()], x_csrf_token: str = Header("")
) -> Response:
    name, credential = str(body.get("name", ""))[:64], body.get("credential")
    answer = credential if isinstance(credential, dict) else {}

    def step(session: PortalSessionRecord) -> dict[str, Any]:
        _self(request).finish_key(actor_of(session), session.token, name, answer)
        return {"redirect": "/security?done=key-added"}

    return _key_step(request, x_csrf_token, step)


@router.post("/security/keys/remove")
def remove_key(request: Request, key_name: str = Form(""), csrf_token: str = Form("")) -> Response:
    def step(session: PortalSessionRecord) -> Response:
        _self(request).remove_key(actor_of(session), key_name[:64])
        return redirect(request, "/security?done=key-removed")

    return _form_step(request, csrf_token, step)
