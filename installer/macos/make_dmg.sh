#!/usr/bin/env bash
# Pack DIST_DIR/Couple Canvas.app (installer/macos/build_app.sh) into DIST_DIR/CoupleCanvas-<version>-macos.dmg: a disk
# image holding the app beside a link to /Applications, so installing is one drag.
#   installer/macos/make_dmg.sh [DIST_DIR [VERSION]]
# DIST_DIR defaults to dist/; VERSION to the package's own (couplecanvas.__version__, read with $PYTHON, default the
# repo's .venv).
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
dmg="$dist/CoupleCanvas-$version-macos.dmg"

if [[ ! -d "$app" ]]; then
    echo "make_dmg.sh: $app is missing: run installer/macos/build_app.sh first" >&2
    exit 1
fi

staging="$(mktemp -d)"
trap 'rm -rf -- "$staging"' EXIT
ditto "$app" "$staging/Couple Canvas.app"
ln -s /Applications "$staging/Applications"

rm -f -- "$dmg"
hdiutil create -volname "Couple Canvas" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$dmg"
hdiutil verify "$dmg"
echo "disk image: $dmg"
