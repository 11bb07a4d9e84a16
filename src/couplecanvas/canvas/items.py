"""Graphics items: they hold an id and paint what the document's board says. They own no state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF, QTextOption
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsTextItem, QStyleOptionGraphicsItem, QWidget

from couplecanvas.canvas import style
from couplecanvas.domain.geometry import Rect, arrow_head, connector_segment, label_anchor

if TYPE_CHECKING:
    from couplecanvas.canvas.scene import BoardScene
    from couplecanvas.domain.board import Card, Connector


class CardItem(QGraphicsItem):
    """A card on screen. Position lives in the domain; during a drag Qt moves the item and the drop is a command."""

    def __init__(self, card_id: str) -> None:
        super().__init__()
        self.card_id = card_id
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self._size = (0.0, 0.0)

    def board_scene(self) -> BoardScene:
        return self.scene()  # type: ignore[return-value]

    @property
    def card(self) -> Card:
        return self.board_scene().document.board.cards[self.card_id]

    def sync(self) -> None:
        """Take position, size and stacking from the domain card."""
        card = self.card
        if (card.width, card.height) != self._size:
            self.prepareGeometryChange()
            self._size = (card.width, card.height)
        self.setPos(card.x, card.y)
        self.setZValue(card.z)
        self.update()

    def live_rect(self) -> Rect:
        """The card's rectangle where it is on screen now (during a drag this differs from the domain)."""
        pos = self.pos()
        return Rect(pos.x(), pos.y(), self._size[0], self._size[1])

    def boundingRect(self) -> QRectF:  # noqa: N802
        return QRectF(-3, -3, self._size[0] + 6, self._size[1] + 6)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(QRectF(0, 0, *self._size), style.CARD_RADIUS, style.CARD_RADIUS)
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        card = self.card
        scene = self.board_scene()
        rect = QRectF(0, 0, card.width, card.height)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if card.partner is not None:
            border = QColor(scene.partner_colour(card.partner))
            pen = QPen(border, 2.0)
        else:
            pen = QPen(style.BORDER_COLOUR, 1.2)
        if self.isSelected():
            pen = QPen(style.SELECTION_COLOUR, 3.0)
        painter.setPen(pen)
        painter.setBrush(QBrush(QColor(card.colour)))
        painter.drawRoundedRect(rect, style.CARD_RADIUS, style.CARD_RADIUS)
        if scene.editing_card_id == self.card_id:
            return
        text = card.text
        text_rect = rect.adjusted(style.CARD_PADDING, style.CARD_PADDING / 1.5, -style.CARD_PADDING, -style.CARD_PADDING / 1.5)
        painter.setPen(style.TEXT_COLOUR if text else QColor("#9a9488"))
        painter.setFont(fitting_font(text or "Type here", text_rect))
        option_ = QTextOption(Qt.AlignmentFlag.AlignCenter)
        option_.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        painter.drawText(text_rect, text or "Type here", option_)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value):  # noqa: N802
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged and self.scene() is not None:
            self.board_scene().card_item_moved(self.card_id)
        return super().itemChange(change, value)


_font_cache: dict[tuple[str, float, float], object] = {}


def fitting_font(text: str, rect: QRectF):
    """The largest card font, down to a floor, whose wrapped text fits the rectangle."""
    key = (text, round(rect.width()), round(rect.height()))
    cached = _font_cache.get(key)
    if cached is not None:
        return cached
    flags = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)
    size = style.CARD_FONT_POINT_SIZE
    font = style.card_font(size)
    while size > style.MIN_CARD_FONT_POINT_SIZE:
        font = style.card_font(size)
        needed = QFontMetricsF(font).boundingRect(rect, flags, text)
        if needed.height() <= rect.height() and needed.width() <= rect.width() + 0.5:
            break
        size -= 1
        font = style.card_font(size)
    if len(_font_cache) > 4000:
        _font_cache.clear()
    _font_cache[key] = font
    return font


class ConnectorItem(QGraphicsPathItem):
    """An arrow between two cards, clipped to their outlines; it follows the cards as they move."""

    def __init__(self, connector_id: str) -> None:
        super().__init__()
        self.connector_id = connector_id
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(-1)  # arrows run under cards
        self._head = QPolygonF()
        self._label_pos = QPointF()

    def board_scene(self) -> BoardScene:
        return self.scene()  # type: ignore[return-value]

    @property
    def connector(self) -> Connector:
        return self.board_scene().document.board.connectors[self.connector_id]

    def sync(self) -> None:
        """Recompute the path from where the two cards are on screen now."""
        scene = self.board_scene()
        connector = self.connector
        source = scene.card_items[connector.source_id].live_rect()
        target = scene.card_items[connector.target_id].live_rect()
        x1, y1, x2, y2 = connector_segment(source, target)
        path = QPainterPath(QPointF(x1, y1))
        path.lineTo(x2, y2)
        self._head = QPolygonF([QPointF(x, y) for x, y in arrow_head(x1, y1, x2, y2, style.ARROW_HEAD)])
        self._label_pos = QPointF(*label_anchor(x1, y1, x2, y2))
        self.setPath(path)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return super().boundingRect().united(self._head.boundingRect()).adjusted(-60, -20, 60, 20)

    def shape(self) -> QPainterPath:
        stroker_path = QPainterPath(self.path())
        from PySide6.QtGui import QPainterPathStroker

        stroker = QPainterPathStroker()
        stroker.setWidth(12)
        return stroker.createStroke(stroker_path)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = style.SELECTION_COLOUR if self.isSelected() else style.ARROW_COLOUR
        painter.setPen(QPen(colour, style.ARROW_WIDTH + (1 if self.isSelected() else 0), Qt.PenStyle.SolidLine,
                            Qt.PenCapStyle.RoundCap))
        painter.drawPath(self.path())
        painter.setBrush(colour)
        painter.drawPolygon(self._head)
        label = self.connector.label
        if label:
            font = style.card_font(10)
            painter.setFont(font)
            metrics = QFontMetricsF(font)
            width = metrics.horizontalAdvance(label) + 10
            box = QRectF(self._label_pos.x() - width / 2, self._label_pos.y() - 11, width, 22)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 255, 255, 230))
            painter.drawRoundedRect(box, 6, 6)
            painter.setPen(colour)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)


class CardEditor(QGraphicsTextItem):
    """In-place text editing over a card. Enter, Esc or clicking away keeps the words; Shift+Enter makes a new line."""

    def __init__(self, card_item: CardItem, on_finished) -> None:
        super().__init__(card_item)
        self._on_finished = on_finished
        self._finished = False
        card = card_item.card
        self.setFont(style.card_font())
        self.setDefaultTextColor(style.TEXT_COLOUR)
        self.setPlainText(card.text)
        self.setTextWidth(card.width - 2 * style.CARD_PADDING)
        self.setPos(style.CARD_PADDING, style.CARD_PADDING / 1.5)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextEditorInteraction)
        option = self.document().defaultTextOption()
        option.setAlignment(Qt.AlignmentFlag.AlignCenter)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDefaultTextOption(option)

    def start(self) -> None:
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        cursor = self.textCursor()
        cursor.select(cursor.SelectionType.Document)
        self.setTextCursor(cursor)

    def finish(self, keep: bool = True) -> None:
        if self._finished:
            return
        self._finished = True
        self._on_finished(self.toPlainText() if keep else None)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.finish(True)
            return
        if event.key() == Qt.Key.Key_Escape:
            self.finish(True)
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.finish(True)
