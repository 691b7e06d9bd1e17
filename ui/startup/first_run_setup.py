"""What the first-run wizard does once the operator has chosen: the choice, the store it
makes on a worker thread, and the outcome the console opens with (no Qt here)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.errors import IamDeskError
from app.notify.channels import SmtpSettings
from app.services import Services
from app.services.account import InitResult
from app.services.records import SignInResult

ServicesOpener = Callable[[Path | None], Services]


@dataclass(frozen=True)
class SetupChoice:
    """What the operator chose; the password leaves with the worker call and is not kept."""

    account: str
    email: str | None
    key_file: Path | None
    smtp: SmtpSettings | None


@dataclass
class SetupOutcome:
    """What setting up made: the store's services (reopened for a new key file), the root
    operator's session, and warnings for things that could not be finished."""

    services: Services
    init: InitResult
    signed_in: SignInResult
    key_file: Path | None
    warnings: list[str] = field(default_factory=list)


def set_up(services: Services, open_services: ServicesOpener | None, choice: SetupChoice,
           password: str) -> SetupOutcome:  # fmt: skip
    """Runs on a worker: check SMTP, create the account, sign in as root, store SMTP."""
    if choice.smtp is not None:
        choice.smtp.validate()  # refused before anything is created
    if choice.key_file != services.settings.key_file:
        if open_services is None:
            raise IamDeskError(
                "this console cannot switch key storage; set IAMDESK_KEY_FILE and restart",
                field="key_file",
            )
        services = open_services(choice.key_file)
    init = services.account.init(choice.account, password, email=choice.email)
    signed = services.auth.sign_in(choice.account, password)
    assert isinstance(signed, SignInResult)  # the root operator has no second factor
    outcome = SetupOutcome(services, init, signed, choice.key_file)
    if not init.vault_ready:
        outcome.warnings.append(init.vault_message)
    if choice.smtp is not None:
        try:
            services.account.set_smtp(signed.actor, choice.smtp)
        except IamDeskError as exc:
            outcome.warnings.append(f"SMTP was not saved ({exc}); set it under Settings")
    return outcome
