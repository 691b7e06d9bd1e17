"""A refusal raised after part of a change was made still changes nothing: the unit of work
rolls the whole transaction back, the valid fields with the invalid one."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.domain.roles import Role
from app.errors import PreconditionError, ValidationError
from app.services import Services
from app.services.records import Actor
from tests.support.dbdump import differences, dump


@pytest.fixture
def alice(services: Services, root: Actor) -> Actor:
    """alice, an administrator operator; returns her as an actor."""
    services.users.create(root, "alice", display_name="Alice", role=Role.ADMINISTRATOR.value)
    with services.engine.connect() as connection:
        user_id = connection.execute(text("SELECT id FROM users WHERE name = 'alice'")).scalar_one()
    return Actor("alice", Role.ADMINISTRATOR, user_id)


def test_a_bad_role_after_a_good_display_name_changes_nothing(
    services: Services, root: Actor, alice: Actor
) -> None:
    before = dump(services.engine)
    with pytest.raises(ValidationError, match="role"):
        services.users.update(root, "alice", display_name="Changed", role="no-such-role")
    assert not differences(before, dump(services.engine))
    assert services.users.get(root, "alice").display_name == "Alice"


def test_a_refused_own_role_change_keeps_the_description_too(
    services: Services, root: Actor, alice: Actor
) -> None:
    before = dump(services.engine)
    with pytest.raises(PreconditionError, match="own operator role"):
        services.users.update(alice, "alice", description="Changed", role="helpdesk")
    assert not differences(before, dump(services.engine))
    assert services.users.get(root, "alice").description != "Changed"
