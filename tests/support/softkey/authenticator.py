"""A software CTAP2 authenticator: getInfo, makeCredential, getAssertion and clientPIN
(protocol one), with a touch that can be automatic, manual or never. Tests only.

Credentials are not resident: the private key travels inside the credential id, sealed with
AES-GCM under the authenticator's master key and bound to the relying party's id hash.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from fido2 import cbor
from fido2.cose import ES256

AAGUID = bytes.fromhex("1a2b3c4d5e6f40718293a4b5c6d7e8f9")
PIN_RETRIES = 8

# CTAP2 status codes used here.
OK = 0x00
INVALID_COMMAND = 0x01
INVALID_CBOR = 0x12
MISSING_PARAMETER = 0x14
CREDENTIAL_EXCLUDED = 0x19
UNSUPPORTED_ALGORITHM = 0x26
KEEPALIVE_CANCEL = 0x2D
NO_CREDENTIALS = 0x2E
USER_ACTION_TIMEOUT = 0x2F
PIN_INVALID = 0x31
PIN_BLOCKED = 0x32
PIN_AUTH_INVALID = 0x33
PIN_NOT_SET = 0x35
PIN_REQUIRED = 0x36

FLAG_UP, FLAG_UV, FLAG_AT = 0x01, 0x04, 0x40
NEVER_TOUCH_TIMEOUT = 3.0  # seconds before a "never" key gives up waiting


class CtapFailure(Exception):
    """A CTAP2 error status to answer with."""

    def __init__(self, status: int) -> None:
        super().__init__(f"CTAP2 status 0x{status:02x}")
        self.status = status


class SoftAuthenticator:
    """Args:
    pin: the key's PIN (None: the key supports a PIN but has none set).
    touch: "auto" (touched after ``touch_delay``), "manual" (waits for ``touch()``), "never".
    """

    def __init__(
        self, pin: str | None = None, *, touch: str = "auto", touch_delay: float = 0.15
    ) -> None:
        if touch not in ("auto", "manual", "never"):
            raise ValueError(f"unknown touch mode {touch!r}")
        self.touch_mode = touch
        self.touch_delay = touch_delay
        self.counter = 0
        self.pin_retries = PIN_RETRIES
        self.issued: list[bytes] = []
        self.touch_waits = 0  # how many times it waited for a touch
        self._pin_hash = hashlib.sha256(pin.encode()).digest()[:16] if pin else None
        self._master = AESGCM.generate_key(bit_length=256)
        self._agreement = ec.generate_private_key(ec.SECP256R1())
        self._pin_token = os.urandom(32)
        self._touched = threading.Event()

    # --- what a test does with the key -----------------------------------------------------

    def touch(self) -> None:
        """The user touches the key (manual mode)."""
        self._touched.set()

    def rewind_counter(self, value: int) -> None:
        """Make the signature counter go back, as a cloned key's would."""
        self.counter = value

    @property
    def has_pin(self) -> bool:
        return self._pin_hash is not None

    # --- CTAP2 -------------------------------------------------------------------------------

    def handle(self, request: bytes, wait_for_touch: Callable[[], None]) -> bytes:
        """Answer one CTAP2 CBOR request (command byte + CBOR map) with status + CBOR."""
        if not request:
            return bytes([INVALID_COMMAND])
        command, body = request[0], request[1:]
        try:
            params = cbor.decode(body) if body else {}
        except Exception:  # a malformed request
            return bytes([INVALID_CBOR])
        handlers = {
            0x01: self._make_credential,
            0x02: self._get_assertion,
            0x04: self._get_info,
            0x06: self._client_pin,
        }
        handler = handlers.get(command)
        if handler is None:
            return bytes([INVALID_COMMAND])
        try:
            result = handler(params, wait_for_touch)
        except CtapFailure as failure:
            return bytes([failure.status])
        return bytes([OK]) + (cbor.encode(result) if result is not None else b"")

    def wait_for_touch(self, keepalive: Callable[[], bool]) -> None:
        """Block until touched. ``keepalive`` sends one KEEPALIVE and returns False once the
        host has cancelled."""
        self.touch_waits += 1
        waited = 0.0
        while True:
            if not keepalive():
                raise CtapFailure(KEEPALIVE_CANCEL)
            if self.touch_mode == "auto" and waited >= self.touch_delay:
                return
            if self.touch_mode == "manual" and self._touched.is_set():
                self._touched.clear()
                return
            if self.touch_mode == "never" and waited >= NEVER_TOUCH_TIMEOUT:
                raise CtapFailure(USER_ACTION_TIMEOUT)
            threading.Event().wait(0.05)
            waited += 0.05

    def _get_info(self, params: dict[int, Any], _wait: Callable[[], None]) -> dict[int, Any]:
        return {
            0x01: ["FIDO_2_0"],
            0x02: [],
            0x03: AAGUID,
            0x04: {"rk": False, "up": True, "plat": False, "clientPin": self.has_pin},
            0x05: 1200,
            0x06: [1],
        }

    def _make_credential(self, params: dict[int, Any], wait: Callable[[], None]) -> dict[int, Any]:
        client_data_hash, rp, algorithms_ = params.get(1), params.get(2), params.get(4)
        if client_data_hash is None or rp is None or params.get(3) is None or not algorithms_:
            raise CtapFailure(MISSING_PARAMETER)
        if not any(p.get("alg") == ES256.ALGORITHM for p in algorithms_):
            raise CtapFailure(UNSUPPORTED_ALGORITHM)
        rp_hash = hashlib.sha256(rp["id"].encode()).digest()
        verified = self._check_pin_auth(params.get(8), params.get(9), client_data_hash)
        for excluded in params.get(5) or []:
            if self._unseal(excluded["id"], rp_hash) is not None:
                wait()  # CTAP2: the user confirms before learning it is excluded
                raise CtapFailure(CREDENTIAL_EXCLUDED)
        wait()
        private = ec.generate_private_key(ec.SECP256R1())
        credential_id = self._seal(private, rp_hash)
        self.issued.append(credential_id)
        self.counter += 1
        cose_key = cbor.encode(dict(ES256.from_cryptography_key(private.public_key())))
        attested = AAGUID + len(credential_id).to_bytes(2, "big") + credential_id + cose_key
        flags = FLAG_UP | FLAG_AT | (FLAG_UV if verified else 0)
        auth_data = rp_hash + bytes([flags]) + self.counter.to_bytes(4, "big") + attested
        signature = private.sign(auth_data + client_data_hash, ec.ECDSA(hashes.SHA256()))
        return {1: "packed", 2: auth_data, 3: {"alg": ES256.ALGORITHM, "sig": signature}}

    def _get_assertion(self, params: dict[int, Any], wait: Callable[[], None]) -> dict[int, Any]:
        rp_id, client_data_hash = params.get(1), params.get(2)
        if rp_id is None or client_data_hash is None:
            raise CtapFailure(MISSING_PARAMETER)
        rp_hash = hashlib.sha256(rp_id.encode()).digest()
        verified = self._check_pin_auth(params.get(6), params.get(7), client_data_hash)
        for allowed in params.get(3) or []:
            private = self._unseal(allowed["id"], rp_hash)
            if private is not None:
                break
        else:
            raise CtapFailure(NO_CREDENTIALS)
        presence = (params.get(5) or {}).get("up", True)  # up=False: a silent pre-flight
        if presence:
            wait()
        self.counter += 1
        flags = (FLAG_UP if presence else 0) | (FLAG_UV if verified else 0)
        auth_data = rp_hash + bytes([flags]) + self.counter.to_bytes(4, "big")
        signature = private.sign(auth_data + client_data_hash, ec.ECDSA(hashes.SHA256()))
        return {1: {"type": "public-key", "id": allowed["id"]}, 2: auth_data, 3: signature}

    # --- clientPIN, protocol one ------------------------------------------------------------

    def _client_pin(self, params: dict[int, Any], _wait: Callable[[], None]) -> dict[int, Any]:
        sub = params.get(2)
        if params.get(1) != 1:
            raise CtapFailure(MISSING_PARAMETER)
        if sub == 0x01:  # getPinRetries
            return {3: self.pin_retries}
        if sub == 0x02:  # getKeyAgreement
            numbers = self._agreement.public_key().public_numbers()
            return {1: {1: 2, 3: -25, -1: 1, -2: numbers.x.to_bytes(32, "big"),
                        -3: numbers.y.to_bytes(32, "big")}}  # fmt: skip
        if sub == 0x05:  # getPinToken
            return self._pin_token_for(params)
        raise CtapFailure(INVALID_COMMAND)

    def _pin_token_for(self, params: dict[int, Any]) -> dict[int, Any]:
        if self._pin_hash is None:
            raise CtapFailure(PIN_NOT_SET)
        if self.pin_retries <= 0:
            raise CtapFailure(PIN_BLOCKED)
        peer, encrypted = params.get(3), params.get(6)
        if peer is None or encrypted is None:
            raise CtapFailure(MISSING_PARAMETER)
        shared = self._shared_secret(peer)
        if not hmac.compare_digest(_aes_cbc(shared, encrypted, decrypt=True), self._pin_hash):
            self.pin_retries -= 1
            self._agreement = ec.generate_private_key(ec.SECP256R1())  # as the spec asks
            raise CtapFailure(PIN_BLOCKED if self.pin_retries <= 0 else PIN_INVALID)
        self.pin_retries = PIN_RETRIES
        return {2: _aes_cbc(shared, self._pin_token, decrypt=False)}

    def _check_pin_auth(self, pin_auth: bytes | None, protocol: int | None, data: bytes) -> bool:
        if pin_auth is None:
            if self.has_pin:
                raise CtapFailure(PIN_REQUIRED)
            return False
        if protocol != 1:
            raise CtapFailure(MISSING_PARAMETER)
        expected = hmac.new(self._pin_token, data, hashlib.sha256).digest()[:16]
        if not hmac.compare_digest(expected, pin_auth):
            raise CtapFailure(PIN_AUTH_INVALID)
        return True

    def _shared_secret(self, peer: dict[int, Any]) -> bytes:
        public = ec.EllipticCurvePublicNumbers(
            int.from_bytes(peer[-2], "big"), int.from_bytes(peer[-3], "big"), ec.SECP256R1()
        ).public_key()
        return hashlib.sha256(self._agreement.exchange(ec.ECDH(), public)).digest()

    # --- credential ids ----------------------------------------------------------------------

    def _seal(self, private: ec.EllipticCurvePrivateKey, rp_hash: bytes) -> bytes:
        raw = private.private_numbers().private_value.to_bytes(32, "big")
        nonce = os.urandom(12)
        return nonce + AESGCM(self._master).encrypt(nonce, raw, rp_hash)

    def _unseal(self, credential_id: bytes, rp_hash: bytes) -> ec.EllipticCurvePrivateKey | None:
        try:
            raw = AESGCM(self._master).decrypt(credential_id[:12], credential_id[12:], rp_hash)
        except Exception:  # not one of ours, or for another relying party
            return None
        return ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())


def _aes_cbc(key: bytes, data: bytes, *, decrypt: bool) -> bytes:
    """PIN protocol one: AES-256-CBC with a zero IV."""
    cipher = Cipher(algorithms.AES(key), modes.CBC(b"\0" * 16))
    worker = cipher.decryptor() if decrypt else cipher.encryptor()
    return worker.update(data) + worker.finalize()
