"""`iamctl login` and `iamctl token` on the sign-in core, attacked as the issue did: wrong codes
lock, root cannot be kept out, must-change blocks everything but `password change`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.conftest import ROOT_PASSWORD
from tests.e2e.conftest import Iamctl
from tests.support.dbdump import differences, dump
from tests.support.oath import oathtool_code

ALICE_PASSWORD = "Quartz-Lantern-Ripple-42"
MAX_FAILURES = 5


def _code(secret: str, seconds: int = 0) -> str:
    return oathtool_code(secret, datetime.now(UTC) + timedelta(seconds=seconds))


def _bind(cli: Iamctl, name: str) -> str:
    secret: str = cli.json("mfa", "bind", name)["secret"]
    cli.ok("mfa", "confirm", name, _code(secret, -30), _code(secret))
    return secret


def _wrong(secret: str) -> str:
    """A code that is none of the accepted steps around now."""
    valid = {_code(secret, s) for s in (-60, -30, 0, 30, 60)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


def _alice(cli: Iamctl, *extra: str, must_change: str = "no") -> None:
    cli.ok("user", "create", "alice", *extra)
    cli.ok("password", "reset", "alice", "--mode", "set-now", "--must-change", must_change,
           "--password-stdin", stdin=ALICE_PASSWORD + "\n")  # fmt: skip


def test_wrong_login_codes_lock_the_operator(root_cli: Iamctl, tmp_path: Path) -> None:
    """Finding 1 through `iamctl login`: 12 wrong codes no longer all say "attempts left"."""
    _alice(root_cli, "--role", "administrator")
    secret = _bind(root_cli, "alice")
    root_cli.ok("protection", "set", "alice", "--method", "mfa")
    desk = tmp_path / "alice-home"
    login = ("login", "alice", "--password-stdin", "--code")
    answers = [root_cli.run(*login, _wrong(secret), stdin=ALICE_PASSWORD + "\n", home=desk)
               for _ in range(MAX_FAILURES)]  # fmt: skip
    assert all(a.code == 1 for a in answers)
    assert "locked" in answers[-1].err and "locked" not in answers[-2].err
    right = root_cli.run(*login, _code(secret), stdin=ALICE_PASSWORD + "\n", home=desk)
    assert right.code == 1 and "locked" in right.err
    assert root_cli.json("user", "show", "alice")["locked"] is True
    root_cli.ok("user", "unlock", "alice")
    signed = root_cli.ok(*login, _code(secret, 30), stdin=ALICE_PASSWORD + "\n", home=desk)
    assert "Signed in as alice" in signed.out


def test_wrong_token_codes_lock_the_user(root_cli: Iamctl) -> None:
    _alice(root_cli)
    secret = _bind(root_cli, "alice")
    root_cli.ok("protection", "set", "alice", "--api", "on")
    token = ("token", "alice", "--password-stdin", "--code")
    answers = [root_cli.run(*token, _wrong(secret), stdin=ALICE_PASSWORD + "\n")
               for _ in range(MAX_FAILURES)]  # fmt: skip
    assert [a.code for a in answers] == [1] * MAX_FAILURES and "locked" in answers[-1].err
    right = root_cli.run(*token, _code(secret), stdin=ALICE_PASSWORD + "\n")
    assert right.code == 1 and "locked" in right.err


def test_root_is_not_kept_out_and_changes_its_password(root_cli: Iamctl, tmp_path: Path) -> None:
    """Finding 2: an attacker without the key file cannot even record a guess (the audit
    chain is keyed by the vault), so root is never locked by one; root rotates its password
    and binds its own MFA device, which `iamctl login` then asks for."""
    attacker = Iamctl(tmp_path / "attacker", root_cli.database_url, None)
    before = dump(root_cli.database_url)
    for _ in range(MAX_FAILURES + 1):
        refused = attacker.run("login", "acme", "--password-stdin", stdin="a-guess\n")
        assert refused.code == 1 and "IAMDESK_KEY_FILE" in refused.err
    assert differences(before, dump(root_cli.database_url)) == []
    root_cli.ok("login", "acme", "--password-stdin", stdin=ROOT_PASSWORD + "\n")

    new = "Granite-Harbour-Compass-31"
    root_cli.ok("password", "change", "--password-stdin", stdin=f"{ROOT_PASSWORD}\n{new}\n")
    old = root_cli.run("login", "acme", "--password-stdin", stdin=ROOT_PASSWORD + "\n")
    assert old.code == 1 and "wrong" in old.err
    root_cli.ok("login", "acme", "--password-stdin", stdin=new + "\n")

    secret = _bind(root_cli, "acme")
    asked = root_cli.run("login", "acme", "--password-stdin", stdin=new + "\n")
    assert asked.code == 1 and "--code" in asked.err
    signed = root_cli.ok("login", "acme", "--password-stdin", "--code", _code(secret, 30),
                         stdin=new + "\n")  # fmt: skip
    assert "(root)" in signed.out


def test_must_change_allows_only_password_change(root_cli: Iamctl, tmp_path: Path) -> None:
    """Finding 5: a must-change operator can do nothing but change the password, gets no
    token, and a helpdesk set-now always forces a change."""
    _alice(root_cli, "--role", "helpdesk", must_change="yes")
    refused = root_cli.run("token", "alice", "--password-stdin", stdin=ALICE_PASSWORD + "\n")
    assert refused.code == 1 and "must be changed" in refused.err
    desk = tmp_path / "alice-home"
    signed = root_cli.ok("login", "alice", "--password-stdin", stdin=ALICE_PASSWORD + "\n",
                         home=desk)  # fmt: skip
    assert "must be changed" in signed.out
    for command in (("user", "list"), ("password", "reset", "acme", "--mode", "auto")):
        blocked = root_cli.run(*command, home=desk)
        assert blocked.code == 1 and "password must be changed first" in blocked.err
    new = "Velvet-Orchard-Signal-64"
    root_cli.ok("password", "change", "--password-stdin", stdin=f"{ALICE_PASSWORD}\n{new}\n",
                home=desk)  # fmt: skip
    assert root_cli.run("user", "list", home=desk).code == 0

    root_cli.ok("user", "create", "bob")
    forced = root_cli.run("password", "reset", "bob", "--mode", "set-now", "--must-change", "no",
                          "--password-stdin", stdin=ALICE_PASSWORD + "\n", home=desk)  # fmt: skip
    assert forced.code == 1 and "must always be changed" in forced.err
