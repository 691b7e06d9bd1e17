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
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.errors import VaultUnavailableError

log = logging.getLogger(__name__)

KEYRING_SERVICE = "iamdesk"
_VERSION = b"\x01"
_NONCE = 12
_WRAP_AAD = b"iamdesk:data-key:v1"
# Version 2 of the wrapped data key: the same data key, wrapped under another AAD, saying that
# the store's audit chain is keyed. It cannot be turned back into version 1 without the
# wrapping key, which is not in the store.
_WRAP_V2 = b"\x02"
_WRAP_AAD_V2 = b"iamdesk:data-key:v2:keyed-audit"
_AUDIT_KEY_INFO = b"iamdesk:audit-chain:hmac-sha256:v1"
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
                code="vault.key_file_missing", path=str(self.path)
            ) from None
        if not stat.S_ISREG(info.st_mode):
            raise VaultUnavailableError(code="vault.key_file_not_regular", path=str(self.path))
        if os.name == "posix" and info.st_uid != os.geteuid():
            raise VaultUnavailableError(
                code="vault.key_file_owner", path=str(self.path), uid=info.st_uid
            )
        if os.name == "posix" and info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise VaultUnavailableError(code="vault.key_file_readable", path=str(self.path))
        try:
            key = base64.b64decode(self.path.read_text().strip(), validate=True)
        except (ValueError, OSError):
            key = b""
        if len(key) != 32:
            raise VaultUnavailableError(code="vault.key_file_invalid", path=str(self.path))
        return key


def create_key_file(path: Path) -> None:
    """Create a new key file with mode 0600; never overwrites one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise VaultUnavailableError(code="vault.key_file_exists", path=str(path)) from None
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
            raise VaultUnavailableError(code="vault.no_keyring")
        try:
            stored = keyring.get_password(KEYRING_SERVICE, self.store_id)
            if stored is None and self.create:
                stored = base64.b64encode(secrets.token_bytes(32)).decode()
                keyring.set_password(KEYRING_SERVICE, self.store_id, stored)
        except KeyringError as exc:
            raise VaultUnavailableError(code="vault.keyring_failed", reason=str(exc)) from None
        if stored is None:
            raise VaultUnavailableError(code="vault.keyring_no_key")
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
        self._audit_key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=_AUDIT_KEY_INFO
        ).derive(data_key)
        self._data_key = data_key

    @classmethod
    def create(cls, wrapping: WrappingKey) -> tuple[Vault, bytes]:
        """A new data key, and its wrapped form (version 2) to store with the account."""
        vault = cls(AESGCM.generate_key(bit_length=256))
        return vault, vault.wrap(wrapping)

    def wrap(self, wrapping: WrappingKey) -> bytes:
        """The data key wrapped as version 2 (the store's audit chain is keyed)."""
        nonce = secrets.token_bytes(_NONCE)
        sealed = AESGCM(wrapping.key()).encrypt(nonce, self._data_key, _WRAP_AAD_V2)
        return _WRAP_V2 + nonce + sealed

    @staticmethod
    def wrapped_for_keyed_audit(wrapped: bytes | None) -> bool:
        """True when ``wrapped`` is version 2 (it is checked when the vault opens it)."""
        return wrapped is not None and wrapped[:1] == _WRAP_V2

    def audit_key(self) -> bytes:
        """The audit chain's HMAC key, derived from the data key with HKDF-SHA256."""
        return self._audit_key

    @classmethod
    def open(cls, wrapping: WrappingKey, wrapped: bytes) -> Vault:
        key = wrapping.key()
        aad = {_VERSION: _WRAP_AAD, _WRAP_V2: _WRAP_AAD_V2}.get(wrapped[:1])
        try:
            if aad is None:
                raise InvalidTag
            data_key = AESGCM(key).decrypt(wrapped[1 : 1 + _NONCE], wrapped[1 + _NONCE :], aad)
        except InvalidTag:
            raise VaultUnavailableError(code="vault.wrong_key", source=wrapping.source) from None
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
            raise VaultUnavailableError(code="vault.decrypt_failed") from None

    def encrypt_text(self, text: str, *, aad: bytes) -> bytes:
        return self.encrypt(text.encode(), aad=aad)

    def decrypt_text(self, blob: bytes, *, aad: bytes) -> str:
        return self.decrypt(blob, aad=aad).decode()
