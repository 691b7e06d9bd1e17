"""Finding 6: unknown, disabled and non-admitted names take the same time as a known name on
every sign-in path (production argon2 cost; the fastest of interleaved rounds, bounded)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from app.clock import FrozenClock
from app.domain.login_policy import SignInPurpose
from app.errors import AuthenticationError
from app.security import passwords
from app.services import Services
from app.services.records import Actor

PASSWORD = "Quiet-Meadow-Lantern-58"
ROUNDS = 11
TRIES = 3  # another measurement only when one was disturbed throughout by a neighbour's burst
TOLERANCE = 0.20

pytestmark = pytest.mark.alone  # wall times: `make test` runs this file after the rest, alone


def _ratios(clock: FrozenClock, attempt: Callable[[str], object],
            names: dict[str, str]) -> dict[str, float]:  # fmt: skip
    """Per case, its fastest time over the rounds divided by the known name's fastest. A
    neighbour's load only ever adds time, so the fastest of interleaved rounds is each path's
    own cost; a skipped hash (the issue measured 0.4 ms against 75 ms) is fastest every time."""
    fastest = dict.fromkeys(names, float("inf"))
    for _ in range(ROUNDS):
        for case, name in names.items():
            clock.advance(minutes=20)  # a new failure window: no lock in the way
            start = time.perf_counter()
            with pytest.raises(AuthenticationError):
                attempt(name)
            fastest[case] = min(fastest[case], time.perf_counter() - start)
    return {case: took / fastest["known"] for case, took in fastest.items()}


def _alike(ratios: dict[str, float]) -> bool:
    return all(abs(ratio - 1) <= TOLERANCE for ratio in ratios.values())


def _assert_alike(measure: Callable[[], dict[str, float]]) -> None:
    """A leak (the issue measured 0.4 ms against 75 ms) fails every try; a 2-core machine
    shared with other jobs may disturb one."""
    tries = [measure()]
    while not _alike(tries[-1]) and len(tries) < TRIES:
        tries.append(measure())
    assert _alike(tries[-1]), tries


@pytest.fixture
def population(services: Services, root: Actor) -> None:
    assert passwords.MEMORY_COST_KIB >= 47104  # production cost, not a test shortcut
    for name, role in (("oper", "administrator"), ("plain", "none"), ("gone", "helpdesk")):
        services.users.create(root, name, role=role)
        services.passwords.reset(root, name, "set-now", new_password=PASSWORD, must_change=False)
    services.users.set_enabled(root, "gone", False)


def test_console_and_cli_sign_in_take_the_same_time(
    services: Services, clock: FrozenClock, population: None
) -> None:
    names = {"known": "oper", "unknown": "nobody", "disabled": "gone", "not operator": "plain"}
    for purpose in (SignInPurpose.CONSOLE, SignInPurpose.CLI):
        _assert_alike(
            lambda p=purpose: _ratios(
                clock, lambda n: services.auth.sign_in(n, "wrong-password", purpose=p), names
            )
        )


def test_token_and_portal_sign_in_take_the_same_time(
    services: Services, clock: FrozenClock, population: None
) -> None:
    names = {"known": "plain", "unknown": "nobody", "disabled": "gone", "root": "acme"}
    _assert_alike(lambda: _ratios(clock, lambda n: services.api_tokens.issue(n, "wrong-pw"), names))
    _assert_alike(
        lambda: _ratios(
            clock,
            lambda n: services.sign_in.begin(n, "wrong-pw", purpose=SignInPurpose.PORTAL),
            names,
        )
    )


def test_the_dummy_hash_costs_what_a_real_one_costs() -> None:
    from app.services.sign_in_password import dummy_hash

    assert not passwords.needs_rehash(dummy_hash())
