"""Keystone's version discovery: the 300 list at ``/`` and the v3 document at ``/v3``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["versions"])

_UPDATED = "2026-12-01T00:00:00Z"
_MEDIA_TYPES = [{"base": "application/json", "type": "application/vnd.openstack.identity-v3+json"}]


def _v3(request: Request) -> dict[str, Any]:
    base = str(request.base_url).rstrip("/")
    return {
        "id": "v3.0",
        "status": "stable",
        "updated": _UPDATED,
        "links": [{"rel": "self", "href": f"{base}/v3/"}],
        "media-types": _MEDIA_TYPES,
    }


def version_list(request: Request) -> JSONResponse:
    """``GET /`` with ``Accept: application/json``: 300 Multiple Choices, the versions."""
    return JSONResponse({"versions": {"values": [_v3(request)]}}, status_code=300)


@router.get("/v3", summary="The identity API v3 version document (discovery)")
@router.get("/v3/", include_in_schema=False)
def version_v3(request: Request) -> dict[str, Any]:
    return {"version": _v3(request)}
