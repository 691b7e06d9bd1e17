"""`iamctl key ...` with a security key on USB: run in-process, so python-fido2's device list
can hold the software key (behind the real CtapHidDevice) instead of the machine's hidraw."""

from __future__ import annotations

import io
import sys

import pytest
from fido2.hid import CtapHidDevice

from app.cli.entry import main
from tests.e2e.conftest import Iamctl
from tests.support.softkey import SoftAuthenticator, soft_device


@pytest.fixture
def plugged(root_cli: Iamctl, monkeypatch: pytest.MonkeyPatch) -> list[SoftAuthenticator]:
    """The keys "plugged in" for this test; the environment is root_cli's store."""
    for name, value in root_cli.env().items():
        monkeypatch.setenv(name, value)
    keys: list[SoftAuthenticator] = []
    monkeypatch.setattr(
        CtapHidDevice,
        "list_devices",
        classmethod(lambda cls: [soft_device(k, serial=i) for i, k in enumerate(keys, 1)]),
    )
    root_cli.ok("user", "create", "alice")
    return keys


def _run(capsys: pytest.CaptureFixture[str], *args: str, stdin: str = "") -> tuple[int, str, str]:
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(list(args))
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    return code, out, err


def test_devices_add_list_and_unbind(
    plugged: list[SoftAuthenticator], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, "key", "devices") == (0, "No security key is plugged in.\n", "")
    assert _run(capsys, "key", "add", "alice", "--name", "k1")[2].startswith(
        "iamctl: no security key is plugged in"
    )
    plugged.append(SoftAuthenticator(pin="1357"))
    code, out, err = _run(capsys, "key", "devices", "--json")
    assert code == 0 and '"has_pin": true' in out
    code, out, err = _run(capsys, "key", "add", "alice", "--name", "k1")
    assert (code, err.strip()) == (
        1,
        "iamctl: this security key has a PIN: give it — --pin-stdin reads it from standard input",
    )
    code, out, err = _run(capsys, "key", "add", "alice", "--name", "k1", "--pin-stdin",
                          stdin="1357\n")  # fmt: skip
    assert (code, err) == (0, "")
    assert out.splitlines() == ["Touch your security key now (Ctrl+C cancels).",
                                "Security key k1 added to alice."]  # fmt: skip
    plugged.append(SoftAuthenticator())
    code, out, err = _run(capsys, "key", "add", "alice", "--name", "k2")
    assert code == 1 and "2 security keys are plugged in" in err and "--device" in err
    code, out, err = _run(capsys, "key", "add", "alice", "--name", "k2", "--device", "soft-key-2")
    assert (code, err) == (0, "")
    code, out, _ = _run(capsys, "key", "list", "alice")
    assert [line.split()[0] for line in out.splitlines()] == ["NAME", "k1", "k2"]
    code, _, err = _run(capsys, "key", "unbind", "alice", "k1", "--confirm", "yes")
    assert code == 1 and "YES" in err
    assert _run(capsys, "key", "unbind", "alice", "k1", "--confirm", "YES")[0] == 0
