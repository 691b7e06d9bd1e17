"""`iamctl` main: parse, run one command, turn refusals into one line and an exit status."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO, cast

from app.cli.context import CliContext
from app.cli.output import TerminalSafeWriter
from app.cli.parser import build_parser
from app.cli.refusals import write_refusal
from app.errors import IamDeskError

log = logging.getLogger(__name__)

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
LOG_NAME = "iamctl.log"

Handler = Callable[[CliContext, argparse.Namespace], int | None]


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``iamctl`` with ``argv`` (default: the process's); returns the exit status."""
    args = build_parser().parse_args(argv)  # usage errors exit 2 here
    return run(args, stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr)


def run(args: argparse.Namespace, *, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Run a parsed command; every refusal is one ``iamctl: ...`` line on ``stderr``."""
    ctx: CliContext | None = None
    log_file: Path | None = None
    # Whatever the store or an input holds, nothing printed can drive the terminal.
    stdout, stderr = (
        cast(TextIO, TerminalSafeWriter(stdout)),
        cast(TextIO, TerminalSafeWriter(stderr)),
    )
    stdin = cast(TextIO, _BoundedInput(stdin))  # /dev/zero on stdin is refused, not read whole
    try:
        from app.config import Settings

        _check_arguments(args)
        settings = Settings.from_env()
        log_file = _start_log(settings.home)
        ctx = CliContext(args, settings, stdin, stdout, stderr)
        status = _handler(args.handler)(ctx, args)
        stdout.flush()
        return EXIT_OK if status is None else status
    except IamDeskError as exc:
        write_refusal(stderr, exc, json_wanted=bool(getattr(args, "json", False)))
        return EXIT_REFUSED
    except UnicodeDecodeError:
        _refuse(
            stderr, "the input is not UTF-8 text: save or pipe it as UTF-8", args, "input.invalid"
        )
        return EXIT_REFUSED
    except UnicodeEncodeError:
        _refuse(
            stderr,
            "a value holds characters that are not valid text (not UTF-8?)",
            args,
            "input.invalid",
        )
        return EXIT_REFUSED
    except MemoryError:
        _refuse(stderr, "the input is too large to read", args, "input.invalid")
        return EXIT_REFUSED
    except KeyboardInterrupt:
        _refuse(stderr, "interrupted", args, "input.interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`iamctl audit list | head`): nothing more to say.
        _silence_stdout()
        return EXIT_OK
    except OSError as exc:
        if exc.filename is None:  # not about a file we were given: unexpected
            _log_unexpected(exc, log_file, getattr(args, "handler", "?"))
            _refuse(stderr, _unexpected_line(exc, log_file), args, "internal.unexpected")
        else:
            _refuse(
                stderr,
                f"cannot use {exc.filename}: {exc.strerror or type(exc).__name__}",
                args,
                "input.invalid",
            )
        return EXIT_REFUSED
    except Exception as exc:  # the edge: one line here, the details in the log file
        _log_unexpected(exc, log_file, getattr(args, "handler", "?"))
        _refuse(stderr, _unexpected_line(exc, log_file), args, "internal.unexpected")
        return EXIT_REFUSED
    finally:
        if ctx is not None:
            ctx.close()


MAX_STDIN_LINE = 65_536  # a secret or a name: far below this


class _BoundedInput:
    """Standard input read one bounded line at a time (a secret, a confirmation)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def readline(self, size: int = -1) -> str:
        limit = MAX_STDIN_LINE if size < 0 else min(size, MAX_STDIN_LINE)
        line = self._stream.readline(limit + 1)
        if len(line) > limit:
            from app.errors import ValidationError

            raise ValidationError(
                f"the line on standard input is longer than {MAX_STDIN_LINE:,} characters"
            )
        return line

    def read(self, size: int = -1) -> str:
        return self.readline(size)

    def __iter__(self) -> _BoundedInput:
        return self

    def __next__(self) -> str:
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def __getattr__(self, name: str) -> object:  # isatty, fileno, encoding ...
        return getattr(self._stream, name)


def _check_arguments(args: argparse.Namespace) -> None:
    """Refuse arguments that are not text: bytes that were not UTF-8 (Python hands them over
    as lone surrogates) and NUL characters."""
    from app.errors import ValidationError

    for name, value in vars(args).items():
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, str):
                continue
            if "\0" in item:
                raise ValidationError(code="input.nul", field=name, name=name)
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise ValidationError(code="input.not_utf8", field=name, name=name) from None


def _handler(name: str) -> Handler:
    module_name, function = name.split(":")
    module = importlib.import_module(f"app.cli.commands_{module_name}")
    handler: Handler = getattr(module, function)
    return handler


def _refuse(stderr: TextIO, message: str, args: argparse.Namespace, code: str) -> None:
    error = IamDeskError(message, code=code)
    write_refusal(stderr, error, json_wanted=bool(getattr(args, "json", False)))


def _unexpected_line(exc: Exception, log_file: Path | None) -> str:
    from sqlalchemy.exc import OperationalError

    where = f"; details are in {log_file}" if log_file else ""
    if isinstance(exc, OperationalError) and "database is locked" in str(exc.orig):
        return (
            f"the store ({_store_name()}) is busy: another program is writing to it (an "
            "import, the console, another iamctl) and did not finish in 30 s — try again "
            "when it has finished"
        )
    if isinstance(exc, OperationalError):
        reason = (str(exc.orig).strip().splitlines() or [type(exc.orig).__name__])[0][:200]
        return (
            f"cannot use the store ({_store_name()}): {reason} — check that it is reachable "
            f"and IAMDESK_DATABASE_URL is right{where}"
        )
    return f"unexpected error ({type(exc).__name__}){where}; please report it"


def _store_name() -> str:
    try:
        from app.config import Settings

        return Settings.from_env().describe_store()
    except Exception:  # only for a message
        return "unknown store"


class _PrivateFileHandler(logging.FileHandler):
    """A log file only this OS user can read (it names users and hosts, never secrets)."""

    def _open(self):  # type: ignore[no-untyped-def]  # overrides logging's opener
        return open(
            self.baseFilename,
            self.mode,
            encoding=self.encoding,
            opener=lambda path, flags: os.open(path, flags, 0o600),
        )


def _start_log(home: Path) -> Path | None:
    """Send this process's log (services' warnings, unexpected errors) to the data directory,
    so that nothing but the one refusal line reaches stderr."""
    logging.raiseExceptions = False
    logging.captureWarnings(True)
    root = logging.getLogger()
    root.setLevel(logging.WARNING)
    logging.getLogger("app").setLevel(logging.INFO)  # our own notes; libraries' warnings only
    try:
        home.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        root.addHandler(logging.NullHandler())
        return None
    path = home / LOG_NAME
    handler = _PrivateFileHandler(path, encoding="utf-8", delay=True)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s")
    )
    root.addHandler(handler)
    return path


def _log_unexpected(exc: Exception, log_file: Path | None, handler: str) -> None:
    """Log where it failed: frames and exception types, and for database errors the driver's
    message, never the statement's parameters (they may hold hashes or ciphertext)."""
    if log_file is None:
        return
    from sqlalchemy.exc import StatementError

    frames = "".join(traceback.format_tb(exc.__traceback__))
    if isinstance(exc, StatementError):
        summary = f"{type(exc).__name__} from {type(exc.orig).__name__}: {exc.orig}"
    else:
        summary = f"{type(exc).__name__}: {exc}"
    log.error("unexpected error in %s\n%s%s", handler, frames, summary)


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
