"""The secrets vault: AES-256-GCM under a data key wrapped by the OS keyring or a key file."""

from __future__ import annotations

import base64
import logging
import os
import secrets
import stat
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.errors import VaultUnavailableError

log = logging.getLogger(__name__)

KEYRING_SERVICE = "iamdesk"
_VERSION = b"\x01"
_NONCE = 12
_WRAP_AAD = b"iamdesk:data-key:v1"
NO_KEY_HINT = (
    "set IAMDESK_KEY_FILE=/path/to/iamdesk.key (it is created, mode 0600, by "
    "`iamctl init`) or run where an OS keyring is available"
)


class WrappingKey(Protocol):
    """Where the key that wraps the store's data key comes from."""

    source: str

    def key(self) -> bytes: ...


class KeyFileWrappingKey:
    """A 256-bit key in a file readable only by its owner (mode 0600)."""

    source = "key-file"

    def __init__(self, path: Path) -> None:
        self.path = path

    def key(self) -> bytes:
        try:
            info = self.path.stat()
        except FileNotFoundError:
            raise VaultUnavailableError(
                f"the key file {self.path} does not exist: create it with `iamctl init` or "
                "copy it from the workstation that created the store"
            ) from None
        if os.name == "posix" and info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise VaultUnavailableError(
                f"the key file {self.path} can be read by other users: run `chmod 600 {self.path}`"
            )
        try:
            key = base64.b64decode(self.path.read_text().strip(), validate=True)
        except (ValueError, OSError):
            key = b""
        if len(key) != 32:
            raise VaultUnavailableError(f"the key file {self.path} is not an IAM Desk key file")
        return key


def create_key_file(path: Path) -> None:
    """Create a new key file with mode 0600; never overwrites one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise VaultUnavailableError(
            f"the key file {path} already exists; IAM Desk never overwrites a key file"
        ) from None
    with os.fdopen(fd, "w") as handle:
        handle.write(base64.b64encode(secrets.token_bytes(32)).decode() + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    log.info("created key file %s", path)


class KeyringWrappingKey:
    """A 256-bit key kept by the OS keyring under service "iamdesk" and the store's id."""

    source = "keyring"

    def __init__(self, store_id: str, *, create: bool = False) -> None:
        self.store_id = store_id
        self.create = create

    def key(self) -> bytes:
        import keyring
        from keyring.errors import KeyringError

        backend = keyring.get_keyring()
        if (
            type(backend).__module__.startswith("keyring.backends.fail")
            or getattr(backend, "priority", 1) <= 0
        ):
            raise VaultUnavailableError(f"no usable OS keyring here: {NO_KEY_HINT}")
        try:
            stored = keyring.get_password(KEYRING_SERVICE, self.store_id)
            if stored is None and self.create:
                stored = base64.b64encode(secrets.token_bytes(32)).decode()
                keyring.set_password(KEYRING_SERVICE, self.store_id, stored)
        except KeyringError as exc:
            raise VaultUnavailableError(f"the OS keyring failed ({exc}): {NO_KEY_HINT}") from None
        if stored is None:
            raise VaultUnavailableError(
                "this workstation's keyring has no key for this store: copy it from the "
                "workstation that created the store, or use a key file (IAMDESK_KEY_FILE)"
            )
        return base64.b64decode(stored)


def resolve_wrapping_key(key_file: Path | None, store_id: str, *, create: bool) -> WrappingKey:
    """The key file when one is named, otherwise the OS keyring. No plaintext fallback."""
    if key_file is not None:
        return KeyFileWrappingKey(key_file)
    return KeyringWrappingKey(store_id, create=create)


class Vault:
    """Encrypts and decrypts secrets. ``aad`` binds a ciphertext to its row and purpose."""

    def __init__(self, data_key: bytes) -> None:
        self._aead = AESGCM(data_key)

    @classmethod
    def create(cls, wrapping: WrappingKey) -> tuple[Vault, bytes]:
        """A new data key, and its wrapped form to store with the account."""
        data_key = AESGCM.generate_key(bit_length=256)
        nonce = secrets.token_bytes(_NONCE)
        wrapped = _VERSION + nonce + AESGCM(wrapping.key()).encrypt(nonce, data_key, _WRAP_AAD)
        return cls(data_key), wrapped

    @classmethod
    def open(cls, wrapping: WrappingKey, wrapped: bytes) -> Vault:
        key = wrapping.key()
        try:
            if wrapped[:1] != _VERSION:
                raise InvalidTag
            data_key = AESGCM(key).decrypt(
                wrapped[1 : 1 + _NONCE], wrapped[1 + _NONCE :], _WRAP_AAD
            )
        except InvalidTag:
            raise VaultUnavailableError(
                f"the {wrapping.source} does not match this store: use the key the store was "
                "created with"
            ) from None
        return cls(data_key)

    def encrypt(self, plaintext: bytes, *, aad: bytes) -> bytes:
        nonce = secrets.token_bytes(_NONCE)
        return _VERSION + nonce + self._aead.encrypt(nonce, plaintext, aad)

    def decrypt(self, blob: bytes, *, aad: bytes) -> bytes:
        try:
            if blob[:1] != _VERSION:
                raise InvalidTag
            return self._aead.decrypt(blob[1 : 1 + _NONCE], blob[1 + _NONCE :], aad)
        except InvalidTag:
            raise VaultUnavailableError(
                "a stored secret could not be decrypted (it was altered or belongs to another "
                "record); re-create that secret"
            ) from None

    def encrypt_text(self, text: str, *, aad: bytes) -> bytes:
        return self.encrypt(text.encode(), aad=aad)

    def decrypt_text(self, blob: bytes, *, aad: bytes) -> str:
        return self.decrypt(blob, aad=aad).decode()
