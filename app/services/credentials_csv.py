"""The credentials CSV file of a new access key, written readable by its owner only."""

from __future__ import annotations

import csv
import errno
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from app.domain.spreadsheet import spreadsheet_cell
from app.errors import ValidationError
from app.security.output_files import open_new_file
from app.services.records import NewAccessKey

CSV_HEADER = ("User Name", "Access Key Id", "Secret Access Key")


def write_credentials_csv(out: TextIO, new: NewAccessKey) -> None:
    """The credentials file as Huawei Cloud's console gives it."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerow(
        spreadsheet_cell(v) for v in (new.user_name, new.access_key_id, new.secret_access_key)
    )


def save_credentials_csv(path: Path, new: NewAccessKey, protected: Iterable[Path] = ()) -> None:
    """Write (or replace: the console asked) the credentials file at ``path``, readable by its
    owner only, never over one of ``protected`` (the store, the key file). A refusal is an
    OSError whose ``strerror`` says why, as the console's dialog expects."""
    try:
        with open_new_file(path, force=True, protected=protected) as out:
            write_credentials_csv(out, new)
    except ValidationError as exc:
        why = exc.message.removeprefix(f"cannot write {path}: ")
        raise OSError(errno.EPERM, why, str(path)) from None
