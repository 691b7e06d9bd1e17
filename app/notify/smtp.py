"""SMTP delivery: STARTTLS or implicit TLS, optional login, a new connection per send."""

from __future__ import annotations

import email.utils
import ipaddress
import smtplib
import socket
import ssl
from email.message import EmailMessage as MimeMessage

from app.errors import DeliveryError
from app.notify.channels import EmailMessage, SmtpSettings


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class SmtpMailer:
    """Sends email through the configured server; connects per send, never in __init__.

    Login over an unencrypted connection is refused unless the server is on loopback.
    """

    def __init__(self, settings: SmtpSettings, *, ssl_context: ssl.SSLContext | None = None):
        self._settings = settings
        self._ssl = ssl_context or ssl.create_default_context()

    def _where(self) -> str:
        return f"{self._settings.host}:{self._settings.port}"

    def _connect(self) -> smtplib.SMTP:
        s = self._settings
        try:
            if s.security == "tls":
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout, context=self._ssl
                )
            else:
                client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            client.ehlo()
            if s.security == "starttls":
                if not client.has_extn("starttls"):
                    client.close()
                    raise DeliveryError(
                        f"the SMTP server {self._where()} does not offer "
                        "STARTTLS — choose security 'tls' or 'none'"
                    )
                client.starttls(context=self._ssl)
                client.ehlo()
            if s.username:
                if s.security == "none" and not _is_loopback(s.host):
                    client.close()
                    raise DeliveryError(
                        "refusing to send the SMTP password unencrypted — "
                        "choose security 'starttls' or 'tls'"
                    )
                client.login(s.username, s.password or "")
            return client
        except DeliveryError:
            raise
        except smtplib.SMTPAuthenticationError:
            raise DeliveryError(
                f"the SMTP server refused the login for user {s.username!r} — "
                "check the SMTP username and password"
            ) from None
        except ssl.SSLError as exc:
            raise DeliveryError(
                f"TLS with {self._where()} failed ({exc.reason}) — check the "
                "security mode and the server's certificate"
            ) from None
        except smtplib.SMTPException as exc:
            raise DeliveryError(f"the SMTP server {self._where()} refused: {exc}") from None
        except (TimeoutError, ConnectionRefusedError, socket.gaierror, OSError) as exc:
            reason = exc.strerror or type(exc).__name__
            raise DeliveryError(
                f"could not reach {self._where()}: {reason} — check the SMTP host and port"
            ) from None

    def send(self, message: EmailMessage) -> None:
        mime = MimeMessage()
        mime["From"] = self._settings.sender
        mime["To"] = message.recipient
        mime["Subject"] = message.subject
        mime["Date"] = email.utils.formatdate(usegmt=True)
        mime["Message-ID"] = email.utils.make_msgid(domain=self._settings.sender.split("@")[-1])
        mime.set_content(message.body, charset="utf-8")
        client = self._connect()
        try:
            client.send_message(mime)
        except smtplib.SMTPRecipientsRefused:
            raise DeliveryError(
                f"the SMTP server refused the recipient {message.recipient!r}"
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"sending through {self._where()} failed: {exc}") from None
        finally:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()

    def test_connection(self) -> None:
        """Connect, greet, secure and log in as configured, then quit."""
        client = self._connect()
        try:
            client.noop()
        finally:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()
