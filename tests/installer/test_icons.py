"""installer/make_icons.py renders resources/icon.svg into every icon each platform needs: the freedesktop PNG sizes, a
Windows .ico and a macOS .icns. The script runs for real (offscreen Qt) and its files are read back with Pillow, probed
where the picture is known: the tile, partner A's card, partner B's card."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from couplecanvas.domain.board import PARTNER_CARD_COLOURS
from couplecanvas.domain.couple import PartnerRole

ROOT = Path(__file__).resolve().parents[2]
SVG = ROOT / "resources" / "icon.svg"

HICOLOR = (16, 24, 32, 48, 64, 128, 256, 512)
ICO = (16, 24, 32, 48, 64, 128, 256)
# Pillow names an icns picture by (points, points, scale): 16 to 512 points at 1x and 2x is 16 to 1024 pixels.
ICNS = {(p, p, s) for p in (16, 32, 128, 256, 512) for s in (1, 2)}
MACOS_MARGIN = 100 / 1024  # Apple's app icon grid: on a 1024 px canvas the tile is 824 px (from 128 points up)

TILE = "#2f6470"
# Where, as a fraction of the tile, each colour is known to be (icon.svg is drawn on a 16-unit grid).
PROBES = {
    "tile": ((8 / 16, 1 / 16), TILE),
    "partner A's card": ((5.5 / 16, 6 / 16), PARTNER_CARD_COLOURS[PartnerRole.A]),
    "partner B's card": ((10.5 / 16, 10 / 16), PARTNER_CARD_COLOURS[PartnerRole.B]),
}


def run_make_icons(out_dir: Path) -> list[Path]:
    """Run installer/make_icons.py as the build does, into `out_dir`; the files it says it wrote."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(ROOT / "installer" / "make_icons.py"), str(out_dir)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return [Path(line) for line in done.stdout.splitlines()]


@pytest.fixture(scope="module")
def icons(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("icons")
    run_make_icons(out)
    return out


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _check_picture(image: Image.Image, pixels: int, margin: float = 0.0, what: str = "") -> None:
    """The right size, opaque where the tile is, clear outside its rounded corners, and each known colour where the
    SVG puts it."""
    assert image.size == (pixels, pixels), what
    image = image.convert("RGBA")
    alpha = image.getchannel("A")
    low, high = alpha.getextrema()
    assert high == 255 and low == 0, f"{what}: blank or without its rounded corners (alpha {low}..{high})"
    opaque = sum(1 for value in alpha.tobytes() if value == 255)
    tile_share = (1 - 2 * margin) ** 2
    assert opaque >= 0.8 * tile_share * pixels * pixels, f"{what}: only {opaque} opaque pixels"
    assert image.getpixel((0, 0))[3] == 0, f"{what}: the corner is not clear"
    for name, ((fx, fy), colour) in PROBES.items():
        x = int((margin + fx * (1 - 2 * margin)) * pixels)
        y = int((margin + fy * (1 - 2 * margin)) * pixels)
        r, g, b, a = image.getpixel((x, y))
        want = _rgb(colour)
        assert a == 255 and max(abs(c - w) for c, w in zip((r, g, b), want)) <= 8, (
            f"{what}: {name} at ({x}, {y}) is {(r, g, b, a)}, not {colour}")


def test_the_svg_is_flat_shapes_in_the_partners_colours():
    tree = ET.parse(SVG)
    ns = "{http://www.w3.org/2000/svg}"
    root = tree.getroot()
    assert root.tag == f"{ns}svg" and root.get("viewBox") == "0 0 16 16"
    assert not root.findall(f".//{ns}text"), "the icon has no text"
    fills = {element.get("fill", "").lower() for element in root.iter()}
    assert PARTNER_CARD_COLOURS[PartnerRole.A].lower() in fills
    assert PARTNER_CARD_COLOURS[PartnerRole.B].lower() in fills


def test_every_freedesktop_size_is_drawn_at_its_size(icons):
    for n in HICOLOR:
        path = icons / "hicolor" / f"{n}x{n}" / "apps" / "couplecanvas.png"
        with Image.open(path) as image:
            assert image.format == "PNG" and image.mode == "RGBA"
            _check_picture(image, n, what=str(path.relative_to(icons)))
    assert (icons / "hicolor" / "scalable" / "apps" / "couplecanvas.svg").read_bytes() == SVG.read_bytes()


def test_the_ico_holds_every_windows_size(icons):
    with Image.open(icons / "couplecanvas.ico") as ico:
        assert ico.format == "ICO"
        assert ico.ico.sizes() == {(n, n) for n in ICO}
        for n in ICO:
            _check_picture(ico.ico.getimage((n, n)), n, what=f"ico {n}")


def test_the_icns_holds_every_macos_size_at_1x_and_2x(icons):
    with Image.open(icons / "couplecanvas.icns") as icns:
        assert icns.format == "ICNS"
        assert set(icns.icns.itersizes()) == ICNS
        for points, _, scale in sorted(ICNS):
            margin = MACOS_MARGIN if points >= 128 else 0.0
            _check_picture(icns.icns.getimage((points, points, scale)), points * scale, margin,
                           what=f"icns {points} pt @{scale}x")


def test_the_classic_16_and_32_pixel_icns_pictures_match_the_pngs(icons):
    """The 1x pictures at 16 and 32 px are packed RGB plus a separate 8-bit mask (the form every macOS shows): packed
    and read back, they are the same picture as the PNG of that size."""
    with Image.open(icons / "couplecanvas.icns") as icns:
        for n in (16, 32):
            packed = icns.icns.getimage((n, n, 1)).convert("RGBA")
            with Image.open(icons / "hicolor" / f"{n}x{n}" / "apps" / "couplecanvas.png") as png:
                plain = png.convert("RGBA")
            for y in range(n):
                for x in range(n):
                    a, b = packed.getpixel((x, y)), plain.getpixel((x, y))
                    assert a[3] == b[3] and (b[3] == 0 or a[:3] == b[:3]), (n, x, y, a, b)


def test_the_same_svg_gives_the_same_bytes(icons, tmp_path):
    again = run_make_icons(tmp_path)
    assert again, "the script names the files it wrote"
    produced = sorted(p.relative_to(icons) for p in icons.rglob("*") if p.is_file())
    assert produced == sorted(p.relative_to(tmp_path) for p in again)
    for relative in produced:
        assert (tmp_path / relative).read_bytes() == (icons / relative).read_bytes(), relative
