"""Temporary access credentials: the user's permission sets, each with "Obtain temporary
access credentials" → AK, SK, security token and expiry in the shapes people paste."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from app.errors import IamDeskError
from app.services.records import NewTemporaryCredential
from app.services.self_service import SelfService
from portal.pages.account import actor_of, posted_by, signed_in, to_sign_in
from portal.web import portal_of, refusal, render

router = APIRouter(include_in_schema=False)


def shapes(credential: NewTemporaryCredential) -> dict[str, str]:
    """Shell export lines, a PowerShell block and a credentials-file snippet."""
    ak, sk, token = (
        credential.access_key_id,
        credential.secret_access_key,
        credential.security_token,
    )
    return {
        "shell": (
            f'export AWS_ACCESS_KEY_ID="{ak}"\nexport AWS_SECRET_ACCESS_KEY="{sk}"\n'
            f'export AWS_SESSION_TOKEN="{token}"\n'
            f'export HUAWEICLOUD_SDK_AK="{ak}"\nexport HUAWEICLOUD_SDK_SK="{sk}"\n'
            f'export HUAWEICLOUD_SDK_SECURITY_TOKEN="{token}"'
        ),
        "powershell": (
            f'$Env:AWS_ACCESS_KEY_ID="{ak}"\n$Env:AWS_SECRET_ACCESS_KEY="{sk}"\n'
            f'$Env:AWS_SESSION_TOKEN="{token}"\n'
            f'$Env:HUAWEICLOUD_SDK_AK="{ak}"\n$Env:HUAWEICLOUD_SDK_SK="{sk}"\n'
            f'$Env:HUAWEICLOUD_SDK_SECURITY_TOKEN="{token}"'
        ),
        "file": (
            f"[default]\naws_access_key_id = {ak}\naws_secret_access_key = {sk}\n"
            f"aws_session_token = {token}"
        ),
    }


def _page(request: Request, status: int = 200, **context: object) -> Response:
    session = signed_in(request)
    assert session is not None
    sets = SelfService(portal_of(request).services).assigned_sets(actor_of(session))
    return render(request, "credentials.html", status, session=session, sets=sets, **context)


@router.get("/credentials")
def credentials_page(request: Request) -> Response:
    if signed_in(request) is None:
        return to_sign_in(request)
    return _page(request)


@router.post("/credentials")
def obtain(
    request: Request, permission_set: str = Form(""), csrf_token: str = Form("")
) -> Response:
    session = posted_by(request, csrf_token)
    if session is None:
        return to_sign_in(request)
    try:
        issued = SelfService(portal_of(request).services).obtain_credentials(
            actor_of(session), permission_set[:64]
        )
    except IamDeskError as exc:
        return _page(request, 400, error=refusal(request, exc))
    return _page(request, issued=issued, chosen=permission_set, shapes=shapes(issued))
