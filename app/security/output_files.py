"""Files IAM Desk writes for people (CSV exports, credentials): new, private, never the store.

One opener for every such file: mode 0600, ``O_CREAT|O_EXCL|O_NOFOLLOW`` (an existing file or
a symbolic link is refused unless the caller was told to replace it), never the store, its
journal files or the key file (compared by resolved path and by device and inode, so a hard
link or a symbolic link to them is refused too), and every failure a ValidationError that says
what is wrong with the path instead of an unexpected error.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.errors import ValidationError

if TYPE_CHECKING:
    from app.config import Settings

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_SQLITE_SIDE_FILES = ("", "-wal", "-shm", "-journal")
# Write errors that mean "this place cannot hold the file", said as a refusal.
_WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS})


def protected_files(settings: Settings) -> list[Path]:
    """The files an export must never replace: the SQLite store (and its journal files), the
    key file, the session file and the log of this workstation."""
    paths: list[Path] = []
    if settings.is_sqlite:
        store = settings.database_url.removeprefix("sqlite:///")
        if store and store != ":memory:":
            paths += [Path(store + suffix) for suffix in _SQLITE_SIDE_FILES]
    if settings.key_file is not None:
        paths.append(settings.key_file)
    paths += [settings.session_file, settings.home / "iamctl.log"]
    return paths


def _same_file(target: Path, protected: Path) -> bool:
    with suppress(OSError):
        if target.resolve() == protected.resolve():
            return True
    try:
        mine, theirs = target.stat(), protected.stat()
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino)


def _refuse(path: Path, why: str, field: str) -> ValidationError:
    return ValidationError(f"cannot write {path}: {why}", field=field)


def _check_target(path: Path, protected: Iterable[Path], force: bool, field: str) -> None:
    for guarded in protected:
        if _same_file(path, guarded):
            raise _refuse(path, "it is one of IAM Desk's own files (store, key or session)", field)
    parent = path.parent
    if not parent.exists():
        raise _refuse(path, f"the directory {parent} does not exist", field)
    if not parent.is_dir():
        raise _refuse(path, f"{parent} is not a directory", field)
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _refuse(path, exc.strerror or type(exc).__name__, field) from None
    if stat.S_ISLNK(info.st_mode):
        raise _refuse(path, "it is a symbolic link; give the real file's path", field)
    if stat.S_ISDIR(info.st_mode):
        raise _refuse(path, "it is a directory; give a file name", field)
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(path, "it is not a regular file (a device or a pipe)", field)
    if not force:
        raise _refuse(
            path, "the file already exists; choose a new name (or give --force to replace it)",
            field,
        )  # fmt: skip


def _create_exclusive(path: Path, field: str) -> int:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(path, flags, 0o600)
    except FileExistsError:
        raise _refuse(
            path, "the file already exists; choose a new name (or give --force to replace it)",
            field,
        ) from None  # fmt: skip
    except OSError as exc:
        raise _refuse(path, exc.strerror or type(exc).__name__, field) from None


@contextmanager
def open_new_file(
    path: Path, *, force: bool = False, protected: Iterable[Path] = (), field: str = "csv"
) -> Iterator[TextIO]:
    """A text file at ``path`` readable by its owner only (UTF-8, ``newline=""`` for csv).

    Without ``force`` an existing path is refused; with it a regular file is replaced whole
    (written beside it, then renamed over it, so a failure leaves the old file). When the
    block raises, nothing is left behind.
    """
    protected = list(protected)
    _check_target(path, protected, force, field)
    staging = path.with_name(f".{path.name}.{os.getpid()}.partial") if force else path
    fd = _create_exclusive(staging, field)
    done = False
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        if force:
            _check_target(path, protected, True, field)  # nothing swapped in meanwhile
            os.replace(staging, path)
        done = True
    except OSError as exc:
        if exc.errno in _WRITE_ERRORS:
            raise _refuse(path, exc.strerror or "write failed", field) from None
        raise
    finally:
        if not done:
            with suppress(OSError):
                staging.unlink()
