"""One `iamctl` invocation: its settings, the services (opened once, on first need), streams."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from app.cli import session

if TYPE_CHECKING:
    from app.config import Settings
    from app.services import Services
    from app.services.records import Actor


@dataclass
class CliContext:
    """What a command handler gets.

    Args:
        args: the parsed command line.
        settings: the process settings (from the environment).
        stdin, stdout, stderr: the streams to read secrets from and print to.
    """

    args: argparse.Namespace
    settings: Settings
    stdin: TextIO
    stdout: TextIO
    stderr: TextIO
    _services: Services | None = field(default=None, repr=False)

    @property
    def services(self) -> Services:
        """The service layer, built once per invocation (the composition root)."""
        if self._services is None:
            from app.services import Services

            self._services = Services.open(self.settings)
        return self._services

    def open_store(self) -> Services:
        """The services without the automatic schema upgrade (for `iamctl db ...`)."""
        if self._services is None:
            from app.services import Services

            self._services = Services.open(self.settings, upgrade=False)
        return self._services

    def actor(self, *, changing_password: bool = False) -> Actor:
        """The signed-in operator, from the session `iamctl login` saved. While the
        operator's password must change (or has expired), only `password change` passes
        (``changing_password``)."""
        token = session.load_token(self.settings.session_file)
        actor = self.services.auth.actor_for_session(token)
        if actor.password_change_required and not changing_password:
            from app.errors import PreconditionError

            raise PreconditionError(code="password.change_first", field="password")
        return actor

    def read_password(self, what: str = "password") -> str:
        return session.read_secret(self.stdin, what=what)

    def say(self, line: str) -> None:
        self.stdout.write(line + "\n")

    def warn(self, line: str) -> None:
        self.stderr.write(f"iamctl: warning: {' '.join(line.split())}\n")

    def close(self) -> None:
        if self._services is not None:
            self._services.close()
            self._services = None
