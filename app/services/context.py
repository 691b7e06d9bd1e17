"""What every service shares: the unit-of-work factory, the clock, ports and the vault."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clock import Clock
from app.config import AccountSettings, Settings
from app.errors import NotFoundError, VaultUnavailableError
from app.notify.channels import Mailer, SmsGateway, SmtpSettings
from app.security.vault import Vault, resolve_wrapping_key
from app.store.models import Account
from app.store.uow import UnitOfWork

if TYPE_CHECKING:
    from app.notify.sms import SmsGatewayChoice

log = logging.getLogger(__name__)

MailerFactory = Callable[[SmtpSettings], Mailer]
SmsGatewayFactory = Callable[["SmsGatewayChoice"], SmsGateway]


@dataclass
class ServiceContext:
    """Built once by the composition root and shared by the service objects."""

    settings: Settings
    session_factory: Callable[[], Session]
    clock: Clock
    mailer_factory: MailerFactory
    sms_gateway_factory: SmsGatewayFactory
    _vault: Vault | None = None

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory, self.clock)

    @staticmethod
    def account(uow: UnitOfWork, *, for_update: bool = False) -> Account:
        query = select(Account).limit(1)
        if for_update:
            query = query.with_for_update()
        account = uow.session.scalars(query).first()
        if account is None:
            raise NotFoundError("this store has no account yet — run `iamctl init` first")
        return account

    def account_settings(self, uow: UnitOfWork) -> AccountSettings:
        return AccountSettings.from_dict(json.loads(self.account(uow).settings_json))

    def vault(self, uow: UnitOfWork) -> Vault:
        """The store's vault, created on first need when a wrapping key is available.

        Raises VaultUnavailableError (never a plaintext fallback) when there is no key.
        """
        if self._vault is not None:
            return self._vault
        account = self.account(uow)
        key_file = self.settings.key_file
        if account.wrapped_data_key is None:
            wrapping = resolve_wrapping_key(key_file, account.store_id, create=True)
            vault, blob = Vault.create(wrapping)
            account.wrapped_data_key = blob
            account.key_source = "key-file" if key_file else "keyring"
            log.info("created the store's data key, wrapped by the %s", account.key_source)
        else:
            if account.key_source == "key-file" and key_file is None:
                raise VaultUnavailableError(
                    "this store's secrets are wrapped by a key file: set IAMDESK_KEY_FILE to "
                    "that file (copy it from the workstation that created the store)"
                )
            wrapping = resolve_wrapping_key(key_file, account.store_id, create=False)
            vault = Vault.open(wrapping, account.wrapped_data_key)
        self._vault = vault
        return vault
