"""The operator session file of `iamctl login` and secrets read from standard input."""

from __future__ import annotations

import contextlib
import getpass
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TextIO

from app.errors import AuthenticationError, ValidationError


def read_secret(stream: TextIO, *, what: str = "password") -> str:
    """One line from ``stream`` without its trailing newline (nothing else is stripped).

    At a terminal the line is read without echo.
    """
    if stream.isatty():
        line = getpass.getpass(f"{what.capitalize()}: ", stream=None)
    else:
        line = stream.readline()
        if line.endswith("\n"):
            line = line[:-1]
            if line.endswith("\r"):
                line = line[:-1]
    if not line:
        raise ValidationError(code="input.stdin_empty", field="password", what=what)
    return line


def _write_private(path: Path, text: str) -> None:
    """Replace ``path`` with ``text``, readable by this OS user only (0600)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".new")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def save_token(path: Path, token: str) -> None:
    """Keep the session token, replacing any old one."""
    _write_private(path, token + "\n")


def load_token(path: Path) -> str:
    """The saved session token, or an AuthenticationError that says how to sign in."""
    try:
        token = path.read_text(encoding="ascii").strip()
    except (FileNotFoundError, UnicodeDecodeError):
        token = ""
    if not token:
        raise AuthenticationError(code="session.expired")
    return token


def saved_token(path: Path) -> str | None:
    """The saved token, or None when there is none."""
    try:
        return load_token(path)
    except AuthenticationError:
        return None


def remove_token(path: Path) -> bool:
    """Delete the session (or pending challenge) file; True when there was one."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


@dataclass(frozen=True)
class PendingChallenge:
    """A sign-in waiting for the code that was sent by SMS or email."""

    name: str
    challenge_id: str
    method: str


def challenge_file(session_file: Path) -> Path:
    return session_file.with_name("iamctl-challenge")


def save_challenge(path: Path, pending: PendingChallenge) -> None:
    _write_private(path, json.dumps(asdict(pending)) + "\n")


def load_challenge(path: Path) -> PendingChallenge | None:
    """The pending challenge, or None when there is none (or it is unreadable)."""
    try:
        return PendingChallenge(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
