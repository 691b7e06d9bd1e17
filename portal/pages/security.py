"""My security settings: the user's own factors, each change the desk's service call."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Form, Header, Request
from fastapi.responses import JSONResponse, Response
from markupsafe import Markup

from app.errors import IamDeskError
from app.services.portal_sessions import PortalSessionRecord
from app.services.self_service import SelfService
from portal.pages.account import actor_of, signed_in, to_sign_in
from portal.web import check_csrf, portal_of, redirect, render

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


@router.post("/security/mfa/bind")
def bind_mfa(request: Request, csrf_token: str = Form("")) -> Response:
    check_csrf(request, csrf_token)
    session = signed_in(request)
    if session is None:
        return to_sign_in(request)
    try:
        enrollment = _self(request).bind_mfa(actor_of(session))
    except IamDeskError as exc:
        return security_settings(request, session, 400, str(exc))
    return render(request, "mfa_bind.html", session=session, qr=_qr_svg(enrollment.uri),
                  secret=enrollment.grouped_secret)  # fmt: skip


@router.post("/security/mfa/confirm")
def confirm_mfa(
    request: Request,
    code1: str = Form(""),
    code2: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    check_csrf(request, csrf_token)
    session = signed_in(request)
    if session is None:
        return to_sign_in(request)
    try:
        _self(request).confirm_mfa(actor_of(session), code1.strip()[:8], code2.strip()[:8])
    except IamDeskError as exc:
        return security_settings(request, session, 400, str(exc))
    return redirect(request, "/security?done=mfa-bound")


@router.post("/security/mfa/unbind")
def unbind_mfa(request: Request, csrf_token: str = Form("")) -> Response:
    check_csrf(request, csrf_token)
    session = signed_in(request)
    if session is None:
        return to_sign_in(request)
    try:
        _self(request).unbind_mfa(actor_of(session))
    except IamDeskError as exc:
        return security_settings(request, session, 400, str(exc))
    return redirect(request, "/security?done=mfa-unbound")


@router.post("/security/keys/options")
def key_options(
    request: Request, body: Annotated[dict[str, Any], Body()], x_csrf_token: str = Header("")
) -> Response:
    check_csrf(request, x_csrf_token)
    session = signed_in(request)
    if session is None:
        return JSONResponse({"error": "sign in again"}, 401)
    try:
        options = _self(request).begin_key(
            actor_of(session), session.token, str(body.get("name", ""))[:64]
        )
    except IamDeskError as exc:
        return JSONResponse({"error": str(exc)}, 400)
    return JSONResponse({"publicKey": options})


@router.post("/security/keys")
def add_key(
    request: Request, body: Annotated[dict[str, Any], Body()], x_csrf_token: str = Header("")
) -> Response:
    check_csrf(request, x_csrf_token)
    session = signed_in(request)
    if session is None:
        return JSONResponse({"error": "sign in again"}, 401)
    credential = body.get("credential")
    if not isinstance(credential, dict):
        return JSONResponse({"error": "the key's answer is missing"}, 400)
    try:
        _self(request).finish_key(
            actor_of(session), session.token, str(body.get("name", ""))[:64], credential
        )
    except IamDeskError as exc:
        return JSONResponse({"error": str(exc)}, 400)
    return JSONResponse({"redirect": "/security?done=key-added"})


@router.post("/security/keys/remove")
def remove_key(request: Request, key_name: str = Form(""), csrf_token: str = Form("")) -> Response:
    check_csrf(request, csrf_token)
    session = signed_in(request)
    if session is None:
        return to_sign_in(request)
    try:
        _self(request).remove_key(actor_of(session), key_name[:64])
    except IamDeskError as exc:
        return security_settings(request, session, 400, str(exc))
    return redirect(request, "/security?done=key-removed")
