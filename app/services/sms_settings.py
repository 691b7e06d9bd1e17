"""The account's SMS gateway: chosen, validated, audited and stored (the token sealed)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, replace
from typing import Any

from app.config import SmsGatewayKind, SmsHttpConfig
from app.domain.roles import Permission, require
from app.errors import DeliveryError, IamDeskError, ValidationError
from app.notify.channels import SmsMessage
from app.notify.sms import SmsGatewayChoice, gateway_kind
from app.notify.sms_http import HttpSmsSettings, check_gateway_url
from app.services.context import ServiceContext
from app.services.records import Actor
from app.store.uow import UnitOfWork

TOKEN_AAD = b"sms-http-token"
TEST_TEXT = "IAM Desk test message: the SMS gateway works."


@dataclass(frozen=True)
class SmsGatewayView:
    """What may be shown of the SMS gateway: never the token, only whether one is stored."""

    gateway: SmsGatewayKind
    url: str | None
    timeout: float | None
    token_set: bool


class SmsSettingsService:
    """Args: ctx: the shared service context (its SMS gateway factory sends test messages)."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def show(self, actor: Actor) -> SmsGatewayView:
        require(actor.role, Permission.MANAGE_SETTINGS)
        with self._ctx.uow() as uow:
            settings = self._ctx.account_settings(uow)
            return _view(gateway_kind(settings.sms_gateway), settings.sms_http)

    def set(
        self,
        actor: Actor,
        gateway: SmsGatewayKind | str,
        *,
        url: str | None = None,
        token: str | None = None,
        timeout: float | None = None,
    ) -> SmsGatewayView:
        """Choose the gateway. For HTTP a missing URL, token or timeout keeps the stored one
        (the token never comes back to a screen, so a form that leaves it empty keeps it).
        Choosing the stored gateway keeps the HTTP settings for a later switch back."""
        require(actor.role, Permission.MANAGE_SETTINGS)
        kind = gateway if isinstance(gateway, SmsGatewayKind) else gateway_kind(gateway)
        with self._ctx.uow() as uow:
            account = self._ctx.account(uow, for_update=True)
            settings = self._ctx.account_settings(uow)
            stored = settings.sms_http
            http = stored
            details: dict[str, Any] = {"gateway": kind.value}
            if kind is SmsGatewayKind.HTTP or url or token or timeout is not None:
                http = self._http_config(uow, stored, url, token, timeout)
                details.update(
                    host=HttpSmsSettings(http.url, "-").where,
                    timeout=http.timeout,
                    token_changed=bool(token),
                )
            new = replace(settings, sms_gateway=kind.value, sms_http=http)
            account.settings_json = json.dumps(new.to_dict())
            uow.audit(actor.label, "settings.sms", account.name, **details)
            uow.commit()
            return _view(kind, http)

    def send_test(self, actor: Actor, recipient: str) -> str:
        """Send one short SMS now through the chosen gateway (not through the outbox);
        returns "sent", or "stored" for the built-in gateway. Raises DeliveryError."""
        require(actor.role, Permission.MANAGE_SETTINGS)
        from app.domain.contacts import normalize_mobile

        recipient = normalize_mobile(recipient)
        with self._ctx.uow() as uow:
            choice = load_sms_gateway(self._ctx, uow)
        return self._ctx.sms_gateway_factory(choice).send(SmsMessage(recipient, TEST_TEXT))

    def _http_config(
        self,
        uow: UnitOfWork,
        stored: SmsHttpConfig | None,
        url: str | None,
        token: str | None,
        timeout: float | None,
    ) -> SmsHttpConfig:
        url = check_gateway_url(url) if url else (stored.url if stored else "")
        if not url:
            raise ValidationError(code="sms.url_missing", field="url")
        if timeout is None:
            timeout = stored.timeout if stored else SmsHttpConfig(url).timeout
        if token:
            HttpSmsSettings(url, token, timeout).validate()
            sealed = self._ctx.vault(uow).encrypt(token.encode(), aad=TOKEN_AAD)
            return SmsHttpConfig(url, float(timeout), base64.b64encode(sealed).decode())
        if stored is None or not stored.token_sealed:
            raise ValidationError(code="sms.token_missing", field="token")
        HttpSmsSettings(url, "kept", timeout).validate()
        return SmsHttpConfig(url, float(timeout), stored.token_sealed)


def load_sms_gateway(ctx: ServiceContext, uow: UnitOfWork) -> SmsGatewayChoice:
    """The account's gateway with the token decrypted (for the sender only).

    Raises DeliveryError (the message stays queued) when the token cannot be opened."""
    settings = ctx.account_settings(uow)
    kind = gateway_kind(settings.sms_gateway)
    if kind is SmsGatewayKind.STORED:
        return SmsGatewayChoice(kind)
    http = settings.sms_http
    if http is None or not http.token_sealed:
        raise DeliveryError(code="sms.http_not_configured")
    try:
        token = ctx.vault(uow).decrypt(base64.b64decode(http.token_sealed), aad=TOKEN_AAD)
    except IamDeskError as exc:
        raise DeliveryError(code="sms.token_unreadable", reason=str(exc)) from None
    return SmsGatewayChoice(kind, HttpSmsSettings(http.url, token.decode(), http.timeout))


def _view(kind: SmsGatewayKind, http: SmsHttpConfig | None) -> SmsGatewayView:
    return SmsGatewayView(
        kind,
        http.url if http else None,
        http.timeout if http else None,
        bool(http and http.token_sealed),
    )
