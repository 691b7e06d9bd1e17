"""The identity API: Keystone v3 / Huawei IAM tokens, temporary keys, signed calls, AWS STS.

``router`` holds every route; ``errors`` has the error answers and the X-Request-Id
middleware; ``versions.version_list`` answers ``GET /`` for JSON clients and
``sts.answer`` a presigned STS call there. Routes reach the service layer through
``app.state.services`` (a ``Services``).
"""

from __future__ import annotations

from fastapi import APIRouter

from portal.api import credentials, securitytokens, sts, tokens, versions

router = APIRouter()
for _module in (versions, tokens, securitytokens, credentials, sts):
    router.include_router(_module.router)

__all__ = ["router"]
