"""`iamctl smtp` and `outbox send` against a real SMTP server (aiosmtpd on loopback)."""

from __future__ import annotations

from tests.e2e.conftest import Iamctl
from tests.support.dbdump import dump
from tests.support.mail_server import running_mail_server

SMTP_LOGIN = ("mailer", "Smtp-Relay-Passphrase-5")


def test_smtp_settings_test_mail_and_outbox_delivery(root_cli: Iamctl) -> None:
    with running_mail_server(credentials=SMTP_LOGIN) as server:
        root_cli.ok(
            "smtp",
            "set",
            "--host",
            server.host,
            "--port",
            str(server.port),
            "--security",
            "none",
            "--username",
            SMTP_LOGIN[0],
            "--password-stdin",
            "--sender",
            "iamdesk@acme.example",
            stdin=SMTP_LOGIN[1] + "\n",
        )
        shown = root_cli.json("smtp", "show")
        assert shown["host"] == server.host and shown["port"] == server.port
        assert shown["username"] == "mailer" and shown["password_set"] is True
        assert "password" not in shown

        root_cli.ok("smtp", "test", "--to", "ops@acme.example")
        assert [m["To"] for m in server.messages] == ["ops@acme.example"]

        root_cli.ok("user", "create", "alice", "--email", "alice@example.com")
        root_cli.ok("password", "reset", "alice", "--mode", "auto")
        sent = root_cli.ok("outbox", "send")
        assert sent.out.strip() == "sent 1, stored 0, failed 0, remaining 0"

    delivered = server.messages[-1]
    assert delivered["To"] == "alice@example.com"
    assert "your IAM Desk password has been reset" in delivered.get_content()
    (message,) = root_cli.json("outbox", "list")
    assert message["status"] == "sent" and message["sent_at"].endswith("Z")
    assert SMTP_LOGIN[1] not in repr(dump(root_cli.database_url))


def test_smtp_test_reports_an_unreachable_server_in_one_line(root_cli: Iamctl) -> None:
    with running_mail_server() as server:
        port = server.port
    root_cli.ok(
        "smtp", "set", "--host", "127.0.0.1", "--port", str(port), "--security", "none",
        "--sender", "iamdesk@acme.example",
    )  # fmt: skip
    failed = root_cli.run("smtp", "test")
    assert failed.code == 1 and len(failed.err_lines) == 1
    assert failed.err.startswith("iamctl: could not reach 127.0.0.1:")
