"""The user list's quick filters, sort keys and phone-typed search in the store, and the audit
log's filters (issue 13, points 2 and 10), on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest

from app.clock import FrozenClock
from app.domain.login_policy import SignInPurpose
from app.domain.roles import Role
from app.domain.user_filters import UserFilter, UserFlag
from app.domain.vocabulary import LoginProtection, ResetMode
from app.errors import AccountLockedError, AuthenticationError, ValidationError
from app.security import totp
from app.services import Services
from app.services.records import Actor
from app.services.users import search_needle
from app.store import user_search

STRONG = "Xylophone-Quartz-77"


def _bind_mfa(services: Services, root: Actor, clock: FrozenClock, name: str) -> None:
    enrollment = services.mfa.bind(root, name)
    first = totp.code_at(enrollment.secret, totp.time_step(clock.now()))
    clock.advance(seconds=30)
    second = totp.code_at(enrollment.secret, totp.time_step(clock.now()))
    services.mfa.confirm(root, name, first, second)


@pytest.fixture
def crowd(services: Services, root: Actor, clock: FrozenClock) -> Services:
    """40 imported users, and a few that stand out: each filter keeps a known set."""
    lines = ["name,email,mobile,display_name"]
    lines += [f"p{i:03d},p{i:03d}@example.com,+86139{i:08d},Plain {i}" for i in range(40)]
    services.user_import.import_csv(root, io.StringIO("\n".join(lines) + "\n"))
    users = services.users
    users.create(root, "desk", email="desk@example.com", role=Role.HELPDESK.value)
    users.create(root, "boss", email="boss@example.com", role=Role.ADMINISTRATOR.value)
    users.create(root, "mia", email="mia@example.com", mobile="+8613815831234")
    for name in ("desk", "boss", "mia", "p001", "p002"):
        services.passwords.reset(root, name, ResetMode.SET_NOW, new_password=STRONG,
                                 must_change=name != "p002")  # fmt: skip
    users.set_enabled(root, "p003", False)
    _bind_mfa(services, root, clock, "mia")
    services.mfa.bind(root, "p001")  # pending: still no MFA
    services.protection.set(root, "mia", method=LoginProtection.MFA.value)
    services.protection.set(root, "p002", method=LoginProtection.EMAIL.value)
    for _ in range(5):  # p002 locks itself out at the portal
        with pytest.raises((AuthenticationError, AccountLockedError)):
            services.sign_in.begin("p002", "Wrong-Password-1", purpose=SignInPurpose.PORTAL)
    return services


def _names(services: Services, root: Actor, **kwargs: object) -> list[str]:
    page = services.users.list(root, limit=1000, **kwargs)  # type: ignore[arg-type]
    names = [u.name for u in page.rows]
    assert page.total == len(names)
    return names


CASES = [
    (UserFilter(frozenset({UserFlag.LOCKED})), ["p002"]),
    (UserFilter(frozenset({UserFlag.DISABLED})), ["p003"]),
    (UserFilter(frozenset({UserFlag.MUST_CHANGE})), ["boss", "desk", "mia", "p001"]),
    (UserFilter(role=Role.HELPDESK), ["desk"]),
    (UserFilter(role=Role.ADMINISTRATOR), ["boss"]),
    (UserFilter(protection=LoginProtection.EMAIL), ["p002"]),
    (UserFilter(frozenset({UserFlag.MUST_CHANGE}), protection=LoginProtection.MFA), ["mia"]),
]


def test_each_quick_filter_keeps_its_users_with_and_without_a_search(
    crowd: Services, root: Actor
) -> None:
    for user_filter, expected in CASES:
        for search in (None, "p00", "e"):
            names = _names(crowd, root, user_filter=user_filter, search=search)
            wanted = [n for n in expected if search is None or _holds(crowd, root, n, search)]
            assert names == sorted(wanted), (user_filter, search)


def _holds(services: Services, root: Actor, name: str, needle: str) -> bool:
    user = services.users.get(root, name)
    text = " ".join(filter(None, (user.name, user.display_name, user.email, user.mobile)))
    return needle in text.lower()


def test_no_mfa_and_no_password(crowd: Services, root: Actor) -> None:
    no_mfa = _names(crowd, root, user_filter=UserFilter(frozenset({UserFlag.NO_MFA})))
    assert "mia" not in no_mfa and "p001" in no_mfa and len(no_mfa) == 42
    no_password = _names(crowd, root, user_filter=UserFilter(frozenset({UserFlag.NO_PASSWORD})))
    assert set(no_password).isdisjoint({"desk", "boss", "mia", "p001", "p002"})
    assert len(no_password) == 38


def test_filters_page_like_search(
    crowd: Services, root: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every step of the search (few matches, the covering index, the window, the sorted
    matches, the scan) keeps the filters: shrink the caps so each one is taken."""
    no_password = UserFilter(frozenset({UserFlag.NO_PASSWORD}))
    expected = [f"p{i:03d}" for i in range(40) if i not in (1, 2)]
    for window, sorted_cap, cap in ((2000, 10_000, 1000), (4, 10_000, 3), (4, 6, 3)):
        monkeypatch.setattr(user_search, "WINDOW_ROWS", window)
        monkeypatch.setattr(user_search, "SORTED_MATCHES_CAP", sorted_cap)
        monkeypatch.setattr("app.services.users.SEARCH_COUNT_CAP", cap)
        for sort in ("name", "created", "mobile"):
            pages, offset = [], 0
            while True:
                page = crowd.users.list(root, search="p0", user_filter=no_password, sort=sort,
                                        offset=offset, limit=5)  # fmt: skip
                pages += [u.name for u in page.rows]
                offset += 5
                if len(page.rows) < 5:
                    break
            assert sorted(pages) == expected, (window, sorted_cap, cap, sort)
            first = crowd.users.list(root, search="p0", user_filter=no_password, limit=5)
            assert first.total == min(len(expected), cap)
            assert first.total_exact == (len(expected) <= cap)


def test_the_new_sort_keys_sort_in_the_store(crowd: Services, root: Actor) -> None:
    attributes = {"display_name": "display_name", "role": "role", "mobile": "mobile",
                  "protection": "login_protection"}  # fmt: skip
    for sort, attribute in attributes.items():
        for descending in (False, True):
            page = crowd.users.list(root, sort=sort, descending=descending, limit=1000)  # type: ignore[arg-type]
            values = [getattr(u, attribute) for u in page.rows]
            values = [v for v in values if v is not None]
            assert values == sorted(values, reverse=descending), (sort, descending)


def test_a_mobile_typed_with_spaces_is_found(crowd: Services, root: Actor) -> None:
    assert search_needle("+86 138 1583") == "+861381583"
    assert search_needle("(138) 158-31") == "1381583" + "1"
    assert search_needle("Plain 1") == "plain 1"  # words keep their spaces
    assert _names(crowd, root, search="+86 138 1583") == ["mia"]
    assert _names(crowd, root, search="138 1583 1234") == ["mia"]


def test_bad_filters_are_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        UserFilter.parse(["asleep"])
    assert caught.value.code == "list.bad_filter"
    with pytest.raises(ValidationError):
        UserFilter.parse(protection="carrier-pigeon")
    with pytest.raises(ValidationError):
        UserFilter.parse(role="root")
    parsed = UserFilter.parse(["locked", "no-mfa"], role="helpdesk", protection="sms")
    assert parsed == UserFilter(frozenset({UserFlag.LOCKED, UserFlag.NO_MFA}), Role.HELPDESK,
                                LoginProtection.SMS)  # fmt: skip


# --- the audit log ---------------------------------------------------------------------


def test_the_lock_itself_is_audited(crowd: Services, root: Actor) -> None:
    events = crowd.audit.list(root, action="auth.lock")
    assert [(e.actor, e.target, e.outcome) for e in events] == [("system", "p002", "success")]
    assert events[0].details["minutes"] == 15 and events[0].details["second_factor"] is False


def test_audit_filters_by_user_prefix_any_case_action_and_time(
    services: Services, root: Actor, clock: FrozenClock
) -> None:
    start = clock.now()
    for name in ("Alice", "alice.w", "malice", "bob"):
        services.users.create(root, name)
        clock.advance(minutes=10)
    targets = {e.target for e in services.audit.list(root, user="ALI")}
    assert targets == {"Alice", "alice.w"}
    assert {e.target for e in services.audit.list(root, user="a_i")} == set()  # no wildcards
    assert [e.target for e in services.audit.list(root, action="user.create")] == [
        "bob", "malice", "alice.w", "Alice",
    ]  # fmt: skip
    window = services.audit.list(root, since=start + timedelta(minutes=10),
                                 until=start + timedelta(minutes=30))  # fmt: skip
    assert [e.target for e in window] == ["malice", "alice.w"]
    with pytest.raises(ValidationError) as caught:
        services.audit.list(root, since=start, until=start - timedelta(minutes=1))
    assert caught.value.code == "audit.bad_range"
