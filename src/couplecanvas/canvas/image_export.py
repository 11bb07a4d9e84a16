"""The whole board as a picture (PNG) or a drawing (SVG), painted by the same items as the screen.

Only the board is exported: no grid, no selection outlines, no half-typed editor or tool preview. Given the couple,
the words follow the handout's rule: with aliases (`use_alias`, by default the couple's own choice) every first name
gives way to the partner's alias (domain.privacy), as on the shared screen.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager
from os import PathLike
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator

from couplecanvas.canvas.ink import StrokeItem
from couplecanvas.canvas.items import CardItem, ConnectorItem
from couplecanvas.canvas.reframes import TAG_RISE
from couplecanvas.canvas.scene import BoardScene
from couplecanvas.canvas.screen_words import painting_words
from couplecanvas.domain.board import CardKind
from couplecanvas.domain.couple import Couple
from couplecanvas.domain.privacy import ScreenWords
from couplecanvas.export.files import write_file_atomically

log = logging.getLogger(__name__)

SVG_TITLE = "Couple Canvas board"
SVG_DESCRIPTION = "A board exported from Couple Canvas"
DEFAULT_MARGIN = 40.0
NOTE_SHADOW = (3.0, 4.0)  # a sticky note's shadow reaches this far right and down (items.py)
# A huge board at a high scale would need gigabytes: it is scaled down to stay within these (about 160 MB of pixels).
MAX_SIDE = 16384
MAX_AREA = 40_000_000
_DPI = 96.0

PathArg = str | PathLike[str] | None


def content_rect(scene: BoardScene, margin: float = DEFAULT_MARGIN) -> QRectF:
    """The board's drawn area in scene units: every card, stroke and arrow, grown by `margin` on each side.

    Computed from what the items draw rather than their bounding rects, which leave room for selection handles
    and arrow labels and would add uneven blank borders."""
    rect = QRectF()
    board = scene.document.board
    for item in scene.card_items.values():
        card_rect = item.live_rect()
        drawn = QRectF(card_rect.x, card_rect.y, card_rect.w, card_rect.h)
        if board.cards[item.card_id].kind == CardKind.NOTE:
            drawn.adjust(0, 0, *NOTE_SHADOW)
        if scene.story_marks.of(item.card_id):
            drawn.adjust(0, -TAG_RISE, 0, 0)  # an "old story" or "new story" tag sits on the top edge
        rect = rect.united(drawn)
    for stroke_id in scene.stroke_items:
        stroke = board.strokes[stroke_id]
        r = stroke.rect
        rect = rect.united(QRectF(r.x, r.y, r.w, r.h))
    for item in scene.connector_items.values():
        rect = rect.united(item.path().boundingRect())
    if rect.isNull():
        rect = QRectF(0, 0, 0, 0)
    return rect.adjusted(-margin, -margin, margin, margin)


def _screen_dpi() -> float:
    """The screen's logical DPI: card fonts are sized in points and measured on screen, so the export uses the same."""
    screen = QGuiApplication.primaryScreen()
    return screen.logicalDotsPerInchY() if screen is not None else _DPI


def _words(couple: Couple | None, use_alias: bool | None) -> ScreenWords | None:
    """The words the picture shows: None (as typed) without a couple or without aliases."""
    if couple is None or not (couple.use_aliases if use_alias is None else use_alias):
        return None
    return ScreenWords(couple)


@contextmanager
def _board_only(scene: BoardScene) -> Iterator[None]:
    """Hide what is not the board (grid, selection, link picking, editor, tool previews) for the length of the block."""
    selected = scene.selectedItems()
    order = list(scene.selection_order)
    background = scene.backgroundBrush()
    link = (scene.link_source_id, scene.link_target_id)
    editing = scene.editing_card_id
    # Opacity rather than visibility: hiding the focused editor would end editing and commit the words.
    others = [
        (item, item.opacity())
        for item in scene.items()
        if not isinstance(item, (CardItem, ConnectorItem, StrokeItem)) and item.isVisible()
    ]
    blocked = scene.blockSignals(True)  # the selection comes back as it was: nobody needs to hear of it
    try:
        scene.clearSelection()
        scene.setBackgroundBrush(QBrush(Qt.BrushStyle.NoBrush))
        scene.link_source_id = scene.link_target_id = None
        scene.editing_card_id = None  # the card shows its words while its editor is out of the picture
        scene.exporting = True
        for item, _opacity in others:
            item.setOpacity(0.0)
        yield
    finally:
        for item, opacity in others:
            item.setOpacity(opacity)
        scene.exporting = False
        scene.editing_card_id = editing
        scene.link_source_id, scene.link_target_id = link
        scene.setBackgroundBrush(background)
        for item in selected:
            if item.scene() is scene:
                item.setSelected(True)
        scene.selection_order = order
        scene.blockSignals(blocked)


def _render(scene: BoardScene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    painter.setRenderHints(
        QPainter.RenderHint.Antialiasing
        | QPainter.RenderHint.TextAntialiasing
        | QPainter.RenderHint.SmoothPixmapTransform
    )
    painter.fillRect(target, QColor("#ffffff"))
    scene.render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)


def _pixels(source: QRectF, scale: float) -> tuple[int, int]:
    return max(1, math.ceil(source.width() * scale - 1e-6)), max(1, math.ceil(source.height() * scale - 1e-6))


def _save(data: bytes, path: PathArg) -> bytes:
    if path is not None:
        write_file_atomically(Path(path), data)
    return data


def board_to_png(scene: BoardScene, path: PathArg = None, scale: float = 2.0, margin: float = DEFAULT_MARGIN,
                 couple: Couple | None = None, use_alias: bool | None = None) -> bytes:
    """The whole board as PNG bytes at `scale` pixels per board unit, on white; written to `path` when given. With
    the `couple`, names give way to aliases when `use_alias` (default: the couple's own choice)."""
    source = content_rect(scene, margin)
    if not math.isfinite(scale) or scale <= 0:
        raise ValueError(f"scale must be a positive number, not {scale!r}")
    scale = min(
        scale,
        MAX_SIDE / max(source.width(), source.height(), 1.0),
        math.sqrt(MAX_AREA / max(source.width() * source.height(), 1.0)),
    )
    width, height = _pixels(source, scale)
    while width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_AREA:  # rounding up may overshoot a little
        scale *= 0.995
        width, height = _pixels(source, scale)
    # The source grows by the rounding so the picture is not stretched.
    source.setWidth(width / scale)
    source.setHeight(height / scale)
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    if image.isNull():
        raise MemoryError(f"not enough memory for a {width} x {height} picture of the board")
    dots_per_metre = round(_screen_dpi() / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(QColor("#ffffff"))
    with _board_only(scene), painting_words(_words(couple, use_alias)):
        painter = QPainter(image)
        try:
            _render(scene, painter, QRectF(0, 0, width, height), source)
        finally:
            painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("the board could not be encoded as PNG")
    buffer.close()
    log.info("exported board as PNG, %d x %d px", width, height)
    return _save(bytes(data.data()), path)


def board_to_svg(scene: BoardScene, path: PathArg = None, margin: float = DEFAULT_MARGIN,
                 couple: Couple | None = None, use_alias: bool | None = None) -> bytes:
    """The whole board as an SVG drawing (1 SVG unit = 1 board unit); written to `path` when given. With the
    `couple`, names give way to aliases when `use_alias` (default: the couple's own choice)."""
    source = content_rect(scene, margin)
    width, height = max(1, math.ceil(source.width())), max(1, math.ceil(source.height()))
    source.setWidth(width)
    source.setHeight(height)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setTitle(SVG_TITLE)
    generator.setDescription(SVG_DESCRIPTION)
    generator.setResolution(round(_screen_dpi()))
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRectF(0, 0, width, height))
    with _board_only(scene), painting_words(_words(couple, use_alias)):
        painter = QPainter()
        if not painter.begin(generator):
            raise OSError("the board could not be drawn as SVG")
        try:
            _render(scene, painter, QRectF(0, 0, width, height), source)
        finally:
            painter.end()
    buffer.close()
    log.info("exported board as SVG, %d x %d", width, height)
    return _save(bytes(data.data()), path)
