"""Where the store lives (environment) and the account's typed settings (kept in the store)."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import platformdirs

from app.domain.login_policy import LoginPolicy
from app.domain.password_policy import PasswordPolicy
from app.errors import ValidationError

ENV_HOME = "IAMDESK_HOME"
ENV_DATABASE_URL = "IAMDESK_DATABASE_URL"
ENV_KEY_FILE = "IAMDESK_KEY_FILE"


@dataclass(frozen=True)
class Settings:
    """Process settings read from the environment: data directory, database URL, key file."""

    home: Path
    database_url: str
    key_file: Path | None

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        home = Path(env.get(ENV_HOME) or platformdirs.user_data_dir("iamdesk", appauthor=False))
        url = env.get(ENV_DATABASE_URL) or f"sqlite:///{home / 'iamdesk.sqlite3'}"
        key_file = Path(env[ENV_KEY_FILE]).expanduser() if env.get(ENV_KEY_FILE) else None
        return cls(home=home, database_url=normalize_database_url(url), key_file=key_file)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def session_file(self) -> Path:
        """Where `iamctl login` keeps the operator session token."""
        return self.home / "iamctl-session"

    def describe_store(self) -> str:
        """A one-line, password-free description of the store for status bars and logs."""
        if self.is_sqlite:
            return f"SQLite {self.database_url.removeprefix('sqlite:///')}"
        from sqlalchemy.engine import make_url

        url = make_url(self.database_url)
        return f"PostgreSQL {url.host or 'localhost'}:{url.port or 5432}/{url.database}"


def normalize_database_url(url: str) -> str:
    """Accept plain postgres:// URLs and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    if url.startswith(("sqlite:", "postgresql+psycopg:")):
        return url
    raise ValidationError(
        code="config.database_url", field="database_url", variable=ENV_DATABASE_URL
    )


@dataclass(frozen=True)
class RelyingParty:
    """The WebAuthn relying party security keys are enrolled for."""

    id: str = "iamdesk.local"
    name: str = "IAM Desk"
    origin: str = "https://iamdesk.local"


class SmsGatewayKind(StrEnum):
    """Where SMS go: kept in the outbox for an operator to read out, or POSTed to a gateway."""

    STORED = "stored"
    HTTP = "http"


@dataclass(frozen=True)
class SmsHttpConfig:
    """The HTTP SMS gateway as stored: ``token_sealed`` is the bearer token encrypted by the
    vault (base64), never the token itself; it is left out of repr and every display."""

    url: str
    timeout: float = 10.0
    token_sealed: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class AccountSettings:
    """Settings stored with the account (JSON), shared by every workstation on the store.

    The SMTP password is not here: it is a secret, kept encrypted by the vault in its own column.
    The SMS gateway's bearer token is here only sealed by the vault (``sms_http.token_sealed``).
    """

    password_policy: PasswordPolicy = field(default_factory=PasswordPolicy)
    login_policy: LoginPolicy = field(default_factory=LoginPolicy)
    smtp: dict[str, Any] | None = None  # SmtpSettings.to_public_dict() form
    sms_gateway: str = SmsGatewayKind.STORED.value
    sms_http: SmsHttpConfig | None = None
    relying_party: RelyingParty = field(default_factory=RelyingParty)
    portal_url: str = "https://iamdesk.local/portal"

    def to_dict(self) -> dict[str, Any]:
        return {
            "password_policy": self.password_policy.to_dict(),
            "login_policy": self.login_policy.to_dict(),
            "smtp": self.smtp,
            "sms_gateway": self.sms_gateway,
            "sms_http": asdict(self.sms_http) if self.sms_http else None,
            "relying_party": asdict(self.relying_party),
            "portal_url": self.portal_url,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AccountSettings:
        default = cls()
        return replace(
            default,
            password_policy=PasswordPolicy.from_dict(data.get("password_policy") or {}),
            login_policy=LoginPolicy.from_dict(data.get("login_policy") or {}),
            smtp=data.get("smtp"),
            sms_gateway=data.get("sms_gateway", default.sms_gateway),
            sms_http=SmsHttpConfig(**data["sms_http"]) if data.get("sms_http") else None,
            relying_party=RelyingParty(**(data.get("relying_party") or {})),
            portal_url=data.get("portal_url", default.portal_url),
        )
