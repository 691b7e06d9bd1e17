"""The delivery ports behind the outbox and the values they carry."""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import asdict, dataclass
from typing import Any, Literal, Protocol

from app.domain.vocabulary import SmtpSecurity, values
from app.errors import ValidationError

SECURITY_MODES = values(SmtpSecurity)
MAX_HOST = 253  # RFC 1123 / DNS
MAX_USERNAME = 254
MAX_SENDER = 254
_HOST_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")


def check_smtp_host(host: str) -> str:
    """``host`` when it is an IP address or an RFC 1123 host name of at most 253 characters."""
    shown = host[:40] + ("…" if len(host) > 40 else "")
    if not host:
        raise ValidationError(code="smtp.host", field="host")
    if len(host) > MAX_HOST:
        raise ValidationError(
            code="smtp.host_too_long", field="host", length=len(host), max=MAX_HOST
        )
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    labels = host.removesuffix(".").split(".")
    if not all(_HOST_LABEL.fullmatch(label) for label in labels):
        raise ValidationError(code="smtp.host_invalid", field="host", host=shown)
    return host


def _check_plain_text(value: str, limit: int, what: str, field: str) -> None:
    if len(value) > limit:
        raise ValidationError(
            code="name.too_long", field=field, what=what, length=len(value), max=limit
        )
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp") for c in value):
        raise ValidationError(code="text.control_chars", field=field, what=what)


@dataclass(frozen=True)
class SmtpSettings:
    """How to reach the SMTP server. ``password`` is a secret: never in the settings JSON."""

    host: str
    port: int
    security: Literal["none", "starttls", "tls"]
    username: str | None
    password: str | None
    sender: str
    timeout: float = 15.0

    def validate(self) -> None:
        check_smtp_host(self.host)
        if self.username:
            _check_plain_text(self.username, MAX_USERNAME, "SMTP username", "username")
        _check_plain_text(self.sender, MAX_SENDER, "sender address", "sender")
        if isinstance(self.port, bool) or not 1 <= int(self.port) <= 65535:
            raise ValidationError(code="smtp.port", field="port", port=self.port)
        if self.security not in SECURITY_MODES:
            raise ValidationError(
                code="smtp.security", field="security", choices=", ".join(SECURITY_MODES)
            )
        if bool(self.username) != bool(self.password):
            raise ValidationError(code="smtp.username_password", field="username")
        from email_validator import EmailNotValidError, validate_email  # loaded on first use

        try:
            validate_email(self.sender, check_deliverability=False)
        except EmailNotValidError as exc:
            raise ValidationError(
                code="smtp.sender", field="sender", sender=self.sender, reason=str(exc)
            ) from None

    def to_public_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("password")
        return data


@dataclass(frozen=True)
class EmailMessage:
    recipient: str
    subject: str
    body: str


@dataclass(frozen=True)
class SmsMessage:
    recipient: str
    body: str


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> None:
        """Hand the message to the server or raise DeliveryError."""


class SmsGateway(Protocol):
    name: str

    def send(self, message: SmsMessage) -> str:
        """Deliver; returns "sent", or "stored" for the built-in gateway."""
