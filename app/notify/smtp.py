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
                    raise DeliveryError(code="smtp.no_starttls", where=self._where())
                client.starttls(context=self._ssl)
                client.ehlo()
            if s.username:
                if s.security == "none" and not _is_loopback(s.host):
                    client.close()
                    raise DeliveryError(code="smtp.plain_password")
                client.login(s.username, s.password or "")
            return client
        except DeliveryError:
            raise
        except smtplib.SMTPAuthenticationError:
            raise DeliveryError(code="smtp.login_refused", username=s.username) from None
        except ssl.SSLError as exc:
            raise DeliveryError(
                code="smtp.tls_failed", where=self._where(), reason=exc.reason
            ) from None
        except smtplib.SMTPException as exc:
            raise DeliveryError(code="smtp.refused", where=self._where(), reason=str(exc)) from None
        except (TimeoutError, ConnectionRefusedError, socket.gaierror, OSError) as exc:
            reason = exc.strerror or type(exc).__name__
            raise DeliveryError(
                code="smtp.unreachable", where=self._where(), reason=reason
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
                code="smtp.recipient_refused", recipient=message.recipient
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(
                code="smtp.send_failed", where=self._where(), reason=str(exc)
            ) from None
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
