"""A PDF's pages as pictures: shown in the window (fit to its width) and sent to a printer.

pypdfium2 turns each page into pixels; Qt shows and prints them. (QtPdf would do this too, but for PySide6 6.11 it
only ships inside the very large PySide6-Addons wheel.)
"""

from __future__ import annotations

import logging

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

log = logging.getLogger(__name__)

POINTS_PER_INCH = 72.0
PRINT_DPI_LIMIT = 300  # sharper than any handout needs; 1200 dpi pages would take seconds each


class PrintError(RuntimeError):
    """The printer could not be started."""


def _page_image(page: pdfium.PdfPage, scale: float) -> QImage:
    bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)  # RGBX bytes, whatever the machine
    try:
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888)
        return image.copy()  # the bitmap's memory goes away with it
    finally:
        bitmap.close()


def render_pages(pdf: bytes, width_px: int) -> list[QImage]:
    """Every page of `pdf` as an image `width_px` pixels wide."""
    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(document)):
            page = document[index]
            try:
                images.append(_page_image(page, width_px / page.get_width()))
            finally:
                page.close()
        return images
    finally:
        document.close()


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Print `pdf` on `printer`, honouring its page range (and its copies when the system does not make them).

    Each page is drawn at the printer's resolution (at most 300 dpi) and fitted to the paper, top-centred.
    Returns how many pages were sent; raises PrintError when the printer cannot be started.
    """
    document = pdfium.PdfDocument(pdf)
    try:
        count = len(document)
        first, last = 1, count
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first = max(1, printer.fromPage())
            last = min(count, printer.toPage() or count)
        indexes = list(range(first - 1, last))
        if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
            indexes.reverse()
        copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
        indexes = indexes * copies
        if not indexes:
            return 0
        scale = min(printer.resolution(), PRINT_DPI_LIMIT) / POINTS_PER_INCH
        printer.setFullPage(True)  # the handout has its own margins; draw on the whole sheet
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintError("the printer could not be started")
        try:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            for n, index in enumerate(indexes):
                if n and not printer.newPage():
                    raise PrintError("the printer refused a new page")
                page = document[index]
                try:
                    image = _page_image(page, scale)
                finally:
                    page.close()
                painter.drawImage(_fit_top(QRectF(painter.viewport()), image.size()), image)
        finally:
            painter.end()
        return len(indexes)
    finally:
        document.close()


def _fit_top(area: QRectF, size: QSize) -> QRectF:
    """The largest rectangle of `size`'s shape inside `area`, centred across and at the top."""
    factor = min(area.width() / size.width(), area.height() / size.height())
    width, height = size.width() * factor, size.height() * factor
    return QRectF(area.left() + (area.width() - width) / 2, area.top(), width, height)


class _Sheet(QWidget):
    """The pages, one under the other, each a white sheet with a soft shadow."""

    def __init__(self, view: PdfPagesView) -> None:
        super().__init__()
        self._view = view
        self.rects: list[QRectF] = []

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor(PdfPagesView.BACKGROUND))
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for rect, image in zip(self.rects, self._view.images):
            if not rect.toAlignedRect().intersects(event.rect()):
                continue
            painter.fillRect(rect.translated(2, 3), QColor(0, 0, 0, 60))
            painter.fillRect(rect, Qt.GlobalColor.white)
            painter.drawImage(rect, image)
        painter.end()


class PdfPagesView(QScrollArea):
    """A PDF's pages, fit to the view's width and scrolled up and down; drawn again sharp after a resize."""

    MARGIN = 24
    GAP = 22
    MAX_PAGE_WIDTH = 1500  # beyond this a page is only bigger, not easier to read
    BACKGROUND = "#a9a499"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdf_pages")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(False)
        # Always there, so the viewport's width (and with it the pages' size) never flips as pages come and go.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._sheet = _Sheet(self)
        self.setWidget(self._sheet)
        self.viewport().setStyleSheet(f"background: {self.BACKGROUND};")
        self.images: list[QImage] = []
        """The shown pages as rendered (device pixels), first page first."""
        self._pdf = b""
        self._rendered_width = 0
        self._sharpen = QTimer(self, singleShot=True, interval=150)
        self._sharpen.timeout.connect(self._render)

    def show_pdf(self, pdf: bytes) -> None:
        """Show these pages; the view stays at the same place in the document (a rebuilt handout reads on)."""
        bar = self.verticalScrollBar()
        fraction = bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0
        self._pdf = pdf
        self._render()
        bar.setValue(round(fraction * bar.maximum()))

    def clear(self) -> None:
        self._pdf = b""
        self.images = []
        self._layout()

    def page_width(self) -> int:
        """How wide a page is drawn, in logical pixels."""
        return max(120, min(self.MAX_PAGE_WIDTH, self.viewport().width() - 2 * self.MARGIN))

    def _render(self) -> None:
        self._sharpen.stop()
        if not self._pdf:
            self.images = []
        else:
            width = self.page_width()
            ratio = self.devicePixelRatioF()
            self.images = render_pages(self._pdf, round(width * ratio))
            for image in self.images:
                image.setDevicePixelRatio(ratio)
            self._rendered_width = width
        self._layout()

    def _layout(self) -> None:
        width = self.page_width()
        left = (self.viewport().width() - width) / 2
        top = float(self.MARGIN)
        rects = []
        for image in self.images:
            height = width * image.height() / image.width()
            rects.append(QRectF(left, top, width, height))
            top += height + self.GAP
        self._sheet.rects = rects
        self._sheet.setFixedSize(self.viewport().width(), round(top - self.GAP + self.MARGIN) if rects else 0)
        self._sheet.update()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._layout()  # the old pictures, stretched, until the sharp ones are ready
        if self._pdf and abs(self.page_width() - self._rendered_width) > 2:
            self._sharpen.start()
