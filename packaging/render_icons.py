"""Render the app icon's SVG to the PNG sizes the desktops want and to a Windows .ico."""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICON_DIR = ROOT / "resources" / "icons" / "app"
SVG = ICON_DIR / "iamdesk.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# Windows shows 16-48 from bitmaps and 256 from a PNG held inside the .ico.
ICO_BITMAP_SIZES = (16, 24, 32, 48)
ICO_PNG_SIZE = 256


def render_png(renderer: object, size: int) -> bytes:
    """One square render of ``renderer`` at ``size`` pixels, encoded as PNG."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QPainter

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)  # type: ignore[attr-defined]
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError(f"could not encode the {size}px icon as PNG")
    buffer.close()
    return bytes(data.data())


def _dib(png: bytes) -> bytes:
    """A 32-bit bottom-up BMP body (colour rows, then an empty AND mask) for an .ico entry."""
    from PySide6.QtGui import QImage

    image = QImage.fromData(png, "PNG").convertToFormat(QImage.Format.Format_ARGB32)
    width, height = image.width(), image.height()
    rows = [bytes(image.constScanLine(y))[: width * 4] for y in range(height)]
    colour = b"".join(reversed(rows))  # Format_ARGB32 is B, G, R, A in memory on x86/ARM
    mask_stride = ((width + 31) // 32) * 4
    mask = bytes(mask_stride * height)  # the alpha channel decides; the mask is all "draw"
    header = struct.pack(
        "<IiiHHIIiiII", 40, width, height * 2, 1, 32, 0, len(colour) + len(mask), 0, 0, 0, 0
    )
    return header + colour + mask


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .ico holding bitmaps for the small sizes and the PNG for 256 px."""
    entries = [(size, _dib(pngs[size])) for size in ICO_BITMAP_SIZES]
    entries.append((ICO_PNG_SIZE, pngs[ICO_PNG_SIZE]))
    directory = struct.pack("<HHH", 0, 1, len(entries))
    offset = 6 + 16 * len(entries)
    body = b""
    for size, blob in entries:
        side = 0 if size >= 256 else size  # 0 means 256 in an .ico directory
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        body += blob
    return directory + body


def render_all(svg: Path, out_dir: Path) -> list[Path]:
    """Write ``iamdesk-<size>.png`` for every size and ``iamdesk.ico`` into ``out_dir``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise RuntimeError(f"{svg} is not a valid SVG: fix the file and run again")
    out_dir.mkdir(parents=True, exist_ok=True)
    pngs = {size: render_png(renderer, size) for size in PNG_SIZES}
    written = []
    for size, png in pngs.items():
        path = out_dir / f"iamdesk-{size}.png"
        path.write_bytes(png)
        written.append(path)
    ico = out_dir / "iamdesk.ico"
    ico.write_bytes(ico_bytes(pngs))
    written.append(ico)
    del app
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: ``render_icons.py [--svg FILE] [--out DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--svg", type=Path, default=SVG)
    parser.add_argument("--out", type=Path, default=ICON_DIR)
    args = parser.parse_args(argv)
    for path in render_all(args.svg, args.out):
        print(f"rendered {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
