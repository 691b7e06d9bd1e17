"""SMTP settings and the test email, for every front end: the stored password is kept or
replaced here and never handed out (it is decrypted only to talk to the server)."""

from __future__ import annotations

from app.domain.roles import Permission, require
from app.errors import DeliveryError, PreconditionError
from app.notify.channels import EmailMessage, SmtpSettings
from app.services.account import AccountService, load_smtp_settings
from app.services.context import ServiceContext
from app.services.records import Actor, SmtpTestResult, SmtpView

TEST_SUBJECT = "IAM Desk test email"
TEST_BODY = "This is a test from IAM Desk: the SMTP settings work.\n"


class SmtpSettingsService:
    """Args: ctx: the shared service context; account: stores the settings (one audited
    transaction)."""

    def __init__(self, ctx: ServiceContext, account: AccountService) -> None:
        self._ctx = ctx
        self._account = account

    def view(self, actor: Actor) -> SmtpView | None:
        """The stored settings without the password (None when SMTP is not configured)."""
        require(actor.role, Permission.MANAGE_SETTINGS)
        with self._ctx.uow() as uow:
            smtp = load_smtp_settings(self._ctx, uow)
        if smtp is None:
            return None
        return SmtpView(
            smtp.host,
            smtp.port,
            smtp.security,
            smtp.username,
            smtp.sender,
            smtp.timeout,
            password_set=bool(smtp.password),
        )

    def save(self, actor: Actor, smtp: SmtpSettings, *, keep_password: bool = True) -> SmtpView:
        """Store ``smtp``. With ``keep_password`` and no password given, the stored password
        stays when the username is the same (a form never shows it, so it comes back empty)."""
        require(actor.role, Permission.MANAGE_SETTINGS)
        if keep_password and smtp.username and not smtp.password:
            with self._ctx.uow() as uow:
                stored = load_smtp_settings(self._ctx, uow)
            if stored is not None and stored.username == smtp.username and stored.password:
                smtp = SmtpSettings(smtp.host, smtp.port, smtp.security, smtp.username,
                                    stored.password, smtp.sender, smtp.timeout)  # fmt: skip
        self._account.set_smtp(actor, smtp)
        view = self.view(actor)
        assert view is not None
        return view

    def test(self, actor: Actor, recipient: str | None = None) -> SmtpTestResult:
        """Connect and log in now; with a ``recipient``, also send a short email directly
        (not through the outbox). Audited as ``smtp.test`` whether it worked or not."""
        require(actor.role, Permission.MANAGE_SETTINGS)
        with self._ctx.uow() as uow:
            smtp = load_smtp_settings(self._ctx, uow)
        if smtp is None:
            raise PreconditionError(code="smtp.not_configured", field="smtp")
        where = f"{smtp.host}:{smtp.port}"
        mailer = self._ctx.mailer_factory(smtp)
        check = getattr(mailer, "test_connection", None)
        if not recipient and check is None:
            raise PreconditionError(code="smtp.test_needs_recipient", field="test_to")
        try:
            if recipient:
                mailer.send(EmailMessage(recipient, TEST_SUBJECT, TEST_BODY))
            else:
                check()  # type: ignore[misc]
        except DeliveryError as exc:
            self._audit(actor, where, recipient, "failure", exc.code)
            raise
        self._audit(actor, where, recipient, "success", None)
        return SmtpTestResult(where, recipient or "")

    def _audit(
        self, actor: Actor, where: str, recipient: str | None, outcome: str, code: str | None
    ) -> None:
        with self._ctx.uow() as uow:
            details = {"email": bool(recipient)} | ({"error": code} if code else {})
            uow.audit(actor.label, "smtp.test", where, outcome, **details)
            uow.commit()
