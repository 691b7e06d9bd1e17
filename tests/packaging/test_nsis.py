"""The Windows installer script compiles with makensis against a stand-in PyInstaller folder."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from app import __version__

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "windows" / "iamdesk.nsi"
MAKENSIS = shutil.which("makensis")
COMMANDS = ("iamdesk.exe", "iamctl.exe", "iamdesk-portal.exe")  # the portal's server too

pytestmark = [
    pytest.mark.skipif(MAKENSIS is None, reason="makensis (NSIS) is not installed"),
    pytest.mark.timeout(600),
]


def _stand_in(tree: Path, files: tuple[str, ...]) -> Path:
    bundle = tree / "iamdesk"
    (bundle / "_internal" / "PySide6").mkdir(parents=True)
    for name in files:
        (bundle / name).write_bytes(b"stand-in for " + name.encode())
    (bundle / "_internal" / "PySide6" / "Qt6Core.dll").write_bytes(b"stand-in")
    return bundle


def _makensis(bundle: Path, out_file: Path, *defines: str) -> subprocess.CompletedProcess[str]:
    command = [
        str(MAKENSIS),
        "-V2",
        "-WX",  # a warning is a failure: the real build must be clean too
        f"-DBUNDLE_DIR={bundle}",
        f"-DOUT_FILE={out_file}",
        *defines,
        str(SCRIPT),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def test_script_compiles_and_takes_the_version_from_the_app(tmp_path: Path) -> None:
    bundle = _stand_in(tmp_path, COMMANDS)
    out_file = tmp_path / "iamdesk-stand-in-installer.exe"
    result = _makensis(bundle, out_file)  # no VERSION: read from app/__init__.py
    assert result.returncode == 0, result.stdout + result.stderr
    data = out_file.read_bytes()
    assert data[:2] == b"MZ"
    assert b"NullsoftInst" in data
    # The version resource (UTF-16 strings, uncompressed) carries __version__.
    assert __version__.encode("utf-16-le") in data
    assert "IAM Desk".encode("utf-16-le") in data


@pytest.mark.parametrize("missing", ["iamctl.exe", "iamdesk-portal.exe"])
def test_script_refuses_a_bundle_without_a_command(tmp_path: Path, missing: str) -> None:
    bundle = _stand_in(tmp_path, tuple(c for c in COMMANDS if c != missing))
    out_file = tmp_path / "iamdesk-stand-in-installer.exe"
    result = _makensis(bundle, out_file, f"-DVERSION={__version__}")
    assert result.returncode != 0
    assert missing in result.stdout + result.stderr


def test_build_script_check_compiles_the_stand_in(tmp_path: Path) -> None:
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build.sh"), "nsis-check"],
        cwd=ROOT,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin", "BUILD_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / f"iamdesk-{__version__}-setup-stand-in.exe").is_file()
