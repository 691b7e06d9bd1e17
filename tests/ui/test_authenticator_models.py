"""The authenticator models shipped in resources/authenticators/aaguids.json (issue 13,
point 6): the key table names a known model, else shows the AAGUID."""

from __future__ import annotations

import json
import uuid

from ui.resources import resource_path
from ui.widgets import authenticators


def test_the_models_table_ships_and_loads() -> None:
    table = json.loads(resource_path("authenticators", "aaguids.json").read_text("utf-8"))
    assert len(table["models"]) >= 10
    for aaguid, name in table["models"].items():
        assert str(uuid.UUID(aaguid)) == aaguid and name.strip() == name and name
    assert authenticators.model_or_aaguid("CB69481E-8FF7-4039-93EC-0A2729A154A8") == (
        "YubiKey 5 Series"
    )
    assert authenticators.model_or_aaguid("00000000-0000-0000-0000-000000000001") == (
        "00000000-0000-0000-0000-000000000001"
    )
