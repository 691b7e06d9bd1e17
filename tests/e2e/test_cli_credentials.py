"""`iamctl` credential commands end to end: virtual MFA bound with oathtool's codes, login
protection, API tokens, access keys, permission sets and temporary credentials; every limit
refused in one line with no change; no secret left readable in the store, WAL, log or audit."""

from __future__ import annotations

import csv
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine

from tests.e2e.conftest import Iamctl, Outcome
from tests.support.dbdump import dump
from tests.support.oath import oathtool_code

ALICE_PASSWORD = "Quartz-Lantern-Ripple-42"


def _refused(cli: Iamctl, *args: str, stdin: str | None = None, expect: str = "") -> Outcome:
    """Run a command that must be refused with one line and leave the store as it was."""
    engine = create_engine(cli.database_url)
    try:
        before = dump(engine)
        outcome = cli.run(*args, stdin=stdin)
        assert dump(engine) == before, f"iamctl {' '.join(args)} changed the store"
    finally:
        engine.dispose()
    assert outcome.code == 1, (args, outcome)
    assert len(outcome.err_lines) == 1 and outcome.err.startswith("iamctl: "), outcome.err
    assert expect.lower() in outcome.err.lower(), outcome.err
    return outcome


def _alice(cli: Iamctl) -> None:
    cli.ok("user", "create", "alice", "--email", "alice@example.com")
    cli.ok("password", "reset", "alice", "--mode", "set-now", "--must-change", "no",
           "--password-stdin", stdin=ALICE_PASSWORD + "\n")  # fmt: skip


def _codes(secret: str) -> tuple[str, str, str]:
    """oathtool's codes for the previous, current and next 30-second step."""
    now = datetime.now(UTC)
    return tuple(oathtool_code(secret, now + timedelta(seconds=s)) for s in (-30, 0, 30))  # type: ignore[return-value]


def test_mfa_bind_prints_a_terminal_qr_code_uri_and_grouped_secret(root_cli: Iamctl) -> None:
    _alice(root_cli)
    out = root_cli.ok("mfa", "bind", "alice").out
    assert "█" in out or "▀" in out or "▄" in out  # qrcode's block-character drawing
    uri = next(line.split(" ", 1)[1].strip() for line in out.splitlines() if line.startswith("URI"))
    assert uri.startswith("otpauth://totp/acme:alice?secret=") and "issuer=acme" in uri
    grouped = next(line.split(":", 1)[1].strip() for line in out.splitlines()
                   if line.startswith("Secret"))  # fmt: skip
    secret = uri.split("secret=")[1].split("&")[0]
    assert grouped.replace(" ", "") == secret and len(secret) == 32 and "=" not in secret
    again = root_cli.json("mfa", "bind", "alice")  # a pending device is simply replaced
    assert again["secret"] != secret and again["uri"].startswith("otpauth://totp/acme:alice?")
    assert root_cli.json("mfa", "show", "alice")["state"] == "pending"
    root_cli.json("mfa", "bind", "alice", "--device-name", "alice-phone")
    shown = root_cli.json("mfa", "show", "alice")
    assert (shown["name"], shown["device_name"]) == ("alice", "alice-phone")


def test_mfa_protection_token_and_temporary_credentials(root_cli: Iamctl, tmp_path: Path) -> None:
    _alice(root_cli)
    bound = root_cli.json("mfa", "bind", "alice")
    _refused(root_cli, "mfa", "confirm", "alice", "000000", "111111", expect="do not match")
    previous, current, upcoming = _codes(bound["secret"])
    root_cli.ok("mfa", "confirm", "alice", previous, current)
    assert root_cli.json("mfa", "show", "alice")["state"] == "active"
    _refused(root_cli, "mfa", "bind", "alice", expect="already has a virtual MFA device")

    root_cli.ok("protection", "set", "alice", "--method", "mfa", "--api", "on")
    shown = root_cli.json("user", "show", "alice")
    assert shown["login_protection"] == "mfa" and shown["api_login_protection"] is True
    _refused(root_cli, "mfa", "unbind", "alice", expect="protection")
    _refused(root_cli, "protection", "set", "alice", "--method", "sms", expect="mobile")

    _refused(root_cli, "token", "alice", "--password-stdin", stdin=ALICE_PASSWORD + "\n",
             expect="code")  # fmt: skip
    # A replayed step is a failed sign-in: refused, and counted towards the lockout.
    replayed = root_cli.run("token", "alice", "--password-stdin", "--code", current,
                            stdin=ALICE_PASSWORD + "\n")  # fmt: skip
    assert replayed.code == 1 and len(replayed.err_lines) == 1
    issued = root_cli.json("token", "alice", "--password-stdin", "--code", upcoming,
                           stdin=ALICE_PASSWORD + "\n")  # fmt: skip
    token = issued["token"]

    root_cli.ok("permset", "create", "readers", "--duration", "1h30m", "--description", "read")
    _refused(root_cli, "permset", "create", "short", "--duration", "10m", expect="15")
    _refused(root_cli, "tempcred", "issue", "readers", "--token-stdin", stdin=token + "\n",
             expect="not assigned")  # fmt: skip
    root_cli.ok("permset", "assign", "readers", "alice")
    assert root_cli.json("permset", "list")[0]["members"] == ["alice"]
    temp = root_cli.json("tempcred", "issue", "readers", "--token-stdin", stdin=token + "\n")
    expires = datetime.fromisoformat(temp["expires_at"].replace("Z", "+00:00"))
    assert timedelta(minutes=89) < expires - datetime.now(UTC) <= timedelta(minutes=90)
    listed = root_cli.json("tempcred", "list")
    assert [c["access_key_id"] for c in listed] == [temp["access_key_id"]]
    assert "secret_access_key" not in listed[0] and listed[0]["revoked_at"] is None
    root_cli.ok("tempcred", "revoke", temp["access_key_id"])
    assert root_cli.json("tempcred", "list") == []  # revoked: listed only with --all
    assert root_cli.json("tempcred", "list", "--all")[0]["revoked_at"] is not None

    if root_cli.database_url.startswith("sqlite"):
        _assert_nowhere_in_plain(
            root_cli, tmp_path,
            [bound["secret"], grouped_seed(bound), token, temp["secret_access_key"],
             temp["security_token"], upcoming, ALICE_PASSWORD],
        )  # fmt: skip


def grouped_seed(bound: dict[str, str]) -> str:
    """The grouped form of the seed, which must not be stored either."""
    return bound["grouped_secret"]


def test_access_keys_limits_csv_and_delete_confirmation(root_cli: Iamctl, tmp_path: Path) -> None:
    _alice(root_cli)
    first = root_cli.json("accesskey", "create", "alice")
    assert len(first["access_key_id"]) == 20 and len(first["secret_access_key"]) == 40
    credentials = tmp_path / "credentials.csv"
    second = root_cli.ok("accesskey", "create", "alice", "--csv", str(credentials)).out
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    rows = list(csv.reader(credentials.open(encoding="utf-8")))
    assert rows[0] == ["User Name", "Access Key Id", "Secret Access Key"]
    assert rows[1][0] == "alice" and rows[1][2] in second and len(rows[1][2]) == 40
    _refused(root_cli, "accesskey", "create", "alice", expect="already has 2 access keys")
    _refused(root_cli, "accesskey", "create", "alice", "--csv", str(credentials),
             expect="already exists")  # fmt: skip

    key_id = first["access_key_id"]
    _refused(root_cli, "accesskey", "delete", "alice", key_id, expect="type its id")
    _refused(root_cli, "accesskey", "delete", "alice", key_id, "--confirm", "X" * 20,
             expect="type its id")  # fmt: skip
    root_cli.ok("accesskey", "disable", "alice", key_id)
    listed = root_cli.json("accesskey", "list", "alice")
    statuses = {k["access_key_id"]: k["status"] for k in listed}
    assert statuses[key_id] == "inactive" and set(statuses.values()) == {"active", "inactive"}
    root_cli.ok("accesskey", "delete", "alice", key_id)  # inactive: no confirmation needed
    assert len(root_cli.json("accesskey", "list", "alice")) == 1


def test_key_commands_refuse_cleanly_without_a_key(root_cli: Iamctl) -> None:
    _alice(root_cli)
    assert root_cli.json("key", "list", "alice") == []
    _refused(root_cli, "key", "unbind", "alice", "laptop", "--confirm", "yes", expect="YES")
    _refused(root_cli, "key", "add", "alice", "--name", "bad name", expect="name")
    _refused(root_cli, "protection", "set", "alice", "--method", "mfa", expect="MFA")
    _refused(root_cli, "mfa", "unbind", "alice", expect="")


def _assert_nowhere_in_plain(cli: Iamctl, tmp_path: Path, secrets: list[str]) -> None:
    """Grep the SQLite file, its WAL, the data directory (log, session) and an audit export."""
    export = tmp_path / "audit.csv"
    cli.ok("audit", "export", "--csv", str(export))
    database = Path(cli.database_url.removeprefix("sqlite:///"))
    files = [p for p in database.parent.glob(database.name + "*")]
    files += [p for p in cli.home.rglob("*") if p.is_file()] + [export]
    assert any(p.name.endswith("-wal") for p in files) or len(files) > 2
    for path in files:
        blob = path.read_bytes()
        for secret in secrets:
            for form in {secret, secret.replace(" ", "")}:
                assert form.encode() not in blob, f"a secret is readable in {path.name}"
