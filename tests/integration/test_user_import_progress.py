"""The console's CSV import (issue 13, point 7): a preview that writes nothing, progress by
stage, and a cancel that leaves the store as it was."""

from __future__ import annotations

import io
import threading

import pytest

from app.services import Services
from app.services.records import Actor
from app.services.user_import import read_csv_file
from app.services.user_import_records import (
    ImportCancelledError,
    ImportRejectedError,
    ImportStage,
)
from tests.support.dbdump import dump

ROWS = 5_000


def _csv(rows: int, bad: tuple[int, ...] = ()) -> str:
    lines = ["name,email,mobile,display_name"]
    for n in range(rows):
        name = "bad name!" if n in bad else f"imp{n:05d}"
        lines.append(f"{name},imp{n:05d}@example.com,,Imported {n}")
    return "\n".join(lines) + "\n"


def test_preview_lists_bad_lines_and_writes_nothing(
    services: Services, root: Actor, database_url: str
) -> None:
    services.users.create(root, "imp00003")
    before = dump(database_url)
    preview = services.user_import.preview(root, io.StringIO(_csv(10, bad=(5,)), newline=""))
    assert (preview.users, preview.total_bad) == (8, 2)
    assert [(e.line, e.field) for e in preview.errors] == [(5, "name"), (7, "name")]
    assert dump(database_url) == before
    good = services.user_import.preview(root, io.StringIO(_csv(10), newline=""))
    assert (good.users, good.total_bad) == (9, 1)  # imp00003 is taken


def test_progress_goes_through_every_stage_in_order(services: Services, root: Actor) -> None:
    seen: list[tuple[ImportStage, int, int]] = []
    result = services.user_import.import_csv(
        root, io.StringIO(_csv(ROWS), newline=""), progress=lambda *a: seen.append(a)
    )
    assert result.created == ROWS
    stages = list(dict.fromkeys(stage for stage, _, _ in seen))
    assert stages == list(ImportStage)
    users = [(d, t) for s, d, t in seen if s is ImportStage.USERS]
    assert users[-1] == (ROWS, ROWS) and len(users) > 2  # one step per chunk
    assert all(a[1] <= b[1] for a, b in zip(users, users[1:], strict=False))
    assert services.audit.verify(root).ok


@pytest.mark.parametrize("stage", [ImportStage.READING, ImportStage.USERS, ImportStage.AUDIT])
def test_a_cancel_before_the_commit_leaves_the_store_unchanged(
    services: Services, root: Actor, database_url: str, stage: ImportStage
) -> None:
    before = dump(database_url)
    cancel = threading.Event()

    def progress(at: ImportStage, done: int, total: int) -> None:
        if at is stage and done > 0:
            cancel.set()  # heard at the next step

    with pytest.raises(ImportCancelledError):
        services.user_import.import_csv(
            root, io.StringIO(_csv(ROWS), newline=""), progress=progress, cancel=cancel
        )
    assert dump(database_url) == before
    assert services.audit.verify(root).ok


def test_a_file_is_read_as_utf8_and_refused_when_it_is_not(
    services: Services, root: Actor, tmp_path: object
) -> None:
    from pathlib import Path

    good = Path(str(tmp_path)) / "staff.csv"
    good.write_text("\ufeffname\nzoe\n", encoding="utf-8")
    preview = read_csv_file(good, lambda lines: services.user_import.preview(root, lines))
    assert preview.users == 1
    latin = Path(str(tmp_path)) / "latin.csv"
    latin.write_bytes("name\nJos\xe9\n".encode("latin-1"))
    with pytest.raises(Exception) as caught:
        read_csv_file(latin, lambda lines: services.user_import.preview(root, lines))
    assert getattr(caught.value, "code", "") == "file.not_utf8"
    with pytest.raises(ImportRejectedError):
        services.user_import.import_csv(root, io.StringIO(_csv(3, bad=(1,)), newline=""))
