"""ui.main.main: the `iamdesk` entry point, whatever argument list it is given."""

from __future__ import annotations

import sys
import types

import pytest

from ui import main as ui_main


def test_main_with_an_empty_argument_list_starts_the_console_under_its_own_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[list[str]] = []
    fake_console = types.ModuleType("ui.console")
    fake_console.run = lambda args: seen.append(args) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ui.console", fake_console)
    monkeypatch.setattr(ui_main, "load_before_qt", lambda: None)
    assert ui_main.main([]) == 0
    assert seen == [["iamdesk"]]


def test_main_version_prints_and_returns(capsys: pytest.CaptureFixture[str]) -> None:
    assert ui_main.main(["iamdesk", "--version"]) == 0
    assert capsys.readouterr().out.startswith("iamdesk ")
