#!/usr/bin/env bash
# Sets up what ./run-app and ./run-tests need, and skips every step that is already done:
#   1. (Linux) the system libraries Qt loads; installed with apt-get when running as root on Debian/Ubuntu,
#      otherwise named in one line (the app may still run, e.g. offscreen);
#   2. a Python >= 3.11 and the virtualenv .venv in the repo root;
#   3. the exact pins of requirements/build.lock and requirements/<mode>.lock, every file checked against the sha256
#      recorded in the lock (pip --require-hashes), then the project itself, editable, built with the locked
#      setuptools (pip install --no-deps --no-build-isolation -e .); only when a lock or pyproject.toml changed
#      since the last install (a sha256 stamp in .venv). scripts/lock.sh regenerates the locks from pyproject.toml.
#
# Usage: scripts/bootstrap.sh app|test
#   app:  runtime packages (requirements/app.lock) and the libraries for a real window.
#   test: also the test tools (requirements/test.lock, a superset of app.lock), Xvfb, xauth and pdftoppm.
# Works from any directory and from a repo path with spaces. Prints nothing when everything is in place.
set -euo pipefail

MODE="${1:-}"
case "$MODE" in
    app | test) ;;
    *)
        echo "usage: scripts/bootstrap.sh app|test" >&2
        exit 2
        ;;
esac

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd -- "$ROOT"

VENV="$ROOT/.venv"
VENV_PY="$VENV/bin/python"

say() { echo "bootstrap: $*" >&2; }
die() {
    say "error: $*"
    exit 1
}

# --- 1. System libraries (Linux only; the macOS and Windows wheels bundle what Qt needs) --------------------------

# "soname:debian-package" pairs. Needed even offscreen:
BASE_LIBS=(
    libGL.so.1:libgl1
    libEGL.so.1:libegl1
    libfontconfig.so.1:libfontconfig1
    libglib-2.0.so.0:libglib2.0-0
    libdbus-1.so.3:libdbus-1-3
    libxkbcommon.so.0:libxkbcommon0
)
# Needed by the xcb platform plugin for a real window (a desktop, or Xvfb in the tests):
WINDOW_LIBS=(
    libxcb-cursor.so.0:libxcb-cursor0
    libxcb-icccm.so.4:libxcb-icccm4
    libxcb-image.so.0:libxcb-image0
    libxcb-keysyms.so.1:libxcb-keysyms1
    libxcb-render-util.so.0:libxcb-render-util0
    libxcb-shape.so.0:libxcb-shape0
    libxcb-xkb.so.1:libxcb-xkb1
    libxkbcommon-x11.so.0:libxkbcommon-x11-0
    libX11-xcb.so.1:libx11-xcb1
)
# "command:debian-package" pairs needed by the test suite only:
TEST_COMMANDS=(
    Xvfb:xvfb
    xauth:xauth
    pdftoppm:poppler-utils
    objdump:binutils
)

is_root() { [ "$(id -u)" = 0 ]; }
can_apt() { is_root && command -v apt-get >/dev/null 2>&1; }

apt_install() {
    say "installing with apt-get: $*"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

check_system_packages() {
    [ "$(uname -s)" = Linux ] || return 0

    local ldconfig_bin cache="" pair missing=()
    ldconfig_bin="$(command -v ldconfig || true)"
    for candidate in /sbin/ldconfig /usr/sbin/ldconfig; do
        [ -n "$ldconfig_bin" ] && break
        [ -x "$candidate" ] && ldconfig_bin="$candidate"
    done
    if [ -n "$ldconfig_bin" ]; then
        cache="$("$ldconfig_bin" -p 2>/dev/null || true)"
        for pair in "${BASE_LIBS[@]}" "${WINDOW_LIBS[@]}"; do
            # ldconfig -p lines look like: "<tab>libGL.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libGL.so.1"
            [[ "$cache" == *[[:space:]]"${pair%%:*} ("* ]] || missing+=("${pair#*:}")
        done
    fi
    if [ "$MODE" = test ]; then
        for pair in "${TEST_COMMANDS[@]}"; do
            command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
        done
    fi
    [ "${#missing[@]}" -eq 0 ] && return 0

    if can_apt; then
        apt_install "${missing[@]}"
    elif command -v apt-get >/dev/null 2>&1; then
        say "note: missing system packages Qt may need: ${missing[*]} (install: sudo apt-get install ${missing[*]})"
    else
        say "note: missing system packages Qt may need (Debian names): ${missing[*]}"
    fi
}

# --- 2. Python and the virtualenv ------------------------------------------------------------------------------------

PY_CANDIDATES=(python3.13 python3.12 python3.11 python3)

find_python() {
    local candidate
    for candidate in "${PY_CANDIDATES[@]}"; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

# The venv's scripts carry its absolute path, so a venv copied or moved with the repo is rebuilt.
venv_moved() {
    local recorded=""
    [ -f "$VENV/.bootstrap-root" ] && IFS= read -r recorded <"$VENV/.bootstrap-root"
    [ -n "$recorded" ] && [ "$recorded" != "$ROOT" ]
}

venv_works() {
    [ -x "$VENV_PY" ] && ! venv_moved &&
        "$VENV_PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

create_venv() {
    local python version
    python="$(find_python)" ||
        die "no Python >= 3.11 found (tried ${PY_CANDIDATES[*]}); install Python 3.11 or newer and run this again"
    version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"

    # Debian and Ubuntu ship venv's ensurepip in a separate package.
    if ! "$python" -c 'import ensurepip' >/dev/null 2>&1; then
        if can_apt; then
            apt_install "python$version-venv"
        else
            die "$python cannot create a virtualenv (no ensurepip); install python$version-venv (Debian/Ubuntu) and run this again"
        fi
    fi

    if [ -e "$VENV" ]; then
        say "recreating .venv (it is broken, was moved, or is older than Python 3.11) with $python ($version)"
        "$python" -m venv --clear "$VENV"
    else
        say "creating .venv with $python ($version)"
        "$python" -m venv "$VENV"
    fi
    printf '%s\n' "$ROOT" >"$VENV/.bootstrap-root"
    "$VENV_PY" -m pip install -q --disable-pip-version-check --upgrade pip ||
        say "note: could not upgrade pip; going on with the bundled one"
}

# --- 3. Packages -----------------------------------------------------------------------------------------------------

# Prints "<app hash> <test hash>": sha256 over the files each mode installs from (test.lock holds app.lock's pins).
stamp_hashes() {
    "$VENV_PY" - requirements/build.lock requirements/app.lock requirements/test.lock pyproject.toml <<'PY'
import hashlib
import sys

build_lock, app_lock, test_lock, pyproject = sys.argv[1:]


def digest(*paths):
    h = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as f:
            data = f.read()
        h.update(f"{path}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


print(digest(build_lock, app_lock, pyproject), digest(build_lock, app_lock, test_lock, pyproject))
PY
}

read_stamp() { cat -- "$VENV/.bootstrap-$1.sha256" 2>/dev/null || true; }

install_packages() {
    local hashes app_hash test_hash
    hashes="$(stamp_hashes)"
    app_hash="${hashes%% *}"
    test_hash="${hashes##* }"

    # Fast path. A venv set up for the tests also serves the app (test.lock is a superset of app.lock),
    # so app mode never reinstalls, let alone downgrades, a test venv.
    if [ "$(read_stamp test)" = "$test_hash" ]; then
        return 0
    fi
    if [ "$MODE" = app ] && [ "$(read_stamp app)" = "$app_hash" ]; then
        return 0
    fi

    local lock="requirements/$MODE.lock"
    say "installing $lock and the project into .venv (first run, or a lock or pyproject.toml changed)"
    # Two steps: --require-hashes applies to a whole pip command, and the local project has no hash to check.
    "$VENV_PY" -m pip install -q --disable-pip-version-check --require-hashes -r requirements/build.lock -r "$lock"
    # -qq: setuptools' advice about the package layout is for whoever edits pyproject.toml; errors still show.
    "$VENV_PY" -m pip install -qq --disable-pip-version-check --no-deps --no-build-isolation -e .

    if [ "$MODE" = test ]; then
        echo "$test_hash" >"$VENV/.bootstrap-test.sha256"
        echo "$app_hash" >"$VENV/.bootstrap-app.sha256"
    else
        echo "$app_hash" >"$VENV/.bootstrap-app.sha256"
    fi
}

check_system_packages
venv_works || create_venv
install_packages
