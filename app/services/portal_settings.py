"""The portal's public URL and the WebAuthn relying party that follows from it."""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from app.config import RelyingParty
from app.domain.roles import Permission, require
from app.errors import ValidationError
from app.services.context import ServiceContext
from app.services.records import Actor
from app.services.security_keys import keys_under
from app.store.uow import UnitOfWork


@dataclass(frozen=True)
class PortalSettings:
    """The portal as users reach it.

    Args:
        url: the public URL, no trailing slash; emailed links are ``{url}/set-password#…``.
        rp_id: the WebAuthn relying-party id (the URL's host or a registrable suffix of it).
        origin: the WebAuthn origin (scheme://host[:port] of the URL).
        security_keys: keys enrolled in the store under ``rp_id`` (the ones that work).
    """

    url: str
    rp_id: str
    origin: str
    security_keys: int

    @property
    def login_link(self) -> str:
        """What the console shows users as their sign-in address."""
        return f"{self.url}/"


@dataclass(frozen=True)
class PortalChange:
    """A saved change; ``stranded_keys``: keys enrolled under the previous RP id, which the
    new one no longer accepts (keys of older RP ids had stopped working before)."""

    settings: PortalSettings
    previous_rp_id: str
    stranded_keys: int


@dataclass(frozen=True)
class PortalAddress:
    """A checked portal URL split into what WebAuthn needs."""

    url: str
    host: str
    origin: str


def parse_portal_url(url: str) -> PortalAddress:
    """Check a portal URL: https://HOST[:PORT][/PATH] (plain http only for localhost),
    a host name (browsers refuse security keys on IP addresses), no query or fragment."""
    text = url.strip()
    parts = urlsplit(text)
    try:
        port = parts.port
    except ValueError:
        raise ValidationError(code="portal.url_port", field="portal_url", url=text) from None
    host = (parts.hostname or "").rstrip(".")
    if parts.scheme not in ("https", "http") or not host:
        raise ValidationError(code="portal.url_form", field="portal_url")
    if parts.scheme == "http" and not (host == "localhost" or host.endswith(".localhost")):
        raise ValidationError(code="settings.portal_url", field="portal_url")
    if _is_ip(host):
        raise ValidationError(code="portal.url_ip", field="portal_url", host=host)
    if parts.username is not None or parts.query or parts.fragment or " " in text:
        raise ValidationError(code="portal.url_parts", field="portal_url")
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise ValidationError(code="portal.bad_host", field="portal_url", host=host) from None
    default_port = 443 if parts.scheme == "https" else 80
    netloc = host if port in (None, default_port) else f"{host}:{port}"
    origin = f"{parts.scheme}://{netloc}"
    return PortalAddress(origin + parts.path.rstrip("/"), host, origin)


def check_rp_id(rp_id: str | None, host: str) -> str:
    """The RP id: the host by default, else the host or a registrable suffix of it
    (``example.com`` for ``iam.example.com``; never a public suffix like ``com``)."""
    if not rp_id:
        return host
    candidate = rp_id.strip().rstrip(".").lower()
    if candidate == host:
        return host
    from fido2.rpid import verify_rp_id  # knows the public suffixes (com, co.uk, ...)

    inside = host.endswith("." + candidate) and verify_rp_id(candidate, f"https://{host}")
    if _is_ip(candidate) or "." not in candidate or not inside:  # "." : no bare top level
        raise ValidationError(
            code="portal.rp_id",
            field="rp_id",
            host=host,
            parent=host.split(".", 1)[-1],
            rp_id=rp_id,
        )
    return candidate


def rp_id_kept(url: str, rp_id: str) -> str | None:
    """``rp_id`` when it is still valid for the URL's host (a form re-saving the URL keeps the
    RP id it shows), else None: the host. A bad URL also gives None; ``set`` then refuses it."""
    try:
        return check_rp_id(rp_id, parse_portal_url(url).host) if rp_id else None
    except ValidationError:
        return None


class PortalSettingsService:
    """Args: ctx: the shared service context."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def show(self, actor: Actor) -> PortalSettings:
        require(actor.role, Permission.VIEW_USERS)
        with self._ctx.uow() as uow:
            return self._current(uow)

    def stranded_keys(self, actor: Actor, url: str, rp_id: str | None = None) -> int:
        """How many enrolled keys would stop working if ``set`` were called with these."""
        require(actor.role, Permission.MANAGE_SETTINGS)
        address = parse_portal_url(url)
        new_id = check_rp_id(rp_id, address.host)
        with self._ctx.uow() as uow:
            current = self._current(uow)
            return 0 if new_id == current.rp_id else current.security_keys

    def set(self, actor: Actor, url: str, rp_id: str | None = None) -> PortalChange:
        """Save the URL and the RP id (default: the URL's host) with the matching origin.

        Each key answers for the RP id it was enrolled under: changing the RP id strands the
        keys of the current one (reported, not refused); keys of the new one work again."""
        require(actor.role, Permission.MANAGE_SETTINGS)
        address = parse_portal_url(url)
        new_id = check_rp_id(rp_id, address.host)
        with self._ctx.uow() as uow:
            account = self._ctx.account(uow, for_update=True)
            settings = self._ctx.account_settings(uow)
            previous = settings.relying_party
            stranded = 0 if new_id == previous.id else keys_under(uow, previous.id)
            rp = RelyingParty(id=new_id, name=previous.name, origin=address.origin)
            new = replace(settings, portal_url=address.url, relying_party=rp)
            account.settings_json = json.dumps(new.to_dict())
            uow.audit(
                actor.label,
                "settings.portal",
                account.name,
                portal_url=address.url,
                rp_id=new_id,
                previous_rp_id=previous.id,
                stranded_keys=stranded,
            )
            uow.commit()
            return PortalChange(
                PortalSettings(address.url, new_id, address.origin, keys_under(uow, new_id)),
                previous.id,
                stranded,
            )

    def _current(self, uow: UnitOfWork) -> PortalSettings:
        settings = self._ctx.account_settings(uow)
        rp = settings.relying_party
        return PortalSettings(
            settings.portal_url.rstrip("/"), rp.id, rp.origin, keys_under(uow, rp.id)
        )


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
