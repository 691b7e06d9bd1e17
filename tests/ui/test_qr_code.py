"""The MFA QR code: painted from qrcode's matrix, decoded back by zxing-cpp to the exact URI."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.security import totp
from tests.support.qr import decode_qr
from ui.widgets.qr_code import QUIET_ZONE, QrCodeWidget, module_matrix


def _decode(image: QImage) -> list[str]:
    return decode_qr(image)


@pytest.mark.parametrize("account", ["acme", "Acme Corp 中文"])
def test_the_painted_code_decodes_to_the_devices_uri(qtbot: QtBot, account: str) -> None:
    secret = totp.new_seed()
    uri = totp.provisioning_uri(secret, account=account, user="alice")
    widget = QrCodeWidget()
    qtbot.addWidget(widget)
    widget.set_text(uri)
    widget.resize(320, 320)
    widget.show()
    qtbot.waitExposed(widget)
    assert _decode(widget.grab().toImage()) == [uri]  # what the screen shows
    assert _decode(widget.render_image(200)) == [uri]


def test_modules_are_whole_pixels_and_the_quiet_zone_is_white(qtbot: QtBot) -> None:
    widget = QrCodeWidget()
    qtbot.addWidget(widget)
    uri = "otpauth://totp/acme:bob?secret=JBSWY3DPEHPK3PXP&issuer=acme"
    widget.set_text(uri)
    matrix = module_matrix(uri)
    count = widget.modules()
    assert count == len(matrix) + 2 * QUIET_ZONE
    image = widget.render_image(count * 6 + 5)  # 6 px per module, 5 px to spare
    offset = 5 // 2
    colours = {image.pixelColor(offset + x, offset + 1).name() for x in range(QUIET_ZONE * 6)}
    assert colours == {"#ffffff"}
    top_left = offset + QUIET_ZONE * 6
    for y in range(7):  # the finder pattern's first rows, sampled at each module's centre
        for x in range(7):
            pixel = image.pixelColor(top_left + x * 6 + 3, top_left + y * 6 + 3).name()
            assert pixel == ("#000000" if matrix[y][x] else "#ffffff")
    widget.clear()
    assert widget.modules() == 0
