"""Immutable results the services hand to front ends (safe to hold across threads)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from app.domain.login_policy import SignInPurpose
from app.domain.password_policy import PasswordPolicy
from app.domain.roles import Role
from app.errors import PermissionDeniedError


@dataclass(frozen=True)
class Actor:
    """The signed-in operator on whose behalf a service call runs."""

    name: str
    role: Role
    user_id: int | None = None  # None for the account's root operator
    # The session's password must change first: front ends allow only the change.
    password_change_required: bool = False

    @property
    def is_root(self) -> bool:
        return self.role is Role.ROOT

    @property
    def label(self) -> str:
        """How the audit log names this operator."""
        return f"root:{self.name}" if self.role is Role.ROOT else f"user:{self.name}"

    def on_own_record(self) -> Actor:
        """This IAM user with only the rights every user has on their own record (the
        portal): never more than the role held, never another user. Root has no such record."""
        if self.user_id is None:
            raise PermissionDeniedError(code="portal.root_refused")
        return Actor(self.name, Role.SELF, self.user_id, self.password_change_required)


SYSTEM = Actor("system", Role.ROOT)


@dataclass(frozen=True)
class UserSummary:
    """One row of the user list."""

    id: int
    name: str
    display_name: str
    status: str
    role: str
    email: str | None
    mobile: str | None
    login_protection: str
    has_password: bool
    locked: bool
    last_login_at: datetime | None
    created_at: datetime
    version: int
    # Credentials, read in the same query as the row (the list shows them for every row).
    virtual_mfa: str  # "none" | "pending" | "active"
    security_keys: int
    access_keys: int


@dataclass(frozen=True)
class UserDetail(UserSummary):
    """Everything Basic Information and Security Settings show about a user."""

    description: str
    password_origin: str | None
    password_set_at: datetime | None
    must_change_password: bool
    api_login_protection: bool
    locked_until: datetime | None
    updated_at: datetime


@dataclass(frozen=True)
class UserPage:
    """A page of the user list. ``total`` counts every match (None when not asked for); for a
    search it stops at ``SEARCH_COUNT_CAP`` and ``total_exact`` is then False ("1,000+")."""

    rows: tuple[UserSummary, ...]
    total: int | None
    offset: int
    total_exact: bool = True


@dataclass(frozen=True)
class ResetResult:
    """What a password reset did. No secret is in it, except a generated password the
    operator chose to be shown once (``password``, never in its repr): the rest went out by
    email, or the operator typed it.

    ``emailed_to`` names where the email is queued; ``email_waits`` says it cannot go out
    yet (SMTP is not set up: it waits in the outbox). ``must_change`` is the new password's
    flag (set-by-user: False, the user chooses the password through the link)."""

    user_name: str
    mode: str
    emailed_to: str | None
    must_change: bool
    expires_at: datetime | None = None  # the set-password link's expiry
    email_waits: bool = False
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class OutboxOverview:
    """The outbox as listed, with what says why queued messages wait: whether SMTP is set
    up, and the store's time (a message's next attempt is in the future, or due now)."""

    messages: tuple[OutboxRecord, ...]
    smtp_ready: bool
    now: datetime


@dataclass(frozen=True)
class SignedIn:
    """A finished sign-in from the sign-in core (app/services/sign_in.py): who signed in,
    for which front end, with which second factor (None: password only), and what the
    front end must still ask. Front ends turn it into their own session or token."""

    principal: Actor
    purpose: SignInPurpose
    second_factor: str | None = None
    # An operator reset the password with must-change, or it is older than the policy's
    # maximum age: the front end offers nothing but the change (no token is issued).
    password_change_required: bool = False
    password_expired: bool = False


@dataclass(frozen=True)
class SignInResult:
    """A successful sign-in: the session token is shown to the front end once."""

    actor: Actor
    token: str
    expires_at: datetime
    # The operator's password was reset with must-change, or is older than the policy's
    # maximum age: the front end asks for a new one (PasswordService.change_own).
    password_change_required: bool = False


@dataclass(frozen=True)
class OutboxRecord:
    """One message in the outbox as listed (secret bodies are never listed)."""

    id: int
    channel: str
    recipient: str
    subject: str
    purpose: str
    user_name: str | None
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    carries_secret: bool


@dataclass(frozen=True)
class SendReport:
    """What one pass of the outbox sender did."""

    sent: int
    stored: int
    failed: int
    remaining: int


@dataclass(frozen=True)
class TotpEnrollment:
    """A pending virtual MFA device: shown once, to be scanned and confirmed."""

    user_name: str
    secret: str
    grouped_secret: str
    uri: str


@dataclass(frozen=True)
class MfaStatus:
    """A user's virtual MFA device as Security Settings shows it."""

    state: str  # "none" | "pending" | "active"
    created_at: datetime | None
    activated_at: datetime | None
    device_name: str | None = None  # None: bound before devices had names


@dataclass(frozen=True)
class AccessKeyRecord:
    access_key_id: str
    status: str
    created_at: datetime
    last_used_at: datetime | None


@dataclass(frozen=True)
class NewAccessKey:
    """A new access key; the secret is shown once and never again."""

    user_name: str
    access_key_id: str
    secret_access_key: str
    created_at: datetime


@dataclass(frozen=True)
class SecondFactorChallenge:
    """The sign-in now waits for ``method`` (sms, email, mfa); finish it with the sign-in
    core's ``complete``, ``complete_with_key`` or ``finish_key_assertion``."""

    challenge_id: str
    principal: str
    method: str
    sent_to: str | None  # a masked destination for sms/email codes
    expires_at: datetime


@dataclass(frozen=True)
class ChallengeView:
    """A waiting second-factor challenge as a front end shows it again."""

    method: str
    sent_to: str  # the masked destination of a sent code, else ""
    has_security_keys: bool


@dataclass(frozen=True)
class ApiToken:
    """An API token for a user; shown once, stored hashed."""

    user_name: str
    token: str
    expires_at: datetime
    user_id: int
    issued_at: datetime


@dataclass(frozen=True)
class SecurityKeyRecord:
    """A bound security key as Security Settings lists it."""

    name: str
    aaguid: str
    created_at: datetime
    last_used_at: datetime | None
    sign_count: int


@dataclass(frozen=True)
class PermissionSetRecord:
    name: str
    description: str
    session_seconds: int
    members: tuple[str, ...]


@dataclass(frozen=True)
class TemporaryCredentialRecord:
    """A temporary credential as operators list it (never its secrets)."""

    id: int
    user_name: str
    permission_set: str
    access_key_id: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class NewTemporaryCredential:
    """Issued temporary credentials: the secret and the security token are shown once."""

    access_key_id: str
    secret_access_key: str
    security_token: str
    expires_at: datetime


@dataclass(frozen=True)
class SmtpView:
    """The stored SMTP settings as a front end may see them: whether a password is set,
    never the password."""

    host: str
    port: int
    security: str
    username: str | None
    sender: str
    timeout: float
    password_set: bool


@dataclass(frozen=True)
class SmtpTestResult:
    """A test of the SMTP settings that worked: ``where`` is host:port; ``recipient`` the
    address a test email went to ("" for a connection test only)."""

    where: str
    recipient: str


@dataclass(frozen=True)
class SecuritySettings:
    """Everything a user's Security Settings show, read in one transaction (so the parts
    agree with each other). ``password_policy`` is the account's ``PasswordPolicy``."""

    user: UserDetail
    mfa: MfaStatus
    keys: tuple[SecurityKeyRecord, ...]
    access_keys: tuple[AccessKeyRecord, ...]
    temporary: tuple[TemporaryCredentialRecord, ...]
    password_policy: PasswordPolicy
    account_name: str
    failed_attempts: int = 0  # counted towards the lock since the last success or unlock
    last_failed_at: datetime | None = None  # the user's last refused sign-in (audit log)
    smtp_ready: bool = True  # SMTP is set up: queued email goes out (else it waits)
