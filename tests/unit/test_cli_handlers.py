"""Every `iamctl` command names a handler that exists (a typo would only show when run)."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Iterator

from app.cli.parser import build_parser


def _handlers(parser: argparse.ArgumentParser) -> Iterator[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _handlers(sub)
    handler = parser.get_default("handler")
    if handler:
        yield handler


def test_every_command_has_its_handler() -> None:
    handlers = set(_handlers(build_parser()))
    assert len(handlers) > 50
    for handler in handlers:
        module, function = handler.split(":")
        assert callable(getattr(importlib.import_module(f"app.cli.commands_{module}"), function))
