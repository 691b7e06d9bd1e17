"""Which client a security key goes through: USB directly, or Windows' WebAuthn client."""

from __future__ import annotations

import pytest

from app.devices import fido
from app.errors import DeviceError


def _no_usb() -> list[object]:
    raise AssertionError("a non-administrator on Windows must not open USB keys")


def test_a_windows_non_administrator_gets_one_windows_security_entry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fido, "uses_windows_client", lambda: True)
    monkeypatch.setattr(fido.CtapHidDevice, "list_devices", _no_usb)
    [entry] = fido.list_devices()
    assert entry.id == fido.WINDOWS_SECURITY and entry.handle is None
    assert "Windows" in entry.product
    assert fido.user_verification_for(entry) == "preferred"  # Windows asks for PIN/Hello


def test_elsewhere_the_keys_are_listed_from_usb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fido.CtapHidDevice, "list_devices", lambda: [])
    assert not fido.uses_windows_client()  # not Windows here
    assert fido.list_devices() == []
    with pytest.raises(DeviceError, match="no security key is plugged in"):
        fido.client_for(None, "https://iamdesk.local", object())  # type: ignore[arg-type]


def test_a_key_without_pin_or_uv_is_not_asked_for_verification() -> None:
    plain = fido.KeyDevice("usb-1", "Key", False, object())
    with_pin = fido.KeyDevice("usb-2", "Key", True, object())
    assert fido.user_verification_for(plain) == "discouraged"
    assert fido.user_verification_for(with_pin) == "preferred"
