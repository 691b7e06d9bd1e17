"""The software key as python-fido2's real CtapHidDevice sees it: CTAPHID framing and its
errors, getInfo, makeCredential, getAssertion, client PIN, touch, keepalive, cancel and busy;
and one registration and one assertion cross-checked with py_webauthn."""

from __future__ import annotations

import json
import os
import struct
import threading
from collections.abc import Callable
from typing import Any

import pytest
import webauthn
from fido2 import cbor
from fido2.client import DefaultClientDataCollector, Fido2Client, UserInteraction
from fido2.cose import CoseKey
from fido2.ctap import STATUS, CtapError
from fido2.ctap2 import Ctap2
from fido2.ctap2.pin import ClientPin, PinProtocolV1, PinProtocolV2
from fido2.hid import CTAPHID, CtapHidDevice
from fido2.hid.base import parse_report_descriptor
from fido2.server import Fido2Server
from fido2.webauthn import PublicKeyCredentialRpEntity, PublicKeyCredentialUserEntity
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.softkey import (
    AAGUID,
    SoftAuthenticator,
    SoftHidConnection,
    frame,
    hid_descriptor,
    soft_device,
)
from tests.support.softkey.ctaphid import (
    BROADCAST,
    CONT_DATA,
    INIT_DATA,
    MAX_MESSAGE,
    REPORT,
    REPORT_DESCRIPTOR,
)

ERR = CtapError.ERR
RP = {"id": "iamdesk.local", "name": "IAM Desk"}
USER = {"id": b"user-1", "name": "alice", "displayName": "Alice"}
ES256 = [{"type": "public-key", "alg": -7}]
CLIENT_DATA_HASH = bytes(range(32))
ORIGIN = "https://iamdesk.local"
WAIT = 5.0  # the longest any test waits for the key (seconds)


def _init(connection: SoftHidConnection, channel: int = BROADCAST) -> tuple[bytes, int]:
    """CTAPHID_INIT by hand: the answer and the channel it hands out."""
    nonce = os.urandom(8)
    for packet in frame(channel, CTAPHID.INIT, nonce):
        connection.write_packet(packet)
    answer = connection.read_packet()
    assert answer[7:15] == nonce
    return answer, struct.unpack_from(">I", answer, 15)[0]


def _packet(channel: int, command: int, length: int, data: bytes = b"") -> bytes:
    """An init packet whose declared length need not match its data."""
    return (struct.pack(">IBH", channel, 0x80 | command, length) + data).ljust(REPORT, b"\0")


def _continuation(channel: int, seq: int, data: bytes) -> bytes:
    return (struct.pack(">IB", channel, seq) + data).ljust(REPORT, b"\0")


def _error_code(connection: SoftHidConnection, channel: int) -> int:
    packet = connection.read_packet()
    assert struct.unpack_from(">IBH", packet) == (channel, 0x80 | CTAPHID.ERROR, 1)
    return packet[7]


def _in_thread(target: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    """Run ``target`` on a worker; the dict gets its "result" or "error"."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = target()
        except Exception as exc:  # handed to the test thread
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    return worker, outcome


def _make(ctap: Ctap2, **kwargs: Any) -> Any:
    return ctap.make_credential(CLIENT_DATA_HASH, RP, USER, ES256, **kwargs)


def _refused(call: Callable[..., Any], *args: Any, **kwargs: Any) -> int:
    """The CTAP2 status ``call(*args, **kwargs)`` was refused with."""
    with pytest.raises(CtapError) as caught:
        call(*args, **kwargs)
    return caught.value.code


@pytest.fixture
def key() -> SoftAuthenticator:
    return SoftAuthenticator()


# --- CTAPHID framing ---------------------------------------------------------------------------


def test_descriptor_is_a_fido_hid_descriptor(key: SoftAuthenticator) -> None:
    assert parse_report_descriptor(REPORT_DESCRIPTOR) == (REPORT, REPORT)
    device = soft_device(key, serial=3)
    assert isinstance(device, CtapHidDevice) and device.descriptor.path == "soft-key-3"
    assert device.descriptor.report_size_out == REPORT
    assert (device.product_name, device.serial_number) == ("IAM Desk Soft Key", "3")
    assert device.version == 2 and device.capabilities & 0x04  # CBOR
    device.wink()
    assert key.winks == 1


def test_init_echoes_the_nonce_and_hands_out_distinct_channels(key: SoftAuthenticator) -> None:
    connection = SoftHidConnection(key)
    answer, channel = _init(connection)
    assert struct.unpack_from(">IBH", answer) == (BROADCAST, 0x80 | CTAPHID.INIT, 17)
    version, *_device_version, capabilities = struct.unpack_from(">B3BB", answer, 19)
    assert channel not in (0, BROADCAST) and version == 2
    assert capabilities == 0x04 | 0x01 | 0x08  # CBOR, WINK, NMSG
    assert _init(connection)[1] != channel
    resync, same = _init(connection, channel)  # INIT on an open channel keeps it
    assert struct.unpack_from(">I", resync)[0] == same == channel
    assert CtapHidDevice(hid_descriptor(), SoftHidConnection(key)).ping(b"hi") == b"hi"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(payload=st.binary(min_size=0, max_size=1500))
def test_long_messages_split_into_sequenced_packets_and_reassemble(
    key: SoftAuthenticator, payload: bytes
) -> None:
    connection = SoftHidConnection(key)
    device = CtapHidDevice(hid_descriptor(), connection)
    connection.received.clear()
    connection.sent.clear()
    assert device.ping(payload) == payload
    expected = 1 + max(0, -(-(len(payload) - INIT_DATA) // CONT_DATA))
    assert len(frame(1, CTAPHID.PING, payload)) == expected
    for packets in (connection.received, connection.sent):
        assert len(packets) == expected and all(len(p) == REPORT for p in packets)
        assert packets[0][4] == 0x80 | CTAPHID.PING
        assert struct.unpack_from(">H", packets[0], 5)[0] == len(payload)
        assert [p[4] for p in packets[1:]] == list(range(expected - 1))


def test_framing_errors_are_reported_per_channel(key: SoftAuthenticator) -> None:
    connection = SoftHidConnection(key)
    _, cid = _init(connection)
    # a continuation out of sequence ends the message with ERR_INVALID_SEQ
    connection.write_packet(_packet(cid, CTAPHID.PING, 100, b"a" * INIT_DATA))
    connection.write_packet(_continuation(cid, 1, b"b" * CONT_DATA))
    assert _error_code(connection, cid) == 0x04
    # a new request while one is being reassembled: ERR_INVALID_SEQ too
    connection.write_packet(_packet(cid, CTAPHID.PING, 100, b"a" * INIT_DATA))
    connection.write_packet(_packet(cid, CTAPHID.PING, 1, b"x"))
    assert _error_code(connection, cid) == 0x04
    connection.write_packet(_continuation(cid, 0, b"stray"))  # ignored, as real keys do
    connection.write_packet(_packet(cid, CTAPHID.MSG, 1, b"\0"))
    assert _error_code(connection, cid) == 0x01  # no CTAP1/U2F here
    for stranger in (cid ^ 0x5A5A, BROADCAST):  # a channel never opened, and broadcast
        connection.write_packet(_packet(stranger, CTAPHID.PING, 1, b"x"))
        assert _error_code(connection, stranger) == 0x0B
    connection.write_packet(_packet(cid ^ 0x5A5A, CTAPHID.INIT, 8, b"n" * 8))
    assert _error_code(connection, cid ^ 0x5A5A) == 0x0B
    connection.write_packet(_packet(BROADCAST, CTAPHID.INIT, 4, b"nonc"))
    assert _error_code(connection, BROADCAST) == 0x03  # INIT's nonce is 8 bytes
    connection.write_packet(_packet(cid, CTAPHID.PING, MAX_MESSAGE + 1))
    assert _error_code(connection, cid) == 0x03  # more than 128 continuations can carry
    with pytest.raises(OSError, match="64 bytes"):
        connection.write_packet(b"\0" * 65)
    connection.read_timeout = 0.05
    with pytest.raises(OSError, match="sent nothing"):  # each error was one message, no more
        connection.read_packet()


def test_read_without_an_answer_fails_instead_of_hanging(key: SoftAuthenticator) -> None:
    connection = SoftHidConnection(key, read_timeout=0.2)
    with pytest.raises(OSError, match="sent nothing"):
        connection.read_packet()
    connection.close()
    with pytest.raises(OSError, match="closed"):
        connection.write_packet(b"\0" * REPORT)
    with pytest.raises(OSError, match="closed"):
        connection.read_packet()


def test_long_cbor_requests_cross_packets_and_too_long_ones_are_refused(
    key: SoftAuthenticator,
) -> None:
    connection = SoftHidConnection(key)
    ctap = Ctap2(CtapHidDevice(hid_descriptor(), connection))
    connection.received.clear()
    connection.sent.clear()
    response = ctap.make_credential(CLIENT_DATA_HASH, RP, {**USER, "displayName": "A" * 200}, ES256)
    assert len(connection.received) > 4  # the request spanned continuation packets
    answers = [p for p in connection.sent if p[4] != 0x80 | CTAPHID.KEEPALIVE]
    assert len(answers) > 2 and [p[4] for p in answers[1:]] == list(range(len(answers) - 1))
    assert response.fmt == "packed" and response.auth_data.credential_data is not None
    # CTAPHID could carry it, but it is over the maxMsgSize the key announced
    too_long = {**USER, "displayName": "A" * ctap.info.max_msg_size}
    refused = _refused(ctap.make_credential, CLIENT_DATA_HASH, RP, too_long, ES256)
    assert refused == ERR.REQUEST_TOO_LARGE
    raw = ctap.device.call(CTAPHID.CBOR, b"\x01" + cbor.encode({1: CLIENT_DATA_HASH}))
    assert raw == bytes([ERR.MISSING_PARAMETER])
    assert ctap.device.call(CTAPHID.CBOR, b"\x02\xa1\x01") == bytes([ERR.INVALID_CBOR])
    assert ctap.device.call(CTAPHID.CBOR, b"\x02\x80") == bytes([ERR.CBOR_UNEXPECTED_TYPE])


# --- CTAP2 commands ----------------------------------------------------------------------------


def test_get_info_through_ctap2(key: SoftAuthenticator) -> None:
    info = Ctap2(soft_device(key)).info
    assert info.versions == ["FIDO_2_0"] and info.aaguid == AAGUID
    assert info.options == {"rk": False, "up": True, "plat": False, "clientPin": False}
    assert info.pin_uv_protocols == [1] and info.max_msg_size == 1200
    assert (info.max_creds_in_list, info.max_cred_id_length) == (8, 128)
    with_pin = Ctap2(soft_device(SoftAuthenticator("4321", pin_protocols=(2, 1)))).info
    assert with_pin.options["clientPin"] is True and with_pin.pin_uv_protocols == [2, 1]


def test_credentials_sign_with_a_counter_that_moves_and_can_be_rewound(
    key: SoftAuthenticator,
) -> None:
    ctap = Ctap2(soft_device(key))
    made = _make(ctap)
    credential = made.auth_data.credential_data
    assert credential is not None and key.issued == [credential.credential_id]
    assert made.auth_data.is_user_present() and not made.auth_data.is_user_verified()
    CoseKey.for_alg(-7)(credential.public_key).verify(
        made.auth_data + CLIENT_DATA_HASH, made.att_stmt["sig"]
    )
    allow = [{"type": "public-key", "id": credential.credential_id}]
    counters = []
    for _ in range(2):
        assertion = ctap.get_assertion(RP["id"], CLIENT_DATA_HASH, allow)
        assertion.verify(CLIENT_DATA_HASH, credential.public_key)
        assert assertion.credential == allow[0] and assertion.auth_data.is_user_present()
        counters.append(assertion.auth_data.counter)
    assert made.auth_data.counter < counters[0] < counters[1] == key.counter
    key.rewind_counter(counters[1] - 2)
    again = ctap.get_assertion(RP["id"], CLIENT_DATA_HASH, allow)
    assert again.auth_data.counter <= counters[1]
    silent = ctap.get_assertion(RP["id"], CLIENT_DATA_HASH, allow, options={"up": False})
    assert not silent.auth_data.is_user_present()
    waits = key.touch_waits
    other_rp = _refused(ctap.get_assertion, "elsewhere.example", CLIENT_DATA_HASH, allow)
    assert other_rp == ERR.NO_CREDENTIALS
    assert key.touch_waits == waits + 1  # it still asks for a touch before it says so
    stranger = SoftAuthenticator()
    not_mine = Ctap2(soft_device(stranger))
    preflight = {"up": False}
    refused = _refused(not_mine.get_assertion, RP["id"], CLIENT_DATA_HASH, allow, options=preflight)
    assert refused == ERR.NO_CREDENTIALS
    assert stranger.touch_waits == 0  # the silent pre-flight needs no touch


def test_exclude_list_refuses_after_a_touch_and_none_attestation() -> None:
    key = SoftAuthenticator(attestation="none")
    ctap = Ctap2(soft_device(key))
    made = _make(ctap)
    assert made.fmt == "none" and made.att_stmt == {}
    credential = made.auth_data.credential_data
    assert credential is not None
    waits = key.touch_waits
    exclude = [{"type": "public-key", "id": credential.credential_id}]
    assert _refused(_make, ctap, exclude_list=exclude) == ERR.CREDENTIAL_EXCLUDED
    assert key.touch_waits == waits + 1 and len(key.issued) == 1
    rs256_only = [{"type": "public-key", "alg": -257}]
    refused = _refused(ctap.make_credential, CLIENT_DATA_HASH, RP, USER, rs256_only)
    assert refused == ERR.UNSUPPORTED_ALGORITHM
    assert _refused(_make, ctap, options={"rk": True}) == ERR.UNSUPPORTED_OPTION


# --- client PIN --------------------------------------------------------------------------------


def test_a_pin_token_through_client_pin_and_the_retries() -> None:
    key = SoftAuthenticator(pin="2468")
    ctap = Ctap2(soft_device(key))
    assert _refused(_make, ctap) == ERR.PUAT_REQUIRED  # CTAP2.0: no PIN, no credential
    client_pin = ClientPin(ctap)
    assert client_pin.get_pin_retries()[0] == 8
    assert _refused(client_pin.get_pin_token, "1111") == ERR.PIN_INVALID
    assert client_pin.get_pin_retries()[0] == key.pin_retries == 7
    assert len(client_pin.get_pin_token("2468")) == 32
    assert client_pin.get_pin_retries()[0] == 8
    assert key.issued == []


@pytest.mark.parametrize("protocol", [PinProtocolV1, PinProtocolV2])
def test_set_pin_then_token_and_pin_auth(protocol: type[PinProtocolV1]) -> None:
    key = SoftAuthenticator(pin_protocols=(2, 1))
    ClientPin(Ctap2(soft_device(key)), protocol()).set_pin("2468")
    ctap = Ctap2(soft_device(key))
    assert ctap.info.options["clientPin"] is True
    client_pin = ClientPin(ctap, protocol())
    assert client_pin.get_pin_retries()[0] == 8
    assert _refused(client_pin.set_pin, "1357") == ERR.NOT_ALLOWED
    token = client_pin.get_pin_token("2468")
    pin_auth = protocol().authenticate(token, CLIENT_DATA_HASH)
    made = _make(ctap, pin_uv_param=pin_auth, pin_uv_protocol=protocol.VERSION)
    assert made.auth_data.is_user_verified()
    forged = bytes(len(pin_auth))
    version = protocol.VERSION
    assert _refused(_make, ctap, pin_uv_param=forged, pin_uv_protocol=version) == (
        ERR.PIN_AUTH_INVALID
    )
    client_pin.change_pin("2468", "97531")
    assert _refused(_make, ctap, pin_uv_param=pin_auth, pin_uv_protocol=version) == (
        ERR.PIN_AUTH_INVALID  # changing the PIN voided the old token
    )
    assert len(client_pin.get_pin_token("97531")) == 32


def test_wrong_pins_count_down_and_block_until_replugged() -> None:
    key = SoftAuthenticator("2468")
    client_pin = ClientPin(Ctap2(soft_device(key)))
    codes = [_refused(client_pin.get_pin_token, "1111") for _ in range(3)]
    assert codes == [ERR.PIN_INVALID] * 2 + [ERR.PIN_AUTH_BLOCKED]
    assert client_pin.get_pin_retries()[0] == 8 - 3 == key.pin_retries
    # even the right PIN, until the key is unplugged and plugged back in
    assert _refused(client_pin.get_pin_token, "2468") == ERR.PIN_AUTH_BLOCKED
    key.replug()
    replugged = ClientPin(Ctap2(soft_device(key)))
    assert len(replugged.get_pin_token("2468")) == 32 and key.pin_retries == 8


@settings(max_examples=15, deadline=None)
@given(
    pin=st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=4).filter(
        lambda p: len(p.encode()) <= 63
    ),
    other=st.text(min_size=4, max_size=12),
)
def test_any_valid_pin_gives_a_token_and_others_do_not(pin: str, other: str) -> None:
    ctap = Ctap2(soft_device(SoftAuthenticator()))
    ClientPin(ctap).set_pin(pin)
    assert len(ClientPin(ctap).get_pin_token(pin)) == 32
    if other != pin:
        assert _refused(ClientPin(ctap).get_pin_token, other) == ERR.PIN_INVALID


def test_permission_tokens_are_bound_to_their_permissions_and_rp() -> None:
    key = SoftAuthenticator("2468", permission_tokens=True, pin_protocols=(2,))
    ctap = Ctap2(soft_device(key))
    assert ClientPin.is_token_supported(ctap.info)
    client_pin = ClientPin(ctap)
    for permission, rp_id in (
        (ClientPin.PERMISSION.GET_ASSERTION, RP["id"]),  # not for making credentials
        (ClientPin.PERMISSION.MAKE_CREDENTIAL, "other.example"),  # not for this RP
    ):
        token = client_pin.get_pin_token("2468", permission, rp_id)
        pin_auth = PinProtocolV2().authenticate(token, CLIENT_DATA_HASH)
        refused = _refused(_make, ctap, pin_uv_param=pin_auth, pin_uv_protocol=2)
        assert refused == ERR.UNAUTHORIZED_PERMISSION
    token = client_pin.get_pin_token("2468", ClientPin.PERMISSION.MAKE_CREDENTIAL, RP["id"])
    pin_auth = PinProtocolV2().authenticate(token, CLIENT_DATA_HASH)
    assert _make(ctap, pin_uv_param=pin_auth, pin_uv_protocol=2).auth_data.is_user_verified()


# --- touch, keepalive, cancel, busy -----------------------------------------------------------


def test_manual_touch_sends_upneeded_keepalives_until_touched() -> None:
    key = SoftAuthenticator(touch="manual")
    ctap = Ctap2(soft_device(key))
    statuses: list[int] = []
    worker, outcome = _in_thread(lambda: _make(ctap, on_keepalive=statuses.append))
    # keepalives keep coming, ~100 ms apart, while nobody touches
    assert key.wait_for_keepalives(3, WAIT) and "result" not in outcome
    key.touch()
    worker.join(WAIT)
    assert not worker.is_alive() and outcome["result"].auth_data.is_user_present()
    assert statuses == [STATUS.UPNEEDED]  # python-fido2 reports each status change once
    assert key.touch_waits == 1


def test_a_touch_before_the_key_asks_does_not_count() -> None:
    key = SoftAuthenticator(touch="manual", touch_timeout=0.3)
    key.touch()
    assert _refused(_make, Ctap2(soft_device(key))) == ERR.USER_ACTION_TIMEOUT


def test_cancel_while_waiting_for_touch_aborts_with_keepalive_cancel() -> None:
    key = SoftAuthenticator(touch="manual")
    ctap = Ctap2(soft_device(key))
    cancel = threading.Event()
    worker, outcome = _in_thread(lambda: _make(ctap, event=cancel))
    assert key.wait_for_keepalives(3, WAIT)
    cancel.set()  # python-fido2 sends CTAPHID_CANCEL
    worker.join(WAIT)
    assert not worker.is_alive() and isinstance(outcome["error"], CtapError)
    assert outcome["error"].code == ERR.KEEPALIVE_CANCEL == key.last_status
    assert key.issued == []
    assert ctap.get_info().versions == ["FIDO_2_0"]  # the channel still works afterwards


def test_a_key_never_touched_times_out() -> None:
    key = SoftAuthenticator(touch="never", touch_timeout=0.3)
    assert _refused(_make, Ctap2(soft_device(key))) == ERR.USER_ACTION_TIMEOUT
    assert key.keepalives >= 3 and key.issued == []


def test_a_second_handle_is_told_busy_while_the_key_waits() -> None:
    key = SoftAuthenticator(touch="manual")
    ctap = Ctap2(soft_device(key))
    worker, outcome = _in_thread(lambda: _make(ctap))
    assert key.wait_for_keepalives(1, WAIT)
    other = SoftHidConnection(key)
    _, cid = _init(other)  # INIT is answered even while the key is busy
    for command, payload in ((CTAPHID.CBOR, b"\x04"), (CTAPHID.PING, b"x")):
        other.write_packet(frame(cid, command, payload)[0])
        assert _error_code(other, cid) == 0x06  # ERR_CHANNEL_BUSY
    key.touch()
    worker.join(WAIT)
    assert "result" in outcome
    assert Ctap2(CtapHidDevice(hid_descriptor(), other)).info.aaguid == AAGUID  # free again


# --- an independent WebAuthn library agrees --------------------------------------------------


class _Pin(UserInteraction):
    def __init__(self, pin: str | None = None) -> None:
        self.pin = pin

    def request_pin(self, permissions: object, rp_id: str | None) -> str | None:
        return self.pin


@pytest.mark.parametrize("protocols", [(1,), (2,)], ids=["pin-v1", "pin-v2-permissions"])
def test_registration_and_assertion_agree_with_py_webauthn(protocols: tuple[int, ...]) -> None:
    key = SoftAuthenticator(pin="2468", pin_protocols=protocols, permission_tokens=2 in protocols)
    server = Fido2Server(PublicKeyCredentialRpEntity(id=RP["id"], name=RP["name"]))

    def client() -> Fido2Client:
        return Fido2Client(
            soft_device(key), DefaultClientDataCollector(ORIGIN), user_interaction=_Pin("2468")
        )

    user = PublicKeyCredentialUserEntity(name="alice", id=b"user-0001")
    options, state = server.register_begin(user, user_verification="preferred")
    registration = client().make_credential(options.public_key)
    auth_data = server.register_complete(state, registration)
    expected = {
        "expected_rp_id": RP["id"],
        "expected_origin": ORIGIN,
        "require_user_verification": True,
    }
    checked = webauthn.verify_registration_response(
        credential=json.dumps(dict(registration)),
        expected_challenge=options.public_key.challenge,
        **expected,
    )
    assert checked.credential_id == auth_data.credential_data.credential_id
    assert checked.aaguid == str(auth_data.credential_data.aaguid)
    assert checked.sign_count == auth_data.counter == 1

    credentials = [auth_data.credential_data]
    request, request_state = server.authenticate_begin(credentials, user_verification="preferred")
    assertion = client().get_assertion(request.public_key).get_response(0)
    server.authenticate_complete(request_state, credentials, assertion)
    verified = webauthn.verify_authentication_response(
        credential=json.dumps(dict(assertion)),
        expected_challenge=request.public_key.challenge,
        credential_public_key=checked.credential_public_key,
        credential_current_sign_count=1,
        **expected,
    )
    assert verified.new_sign_count == key.counter > 1
    assert verified.credential_id == auth_data.credential_data.credential_id
