"""Export the users matching a search to a CSV file (on a worker, a page at a time)."""

from __future__ import annotations

import csv
from pathlib import Path

from app.domain.spreadsheet import spreadsheet_cell
from app.security.output_files import open_new_file, protected_files
from app.services import Services
from app.services.records import Actor
from ui.widgets.formatting import local_time

EXPORT_PAGE = 1000
EXPORT_HEADER = ("name", "display_name", "status", "role", "email", "mobile",
                 "login_protection", "last_login", "created")  # fmt: skip


def export_users(services: Services, actor: Actor, path: Path, search: str | None, sort: str,
                 descending: bool) -> int:  # fmt: skip
    """Runs on a worker: write every user matching the search to ``path``; returns the count."""
    count, offset = 0, 0
    # The file dialog asked before replacing a file; never the store or the key file, 0600.
    protected = protected_files(services.settings)
    with open_new_file(path, force=True, protected=protected) as out:
        writer = csv.writer(out)
        writer.writerow(EXPORT_HEADER)
        while True:
            page = services.users.list(
                actor, search=search, sort=sort, descending=descending, offset=offset,
                limit=EXPORT_PAGE, with_total=False,
            )  # fmt: skip
            for u in page.rows:
                writer.writerow(
                    spreadsheet_cell(v)
                    for v in (
                        u.name,
                        u.display_name,
                        u.status,
                        u.role,
                        u.email,
                        u.mobile,
                        u.login_protection,
                        local_time(u.last_login_at, ""),
                        local_time(u.created_at),
                    )  # fmt: skip
                )
            count += len(page.rows)
            offset += len(page.rows)
            if len(page.rows) < EXPORT_PAGE:
                return count
