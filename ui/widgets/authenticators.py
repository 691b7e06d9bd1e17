"""Authenticator models by AAGUID, from resources/authenticators/aaguids.json (its README says
how to update it): the key table shows a model name where the AAGUID is known."""

from __future__ import annotations

import json
import logging
from functools import cache

from ui.resources import resource_path

log = logging.getLogger(__name__)


@cache
def models() -> dict[str, str]:
    """The shipped table (lower-case AAGUID → model name); empty when it cannot be read."""
    path = resource_path("authenticators", "aaguids.json")
    try:
        table = json.loads(path.read_text(encoding="utf-8"))["models"]
    except (OSError, ValueError, KeyError) as exc:
        log.warning("cannot read the authenticator models (%s): %s", path, exc)
        return {}
    return {str(k).lower(): str(v) for k, v in table.items()}


def model_or_aaguid(aaguid: str) -> str:
    """The model's name when the AAGUID is known, else the AAGUID itself."""
    return models().get(aaguid.lower(), aaguid)
