"""The .deb: built once per session by packaging/build.sh, unpacked, then run for real."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app import __version__

ROOT = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT_S = 1800
RUN_TIMEOUT_S = 120
PASSWORD = "Correct-Horse-Battery-9"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

pytestmark = [
    pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb is not installed"),
    pytest.mark.timeout(BUILD_TIMEOUT_S + 300),
]


@dataclass(frozen=True)
class Package:
    """A built .deb, its control fields and the tree it unpacks to; ``lintian`` is lintian's
    run over it, started as soon as it was built (it takes a core for 40 s, beside the other
    tests here, which mostly wait on the frozen commands)."""

    deb: Path
    fields: dict[str, str]
    root: Path
    lintian: subprocess.Popen[str] | None = None

    @property
    def bundle(self) -> Path:
        return self.root / "opt" / "iamdesk"

    def depends(self) -> set[str]:
        return {item.split()[0] for item in self.fields["Depends"].split(",")}

    def recommends(self) -> set[str]:
        return {item.split()[0] for item in self.fields.get("Recommends", "").split(",") if item}


def _control_fields(deb: Path) -> dict[str, str]:
    text = subprocess.run(
        ["dpkg-deb", "--field", str(deb)], check=True, capture_output=True, text=True
    ).stdout
    fields: dict[str, str] = {}
    key = ""
    for line in text.splitlines():
        if line.startswith(" ") and key:
            fields[key] += "\n" + line
        else:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Package]:
    """The .deb packaging/build.sh makes, or the one IAMDESK_TEST_DEB names (built from this
    tree already, e.g. by `make package`: the build takes half an hour on a busy machine)."""
    given = os.environ.get("IAMDESK_TEST_DEB")
    built = _unpacked(Path(given), tmp_path_factory) if given else _built(tmp_path_factory)
    if shutil.which("lintian") is None:
        yield built
        return
    lintian = subprocess.Popen(
        ["lintian", "--display-info", "--tag-display-limit", "0", str(built.deb)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield Package(built.deb, built.fields, built.root, lintian)
    finally:
        if lintian.poll() is None:  # its test did not run
            lintian.kill()
        lintian.communicate()


def _built(tmp_path_factory: pytest.TempPathFactory) -> Package:
    out = tmp_path_factory.mktemp("deb-out")
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build.sh"), "deb"],
        cwd=ROOT,
        # lintian is its own test; gzip -1 packs in seconds what xz packs in minutes (the tree
        # is the same; test_release_builds_pack_with_xz checks the release's choice)
        env={**os.environ, "OUT_DIR": str(out), "LINTIAN": "no", "DEB_COMPRESSION": "gzip"},
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
    )
    tail = f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    assert result.returncode == 0, f"build failed:\n{tail}"
    debs = sorted(out.glob("iamdesk_*.deb"))
    assert len(debs) == 1, f"expected one .deb in {out}, found {debs}"
    return _unpacked(debs[0], tmp_path_factory)


def _unpacked(deb: Path, tmp_path_factory: pytest.TempPathFactory) -> Package:
    root = tmp_path_factory.mktemp("deb-root")
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    return Package(deb, _control_fields(deb), root)


@pytest.fixture()
def store_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("IAMDESK_", "QT_", "PYTHON"))
    }
    env.update(
        IAMDESK_HOME=str(tmp_path / "home"),
        IAMDESK_DATABASE_URL=f"sqlite:///{tmp_path / 'store.sqlite3'}",
        IAMDESK_KEY_FILE=str(tmp_path / "wrapping.key"),
    )
    yield env


def _run(
    command: list[str], env: dict[str, str], stdin: str = "", timeout: int = RUN_TIMEOUT_S
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, env=env, input=stdin, capture_output=True, text=True, timeout=timeout
    )


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_control_names_the_version_and_what_the_bundle_does_not_carry(package: Package) -> None:
    assert package.fields["Package"] == "iamdesk"
    assert package.fields["Version"] == __version__
    assert package.deb.name == f"iamdesk_{__version__}_{package.fields['Architecture']}.deb"
    # udev brings 60-fido-id.rules, which let a signed-in user open a security key.
    assert {"libxcb-cursor0", "udev", "libc6"} <= package.depends()


def test_layout_puts_the_app_under_opt_and_commands_on_the_path(package: Package) -> None:
    for command in ("iamdesk", "iamctl"):
        target = package.bundle / command
        assert target.is_file() and os.access(target, os.X_OK)
        link = package.root / "usr" / "bin" / command
        assert link.is_symlink()
        assert os.readlink(link) == f"/opt/iamdesk/{command}"
    internal = package.bundle / "_internal"
    assert (internal / "fido2" / "public_suffix_list.dat").stat().st_size > 10_000
    qt_translations = internal / "PySide6" / "Qt" / "translations"
    assert (qt_translations / "qtbase_zh_CN.qm").is_file()
    assert (qt_translations / "qtbase_de.qm").is_file()
    assert (internal / "resources" / "icons" / "app" / "iamdesk.svg").is_file()
    assert (internal / "app" / "store" / "migrations" / "env.py").is_file()
    share = package.root / "usr" / "share"
    assert (share / "applications" / "iamdesk.desktop").is_file()
    assert (share / "metainfo" / "io.iamdesk.IamDesk.metainfo.xml").is_file()
    assert (share / "doc" / "iamdesk" / "copyright").is_file()


HAS_PORTAL = (ROOT / "portal" / "cli.py").is_file()
needs_portal = pytest.mark.skipif(
    not HAS_PORTAL, reason="portal/ is not in this tree yet (test_portal_package.py: staging)"
)


@needs_portal
def test_the_portal_command_its_pages_and_its_unit_are_shipped(package: Package) -> None:
    target = package.bundle / "iamdesk-portal"
    assert target.is_file() and os.access(target, os.X_OK)
    assert os.readlink(package.root / "usr" / "bin" / "iamdesk-portal") == (
        "/opt/iamdesk/iamdesk-portal"
    )
    source, bundled = ROOT / "portal", package.bundle / "_internal" / "portal"
    missing = [
        str(path.relative_to(source))
        for path in source.rglob("*")
        if path.is_file()
        and path.suffix not in (".py", ".pyc")
        and not (bundled / path.relative_to(source)).is_file()
    ]
    assert not missing, f"portal/ files (templates, static) missing from the bundle: {missing}"
    unit = package.root / "lib" / "systemd" / "system" / "iamdesk-portal.service"
    assert "ExecStart=/opt/iamdesk/iamdesk-portal " in unit.read_text()
    assert (package.root / "etc" / "default" / "iamdesk-portal").is_file()


@needs_portal
def test_the_frozen_portal_refuses_an_empty_store_then_serves(
    package: Package, store_env: dict[str, str]
) -> None:
    portal = str(package.bundle / "iamdesk-portal")
    usage = _run([portal, "--help"], store_env)
    assert usage.returncode == 0 and "--certfile" in usage.stdout, usage.stderr
    port = _free_port()
    refused = _run([portal, "--port", str(port)], store_env, timeout=60)
    assert refused.returncode != 0 and refused.stderr.strip(), refused.stdout
    _init_store(package, store_env)
    server = subprocess.Popen([portal, "--port", str(port)], env=store_env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        assert _healthz(port, server) == 200
    finally:
        server.terminate()
        server.communicate(timeout=30)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _healthz(port: int, server: subprocess.Popen[bytes]) -> int:
    """GET /healthz until the server answers (or has died), within RUN_TIMEOUT_S."""
    import http.client
    import time

    deadline = time.monotonic() + RUN_TIMEOUT_S
    while time.monotonic() < deadline and server.poll() is None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/healthz")
            return connection.getresponse().status
        except OSError:
            time.sleep(0.2)
        finally:
            connection.close()
    raise AssertionError(f"the portal did not answer on port {port} (exit {server.poll()})")


def test_the_whole_resources_tree_is_in_the_bundle(package: Package) -> None:
    # ui.resources.resource_path() looks under sys._MEIPASS/resources when frozen.
    source = ROOT / "resources"
    bundled = package.bundle / "_internal" / "resources"
    missing = [
        str(path.relative_to(source))
        for path in source.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and not (bundled / path.relative_to(source)).is_file()
    ]
    assert not missing, f"resources/ files missing from the bundle: {missing}"


def test_hicolor_icons_have_the_size_their_folder_names(package: Package) -> None:
    hicolor = package.root / "usr" / "share" / "icons" / "hicolor"
    for size in ICON_SIZES:
        assert _png_size(hicolor / f"{size}x{size}" / "apps" / "iamdesk.png") == (size, size)
    assert (hicolor / "scalable" / "apps" / "iamdesk.svg").is_file()


def test_both_commands_print_the_one_version(package: Package, store_env: dict[str, str]) -> None:
    for command in ("iamdesk", "iamctl"):
        result = _run([str(package.bundle / command), "--version"], store_env)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"{command} {__version__}"


def test_a_symlinked_command_finds_its_bundle(
    package: Package, store_env: dict[str, str], tmp_path: Path
) -> None:
    # /usr/bin/iamctl is a symlink: the bootloader must follow it back to /opt/iamdesk.
    link = tmp_path / "iamctl"
    link.symlink_to(package.bundle / "iamctl")
    result = _run([str(link), "--version"], store_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"iamctl {__version__}"


def _init_store(package: Package, env: dict[str, str]) -> None:
    iamctl = str(package.bundle / "iamctl")
    init = _run(
        [iamctl, "init", "--account", "acme", "--email", "a@acme.example", "--password-stdin"],
        env,
        stdin=PASSWORD + "\n",
    )
    assert init.returncode == 0, init.stderr


def test_iamctl_initialises_a_store_and_lists_users(
    package: Package, store_env: dict[str, str]
) -> None:
    iamctl = str(package.bundle / "iamctl")
    _init_store(package, store_env)
    assert Path(store_env["IAMDESK_KEY_FILE"]).stat().st_mode & 0o077 == 0
    # Mobile numbers of two regions: phonenumbers' metadata is loaded by region, by name, and
    # our PyInstaller hook names what it needs (packaging/pyinstaller/hooks/).
    mobiles = {"alice": ("+86 138 0013 8000", "+8613800138000"),
               "bob": ("0049 1512 3456789", "+4915123456789")}  # fmt: skip
    for name, (given, _) in mobiles.items():
        create = _run([iamctl, "user", "create", name, "--email", f"{name}@acme.example",
                       "--mobile", given], store_env)  # fmt: skip
        assert create.returncode == 0, create.stderr
    invalid = _run([iamctl, "user", "create", "carol", "--mobile", "+86 138"], store_env)
    assert invalid.returncode == 1 and "not valid" in invalid.stderr, invalid.stderr
    listing = _run([iamctl, "user", "list", "--json"], store_env)
    assert listing.returncode == 0, listing.stderr
    users = {user["name"]: user["mobile"] for user in json.loads(listing.stdout)}
    assert users == {name: e164 for name, (_, e164) in mobiles.items()}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_iamdesk_starts_offscreen_and_shows_sign_in(
    package: Package, store_env: dict[str, str], language: str
) -> None:
    _init_store(package, store_env)
    env = {
        **store_env,
        "QT_QPA_PLATFORM": "offscreen",
        "IAMDESK_SMOKE_EXIT_MS": "1500",
        "IAMDESK_LANG": language,
    }
    result = _run([str(package.bundle / "iamdesk")], env, timeout=60)
    output = f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert result.returncode == 0, output
    assert "iamdesk: showing signInDialog" in result.stdout.splitlines()
    # Both catalogs load from the bundle: Qt's qtbase_zh_CN.qm and resources/translations.
    assert "no translation" not in result.stderr, output


def _dynamic(elf: Path) -> tuple[list[str], list[str]]:
    """The DT_NEEDED names and the RPATH/RUNPATH entries of one ELF file."""
    result = subprocess.run(
        ["readelf", "--dynamic", "--wide", str(elf)], capture_output=True, text=True
    )
    needed, paths = [], []
    for line in result.stdout.splitlines():
        if "[" not in line:
            continue
        value = line.split("[", 1)[1].rsplit("]", 1)[0]
        if "(NEEDED)" in line:
            needed.append(value)
        elif "(RUNPATH)" in line or "(RPATH)" in line:
            paths.extend(entry for entry in value.split(":") if entry)
    return needed, paths


def _owning_packages(sonames: set[str]) -> dict[str, str]:
    """soname -> the installed Debian package holding it (one dpkg -S for all)."""
    if not sonames:
        return {}
    result = subprocess.run(
        ["dpkg", "-S", *(f"*/{soname}" for soname in sorted(sonames))],
        capture_output=True,
        text=True,
    )
    owners: dict[str, str] = {}
    for line in result.stdout.splitlines():
        packages, _, path = line.partition(": ")
        name = Path(path.strip()).name
        if name in sonames and name not in owners:
            owners[name] = packages.split(",")[0].split(":")[0].strip()
    return owners


def _elf_files(tree: Path) -> list[Path]:
    found = []
    for path in tree.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    found.append(path)
    return found


# The plugins a desktop session loads on X11 (and offscreen). Wayland and EGLFS (and the Qt
# libraries only they use) are optional: their libraries are Recommends or left to the system.
OPTIONAL_QT_LIBRARIES = ("libQt6Wayland", "libQt6WlShell", "libQt6EglFS", "libQt6EglFs")
XCB_PATH_PLUGINS = (
    "platforms/libqxcb.so",
    "platforms/libqoffscreen.so",
    "xcbglintegrations/libqxcb-glx-integration.so",
    "xcbglintegrations/libqxcb-egl-integration.so",
)
needs_readelf = pytest.mark.skipif(
    shutil.which("readelf") is None, reason="readelf (binutils) is not installed"
)


@needs_readelf
def test_every_library_the_bundle_leaves_out_comes_from_depends(package: Package) -> None:
    internal = package.bundle / "_internal"
    plugins = internal / "PySide6" / "Qt" / "plugins"
    elves = [plugins / plugin for plugin in XCB_PATH_PLUGINS]
    elves += [
        p
        for p in internal.rglob("*.so*")
        if plugins not in p.parents and p.is_file() and not p.name.startswith(OPTIONAL_QT_LIBRARIES)
    ]
    carried = {p.name for p in internal.rglob("*.so*")}
    wanted: dict[str, str] = {}  # soname -> the first file needing it
    for elf in elves:
        for soname in _dynamic(elf)[0]:
            if soname in carried or soname.startswith(("libc.so", "libm.so", "ld-linux")):
                continue
            wanted.setdefault(soname, elf.name)
    owners = _owning_packages(set(wanted))
    missing = {
        soname: f"{owners.get(soname, 'no installed package')} (needed by {needer})"
        for soname, needer in wanted.items()
        if owners.get(soname) not in package.depends()
    }
    assert not missing, f"libraries neither bundled nor in Depends: {missing}"


@needs_readelf
def test_no_elf_file_looks_for_libraries_on_the_build_machine(package: Package) -> None:
    # The build's Python (pyenv, /usr/local, a venv) leaves RUNPATHs naming its own lib folder;
    # only $ORIGIN-relative ones (Qt's plugins finding the bundled Qt) may stay.
    foreign = {}
    for elf in _elf_files(package.root):
        outside = [entry for entry in _dynamic(elf)[1] if not entry.startswith("$ORIGIN")]
        if outside:
            foreign[str(elf.relative_to(package.root))] = outside
    assert not foreign, f"RUNPATH/RPATH outside the bundle: {foreign}"


def test_lintian_reports_no_errors_and_every_override_is_used(package: Package) -> None:
    if shutil.which("lintian") is None:
        if os.environ.get("CI") or os.environ.get("IAMDESK_REQUIRE_ALL"):
            pytest.fail("lintian is not installed: apt-get install lintian")
        pytest.skip("lintian is not installed")
    assert package.lintian is not None
    output, _ = package.lintian.communicate(timeout=BUILD_TIMEOUT_S)
    lines = output.splitlines()
    errors = [line for line in lines if line.startswith("E:")]
    assert not errors, "\n".join(errors)
    # An override lintian no longer needs hides nothing and would hide a future real finding.
    stale = [line for line in lines if "unused-override" in line or "mismatched-override" in line]
    assert not stale, "\n".join(stale)
