"""CTAPHID framing for the software authenticator: a `CtapHidConnection` that python-fido2's
real `CtapHidDevice` talks to in 64-byte reports (INIT, PING, WINK, CBOR, CANCEL, KEEPALIVE,
ERROR), reassembling init and continuation packets by channel and sequence number."""

from __future__ import annotations

import logging
import queue
import struct
import threading
from dataclasses import dataclass, field

from fido2.hid import CAPABILITY, CTAPHID, CtapHidDevice
from fido2.hid.base import CtapHidConnection, HidDescriptor, parse_report_descriptor

from tests.support.softkey.authenticator import SoftAuthenticator

log = logging.getLogger(__name__)

REPORT = 64
INIT_DATA = REPORT - 7  # CID(4) CMD(1) BCNTH BCNTL
CONT_DATA = REPORT - 5  # CID(4) SEQ(1)
MAX_MESSAGE = INIT_DATA + 128 * CONT_DATA  # 7609 bytes: sequence numbers stop at 0x7F
BROADCAST = 0xFFFFFFFF
TYPE_INIT = 0x80
PROTOCOL_VERSION, DEVICE_VERSION = 2, (1, 0, 0)
CAPABILITIES = CAPABILITY.WINK | CAPABILITY.CBOR | CAPABILITY.NMSG
READ_TIMEOUT = 10.0  # seconds read_packet waits before it fails like an unplugged key

# CTAPHID_ERROR codes (CTAP2.1 §11.2.9.1.6)
ERR_INVALID_CMD, ERR_INVALID_LEN, ERR_INVALID_SEQ = 0x01, 0x03, 0x04
ERR_CHANNEL_BUSY, ERR_INVALID_CHANNEL, ERR_OTHER = 0x06, 0x0B, 0x7F

# A FIDO key's HID report descriptor: usage page 0xF1D0, usage 1, 64-byte reports.
REPORT_DESCRIPTOR = bytes.fromhex(
    "06d0f1"  # Usage Page (FIDO Alliance)
    "0901"  # Usage (CTAPHID)
    "a101"  # Collection (Application)
    "0920150026ff00750895408102"  # Usage (Data In), 64 x 8 bits, Input
    "0921150026ff00750895409102"  # Usage (Data Out), 64 x 8 bits, Output
    "c0"  # End Collection
)


def frame(channel: int, command: int, payload: bytes) -> list[bytes]:
    """Split a message into an init packet and continuation packets of REPORT bytes."""
    first = struct.pack(">IBH", channel, TYPE_INIT | command, len(payload))
    packets = [(first + payload[:INIT_DATA]).ljust(REPORT, b"\0")]
    rest, seq = payload[INIT_DATA:], 0
    while rest:
        packets.append((struct.pack(">IB", channel, seq) + rest[:CONT_DATA]).ljust(REPORT, b"\0"))
        rest, seq = rest[CONT_DATA:], seq + 1
    return packets


@dataclass
class _Partial:
    """A message being reassembled from an init packet and its continuations."""

    command: int
    length: int
    data: bytearray = field(default_factory=bytearray)
    seq: int = 0


class SoftHidConnection(CtapHidConnection):
    """One open handle on the software key. CBOR requests run on a worker thread, so the
    key can send KEEPALIVE while it waits for a touch and notice a CANCEL. Channels and the
    busy state belong to the key, shared by every handle open on it.

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
        self._partial: dict[int, _Partial] = {}
        self._opened: set[int] = set()
        self._closed = False

    # --- CtapHidConnection -------------------------------------------------------------------

    def write_packet(self, data: bytes) -> None:
        if self._closed:
            raise OSError("the soft key's connection is closed")
        if len(data) != REPORT:
            raise OSError(f"a CTAPHID report is {REPORT} bytes, not {len(data)}")
        self.received.append(bytes(data))
        (channel,) = struct.unpack_from(">I", data)
        if data[4] & TYPE_INIT:
            self._on_init_packet(channel, data[4] & 0x7F, data)
        else:
            self._on_continuation(channel, data[4], data)

    def read_packet(self) -> bytes:
        try:
            return self._out.get(timeout=0 if self._closed else self.read_timeout)
        except queue.Empty:
            if self._closed:
                raise OSError("the soft key's connection is closed") from None
            raise OSError(f"the soft key sent nothing for {self.read_timeout:g} s") from None

    def close(self) -> None:
        self._closed = True
        for channel in self._opened:
            self.authenticator.cancel(channel)

    # --- framing in --------------------------------------------------------------------------

    def _on_init_packet(self, channel: int, command: int, data: bytes) -> None:
        (length,) = struct.unpack_from(">H", data, 5)
        if command == CTAPHID.CANCEL:  # no answer of its own: the cancelled request answers
            self.authenticator.cancel(channel)
            return
        if command == CTAPHID.INIT:
            self._partial.pop(channel, None)
            self._init(channel, bytes(data[7 : 7 + length]) if length == 8 else None)
            return
        if channel in self._partial:  # a new request before the last one was complete
            del self._partial[channel]
            self._error(channel, ERR_INVALID_SEQ)
            return
        if channel == BROADCAST or not self.authenticator.has_channel(channel):
            self._error(channel, ERR_INVALID_CHANNEL)
            return
        if length > MAX_MESSAGE:
            self._error(channel, ERR_INVALID_LEN)
            return
        if self.authenticator.busy:
            self._error(channel, ERR_CHANNEL_BUSY)
            return
        partial = _Partial(command, length, bytearray(data[7 : 7 + min(length, INIT_DATA)]))
        if len(partial.data) >= length:
            self._dispatch(channel, command, bytes(partial.data))
        else:
            self._partial[channel] = partial

    def _on_continuation(self, channel: int, seq: int, data: bytes) -> None:
        partial = self._partial.get(channel)
        if partial is None:  # a stray continuation: real keys ignore it
            return
        if seq != partial.seq:
            del self._partial[channel]
            self._error(channel, ERR_INVALID_SEQ)
            return
        partial.seq += 1
        partial.data += data[5 : 5 + min(CONT_DATA, partial.length - len(partial.data))]
        if len(partial.data) >= partial.length:
            del self._partial[channel]
            self._dispatch(channel, partial.command, bytes(partial.data))

    # --- commands ----------------------------------------------------------------------------

    def _init(self, channel: int, nonce: bytes | None) -> None:
        if nonce is None:
            self._error(channel, ERR_INVALID_LEN)
            return
        if channel == BROADCAST:
            new = self.authenticator.open_channel()
            self._opened.add(new)
        elif self.authenticator.has_channel(channel):  # resynchronise: abort its request
            new = channel
            self.authenticator.cancel(channel)
        else:
            self._error(channel, ERR_INVALID_CHANNEL)
            return
        body = nonce + struct.pack(">IB3BB", new, PROTOCOL_VERSION, *DEVICE_VERSION, CAPABILITIES)
        self._send(channel, CTAPHID.INIT, body)

    def _dispatch(self, channel: int, command: int, payload: bytes) -> None:
        if command == CTAPHID.PING:
            self._send(channel, CTAPHID.PING, payload)
        elif command == CTAPHID.WINK:
            self.authenticator.winks += 1
            self._send(channel, CTAPHID.WINK, b"")
        elif command == CTAPHID.CBOR:
            cancel = self.authenticator.begin(channel)
            if cancel is None:
                self._error(channel, ERR_CHANNEL_BUSY)
                return
            threading.Thread(
                target=self._run_cbor,
                args=(channel, payload, cancel),
                name="softkey-cbor",
                daemon=True,
            ).start()
        else:  # MSG (no CTAP1/U2F here: NMSG), LOCK and vendor commands
            self._error(channel, ERR_INVALID_CMD)

    def _run_cbor(self, channel: int, payload: bytes, cancel: threading.Event) -> None:
        def keepalive(status: int) -> None:
            self._send(channel, CTAPHID.KEEPALIVE, bytes([status]))

        response: bytes | None = None
        try:
            response = self.authenticator.process(payload, cancel=cancel, keepalive=keepalive)
        except Exception:  # a bug in the soft key must not leave the host reading forever
            log.exception("the soft key failed on a CBOR request")
        finally:
            self.authenticator.end()
        if response is None:
            self._error(channel, ERR_OTHER)
        else:
            self._send(channel, CTAPHID.CBOR, response)

    # --- framing out -------------------------------------------------------------------------

    def _error(self, channel: int, code: int) -> None:
        self._send(channel, CTAPHID.ERROR, bytes([code]))

    def _send(self, channel: int, command: int, payload: bytes) -> None:
        """Queue one message's packets together (a keepalive never splits an answer)."""
        if self._closed:
            return
        with self._out_lock:
            for packet in frame(channel, command, payload):
                self.sent.append(packet)
                self._out.put(packet)


def hid_descriptor(serial: int = 1) -> HidDescriptor:
    """The descriptor a platform backend would build, sizes read from the report descriptor."""
    size_in, size_out = parse_report_descriptor(REPORT_DESCRIPTOR)
    return HidDescriptor(
        path=f"soft-key-{serial}",
        vid=0x1209,  # pid.codes' open-source vendor id
        pid=0x000F,
        report_size_in=size_in,
        report_size_out=size_out,
        product_name="IAM Desk Soft Key",
        serial_number=str(serial),
    )


def soft_device(authenticator: SoftAuthenticator, *, serial: int = 1) -> CtapHidDevice:
    """python-fido2's real CtapHidDevice over a SoftHidConnection."""
    return CtapHidDevice(hid_descriptor(serial), SoftHidConnection(authenticator))
