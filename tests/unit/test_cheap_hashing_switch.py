"""The test suite's cheap argon2id switch cannot reach a production store.

IAMDESK_TEST_CHEAP_HASHING=1 (set by tests/conftest.py) is honoured only while pytest runs a
test; anywhere else hashing refuses, and a hash made with it is re-hashed at the production
parameters on the next sign-in.
"""

from __future__ import annotations

import pytest
from argon2 import extract_parameters
from sqlalchemy import text

from app.security import passwords
from app.services import Services, sign_in_password
from app.services.records import Actor
from tests.conftest import ROOT_PASSWORD

PASSWORD = "Amber-Walrus-Tundra-58"


def _outside_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a process that is not running a test sees."""
    monkeypatch.delenv("PYTEST_CURRENT_TEST")


def test_tests_hash_cheaply_by_default() -> None:
    stored = passwords.hash_password(PASSWORD)
    assert stored.startswith("$argon2id$")
    assert extract_parameters(stored).memory_cost < passwords.MEMORY_COST_KIB
    assert passwords.verify_password(stored, PASSWORD)
    assert not passwords.verify_password(stored, PASSWORD + "x")
    assert not passwords.needs_rehash(stored)


@pytest.mark.production_hashing
def test_the_marker_restores_the_production_parameters() -> None:
    stored = passwords.hash_password(PASSWORD)
    assert extract_parameters(stored).memory_cost == passwords.MEMORY_COST_KIB
    assert not passwords.needs_rehash(sign_in_password.dummy_hash())


def test_the_switch_is_refused_outside_a_test(monkeypatch: pytest.MonkeyPatch) -> None:
    stored = passwords.hash_password(PASSWORD)
    monkeypatch.setenv(passwords.ENV_TEST_CHEAP_HASHING, "1")
    _outside_tests(monkeypatch)
    with pytest.raises(RuntimeError, match="test suite only"):
        passwords.hash_password(PASSWORD)
    with pytest.raises(RuntimeError, match="test suite only"):
        passwords.verify_password(stored, PASSWORD)
    with pytest.raises(RuntimeError, match="test suite only"):
        passwords.needs_rehash(stored)


@pytest.mark.parametrize("value", ["0", "", "yes", "true"])
def test_only_the_value_1_switches(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(passwords.ENV_TEST_CHEAP_HASHING, value)
    _outside_tests(monkeypatch)
    stored = passwords.hash_password(PASSWORD)
    assert extract_parameters(stored).memory_cost == passwords.MEMORY_COST_KIB


def test_a_cheap_hash_is_outdated_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap = passwords.hash_password(PASSWORD)
    monkeypatch.delenv(passwords.ENV_TEST_CHEAP_HASHING)
    _outside_tests(monkeypatch)
    assert passwords.needs_rehash(cheap)
    assert passwords.verify_password(cheap, PASSWORD)  # still the password: re-hash on sign-in


def test_a_sign_in_rehashes_a_cheap_hash_at_production_cost(
    services: Services, root: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    def stored() -> str:
        with services.engine.connect() as connection:
            return str(connection.execute(text("SELECT password_hash FROM accounts")).scalar_one())

    assert extract_parameters(stored()).memory_cost < passwords.MEMORY_COST_KIB
    monkeypatch.delenv(passwords.ENV_TEST_CHEAP_HASHING)  # as the installed console runs
    services.auth.sign_in(root.name, ROOT_PASSWORD)
    rehashed = stored()
    assert extract_parameters(rehashed).memory_cost == passwords.MEMORY_COST_KIB
    assert passwords.verify_password(rehashed, ROOT_PASSWORD)
