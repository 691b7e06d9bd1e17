"""The software key's CTAPHID framing and CTAP2 answers, seen through python-fido2's real
CtapHidDevice, and one registration and one assertion cross-checked with py_webauthn."""

from __future__ import annotations

import json
import struct
import threading

import pytest
import webauthn
from fido2.client import DefaultClientDataCollector, Fido2Client, UserInteraction
from fido2.ctap import CtapError
from fido2.ctap2 import Ctap2
from fido2.ctap2.pin import ClientPin
from fido2.server import Fido2Server
from fido2.webauthn import PublicKeyCredentialRpEntity, PublicKeyCredentialUserEntity

from tests.support.softkey import AAGUID, SoftAuthenticator, SoftHidConnection, frame, soft_device
from tests.support.softkey.ctaphid import ERROR, INIT, PING, REPORT

RP = PublicKeyCredentialRpEntity(id="iamdesk.local", name="IAM Desk")
ORIGIN = "https://iamdesk.local"


class _Pin(UserInteraction):
    def __init__(self, pin: str | None = None) -> None:
        self.pin = pin

    def request_pin(self, permissions: object, rp_id: str | None) -> str | None:
        return self.pin


def _client(key: SoftAuthenticator, pin: str | None = None) -> Fido2Client:
    return Fido2Client(
        soft_device(key), DefaultClientDataCollector(ORIGIN), user_interaction=_Pin(pin)
    )


def test_long_messages_are_split_into_numbered_reports_and_reassembled() -> None:
    payload = bytes(range(256)) * 2
    packets = frame(0x01020304, PING, payload)
    assert all(len(p) == REPORT for p in packets)
    assert len(packets) == 1 + -(-(len(payload) - (REPORT - 7)) // (REPORT - 5))
    assert [p[4] for p in packets[1:]] == list(range(len(packets) - 1))
    key = SoftAuthenticator()
    device = soft_device(key)
    connection: SoftHidConnection = device._connection  # type: ignore[assignment]
    before = connection.packets_in
    assert device.call(PING, payload) == payload
    assert connection.packets_in - before == len(packets)


def test_init_echoes_the_nonce_and_hands_out_a_channel() -> None:
    connection = SoftHidConnection(SoftAuthenticator())
    nonce = b"12345678"
    for packet in frame(0xFFFFFFFF, INIT, nonce):
        connection.write_packet(packet)
    answer = connection.read_packet()
    channel, command, length = struct.unpack_from(">IBH", answer)
    assert (channel, command & 0x7F, length) == (0xFFFFFFFF, INIT, 17)
    assert answer[7:15] == nonce
    new_channel = struct.unpack_from(">I", answer, 15)[0]
    assert new_channel not in (0, 0xFFFFFFFF)
    bad = bytearray(frame(new_channel, PING, b"x" * 100)[1])  # a continuation out of order
    connection.write_packet(frame(new_channel, PING, b"x" * 100)[0])
    bad[4] = 5
    connection.write_packet(bytes(bad))
    error = connection.read_packet()
    assert error[4] & 0x7F == ERROR and error[7] == 0x04  # ERR_INVALID_SEQ


def test_get_info_and_a_pin_token_through_client_pin() -> None:
    key = SoftAuthenticator(pin="2468")
    ctap = Ctap2(soft_device(key))
    assert ctap.info.aaguid == AAGUID and ctap.info.options["clientPin"] is True
    client_pin = ClientPin(ctap)
    assert client_pin.get_pin_retries()[0] == 8
    with pytest.raises(CtapError) as caught:
        client_pin.get_pin_token("1111")
    assert caught.value.code == CtapError.ERR.PIN_INVALID
    assert client_pin.get_pin_retries()[0] == 7
    assert len(client_pin.get_pin_token("2468")) == 32
    assert client_pin.get_pin_retries()[0] == 8


def test_keepalive_while_waiting_and_cancel() -> None:
    key = SoftAuthenticator(touch="manual")
    options, _ = Fido2Server(RP).register_begin(
        PublicKeyCredentialUserEntity(name="a", id=b"a" * 8), user_verification="discouraged"
    )
    client = _client(key)
    connection: SoftHidConnection = client._backend.ctap2.device._connection  # type: ignore[attr-defined]
    cancel = threading.Event()
    outcome: list[BaseException] = []

    def enrol() -> None:
        try:
            client.make_credential(options.public_key, event=cancel)
        except Exception as exc:  # expected: cancelled
            outcome.append(exc)

    worker = threading.Thread(target=enrol)
    worker.start()
    for _ in range(100):  # the key keeps saying "touch me" while it waits
        if connection.keepalives >= 3:
            break
        threading.Event().wait(0.05)
    cancel.set()  # the operator presses Cancel
    worker.join(10)
    assert not worker.is_alive() and connection.keepalives >= 3
    cause = getattr(outcome[0], "cause", outcome[0])
    assert getattr(cause, "code", None) == CtapError.ERR.KEEPALIVE_CANCEL
    assert key.issued == []


def test_registration_and_assertion_agree_with_py_webauthn() -> None:
    key = SoftAuthenticator(pin="2468")
    server = Fido2Server(RP)
    user = PublicKeyCredentialUserEntity(name="alice", id=b"user-0001")
    options, state = server.register_begin(user, user_verification="preferred")
    registration = _client(key, "2468").make_credential(options.public_key)
    auth_data = server.register_complete(state, registration)
    checked = webauthn.verify_registration_response(
        credential=json.dumps(dict(registration)),
        expected_challenge=options.public_key.challenge,
        expected_rp_id=RP.id,
        expected_origin=ORIGIN,
        require_user_verification=True,
    )
    assert checked.credential_id == auth_data.credential_data.credential_id
    assert checked.aaguid == str(auth_data.credential_data.aaguid)
    assert checked.sign_count == auth_data.counter == 1

    credentials = [auth_data.credential_data]
    request, request_state = server.authenticate_begin(credentials, user_verification="preferred")
    assertion = _client(key, "2468").get_assertion(request.public_key).get_response(0)
    server.authenticate_complete(request_state, credentials, assertion)
    verified = webauthn.verify_authentication_response(
        credential=json.dumps(dict(assertion)),
        expected_challenge=request.public_key.challenge,
        expected_rp_id=RP.id,
        expected_origin=ORIGIN,
        credential_public_key=checked.credential_public_key,
        credential_current_sign_count=1,
        require_user_verification=True,
    )
    assert verified.new_sign_count == key.counter > 1
    assert verified.credential_id == auth_data.credential_data.credential_id
