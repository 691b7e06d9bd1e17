"""A software CTAP2.0 authenticator for tests: getInfo, makeCredential, getAssertion and
clientPIN (PIN/UV auth protocols one and two, optionally with permission tokens), ES256 only,
and a touch that comes by itself, by hand (``touch()``), or never (the request times out).

Credentials are not resident: the private key travels inside the credential id, sealed with
AES-GCM under the key's master key and bound to the relying party's id hash. The CTAPHID side
(channels, busy, cancel) is in ``ctaphid``; this module only answers CBOR requests.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import threading
import time
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

log = logging.getLogger(__name__)

ERR = CtapError.ERR
AAGUID = bytes.fromhex("1a2b3c4d5e6f40718293a4b5c6d7e8f9")  # the model's (shared by all keys)
TOUCH_MODES = ("auto", "manual", "never")
ES256 = -7
PIN_RETRIES = 8
PIN_AUTH_TRIES = 3  # consecutive wrong PINs before the key must be replugged
KEEPALIVE_EVERY = 0.1  # seconds between UPNEEDED keepalives, as real keys do
MAX_MSG_SIZE = 1200  # the CTAP2 request size announced in getInfo
MAX_CREDS_IN_LIST, MAX_CRED_ID_LENGTH = 8, 128
CREDENTIAL_VERSION = b"\x01"
CREDENTIAL_ID_LENGTH = 1 + 12 + 32 + 16  # version, nonce, sealed scalar, tag

FLAG_UP, FLAG_UV, FLAG_AT = 0x01, 0x04, 0x40
PERM_MC, PERM_GA = 0x01, 0x02


class Refused(Exception):
    """A CTAP2 status other than success, answered as the response's status byte."""

    def __init__(self, code: int) -> None:
        super().__init__(f"CTAP2 status 0x{code:02x}")
        self.code = code


@dataclass
class _PinToken:
    value: bytes
    permissions: int
    rp_id: str | None


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _cose_p256(key: ec.EllipticCurvePublicKey, alg: int = ES256) -> dict[int, Any]:
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
        key, iv = (shared, b"\0" * 16) if self.version == 1 else (shared[32:], os.urandom(16))
        encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
        body = encryptor.update(data) + encryptor.finalize()
        return body if self.version == 1 else iv + body

    def verify(self, key: bytes, message: bytes, param: bytes) -> bool:
        mac = hmac.new(key if self.version == 1 else key[:32], message, "sha256").digest()
        return hmac.compare_digest(mac[:16] if self.version == 1 else mac, param)


class SoftAuthenticator:
    """A CTAP2.0 security key living in this process, for tests only.

    Args:
        pin: the key's PIN, or None for a key that has none yet (setPIN can add one).
        touch: "auto" (touched ``touch_delay`` seconds after it asks), "manual" (waits for
            ``touch()``) or "never" (nobody touches: USER_ACTION_TIMEOUT).
        touch_delay: seconds an "auto" key takes to be touched.
        touch_timeout: seconds any request waits for a touch before USER_ACTION_TIMEOUT.
        attestation: "packed" (self attestation) or "none".
        pin_protocols: PIN/UV auth protocols offered in getInfo, preferred first.
        permission_tokens: offer getPinUvAuthTokenUsingPinWithPermissions ("pinUvAuthToken").

    ``issued`` lists the credential ids made, ``touch_waits`` counts requests that asked for
    a touch, ``keepalives`` the UPNEEDED keepalives sent, ``last_status`` is the CTAP2 status
    of the latest answer.
    """

    def __init__(
        self,
        pin: str | None = None,
        *,
        touch: str = "auto",
        touch_delay: float = 0.15,
        touch_timeout: float = 10.0,
        attestation: str = "packed",
        pin_protocols: tuple[int, ...] = (1,),
        permission_tokens: bool = False,
    ) -> None:
        if touch not in TOUCH_MODES:
            raise ValueError(f"touch must be one of {TOUCH_MODES}, not {touch!r}")
        if attestation not in ("packed", "none"):
            raise ValueError(f"attestation must be 'packed' or 'none', not {attestation!r}")
        if not pin_protocols or not set(pin_protocols) <= {1, 2}:
            raise ValueError("pin_protocols must name protocols 1 and/or 2")
        self.touch_mode = touch
        self.touch_delay = touch_delay
        self.touch_timeout = touch_timeout
        self.attestation = attestation
        self.pin_protocols = tuple(pin_protocols)
        self.permission_tokens = permission_tokens
        self.issued: list[bytes] = []
        self.touch_waits = 0
        self.keepalives = 0
        self.winks = 0
        self.last_status: int | None = None
        self._lock = threading.RLock()  # one CBOR request at a time
        self._state = threading.Lock()  # channels and the running request
        self._touched = threading.Event()
        self._keepalive_sent = threading.Condition()
        self._channels: set[int] = set()
        self._running: tuple[int, threading.Event] | None = None
        self._master = AESGCM.generate_key(bit_length=256)
        self._counter = 0
        self._pin_hash: bytes | None = None
        self._pin_retries = PIN_RETRIES
        self._pin_auth_tries = PIN_AUTH_TRIES
        self._agreement = ec.generate_private_key(ec.SECP256R1())
        self._token: _PinToken | None = None
        if pin is not None:
            self._set_pin(pin.encode())

    # ----------------------------------------------------------------- what a test does

    def touch(self) -> None:
        """The user touches the key (answers a request waiting in "manual" mode)."""
        self._touched.set()

    def rewind_counter(self, value: int) -> None:
        """Set the signature counter back to ``value``, as a cloned key's would be."""
        with self._lock:
            if not 0 <= value <= self._counter:
                raise ValueError(f"the counter is {self._counter}: cannot rewind to {value}")
            self._counter = value

    def replug(self) -> None:
        """Unplug the key and plug it back in: channels, PIN token and the consecutive
        wrong-PIN count start over (credentials, PIN and retries stay)."""
        with self._lock, self._state:
            self._channels.clear()
            self._token = None
            self._pin_auth_tries = PIN_AUTH_TRIES
            self._agreement = ec.generate_private_key(ec.SECP256R1())

    def wait_for_keepalives(self, count: int, timeout: float) -> bool:
        """Block until ``count`` UPNEEDED keepalives were sent in all; False on timeout."""
        with self._keepalive_sent:
            return self._keepalive_sent.wait_for(lambda: self.keepalives >= count, timeout)

    @property
    def counter(self) -> int:
        return self._counter

    @property
    def pin_retries(self) -> int:
        return self._pin_retries

    @property
    def has_pin(self) -> bool:
        return self._pin_hash is not None

    # ----------------------------------------------------------------- for the CTAPHID side

    def open_channel(self) -> int:
        with self._state:
            while True:
                channel = int.from_bytes(os.urandom(4), "big")
                if channel not in (0, 0xFFFFFFFF) and channel not in self._channels:
                    self._channels.add(channel)
                    return channel

    def has_channel(self, channel: int) -> bool:
        with self._state:
            return channel in self._channels

    @property
    def busy(self) -> bool:
        with self._state:
            return self._running is not None

    def begin(self, channel: int) -> threading.Event | None:
        """Claim the key for one CBOR request on ``channel``: its cancel event, or None while
        another request runs (the key is busy)."""
        with self._state:
            if self._running is not None:
                return None
            self._running = (channel, threading.Event())
            return self._running[1]

    def end(self) -> None:
        with self._state:
            self._running = None

    def cancel(self, channel: int) -> None:
        """CTAPHID_CANCEL (or INIT resync) on ``channel``: abort its request, if it runs one."""
        with self._state:
            if self._running is not None and self._running[0] == channel:
                self._running[1].set()

    # ----------------------------------------------------------------- CTAP2 dispatch

    def process(
        self, request: bytes, *, cancel: threading.Event, keepalive: Callable[[int], None]
    ) -> bytes:
        """Answer one CTAPHID_CBOR message: a status byte, then the CBOR response."""
        try:
            if not request:
                raise Refused(ERR.INVALID_LENGTH)
            if len(request) > MAX_MSG_SIZE:
                raise Refused(ERR.REQUEST_TOO_LARGE)
            command, body = request[0], request[1:]
            params: Mapping[Any, Any] = {}
            if body:
                try:
                    params = cbor.decode(body)
                except Exception:  # malformed CBOR
                    raise Refused(ERR.INVALID_CBOR) from None
                if not isinstance(params, Mapping):
                    raise Refused(ERR.CBOR_UNEXPECTED_TYPE)
            handlers: dict[int, Callable[..., dict[int, Any] | None]] = {
                0x01: self._make_credential,
                0x02: self._get_assertion,
                0x04: self._get_info,
                0x06: self._client_pin,
            }
            handler = handlers.get(command)
            if handler is None:  # getNextAssertion has nothing to follow; the rest is unknown
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
        options = {"rk": False, "up": True, "plat": False, "clientPin": self.has_pin}
        if self.permission_tokens:
            options["pinUvAuthToken"] = True
        return {
            1: ["FIDO_2_0"],
            3: AAGUID,
            4: options,
            5: MAX_MSG_SIZE,
            6: list(self.pin_protocols),
            7: MAX_CREDS_IN_LIST,
            8: MAX_CRED_ID_LENGTH,
        }

    # ----------------------------------------------------------------- user presence

    def _wait_for_touch(self, cancel: threading.Event, keepalive: Callable[[int], None]) -> None:
        """Block until touched, sending UPNEEDED every 100 ms; a cancel or the timeout
        refuses. A touch before the key asked does not count."""
        self.touch_waits += 1
        self._touched.clear()
        started = time.monotonic()
        while True:
            if cancel.is_set():
                raise Refused(ERR.KEEPALIVE_CANCEL)
            keepalive(STATUS.UPNEEDED)
            with self._keepalive_sent:
                self.keepalives += 1
                self._keepalive_sent.notify_all()
            waited = time.monotonic() - started
            if self.touch_mode == "auto" and waited >= self.touch_delay:
                return
            if waited >= self.touch_timeout:
                raise Refused(ERR.USER_ACTION_TIMEOUT)
            if self.touch_mode == "manual":
                if self._touched.wait(KEEPALIVE_EVERY):
                    self._touched.clear()
                    if cancel.is_set():
                        raise Refused(ERR.KEEPALIVE_CANCEL)
                    return
            else:
                left = self.touch_delay - waited if self.touch_mode == "auto" else KEEPALIVE_EVERY
                cancel.wait(min(KEEPALIVE_EVERY, left))

    # ----------------------------------------------------------------- credentials

    def _seal(self, private: ec.EllipticCurvePrivateKey, rp_id_hash: bytes) -> bytes:
        scalar = private.private_numbers().private_value.to_bytes(32, "big")
        nonce = os.urandom(12)
        sealed = AESGCM(self._master).encrypt(nonce, scalar, CREDENTIAL_VERSION + rp_id_hash)
        return CREDENTIAL_VERSION + nonce + sealed

    def _unseal(self, credential_id: bytes, rp_id_hash: bytes) -> ec.EllipticCurvePrivateKey | None:
        """The credential's private key when the id is ours and for this RP, else None."""
        if len(credential_id) != CREDENTIAL_ID_LENGTH or credential_id[:1] != CREDENTIAL_VERSION:
            return None
        try:
            scalar = AESGCM(self._master).decrypt(
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
            key = self._unseal(descriptor["id"], rp_id_hash)
            if key is not None:
                return descriptor["id"], key
        return None

    def _signed(
        self,
        private: ec.EllipticCurvePrivateKey,
        rp_id_hash: bytes,
        flags: int,
        client_data_hash: bytes,
        attested: bytes = b"",
    ) -> tuple[bytes, bytes]:
        """Authenticator data with the next counter value, and its ES256 signature."""
        self._counter += 1
        auth_data = rp_id_hash + bytes([flags]) + self._counter.to_bytes(4, "big") + attested
        return auth_data, private.sign(auth_data + client_data_hash, ec.ECDSA(hashes.SHA256()))

    # ----------------------------------------------------------------- PIN checks

    def _check_pin_auth(
        self,
        params: Mapping[Any, Any],
        at: int,
        client_data_hash: bytes,
        permission: int,
        rp_id: str,
    ) -> bool:
        """True when a valid pinUvAuthParam came (the UV flag); raises when it is wrong."""
        param = params.get(at)
        if param is None:
            return False
        if not isinstance(param, bytes):
            raise Refused(ERR.CBOR_UNEXPECTED_TYPE)
        version = params.get(at + 1)
        if version is None:
            raise Refused(ERR.MISSING_PARAMETER)
        if version not in self.pin_protocols:
            raise Refused(ERR.INVALID_PARAMETER)
        token = self._token
        if token is None or not _PinProtocol(version).verify(token.value, client_data_hash, param):
            raise Refused(ERR.PIN_AUTH_INVALID)
        if not token.permissions & permission or token.rp_id not in (None, rp_id):
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
        if params.get(8) == b"":  # CTAP2.0 selection: a touch, then "which PIN state?"
            self._wait_for_touch(cancel, keepalive)
            raise Refused(ERR.PIN_INVALID if self.has_pin else ERR.PIN_NOT_SET)
        rp_id_hash = _sha256(rp["id"].encode())
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
        verified = self._check_pin_auth(params, 8, client_data_hash, PERM_MC, rp["id"])
        if self.has_pin and not verified:  # CTAP2.0: a key with a PIN makes nothing without
            raise Refused(ERR.PUAT_REQUIRED)
        if self._find(params.get(5), rp_id_hash) is not None:
            self._wait_for_touch(cancel, keepalive)  # the user confirms before learning it
            raise Refused(ERR.CREDENTIAL_EXCLUDED)
        self._wait_for_touch(cancel, keepalive)

        private = ec.generate_private_key(ec.SECP256R1())
        credential_id = self._seal(private, rp_id_hash)
        attested = (
            AAGUID
            + len(credential_id).to_bytes(2, "big")
            + credential_id
            + cbor.encode(_cose_p256(private.public_key()))
        )
        flags = FLAG_UP | FLAG_AT | (FLAG_UV if verified else 0)
        auth_data, signature = self._signed(private, rp_id_hash, flags, client_data_hash, attested)
        self.issued.append(credential_id)
        if self.attestation == "none":
            return {1: "none", 2: auth_data, 3: {}}
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
        if options.get("uv"):
            raise Refused(ERR.UNSUPPORTED_OPTION)
        if options.get("rk") is not None:
            raise Refused(ERR.INVALID_OPTION)
        presence = options.get("up", True) is not False  # up=False: a silent pre-flight
        verified = self._check_pin_auth(params, 6, client_data_hash, PERM_GA, rp_id)
        found = self._find(params.get(3), rp_id_hash)
        if found is None:
            if presence:  # as CTAP2.1 keys do: the user still sees the key answer
                self._wait_for_touch(cancel, keepalive)
            raise Refused(ERR.NO_CREDENTIALS)
        credential_id, private = found
        if presence:
            self._wait_for_touch(cancel, keepalive)
        flags = (FLAG_UP if presence else 0) | (FLAG_UV if verified else 0)
        auth_data, signature = self._signed(private, rp_id_hash, flags, client_data_hash)
        return {1: {"id": credential_id, "type": "public-key"}, 2: auth_data, 3: signature}

    # ----------------------------------------------------------------- clientPIN

    def _client_pin(self, params: Mapping[Any, Any], *_: Any) -> dict[int, Any] | None:
        version, sub = params.get(1), params.get(2)
        if sub is None or (version is None and sub != 0x01):
            raise Refused(ERR.MISSING_PARAMETER)
        if version is not None and version not in self.pin_protocols:
            raise Refused(ERR.INVALID_PARAMETER)
        protocol = _PinProtocol(version or self.pin_protocols[0])
        if sub == 0x01:  # getPinRetries
            return {3: self._pin_retries}
        if sub == 0x02:  # getKeyAgreement
            return {1: _cose_p256(self._agreement.public_key(), alg=-25)}
        if sub == 0x03:
            return self._pin_set(protocol, params)
        if sub == 0x04:
            return self._pin_change(protocol, params)
        if sub == 0x05:  # getPinToken: every permission, any RP
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
            x, y = int.from_bytes(peer[-2], "big"), int.from_bytes(peer[-3], "big")
            public = ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()
        except (KeyError, TypeError, ValueError):
            raise Refused(ERR.INVALID_PARAMETER) from None
        return protocol.kdf(self._agreement.exchange(ec.ECDH(), public))

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

    def _check_pin_hash(self, protocol: _PinProtocol, shared: bytes, pin_hash_enc: Any) -> None:
        """Counts a try; a wrong PIN also changes the key-agreement key (CTAP2 §5.5.5)."""
        if self._pin_hash is None:
            raise Refused(ERR.PIN_NOT_SET)
        if self._pin_retries == 0:
            raise Refused(ERR.PIN_BLOCKED)
        if self._pin_auth_tries == 0:
            raise Refused(ERR.PIN_AUTH_BLOCKED)
        if not isinstance(pin_hash_enc, bytes):
            raise Refused(ERR.MISSING_PARAMETER)
        self._pin_retries -= 1
        if not hmac.compare_digest(protocol.decrypt(shared, pin_hash_enc), self._pin_hash):
            self._agreement = ec.generate_private_key(ec.SECP256R1())
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
