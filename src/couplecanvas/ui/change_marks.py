"""What changed between two boards, marked on them side by side: outlines and small tags on the cards, a halo on the
arrows, a legend and a one-line summary. The marks are extra items in a read-only scene; the boards stay as stored."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QHBoxLayout,
    QLabel,
    QStyleOptionGraphicsItem,
    QWidget,
)

from couplecanvas.canvas import style
from couplecanvas.domain.board import Board
from couplecanvas.domain.board_diff import BoardDiff, Change
from couplecanvas.domain.geometry import curve_control

# Not the reframe green nor the old story's grey: those mean something else on the board. Each mark also has words.
CHANGE_COLOURS = {
    Change.NEW: QColor("#7b3fb0"),
    Change.CHANGED: QColor("#a35400"),
    Change.MOVED: QColor("#2f6fb0"),
    Change.GONE: QColor("#6f6a5f"),
}
OUTLINE_GAP = 6.0  # board units between a card and its change outline
OUTLINE_PX = 3.0  # the outline's width on screen, whatever the zoom
TAG_POINT_SIZE = 10
FADE_ALPHA = 150  # the board's background, more than half over a card that is gone
MARK_Z = 5e5  # above every card (a card's z comes from the board and stays far below this)
ARROW_MARK_Z = -1e6 - 1  # just under the arrows (which sit at -1e6)


def change_word(change: Change) -> str:
    """The tag on a marked card: "new", "changed", "moved" or "gone"."""
    words = {
        Change.NEW: QCoreApplication.translate("ChangeMarks", "new"),
        Change.CHANGED: QCoreApplication.translate("ChangeMarks", "changed"),
        Change.MOVED: QCoreApplication.translate("ChangeMarks", "moved"),
        Change.GONE: QCoreApplication.translate("ChangeMarks", "gone"),
    }
    return words[change]


def _tag_font() -> QFont:
    font = style.card_font(TAG_POINT_SIZE)
    font.setBold(True)
    return font


class ChangeTag(QGraphicsItem):
    """A small tag ("new", "changed", ...) at a card's top-right corner, the same size on screen at any zoom."""

    def __init__(self, change: Change, parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        self.change = change
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.text = change_word(change)
        """The tag's word, translated once."""
        self._font = _tag_font()
        metrics = QFontMetricsF(self._font)
        width = metrics.horizontalAdvance(self.text) + 14
        height = metrics.height() + 4
        self._rect = QRectF(-width + 8, -height + 4, width, height)  # it hangs over the corner, mostly outside

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect.adjusted(-1, -1, 1, 1)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        colour = CHANGE_COLOURS[self.change]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(colour)
        painter.drawRoundedRect(self._rect, self._rect.height() / 2, self._rect.height() / 2)
        painter.setPen(QColor("white"))
        painter.setFont(self._font)
        painter.drawText(self._rect, Qt.AlignmentFlag.AlignCenter, self.text)


class CardChangeMark(QGraphicsItem):
    """An outline around a card that is new, changed or moved (solid), or gone (dashed, the card faded under it)."""

    def __init__(self, board: Board, card_id: str, change: Change) -> None:
        super().__init__()
        self.card_id = card_id
        self.change = change
        # The board is read-only: its cards stay where they are, so the card's place is read (and the tag placed) once.
        card = board.cards[card_id]
        self._card = QRectF(card.x, card.y, card.width, card.height)
        self.setZValue(MARK_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.tag = ChangeTag(change, self)
        self.tag.setPos(self._card.right() + OUTLINE_GAP, self._card.top() - OUTLINE_GAP)

    def boundingRect(self) -> QRectF:  # noqa: N802
        room = OUTLINE_GAP + 8
        return self._card.adjusted(-room, -room, room, room)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        colour = CHANGE_COLOURS[self.change]
        card = self._card
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.change is Change.GONE:
            painter.setPen(Qt.PenStyle.NoPen)
            fade = QColor(style.painted_style(self.scene()).background)
            fade.setAlpha(FADE_ALPHA)
            painter.setBrush(fade)
            painter.drawRoundedRect(card, style.CARD_RADIUS, style.CARD_RADIUS)
        pen = QPen(colour, OUTLINE_PX, Qt.PenStyle.DashLine if self.change is Change.GONE else Qt.PenStyle.SolidLine)
        pen.setCosmetic(True)  # as wide on screen at any zoom
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        outline = card.adjusted(-OUTLINE_GAP, -OUTLINE_GAP, OUTLINE_GAP, OUTLINE_GAP)
        painter.drawRoundedRect(outline, style.CARD_RADIUS + OUTLINE_GAP, style.CARD_RADIUS + OUTLINE_GAP)


def arrow_mark(board: Board, connector_id: str, change: Change) -> QGraphicsPathItem:
    """A broad halo under an arrow that is new (solid) or gone (dashed), along the path the arrow takes."""
    connector = board.connectors[connector_id]
    x1, y1, x2, y2 = board.connector_segment(connector_id)
    path = QPainterPath(QPointF(x1, y1))
    if connector.curved:
        path.quadTo(QPointF(*curve_control(x1, y1, x2, y2)), QPointF(x2, y2))
    else:
        path.lineTo(x2, y2)
    item = QGraphicsPathItem(path)
    colour = QColor(CHANGE_COLOURS[change])
    colour.setAlpha(110)
    pen = QPen(colour, 9.0, Qt.PenStyle.DashLine if change is Change.GONE else Qt.PenStyle.SolidLine,
               Qt.PenCapStyle.RoundCap)
    pen.setCosmetic(True)
    item.setPen(pen)
    item.setZValue(ARROW_MARK_Z)
    item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
    item.setData(0, connector_id)
    return item


def add_marks(scene: QGraphicsScene, board: Board, cards: dict[str, Change],
              arrows: dict[str, Change]) -> list[QGraphicsItem]:
    """Mark cards and arrows of the board shown in `scene`; returns the items, for taking them away again."""
    items: list[QGraphicsItem] = []
    for card_id, change in cards.items():
        if card_id in board.cards:
            items.append(CardChangeMark(board, card_id, change))
    for connector_id, change in arrows.items():
        if connector_id in board.connectors:
            items.append(arrow_mark(board, connector_id, change))
    for item in items:
        scene.addItem(item)
    return items


def summary(diff: BoardDiff) -> str:
    """One line: "3 new cards, 1 changed, 2 gone" (then moves and arrows, when there are any)."""
    tr = QCoreApplication.translate

    def count(n: int, one: str, many: str) -> str:
        return tr("ChangeMarks", one) if n == 1 else tr("ChangeMarks", many).format(n=n)

    parts = []
    if diff.added:
        parts.append(count(len(diff.added), "1 new card", "{n} new cards"))
    if diff.changed:
        parts.append(count(len(diff.changed), "1 changed", "{n} changed"))
    if diff.removed:
        parts.append(count(len(diff.removed), "1 gone", "{n} gone"))
    if diff.moved:
        parts.append(count(len(diff.moved), "1 moved", "{n} moved"))
    arrows = []
    if diff.arrows_added:
        arrows.append(count(len(diff.arrows_added), "1 new arrow", "{n} new arrows"))
    if diff.arrows_removed:
        arrows.append(count(len(diff.arrows_removed), "1 arrow gone", "{n} arrows gone"))
    if not parts and not arrows:
        return tr("ChangeMarks", "No changes between these two boards")
    return "; ".join(p for p in (", ".join(parts), ", ".join(arrows)) if p)


class LegendSwatch(QWidget):
    """A small card outline in a change's colour, as the boards draw it."""

    def __init__(self, change: Change, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.change = change
        self.setFixedSize(QSize(26, 16))

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        painter.setBrush(QBrush(QColor("#fff4c2")))
        pen = QPen(CHANGE_COLOURS[self.change], 2.5,
                   Qt.PenStyle.DashLine if self.change is Change.GONE else Qt.PenStyle.SolidLine)
        painter.setPen(pen)
        painter.drawRoundedRect(rect, 4, 4)
        painter.end()


class ChangeLegend(QWidget):
    """The key to the marks: one swatch and word per kind of change, on one row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("change_legend")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        explained = {
            Change.NEW: self.tr("On the later board: a card that was not there before"),
            Change.CHANGED: self.tr("On the later board: a card whose words changed"),
            Change.MOVED: self.tr("On the later board: a card with the same words in another place"),
            Change.GONE: self.tr("On the earlier board: a card that is no longer there"),
        }
        self.words: list[str] = []
        for change, tip in explained.items():
            swatch = LegendSwatch(change)
            label = QLabel(change_word(change))
            label.setStyleSheet(f"color: {CHANGE_COLOURS[change].name()}; font-weight: bold;")
            for part in (swatch, label):
                part.setToolTip(tip)
                row.addWidget(part)
            row.addSpacing(6)
            self.words.append(label.text())
