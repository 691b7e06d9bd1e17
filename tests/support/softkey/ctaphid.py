"""CTAPHID framing for the software authenticator: a `CtapHidConnection` that python-fido2's
real `CtapHidDevice` talks to in 64-byte reports (INIT, PING, CBOR, CANCEL, KEEPALIVE, ERROR)."""

from __future__ import annotations

import os
import queue
import struct
import threading

from fido2.hid import CtapHidDevice
from fido2.hid.base import CtapHidConnection, HidDescriptor

from tests.support.softkey.authenticator import CtapFailure, SoftAuthenticator

REPORT = 64
BROADCAST = 0xFFFFFFFF
TYPE_INIT = 0x80
PING, MSG, INIT, WINK, CBOR, CANCEL, KEEPALIVE, ERROR = (
    0x01, 0x03, 0x06, 0x08, 0x10, 0x11, 0x3B, 0x3F
)  # fmt: skip
ERR_INVALID_CMD, ERR_INVALID_SEQ, ERR_CHANNEL_BUSY, ERR_INVALID_CHANNEL = 0x01, 0x04, 0x06, 0x0B
CAPABILITY_WINK, CAPABILITY_CBOR, CAPABILITY_NMSG = 0x01, 0x04, 0x08
STATUS_UPNEEDED = 0x02
KEEPALIVE_EVERY = 0.1
READ_TIMEOUT = 30.0


def frame(channel: int, command: int, payload: bytes) -> list[bytes]:
    """Split a message into an init packet and continuation packets of REPORT bytes."""
    first = struct.pack(">IBH", channel, TYPE_INIT | command, len(payload))
    packets = [(first + payload[: REPORT - 7]).ljust(REPORT, b"\0")]
    rest, seq = payload[REPORT - 7 :], 0
    while rest:
        packets.append((struct.pack(">IB", channel, seq) + rest[: REPORT - 5]).ljust(REPORT, b"\0"))
        rest, seq = rest[REPORT - 5 :], seq + 1
    return packets


class SoftHidConnection(CtapHidConnection):
    """The USB side of a software key: reassembles requests, answers on a worker thread
    (so it can send KEEPALIVE while it waits for a touch and notice a CANCEL)."""

    def __init__(self, authenticator: SoftAuthenticator) -> None:
        self.authenticator = authenticator
        self.packets_in = 0
        self.packets_out = 0
        self.keepalives = 0
        self._out: queue.Queue[bytes] = queue.Queue()
        self._channels: set[int] = set()
        self._pending: tuple[int, int, int, bytearray, int] | None = (
            None  # cid, cmd, len, data, seq
        )
        self._busy: int | None = None
        self._cancelled = threading.Event()
        self._closed = False

    # --- CtapHidConnection -------------------------------------------------------------------

    def write_packet(self, data: bytes) -> None:
        if len(data) != REPORT:
            raise OSError(f"a report is {REPORT} bytes, not {len(data)}")
        self.packets_in += 1
        channel = struct.unpack_from(">I", data)[0]
        if data[4] & TYPE_INIT:
            command, length = data[4] & 0x7F, struct.unpack_from(">H", data, 5)[0]
            if command == CANCEL:
                if channel == self._busy:
                    self._cancelled.set()
                return  # CANCEL gets no answer of its own
            if self._busy is not None and command != INIT:
                self._send(channel, ERROR, bytes([ERR_CHANNEL_BUSY]))
                return
            self._pending = (channel, command, length, bytearray(data[7 : 7 + length]), 0)
        else:
            if self._pending is None or self._pending[0] != channel:
                return  # a stray continuation: ignored, as keys do
            cid, command, length, body, seq = self._pending
            if data[4] != seq:
                self._pending = None
                self._send(channel, ERROR, bytes([ERR_INVALID_SEQ]))
                return
            body += data[5 : 5 + (length - len(body))]
            self._pending = (cid, command, length, body, seq + 1)
        cid, command, length, body, _ = self._pending
        if len(body) >= length:
            self._pending = None
            self._dispatch(cid, command, bytes(body[:length]))

    def read_packet(self) -> bytes:
        try:
            packet = self._out.get(timeout=READ_TIMEOUT)
        except queue.Empty:
            raise OSError("the software key sent nothing") from None
        self.packets_out += 1
        return packet

    def close(self) -> None:
        self._closed = True

    # --- the key's side ---------------------------------------------------------------------

    def _send(self, channel: int, command: int, payload: bytes) -> None:
        for packet in frame(channel, command, payload):
            self._out.put(packet)

    def _dispatch(self, channel: int, command: int, payload: bytes) -> None:
        if command == INIT:
            if len(payload) != 8:
                self._send(channel, ERROR, bytes([ERR_INVALID_CMD]))
                return
            new = int.from_bytes(os.urandom(4), "big") & 0x7FFFFFFF or 1
            self._channels.add(new)
            capabilities = CAPABILITY_WINK | CAPABILITY_CBOR | CAPABILITY_NMSG
            self._send(channel, INIT, payload + struct.pack(">IBBBBB", new, 2, 1, 0, 0,
                                                            capabilities))  # fmt: skip
        elif channel == BROADCAST or channel not in self._channels:
            self._send(channel, ERROR, bytes([ERR_INVALID_CHANNEL]))
        elif command in (PING, WINK):
            self._send(channel, command, payload if command == PING else b"")
        elif command == CBOR:
            self._busy = channel
            self._cancelled.clear()
            threading.Thread(target=self._answer_cbor, args=(channel, payload), daemon=True).start()
        else:  # MSG (CTAP1) and anything else: this key speaks CTAP2 only
            self._send(channel, ERROR, bytes([ERR_INVALID_CMD]))

    def _answer_cbor(self, channel: int, request: bytes) -> None:
        def keepalive() -> bool:
            if self._cancelled.is_set() or self._closed:
                return False
            self.keepalives += 1
            self._send(channel, KEEPALIVE, bytes([STATUS_UPNEEDED]))
            return not self._cancelled.wait(KEEPALIVE_EVERY)

        def wait_for_touch() -> None:
            self.authenticator.wait_for_touch(keepalive)

        try:
            answer = self.authenticator.handle(request, wait_for_touch)
        except CtapFailure as failure:
            answer = bytes([failure.status])
        self._busy = None
        self._send(channel, CBOR, answer)


def soft_device(authenticator: SoftAuthenticator, *, serial: int = 1) -> CtapHidDevice:
    """python-fido2's real CtapHidDevice over a SoftHidConnection."""
    descriptor = HidDescriptor(
        path=f"soft-key-{serial}",
        vid=0x1209,  # pid.codes' open-source vendor id
        pid=0x000F,
        report_size_in=REPORT,
        report_size_out=REPORT,
        product_name="IAM Desk Soft Key",
        serial_number=str(serial),
    )
    return CtapHidDevice(descriptor, SoftHidConnection(authenticator))
