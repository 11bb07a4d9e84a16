"""The practice's logo is checked when it is chosen: read within a pixel limit, refused with the real reason, scaled
once to what print needs; a logo stored big before still prints, scaled once, and a damaged one never stops a
handout."""

from __future__ import annotations

import datetime as dt
import io
import random
import struct
import zlib

import pytest
from PIL import Image
from pypdf import PdfReader

from couplecanvas.domain import Board, Card, Couple, Partner, Session
from couplecanvas.domain.homework import load_builtin_library
from couplecanvas.domain.practice import MAX_LOGO_BYTES, Practice
from couplecanvas.export import export_handout
from couplecanvas.export.handout_page import load_logo
from couplecanvas.export.logo import MAX_LOGO_PIXELS, LogoError, logo_pixels, prepare_logo, prepared_logo


def noisy_png(width: int = 2000, height: int = 2000, seed: int = 1) -> bytes:
    """Random pixels in two colours: a PNG that barely compresses (about 640 KB for 2000 x 2000)."""
    rng = random.Random(seed)
    image = Image.frombytes("1", (width, height), rng.randbytes((width + 7) // 8 * height)).convert("RGB")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def photo_jpeg(width: int = 1600, height: int = 900) -> bytes:
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A decompression bomb: a PNG header claiming `width` x `height` pixels, with a few bytes of image data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
            + chunk(b"IEND", b""))


def pixels_of(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return image.size


def test_a_noisy_png_of_640_kb_is_scaled_once_to_print_size() -> None:
    data = noisy_png()
    assert 500_000 < len(data) < MAX_LOGO_BYTES
    prepared = prepare_logo(data)
    most = logo_pixels()
    assert most == (500, 192)
    width, height = pixels_of(prepared)
    assert (
        width <= most[0] and height <= most[1] and max(width / most[0], height / most[1]) == pytest.approx(1, abs=0.01)
    )
    assert prepared.startswith(b"\x89PNG") and len(prepared) < len(data)
    assert prepare_logo(prepared) == prepared  # already print-sized: kept exactly


def test_a_large_jpeg_stays_a_jpeg_in_proportion() -> None:
    prepared = prepare_logo(photo_jpeg(1600, 900))
    assert prepared.startswith(b"\xff\xd8\xff")
    width, height = pixels_of(prepared)
    assert height <= 192 and width == pytest.approx(height * 16 / 9, abs=2)


def test_a_small_logo_is_kept_as_it_is() -> None:
    out = io.BytesIO()
    Image.new("RGBA", (240, 90), (10, 120, 90, 200)).save(out, "PNG")
    assert prepare_logo(out.getvalue()) == out.getvalue()


def test_a_truncated_jpeg_is_refused_as_damaged() -> None:
    data = photo_jpeg()
    with pytest.raises(LogoError, match="damaged"):
        prepare_logo(data[: len(data) // 2])


@pytest.mark.parametrize(("width", "height"), [(60_000, 60_000), (8_000, 6_000)])
def test_a_picture_claiming_too_many_pixels_is_refused_before_it_is_decoded(width: int, height: int) -> None:
    assert width * height > MAX_LOGO_PIXELS
    with pytest.raises(LogoError, match=f"too large: {width:,} × {height:,} pixels"):
        prepare_logo(png_claiming(width, height))


def test_what_is_not_a_picture_is_refused() -> None:
    with pytest.raises(LogoError, match="not a PNG or JPEG"):
        prepare_logo(b"GIF89a not ours")
    with pytest.raises(LogoError, match="damaged"):
        prepare_logo(b"\x89PNG\r\n\x1a\nno real picture follows")


def _handout(logo: bytes) -> bytes:
    couple = Couple(Partner("Maya"), Partner("Jordan"), id=7)
    session = Session(couple_id=7, date=dt.date(2026, 11, 25), title="Logo", id=3)
    board = Board()
    board.add_card(Card("words"))
    return export_handout(couple, session, board, [], load_builtin_library(), deterministic=True,
                          practice=Practice(name="Harbour Couples Therapy", logo=logo))


def _image_sizes(pdf: bytes) -> list[tuple[int, int]]:
    return [image.image.size for page in PdfReader(io.BytesIO(pdf)).pages for image in page.images]


def test_a_logo_stored_big_still_prints_at_print_size() -> None:
    data = noisy_png(2000, 2000, seed=7)
    prepared_logo.cache_clear()
    pdf = _handout(data)
    sizes = _image_sizes(pdf)
    assert len(sizes) == 1 and sizes[0][0] <= 500 and sizes[0][1] <= 192
    assert prepared_logo.cache_info().misses == 1
    _handout(data)
    assert prepared_logo.cache_info().misses == 1  # scaled once, not at every handout


@pytest.mark.parametrize("kind", ["truncated jpeg", "bomb"])
def test_a_logo_that_cannot_be_used_is_left_off_and_the_handout_is_made(kind: str, caplog) -> None:
    data = photo_jpeg()[:5000] if kind == "truncated jpeg" else png_claiming(60_000, 60_000)
    assert load_logo(data) is None
    pdf = _handout(data)
    assert _image_sizes(pdf) == []
    assert "Harbour Couples Therapy" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert any("left off" in record.getMessage() for record in caplog.records)
