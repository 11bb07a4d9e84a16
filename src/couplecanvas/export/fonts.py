"""The bundled DejaVu fonts, registered once with ReportLab so accents and non-Latin letters print and embed."""

from __future__ import annotations

import logging
import threading
from importlib import resources

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

log = logging.getLogger(__name__)

FAMILY = "CoupleCanvasSans"
REGULAR = FAMILY
BOLD = f"{FAMILY}-Bold"

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
_lock = threading.Lock()
_registered = False


def register_fonts() -> str:
    """Register the family (idempotent) and return its name; <b> in paragraphs maps to the bold face."""
    global _registered
    if _registered:
        return FAMILY
    with _lock:
        if not _registered:
            folder = resources.files("couplecanvas.resources").joinpath("fonts")
            for name, filename in _FILES.items():
                # as_file yields the real path for an ordinary install and a temporary copy inside a zip;
                # TTFont reads the whole file at once, so the copy may go away afterwards.
                with resources.as_file(folder.joinpath(filename)) as path:
                    pdfmetrics.registerFont(TTFont(name, str(path)))
            # DejaVu Sans ships no italic here: italic requests fall back to the upright faces.
            pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
            log.debug("registered font family %s", FAMILY)
            _registered = True
    return FAMILY
