"""The vault, key files, one-time tokens and password hashing."""

from __future__ import annotations

import os
from pathlib import Path

import keyring
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from keyring.backends import fail

from app.errors import VaultUnavailableError
from app.security import passwords, tokens
from app.security.vault import (
    KeyFileWrappingKey,
    KeyringWrappingKey,
    Vault,
    create_key_file,
    resolve_wrapping_key,
)


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "iamdesk.key"
    create_key_file(path)
    return path


def test_key_file_is_created_0600_and_never_overwritten(key_file: Path) -> None:
    assert (key_file.stat().st_mode & 0o777) == 0o600
    before = key_file.read_bytes()
    with pytest.raises(VaultUnavailableError, match="never overwrites"):
        create_key_file(key_file)
    assert key_file.read_bytes() == before


def test_a_key_file_others_can_read_is_refused(key_file: Path) -> None:
    os.chmod(key_file, 0o644)
    with pytest.raises(VaultUnavailableError, match=f"chmod 600 {key_file}"):
        KeyFileWrappingKey(key_file).key()


@given(st.binary(max_size=2048), st.binary(max_size=64))
@settings(max_examples=50)
def test_vault_round_trips_and_binds_to_aad(data: bytes, aad: bytes) -> None:
    vault = Vault(b"k" * 32)
    blob = vault.encrypt(data, aad=aad)
    assert vault.decrypt(blob, aad=aad) == data
    if data:
        assert data not in blob or len(data) < 4
    with pytest.raises(VaultUnavailableError):
        vault.decrypt(blob, aad=aad + b"x")
    flipped = bytearray(blob)
    flipped[-1] ^= 1
    with pytest.raises(VaultUnavailableError, match="altered"):
        vault.decrypt(bytes(flipped), aad=aad)


def test_data_key_opens_only_with_its_wrapping_key(tmp_path: Path, key_file: Path) -> None:
    vault, wrapped = Vault.create(KeyFileWrappingKey(key_file))
    blob = vault.encrypt(b"seed", aad=b"a")
    assert Vault.open(KeyFileWrappingKey(key_file), wrapped).decrypt(blob, aad=b"a") == b"seed"
    other = tmp_path / "other.key"
    create_key_file(other)
    with pytest.raises(VaultUnavailableError, match="does not match this store"):
        Vault.open(KeyFileWrappingKey(other), wrapped)


def test_no_keyring_and_no_key_file_is_refused_clearly() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        wrapping = resolve_wrapping_key(None, "store-1", create=True)
        assert isinstance(wrapping, KeyringWrappingKey)
        with pytest.raises(VaultUnavailableError, match="IAMDESK_KEY_FILE"):
            Vault.create(wrapping)
    finally:
        keyring.set_keyring(previous)


def test_tokens_are_long_random_and_hashed() -> None:
    made = {tokens.new_token() for _ in range(200)}
    assert len(made) == 200 and all(len(t) >= 43 for t in made)
    token = made.pop()
    assert tokens.hash_token(token) != token and len(tokens.hash_token(token)) == 64
    codes = [tokens.new_numeric_code() for _ in range(200)]
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    pepper = b"p" * 32
    assert tokens.hash_code("123456", challenge_id="a", pepper=pepper) != tokens.hash_code(
        "123456", challenge_id="b", pepper=pepper
    )
    key_id, secret = tokens.new_access_key_id(), tokens.new_secret_access_key()
    assert len(key_id) == 20 and key_id.isalnum() and key_id.isupper()
    assert len(secret) == 40 and secret.isalnum()


def test_argon2id_hashes_verify_normalised_and_untruncated() -> None:
    long = "correct horse battery staple " * 7  # 203 characters
    stored = passwords.hash_password(long)
    assert stored.startswith("$argon2id$v=19$m=47104,t=1,p=1$")
    assert passwords.verify_password(stored, long)
    assert not passwords.verify_password(stored, long[:100] + "X" + long[101:])
    assert passwords.verify_password(passwords.hash_password("ｐａｓｓ－ｗｏｒｄ"), "pass-word")
    assert not passwords.verify_password("not a hash", "x")
    assert not passwords.needs_rehash(stored)


@given(st.integers(min_value=8, max_value=64))
@settings(max_examples=20, deadline=None)
def test_generated_passwords_pass_the_strictest_policy(length: int) -> None:
    from app.domain.password_policy import PasswordPolicy, check_password

    strict = PasswordPolicy(min_length=8, min_char_types=4, max_repeated_chars=1, history=0)
    password = passwords.generate_password(length)
    assert len(password) == length
    check_password(strict, password, username="alice")
