"""`iamctl` fed hostile and careless input in-process (app.cli.entry.run): every refusal is a
clean line, never "unexpected error"; exports never overwrite the store; nothing printed can
drive a terminal; CSV cells never run as formulas."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

import pytest

from app.cli.entry import run
from app.cli.parser import build_parser
from tests.conftest import ROOT_PASSWORD


class InProcess:
    """Runs one parsed `iamctl` command in this process against the test's store."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, url: str) -> None:
        self.home = tmp_path / "home"
        self.key_file = tmp_path / "iamdesk.key"
        self.store = Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite") else None
        for name in [k for k in os.environ if k.startswith("IAMDESK_")]:
            monkeypatch.delenv(name)
        monkeypatch.setenv("IAMDESK_HOME", str(self.home))
        monkeypatch.setenv("IAMDESK_DATABASE_URL", url)
        monkeypatch.setenv("IAMDESK_KEY_FILE", str(self.key_file))
        monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

    def __call__(self, *argv: str, stdin: str | bytes | Path = "") -> tuple[int, str, str]:
        if isinstance(stdin, Path):
            reader = stdin.open(encoding="utf-8")
        else:
            raw = stdin.encode() if isinstance(stdin, str) else stdin
            reader = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")
        streams = reader, io.StringIO(), io.StringIO()
        code = run(build_parser().parse_args(list(argv)), stdin=streams[0], stdout=streams[1],
                   stderr=streams[2])  # fmt: skip
        return code, streams[1].getvalue(), streams[2].getvalue()


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str) -> InProcess:
    runner = InProcess(monkeypatch, tmp_path, database_url)
    code, _, err = runner("init", "--account", "acme", "--email", "admin@acme.example",
                          "--password-stdin", stdin=ROOT_PASSWORD + "\n")  # fmt: skip
    assert code == 0, err
    return runner


def test_hostile_inputs_are_refused_cleanly(cli: InProcess, tmp_path: Path) -> None:
    long_field = tmp_path / "long-field.csv"
    long_field.write_text("name,display_name\n" + "a," + "x" * 140_000 + "\n", encoding="utf-8")
    not_utf8 = tmp_path / "latin1.csv"
    not_utf8.write_bytes(b"name\n\xe9milie\n")
    nul_csv = tmp_path / "nul.csv"
    nul_csv.write_bytes(b"name\nal\x00ice\n")
    long_name = tmp_path / (("n" * 200) + ".csv")
    long_name.write_text("name\nlongname1\n", encoding="utf-8")
    session_dir = cli.home / "iamctl-session-dir"
    session_dir.mkdir(parents=True)
    cases: list[tuple[tuple[str, ...], str | bytes | Path]] = [
        (("user", "create", "caf\udce9"), ""),  # argv bytes that were not UTF-8
        (("user", "create", "bob", "--display-name", "a\x00b"), ""),
        (("user", "list", "--search", "a\x00b"), ""),
        (("user", "list", "--search", "\ud800"), ""),
        (("user", "list", "--search", "x" * 5000), ""),
        (("user", "import", str(long_field)), ""),
        (("user", "import", str(not_utf8)), ""),
        (("user", "import", str(nul_csv)), ""),
        (("user", "import", "/dev/zero"), ""),
        (("user", "import", str(tmp_path)), ""),
        (("user", "import", str(tmp_path / "missing.csv")), ""),
        (("password", "reset", "nobody", "--mode", "set-now", "--password-stdin"), b"\xff\xfe"),
        (
            ("password", "reset", "nobody", "--mode", "set-now", "--password-stdin"),
            Path("/dev/zero"),
        ),  # fmt: skip
        (
            (
                "smtp",
                "set",
                "--host",
                "smtp.acme.example",
                "--port",
                "25",
                "--security",
                "none",
                "--sender",
                "iam@acme.example",
                "--username",
                "u",
                "--password-stdin",
            ),
            Path("/dev/zero"),
        ),  # fmt: skip
        (
            (
                "smtp",
                "set",
                "--host",
                "h" * 10_000,
                "--port",
                "25",
                "--security",
                "none",
                "--sender",
                "iam@acme.example",
            ),
            "",
        ),  # fmt: skip
        (
            (
                "smtp",
                "set",
                "--host",
                "smtp.acme.example\x1b[2J",
                "--port",
                "25",
                "--security",
                "none",
                "--sender",
                "iam@acme.example",
            ),
            "",
        ),  # fmt: skip
        (("audit", "export", "--csv", "/dev/full"), ""),
        (("audit", "export", "--csv", str(tmp_path / "no-such-dir" / "a.csv")), ""),
        (("audit", "export", "--csv", str(tmp_path)), ""),
    ]
    for argv, stdin in cases:
        code, out, err = cli(*argv, stdin=stdin)
        assert code == 1, (argv, code, out, err)
        assert "unexpected error" not in err, (argv, err)
        assert err.startswith("iamctl: ") and err.count("\n") == 1, (argv, err)
        assert "\x1b" not in out + err
    for search in ('"unbalanced', "NEAR(a b)", "a* OR b", "'; DROP TABLE users; --", "中文"):
        code, _, err = cli("user", "list", "--search", search)  # FTS syntax is only text
        assert code == 0, (search, err)
    # An import file name longer than the audit column still imports (PostgreSQL's DataError).
    code, _, err = cli("user", "import", str(long_name))
    assert code == 0, err
    # A session file that is a directory.
    os.replace(session_dir, cli.home / "iamctl-session.moved")
    (cli.home / "iamctl-session").unlink()
    (cli.home / "iamctl-session").mkdir()
    code, _, err = cli("user", "list")
    assert code == 1 and "unexpected error" not in err, err


def test_audit_export_never_overwrites_the_store_the_key_or_a_link(
    cli: InProcess, tmp_path: Path
) -> None:
    targets = [cli.key_file, cli.home / "iamctl-session"]
    if cli.store is not None:
        targets += [cli.store]
    link = tmp_path / "link.csv"
    link.symlink_to(targets[0])
    hard = tmp_path / "hard.csv"
    os.link(targets[0], hard)
    before = {p: p.read_bytes() for p in targets}
    for target in [*targets, link, hard]:
        for force in ((), ("--force",)):
            code, _, err = cli("audit", "export", "--csv", str(target), *force)
            assert code == 1 and "unexpected error" not in err, (target, force, err)
    assert {p: p.read_bytes() for p in targets} == before
    assert cli("user", "list")[0] == 0  # the store still works

    fresh = tmp_path / "audit.csv"
    assert cli("audit", "export", "--csv", str(fresh))[0] == 0
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    code, _, err = cli("audit", "export", "--csv", str(fresh))
    assert code == 1 and "already exists" in err and "--force" in err
    fresh.chmod(0o644)
    assert cli("audit", "export", "--csv", str(fresh), "--force")[0] == 0
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    assert list(tmp_path.glob(".*partial")) == []


def test_audit_csv_and_terminal_output_are_neutralised(cli: InProcess, tmp_path: Path) -> None:
    hostile = tmp_path / '=HYPERLINK("http:evil")\x1b[2J.csv'
    hostile.write_text("name,mobile\nalice,+8613800138000\n", encoding="utf-8")
    code, _, err = cli("user", "import", str(hostile))
    assert code == 0, err
    exported = tmp_path / "audit.csv"
    assert cli("audit", "export", "--csv", str(exported))[0] == 0
    with exported.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    imported = [r for r in rows if r["action"] == "user.import"][0]
    assert imported["target"].startswith("'=HYPERLINK")
    assert not any(r[k].startswith(("=", "+", "-", "@")) for r in rows for k in r)
    code, out, _ = cli("audit", "list")
    assert code == 0 and "\x1b" not in out and "HYPERLINK" in out
    code, out, _ = cli("user", "show", "alice")
    assert "+8613800138000" in out


def test_smtp_show_escapes_and_set_validates(cli: InProcess) -> None:
    ok = ("smtp", "set", "--host", "smtp.acme.example", "--port", "587", "--security",
          "starttls", "--sender", "iam@acme.example")  # fmt: skip
    assert cli(*ok)[0] == 0
    for host in ("smtp..acme", "-smtp.acme", "smtp acme", "smtp.acme.example\r\nRCPT"):
        code, _, err = cli(*ok[:2], f"--host={host}", *ok[4:])
        assert code == 1 and "host" in err, (host, err)
    assert cli(*ok[:2], "--host", "192.0.2.10", *ok[4:])[0] == 0
    code, out, _ = cli("smtp", "show")
    assert code == 0 and "192.0.2.10" in out


def test_credentials_and_console_csv_keep_mobiles_and_stop_formulas(tmp_path: Path) -> None:
    from app.domain.spreadsheet import spreadsheet_cell

    assert spreadsheet_cell("+8613800138000") == "+8613800138000"
    assert spreadsheet_cell("-42") == "-42"
    for formula in ("=1+1", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=x", "\r=x"):
        assert spreadsheet_cell(formula) == "'" + formula
    assert spreadsheet_cell(None) == ""


def test_smtp_show_escapes_what_an_older_version_stored(cli: InProcess, database_url: str) -> None:
    import json

    from sqlalchemy import create_engine, text

    ok = ("smtp", "set", "--host", "smtp.acme.example", "--port", "587", "--security",
          "starttls", "--sender", "iam@acme.example")  # fmt: skip
    assert cli(*ok)[0] == 0
    engine = create_engine(database_url)
    with engine.begin() as conn:
        settings = json.loads(conn.execute(text("SELECT settings_json FROM accounts")).scalar_one())
        settings["smtp"]["host"] = "smtp.acme.example\x1b]0;owned\x07\x1b[2J"
        conn.execute(text("UPDATE accounts SET settings_json = :s"), {"s": json.dumps(settings)})
    engine.dispose()
    for argv in (("smtp", "show"), ("smtp", "show", "--json")):
        code, out, _ = cli(*argv)
        assert code == 0 and "\x1b" not in out and "\x07" not in out
        assert "\\u001b]0;owned" in out
    assert json.loads(cli("smtp", "show", "--json")[1])["host"].endswith("\x1b[2J")
