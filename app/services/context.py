"""What every service shares: the unit-of-work factory, the clock, ports and the vault."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.clock import Clock
from app.config import AccountSettings, Settings
from app.domain.vocabulary import KeySource
from app.errors import NotFoundError, VaultUnavailableError
from app.notify.channels import Mailer, SmsGateway, SmtpSettings
from app.security.vault import Vault, resolve_wrapping_key
from app.store import db
from app.store.audit import PLAIN, ChainKey
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
    _vault_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _parsed_settings: tuple[str, AccountSettings] | None = field(default=None, repr=False)
    # Once the store chains with its key it always does, and the key never changes.
    _keyed_chain: ChainKey | None = field(default=None, repr=False)
    _write_turn: threading.RLock | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._write_turn = db.write_turn(self.settings.database_url)

    def uow(self, *, readonly: bool = False) -> UnitOfWork:
        """A unit of work; ``readonly`` ones (lists, searches, verify) never take the write
        lock and must not write."""
        return UnitOfWork(self.session_factory, self.clock, self.chain_key, readonly=readonly,
                          write_turn=self._write_turn)  # fmt: skip

    @staticmethod
    def account(uow: UnitOfWork, *, for_update: bool = False) -> Account:
        """The account row, read once per unit of work (a second query would hand back the
        same identity-mapped object anyway); ``for_update`` always asks the store, for its
        row lock."""
        cached: Account | None = uow.session.info.get(_ACCOUNT_ROW)
        if cached is not None and not for_update:
            return cached
        query = select(Account).limit(1)
        if for_update:
            query = query.with_for_update()
        account = uow.session.scalars(query).first()
        if account is None:
            raise NotFoundError(code="account.missing")
        uow.session.info[_ACCOUNT_ROW] = account
        return account

    def account_settings(self, uow: UnitOfWork) -> AccountSettings:
        """The account's settings, parsed once per distinct JSON text (they are frozen)."""
        text = self.account(uow).settings_json
        parsed = self._parsed_settings
        if parsed is None or parsed[0] != text:
            parsed = (text, AccountSettings.from_dict(json.loads(text)))
            self._parsed_settings = parsed
        return parsed[1]

    def vault(self, uow: UnitOfWork) -> Vault:
        """The store's vault, created on first need when a wrapping key is available.

        A new data key is written in ``uow``'s transaction (with the account row locked, so two
        workstations creating one at once end with one key) and cached only when that
        transaction commits: a rollback loses the key together with every secret sealed under
        it, never a key whose secrets were kept. Raises VaultUnavailableError (never a
        plaintext fallback) when there is no key.
        """
        with self._vault_lock:
            if self._vault is not None:
                return self._vault
        pending = uow.session.info.get(_PENDING_VAULT)
        if pending is not None:
            return pending  # created earlier in this same transaction
        account = self.account(uow)
        if account.wrapped_data_key is None and not uow.readonly:
            # Look again under the row lock: another workstation may have just created it.
            # (Flushed first: refresh would otherwise drop this transaction's own changes.)
            uow.flush()
            uow.session.refresh(account, with_for_update=True)
        key_file = self.settings.key_file
        if account.wrapped_data_key is None:
            if uow.readonly:
                raise VaultUnavailableError(code="vault.no_data_key")
            wrapping = resolve_wrapping_key(key_file, account.store_id, create=True)
            vault, blob = Vault.create(wrapping)
            account.wrapped_data_key = blob
            account.key_source = KeySource.KEY_FILE if key_file else KeySource.KEYRING
            uow.flush()
            uow.session.info[_PENDING_VAULT] = vault
            event.listen(uow.session, "after_commit", lambda _s: self._keep(vault), once=True)
            log.info("created the store's data key, wrapped by the %s", account.key_source)
            return vault
        if account.key_source == KeySource.KEY_FILE and key_file is None:
            raise VaultUnavailableError(code="vault.key_file_needed")
        wrapping = resolve_wrapping_key(key_file, account.store_id, create=False)
        vault = Vault.open(wrapping, account.wrapped_data_key)
        self._keep(vault)  # read from a committed row
        return vault

    def _keep(self, vault: Vault) -> None:
        with self._vault_lock:
            if self._vault is None:
                self._vault = vault

    def chain_key(self, uow: UnitOfWork) -> ChainKey:
        """The audit chain's key for ``uow``: plain SHA-256 only while the store has no vault
        it can open (no account yet, or a store from before the keyed chain without its
        wrapping key); a store whose chain is keyed refuses to audit without its key."""
        if self._keyed_chain is not None:
            return self._keyed_chain
        try:
            account = self.account(uow)
        except NotFoundError:
            return PLAIN
        keyed_store = Vault.wrapped_for_keyed_audit(account.wrapped_data_key)
        try:
            vault = self.vault(uow)
        except VaultUnavailableError:
            if keyed_store:
                raise
            return PLAIN
        if uow.readonly or keyed_store:
            chain = ChainKey(vault.audit_key(), keyed_store)
            if keyed_store and vault is self._vault:  # both read from committed rows
                self._keyed_chain = chain
            return chain

        def mark_keyed() -> None:
            wrapping = resolve_wrapping_key(self.settings.key_file, account.store_id, create=False)
            account.wrapped_data_key = vault.wrap(wrapping)
            log.info("the audit chain is keyed from now on")

        return ChainKey(vault.audit_key(), keyed_store, mark_keyed)


_PENDING_VAULT = "iamdesk.pending_vault"
_ACCOUNT_ROW = "iamdesk.account_row"
