#!/bin/sh
# Add Couple Canvas to this user's application menu (no root needed), from the folder this script sits in:
#     ./install.sh            the menu entry and the icons, for this user
#     ./install.sh --remove   takes them away again (the app's folder and your data stay where they are)
# Your records live in the data folder (~/.local/share/CoupleCanvas), never in this folder: removing the app keeps them.
set -eu
here="$(cd -- "$(dirname -- "$0")" && pwd -P)"
share="${XDG_DATA_HOME:-$HOME/.local/share}"
if [ "${1:-}" = "--remove" ]; then
    rm -f "$share/applications/couplecanvas.desktop"
    find "$share/icons/hicolor" -name 'couplecanvas.*' -delete 2>/dev/null || true
    echo "Couple Canvas is no longer in the menu. Delete $here to remove the app; your data is untouched."
    exit 0
fi
mkdir -p "$share/applications" "$share/icons"
cp -R "$here/share/icons/hicolor" "$share/icons/"
sed -e "s|^Exec=.*|Exec=\"$here/couplecanvas\"|" -e "s|^TryExec=.*|TryExec=$here/couplecanvas|" \
    "$here/share/applications/couplecanvas.desktop" >"$share/applications/couplecanvas.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database "$share/applications" || true
echo "Couple Canvas is in the application menu (Office). Run it from there, or $here/couplecanvas"
