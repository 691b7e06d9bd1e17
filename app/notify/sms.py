"""SMS gateways. The built-in one delivers nothing: messages stay readable in the outbox."""

from __future__ import annotations

from app.errors import ValidationError
from app.notify.channels import SmsGateway, SmsMessage


class StoredSmsGateway:
    """Stores only: the message is marked "stored" and kept (encrypted when secret) in the
    outbox, where an operator can read it out to the user. A real gateway plugs in here."""

    name = "stored"

    def send(self, message: SmsMessage) -> str:
        return "stored"


_GATEWAYS: dict[str, type] = {"stored": StoredSmsGateway}


def sms_gateway_for(name: str) -> SmsGateway:
    try:
        return _GATEWAYS[name]()
    except KeyError:
        raise ValidationError(
            f"unknown SMS gateway {name!r}; available: {', '.join(_GATEWAYS)}", field="sms_gateway"
        ) from None
