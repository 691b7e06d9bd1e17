"""User use cases on a real store: create, list, search, sort, page, update, roles, delete."""

from __future__ import annotations

import io
import threading

import pytest

from app.clock import FrozenClock
from app.devices.fido import list_devices
from app.domain.roles import Role
from app.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    PreconditionError,
    ValidationError,
)
from app.security import totp
from app.services import Services
from app.services import users as users_service
from app.services.records import Actor, UserSummary
from app.store import user_search
from tests.support.softkey import SoftAuthenticator, soft_device


def _events(services: Services, root: Actor, action: str) -> list[str]:
    return [e.target for e in services.audit.list(root, limit=1000) if e.action == action]


def test_create_normalises_contacts_and_audits(services: Services, root: Actor) -> None:
    user = services.users.create(
        root, "alice", email="Alice@Example.COM", mobile="+86 138 0013 8000", display_name="Alice"
    )
    assert user.mobile == "+8613800138000"
    assert user.email is not None and user.email.lower() == "alice@example.com"
    assert user.status == "enabled" and user.role == "none" and not user.has_password
    assert _events(services, root, "user.create") == ["alice"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": "Alice"}, "name"),  # names are unique case-insensitively
        ({"name": "zed", "email": "ALICE@example.com"}, "email"),
        ({"name": "zed", "mobile": "+8613800138000"}, "mobile"),
        ({"name": "zed", "email": "admin@acme.example"}, "email"),  # the account's own email
    ],
)
def test_duplicates_are_refused_without_change(
    services: Services, root: Actor, kwargs: dict[str, str], field: str
) -> None:
    services.users.create(root, "alice", email="alice@example.com", mobile="+8613800138000")
    before = services.audit.verify(root).events
    kwargs = dict(kwargs)
    name = kwargs.pop("name")
    with pytest.raises(ConflictError) as caught:
        services.users.create(root, name, **kwargs)
    assert caught.value.field == field
    assert "\n" not in str(caught.value)
    assert services.audit.verify(root).events == before
    assert services.users.list(root).total == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "a" * 65}, "name"),
        ({"name": "bad name"}, "name"),
        ({"name": "ok", "email": "not-an-email"}, "email"),
        ({"name": "ok", "mobile": "12345"}, "mobile"),
        ({"name": "ok", "role": "superuser"}, "role"),
    ],
)
def test_bad_input_is_refused_with_the_field(
    services: Services, root: Actor, kwargs: dict[str, str], field: str
) -> None:
    kwargs = dict(kwargs)
    name = kwargs.pop("name")
    with pytest.raises(ValidationError) as caught:
        services.users.create(root, name, **kwargs)
    assert caught.value.field == field
    assert services.users.list(root).total == 0


def test_list_searches_sorts_and_pages_in_the_store(services: Services, root: Actor) -> None:
    for i in range(25):
        services.users.create(
            root,
            f"user{i:02d}",
            email=f"u{i}@corp.example",
            display_name="Night Shift" if i % 5 == 0 else "",
        )
    page = services.users.list(root, limit=10)
    assert [u.name for u in page.rows] == [f"user{i:02d}" for i in range(10)]
    assert page.total == 25
    page3 = services.users.list(root, offset=20, limit=10)
    assert [u.name for u in page3.rows] == [f"user{i:02d}" for i in range(20, 25)]
    desc = services.users.list(root, descending=True, limit=3)
    assert [u.name for u in desc.rows] == ["user24", "user23", "user22"]
    found = services.users.list(root, search="night")
    assert [u.name for u in found.rows] == ["user00", "user05", "user10", "user15", "user20"]
    assert services.users.list(root, search="U7@CORP").total == 1
    assert services.users.list(root, search="%").total == 0  # wildcards are literal
    assert services.users.list(root, search="_").total == 0
    by_email = services.users.list(root, sort="email", limit=2)
    assert [u.email for u in by_email.rows] == ["u0@corp.example", "u10@corp.example"]
    with pytest.raises(ValidationError):
        services.users.list(root, sort="password")
    with pytest.raises(ValidationError):
        services.users.list(root, limit=0)


def test_update_enable_disable_delete(services: Services, root: Actor) -> None:
    services.users.create(root, "alice")
    user = services.users.update(
        root, "alice", display_name="Alice", description="Ops", role="helpdesk"
    )
    assert (user.display_name, user.description, user.role) == ("Alice", "Ops", "helpdesk")
    assert services.users.set_enabled(root, "alice", False).status == "disabled"
    assert services.users.list(root, status="disabled").total == 1
    assert services.users.set_enabled(root, "alice", True).status == "enabled"
    services.users.delete(root, "alice")
    with pytest.raises(NotFoundError, match="no user named 'alice'"):
        services.users.get(root, "alice")
    actions = [e.action for e in services.audit.list(root)]
    assert actions[:5] == [
        "user.delete",
        "user.enable",
        "user.disable",
        "user.update",
        "user.create",
    ]


def test_helpdesk_may_view_but_not_manage(services: Services, root: Actor) -> None:
    desk_user = services.users.create(root, "desk", role="helpdesk")
    services.users.create(root, "boss", role="administrator")
    services.users.create(root, "carol")
    desk = Actor("desk", Role.HELPDESK, desk_user.id)
    assert services.users.list(desk).total == 3
    with pytest.raises(PermissionDeniedError, match="helpdesk"):
        services.users.create(desk, "eve")
    with pytest.raises(PermissionDeniedError):
        services.users.update(desk, "carol", display_name="x")
    with pytest.raises(PermissionDeniedError):
        services.users.delete(desk, "carol")
    with pytest.raises(PermissionDeniedError):
        services.audit.list(desk)
    # helpdesk may unlock ordinary users, never operators
    services.users.unlock(desk, "carol")
    with pytest.raises(PermissionDeniedError, match="administrator operator"):
        services.users.unlock(desk, "boss")


def test_operators_cannot_lock_themselves_out(services: Services, root: Actor) -> None:
    boss = services.users.create(root, "boss", role="administrator")
    me = Actor("boss", Role.ADMINISTRATOR, boss.id)
    with pytest.raises(PreconditionError):
        services.users.delete(me, "boss")
    with pytest.raises(PreconditionError):
        services.users.set_enabled(me, "boss", False)
    with pytest.raises(PreconditionError):
        services.users.update(me, "boss", role="none")


class _NoPin:
    """A front end's side of a key enrolment: nothing to show, no PIN to give."""

    def touch_requested(self) -> None:
        pass

    def pin_requested(self) -> str | None:
        return None


def _enrol_key(services: Services, root: Actor, name: str, key_name: str) -> None:
    (device,) = list_devices(lambda: [soft_device(SoftAuthenticator())])
    services.security_keys.add(root, name, key_name, device, _NoPin(), threading.Event())


def test_a_page_carries_each_users_credentials(
    services: Services, root: Actor, clock: FrozenClock
) -> None:
    for name in ("alice", "bob", "carol"):
        services.users.create(root, name, email=f"{name}@example.com")
    enrollment = services.mfa.bind(root, "alice")
    first = totp.code_at(enrollment.secret, totp.time_step(clock.now()))
    clock.advance(seconds=30)
    second = totp.code_at(enrollment.secret, totp.time_step(clock.now()))
    assert services.mfa.confirm(root, "alice", first, second).state == "active"
    _enrol_key(services, root, "alice", "desk-key")
    _enrol_key(services, root, "alice", "spare-key")
    services.access_keys.create(root, "alice")
    services.mfa.bind(root, "bob")  # pending: bound but never confirmed
    expected = {"alice": ("active", 2, 1), "bob": ("pending", 0, 0), "carol": ("none", 0, 0)}

    def credentials(rows: tuple[UserSummary, ...]) -> dict[str, tuple[str, int, int]]:
        return {u.name: (u.virtual_mfa, u.security_keys, u.access_keys) for u in rows}

    assert credentials(services.users.list(root).rows) == expected
    assert credentials(services.users.list(root, sort="created", descending=True).rows) == expected
    assert credentials(services.users.list(root, search="example.com").rows) == expected
    assert credentials(services.users.list(root, search="ALICE").rows) == {
        "alice": expected["alice"]
    }
    shown = services.users.get(root, "alice")
    assert (shown.virtual_mfa, shown.security_keys, shown.access_keys) == ("active", 2, 1)


def _search_text(user: UserSummary) -> str:
    return " ".join(p for p in (user.name, user.display_name, user.email, user.mobile) if p).lower()


def test_every_search_plan_pages_like_a_plain_filter(
    services: Services, root: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search's plans (few matches, search_text order, the head of the sort order, sorted
    matches, a scan) give the page a plain filter over the whole ordered list gives."""
    count = 300
    lines = ["name,email,mobile,display_name"]
    for i in range(count):
        n = (i * 7) % count  # not inserted in name order
        shift = "Night Shift" if n >= 250 else "Day Shift" if n % 3 == 0 else "Person"
        lines.append(f"user{n:03d},u{n:03d}@corp.example,+86138{n:08d},{shift} {n}")
    services.user_import.import_csv(root, io.StringIO("\n".join(lines) + "\n"))
    for n in range(0, count, 4):
        services.users.set_enabled(root, f"user{n:03d}", False)
    # Small limits, so that 300 users take every plan.
    monkeypatch.setattr(users_service, "SEARCH_COUNT_CAP", 20)
    monkeypatch.setattr(user_search, "WINDOW_ROWS", 50)
    monkeypatch.setattr(user_search, "SORTED_MATCHES_CAP", 100)
    needles = {
        "user12": "few, rare",
        "night": "many, clustered at the end by name",
        "day shift": "many, spread out",
        "corp.example": "every user (dense)",
        "9": "short: no trigrams",
        "nobody": "none",
    }
    for sort in ("name", "status", "email", "created", "last_login"):
        for descending in (False, True):
            for status in (None, "disabled"):
                everyone = services.users.list(
                    root, sort=sort, descending=descending, status=status, limit=1000
                ).rows
                for needle, why in needles.items():
                    matching = [u.name for u in everyone if needle in _search_text(u)]
                    for offset in (0, 10, 45, 120):
                        page = services.users.list(
                            root, search=needle, sort=sort, descending=descending,
                            status=status, offset=offset, limit=10,
                        )  # fmt: skip
                        case = (sort, descending, status, needle, why, offset)
                        assert [u.name for u in page.rows] == matching[offset : offset + 10], case
                        assert page.total == min(len(matching), 20), case
                        assert page.total_exact == (len(matching) <= 20), case
