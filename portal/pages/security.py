"""My security settings: what the user's password, contacts and factors look like."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from app.services.portal_sessions import PortalSessionRecord
from portal.web import portal_of, render

PROTECTION_NAMES = {
    "off": "Off",
    "sms": "SMS verification code",
    "email": "Email verification code",
    "mfa": "Virtual MFA device or security key",
}


def security_settings(request: Request, session: PortalSessionRecord) -> Response:
    portal = portal_of(request)
    with portal.services.context.uow() as uow:
        from app.services.common import detail, load_user

        user = detail(load_user(uow, session.user_name), uow)
    return render(request, "security.html", session=session, user=user,
                  changed=request.query_params.get("changed") == "1",
                  protection_names=PROTECTION_NAMES)  # fmt: skip
