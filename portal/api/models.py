"""Request bodies of the identity API (Keystone v3 / Huawei IAM shapes; extra fields allowed)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class DomainRef(_Open):
    id: str | None = None
    name: str | None = None


class UserRef(_Open):
    id: str | None = None
    name: str | None = None
    password: str | None = None
    passcode: str | None = None
    domain: DomainRef | None = None


class PasswordMethod(_Open):
    user: UserRef


class TotpMethod(_Open):
    user: UserRef


class TokenMethod(_Open):
    id: str | None = None
    duration_seconds: int | None = Field(default=None, ge=1)


class Identity(_Open):
    methods: list[str]
    password: PasswordMethod | None = None
    totp: TotpMethod | None = None
    token: TokenMethod | None = None


class Auth(_Open):
    identity: Identity
    scope: dict[str, Any] | str | None = None


class AuthRequest(_Open):
    """``{"auth": {"identity": {...}, "scope": ...}}``."""

    auth: Auth
