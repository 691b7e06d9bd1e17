"""The account: first-time initialisation and the settings every workstation shares."""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select

from app.config import AccountSettings, RelyingParty
from app.domain.contacts import email_key, normalize_email, normalize_mobile
from app.domain.login_policy import LoginPolicy
from app.domain.names import validate_account_name
from app.domain.password_policy import PasswordPolicy, check_password
from app.domain.roles import Permission, require
from app.domain.vocabulary import KeySource
from app.errors import ConflictError, ValidationError, VaultUnavailableError
from app.notify.channels import SmtpSettings
from app.security.passwords import hash_password
from app.security.tokens import new_token
from app.security.vault import create_key_file
from app.services.context import ServiceContext
from app.services.records import Actor
from app.store import db
from app.store.models import Account

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InitResult:
    """What `init` made; ``vault_ready`` is False when no wrapping key was available."""

    account: str
    vault_ready: bool
    key_source: str
    vault_message: str = ""


class AccountService:
    """Args: ctx: the shared service context."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def init(
        self, name: str, password: str, *, email: str | None = None, mobile: str | None = None
    ) -> InitResult:
        """Create the account (the root operator) on an empty store.

        Creates the key file when IAMDESK_KEY_FILE names one that does not exist yet.
        """
        name = validate_account_name(name)
        email = normalize_email(email) if email else None
        mobile = normalize_mobile(mobile) if mobile else None
        settings = AccountSettings()
        check_password(
            settings.password_policy, password, username=name, context_words=("iamdesk",)
        )
        key_file = self._ctx.settings.key_file
        with self._ctx.uow() as uow:
            if uow.session.scalars(select(Account.id).limit(1)).first() is not None:
                raise ConflictError(code="account.exists")
            account = Account(
                name=name,
                store_id=str(uuid.uuid4()),
                email=email,
                email_key=email_key(email) if email else None,
                mobile=mobile,
                password_hash=hash_password(password),
                failed_attempts=0,
                settings_json=json.dumps(settings.to_dict()),
                key_source=KeySource.KEY_FILE if key_file else KeySource.KEYRING,
                created_at=uow.now,
            )
            uow.session.add(account)
            uow.flush()
            if key_file is not None and not key_file.exists():
                create_key_file(key_file)
            vault_ready, message = True, ""
            try:
                vault = self._ctx.vault(uow)
                account.code_pepper = vault.encrypt(new_token().encode(), aad=b"code-pepper")
            except VaultUnavailableError as exc:
                vault_ready, message = False, str(exc)
            uow.audit(
                f"root:{name}",
                "account.init",
                name,
                vault_ready=vault_ready,
                key_source=account.key_source,
            )
            uow.commit()
            return InitResult(name, vault_ready, account.key_source, message)

    def settings(self, actor: Actor) -> AccountSettings:
        require(actor.role, Permission.VIEW_USERS)
        with self._ctx.uow() as uow:
            return self._ctx.account_settings(uow)

    def account_name(self) -> str:
        with self._ctx.uow() as uow:
            return self._ctx.account(uow).name

    def set_password_policy(self, actor: Actor, changes: dict[str, Any]) -> PasswordPolicy:
        """Change some knobs of the password policy; the others keep their values."""
        return self._update(
            actor,
            "policy.password",
            lambda s: replace(
                s,
                password_policy=PasswordPolicy.from_dict(
                    {**s.password_policy.to_dict(), **changes}
                ),
            ),
            changes,
        ).password_policy

    def set_login_policy(self, actor: Actor, changes: dict[str, Any]) -> LoginPolicy:
        return self._update(
            actor,
            "policy.login",
            lambda s: replace(
                s, login_policy=LoginPolicy.from_dict({**s.login_policy.to_dict(), **changes})
            ),
            changes,
        ).login_policy

    def set_portal(self, actor: Actor, portal_url: str) -> AccountSettings:
        url = portal_url.strip().rstrip("/")
        if not url.startswith(("https://", "http://localhost", "http://127.0.0.1")):
            raise ValidationError(code="settings.portal_url", field="portal_url")
        return self._update(
            actor, "settings.portal", lambda s: replace(s, portal_url=url), {"portal_url": url}
        )

    def set_relying_party(self, actor: Actor, rp: RelyingParty) -> AccountSettings:
        if not rp.id or not rp.origin.startswith("https://"):
            raise ValidationError(code="settings.relying_party", field="relying_party")
        return self._update(
            actor,
            "settings.relying_party",
            lambda s: replace(s, relying_party=rp),
            {"rp_id": rp.id},
        )

    def set_smtp(self, actor: Actor, smtp: SmtpSettings) -> None:
        """Store SMTP settings; the password goes into the vault, never into the JSON."""
        require(actor.role, Permission.MANAGE_SETTINGS)
        smtp.validate()
        with self._ctx.uow() as uow:
            account = self._ctx.account(uow, for_update=True)
            settings = self._ctx.account_settings(uow)
            account.smtp_password = (
                self._ctx.vault(uow).encrypt(smtp.password.encode(), aad=b"smtp-password")
                if smtp.password
                else None
            )
            account.settings_json = json.dumps(
                replace(settings, smtp=smtp.to_public_dict()).to_dict()
            )
            uow.audit(
                actor.label,
                "settings.smtp",
                account.name,
                host=smtp.host,
                port=smtp.port,
                security=smtp.security,
                auth=bool(smtp.username),
            )
            uow.commit()

    def smtp_settings(self, actor: Actor | None = None) -> SmtpSettings | None:
        """The stored SMTP settings with the password decrypted (for the sender only)."""
        if actor is not None:
            require(actor.role, Permission.MANAGE_SETTINGS)
        with self._ctx.uow() as uow:
            return load_smtp_settings(self._ctx, uow)

    def _update(
        self, actor: Actor, action: str, change: Any, details: dict[str, Any]
    ) -> AccountSettings:
        require(actor.role, Permission.MANAGE_SETTINGS)
        with self._ctx.uow() as uow:
            account = self._ctx.account(uow, for_update=True)
            new = change(self._ctx.account_settings(uow))
            account.settings_json = json.dumps(new.to_dict())
            uow.audit(actor.label, action, account.name, changed=",".join(sorted(details)))
            uow.commit()
            return new


def load_smtp_settings(ctx: ServiceContext, uow: Any) -> SmtpSettings | None:
    account = ctx.account(uow)
    public = ctx.account_settings(uow).smtp
    if not public:
        return None
    password = None
    if account.smtp_password is not None:
        password = ctx.vault(uow).decrypt(account.smtp_password, aad=b"smtp-password").decode()
    return SmtpSettings(**{**public, "password": password})


def ensure_schema(engine: Any) -> None:
    """Upgrade the schema when this copy is newer than the store."""
    if db.current_revision(engine) != db.SCHEMA_HEAD:
        log.info("upgrading the store's schema")
        db.upgrade(engine)
