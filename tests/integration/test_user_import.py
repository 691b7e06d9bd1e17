"""CSV import on a real store: all rows or none, a report naming every bad line, a sound chain."""

from __future__ import annotations

import io

import pytest

from app.domain.roles import Role
from app.errors import PermissionDeniedError, ValidationError
from app.services import Services
from app.services.records import Actor
from app.services.user_import_records import ImportRejectedError
from tests.support.dbdump import dump


def _lines(text: str) -> io.StringIO:
    return io.StringIO(text, newline="")


def test_import_creates_every_row_and_one_audit_event_each(services: Services, root: Actor) -> None:
    csv_text = (
        "name,email,mobile,display_name\n"
        "alice,Alice@Example.com,+86 138 0013 8000,Alice Liddell\n"
        "bob,,,\n"
        '"carol",carol@example.com,,"Carol, the admin"\n'
    )
    result = services.user_import.import_csv(root, _lines(csv_text), source="staff.csv")
    assert result.created == 3
    page = services.users.list(root, search="")
    assert [u.name for u in page.rows] == ["alice", "bob", "carol"]
    alice = services.users.get(root, "alice")
    assert alice.mobile == "+8613800138000" and alice.display_name == "Alice Liddell"
    assert services.users.get(root, "carol").display_name == "Carol, the admin"
    assert services.users.list(root, search="liddell").rows[0].name == "alice"
    events = services.audit.list(root, limit=100)
    created = sorted(e.target for e in events if e.action == "user.create")
    assert created == ["alice", "bob", "carol"]
    assert [e.target for e in events if e.action == "user.import"] == ["staff.csv"]
    assert services.audit.verify(root).ok


def test_bad_rows_are_all_reported_and_nothing_is_written(
    services: Services, root: Actor, database_url: str
) -> None:
    services.users.create(root, "taken", email="taken@example.com")
    before = dump(database_url)
    csv_text = (
        "name,email,mobile\n"
        "fine,fine@example.com,\n"  # line 2: good, yet not imported
        "bad name!,,\n"  # 3
        "dave,not-an-email,\n"  # 4
        "erin,,12\n"  # 5
        "TAKEN,,\n"  # 6: taken in the store, case-insensitively
        "frank,TAKEN@example.com,\n"  # 7
        "fine,,\n"  # 8: repeats line 2
        "gina,,,extra\n"  # 9: too many values
    )
    with pytest.raises(ImportRejectedError) as caught:
        services.user_import.import_csv(root, _lines(csv_text))
    report = [(e.line, e.field) for e in caught.value.errors]
    assert report == [
        (3, "name"), (4, "email"), (5, "mobile"), (6, "name"), (7, "email"), (8, "name"), (9, "row")
    ]  # fmt: skip
    assert "nothing was imported" in str(caught.value) and "line 3" in str(caught.value)
    assert dump(database_url) == before


@pytest.mark.parametrize(
    "csv_text",
    ["", "email,mobile\nx@example.com,\n", "name,role\nalice,admin\n", "name,email\n"],
)
def test_bad_files_are_refused_with_a_clear_message(
    services: Services, root: Actor, csv_text: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.user_import.import_csv(root, _lines(csv_text))
    assert caught.value.field == "file"
    assert services.users.list(root).total == 0


def test_helpdesk_cannot_import(services: Services, root: Actor) -> None:
    services.users.create(root, "desk", role="helpdesk")
    helpdesk = Actor("desk", Role.HELPDESK, user_id=services.users.get(root, "desk").id)
    with pytest.raises(PermissionDeniedError):
        services.user_import.import_csv(helpdesk, _lines("name\nx\n"))


def _many(count: int) -> io.StringIO:
    rows = "".join(f"u{i:05d},u{i:05d}@corp.example,,Staff {i}\n" for i in range(count))
    return _lines("name,email,mobile,display_name\n" + rows)


def test_search_is_exact_for_rare_text_and_capped_for_common_text(
    services: Services, root: Actor
) -> None:
    services.user_import.import_csv(root, _many(1_200))
    rare = services.users.list(root, search="u0042", limit=5)
    assert [u.name for u in rare.rows] == ["u00420", "u00421", "u00422", "u00423", "u00424"]
    assert (rare.total, rare.total_exact) == (10, True)
    common = services.users.list(root, search="CORP.example", sort="name", descending=True)
    assert common.rows[0].name == "u01199" and len(common.rows) == 100
    assert (common.total, common.total_exact) == (1_000, False)
    short = services.users.list(root, search="9", limit=1000)  # below trigram length
    assert short.total_exact and short.total == len(short.rows)
    assert all("9" in u.name or "9" in u.display_name for u in short.rows)
    deep = services.users.list(root, offset=1_150, limit=100)
    assert [u.name for u in deep.rows] == [f"u{i:05d}" for i in range(1_150, 1_200)]


def test_search_follows_renames_and_deletes_and_escapes_wildcards(
    services: Services, root: Actor
) -> None:
    services.user_import.import_csv(root, _lines("name,display_name\nann,Ann Smith\nbo_b,Bob\n"))
    services.users.update(root, "ann", display_name="Ann Jones")
    assert services.users.list(root, search="smith").total == 0
    assert [u.name for u in services.users.list(root, search="jones").rows] == ["ann"]
    assert [u.name for u in services.users.list(root, search="o_b").rows] == ["bo_b"]
    assert services.users.list(root, search="%").total == 0
    services.users.delete(root, "ann")
    assert services.users.list(root, search="jones").total == 0
