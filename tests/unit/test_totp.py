"""TOTP against the RFC vectors, pyotp and an independent implementation (Debian's oathtool)."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import parse_qsl, urlsplit

import pyotp
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.security import totp

# RFC 4226 Appendix D: HOTP-SHA1, secret "12345678901234567890", counters 0-9.
RFC4226 = [
    "755224",
    "287082",
    "359152",
    "969429",
    "338314",
    "254676",
    "287922",
    "162583",
    "399871",
    "520489",
]
# RFC 6238 Appendix B: (Unix time, SHA1, SHA256, SHA512), 8 digits, per-algorithm seeds.
RFC6238 = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]
RFC_KEYS = {
    "sha1": b"12345678901234567890",
    "sha256": b"12345678901234567890123456789012",
    "sha512": b"1234567890123456789012345678901234567890123456789012345678901234",
}
RFC_SEED = base64.b32encode(RFC_KEYS["sha1"]).decode()  # 32 characters, no padding needed
NOW = datetime(2026, 3, 1, 12, 0, 10, tzinfo=UTC)

# A made-up seed (bytes 1..20) whose codes collide within two steps, found by a one-off scan;
# each test below re-checks the collision before relying on it.
COLLIDING_SEED = base64.b32encode(bytes(range(1, 21))).decode()
GAP2_COLLISION = (59412488, 59412490)  # steps s and s + 2 share a code
ADJACENT_COLLISION = (59696920, 59696921)  # steps s and s + 1 share a code


def at_step(step: int, seconds: int = 10) -> datetime:
    return datetime.fromtimestamp(step * totp.PERIOD + seconds, UTC)


def distinct_codes_around(seed: str, step: int, reach: int = 4) -> None:
    """Precondition for negative examples: no collision could make them pass by accident."""
    codes = [totp.code_at(seed, s) for s in range(step - reach, step + reach + 1)]
    assert len(set(codes)) == len(codes)


# --- the algorithm -------------------------------------------------------------------------


def test_rfc4226_hotp_vectors() -> None:
    assert [totp.hotp(RFC_KEYS["sha1"], c) for c in range(10)] == RFC4226


@pytest.mark.parametrize(("unix_time", "sha1", "sha256", "sha512"), RFC6238)
def test_rfc6238_totp_vectors(unix_time: int, sha1: str, sha256: str, sha512: str) -> None:
    step = totp.time_step(datetime.fromtimestamp(unix_time, UTC))
    for algorithm, expected in (("sha1", sha1), ("sha256", sha256), ("sha512", sha512)):
        assert totp.hotp(RFC_KEYS[algorithm], step, 8, algorithm) == expected
    # the 6-digit code the app uses is the vector's last six digits
    assert totp.code_at(RFC_SEED, step) == sha1[-6:]


def test_hotp_refuses_what_it_cannot_compute() -> None:
    with pytest.raises(ValueError, match="md5"):
        totp.hotp(RFC_KEYS["sha1"], 0, algorithm="md5")
    with pytest.raises(ValueError, match="digits"):
        totp.hotp(RFC_KEYS["sha1"], 0, digits=5)
    with pytest.raises(ValueError, match="counter"):
        totp.hotp(RFC_KEYS["sha1"], -1)
    with pytest.raises(ValueError, match="counter"):
        totp.hotp(RFC_KEYS["sha1"], 2**64)


def test_time_steps_are_30_seconds_from_the_epoch_and_need_a_zone() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    assert totp.time_step(start + timedelta(seconds=29, microseconds=999_999)) == 1767225600 // 30
    assert totp.time_step(start + timedelta(seconds=30)) == 1767225600 // 30 + 1
    elsewhere = start.astimezone(timezone(timedelta(hours=9, minutes=30)))
    assert totp.time_step(elsewhere) == totp.time_step(start)
    with pytest.raises(ValueError, match="timezone-aware"):
        totp.time_step(datetime(2026, 1, 1))  # naive on purpose


# --- an independent implementation -----------------------------------------------------------


def _require_all() -> bool:
    ci = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
    return ci or os.environ.get("IAMDESK_REQUIRE_ALL") == "1"


def _oathtool() -> str:
    found = shutil.which("oathtool")
    if found is None:
        reason = "oathtool is missing: install the Debian package oathtool (make test does)"
        if _require_all():
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def oathtool_codes(seed: str, at: datetime, following: int = 0) -> list[str]:
    """oathtool's codes for the step of ``at`` and the ``following`` steps after it."""
    out = subprocess.run(
        [_oathtool(), "--totp", "--base32", f"--window={following}"]
        + [f"--now=@{int(at.timestamp())}", seed],
        check=True,
        capture_output=True,
        text=True,
        timeout=10,
    )
    return out.stdout.split()


def test_a_missing_oathtool_fails_under_ci_and_skips_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("IAMDESK_REQUIRE_ALL", raising=False)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="oathtool"):
        _oathtool()
    monkeypatch.delenv("CI")
    monkeypatch.setenv("IAMDESK_REQUIRE_ALL", "1")
    with pytest.raises(pytest.fail.Exception, match="oathtool"):
        _oathtool()
    monkeypatch.delenv("IAMDESK_REQUIRE_ALL")
    with pytest.raises(pytest.skip.Exception, match="oathtool"):
        _oathtool()


@pytest.mark.parametrize(
    "at",
    [
        datetime(2026, 1, 1, 0, 0, 30, tzinfo=UTC),
        datetime(2026, 1, 1, 0, 0, 59, 999_000, tzinfo=UTC),
        NOW,
        datetime(2038, 1, 19, 3, 14, 8, tzinfo=UTC),  # past the 32-bit time_t limit
    ],
)
def test_codes_agree_with_oathtool(at: datetime) -> None:
    for seed in (totp.new_seed(), totp.new_seed(), RFC_SEED):
        step = totp.time_step(at)
        ours = [totp.code_at(seed, s) for s in range(step, step + 3)]
        assert ours == oathtool_codes(seed, at, following=2)


def test_the_colliding_seed_collides_for_oathtool_too() -> None:
    first, second = GAP2_COLLISION
    codes = oathtool_codes(COLLIDING_SEED, at_step(first), following=2)
    assert codes[0] == codes[2] == totp.code_at(COLLIDING_SEED, second)
    first, second = ADJACENT_COLLISION
    codes = oathtool_codes(COLLIDING_SEED, at_step(first), following=1)
    assert codes[0] == codes[1] == totp.code_at(COLLIDING_SEED, second)


# --- seeds and the provisioning URI ----------------------------------------------------------


def test_seeds_are_160_random_bits_in_unpadded_base32() -> None:
    seeds = {totp.new_seed() for _ in range(20)}
    assert len(seeds) == 20
    for seed in seeds:
        assert len(seed) == 32 and "=" not in seed
        assert len(totp.seed_bytes(seed)) == totp.SEED_BITS // 8


def test_seed_bytes_tolerates_how_people_copy_it_and_refuses_garbage() -> None:
    grouped = totp.group_secret(RFC_SEED)
    assert grouped.split() == [RFC_SEED[i : i + 4] for i in range(0, 32, 4)]
    assert totp.seed_bytes(grouped.lower()) == RFC_KEYS["sha1"]
    for garbage in ("", "   ", "not base32!", "AB1"):
        with pytest.raises(ValueError, match="seed"):
            totp.seed_bytes(garbage)


def test_the_uri_has_the_documented_shape_and_pyotp_reads_it() -> None:
    seed = totp.new_seed()
    uri = totp.provisioning_uri(seed, account="acme", user="alice")
    assert uri.startswith(f"otpauth://totp/acme:alice?secret={seed}&issuer=acme")
    query = parse_qsl(urlsplit(uri).query)
    assert [k for k, _ in query][:2] == ["secret", "issuer"]  # the order the spec shows
    assert dict(query) == {
        "secret": seed,
        "issuer": "acme",
        "algorithm": "SHA1",
        "digits": "6",
        "period": "30",
    }
    parsed = pyotp.parse_uri(uri)
    assert isinstance(parsed, pyotp.TOTP)
    assert (parsed.secret, parsed.issuer, parsed.name) == (seed, "acme", "alice")
    assert (parsed.digits, parsed.interval, parsed.digest().name) == (6, 30, "sha1")
    assert parsed.at(NOW) == totp.code_at(seed, totp.time_step(NOW))


def test_uri_names_are_percent_encoded() -> None:
    uri = totp.provisioning_uri(RFC_SEED, account="Acme Co:EU", user="bob@acme.example")
    assert uri.startswith("otpauth://totp/Acme%20Co%3AEU:bob@acme.example?secret=")
    assert "&issuer=Acme%20Co%3AEU&" in uri
    parsed = pyotp.parse_uri(uri)
    assert (parsed.issuer, parsed.name) == ("Acme Co:EU", "bob@acme.example")


names = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=64)


@given(account=names, user=names)
def test_any_names_round_trip_through_pyotp(account: str, user: str) -> None:
    uri = totp.provisioning_uri(RFC_SEED, account=account, user=user)
    assert " " not in uri and uri.count(":") == 2  # scheme and the one label separator
    parsed = pyotp.parse_uri(uri)
    assert (parsed.issuer, parsed.name, parsed.secret) == (account, user, RFC_SEED)


# --- verification: window, replay, malformed codes ---------------------------------------------


def test_plus_or_minus_one_step_is_accepted_two_is_not() -> None:
    step = totp.time_step(NOW)
    distinct_codes_around(RFC_SEED, step)
    for offset in (-1, 0, 1):
        code = totp.code_at(RFC_SEED, step + offset)
        assert totp.match_step(RFC_SEED, code, now=NOW, last_step=None) == step + offset
    for offset in (-2, 2, -3, 3):
        code = totp.code_at(RFC_SEED, step + offset)
        assert totp.match_step(RFC_SEED, code, now=NOW, last_step=None) is None
    code = totp.code_at(RFC_SEED, step + 2)
    assert totp.match_step(RFC_SEED, code, now=NOW, last_step=None, window=2) == step + 2


def test_a_wrong_code_is_refused() -> None:
    step = totp.time_step(NOW)
    window = {totp.code_at(RFC_SEED, s) for s in range(step - 1, step + 2)}
    wrong = next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in window)
    assert totp.match_step(RFC_SEED, wrong, now=NOW, last_step=None) is None
    other_seed = base64.b32encode(b"\x00" * 20).decode()
    distinct = [s for s in range(step - 1, step + 2) if totp.code_at(other_seed, s) not in window]
    assert distinct, "the two seeds share every code in the window"
    code = totp.code_at(other_seed, distinct[0])
    assert totp.match_step(RFC_SEED, code, now=NOW, last_step=None) is None


def test_a_step_is_accepted_once() -> None:
    step = totp.time_step(NOW)
    distinct_codes_around(RFC_SEED, step)
    code = totp.code_at(RFC_SEED, step)
    accepted = totp.match_step(RFC_SEED, code, now=NOW, last_step=None)
    assert accepted == step
    assert totp.match_step(RFC_SEED, code, now=NOW, last_step=accepted) is None
    later = NOW + timedelta(seconds=totp.PERIOD)  # still within the window of the next step
    assert totp.match_step(RFC_SEED, code, now=later, last_step=accepted) is None
    # an older code is refused after a newer one was accepted, a newer one is still fine
    older = totp.code_at(RFC_SEED, step - 1)
    assert totp.match_step(RFC_SEED, older, now=NOW, last_step=accepted) is None
    newer = totp.code_at(RFC_SEED, step + 1)
    assert totp.match_step(RFC_SEED, newer, now=NOW, last_step=accepted) == step + 1


def test_a_colliding_code_is_recorded_at_its_latest_step_so_it_cannot_be_replayed() -> None:
    first, second = GAP2_COLLISION
    code = totp.code_at(COLLIDING_SEED, first)
    assert totp.code_at(COLLIDING_SEED, second) == code
    now = at_step(first + 1)
    accepted = totp.match_step(COLLIDING_SEED, code, now=now, last_step=None)
    assert accepted == second
    assert totp.match_step(COLLIDING_SEED, code, now=now, last_step=accepted) is None


@pytest.mark.parametrize("shape", ["short", "long", "letters", "empty", "fullwidth", "signed"])
def test_malformed_codes_are_refused(shape: str) -> None:
    step = totp.time_step(NOW)
    code = totp.code_at(RFC_SEED, step)
    bad = {
        "short": code[:5],
        "long": code + "0",
        "letters": "abcdef",
        "empty": "",
        "fullwidth": code.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"}),
        "signed": "+" + code[1:],
    }[shape]
    assert totp.match_step(RFC_SEED, bad, now=NOW, last_step=None) is None


def test_spaces_in_a_typed_code_are_ignored() -> None:
    step = totp.time_step(NOW)
    code = totp.code_at(RFC_SEED, step)
    for typed in (f"{code[:3]} {code[3:]}", f" {code}\n", " ".join(code)):
        assert totp.match_step(RFC_SEED, typed, now=NOW, last_step=None) == step


# --- binding with two consecutive codes --------------------------------------------------------


def test_two_consecutive_codes_bind_and_return_the_later_step() -> None:
    step = totp.time_step(NOW)
    distinct_codes_around(RFC_SEED, step)

    def pair(s: int) -> tuple[str, str]:
        return totp.code_at(RFC_SEED, s), totp.code_at(RFC_SEED, s + 1)

    # the second code may be the previous, the current or the next step (clock skew)
    for later in (step - 1, step, step + 1):
        assert totp.match_consecutive(RFC_SEED, *pair(later - 1), now=NOW) == later
    for later in (step - 2, step + 2):
        assert totp.match_consecutive(RFC_SEED, *pair(later - 1), now=NOW) is None


def test_binding_refuses_reversed_repeated_and_non_adjacent_codes() -> None:
    step = totp.time_step(NOW)
    distinct_codes_around(RFC_SEED, step)
    c = {s: totp.code_at(RFC_SEED, s) for s in range(step - 3, step + 3)}
    assert totp.match_consecutive(RFC_SEED, c[step], c[step - 1], now=NOW) is None
    assert totp.match_consecutive(RFC_SEED, c[step], c[step], now=NOW) is None
    assert totp.match_consecutive(RFC_SEED, c[step - 1], c[step + 1], now=NOW) is None
    assert totp.match_consecutive(RFC_SEED, c[step - 2], c[step], now=NOW) is None
    assert totp.match_consecutive(RFC_SEED, c[step - 1], "12345", now=NOW) is None
    assert totp.match_consecutive(RFC_SEED, "abcdef", c[step], now=NOW) is None


def test_binding_refuses_one_code_typed_twice_even_when_adjacent_steps_share_it() -> None:
    first, second = ADJACENT_COLLISION
    code = totp.code_at(COLLIDING_SEED, first)
    assert totp.code_at(COLLIDING_SEED, second) == code
    assert totp.match_consecutive(COLLIDING_SEED, code, code, now=at_step(second)) is None


# --- properties --------------------------------------------------------------------------------

seeds = st.binary(min_size=20, max_size=20).map(lambda b: base64.b32encode(b).decode())
times = st.integers(min_value=0, max_value=2**34).map(lambda t: datetime.fromtimestamp(t, UTC))


@given(seed=seeds, at=times)
def test_a_code_matches_its_own_step_and_not_two_steps_away(seed: str, at: datetime) -> None:
    step = totp.time_step(at)
    code = totp.code_at(seed, step)
    assert code == pyotp.TOTP(seed).at(at)  # a second implementation agrees

    def sharing(steps: range) -> list[int]:
        return [s for s in steps if totp.code_at(seed, s) == code]

    # at its own time: its step, or the next one when that step's code is the same
    matched = totp.match_step(seed, code, now=at, last_step=None)
    assert matched == max(sharing(range(step, step + 2)))
    assert totp.match_step(seed, code, now=at, last_step=step) == (
        step + 1 if sharing(range(step + 1, step + 2)) else None
    )
    # two steps later or earlier: refused unless a step in that window has the same code
    for now_step in (step + 2, step - 2):
        if now_step < 1:
            continue
        now = at + timedelta(seconds=(now_step - step) * totp.PERIOD)
        found = totp.match_step(seed, code, now=now, last_step=None)
        collisions = sharing(range(now_step - 1, now_step + 2))
        assert found == (max(collisions) if collisions else None)


@given(seed=seeds, at=times)
def test_consecutive_codes_bind_at_their_own_time(seed: str, at: datetime) -> None:
    step = totp.time_step(at)
    if step < 2:
        return
    first, second = totp.code_at(seed, step - 1), totp.code_at(seed, step)
    result = totp.match_consecutive(seed, first, second, now=at)
    if first == second:  # adjacent steps collide: refused by design, the user tries again
        assert result is None
    else:
        assert result is not None and result >= step
        assert totp.code_at(seed, result) == second
        assert totp.code_at(seed, result - 1) == first
