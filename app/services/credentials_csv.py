"""The credentials CSV file of a new access key, written readable by its owner only."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import TextIO

from app.services.records import NewAccessKey

CSV_HEADER = ("User Name", "Access Key Id", "Secret Access Key")


def write_credentials_csv(out: TextIO, new: NewAccessKey) -> None:
    """The credentials file as Huawei Cloud's console gives it."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerow((new.user_name, new.access_key_id, new.secret_access_key))


def save_credentials_csv(path: Path, new: NewAccessKey) -> None:
    """Write (or replace) the credentials file at ``path``, readable by its owner only."""
    buffer = io.StringIO()
    write_credentials_csv(buffer, new)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
        out.write(buffer.getvalue())
    os.chmod(path, 0o600)  # an existing file keeps its old mode through O_TRUNC
