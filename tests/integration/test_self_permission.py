"""The portal's self permission (``Role.SELF``): a user acts on their own record only, never on
another user's, never on roles, status, deletion, login protection or access keys, and no
operator role leaks into it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.clock import FrozenClock
from app.domain.roles import GRANTS, Permission, Role, allows, parse_user_role
from app.errors import PermissionDeniedError, ValidationError
from app.services import Services
from app.services.records import Actor
from app.services.self_contacts import ContactKind, SelfContacts
from app.services.self_service import SelfService
from tests.support.dbdump import dump
from tests.support.oath import oathtool_code

PASSWORD = "Silver-Otter-Canyon-58"


def _users(services: Services, root: Actor, clock: FrozenClock) -> tuple[int, int]:
    """alice (an administrator at the desk) and bob (MFA bound, email, a permission set)."""
    alice = services.users.create(root, "alice", role="administrator", email="alice@acme.example")
    bob = services.users.create(root, "bob", email="bob@acme.example", mobile="+8613800000002")
    services.passwords.reset(root, "bob", "set-now", new_password=PASSWORD, must_change=False)
    enrollment = services.mfa.bind(root, "bob")
    code1 = oathtool_code(enrollment.secret, clock.now())
    clock.advance(seconds=30)
    services.mfa.confirm(root, "bob", code1, oathtool_code(enrollment.secret, clock.now()))
    services.protection.set(root, "bob", method="mfa")
    services.temporary_credentials.create_set(root, "ops", 3600)
    services.temporary_credentials.assign(root, "ops", "bob")
    return alice.id, bob.id


def _refused(call: Callable[[], Any]) -> PermissionDeniedError:
    with pytest.raises(PermissionDeniedError) as caught:
        call()
    return caught.value


def test_a_portal_user_cannot_reach_another_users_factors(
    services: Services, root: Actor, clock: FrozenClock
) -> None:
    alice_id, _ = _users(services, root, clock)
    me = Actor("alice", Role.SELF, alice_id)
    desk = services
    calls: list[Callable[[], Any]] = [
        lambda: desk.mfa.status(me, "bob"),
        lambda: desk.mfa.bind(me, "bob"),
        lambda: desk.mfa.reset(me, "bob"),
        lambda: desk.mfa.confirm(me, "bob", "123456", "654321"),
        lambda: desk.mfa.unbind(me, "bob"),
        lambda: desk.security_keys.list(me, "bob"),
        lambda: desk.security_keys.begin_browser_key(me, "bob", "k1"),
        lambda: desk.security_keys.unbind(me, "bob", "k1", confirm="YES"),
        lambda: desk.contacts.set(me, "bob", email="mine@acme.example"),
        lambda: desk.contacts.clear(me, "bob", "mobile"),
        lambda: desk.access_keys.list(me, "bob"),
        lambda: desk.access_keys.create(me, "bob"),
        lambda: desk.temporary_credentials.issue_to_self(Actor("bob", Role.SELF, alice_id), "ops"),
        lambda: desk.temporary_credentials.list(me, user_name="bob"),
        lambda: desk.users.get(me, "bob"),
        lambda: desk.users.list(me),
    ]
    # The portal's own services, handed an actor whose name was tampered with (bob) but whose
    # user is alice, and even an operator's role: they act on alice's self permission only.
    forged = Actor("bob", Role.ADMINISTRATOR, alice_id)
    mine = SelfService(services)
    contacts = SelfContacts(services)
    calls += [
        lambda: mine.overview(forged),
        lambda: mine.bind_mfa(forged),
        lambda: mine.confirm_mfa(forged, "123456", "654321"),
        lambda: mine.unbind_mfa(forged),
        lambda: mine.begin_key(forged, "no-session", "k1"),
        lambda: mine.remove_key(forged, "k1"),
        lambda: mine.assigned_sets(forged),
        lambda: mine.obtain_credentials(forged, "ops"),
        lambda: contacts.send_code(forged, ContactKind.EMAIL, "mine@acme.example"),
        lambda: contacts.send_code(forged, ContactKind.MOBILE, None),
        lambda: contacts.confirm(forged, ContactKind.EMAIL, "mine@acme.example", "123456"),
    ]
    before = dump(services.engine)
    codes = {_refused(call).code for call in calls}
    assert codes <= {"role.own_record_only", "role.denied", "permission_set.not_yours"}, codes
    assert dump(services.engine) == before


def test_self_never_changes_roles_status_or_deletion_whatever_the_desk_role(
    services: Services, root: Actor, clock: FrozenClock
) -> None:
    alice_id, _ = _users(services, root, clock)
    me = Actor("alice", Role.SELF, alice_id)
    before = dump(services.engine)
    for call in (
        lambda: services.users.update(me, "alice", role="none"),
        lambda: services.users.update(me, "alice", display_name="Alice"),
        lambda: services.users.set_enabled(me, "alice", False),
        lambda: services.users.delete(me, "alice"),
        lambda: services.users.unlock(me, "alice"),
        lambda: services.users.create(me, "carol"),
        lambda: services.passwords.reset(me, "alice", "set-by-user"),
        lambda: services.protection.set(me, "alice", method="off"),
        lambda: services.access_keys.create(me, "alice"),
        lambda: services.audit.list(me),
    ):
        assert _refused(call).code == "role.denied"
    assert dump(services.engine) == before
    # an administrator's permissions are not implied by the self permission
    assert GRANTS[Role.SELF] < GRANTS[Role.ADMINISTRATOR]
    for permission in (Permission.MANAGE_USERS, Permission.MANAGE_SETTINGS, Permission.UNLOCK,
                       Permission.RESET_PASSWORD, Permission.VIEW_AUDIT,
                       Permission.MANAGE_CREDENTIALS):  # fmt: skip
        assert not allows(Role.SELF, permission)
    with pytest.raises(ValidationError):
        parse_user_role("self")  # never stored on a user


def test_own_factors_through_the_self_permission_are_audited_as_the_user(
    services: Services, root: Actor, clock: FrozenClock
) -> None:
    _, bob_id = _users(services, root, clock)
    # bob signs in to the portal: his session's actor (any role) acts as himself only
    bob = Actor("bob", Role.NONE, bob_id)
    mine = SelfService(services)
    overview = mine.overview(bob)
    assert overview.user.name == "bob" and overview.mfa.state == "active"
    assert [s.name for s in mine.assigned_sets(bob)] == ["ops"]
    issued = mine.obtain_credentials(bob, "ops")
    assert (issued.expires_at - clock.now()).total_seconds() == 3600
    with pytest.raises(PermissionDeniedError, match="not assigned to permission set 'nope'"):
        mine.obtain_credentials(bob, "nope")  # unknown and unassigned sets read alike
    services.protection.set(root, "bob", method="email")
    mine.unbind_mfa(bob)
    events = services.audit.list(root, limit=3)
    assert [(e.actor, e.action, e.target) for e in events][:2] == [
        ("user:bob", "mfa.unbind", "bob"),
        ("root:acme", "protection.set", "bob"),
    ]
    issue = next(e for e in services.audit.list(root) if e.action == "tempcred.issue")
    assert issue.actor == "user:bob" and issue.details["front_end"] == "portal"
    assert issue.details["duration_seconds"] == 3600
    # root has no own record in the portal
    with pytest.raises(PermissionDeniedError, match="console, not the portal"):
        mine.overview(root)
