"""FIDO2 security keys over USB (python-fido2), and Windows' WebAuthn client."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from fido2.client import (
    ClientError,
    DefaultClientDataCollector,
    Fido2Client,
    UserInteraction,
    WebAuthnClient,
)
from fido2.ctap import CtapError
from fido2.ctap2 import Ctap2
from fido2.hid import CtapHidDevice

from app.errors import DeviceError

log = logging.getLogger(__name__)


class KeyInteraction(Protocol):
    """What a front end does while a key is working (called from the worker thread)."""

    def touch_requested(self) -> None:
        """The key waits for a touch: show "Touch your security key"."""

    def pin_requested(self) -> str | None:
        """The key needs its PIN: return it, or None to cancel."""


@dataclass(frozen=True)
class KeyDevice:
    """A security key found on USB. ``handle`` is the python-fido2 device."""

    id: str
    product: str
    has_pin: bool
    handle: Any


def _describe(device: CtapHidDevice) -> KeyDevice:
    has_pin = False
    try:
        options = Ctap2(device).info.options
        has_pin = bool(options.get("clientPin")) or bool(options.get("uv"))
    except (CtapError, ValueError, OSError):  # a CTAP1-only key: no PIN
        pass
    path = str(device.descriptor.path)
    return KeyDevice(path, device.product_name or "Security key", has_pin, device)


WINDOWS_SECURITY = "windows-webauthn"


def list_devices(lister: Callable[[], Any] | None = None) -> list[KeyDevice]:
    """The FIDO keys plugged into this workstation (``lister`` is for tests). Where Windows'
    WebAuthn client must be used, one entry stands for it: a non-administrator may not open
    the keys, and Windows asks for the key (or Windows Hello) itself."""
    if lister is None and uses_windows_client():
        return [KeyDevice(WINDOWS_SECURITY, "Windows Security (security key or Windows Hello)",
                          False, None)]  # fmt: skip
    found = list((lister or CtapHidDevice.list_devices)())
    return [_describe(d) for d in found]


class _Interaction(UserInteraction):
    def __init__(self, front_end: KeyInteraction) -> None:
        self._front_end = front_end

    def prompt_up(self) -> None:
        self._front_end.touch_requested()

    def request_pin(self, permissions: Any, rp_id: str | None) -> str | None:
        return self._front_end.pin_requested() or None


def uses_windows_client() -> bool:
    """On Windows a non-administrator cannot talk to USB keys directly: the system's
    WebAuthn API (which also offers Windows Hello) is used instead."""
    if sys.platform != "win32":
        return False
    import ctypes

    from fido2.client.windows import WindowsClient

    return bool(WindowsClient.is_available()) and not ctypes.windll.shell32.IsUserAnAdmin()


def client_for(
    device: KeyDevice | None, origin: str, interaction: KeyInteraction
) -> WebAuthnClient:
    if uses_windows_client():
        from fido2.client.windows import WindowsClient

        return WindowsClient(DefaultClientDataCollector(origin))
    if device is None or device.handle is None:
        raise DeviceError(code="key.none_plugged")
    return Fido2Client(
        device.handle,
        DefaultClientDataCollector(origin),
        user_interaction=_Interaction(interaction),
    )


def user_verification_for(device: KeyDevice | None) -> str:
    # WORKAROUND (python-fido2): asking for UV from a key with neither clientPin nor uv
    # makes the request fail; such keys only prove presence.
    # Windows' own client asks for the PIN or Windows Hello itself.
    if device is None or device.handle is None or device.has_pin:
        return "preferred"
    return "discouraged"


def explain(exc: Exception, cancel: threading.Event | None = None) -> DeviceError:
    """Turn python-fido2's errors into one line an operator can act on."""
    cause = exc.cause if isinstance(exc, ClientError) else exc
    if isinstance(cause, DeviceError):  # raised by the front end's interaction: already clear
        return cause
    code = getattr(cause, "code", None)
    if cancel is not None and cancel.is_set():
        return DeviceError(code="device.cancelled")
    codes = {
        CtapError.ERR.PIN_INVALID: "device.pin_invalid",
        CtapError.ERR.PIN_BLOCKED: "device.pin_blocked",
        CtapError.ERR.PIN_AUTH_BLOCKED: "device.pin_auth_blocked",
        CtapError.ERR.CREDENTIAL_EXCLUDED: "device.already_bound",
        CtapError.ERR.NO_CREDENTIALS: "device.not_bound",
        CtapError.ERR.KEEPALIVE_CANCEL: "device.cancelled",
        CtapError.ERR.ACTION_TIMEOUT: "device.timeout",
        CtapError.ERR.USER_ACTION_TIMEOUT: "device.timeout",
        CtapError.ERR.OPERATION_DENIED: "device.denied",
        CtapError.ERR.PIN_NOT_SET: "device.pin_not_set",
    }
    if code in codes:
        return DeviceError(code=codes[code])
    if isinstance(exc, ClientError) and exc.code is ClientError.ERR.DEVICE_INELIGIBLE:
        return DeviceError(code="device.already_bound")
    if isinstance(exc, ClientError) and exc.code is ClientError.ERR.TIMEOUT:
        return DeviceError(code="device.timeout")
    if (
        isinstance(exc, ClientError)
        and exc.code is ClientError.ERR.BAD_REQUEST
        and "PIN" in repr(exc)
    ):
        return DeviceError(code="device.pin_needed", field="pin")
    log.warning("security key failed: %r", exc)
    return DeviceError(code="device.broken", kind=type(cause).__name__)
