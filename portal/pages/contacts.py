"""Bind, change or remove the user's own mobile number or email, proven by a code."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from app.errors import IamDeskError
from app.services.portal_sessions import PortalSessionRecord
from app.services.self_contacts import ContactKind, SelfContacts
from portal.pages.account import actor_of, posted_by, signed_in, to_sign_in
from portal.web import portal_of, redirect, refusal, render, throttle

router = APIRouter(include_in_schema=False)

LABELS = {ContactKind.EMAIL: "Email address", ContactKind.MOBILE: "Mobile number"}


def _kind(value: str) -> ContactKind | None:
    try:
        return ContactKind(value)
    except ValueError:
        return None


def _form(request: Request, kind: ContactKind, status: int = 200, **context: object) -> Response:
    return render(request, "contact.html", status, session=signed_in(request), kind=kind.value,
                  label=LABELS[kind], **context)  # fmt: skip


@router.get("/security/contact/{kind}")
def contact_page(request: Request, kind: str) -> Response:
    chosen = _kind(kind)
    if signed_in(request) is None or chosen is None:
        return to_sign_in(request)
    return _form(request, chosen, step="value", value="")


def _posted(
    request: Request, kind: str, csrf_token: str, what: str
) -> tuple[PortalSessionRecord, ContactKind] | None:
    """A contact form's POST: CSRF checked, signed in, a known kind, counted for throttling
    as ``what`` ("send" or "code"); None: go and sign in."""
    session, chosen = posted_by(request, csrf_token), _kind(kind)
    if session is None or chosen is None:
        return None
    limits = portal_of(request).limits
    per_address, per_account = {
        "send": (limits.send_per_address, limits.send_per_account),
        "code": (limits.code_per_address, limits.code_per_account),
    }[what]
    throttle(request, what, per_address, per_account, session.user_name)
    return session, chosen


@router.post("/security/contact/{kind}/send")
def send_code(
    request: Request,
    kind: str,
    value: str = Form(""),
    remove: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    posted = _posted(request, kind, csrf_token, "send")
    if posted is None:
        return to_sign_in(request)
    session, chosen = posted
    new_value = None if remove else value.strip()[:254]
    try:
        proof = SelfContacts(portal_of(request).services).send_code(
            actor_of(session), chosen, new_value
        )
    except IamDeskError as exc:
        return _form(request, chosen, 400, step="value", value=value[:254],
                     error=refusal(request, exc))  # fmt: skip
    return _form(request, chosen, step="code", value=proof.value or "", removing=bool(remove),
                 sent_to=proof.sent_to)  # fmt: skip


@router.post("/security/contact/{kind}/confirm")
def confirm(
    request: Request,
    kind: str,
    value: str = Form(""),
    removing: str = Form(""),
    code: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    posted = _posted(request, kind, csrf_token, "code")
    if posted is None:
        return to_sign_in(request)
    session, chosen = posted
    target = None if removing else value[:254]
    try:
        SelfContacts(portal_of(request).services).confirm(
            actor_of(session), chosen, target, code[:8]
        )
    except IamDeskError as exc:
        return _form(request, chosen, 400, step="code", value=value[:254],
                     removing=bool(removing), sent_to="", error=refusal(request, exc))  # fmt: skip
    return redirect(request, f"/security?done={chosen.value}-{'removed' if removing else 'set'}")
