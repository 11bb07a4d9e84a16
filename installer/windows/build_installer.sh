#!/usr/bin/env bash
# Build the Windows installer, DIST_DIR/CoupleCanvas-<version>-windows-setup.exe, with Inno Setup from
# installer/windows/couplecanvas.iss. Runs on Windows under Git Bash (or MSYS2), after installer/build.sh has made the
# bundle (DIST_DIR/couplecanvas) and the icons (build/icons).
#   installer/windows/build_installer.sh [DIST_DIR [VERSION]]
# DIST_DIR defaults to dist/. VERSION is the package's own: installer/build.sh passes couplecanvas.__version__, and
# without it this script reads it with $PYTHON (default: the repo's .venv).
# ISCC.exe (Inno Setup 6.3 or newer) is taken from $ISCC, from PATH, or from its usual install folders.
set -euo pipefail
root="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)"
cd -- "$root"

dist="${1:-dist}"
version="${2:-}"
if [[ -z "$version" ]]; then
    python="${PYTHON:-}"
    if [[ -z "$python" ]]; then
        python=python
        for candidate in .venv/Scripts/python.exe .venv/bin/python; do
            if [[ -x "$candidate" ]]; then
                python="$candidate"
                break
            fi
        done
    fi
    version="$("$python" -c 'import couplecanvas; print(couplecanvas.__version__)')"
fi

for needed in "$dist/couplecanvas/couplecanvas.exe" "build/icons/couplecanvas.ico"; do
    if [[ ! -f "$needed" ]]; then
        echo "build_installer.sh: $needed is missing: run installer/build.sh on Windows first" >&2
        exit 1
    fi
done

iscc="${ISCC:-}"
if [[ -z "$iscc" ]]; then
    if command -v iscc > /dev/null 2>&1; then
        iscc=iscc
    else
        # Installed for this user only (LOCALAPPDATA\Programs) or for everyone (Program Files).
        user_programs="/nonexistent"
        if [[ -n "${LOCALAPPDATA:-}" ]] && command -v cygpath > /dev/null 2>&1; then
            user_programs="$(cygpath -u "$LOCALAPPDATA")/Programs"
        fi
        for candidate in "$user_programs/Inno Setup 6/ISCC.exe" "/c/Program Files (x86)/Inno Setup 6/ISCC.exe" \
                         "/c/Program Files/Inno Setup 6/ISCC.exe"; do
            if [[ -f "$candidate" ]]; then
                iscc="$candidate"
                break
            fi
        done
    fi
fi
if [[ -z "$iscc" ]]; then
    echo "build_installer.sh: ISCC.exe not found: install Inno Setup 6 (winget install JRSoftware.InnoSetup)" \
         "or set ISCC to its path" >&2
    exit 1
fi

# ISCC is a Windows program: it gets the folder as a Windows path, and MSYS must not rewrite /DName=... as a path.
dist_for_iscc="$dist"
if command -v cygpath > /dev/null 2>&1; then
    dist_for_iscc="$(cygpath -w "$dist")"
fi
MSYS2_ARG_CONV_EXCL='*' "$iscc" "/DAppVersion=$version" "/DDistDir=$dist_for_iscc" 'installer\windows\couplecanvas.iss'
setup="$dist/CoupleCanvas-$version-windows-setup.exe"
if [[ ! -f "$setup" ]]; then
    echo "build_installer.sh: ISCC did not write $setup" >&2
    exit 1
fi
echo "installer: $setup"
