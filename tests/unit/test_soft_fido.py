"""The software security key as python-fido2 sees it: CTAPHID framing, getInfo, PIN, touch."""

from __future__ import annotations

import os
import struct
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.cose import CoseKey
from fido2.ctap import STATUS, CtapError
from fido2.ctap2 import Ctap2
from fido2.ctap2.pin import ClientPin, PinProtocolV1, PinProtocolV2
from fido2.hid import CTAPHID, CtapHidDevice
from fido2.hid.base import parse_report_descriptor
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.soft_fido import AAGUID, SoftAuthenticator, SoftHidConnection, descriptor_for
from tests.support.soft_fido.ctaphid import (
    BROADCAST,
    CONT_DATA,
    INIT_DATA,
    MAX_MESSAGE,
    REPORT_DESCRIPTOR,
)

RP = {"id": "iamdesk.local", "name": "IAM Desk"}
USER = {"id": b"user-1", "name": "alice", "displayName": "Alice"}
ES256 = [{"type": "public-key", "alg": -7}]
CLIENT_DATA_HASH = bytes(range(32))
WAIT = 5.0  # the longest any test waits for the key (seconds)


def _raw_init(connection: SoftHidConnection) -> int:
    """Open a channel by hand; returns its CID."""
    nonce = os.urandom(8)
    connection.write_packet(_packet(BROADCAST, 0x80 | CTAPHID.INIT, 8, nonce))
    answer = connection.read_packet()
    assert answer[7:15] == nonce
    return struct.unpack_from(">I", answer, 15)[0]


def _packet(cid: int, command: int, length: int, data: bytes = b"") -> bytes:
    return (struct.pack(">IBH", cid, command, length) + data).ljust(64, b"\0")


def _continuation(cid: int, seq: int, data: bytes) -> bytes:
    return (struct.pack(">IB", cid, seq) + data).ljust(64, b"\0")


def _error_code(packet: bytes, cid: int) -> int:
    assert struct.unpack_from(">IBH", packet) == (cid, 0x80 | CTAPHID.ERROR, 1)
    return packet[7]


def _in_thread(target: Any) -> tuple[threading.Thread, dict[str, Any]]:
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


@pytest.fixture
def key() -> Iterator[SoftAuthenticator]:
    yield SoftAuthenticator(touch="auto")


# ----------------------------------------------------------------- CTAPHID framing


def test_descriptor_is_a_fido_hid_descriptor(key: SoftAuthenticator) -> None:
    assert parse_report_descriptor(REPORT_DESCRIPTOR) == (64, 64)
    device = key.device()
    assert isinstance(device, CtapHidDevice)
    assert device.descriptor.report_size_out == 64
    assert device.product_name and device.serial_number == key.serial
    assert device.version == 2 and device.capabilities & 0x04  # CBOR


def test_init_echoes_the_nonce_and_hands_out_distinct_channels(key: SoftAuthenticator) -> None:
    connection = SoftHidConnection(key)
    nonce = bytes.fromhex("0102030405060708")
    connection.write_packet(_packet(BROADCAST, 0x86, 8, nonce))
    answer = connection.read_packet()
    cid, command, length = struct.unpack_from(">IBH", answer)
    assert (cid, command, length) == (BROADCAST, 0x86, 17)
    assert answer[7:15] == nonce
    channel, version, *_device_version, capabilities = struct.unpack_from(">IB3BB", answer, 15)
    assert channel not in (0, BROADCAST) and version == 2
    assert capabilities == 0x04 | 0x01 | 0x08  # CBOR, WINK, NMSG
    assert _raw_init(connection) != channel
    assert CtapHidDevice(descriptor_for(key), SoftHidConnection(key)).ping(b"hi") == b"hi"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(payload=st.binary(min_size=0, max_size=1500))
def test_long_messages_split_into_sequenced_packets_and_reassemble(
    key: SoftAuthenticator, payload: bytes
) -> None:
    connection = SoftHidConnection(key)
    device = CtapHidDevice(descriptor_for(key), connection)
    connection.received.clear()
    connection.sent.clear()
    assert device.ping(payload) == payload
    expected = 1 + max(0, -(-(len(payload) - INIT_DATA) // CONT_DATA))
    for packets in (connection.received, connection.sent):
        assert len(packets) == expected and all(len(p) == 64 for p in packets)
        assert packets[0][4] == 0x80 | CTAPHID.PING
        assert struct.unpack_from(">H", packets[0], 5)[0] == len(payload)
        assert [p[4] for p in packets[1:]] == list(range(expected - 1))


def test_framing_errors_are_reported_per_channel(key: SoftAuthenticator) -> None:
    connection = SoftHidConnection(key)
    cid = _raw_init(connection)
    # a continuation out of sequence ends the message with ERR_INVALID_SEQ
    connection.write_packet(_packet(cid, 0x80 | CTAPHID.PING, 100, b"a" * INIT_DATA))
    connection.write_packet(_continuation(cid, 1, b"b" * CONT_DATA))
    assert _error_code(connection.read_packet(), cid) == 0x04
    # a new request while one is being reassembled: ERR_INVALID_SEQ too
    connection.write_packet(_packet(cid, 0x80 | CTAPHID.PING, 100, b"a" * INIT_DATA))
    connection.write_packet(_packet(cid, 0x80 | CTAPHID.PING, 1, b"x"))
    assert _error_code(connection.read_packet(), cid) == 0x04
    connection.write_packet(_continuation(cid, 0, b"stray"))  # ignored, as real keys do
    connection.write_packet(_packet(cid, 0x80 | CTAPHID.MSG, 1, b"\0"))
    assert _error_code(connection.read_packet(), cid) == 0x01  # no CTAP1/U2F here
    connection.write_packet(_packet(cid + 1000, 0x80 | CTAPHID.PING, 1, b"x"))
    assert _error_code(connection.read_packet(), cid + 1000) == 0x0B
    connection.write_packet(_packet(BROADCAST, 0x80 | CTAPHID.PING, 1, b"x"))
    assert _error_code(connection.read_packet(), BROADCAST) == 0x0B
    connection.write_packet(_packet(cid, 0x80 | CTAPHID.PING, MAX_MESSAGE + 1))
    assert _error_code(connection.read_packet(), cid) == 0x03
    with pytest.raises(OSError, match="64 bytes"):
        connection.write_packet(b"\0" * 65)


def test_read_without_an_answer_fails_instead_of_hanging(key: SoftAuthenticator) -> None:
    connection = SoftHidConnection(key, read_timeout=0.2)
    with pytest.raises(OSError, match="sent nothing"):
        connection.read_packet()
    connection.close()
    with pytest.raises(OSError, match="closed"):
        connection.write_packet(b"\0" * 64)


def test_long_cbor_request_and_answer_cross_several_packets(key: SoftAuthenticator) -> None:
    connection = SoftHidConnection(key)
    ctap = Ctap2(CtapHidDevice(descriptor_for(key), connection))
    connection.received.clear()
    connection.sent.clear()
    user = {**USER, "displayName": "A" * 200}
    response = ctap.make_credential(CLIENT_DATA_HASH, RP, user, ES256)
    assert len(connection.received) > 4  # the request spanned continuation packets
    answers = [p for p in connection.sent if p[4] != 0x80 | CTAPHID.KEEPALIVE]
    assert len(answers) > 2 and [p[4] for p in answers[1:]] == list(range(len(answers) - 1))
    assert response.fmt == "packed"
    assert response.auth_data.credential_data is not None


# ----------------------------------------------------------------- CTAP2 commands


def test_get_info_through_ctap2(key: SoftAuthenticator) -> None:
    info = Ctap2(key.device()).info
    assert info.versions == ["FIDO_2_0"]
    assert info.aaguid == AAGUID.bytes
    assert info.options == {"rk": False, "up": True, "plat": False, "clientPin": False}
    assert info.pin_uv_protocols == [1]
    with_pin = Ctap2(SoftAuthenticator("4321", pin_protocols=(2, 1)).device()).info
    assert with_pin.options["clientPin"] is True and with_pin.pin_uv_protocols == [2, 1]


def test_credentials_sign_with_a_counter_that_moves_and_can_be_rewound(
    key: SoftAuthenticator,
) -> None:
    ctap = Ctap2(key.device())
    made = ctap.make_credential(CLIENT_DATA_HASH, RP, USER, ES256)
    credential = made.auth_data.credential_data
    assert credential is not None and key.credentials == [credential.credential_id]
    assert made.auth_data.is_user_present() and not made.auth_data.is_user_verified()
    CoseKey.for_alg(-7)(credential.public_key).verify(
        made.auth_data + CLIENT_DATA_HASH, made.att_stmt["sig"]
    )
    allow = [{"type": "public-key", "id": credential.credential_id}]
    counters = []
    for _ in range(2):
        assertion = ctap.get_assertion(RP["id"], CLIENT_DATA_HASH, allow)
        assertion.verify(CLIENT_DATA_HASH, credential.public_key)
        counters.append(assertion.auth_data.counter)
    assert made.auth_data.counter < counters[0] < counters[1]
    assert key.rewind_counter(2) == counters[1] - 2
    again = ctap.get_assertion(RP["id"], CLIENT_DATA_HASH, allow)
    assert again.auth_data.counter <= counters[1]
    with pytest.raises(CtapError) as other_rp:
        ctap.get_assertion("elsewhere.example", CLIENT_DATA_HASH, allow)
    assert other_rp.value.code == CtapError.ERR.NO_CREDENTIALS
    stranger = Ctap2(SoftAuthenticator().device())
    with pytest.raises(CtapError) as not_mine:
        stranger.get_assertion(RP["id"], CLIENT_DATA_HASH, allow, options={"up": False})
    assert not_mine.value.code == CtapError.ERR.NO_CREDENTIALS


def test_exclude_list_refuses_after_a_touch_and_none_attestation() -> None:
    key = SoftAuthenticator(attestation="none")
    ctap = Ctap2(key.device())
    made = ctap.make_credential(CLIENT_DATA_HASH, RP, USER, ES256)
    assert made.fmt == "none" and made.att_stmt == {}
    credential = made.auth_data.credential_data
    assert credential is not None
    waits = key.touch_waits
    with pytest.raises(CtapError) as excluded:
        ctap.make_credential(
            CLIENT_DATA_HASH,
            RP,
            USER,
            ES256,
            exclude_list=[{"type": "public-key", "id": credential.credential_id}],
        )
    assert excluded.value.code == CtapError.ERR.CREDENTIAL_EXCLUDED
    assert key.touch_waits > waits and len(key.credentials) == 1
    with pytest.raises(CtapError) as rs256_only:
        ctap.make_credential(CLIENT_DATA_HASH, RP, USER, [{"type": "public-key", "alg": -257}])
    assert rs256_only.value.code == CtapError.ERR.UNSUPPORTED_ALGORITHM


# ----------------------------------------------------------------- client PIN


@pytest.mark.parametrize("protocol", [PinProtocolV1, PinProtocolV2])
def test_set_pin_then_token_and_pin_auth(protocol: type[PinProtocolV1]) -> None:
    key = SoftAuthenticator(pin_protocols=(2, 1))
    ctap = Ctap2(key.device())
    client_pin = ClientPin(ctap, protocol())
    client_pin.set_pin("2468")
    assert ClientPin(Ctap2(key.device()), protocol()).get_pin_retries()[0] == 8
    ctap = Ctap2(key.device())
    assert ctap.info.options["clientPin"] is True
    client_pin = ClientPin(ctap, protocol())
    with pytest.raises(CtapError) as again:
        client_pin.set_pin("1357")
    assert again.value.code == CtapError.ERR.NOT_ALLOWED
    token = client_pin.get_pin_token("2468")
    pin_auth = protocol().authenticate(token, CLIENT_DATA_HASH)
    made = ctap.make_credential(
        CLIENT_DATA_HASH, RP, USER, ES256, pin_uv_param=pin_auth, pin_uv_protocol=protocol.VERSION
    )
    assert made.auth_data.is_user_verified()
    forged = bytes(len(pin_auth))
    with pytest.raises(CtapError) as wrong_auth:
        ctap.make_credential(
            CLIENT_DATA_HASH, RP, USER, ES256, pin_uv_param=forged, pin_uv_protocol=protocol.VERSION
        )
    assert wrong_auth.value.code == CtapError.ERR.PIN_AUTH_INVALID
    client_pin.change_pin("2468", "97531")
    assert len(client_pin.get_pin_token("97531")) == 32


def test_wrong_pins_count_down_and_block_until_power_cycle() -> None:
    key = SoftAuthenticator("2468")
    client_pin = ClientPin(Ctap2(key.device()))
    codes = []
    for _ in range(3):
        with pytest.raises(CtapError) as wrong:
            client_pin.get_pin_token("1111")
        codes.append(wrong.value.code)
    assert codes == [CtapError.ERR.PIN_INVALID] * 2 + [CtapError.ERR.PIN_AUTH_BLOCKED]
    assert client_pin.get_pin_retries()[0] == 8 - 3 == key.pin_retries
    with pytest.raises(CtapError) as blocked:
        client_pin.get_pin_token("2468")  # even the right PIN, until the key is replugged
    assert blocked.value.code == CtapError.ERR.PIN_AUTH_BLOCKED


def test_a_right_pin_restores_the_retries() -> None:
    key = SoftAuthenticator("2468")
    client_pin = ClientPin(Ctap2(key.device()))
    with pytest.raises(CtapError):
        client_pin.get_pin_token("0000")
    assert key.pin_retries == 7
    client_pin.get_pin_token("2468")
    assert key.pin_retries == 8


@settings(max_examples=15, deadline=None)
@given(
    pin=st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=4).filter(
        lambda p: len(p.encode()) <= 63
    ),
    other=st.text(min_size=4, max_size=12),
)
def test_any_valid_pin_gives_a_token_and_others_do_not(pin: str, other: str) -> None:
    key = SoftAuthenticator()
    ctap = Ctap2(key.device())
    ClientPin(ctap).set_pin(pin)
    assert len(ClientPin(ctap).get_pin_token(pin)) == 32
    if other != pin:
        with pytest.raises(CtapError) as wrong:
            ClientPin(ctap).get_pin_token(other)
        assert wrong.value.code == CtapError.ERR.PIN_INVALID


def test_permission_tokens_are_bound_to_their_permissions_and_rp() -> None:
    key = SoftAuthenticator("2468", permission_tokens=True, pin_protocols=(2,))
    ctap = Ctap2(key.device())
    assert ClientPin.is_token_supported(ctap.info)
    client_pin = ClientPin(ctap)
    get_only = client_pin.get_pin_token("2468", ClientPin.PERMISSION.GET_ASSERTION, RP["id"])
    pin_auth = PinProtocolV2().authenticate(get_only, CLIENT_DATA_HASH)
    with pytest.raises(CtapError) as refused:
        ctap.make_credential(
            CLIENT_DATA_HASH, RP, USER, ES256, pin_uv_param=pin_auth, pin_uv_protocol=2
        )
    assert refused.value.code == CtapError.ERR.UNAUTHORIZED_PERMISSION
    make = client_pin.get_pin_token("2468", ClientPin.PERMISSION.MAKE_CREDENTIAL, "other.example")
    pin_auth = PinProtocolV2().authenticate(make, CLIENT_DATA_HASH)
    with pytest.raises(CtapError) as wrong_rp:
        ctap.make_credential(
            CLIENT_DATA_HASH, RP, USER, ES256, pin_uv_param=pin_auth, pin_uv_protocol=2
        )
    assert wrong_rp.value.code == CtapError.ERR.UNAUTHORIZED_PERMISSION


# ----------------------------------------------------------------- touch, keepalive, cancel


def test_manual_touch_sends_upneeded_keepalives_until_touched() -> None:
    key = SoftAuthenticator(touch="manual")
    ctap = Ctap2(key.device())
    statuses: list[int] = []
    asked = threading.Event()

    def on_keepalive(status: int) -> None:
        statuses.append(status)
        asked.set()

    worker, outcome = _in_thread(
        lambda: ctap.make_credential(CLIENT_DATA_HASH, RP, USER, ES256, on_keepalive=on_keepalive)
    )
    assert asked.wait(WAIT)
    # keepalives keep coming, ~100 ms apart, while nobody touches
    assert key.wait_for_touch_waits(3, WAIT) and "result" not in outcome
    key.touch()
    worker.join(WAIT)
    assert not worker.is_alive()
    assert outcome["result"].auth_data.is_user_present()
    assert statuses == [STATUS.UPNEEDED]  # python-fido2 reports each status change once


def test_cancel_while_waiting_for_touch_aborts_with_keepalive_cancel() -> None:
    key = SoftAuthenticator(touch="manual")
    ctap = Ctap2(key.device())
    cancel, asked = threading.Event(), threading.Event()
    worker, outcome = _in_thread(
        lambda: ctap.make_credential(
            CLIENT_DATA_HASH, RP, USER, ES256, event=cancel, on_keepalive=lambda _: asked.set()
        )
    )
    assert asked.wait(WAIT)
    cancel.set()
    worker.join(WAIT)
    assert not worker.is_alive()
    assert isinstance(outcome["error"], CtapError)
    assert outcome["error"].code == CtapError.ERR.KEEPALIVE_CANCEL
    assert key.credentials == []
    assert ctap.get_info().versions == ["FIDO_2_0"]  # the channel still works afterwards


def test_a_key_never_touched_times_out() -> None:
    key = SoftAuthenticator(touch="never", touch_timeout=0.3)
    with pytest.raises(CtapError) as timed_out:
        Ctap2(key.device()).make_credential(CLIENT_DATA_HASH, RP, USER, ES256)
    assert timed_out.value.code == CtapError.ERR.USER_ACTION_TIMEOUT
    assert key.touch_waits >= 3 and key.credentials == []


def test_a_second_handle_is_told_busy_while_the_key_waits() -> None:
    key = SoftAuthenticator(touch="manual")
    ctap = Ctap2(key.device())
    asked = threading.Event()
    worker, outcome = _in_thread(
        lambda: ctap.make_credential(
            CLIENT_DATA_HASH, RP, USER, ES256, on_keepalive=lambda _: asked.set()
        )
    )
    assert asked.wait(WAIT)
    other = SoftHidConnection(key)
    cid = _raw_init(other)
    other.write_packet(_packet(cid, 0x80 | CTAPHID.CBOR, 1, b"\x04"))
    assert _error_code(other.read_packet(), cid) == 0x06  # ERR_CHANNEL_BUSY
    key.touch()
    worker.join(WAIT)
    assert "result" in outcome


def test_signatures_are_der_ecdsa_over_auth_data_and_client_data_hash(
    key: SoftAuthenticator,
) -> None:
    ctap = Ctap2(key.device())
    credential = ctap.make_credential(CLIENT_DATA_HASH, RP, USER, ES256).auth_data.credential_data
    assert credential is not None
    numbers = ec.EllipticCurvePublicNumbers(
        int.from_bytes(credential.public_key[-2], "big"),
        int.from_bytes(credential.public_key[-3], "big"),
        ec.SECP256R1(),
    )
    other_hash = bytes(32)
    assertion = ctap.get_assertion(
        RP["id"], other_hash, [{"type": "public-key", "id": credential.credential_id}]
    )
    numbers.public_key().verify(
        assertion.signature, assertion.auth_data + other_hash, ec.ECDSA(hashes.SHA256())
    )
