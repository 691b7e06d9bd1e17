"""SMS gateways: the built-in one stores only; the HTTP one (sms_http) hands messages on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.config import SmsGatewayKind
from app.errors import DeliveryError, ValidationError
from app.notify.channels import SmsGateway, SmsMessage

if TYPE_CHECKING:
    from app.notify.sms_http import HttpSmsSettings


class StoredSmsGateway:
    """Stores only: the message is marked "stored" and kept (encrypted when secret) in the
    outbox, where an operator can read it out to the user. For sites without SMS."""

    name = SmsGatewayKind.STORED.value

    def send(self, message: SmsMessage) -> str:
        return "stored"


@dataclass(frozen=True)
class SmsGatewayChoice:
    """The account's SMS gateway, ready to use (the HTTP token decrypted, so never logged)."""

    kind: SmsGatewayKind = SmsGatewayKind.STORED
    http: HttpSmsSettings | None = None


def sms_gateway_for(choice: SmsGatewayChoice | str) -> SmsGateway:
    """The gateway the account chose. A bare name is accepted for the built-in one."""
    if isinstance(choice, str):
        choice = SmsGatewayChoice(gateway_kind(choice))
    if choice.kind is SmsGatewayKind.HTTP:
        if choice.http is None:
            raise DeliveryError(code="sms.http_not_configured")
        from app.notify.sms_http import HttpSmsGateway  # loaded only where SMS leave

        return HttpSmsGateway(choice.http)
    return StoredSmsGateway()


def gateway_kind(name: str) -> SmsGatewayKind:
    """The gateway named, or a ValidationError listing the known ones."""
    try:
        return SmsGatewayKind(name)
    except ValueError:
        available = ", ".join(k.value for k in SmsGatewayKind)
        raise ValidationError(
            code="sms.unknown_gateway", field="sms_gateway", name=name, choices=available
        ) from None
