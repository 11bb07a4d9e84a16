"""The handout's page furniture: the practice's letterhead with its logo, and a footer with the practice's name (when
set) and 'Page n of N' on every page, upright or sideways, with the practice's support or crisis line under it when one
is set. Nothing on the page names the app: the handout belongs to the practice and the couple."""

from __future__ import annotations

import io
import logging
from xml.sax.saxutils import escape

from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.flowables import Flowable
from reportlab.platypus.tables import Table, TableStyle

from couplecanvas.export.bidi_text import TypedParagraph
from couplecanvas.export.fonts import REGULAR
from couplecanvas.export.handout_style import INK, LOGO_BOX, MARGIN, RULE, SOFT_INK, TEXT, Look
from couplecanvas.export.logo import prepared_logo

log = logging.getLogger(__name__)

LOGO_GAP = 12.0


class Logo(Flowable):
    """The practice's logo, fitted inside LOGO_BOX with its own proportions."""

    def __init__(self, image: ImageReader, width: float, height: float) -> None:
        super().__init__()
        self.image = image
        self.width = width
        self.height = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(self.image, 0, 0, self.width, self.height, mask="auto")


def load_logo(data: bytes, box: tuple[float, float] = LOGO_BOX) -> Logo | None:
    """The logo fitted in `box` (points), or None when there is none or it cannot be used (the handout goes on).

    The picture is checked and scaled to print size by logo.prepared_logo, once per logo: a logo stored large before
    it was checked at the door costs one quick scaling, not seconds and gigabytes on every handout."""
    if not data:
        return None
    prepared = prepared_logo(data)
    if prepared is None:
        return None
    try:
        from PIL import Image

        with Image.open(io.BytesIO(prepared)) as opened:
            opened.load()
            picture = opened if opened.mode in ("RGB", "RGBA", "L", "LA") else opened.convert(
                "RGBA" if "transparency" in opened.info or "A" in opened.mode else "RGB")
            picture = picture.copy()
        width_px, height_px = picture.size
        scale = min(box[0] / width_px, box[1] / height_px)
        return Logo(ImageReader(picture), width_px * scale, height_px * scale)
    except Exception:  # any unreadable picture: a broken logo must never cost the couple their handout
        log.warning("the practice's logo could not be read; the handout is made without it", exc_info=True)
        return None


def letterhead(
    name: str, contact: tuple[str, ...], logo: Logo | None, styles: dict, width: float
) -> list[Flowable]:
    """The practice's logo, name and contact lines; nothing at all when none of them is set."""
    words: list[Flowable] = []
    if name:
        words.append(TypedParagraph(escape(name), styles["practice"]))
    if contact:
        words.append(TypedParagraph("<br/>".join(escape(line) for line in contact), styles["contact"]))
    if logo is None:
        return words
    if not words:
        return [logo]
    table = Table([[logo, words]], colWidths=[logo.width + LOGO_GAP, width - logo.width - LOGO_GAP], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [table]


SUPPORT_MIN_SIZE = 6.0
"""The support line shrinks to fit the page's width, but never below this size: a number nobody can read helps no one
(Practice.check keeps it short enough that it never needs to)."""


def numbered_canvas(footer: str, look: Look, support_line: str = "") -> type[Canvas]:
    """A Canvas class that holds its pages back until the end, then writes the footer (the practice's name, when there
    is one) with 'Page n of N' on each, and the support line (when set) under it, whole, on every page; on a sideways
    page the footer runs along its own (longer) foot."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (ReportLab API)
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                self._footer(number, total)
                super().showPage()
            super().save()

        def _footer(self, number: int, total: int) -> None:
            width = self._pagesize[0]
            left, right = MARGIN, width - MARGIN
            y = MARGIN - 2
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(left, y + 10 + look.footer_size - 8, right, y + 10 + look.footer_size - 8)
            self.setFont(REGULAR, look.footer_size)
            self.setFillColor(SOFT_INK)
            if footer:
                self.drawString(left, y, footer)
            self.drawRightString(right, y, TEXT["page"].format(n=number, total=total))
            if support_line:
                size = look.footer_size
                while size > SUPPORT_MIN_SIZE and stringWidth(support_line, REGULAR, size) > right - left:
                    size -= 0.25
                self.setFont(REGULAR, size)
                self.setFillColor(INK)
                self.drawString(left, y - look.footer_size - 4, support_line)
            self.restoreState()

    return NumberedCanvas
