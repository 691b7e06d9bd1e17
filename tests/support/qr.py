"""Decode QR codes from screenshots, as a phone's authenticator app would (zxing-cpp)."""

from __future__ import annotations

import zxingcpp
from PySide6.QtGui import QImage


def decode_qr(image: QImage) -> list[str]:
    """The text of every QR code in ``image``. QR codes only: read as any format, a random
    secret's modules now and then also decoded as a spurious 1D code (seen: 'D/2D')."""
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return [r.text for r in found]
