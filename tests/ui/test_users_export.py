"""The console's user CSV export: formulas neutralised, mobiles kept, the store never hit."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

import pytest

from app.errors import ValidationError
from app.services import Services
from app.services.records import Actor
from ui.users.users_page import export_users


def test_the_console_export_stops_formulas_and_keeps_mobiles(
    services: Services, root: Actor, tmp_path: Path
) -> None:
    services.users.create(root, "alice", mobile="+8613800138000",
                          display_name='=HYPERLINK("http://evil","x")')  # fmt: skip
    services.users.create(root, "bob", display_name="-2+3", description="@SUM(A1)")
    target = tmp_path / "users.csv"
    assert export_users(services, root, target, None, "name", False) == 2
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with target.open(newline="", encoding="utf-8") as handle:
        rows = {r["name"]: r for r in csv.DictReader(handle)}
    assert rows["alice"]["mobile"] == "+8613800138000"
    assert rows["alice"]["display_name"] == '\'=HYPERLINK("http://evil","x")'
    assert rows["bob"]["display_name"] == "'-2+3"


def test_the_console_export_never_replaces_the_store_or_the_key(
    services: Services, root: Actor
) -> None:
    settings = services.settings
    targets = [settings.key_file] if settings.key_file else []
    if settings.is_sqlite:
        targets.append(Path(settings.database_url.removeprefix("sqlite:///")))
    for target in targets:
        assert target is not None
        before = target.read_bytes()
        with pytest.raises(ValidationError, match="IAM Desk's own files"):
            export_users(services, root, target, None, "name", False)
        assert target.read_bytes() == before
    assert services.users.list(root).total == 0
