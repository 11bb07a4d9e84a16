#!/usr/bin/env bash
# Regenerates the hashed locks in requirements/ from pyproject.toml, with uv's resolver:
#   requirements/app.lock    the runtime dependencies ([project] dependencies)
#   requirements/test.lock   the same pins plus the `test` extra (pytest, PyInstaller, ruff, mypy, ...)
#   requirements/build.lock  the build backend ([build-system] requires, pinned as in test.lock): bootstrap.sh installs
#                            it so the editable install and the wheel test build without fetching unhashed packages
# Each lock is universal: one file resolves for Linux, macOS and Windows on Python 3.11 and newer (platform-only
# packages carry markers), with the sha256 of every wheel and sdist of each pinned version.
#
# Usage: scripts/lock.sh            keep every pin that still fits pyproject.toml, add or move only what must change
#        scripts/lock.sh --upgrade  move every package to the newest version its range allows
# Then run scripts/bootstrap.sh test (it sees the new locks) and the tests, and commit the locks with pyproject.toml.
# Needs a Python >= 3.11 and the package registry; uv is taken from PATH, or installed at the pinned version below
# into a throwaway virtualenv.
set -euo pipefail

UV_VERSION="0.13.9"
ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd -- "$ROOT"

upgrade=()
case "${1:-}" in
    "") ;;
    --upgrade) upgrade=(--upgrade) ;;
    *)
        echo "usage: scripts/lock.sh [--upgrade]" >&2
        exit 2
        ;;
esac

PY="$(command -v python3.11 || command -v python3)"
tools=""
cleanup() { [ -z "$tools" ] || rm -rf -- "$tools"; }
trap cleanup EXIT

uv_on_path="$(uv --version 2>/dev/null || true)" # "uv 0.13.9 (...)"
if [ "${uv_on_path%% (*}" = "uv $UV_VERSION" ]; then
    UV=uv
else
    tools="$(mktemp -d)"
    "$PY" -m venv "$tools/venv"
    "$tools/venv/bin/python" -m pip install -q --disable-pip-version-check "uv==$UV_VERSION"
    UV="$tools/venv/bin/uv"
fi

# Same options for every lock; --custom-compile-command puts this script, not uv's command, in each file's header.
compile() {
    "$UV" pip compile --quiet --universal --python-version 3.11 --generate-hashes \
        --custom-compile-command "scripts/lock.sh" ${upgrade[@]+"${upgrade[@]}"} "$@"
}

compile pyproject.toml -o requirements/app.lock
# Constrained by app.lock so the packages both install are pinned alike, and a test venv also runs the app.
compile pyproject.toml --extra test -c requirements/app.lock -o requirements/test.lock
"$PY" -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"]))' |
    compile - -c requirements/test.lock -o requirements/build.lock
