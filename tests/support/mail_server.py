"""A real SMTP server for tests: aiosmtpd on loopback, optionally with TLS and AUTH."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ipaddress
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


@dataclass
class MailServer:
    """What a running test server exposes: where it is, and what it received."""

    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    client_context: ssl.SSLContext | None = None

    def bodies(self) -> list[str]:
        return [m.get_content() for m in self.messages]


class _Recorder:
    def __init__(self, server: MailServer) -> None:
        self._server = server

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(
            envelope.original_content or envelope.content, policy=email.policy.default
        )
        self._server.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_tls_contexts(directory: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A self-signed certificate for 127.0.0.1: (server context, client context trusting it)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert_path, key_path)
    client = ssl.create_default_context(cafile=str(cert_path))
    return server, client


@contextmanager
def running_mail_server(
    *, tls: str = "none", tmp: Path | None = None, credentials: tuple[str, str] | None = None
) -> Iterator[MailServer]:
    """Run a server until the block ends. ``tls``: "none", "starttls" or "tls"."""
    port = _free_port()
    server = MailServer("127.0.0.1", port)
    kwargs: dict[str, Any] = {}
    if tls != "none":
        assert tmp is not None, "TLS needs a directory for the certificate"
        server_ctx, server.client_context = make_tls_contexts(tmp)
        kwargs["ssl_context" if tls == "tls" else "tls_context"] = server_ctx
        if tls == "starttls":
            kwargs["require_starttls"] = True
    if credentials:

        def _auth(
            _server: Any, _session: Any, _envelope: Any, mechanism: str, data: Any
        ) -> AuthResult:
            ok = (
                isinstance(data, LoginPassword)
                and (data.login.decode(), data.password.decode()) == credentials
            )
            return AuthResult(success=ok, handled=False)

        kwargs.update(
            authenticator=_auth,
            auth_require_tls=tls == "starttls",
            auth_exclude_mechanism=["CRAM-MD5"],
        )
    controller = Controller(
        _Recorder(server), hostname="127.0.0.1", port=port, ready_timeout=10, **kwargs
    )
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


@contextmanager
def closed_port() -> Iterator[int]:
    """A loopback port with nothing listening."""
    yield _free_port()
