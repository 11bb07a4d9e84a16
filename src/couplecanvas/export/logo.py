"""The practice's logo checked at the door: read within a pixel limit, refused with the real reason when it cannot be
used, and scaled once to what print needs (LOGO_BOX at LOGO_DPI). No ReportLab here, so the practice dialog can use it
without loading the PDF machinery; Pillow is imported only when a logo is prepared."""

from __future__ import annotations

import io
import logging
import warnings
from functools import lru_cache

from couplecanvas.domain.practice import logo_kind
from couplecanvas.export.handout_style import LOGO_BOX

log = logging.getLogger(__name__)

__all__ = ["LOGO_DPI", "MAX_LOGO_PIXELS", "LogoError", "logo_pixels", "prepare_logo", "prepared_logo"]

LOGO_DPI = 300
"""The logo is kept at up to this many pixels per inch of its printed size: sharper prints no better, larger only
makes the file heavy and every handout slow."""
MAX_LOGO_PIXELS = 40_000_000
"""The most pixels a logo may have to be read at all (checked from its header, before decoding): 40 megapixels take
about 160 MB while being scaled down; a picture claiming more (a decompression bomb, or a poster scanned at full
size) is refused rather than risking the app's memory."""


class LogoError(ValueError):
    """A picture that cannot be used as the logo; the message says why, for the therapist."""


def logo_pixels(box: tuple[float, float] = LOGO_BOX) -> tuple[int, int]:
    """The most pixels (wide, high) the logo needs to print sharp in `box` (points) at LOGO_DPI: about 500 x 192."""
    return round(box[0] / 72 * LOGO_DPI), round(box[1] / 72 * LOGO_DPI)


def prepare_logo(data: bytes, box: tuple[float, float] = LOGO_BOX) -> bytes:
    """The logo as it should be stored: PNG or JPEG bytes no larger in pixels than print needs in `box` (the same bytes
    when they already are). Raises LogoError with the reason when it is not a PNG or JPEG picture, is damaged, or is
    too large to read (more than MAX_LOGO_PIXELS)."""
    kind = logo_kind(data)
    if kind is None:
        raise LogoError("It is not a PNG or JPEG picture.")
    from PIL import Image, ImageOps

    with warnings.catch_warnings():
        # Our own limit (below Pillow's) decides; Pillow's warning would only repeat it.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except Image.DecompressionBombError:
            raise LogoError(_too_large(_header_size(data))) from None
        except Exception as error:  # noqa: BLE001 - any header Pillow cannot read: the file is damaged
            raise LogoError(f"The picture is damaged ({_reason(error)}).") from None
        with image:
            width, height = image.size
            if width <= 0 or height <= 0:
                raise LogoError("The picture is damaged (it has no pixels).")
            if width * height > MAX_LOGO_PIXELS:
                raise LogoError(_too_large((width, height)))
            most = logo_pixels(box)
            fit = min(most[0] / width, most[1] / height, 1.0)
            target = (max(1, round(width * fit)), max(1, round(height * fit)))
            if kind == "jpeg":
                # A JPEG decodes straight at 1/2, 1/4 or 1/8 of its size: a photo-sized logo costs a fraction.
                image.draft("RGB", target)
            try:
                image.load()
            except Exception as error:  # noqa: BLE001 - truncated or corrupt data, whatever Pillow calls it
                raise LogoError(f"The picture is damaged ({_reason(error)}).") from None
            orientation = image.getexif().get(0x0112, 1) if kind == "jpeg" else 1
            if fit >= 1.0 and orientation == 1:
                return data  # already no larger than print needs, and read whole: kept exactly as chosen
            picture = ImageOps.exif_transpose(image) if orientation != 1 else image
            if picture.size != (width, height):  # turned a quarter: fit its new shape
                fit = min(most[0] / picture.width, most[1] / picture.height, 1.0)
                target = (max(1, round(picture.width * fit)), max(1, round(picture.height * fit)))
            clear = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
            mode = "RGBA" if clear else ("L" if picture.mode in ("1", "L") else "RGB")
            if picture.mode != mode:
                picture = picture.convert(mode)
            # reduce() first (a box filter in whole steps, cheap), then Lanczos for the last step: sharp and quick.
            factor = max(1, min(picture.width // (target[0] * 2), picture.height // (target[1] * 2)))
            if factor > 1:
                picture = picture.reduce(factor)
            picture = picture.resize(target, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if kind == "jpeg" and not clear:
        picture.save(out, "JPEG", quality=92, optimize=True)
    else:
        picture.save(out, "PNG", optimize=True)
    return out.getvalue()


@lru_cache(maxsize=4)
def prepared_logo(data: bytes) -> bytes | None:
    """The stored logo ready to print (see prepare_logo), worked out once per logo in this process; None when it
    cannot be used, which is logged: the handout is then made without it (a logo stored before it was checked at
    the door, or damaged since)."""
    try:
        return prepare_logo(data)
    except LogoError as error:
        log.warning("the practice's logo is left off the handout: %s", error)
        return None


def _too_large(size: tuple[int, int] | None) -> str:
    shown = f"{size[0]:,} × {size[1]:,} pixels" if size else f"more than {MAX_LOGO_PIXELS:,} pixels"
    return (f"The picture is too large: {shown}. A copy of at most {MAX_LOGO_PIXELS // 1_000_000} megapixels "
            f"prints just as well (about {logo_pixels()[0]} × {logo_pixels()[1]} pixels is plenty).")


def _reason(error: Exception) -> str:
    return str(error).strip().rstrip(".") or type(error).__name__


def _header_size(data: bytes) -> tuple[int, int] | None:
    """Width and height as the file's header claims them (PNG's IHDR, a JPEG's frame header), without decoding."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            return None
        marker = data[index + 1]
        length = int.from_bytes(data[index + 2 : index + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return int.from_bytes(data[index + 7 : index + 9], "big"), int.from_bytes(
                data[index + 5 : index + 7], "big"
            )
        index += 2 + length
    return None
