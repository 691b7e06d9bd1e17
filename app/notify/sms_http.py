"""The HTTP SMS gateway: a JSON ``{"to", "text"}`` POST with a bearer token, one per message."""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from app.errors import DeliveryError, ValidationError
from app.notify.channels import SmsMessage

if TYPE_CHECKING:
    import http.client
    import ssl

MIN_TIMEOUT, MAX_TIMEOUT = 1.0, 60.0
MAX_TOKEN = 4096
MAX_ANSWER = 64 * 1024  # read (and drop) at most this much of the gateway's answer


def is_loopback_host(host: str) -> bool:
    """``localhost`` or a loopback address (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_gateway_url(url: str) -> str:
    """The URL stripped, or ValidationError: https (plain http only to loopback), a host,
    no user name or password inside, no fragment."""
    url = url.strip()
    parts = urlsplit(url)
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        raise ValidationError(code="sms.url_port", field="url", url=url) from None
    if parts.scheme not in ("https", "http") or not host:
        raise ValidationError(code="sms.url_form", field="url")
    if parts.scheme == "http" and not is_loopback_host(host):
        raise ValidationError(code="sms.url_plain_http", field="url", host=host)
    if parts.username is not None or parts.password is not None:
        raise ValidationError(code="sms.url_credentials", field="url")
    if parts.fragment or any(c.isspace() or ord(c) < 32 for c in url):
        raise ValidationError(code="sms.url_fragment", field="url")
    del port  # parsed only to refuse a bad one
    return url


def check_token(token: str) -> str:
    """A bearer token fit for an HTTP header, or ValidationError (never quoting the token)."""
    if not token:
        raise ValidationError(code="sms.token_missing", field="token")
    if len(token) > MAX_TOKEN:
        raise ValidationError(code="sms.token_too_long", field="token", max=MAX_TOKEN)
    if not token.isascii() or not token.isprintable() or any(c.isspace() for c in token):
        raise ValidationError(code="sms.token_chars", field="token")
    return token


@dataclass(frozen=True)
class HttpSmsSettings:
    """Where the gateway listens and its bearer token (a secret: not in repr).

    Args:
        url: https://… (http://… only to loopback), the address messages are POSTed to.
        token: the bearer token sent in ``Authorization``.
        timeout: seconds to connect, and again to wait for the answer.
    """

    url: str
    token: str = field(repr=False)
    timeout: float = 10.0

    def validate(self) -> None:
        check_gateway_url(self.url)
        check_token(self.token)
        if isinstance(self.timeout, bool) or not MIN_TIMEOUT <= float(self.timeout) <= MAX_TIMEOUT:
            raise ValidationError(
                code="sms.timeout", field="timeout", min=f"{MIN_TIMEOUT:g}", max=f"{MAX_TIMEOUT:g}"
            )

    @property
    def where(self) -> str:
        """scheme://host:port — for messages (the path or query might carry a site's key)."""
        parts = urlsplit(self.url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        return f"{parts.scheme}://{parts.hostname}:{port}"


class HttpSmsGateway:
    """POSTs each message as JSON; any answer but 2xx is a DeliveryError (the outbox retries).

    Redirects are not followed (the token must not travel to another address). The token and
    the text (it may hold a code) are never put in an error or a log line.

    Args:
        settings: the gateway's URL, token and timeout.
        ssl_context: for https (default: the system's trust store, host names checked).
    """

    name = "http"

    def __init__(
        self, settings: HttpSmsSettings, *, ssl_context: ssl.SSLContext | None = None
    ) -> None:
        self._settings = settings
        self._ssl = ssl_context

    def send(self, message: SmsMessage) -> str:
        import http.client
        import ssl

        s = self._settings
        body = json.dumps({"to": message.recipient, "text": message.body}).encode()
        parts = urlsplit(s.url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = {
            "Authorization": f"Bearer {s.token}",
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json, */*;q=0.5",
            "User-Agent": "IAM-Desk",
        }
        connection = self._connection(parts.scheme, parts.hostname or "", parts.port)
        try:
            connection.request("POST", path, body=body, headers=headers)
            answer = connection.getresponse()
            answer.read(MAX_ANSWER)
        except TimeoutError:
            raise DeliveryError(
                code="sms.timed_out", where=s.where, timeout=f"{s.timeout:g}"
            ) from None
        except ssl.SSLError as exc:
            raise DeliveryError(code="sms.tls_failed", where=s.where, reason=exc.reason) from None
        except (http.client.HTTPException, OSError) as exc:
            reason = getattr(exc, "strerror", None) or type(exc).__name__
            raise DeliveryError(code="sms.unreachable", where=s.where, reason=reason) from None
        finally:
            connection.close()
        if not 200 <= answer.status < 300:
            raise DeliveryError(
                code="sms.refused",
                where=s.where,
                status=answer.status,
                reason=_printable(answer.reason),
            )
        return "sent"

    def _connection(self, scheme: str, host: str, port: int | None) -> http.client.HTTPConnection:
        import http.client
        import ssl

        timeout = float(self._settings.timeout)
        if scheme == "https":
            context = self._ssl or ssl.create_default_context()
            return http.client.HTTPSConnection(host, port, timeout=timeout, context=context)
        return http.client.HTTPConnection(host, port, timeout=timeout)


def _printable(text: str) -> str:
    """The gateway's reason phrase, shortened and without control characters."""
    return "".join(c for c in text if c.isprintable())[:80]
