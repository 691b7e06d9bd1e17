"""TOTP against the RFC vectors and an independent implementation (Debian's oathtool)."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.security import totp

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
# RFC 6238 Appendix B: (time, sha1, sha256, sha512), 8 digits, per-algorithm seeds.
RFC6238 = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]
SEEDS = {
    "sha1": b"12345678901234567890",
    "sha256": b"12345678901234567890123456789012",
    "sha512": b"1234567890123456789012345678901234567890123456789012345678901234",
}
NOW = datetime(2026, 3, 1, 12, 0, 10, tzinfo=UTC)


def test_rfc4226_hotp_vectors() -> None:
    assert [totp.hotp(SEEDS["sha1"], c) for c in range(10)] == RFC4226


@pytest.mark.parametrize(("at", "sha1", "sha256", "sha512"), RFC6238)
def test_rfc6238_totp_vectors(at: int, sha1: str, sha256: str, sha512: str) -> None:
    for algorithm, expected in (("sha1", sha1), ("sha256", sha256), ("sha512", sha512)):
        assert totp.hotp(SEEDS[algorithm], at // 30, 8, algorithm) == expected


def _oathtool() -> str:
    found = shutil.which("oathtool")
    if found is None:
        if os.environ.get("CI") or os.environ.get("IAMDESK_REQUIRE_PG"):
            pytest.fail("oathtool is missing: `make test` installs the Debian package oathtool")
        pytest.skip("oathtool not installed (make test installs it)")
    return found


def oathtool_code(seed: str, at: datetime) -> str:
    out = subprocess.run(
        [_oathtool(), "--totp", "-b", seed, "--now", at.strftime("%Y-%m-%d %H:%M:%S UTC")],
        check=True,
        capture_output=True,
        text=True,
        timeout=10,
    )
    return out.stdout.strip()


def test_codes_agree_with_oathtool() -> None:
    seed = totp.new_seed()
    for offset in (0, 30, 3600, 86400 * 365):
        at = NOW + timedelta(seconds=offset)
        assert totp.code_at(seed, totp.time_step(at)) == oathtool_code(seed, at)


def test_seed_and_uri_shape() -> None:
    seed = totp.new_seed()
    assert len(seed) == 32 and "=" not in seed and len(totp.seed_bytes(seed)) == 20
    uri = totp.provisioning_uri(seed, account="acme", user="alice")
    assert uri == f"otpauth://totp/acme:alice?secret={seed}&issuer=acme"
    parsed = pyotp.parse_uri(uri)
    assert parsed.secret == seed and parsed.issuer == "acme" and parsed.name == "alice"
    assert parsed.digits == 6 and parsed.interval == 30
    assert totp.group_secret(seed).replace(" ", "") == seed
    assert len(totp.group_secret(seed).split()) == 8


def test_window_replay_and_malformed_codes() -> None:
    seed = totp.new_seed()
    step = totp.time_step(NOW)
    assert totp.match_step(seed, totp.code_at(seed, step), now=NOW, last_step=None) == step
    assert totp.match_step(seed, totp.code_at(seed, step - 1), now=NOW, last_step=None) == step - 1
    assert totp.match_step(seed, totp.code_at(seed, step + 1), now=NOW, last_step=None) == step + 1
    for far in (step - 2, step + 2):
        code = totp.code_at(seed, far)
        if code not in {totp.code_at(seed, s) for s in range(step - 1, step + 2)}:
            assert totp.match_step(seed, code, now=NOW, last_step=None) is None
    # replay: the step already accepted, or an earlier one, never again
    assert totp.match_step(seed, totp.code_at(seed, step), now=NOW, last_step=step) is None
    assert totp.match_step(seed, totp.code_at(seed, step - 1), now=NOW, last_step=step - 1) is None
    code = totp.code_at(seed, step)
    for bad in (code[:5], code + "1", "abcdef", "", "１２３４５６"):
        assert totp.match_step(seed, bad, now=NOW, last_step=None) is None
    assert totp.match_step(seed, code[:3] + " " + code[3:], now=NOW, last_step=None) == step


def test_binding_needs_two_consecutive_codes() -> None:
    seed = totp.new_seed()
    step = totp.time_step(NOW)
    first, second = totp.code_at(seed, step - 1), totp.code_at(seed, step)
    assert totp.match_consecutive(seed, first, second, now=NOW) == step
    assert totp.match_consecutive(seed, second, first, now=NOW) is None
    assert totp.match_consecutive(seed, second, second, now=NOW) is None
    assert (
        totp.match_consecutive(
            seed, totp.code_at(seed, step - 3), totp.code_at(seed, step - 2), now=NOW
        )
        is None
    )


@given(st.binary(min_size=20, max_size=20), st.integers(10**8, 4 * 10**9))
def test_a_code_matches_its_own_step(key: bytes, timestamp: int) -> None:
    import base64

    seed = base64.b32encode(key).decode().rstrip("=")
    at = datetime.fromtimestamp(timestamp, UTC)
    step = totp.time_step(at)
    code = totp.code_at(seed, step)
    matched = totp.match_step(seed, code, now=at, last_step=None)
    assert matched is not None and matched <= step  # an equal earlier code may match first
    assert totp.code_at(seed, matched) == code
    assert code == pyotp.TOTP(seed).at(at)
