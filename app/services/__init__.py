"""The service layer: one object per area, each call one transaction with its audit event."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from app.clock import Clock, SystemClock
from app.config import Settings
from app.services.access_keys import AccessKeyService
from app.services.account import AccountService, ensure_schema
from app.services.api_tokens import ApiTokenService
from app.services.audit import AuditService
from app.services.auth import AuthService
from app.services.contacts import ContactService
from app.services.context import MailerFactory, ServiceContext, SmsGatewayFactory
from app.services.mfa import MfaService
from app.services.outbox import OutboxService
from app.services.passwords import PasswordService
from app.services.portal_settings import PortalSettingsService
from app.services.protection import ProtectionService
from app.services.second_factor import SecondFactor
from app.services.security_keys import SecurityKeyService
from app.services.security_settings import SecuritySettingsService
from app.services.sign_in import SignInService
from app.services.sms_settings import SmsSettingsService
from app.services.smtp_settings import SmtpSettingsService
from app.services.temporary_credentials import TemporaryCredentialService
from app.services.user_creation import NewUserService
from app.services.user_import import UserImportService
from app.services.users import UserService
from app.store import db


def _default_mailer(settings):  # type: ignore[no-untyped-def]
    from app.notify.smtp import SmtpMailer

    return SmtpMailer(settings)


def _default_sms(choice):  # type: ignore[no-untyped-def]
    from app.notify.sms import sms_gateway_for

    return sms_gateway_for(choice)


@dataclass
class Services:
    """Built once by a front end's composition root (ui/console.py, app/cli)."""

    settings: Settings
    engine: Engine
    context: ServiceContext
    account: AccountService
    sign_in: SignInService
    auth: AuthService
    users: UserService
    contacts: ContactService
    passwords: PasswordService
    outbox: OutboxService
    audit: AuditService
    mfa: MfaService
    protection: ProtectionService
    access_keys: AccessKeyService
    api_tokens: ApiTokenService
    security_keys: SecurityKeyService
    temporary_credentials: TemporaryCredentialService
    user_import: UserImportService
    new_users: NewUserService
    sms_settings: SmsSettingsService
    portal_settings: PortalSettingsService
    security_settings: SecuritySettingsService
    smtp: SmtpSettingsService

    @classmethod
    def open(
        cls,
        settings: Settings,
        *,
        clock: Clock | None = None,
        mailer_factory: MailerFactory | None = None,
        sms_gateway_factory: SmsGatewayFactory | None = None,
        upgrade: bool = True,
    ) -> Services:
        """Connect to the store (upgrading its schema when ``upgrade``) and build services."""
        engine = db.make_engine(settings.database_url)
        if upgrade:
            ensure_schema(engine)
        ctx = ServiceContext(
            settings,
            db.make_session_factory(engine),
            clock or SystemClock(),
            mailer_factory or _default_mailer,
            sms_gateway_factory or _default_sms,
        )
        mfa, keys = MfaService(ctx), SecurityKeyService(ctx)
        sign_in = SignInService(ctx, SecondFactor(ctx, mfa), mfa, keys)
        tokens = ApiTokenService(ctx, sign_in)
        account = AccountService(ctx)
        passwords = PasswordService(ctx)
        return cls(
            settings=settings,
            engine=engine,
            context=ctx,
            account=account,
            sign_in=sign_in,
            auth=AuthService(ctx, sign_in),
            users=UserService(ctx),
            contacts=ContactService(ctx),
            passwords=passwords,
            outbox=OutboxService(ctx),
            audit=AuditService(ctx),
            mfa=mfa,
            protection=ProtectionService(ctx),
            access_keys=AccessKeyService(ctx),
            api_tokens=tokens,
            security_keys=keys,
            temporary_credentials=TemporaryCredentialService(ctx, tokens),
            user_import=UserImportService(ctx),
            new_users=NewUserService(ctx, passwords),
            sms_settings=SmsSettingsService(ctx),
            portal_settings=PortalSettingsService(ctx),
            security_settings=SecuritySettingsService(ctx),
            smtp=SmtpSettingsService(ctx, account),
        )

    def close(self) -> None:
        self.engine.dispose()
