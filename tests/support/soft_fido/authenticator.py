"""A software CTAP2.0 authenticator (ES256, non-resident credentials, client PIN) for tests."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import struct
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from fido2 import cbor
from fido2.ctap import STATUS, CtapError
from fido2.hid import CtapHidDevice

from tests.support.soft_fido.ctaphid import SoftHidConnection, descriptor_for

log = logging.getLogger(__name__)

ERR = CtapError.ERR
#: The model's AAGUID (a real key model shares one AAGUID across all its keys).
AAGUID = uuid.UUID("5f1d0a7e-1a3d-4e5b-9c2f-0000000000a5")
TOUCH_MODES = ("auto", "manual", "never")
ES256 = -7
PIN_RETRIES = 8
PIN_AUTH_TRIES = 3  # consecutive wrong PINs before a power cycle is needed
KEEPALIVE_PERIOD = 0.1  # seconds between UPNEEDED keepalives, as real keys do
AUTO_TOUCH_AFTER = 0.2
MAX_MSG_SIZE = 1200
CREDENTIAL_VERSION = b"\x01"

FLAG_UP, FLAG_UV, FLAG_AT = 0x01, 0x04, 0x40
PERM_MC, PERM_GA = 0x01, 0x02


class Refused(Exception):
    """A CTAP2 status other than success, answered as the response's status byte."""

    def __init__(self, code: int) -> None:
        super().__init__(f"CTAP2 error 0x{code:02x}")
        self.code = code


@dataclass
class _PinToken:
    value: bytes
    permissions: int
    rp_id: str | None


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _cose_es256(key: ec.EllipticCurvePublicKey, alg: int = ES256) -> dict[int, Any]:
    numbers = key.public_numbers()
    return {
        1: 2,
        3: alg,
        -1: 1,
        -2: numbers.x.to_bytes(32, "big"),
        -3: numbers.y.to_bytes(32, "big"),
    }


class _PinProtocol:
    """The authenticator's half of PIN/UV auth protocols 1 and 2 (CTAP2.1 §6.5.6, §6.5.7)."""

    def __init__(self, version: int) -> None:
        self.version = version

    def kdf(self, z: bytes) -> bytes:
        if self.version == 1:
            return _sha256(z)
        return b"".join(
            HKDF(hashes.SHA256(), 32, b"\0" * 32, info).derive(z)
            for info in (b"CTAP2 HMAC key", b"CTAP2 AES key")
        )

    def decrypt(self, shared: bytes, data: bytes) -> bytes:
        if self.version == 1:
            key, iv = shared, b"\0" * 16
        else:
            key, iv, data = shared[32:], data[:16], data[16:]
        if not data or len(data) % 16:
            raise Refused(ERR.INVALID_PARAMETER)
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        return decryptor.update(data) + decryptor.finalize()

    def encrypt(self, shared: bytes, data: bytes) -> bytes:
        if self.version == 1:
            key, iv = shared, b"\0" * 16
        else:
            key, iv = shared[32:], os.urandom(16)
        encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
        body = encryptor.update(data) + encryptor.finalize()
        return body if self.version == 1 else iv + body

    def authenticate(self, key: bytes, message: bytes) -> bytes:
        mac = hmac.new(key if self.version == 1 else key[:32], message, "sha256").digest()
        return mac[:16] if self.version == 1 else mac

    def verify(self, key: bytes, message: bytes, param: bytes) -> bool:
        return hmac.compare_digest(self.authenticate(key, message), param)


class SoftAuthenticator:
    """A CTAP2.0 security key living in this process, for tests only.

    Args:
        pin: the key's PIN, or None for a key without one (setPIN can add one later).
        touch: "auto" (touched 0.2 s after it asks), "manual" (waits for ``touch()``), or
            "never" (the user never touches: the request times out).
        attestation: "packed" (self attestation) or "none".
        pin_protocols: PIN/UV auth protocols offered in getInfo, preferred first.
        permission_tokens: offer getPinUvAuthTokenUsingPinWithPermissions ("pinUvAuthToken").
        touch_timeout: seconds a request waits for a touch before USER_ACTION_TIMEOUT.
        aaguid: the model's AAGUID.
    """

    def __init__(
        self,
        pin: str | None = None,
        *,
        touch: str = "auto",
        attestation: str = "packed",
        pin_protocols: tuple[int, ...] = (1,),
        permission_tokens: bool = False,
        touch_timeout: float = 5.0,
        aaguid: uuid.UUID = AAGUID,
    ) -> None:
        if touch not in TOUCH_MODES:
            raise ValueError(f"touch must be one of {TOUCH_MODES}, not {touch!r}")
        if attestation not in ("packed", "none"):
            raise ValueError(f"attestation must be 'packed' or 'none', not {attestation!r}")
        if not set(pin_protocols) <= {1, 2} or not pin_protocols:
            raise ValueError("pin_protocols must name protocols 1 and/or 2")
        self.touch_mode = touch
        self.attestation = attestation
        self.pin_protocols = tuple(pin_protocols)
        self.permission_tokens = permission_tokens
        self.touch_timeout = touch_timeout
        self.aaguid = aaguid
        self.serial = os.urandom(4).hex()
        self.credentials: list[bytes] = []  # ids issued, oldest first
        self.touch_waits = 0  # UPNEEDED keepalives sent
        self.touches_used = 0  # requests that got their touch
        self.winks = 0
        self.last_status: int | None = None  # CTAP2 status of the latest CBOR answer
        self._lock = threading.RLock()
        self._busy = threading.Lock()
        self._touched = threading.Event()
        self._waits_changed = threading.Condition()
        self._channels = 0
        self._channel_lock = threading.Lock()
        self._master_key = AESGCM.generate_key(bit_length=256)
        self._counter = 0
        self._pin_hash: bytes | None = None
        self._pin_retries = PIN_RETRIES
        self._pin_auth_tries = PIN_AUTH_TRIES
        self._key_agreement = ec.generate_private_key(ec.SECP256R1())
        self._token: _PinToken | None = None
        if pin is not None:
            self._set_pin(pin.encode())

    # ----------------------------------------------------------------- test controls

    def device(self) -> CtapHidDevice:
        """python-fido2's real CtapHidDevice, talking CTAPHID to this key."""
        return CtapHidDevice(descriptor_for(self), SoftHidConnection(self))

    def lister(self) -> Callable[[], list[CtapHidDevice]]:
        """A stand-in for ``CtapHidDevice.list_devices`` that finds this key only."""
        return lambda: [self.device()]

    def touch(self) -> None:
        """The user touches the key (answers a request waiting in "manual" mode)."""
        self._touched.set()

    def wait_for_touch_waits(self, count: int, timeout: float) -> bool:
        """Block until ``count`` UPNEEDED keepalives were sent in all; False on timeout."""
        with self._waits_changed:
            return self._waits_changed.wait_for(lambda: self.touch_waits >= count, timeout)

    def rewind_counter(self, n: int) -> int:
        """Move the signature counter back by ``n`` (a cloned key); returns the new value."""
        with self._lock:
            self._counter = max(0, self._counter - n)
            return self._counter

    @property
    def counter(self) -> int:
        return self._counter

    @property
    def pin_retries(self) -> int:
        return self._pin_retries

    @property
    def has_pin(self) -> bool:
        return self._pin_hash is not None

    def new_channel_id(self) -> int:
        with self._channel_lock:
            self._channels += 1
            return 0x01000000 + self._channels

    def try_begin(self) -> bool:
        """Claim the key for one CBOR request; False while another one runs (busy)."""
        return self._busy.acquire(blocking=False)

    def end(self) -> None:
        self._busy.release()

    # ----------------------------------------------------------------- CTAP2 dispatch

    def process(
        self,
        request: bytes,
        *,
        cancel: threading.Event,
        keepalive: Callable[[int], None],
    ) -> bytes:
        """Answer one CTAPHID_CBOR message: a status byte, then the CBOR response."""
        try:
            if not request:
                raise Refused(ERR.INVALID_LENGTH)
            command, body = request[0], request[1:]
            params: Mapping[Any, Any] = {}
            if body:
                try:
                    params = cbor.decode(body)
                except Exception:
                    raise Refused(ERR.INVALID_CBOR) from None
                if not isinstance(params, Mapping):
                    raise Refused(ERR.CBOR_UNEXPECTED_TYPE)
            handlers: dict[int, Callable[..., dict[int, Any] | None]] = {
                0x01: self._make_credential,
                0x02: self._get_assertion,
                0x04: self._get_info,
                0x06: self._client_pin,
                0x07: self._reset,
            }
            handler = handlers.get(command)
            if handler is None:
                raise Refused(ERR.NOT_ALLOWED if command == 0x08 else ERR.INVALID_COMMAND)
            with self._lock:
                response = handler(params, cancel, keepalive)
        except Refused as refused:
            log.debug("soft key refused: 0x%02x", refused.code)
            self.last_status = refused.code
            return bytes([refused.code])
        self.last_status = 0
        return b"\0" + (cbor.encode(response) if response is not None else b"")

    def _get_info(self, params: Mapping[Any, Any], *_: Any) -> dict[int, Any]:
        options: dict[str, bool] = {
            "rk": False,
            "up": True,
            "plat": False,
            "clientPin": self.has_pin,
        }
        if self.permission_tokens:
            options["pinUvAuthToken"] = True
        return {
            1: ["FIDO_2_0"],
            3: self.aaguid.bytes,
            4: options,
            5: MAX_MSG_SIZE,
            6: list(self.pin_protocols),
            7: 8,
            8: 128,
        }

    # ----------------------------------------------------------------- user presence

    def _wait_for_touch(self, cancel: threading.Event, keepalive: Callable[[int], None]) -> None:
        """Block until touched, sending UPNEEDED every 100 ms; cancel or timeout refuse."""
        self._touched.clear()
        started = time.monotonic()
        for _ in range(int(self.touch_timeout / KEEPALIVE_PERIOD) + 1):
            if cancel.is_set():
                raise Refused(ERR.KEEPALIVE_CANCEL)
            keepalive(STATUS.UPNEEDED)
            with self._waits_changed:
                self.touch_waits += 1
                self._waits_changed.notify_all()
            if self.touch_mode == "auto" and time.monotonic() - started >= AUTO_TOUCH_AFTER:
                self._touched.set()
            if self.touch_mode == "never":
                cancel.wait(KEEPALIVE_PERIOD)
            elif self._touched.wait(KEEPALIVE_PERIOD):
                self._touched.clear()
                if cancel.is_set():
                    raise Refused(ERR.KEEPALIVE_CANCEL)
                self.touches_used += 1
                return
            if time.monotonic() - started >= self.touch_timeout:
                break
        raise Refused(ERR.USER_ACTION_TIMEOUT)

    # ----------------------------------------------------------------- credentials

    def _wrap(self, private: ec.EllipticCurvePrivateKey, rp_id_hash: bytes) -> bytes:
        scalar = private.private_numbers().private_value.to_bytes(32, "big")
        nonce = os.urandom(12)
        sealed = AESGCM(self._master_key).encrypt(nonce, scalar, CREDENTIAL_VERSION + rp_id_hash)
        return CREDENTIAL_VERSION + nonce + sealed

    def _unwrap(self, credential_id: bytes, rp_id_hash: bytes) -> ec.EllipticCurvePrivateKey | None:
        """The credential's private key when the id is ours and for this RP, else None."""
        if len(credential_id) != 1 + 12 + 32 + 16 or credential_id[:1] != CREDENTIAL_VERSION:
            return None
        try:
            scalar = AESGCM(self._master_key).decrypt(
                credential_id[1:13], credential_id[13:], CREDENTIAL_VERSION + rp_id_hash
            )
        except InvalidTag:
            return None
        return ec.derive_private_key(int.from_bytes(scalar, "big"), ec.SECP256R1())

    def _find(
        self, descriptors: Any, rp_id_hash: bytes
    ) -> tuple[bytes, ec.EllipticCurvePrivateKey] | None:
        if descriptors is None:
            return None
        if not isinstance(descriptors, list):
            raise Refused(ERR.CBOR_UNEXPECTED_TYPE)
        for descriptor in descriptors:
            if not isinstance(descriptor, Mapping) or not isinstance(descriptor.get("id"), bytes):
                raise Refused(ERR.CBOR_UNEXPECTED_TYPE)
            if descriptor.get("type") != "public-key":
                continue
            key = self._unwrap(descriptor["id"], rp_id_hash)
            if key is not None:
                return descriptor["id"], key
        return None

    def _next_counter(self) -> int:
        self._counter += 1
        return self._counter

    # ----------------------------------------------------------------- PIN checks

    def _check_pin_auth(
        self,
        params: Mapping[Any, Any],
        auth_key: int,
        client_data_hash: bytes,
        permission: int,
        rp_id: str,
    ) -> bool:
        """True when a valid pinUvAuthParam came (the UV flag); raises when it is wrong."""
        param = params.get(auth_key)
        if param is None:
            return False
        if not isinstance(param, bytes):
            raise Refused(ERR.CBOR_UNEXPECTED_TYPE)
        if param == b"":  # the platform asks for a touch to pick this key (CTAP2.0 selection)
            raise Refused(ERR.PIN_INVALID if self.has_pin else ERR.PIN_NOT_SET)
        version = params.get(auth_key + 1)
        if version is None:
            raise Refused(ERR.MISSING_PARAMETER)
        if version not in self.pin_protocols:
            raise Refused(ERR.INVALID_PARAMETER)
        token = self._token
        if token is None or not _PinProtocol(version).verify(token.value, client_data_hash, param):
            raise Refused(ERR.PIN_AUTH_INVALID)
        if not token.permissions & permission or (token.rp_id is not None and token.rp_id != rp_id):
            raise Refused(ERR.UNAUTHORIZED_PERMISSION)
        return True

    # ----------------------------------------------------------------- makeCredential

    def _make_credential(
        self,
        params: Mapping[Any, Any],
        cancel: threading.Event,
        keepalive: Callable[[int], None],
    ) -> dict[int, Any]:
        client_data_hash, rp, user, algorithms_ = (params.get(k) for k in (1, 2, 3, 4))
        if client_data_hash is None or rp is None or user is None or algorithms_ is None:
            raise Refused(ERR.MISSING_PARAMETER)
        if (
            not isinstance(client_data_hash, bytes)
            or not isinstance(rp, Mapping)
            or not isinstance(user, Mapping)
            or not isinstance(algorithms_, list)
            or not isinstance(rp.get("id"), str)
            or not isinstance(user.get("id"), bytes)
        ):
            raise Refused(ERR.CBOR_UNEXPECTED_TYPE)
        if params.get(8) == b"":
            self._wait_for_touch(cancel, keepalive)
        rp_id = rp["id"]
        rp_id_hash = _sha256(rp_id.encode())
        if not any(
            isinstance(p, Mapping) and p.get("type") == "public-key" and p.get("alg") == ES256
            for p in algorithms_
        ):
            raise Refused(ERR.UNSUPPORTED_ALGORITHM)
        options = params.get(7) or {}
        if not isinstance(options, Mapping):
            raise Refused(ERR.CBOR_UNEXPECTED_TYPE)
        if options.get("rk") or options.get("uv"):
            raise Refused(ERR.UNSUPPORTED_OPTION)
        if options.get("up") is False:
            raise Refused(ERR.INVALID_OPTION)
        verified = self._check_pin_auth(params, 8, client_data_hash, PERM_MC, rp_id)
        if self._find(params.get(5), rp_id_hash) is not None:
            self._wait_for_touch(cancel, keepalive)
            raise Refused(ERR.CREDENTIAL_EXCLUDED)
        self._wait_for_touch(cancel, keepalive)

        private = ec.generate_private_key(ec.SECP256R1())
        credential_id = self._wrap(private, rp_id_hash)
        attested = (
            self.aaguid.bytes
            + struct.pack(">H", len(credential_id))
            + credential_id
            + cbor.encode(_cose_es256(private.public_key()))
        )
        flags = FLAG_UP | FLAG_AT | (FLAG_UV if verified else 0)
        auth_data = rp_id_hash + bytes([flags]) + struct.pack(">I", self._next_counter()) + attested
        self.credentials.append(credential_id)
        if self.attestation == "none":
            return {1: "none", 2: auth_data, 3: {}}
        signature = private.sign(auth_data + client_data_hash, ec.ECDSA(hashes.SHA256()))
        return {1: "packed", 2: auth_data, 3: {"alg": ES256, "sig": signature}}

    # ----------------------------------------------------------------- getAssertion

    def _get_assertion(
        self,
        params: Mapping[Any, Any],
        cancel: threading.Event,
        keepalive: Callable[[int], None],
    ) -> dict[int, Any]:
        rp_id, client_data_hash = params.get(1), params.get(2)
        if rp_id is None or client_data_hash is None:
            raise Refused(ERR.MISSING_PARAMETER)
        if not isinstance(rp_id, str) or not isinstance(client_data_hash, bytes):
            raise Refused(ERR.CBOR_UNEXPECTED_TYPE)
        rp_id_hash = _sha256(rp_id.encode())
        options = params.get(5) or {}
        if not isinstance(options, Mapping):
            raise Refused(ERR.CBOR_UNEXPECTED_TYPE)
        if options.get("uv") or options.get("rk") is not None:
            raise Refused(ERR.UNSUPPORTED_OPTION if options.get("uv") else ERR.INVALID_OPTION)
        presence = options.get("up", True) is not False
        verified = self._check_pin_auth(params, 6, client_data_hash, PERM_GA, rp_id)
        found = self._find(params.get(3), rp_id_hash)
        if found is None:
            if presence:  # CTAP2.1: still ask for a touch so the user sees the key answer
                self._wait_for_touch(cancel, keepalive)
            raise Refused(ERR.NO_CREDENTIALS)
        credential_id, private = found
        if presence:
            self._wait_for_touch(cancel, keepalive)
        flags = (FLAG_UP if presence else 0) | (FLAG_UV if verified else 0)
        auth_data = rp_id_hash + bytes([flags]) + struct.pack(">I", self._next_counter())
        signature = private.sign(auth_data + client_data_hash, ec.ECDSA(hashes.SHA256()))
        return {1: {"id": credential_id, "type": "public-key"}, 2: auth_data, 3: signature}

    # ----------------------------------------------------------------- clientPIN

    def _set_pin(self, pin: bytes) -> None:
        if len(pin.decode(errors="replace")) < 4 or len(pin) > 63:
            raise Refused(ERR.PIN_POLICY_VIOLATION)
        self._pin_hash = _sha256(pin)[:16]
        self._pin_retries = PIN_RETRIES
        self._pin_auth_tries = PIN_AUTH_TRIES

    def _shared_secret(self, protocol: _PinProtocol, peer: Any) -> bytes:
        if not isinstance(peer, Mapping):
            raise Refused(ERR.MISSING_PARAMETER)
        try:
            x = int.from_bytes(peer[-2], "big")
            y = int.from_bytes(peer[-3], "big")
            public = ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()
        except (KeyError, TypeError, ValueError):
            raise Refused(ERR.INVALID_PARAMETER) from None
        return protocol.kdf(self._key_agreement.exchange(ec.ECDH(), public))

    def _client_pin(self, params: Mapping[Any, Any], *_: Any) -> dict[int, Any] | None:
        version, sub = params.get(1), params.get(2)
        if sub is None or (version is None and sub != 0x01):
            raise Refused(ERR.MISSING_PARAMETER)
        if version is not None and version not in self.pin_protocols:
            raise Refused(ERR.INVALID_PARAMETER)
        protocol = _PinProtocol(version or self.pin_protocols[0])
        if sub == 0x01:
            return {3: self._pin_retries}
        if sub == 0x02:
            return {1: _cose_es256(self._key_agreement.public_key(), alg=-25)}
        if sub == 0x03:
            return self._pin_set(protocol, params)
        if sub == 0x04:
            return self._pin_change(protocol, params)
        if sub == 0x05:
            return self._pin_token(protocol, params, PERM_MC | PERM_GA, None)
        if sub == 0x09 and self.permission_tokens:
            permissions, rp_id = params.get(9), params.get(10)
            if not permissions:
                raise Refused(
                    ERR.MISSING_PARAMETER if permissions is None else ERR.INVALID_PARAMETER
                )
            if permissions & ~(PERM_MC | PERM_GA):
                raise Refused(ERR.UNAUTHORIZED_PERMISSION)
            return self._pin_token(protocol, params, permissions, rp_id)
        raise Refused(ERR.INVALID_SUBCOMMAND)

    def _new_pin(self, protocol: _PinProtocol, shared: bytes, new_pin_enc: bytes) -> bytes:
        padded = protocol.decrypt(shared, new_pin_enc)
        if len(padded) < 64:
            raise Refused(ERR.PIN_POLICY_VIOLATION)
        return padded.rstrip(b"\0")

    def _pin_set(self, protocol: _PinProtocol, params: Mapping[Any, Any]) -> None:
        peer, auth, new_pin_enc = params.get(3), params.get(4), params.get(5)
        if peer is None or auth is None or new_pin_enc is None:
            raise Refused(ERR.MISSING_PARAMETER)
        if self.has_pin:
            raise Refused(ERR.NOT_ALLOWED)
        shared = self._shared_secret(protocol, peer)
        if not protocol.verify(shared, new_pin_enc, auth):
            raise Refused(ERR.PIN_AUTH_INVALID)
        self._set_pin(self._new_pin(protocol, shared, new_pin_enc))
        return None

    def _check_pin_hash(self, protocol: _PinProtocol, shared: bytes, pin_hash_enc: Any) -> None:
        """Counts a try; a wrong PIN also changes the key-agreement key (CTAP2 §6.5.5.5)."""
        if self._pin_hash is None:
            raise Refused(ERR.PIN_NOT_SET)
        if self._pin_retries == 0:
            raise Refused(ERR.PIN_BLOCKED)
        if self._pin_auth_tries == 0:
            raise Refused(ERR.PIN_AUTH_BLOCKED)
        if not isinstance(pin_hash_enc, bytes):
            raise Refused(ERR.MISSING_PARAMETER)
        self._pin_retries -= 1
        given = protocol.decrypt(shared, pin_hash_enc)
        if not hmac.compare_digest(given, self._pin_hash):
            self._key_agreement = ec.generate_private_key(ec.SECP256R1())
            self._pin_auth_tries -= 1
            if self._pin_retries == 0:
                raise Refused(ERR.PIN_BLOCKED)
            if self._pin_auth_tries == 0:
                raise Refused(ERR.PIN_AUTH_BLOCKED)
            raise Refused(ERR.PIN_INVALID)
        self._pin_retries = PIN_RETRIES
        self._pin_auth_tries = PIN_AUTH_TRIES

    def _pin_change(self, protocol: _PinProtocol, params: Mapping[Any, Any]) -> None:
        peer, auth, new_pin_enc, pin_hash_enc = (params.get(k) for k in (3, 4, 5, 6))
        if None in (peer, auth, new_pin_enc, pin_hash_enc):
            raise Refused(ERR.MISSING_PARAMETER)
        shared = self._shared_secret(protocol, peer)
        if not protocol.verify(shared, new_pin_enc + pin_hash_enc, auth):
            raise Refused(ERR.PIN_AUTH_INVALID)
        self._check_pin_hash(protocol, shared, pin_hash_enc)
        self._set_pin(self._new_pin(protocol, shared, new_pin_enc))
        self._token = None
        return None

    def _pin_token(
        self,
        protocol: _PinProtocol,
        params: Mapping[Any, Any],
        permissions: int,
        rp_id: str | None,
    ) -> dict[int, Any]:
        peer = params.get(3)
        if peer is None or params.get(6) is None:
            raise Refused(ERR.MISSING_PARAMETER)
        shared = self._shared_secret(protocol, peer)
        self._check_pin_hash(protocol, shared, params.get(6))
        self._token = _PinToken(os.urandom(32), permissions, rp_id)
        return {2: protocol.encrypt(shared, self._token.value)}

    # ----------------------------------------------------------------- reset

    def _reset(
        self,
        params: Mapping[Any, Any],
        cancel: threading.Event,
        keepalive: Callable[[int], None],
    ) -> None:
        self._wait_for_touch(cancel, keepalive)
        self._master_key = AESGCM.generate_key(bit_length=256)
        self._pin_hash, self._token = None, None
        self._pin_retries, self._pin_auth_tries = PIN_RETRIES, PIN_AUTH_TRIES
        self.credentials.clear()
        return None
