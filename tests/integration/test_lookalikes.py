"""Look-alike identities collide: emails and names compared by their skeleton."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.errors import ConflictError, ValidationError
from app.services import Services
from app.services.records import Actor
from app.services.user_import_records import ImportRejectedError
from app.store import db


@pytest.mark.parametrize(
    "email",
    [
        "\u0430dmin@acme.example",  # Cyrillic а
        "\uff41dmin@acme.example",  # fullwidth ａ
        "\u212aate@acme.example",  # Kelvin sign
        "stra\u00dfe@acme.example",  # ß
        "\ufb01le@acme.example",  # the fi ligature
        "\u0131mage@acme.example",  # dotless ı
    ],
)
def test_a_non_ascii_local_part_is_refused(services: Services, root: Actor, email: str) -> None:
    with pytest.raises(ValidationError, match="non-ASCII letters before the @"):
        services.users.create(root, "mallory", email=email)


@pytest.mark.parametrize(
    "email", ["admin@\u0430cme.example", "ADMIN@ACME.EXAMPLE", "admin@acme.\u0435xample"]
)
def test_a_look_alike_of_the_accounts_email_collides(
    services: Services, root: Actor, email: str
) -> None:
    with pytest.raises(ConflictError, match="account's own email"):
        services.users.create(root, "mallory", email=email)


def test_look_alike_domains_collide_between_users(services: Services, root: Actor) -> None:
    services.users.create(root, "kate", email="kate@example.com")
    with pytest.raises(ConflictError, match="already used by user 'kate'"):
        services.users.create(root, "mallory", email="kate@\u0435xample.com")


def test_a_user_named_like_the_account_is_refused(services: Services, root: Actor) -> None:
    for name in ("acme", "ACME"):
        with pytest.raises(ConflictError, match="account's own name"):
            services.users.create(root, name)
    with pytest.raises(ImportRejectedError, match="already used"):
        services.user_import.import_csv(root, ["name\n", "Acme\n"], source="x.csv")


def test_names_are_looked_up_folded_and_audited_as_stored(services: Services, root: Actor) -> None:
    services.users.create(root, "alice")
    services.users.unlock(root, "ALICE")
    assert services.users.get(root, " Alice ").name == "alice"
    assert services.audit.list(root, limit=1)[0].target == "alice"


def test_the_migration_recomputes_keys_of_existing_rows(services: Services, root: Actor) -> None:
    from alembic import command

    services.users.create(root, "bob", email="bob@b\u00fccher.example")
    command.downgrade(db.alembic_config(services.engine), "0003")
    with services.engine.begin() as conn:
        assert conn.execute(text("SELECT email_key FROM users")).scalar_one() == (
            "bob@b\u00fccher.example"
        )
    db.upgrade(services.engine)
    with services.engine.begin() as conn:
        assert conn.execute(text("SELECT email_key FROM users")).scalar_one() == (
            "bob@bucher.example"
        )
    with pytest.raises(ConflictError):
        services.users.create(root, "mallory", email="bob@bucher.example")
