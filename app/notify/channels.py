"""The delivery ports behind the outbox and the values they carry."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal, Protocol

from app.errors import ValidationError

SECURITY_MODES = ("none", "starttls", "tls")


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
        if not self.host or any(c.isspace() for c in self.host):
            raise ValidationError("the SMTP host is empty or has spaces", field="host")
        if isinstance(self.port, bool) or not 1 <= int(self.port) <= 65535:
            raise ValidationError(f"SMTP port {self.port} is not between 1 and 65535", field="port")
        if self.security not in SECURITY_MODES:
            raise ValidationError(
                f"SMTP security must be one of {', '.join(SECURITY_MODES)}", field="security"
            )
        if bool(self.username) != bool(self.password):
            raise ValidationError(
                "give both an SMTP username and a password, or neither", field="username"
            )
        from email_validator import EmailNotValidError, validate_email  # loaded on first use

        try:
            validate_email(self.sender, check_deliverability=False)
        except EmailNotValidError as exc:
            raise ValidationError(
                f"the sender address {self.sender!r} is not valid: {exc}", field="sender"
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
