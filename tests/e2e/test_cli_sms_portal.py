"""`iamctl sms` against a real HTTP receiver on loopback, and `iamctl portal`."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import Iamctl
from tests.support.dbdump import dump
from tests.support.sms_receiver import running_sms_receiver

TOKEN = "cli-sms-Token-93b1e0c4a2"
PASSWORD = "Blue-Kettle-Rivers-42"
MOBILE = "+14155552671"


def test_sms_gateway_from_the_command_line_signs_an_operator_in(
    root_cli: Iamctl, tmp_path: Path
) -> None:
    assert root_cli.json("sms", "show") == {
        "gateway": "stored", "url": None, "timeout": None, "token_set": False,
    }  # fmt: skip
    with running_sms_receiver() as receiver:
        set_out = root_cli.ok(
            "sms", "set", "--gateway", "http", "--url", receiver.url, "--token-stdin",
            stdin=TOKEN + "\n",
        )  # fmt: skip
        assert "HTTP POST to" in set_out.out and TOKEN not in set_out.out
        shown = root_cli.json("sms", "show")
        assert shown == {"gateway": "http", "url": receiver.url, "timeout": 10.0,
                         "token_set": True}  # fmt: skip
        receiver.fail_next(503)
        down = root_cli.run("sms", "test", "--to", MOBILE)
        assert down.code == 1 and len(down.err_lines) == 1 and "HTTP 503" in down.err
        root_cli.ok("sms", "test", "--to", MOBILE)

        root_cli.ok("user", "create", "alice", "--mobile", MOBILE, "--role", "helpdesk")
        root_cli.ok("password", "reset", "alice", "--mode", "set-now", "--must-change", "no",
                    "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
        root_cli.ok("protection", "set", "alice", "--method", "sms")
        alice_home = tmp_path / "alice-home"
        asked = root_cli.run("login", "alice", "--password-stdin", stdin=PASSWORD + "\n",
                             home=alice_home)  # fmt: skip
        assert asked.code == 1 and "on its way by sms" in asked.err
        sent = root_cli.ok("outbox", "send")
        assert sent.out.strip() == "sent 1, stored 0, failed 0, remaining 0"
    texts = [m["text"] for m in receiver.messages()]
    assert [t.startswith("IAM Desk test message") for t in texts] == [True, True, False]
    code = texts[2].split("code is ")[1][:6]
    signed_in = root_cli.ok("login", "alice", "--password-stdin", "--code", code,
                            stdin=PASSWORD + "\n", home=alice_home)  # fmt: skip
    assert signed_in.out.startswith("Signed in as alice")
    assert TOKEN not in repr(dump(root_cli.database_url))
    assert TOKEN not in root_cli.ok("audit", "list", "--json").out
    log = root_cli.home / "iamctl.log"
    assert not log.exists() or TOKEN not in log.read_text()


def test_sms_refusals_are_one_line(root_cli: Iamctl) -> None:
    plain = root_cli.run("sms", "set", "--gateway", "http", "--url", "http://sms.example.com/x",
                         "--token-stdin", stdin=TOKEN + "\n")  # fmt: skip
    assert plain.code == 1 and plain.err_lines == [plain.err.strip()]
    assert "refusing plain http" in plain.err and TOKEN not in plain.err
    no_token = root_cli.run("sms", "set", "--gateway", "http", "--url", "https://sms.example.com")
    assert no_token.code == 1 and "bearer token" in no_token.err
    usage = root_cli.run("sms", "set", "--gateway", "pigeon")
    assert usage.code == 2
    assert root_cli.json("sms", "show")["gateway"] == "stored"


def test_portal_url_and_relying_party(root_cli: Iamctl) -> None:
    shown = root_cli.json("portal", "show")
    assert shown["url"] == "https://iamdesk.local/portal" and shown["rp_id"] == "iamdesk.local"
    assert shown["login_link"] == "https://iamdesk.local/portal/"

    done = root_cli.ok("portal", "set", "--url", "https://iam.acme.example/")
    assert "https://iam.acme.example/" in done.out
    shown = root_cli.json("portal", "show")
    assert shown == {
        "url": "https://iam.acme.example", "login_link": "https://iam.acme.example/",
        "rp_id": "iam.acme.example", "origin": "https://iam.acme.example", "security_keys": 0,
    }  # fmt: skip
    root_cli.ok("portal", "set", "--url", "https://iam.acme.example:8443/users",
                "--rp-id", "acme.example")  # fmt: skip
    shown = root_cli.json("portal", "show")
    assert shown["rp_id"] == "acme.example" and shown["origin"] == "https://iam.acme.example:8443"

    for bad, expect in (
        (("--url", "http://iam.acme.example"), "https://"),
        (("--url", "https://10.0.0.7"), "host name"),
        (("--url", "https://iam.acme.example", "--rp-id", "other.example"), "relying-party"),
        (("--url", "https://iam.acme.example", "--rp-id", "example"), "relying-party"),
        (("--url", "https://iam.acme.co.uk", "--rp-id", "co.uk"), "relying-party"),
    ):
        refused = root_cli.run("portal", "set", *bad)
        assert refused.code == 1 and expect in refused.err, refused.err
    assert root_cli.json("portal", "show")["rp_id"] == "acme.example"
