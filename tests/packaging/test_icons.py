"""The committed icon renders (PNG per size, .ico) still match resources/icons/app/iamdesk.svg.

The installers read the committed renders; `packaging/build.sh icons` makes them again after the
SVG changes. Rendering happens in a child process so this test process never loads Qt.
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons" / "app"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# Largest per-channel difference allowed between a fresh render and the committed one: room for
# another Qt version's antialiasing, far below what any edit of the drawing would change.
TOLERANCE = 24

COMPARE = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from render_icons import render_all
from PySide6.QtGui import QImage

fresh, committed = Path(sys.argv[2]), Path(sys.argv[3])
render_all(committed / "iamdesk.svg", fresh)
result = {}
for size in map(int, sys.argv[4:]):
    a = QImage(str(fresh / f"iamdesk-{size}.png")).convertToFormat(QImage.Format.Format_ARGB32)
    b = QImage(str(committed / f"iamdesk-{size}.png")).convertToFormat(QImage.Format.Format_ARGB32)
    if a.size() != b.size():
        result[size] = f"size {b.width()}x{b.height()}, want {size}x{size}"
        continue
    worst = 0
    for y in range(size):
        row_a, row_b = bytes(a.constScanLine(y))[: size * 4], bytes(b.constScanLine(y))[: size * 4]
        if row_a != row_b:
            worst = max(worst, max(abs(p - q) for p, q in zip(row_a, row_b)))
    result[size] = worst
print(json.dumps(result))
"""


def test_committed_pngs_are_renders_of_the_svg(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            COMPARE,
            str(ROOT / "packaging"),
            str(tmp_path),
            str(ICONS),
            *map(str, SIZES),
        ],
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    differences = json.loads(result.stdout.strip().splitlines()[-1])
    stale = {
        size: diff
        for size, diff in differences.items()
        if isinstance(diff, str) or diff > TOLERANCE
    }
    assert not stale, (
        f"resources/icons/app renders differ from iamdesk.svg {stale}: "
        "run `packaging/build.sh icons` and commit the PNGs and iamdesk.ico"
    )


def test_ico_holds_the_sizes_windows_shows() -> None:
    data = (ICONS / "iamdesk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for index in range(count):
        width, height = struct.unpack("<BB", data[6 + 16 * index : 8 + 16 * index])
        sizes.append((width or 256, height or 256))
    assert sizes == [(16, 16), (24, 24), (32, 32), (48, 48), (256, 256)]
