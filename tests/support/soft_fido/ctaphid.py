"""CTAPHID framing for the software key: python-fido2's CtapHidDevice talks to it unchanged."""

from __future__ import annotations

import logging
import queue
import struct
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fido2.hid import CAPABILITY, CTAPHID
from fido2.hid.base import CtapHidConnection, HidDescriptor, parse_report_descriptor

if TYPE_CHECKING:
    from tests.support.soft_fido.authenticator import SoftAuthenticator

log = logging.getLogger(__name__)

PACKET_SIZE = 64
INIT_DATA = PACKET_SIZE - 7  # CID(4) CMD(1) BCNTH BCNTL
CONT_DATA = PACKET_SIZE - 5  # CID(4) SEQ(1)
MAX_MESSAGE = INIT_DATA + 128 * CONT_DATA  # 7609 bytes with 64-byte reports
BROADCAST = 0xFFFFFFFF
TYPE_INIT = 0x80
PROTOCOL_VERSION = 2
DEVICE_VERSION = (1, 0, 0)
CAPABILITIES = CAPABILITY.CBOR | CAPABILITY.WINK | CAPABILITY.NMSG
READ_TIMEOUT = 10.0  # seconds read_packet waits before it fails like an unplugged key

# CTAPHID_ERROR codes (CTAP2.1 §11.2.9.1.6)
ERR_INVALID_CMD = 0x01
ERR_INVALID_PAR = 0x02
ERR_INVALID_LEN = 0x03
ERR_INVALID_SEQ = 0x04
ERR_CHANNEL_BUSY = 0x06
ERR_INVALID_CHANNEL = 0x0B
ERR_OTHER = 0x7F

# The HID report descriptor of a FIDO key: usage page 0xF1D0, usage 1, 64-byte reports.
REPORT_DESCRIPTOR = bytes.fromhex(
    "06d0f1"  # Usage Page (FIDO Alliance)
    "0901"  # Usage (CTAPHID)
    "a101"  # Collection (Application)
    "0920150026ff00750895408102"  # Usage (Data In), 64 x 8 bits, Input
    "0921150026ff00750895409102"  # Usage (Data Out), 64 x 8 bits, Output
    "c0"  # End Collection
)


def descriptor_for(authenticator: SoftAuthenticator) -> HidDescriptor:
    """A HidDescriptor as the platform backends build it, sizes read from the report
    descriptor."""
    size_in, size_out = parse_report_descriptor(REPORT_DESCRIPTOR)
    return HidDescriptor(
        path=f"soft-fido:{authenticator.serial}",
        vid=0x1209,  # pid.codes, the open-source vendor id
        pid=0x0001,  # pid.codes' test product id
        report_size_in=size_in,
        report_size_out=size_out,
        product_name="IAM Desk soft key",
        serial_number=authenticator.serial,
    )


@dataclass
class _Partial:
    """A message being reassembled from an init packet and its continuations."""

    cmd: int
    length: int
    data: bytearray = field(default_factory=bytearray)
    seq: int = 0


class SoftHidConnection(CtapHidConnection):
    """One open handle on the software key, speaking 64-byte CTAPHID reports.

    Args:
        authenticator: the key behind this handle.
        read_timeout: seconds ``read_packet`` waits for a report before raising OSError.

    ``received`` and ``sent`` keep every report, for framing tests.
    """

    def __init__(
        self, authenticator: SoftAuthenticator, read_timeout: float = READ_TIMEOUT
    ) -> None:
        self.authenticator = authenticator
        self.read_timeout = read_timeout
        self.received: list[bytes] = []
        self.sent: list[bytes] = []
        self._out: queue.Queue[bytes] = queue.Queue()
        self._out_lock = threading.Lock()
        self._state = threading.Lock()
        self._channels: set[int] = set()
        self._partial: dict[int, _Partial] = {}
        self._pending: dict[int, threading.Event] = {}  # CBOR requests waiting, with cancel
        self._closed = False

    # ----------------------------------------------------------------- CtapHidConnection

    def write_packet(self, data: bytes) -> None:
        if self._closed:
            raise OSError("the soft key's connection is closed")
        if len(data) != PACKET_SIZE:
            raise OSError(f"a CTAPHID report is {PACKET_SIZE} bytes, not {len(data)}")
        self.received.append(bytes(data))
        (cid,) = struct.unpack_from(">I", data)
        if data[4] & TYPE_INIT:
            self._on_init_packet(cid, data[4] & 0x7F, data)
        else:
            self._on_continuation(cid, data[4], data)

    def read_packet(self) -> bytes:
        try:
            packet = self._out.get(timeout=0 if self._closed else self.read_timeout)
        except queue.Empty:
            raise OSError(
                f"the soft key sent nothing for {self.read_timeout:g} s"
                if not self._closed
                else "the soft key's connection is closed"
            ) from None
        return packet

    def close(self) -> None:
        self._closed = True
        with self._state:
            for cancel in self._pending.values():
                cancel.set()

    # ----------------------------------------------------------------- framing in

    def _on_init_packet(self, cid: int, cmd: int, data: bytes) -> None:
        (length,) = struct.unpack_from(">H", data, 5)
        if cmd == CTAPHID.CANCEL:  # no answer of its own: the waiting request answers
            with self._state:
                cancel = self._pending.get(cid)
            if cancel is not None:
                cancel.set()
            return
        if cmd == CTAPHID.INIT:
            self._partial.pop(cid, None)
            self._init(cid, bytes(data[7 : 7 + length]) if length == 8 else None)
            return
        if cid in self._partial:
            del self._partial[cid]
            self._error(cid, ERR_INVALID_SEQ)
            return
        if cid == BROADCAST or cid not in self._channels:
            self._error(cid, ERR_INVALID_CHANNEL)
            return
        if length > MAX_MESSAGE:
            self._error(cid, ERR_INVALID_LEN)
            return
        partial = _Partial(cmd, length, bytearray(data[7 : 7 + min(length, INIT_DATA)]))
        if len(partial.data) >= length:
            self._dispatch(cid, cmd, bytes(partial.data))
        else:
            self._partial[cid] = partial

    def _on_continuation(self, cid: int, seq: int, data: bytes) -> None:
        partial = self._partial.get(cid)
        if partial is None:  # a stray continuation: real keys ignore it
            return
        if seq != partial.seq:
            del self._partial[cid]
            self._error(cid, ERR_INVALID_SEQ)
            return
        partial.seq += 1
        partial.data += data[5 : 5 + min(CONT_DATA, partial.length - len(partial.data))]
        if len(partial.data) >= partial.length:
            del self._partial[cid]
            self._dispatch(cid, partial.cmd, bytes(partial.data))

    # ----------------------------------------------------------------- commands

    def _init(self, cid: int, nonce: bytes | None) -> None:
        if nonce is None:
            self._error(cid, ERR_INVALID_LEN)
            return
        if cid == BROADCAST:
            channel = self.authenticator.new_channel_id()
            self._channels.add(channel)
        elif cid in self._channels:  # resynchronise an open channel: abort its request
            channel = cid
            with self._state:
                cancel = self._pending.get(cid)
            if cancel is not None:
                cancel.set()
        else:
            self._error(cid, ERR_INVALID_CHANNEL)
            return
        body = nonce + struct.pack(
            ">IB3BB", channel, PROTOCOL_VERSION, *DEVICE_VERSION, CAPABILITIES
        )
        self._send(cid, CTAPHID.INIT, body)

    def _dispatch(self, cid: int, cmd: int, payload: bytes) -> None:
        if cmd == CTAPHID.PING:
            self._send(cid, CTAPHID.PING, payload)
        elif cmd == CTAPHID.WINK:
            self.authenticator.winks += 1
            self._send(cid, CTAPHID.WINK, b"")
        elif cmd == CTAPHID.CBOR:
            self._start_cbor(cid, payload)
        else:  # MSG (no CTAP1/U2F here: NMSG), LOCK and vendor commands
            self._error(cid, ERR_INVALID_CMD)

    def _start_cbor(self, cid: int, payload: bytes) -> None:
        with self._state:
            if cid in self._pending or not self.authenticator.try_begin():
                busy = True
            else:
                busy = False
                cancel = threading.Event()
                self._pending[cid] = cancel
        if busy:
            self._error(cid, ERR_CHANNEL_BUSY)
            return
        worker = threading.Thread(
            target=self._run_cbor, args=(cid, payload, cancel), name="soft-fido-cbor", daemon=True
        )
        worker.start()

    def _run_cbor(self, cid: int, payload: bytes, cancel: threading.Event) -> None:
        def keepalive(status: int) -> None:
            self._send(cid, CTAPHID.KEEPALIVE, bytes([status]))

        try:
            response: bytes | None = self.authenticator.process(
                payload, cancel=cancel, keepalive=keepalive
            )
        except Exception:  # a bug in the soft key must not leave the host reading forever
            log.exception("the soft key failed on a CBOR request")
            response = None
        finally:
            with self._state:
                self._pending.pop(cid, None)
            self.authenticator.end()
        if response is None:
            self._error(cid, ERR_OTHER)
        else:
            self._send(cid, CTAPHID.CBOR, response)

    # ----------------------------------------------------------------- framing out

    def _error(self, cid: int, code: int) -> None:
        self._send(cid, CTAPHID.ERROR, bytes([code]))

    def _send(self, cid: int, cmd: int, payload: bytes) -> None:
        """Frame one message as an init packet and its continuations, queued together."""
        if self._closed:
            return
        packets = [struct.pack(">IBH", cid, TYPE_INIT | cmd, len(payload)) + payload[:INIT_DATA]]
        rest = payload[INIT_DATA:]
        for seq in range(0, (len(rest) + CONT_DATA - 1) // CONT_DATA):
            chunk = rest[seq * CONT_DATA : (seq + 1) * CONT_DATA]
            packets.append(struct.pack(">IB", cid, seq) + chunk)
        with self._out_lock:
            for packet in packets:
                padded = packet.ljust(PACKET_SIZE, b"\0")
                self.sent.append(padded)
                self._out.put(padded)
