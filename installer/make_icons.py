"""Render the app icon, resources/icon.svg, into every size each platform needs.

    python installer/make_icons.py [OUT_DIR]        (OUT_DIR defaults to build/icons, from the repository root)

writes
    OUT_DIR/hicolor/<n>x<n>/apps/couplecanvas.png   n = 16 24 32 48 64 128 256 512 (freedesktop: the Linux archive)
    OUT_DIR/hicolor/scalable/apps/couplecanvas.svg  the SVG itself
    OUT_DIR/couplecanvas.ico                        16 24 32 48 64 128 256 (Windows: the installer, shortcuts, files)
    OUT_DIR/couplecanvas.icns                       16 32 64 128 256 512 1024 px: 16-512 pt at 1x and 2x (macOS)

Every size is drawn from the SVG at that size by Qt's SVG renderer (offscreen), never shrunk from a large picture, so
the small sizes stay crisp. The same SVG gives the same bytes: PNGs carry no time stamp and the containers keep a fixed
order. Needs PySide6 (QtSvg is in pyside6-essentials) and Pillow, both dependencies of the app.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icon.svg"
DEFAULT_OUT = ROOT / "build" / "icons"
NAME = "couplecanvas"

HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# The icns entries, smallest first: (type, pixels, the size in points it stands for). 16 and 32 px at 1x are the
# classic RGB + 8-bit mask pair, which every macOS version shows (a PNG in their icp4/icp5 slots is not shown by all);
# the rest are PNGs in the slots Apple's iconutil writes.
ICNS_ENTRIES = (
    (b"is32", 16, 16),
    (b"il32", 32, 32),
    (b"ic11", 32, 16),  # 16 pt @2x
    (b"ic12", 64, 32),  # 32 pt @2x
    (b"ic07", 128, 128),
    (b"ic13", 256, 128),  # 128 pt @2x
    (b"ic08", 256, 256),
    (b"ic14", 512, 256),  # 256 pt @2x
    (b"ic09", 512, 512),
    (b"ic10", 1024, 512),  # 512 pt @2x
)
ICNS_MASKS = {b"is32": b"s8mk", b"il32": b"l8mk"}
# macOS (since 11) draws every app icon inside the same grid: on a 1024 px canvas the tile is 824 px, centred. Without
# this margin the icon would stand out larger than its neighbours in the Dock. The small sizes (list views, under 128
# points) keep the whole square, as Apple's own do, so they stay legible.
MACOS_MARGIN = 100 / 1024
MACOS_MARGIN_FROM_POINTS = 128


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render resources/icon.svg into the icons of every platform.")
    parser.add_argument("out_dir", nargs="?", type=Path, default=DEFAULT_OUT,
                        help="where to write (default: build/icons)")
    parser.add_argument("--svg", type=Path, default=SVG, help="the icon to render (default: resources/icon.svg)")
    args = parser.parse_args(argv)
    written = make_icons(args.svg, args.out_dir)
    sys.stdout.write("".join(f"{path}\n" for path in written))  # the build's log, and the tests, read this list
    return 0


def make_icons(svg: Path, out_dir: Path) -> list[Path]:
    """Write every icon file from `svg` into `out_dir`; returns the files written."""
    from PIL import Image

    render = _renderer(svg)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    square = {n: render(n, 0.0) for n in sorted(set(HICOLOR_SIZES) | set(ICO_SIZES))}
    for n in HICOLOR_SIZES:
        path = out_dir / "hicolor" / f"{n}x{n}" / "apps" / f"{NAME}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_png(square[n]))
        written.append(path)
    scalable = out_dir / "hicolor" / "scalable" / "apps" / f"{NAME}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable)
    written.append(scalable)

    ico = out_dir / f"{NAME}.ico"
    largest = square[max(ICO_SIZES)]
    # Pillow takes each frame from append_images when one has the exact size, so no frame is a shrunk copy.
    largest.save(ico, format="ICO", sizes=[(n, n) for n in ICO_SIZES],
                 append_images=[square[n] for n in ICO_SIZES if n != max(ICO_SIZES)])
    written.append(ico)

    icns = out_dir / f"{NAME}.icns"
    entries = []
    for kind, pixels, points in ICNS_ENTRIES:
        margin = MACOS_MARGIN if points >= MACOS_MARGIN_FROM_POINTS else 0.0
        image: Image.Image = square[pixels] if margin == 0.0 and pixels in square else render(pixels, margin)
        if kind in ICNS_MASKS:
            entries.append((kind, _rgb_rle(image)))
            entries.append((ICNS_MASKS[kind], image.getchannel("A").tobytes()))
        else:
            entries.append((kind, _png(image)))
    icns.write_bytes(_icns(entries))
    written.append(icns)
    return written


def _renderer(svg: Path):
    """A function (pixels, margin) -> RGBA Pillow image of the SVG drawn at that size, `margin` (a fraction of the side)
    left clear on every side."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg} is not an SVG that Qt can draw")

    def render(pixels: int, margin: float) -> Image.Image:
        canvas = QImage(pixels, pixels, QImage.Format.Format_ARGB32_Premultiplied)
        canvas.fill(Qt.GlobalColor.transparent)
        painter = QPainter(canvas)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        inset = pixels * margin
        renderer.render(painter, QRectF(inset, inset, pixels - 2 * inset, pixels - 2 * inset))
        painter.end()
        straight = canvas.convertToFormat(QImage.Format.Format_RGBA8888)  # not premultiplied, as PNG wants
        assert straight.bytesPerLine() == 4 * pixels
        return Image.frombytes("RGBA", (pixels, pixels), bytes(straight.constBits()))

    render.app = app  # keep the application alive as long as the renderer is used
    return render


def _png(image) -> bytes:
    """PNG bytes with nothing but the pixels (no time stamp, no text chunks), so a rebuild gives the same file."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def _rgb_rle(image) -> bytes:
    """The classic icns 24-bit picture: the red, then green, then blue channel, each packed with Apple's PackBits-like
    scheme. Only literal runs (a count byte 0-127, then that many plus one bytes): always valid, and it avoids the
    repeat packets some macOS versions misread at the end of a channel."""
    out = bytearray()
    for channel in image.convert("RGB").split():
        data = channel.tobytes()
        for start in range(0, len(data), 128):
            chunk = data[start:start + 128]
            out.append(len(chunk) - 1)
            out += chunk
    return bytes(out)


def _icns(entries: list[tuple[bytes, bytes]]) -> bytes:
    """An icns container: 'icns', its total length, then each entry as its type, its length (header included) and its
    data, big-endian."""
    body = b"".join(kind + struct.pack(">I", 8 + len(data)) + data for kind, data in entries)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


if __name__ == "__main__":
    sys.exit(main())
