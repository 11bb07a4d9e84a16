#!/usr/bin/env bash
# Finish Couple Canvas.app on macOS and pack it into a disk image.
#   installer/macos/build_app.sh [DIST_DIR [VERSION]]
# PyInstaller's BUNDLE step (installer/couplecanvas.spec, run by installer/build.sh) leaves DIST_DIR/Couple Canvas.app;
# this gives it the Info.plist of installer/macos/Info.plist with the version filled in, the icon from build/icons
# (installer/make_icons.py), signs it again, checks the signature, then runs installer/macos/make_dmg.sh.
# DIST_DIR defaults to dist/. VERSION is the package's own: installer/build.sh passes couplecanvas.__version__, and
# without it this script reads it with $PYTHON (default: the repo's .venv).
# Signed ad hoc (enough to run, also on Apple silicon) unless CODESIGN_IDENTITY names a Developer ID certificate;
# notarizing is a separate, manual step.
set -euo pipefail
root="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)"
cd -- "$root"

dist="${1:-dist}"
version="${2:-}"
if [[ -z "$version" ]]; then
    python="${PYTHON:-.venv/bin/python}"
    [[ -x "$python" ]] || python=python3
    version="$("$python" -c 'import couplecanvas; print(couplecanvas.__version__)')"
fi
app="$dist/Couple Canvas.app"
icon="build/icons/couplecanvas.icns"
template="installer/macos/Info.plist"

# CFBundleShortVersionString is at most three numbers: a release 1.2.0 stays 1.2.0, a 1.3.0rc1 shows as 1.3.0.
short_version="${version%%[!0-9.]*}"
short_version="${short_version%.}"
if [[ ! "$short_version" =~ ^[0-9]+(\.[0-9]+){0,2}$ ]]; then
    echo "build_app.sh: version '$version' has no numbers a Mac can show (CFBundleShortVersionString)" >&2
    exit 1
fi
if [[ ! -x "$app/Contents/MacOS/couplecanvas" ]]; then
    echo "build_app.sh: $app/Contents/MacOS/couplecanvas is missing: build on macOS with installer/build.sh" \
         "(the spec's BUNDLE step makes the .app)" >&2
    exit 1
fi
if [[ ! -f "$icon" ]]; then
    echo "build_app.sh: $icon is missing: run installer/make_icons.py first" >&2
    exit 1
fi

cp "$icon" "$app/Contents/Resources/couplecanvas.icns"
sed -e "s/@VERSION@/$short_version/g" "$template" > "$app/Contents/Info.plist"
plutil -lint "$app/Contents/Info.plist"

identity="${CODESIGN_IDENTITY:--}"
if [[ "$identity" == "-" ]]; then
    codesign --force --deep --sign - "$app"
else
    codesign --force --deep --options runtime --timestamp --sign "$identity" "$app"
fi
codesign --verify --deep --strict "$app"
echo "app: $app ($version)"

bash "$root/installer/macos/make_dmg.sh" "$dist" "$version"
