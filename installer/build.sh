#!/usr/bin/env bash
# Build Couple Canvas for the platform this runs on.
#     installer/build.sh [--dist DIR] [--work DIR] [--no-icons] [--no-archive]
# 1. icons: installer/make_icons.py renders resources/icon.svg into build/icons (skipped with --no-icons or when the
#    script is absent);
# 2. the bundle: PyInstaller with installer/couplecanvas.spec into DIST/couplecanvas/ (executable
#    DIST/couplecanvas/couplecanvas), DIST defaulting to dist/ at the top of the repository;
# 3. per platform: Linux: the .desktop file, the icons and install.sh go into the folder, which is packed as
#    DIST/couplecanvas-<version>-linux-x86_64.tar.gz (and an AppImage when appimagetool is on the PATH: it is not
#    in the package registries we reach); macOS: installer/macos/build_app.sh (PyInstaller made DIST/Couple
#    Canvas.app; it finishes it and makes the dmg); Windows (Git Bash): installer/windows/build_installer.sh (Inno
#    Setup with installer/windows/couplecanvas.iss; the bundle holds couplecanvas.exe, windowed, and
#    couplecanvas-cli.exe, its console twin for the command line and --self-test).
# The version is the package's own (couplecanvas.__version__). PYTHON picks the interpreter (default .venv's).
set -euo pipefail
root="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
dist="$root/dist"
work="$root/build/pyinstaller"
icons=1
archive=1
while [ $# -gt 0 ]; do
    case "$1" in
        --dist) dist="$2"; shift 2 ;;
        --work) work="$2"; shift 2 ;;
        --no-icons) icons=0; shift ;;
        --no-archive) archive=0; shift ;;
        -h|--help) sed -n '2,12p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "build.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
mkdir -p "$dist" "$work"
dist="$(cd -- "$dist" && pwd -P)"
if [ -z "${PYTHON:-}" ]; then
    if [ -x "$root/.venv/bin/python" ]; then PYTHON="$root/.venv/bin/python"; else PYTHON="$root/.venv/Scripts/python.exe"; fi
fi
version="$("$PYTHON" -c 'import couplecanvas; print(couplecanvas.__version__)')"
case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=macos ;;
    MINGW*|MSYS*|CYGWIN*) os=windows ;;
    *) os=other ;;
esac
echo "Couple Canvas $version: building for $os into $dist"

icon_dir="$root/build/icons"
if [ "$icons" = 1 ] && [ -f "$root/installer/make_icons.py" ]; then
    QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" "$PYTHON" "$root/installer/make_icons.py" "$icon_dir"
fi

# PyInstaller leaves DIST/couplecanvas/ (replacing an earlier one; --noconfirm).
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN --distpath "$dist" --workpath "$work" \
    "$root/installer/couplecanvas.spec"
bundle="$dist/couplecanvas"
echo "bundle: $bundle ($(du -sm "$bundle" | cut -f1) MB unpacked)"

case "$os" in
    linux)
        mkdir -p "$bundle/share/applications"
        cp "$root/installer/linux/couplecanvas.desktop" "$bundle/share/applications/"
        cp "$root/installer/linux/install.sh" "$bundle/install.sh"
        if [ -d "$icon_dir/hicolor" ]; then
            mkdir -p "$bundle/share/icons"
            cp -R "$icon_dir/hicolor" "$bundle/share/icons/"
        fi
        if [ "$archive" = 1 ]; then
            tarball="$dist/couplecanvas-$version-linux-$(uname -m).tar.gz"
            tar -C "$dist" -czf "$tarball" couplecanvas
            echo "archive: $tarball ($(du -sm "$tarball" | cut -f1) MB)"
            if command -v appimagetool >/dev/null; then
                appdir="$dist/CoupleCanvas.AppDir"
                rm -rf "$appdir"
                mkdir -p "$appdir/usr"
                cp -R "$bundle" "$appdir/usr/couplecanvas"
                cp "$root/installer/linux/couplecanvas.desktop" "$appdir/"
                cp "$icon_dir/hicolor/256x256/apps/couplecanvas.png" "$appdir/couplecanvas.png"
                printf '#!/bin/sh\nhere="$(dirname "$(readlink -f "$0")")"\nexec "$here/usr/couplecanvas/couplecanvas" "$@"\n' \
                    >"$appdir/AppRun"
                chmod +x "$appdir/AppRun"
                ARCH="$(uname -m)" appimagetool "$appdir" "$dist/CoupleCanvas-$version-$(uname -m).AppImage"
            else
                echo "AppImage: skipped (appimagetool is not on the PATH; it is published only on GitHub, not in a package registry)"
            fi
        fi
        ;;
    macos)
        bash "$root/installer/macos/build_app.sh" "$dist" "$version"
        ;;
    windows)
        bash "$root/installer/windows/build_installer.sh" "$dist" "$version"
        ;;
esac
