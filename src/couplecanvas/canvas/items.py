"""Graphics items: they hold an id and paint what the document's board says. They own no state."""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
    QTextOption,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem, QWidget

from couplecanvas.canvas import reframes, style
from couplecanvas.canvas.reframes import StoryMark
from couplecanvas.canvas.screen_words import shown as shown_words
from couplecanvas.domain.board import CardKind, ConnectorKind
from couplecanvas.domain.geometry import (
    ArrowCourse,
    Point,
    Rect,
    arrow_head,
    border_point,
    curve_control,
    label_anchor,
    polyline_trimmed,
    rounded_course,
)

if TYPE_CHECKING:
    from couplecanvas.canvas.scene import BoardScene
    from couplecanvas.domain.board import Card, Connector

GRIP = 14.0  # the resize grip in a selected card's bottom-right corner
MIN_CARD_WIDTH = 80.0
MIN_CARD_HEIGHT = 40.0
END_HANDLE = 9.0
FAR_LOD = 0.35  # below this zoom a card's words are under 5 px tall: draw the board as boxes and lines
LINK_PICK_PEN = QPen(QColor("#2e7d4f"), 3.0, Qt.PenStyle.DashLine)
CARD_TEXT_OPTION = QTextOption(Qt.AlignmentFlag.AlignCenter)
CARD_TEXT_OPTION.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
HINT_TEXT_OPTION = QTextOption(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
HINT_TEXT_OPTION.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
EDITOR_MARGIN = 4.0  # QTextDocument's default margin: where the editor's first line really starts
TOP_ROOM = reframes.TAG_RISE + 1  # a card's drawing reaches this far above it (an old or new story tag)


@functools.cache
def type_here() -> str:
    """The invitation on an empty card without a hint, translated once (card painting is hot)."""
    return QCoreApplication.translate("CardItem", "Type here")


def LABEL_FONT() -> QFont:  # noqa: N802 - reads like the constant it stands for
    return style.card_font(11)


class CardItem(QGraphicsItem):
    """A card on screen. Position lives in the domain; during a drag Qt moves the item and the drop is a command."""

    def __init__(self, card_id: str) -> None:
        super().__init__()
        self.card_id = card_id
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setAcceptHoverEvents(True)
        self._size = (0.0, 0.0)
        self._resize_from: QRectF | None = None

    def board_scene(self) -> BoardScene:
        return self.scene()  # type: ignore[return-value]

    @property
    def card(self) -> Card:
        return self.board_scene().document.board.cards[self.card_id]

    def sync(self) -> None:
        """Take position, size and stacking from the domain card."""
        card = self.card
        self.set_size(card.width, card.height)
        self.setPos(card.x, card.y)
        self.setZValue(card.z)
        self.update()

    def set_size(self, width: float, height: float) -> None:
        if (width, height) != self._size:
            self.prepareGeometryChange()
            self._size = (width, height)
            if self.scene() is not None:
                self.board_scene().card_item_moved(self.card_id)

    def live_rect(self) -> Rect:
        """The card's rectangle where it is on screen now (during a drag or resize this differs from the domain)."""
        pos = self.pos()
        return Rect(pos.x(), pos.y(), self._size[0], self._size[1])

    def boundingRect(self) -> QRectF:  # noqa: N802
        return QRectF(-4, -TOP_ROOM, self._size[0] + 8, self._size[1] + 4 + TOP_ROOM)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(QRectF(0, 0, *self._size), style.CARD_RADIUS, style.CARD_RADIUS)
        return path

    def _grip_rect(self) -> QRectF:
        return QRectF(self._size[0] - GRIP, self._size[1] - GRIP, GRIP, GRIP)

    def shown_hint(self) -> str:
        """The slot's prompt the card shows now: its hint while it has no words (stored, or typed so far), else ""."""
        card = self.card
        if not card.hint:
            return ""
        scene = self.board_scene()
        if scene.editing_card_id == self.card_id:
            return card.hint if scene.editor_is_empty() else ""
        return "" if card.text else card.hint

    def story_tags(self) -> list[str]:
        """The tags the card shows at its top edge ("old story", "new story"), from the board's reframe arrows."""
        return reframes.tag_texts(self.board_scene().story_marks.of(self.card_id))

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        card = self.card
        scene = self.board_scene()
        rect = QRectF(0, 0, *self._size)
        selected = self.isSelected()
        editing = scene.editing_card_id == self.card_id
        mark = scene.story_marks.of(self.card_id)
        board = style.painted_style(scene)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < FAR_LOD and not editing:
            self._paint_far(painter, card, scene, board, rect, selected, mark)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if card.kind is CardKind.LABEL:
            if editing and board.dark:
                # The in-place editor types in the cards' dark words: give it the light ground a card has.
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(style.LIGHT_BOARD.background)
                painter.drawRoundedRect(rect, 4, 4)
            if selected or mark:
                painter.setPen(QPen(board.selection, board.selection_width / 2, Qt.PenStyle.DashLine) if selected
                               else reframes.border_pen(mark))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(rect, 4, 4)
        else:
            if card.kind is CardKind.NOTE:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(0, 0, 0, 28))
                painter.drawRect(rect.translated(3, 4))
            if selected:
                pen = QPen(board.selection, board.selection_width)
            elif mark:
                pen = reframes.border_pen(mark)
            elif card.kind is CardKind.NOTE:
                pen = QPen(QColor(card.colour).darker(board.note_border_darker), board.note_border_width)
            elif card.partner is not None:
                pen = QPen(QColor(scene.partner_colour(card.partner)), board.partner_border_width)
            else:
                pen = QPen(board.border, board.border_width)
            painter.setPen(pen)
            painter.setBrush(QBrush(board.card_fill(card.colour)))
            radius = 2.0 if card.kind is CardKind.NOTE else style.CARD_RADIUS
            painter.drawRoundedRect(rect, radius, radius)
        if scene.link_target_id == self.card_id or scene.link_source_id == self.card_id:
            painter.setPen(LINK_PICK_PEN)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-3, -3, 3, 3), style.CARD_RADIUS, style.CARD_RADIUS)
        if selected and scene.single_selection:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(board.selection)
            grip = self._grip_rect()
            painter.drawPolygon(QPolygonF([grip.topRight(), grip.bottomRight(), grip.bottomLeft()]))
        if mark:
            reframes.paint_tags(painter, rect.width(), mark)
        bold = card.kind is CardKind.LABEL
        if editing:
            if card.hint and scene.editor_is_empty():
                # A placeholder where the typed words will start, until the first character.
                inset = style.CARD_PADDING + EDITOR_MARGIN
                top = style.CARD_PADDING / 1.5
                hint_rect = rect.adjusted(inset, top + EDITOR_MARGIN, -inset, -top)
                painter.setPen(board.hint)
                hint = shown_words(widget, card.hint)
                painter.setFont(fitting_font(hint, hint_rect, bold, board))
                painter.drawText(hint_rect, hint, HINT_TEXT_OPTION)
            return
        text = shown_words(widget, card.text)
        text_rect = rect.adjusted(
            style.CARD_PADDING, style.CARD_PADDING / 1.5, -style.CARD_PADDING, -style.CARD_PADDING / 1.5
        )
        if text:
            shown = text
            painter.setPen(board.label_text if bold else board.text)
        elif card.hint:
            shown = shown_words(widget, card.hint)
            painter.setPen(board.hint)
        elif scene.exporting:
            return  # an exported image has no use for the invitation to type
        else:
            shown = type_here()
            painter.setPen(board.placeholder)
        painter.setFont(fitting_font(shown, text_rect, bold, board))
        painter.drawText(text_rect, shown, CARD_TEXT_OPTION)

    def _paint_far(self, painter: QPainter, card: Card, scene: BoardScene, board: style.BoardStyle, rect: QRectF,
                   selected: bool, mark: StoryMark) -> None:
        """Seen from afar, words are too small to read: a plain box with a few grey strokes for them is enough."""
        if card.kind is not CardKind.LABEL or mark:
            if selected:
                border = board.selection
            elif mark:
                border = reframes.border_colour(mark)
            elif card.partner is not None:
                border = QColor(scene.partner_colour(card.partner))
            else:
                border = board.border
            painter.setPen(QPen(border, 2 if mark else 0))
            painter.setBrush(board.card_fill(card.colour) if card.kind is not CardKind.LABEL else Qt.BrushStyle.NoBrush)
            painter.drawRect(rect)
        if card.text:
            lines = min(3, 1 + len(card.text) // 30)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(board.far_text)
            height = rect.height() / (2 * lines + 1)
            for n in range(lines):
                painter.drawRect(QRectF(rect.width() * 0.15, height * (2 * n + 1), rect.width() * 0.7, height * 0.8))

    # -- resize --------------------------------------------------------------------------------------------------------
    def hoverMoveEvent(self, event) -> None:  # noqa: N802
        # Only the resize grip has a cursor of its own; elsewhere the tool's cursor (pen, connect, ...) shows through.
        on_grip = (
            self.isSelected()
            and self.board_scene().tool_object.items_movable
            and self._grip_rect().contains(event.pos())
        )
        if on_grip != self.hasCursor():
            if on_grip:
                self.setCursor(Qt.CursorShape.SizeFDiagCursor)
            else:
                self.unsetCursor()
        super().hoverMoveEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if (
            event.button() == Qt.MouseButton.LeftButton
            and self.isSelected()
            and self._grip_rect().contains(event.pos())
            and self.board_scene().tool_object.items_movable
        ):
            self._resize_from = QRectF(
                self.pos(), QPointF(self.pos().x() + self._size[0], self.pos().y() + self._size[1])
            )
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._resize_from is not None:
            corner = event.scenePos()
            width = max(MIN_CARD_WIDTH, corner.x() - self.pos().x())
            height = max(MIN_CARD_HEIGHT, corner.y() - self.pos().y())
            self.set_size(width, height)
            self.update()
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self._resize_from is not None:
            self._resize_from = None
            card = self.card
            width, height = round(self._size[0]), round(self._size[1])
            self.board_scene().document.set_card_geometry(self.card_id, card.x, card.y, width, height)
            self.sync()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value):  # noqa: N802
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged and self.scene() is not None:
            self.board_scene().card_item_moved(self.card_id)
        return super().itemChange(change, value)


_font_cache: dict[tuple, QFont] = {}


def fitting_font(text: str, rect: QRectF, bold: bool = False, board: style.BoardStyle = style.LIGHT_BOARD) -> QFont:
    """The largest card font, from the style's size down to its floor, whose wrapped text fits the rectangle."""
    key = (text, round(rect.width()), round(rect.height()), bold, board.card_point_size, board.min_card_point_size)
    cached = _font_cache.get(key)
    if cached is not None:
        return cached
    flags = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)
    size = board.card_point_size + (3 if bold else 0)
    font = style.card_font(size)
    while size > board.min_card_point_size:
        font = style.card_font(size)
        font.setBold(bold)
        needed = QFontMetricsF(font).boundingRect(rect, flags, text)
        if needed.height() <= rect.height() and needed.width() <= rect.width() + 0.5:
            break
        size -= 1
    font.setBold(bold)
    if len(_font_cache) > 4000:
        _font_cache.clear()
    _font_cache[key] = font
    return font


class ConnectorItem(QGraphicsPathItem):
    """An arrow between two cards, clipped to their outlines; it follows the cards. Drag an end to reconnect."""

    def __init__(self, connector_id: str) -> None:
        super().__init__()
        self.connector_id = connector_id
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(-1e6)  # arrows run under cards and ink
        self._head = QPolygonF()
        self._label_pos = QPointF()
        self._ends = (QPointF(), QPointF())
        self._dragging_end: int | None = None
        self._drag_point = QPointF()
        self._bounds = QRectF()
        self._shape: QPainterPath | None = None
        self._label = ""  # the connector's label, or "reframe" on a reframe arrow without one
        self._shaft: QPainterPath | None = None  # a reframe arrow's double line (None: an ordinary arrow)

    def board_scene(self) -> BoardScene:
        return self.scene()  # type: ignore[return-value]

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value):  # noqa: N802
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            # A selected arrow comes on top, so the handles on its ends can be grabbed even over a card.
            self.setZValue(1e6 if value else -1e6)
        return super().itemChange(change, value)

    @property
    def connector(self) -> Connector:
        return self.board_scene().document.board.connectors[self.connector_id]

    def sync(self) -> None:
        """Recompute the path from where the two cards are on screen now."""
        scene = self.board_scene()
        connector = self.connector
        source = scene.card_items[connector.source_id].live_rect()
        target = scene.card_items[connector.target_id].live_rect()
        if self._dragging_end is not None:
            fixed = target if self._dragging_end == 0 else source
            end = border_point(fixed, (self._drag_point.x(), self._drag_point.y()))
            points = (
                (self._drag_point.x(), self._drag_point.y(), *end)
                if self._dragging_end == 0
                else (*end, self._drag_point.x(), self._drag_point.y())
            )
            x1, y1, x2, y2 = points
            course = ArrowCourse(((x1, y1), (x2, y2)), curve_control(x1, y1, x2, y2) if connector.curved else None)
        else:
            # Straight, curved, or routed around the cards in its way: the same course the PDF draws.
            course = scene.arrow_course_of(connector, source, target)
        (x1, y1), (x2, y2) = course.start, course.end
        reframe = connector.kind is ConnectorKind.REFRAME
        head = reframes.REFRAME_HEAD if reframe else style.ARROW_HEAD
        control = QPointF(*course.control) if course.control is not None else None
        path = QPainterPath(QPointF(x1, y1))
        if course.routed:
            _trace(path, course.points)
            self._label_pos = path.pointAtPercent(0.45)
        elif control is not None:
            path.quadTo(control, QPointF(x2, y2))
            self._label_pos = path.pointAtPercent(0.45)
        else:
            path.lineTo(x2, y2)
            self._label_pos = QPointF(*label_anchor(x1, y1, x2, y2))
        tail = course.head_from
        self._head = QPolygonF([QPointF(x, y) for x, y in arrow_head(tail[0], tail[1], x2, y2, head)])
        if not reframe:
            self._shaft = None
        elif course.routed:
            shortened = polyline_trimmed(course.points, reframes.REFRAME_SHAFT_STOP)
            self._shaft = _trace(QPainterPath(QPointF(x1, y1)), shortened)
        else:
            self._shaft = reframes.shaft(x1, y1, x2, y2, control)
        self._label = connector.label or (reframes.reframe_label() if reframe else "")
        self._ends = (QPointF(x1, y1), QPointF(x2, y2))
        self.prepareGeometryChange()
        self.setPath(path)
        self._shape = None
        room = END_HANDLE + 4
        bounds = path.controlPointRect().united(self._head.boundingRect()).adjusted(-room, -room, room, room)
        if self._label:
            bounds = bounds.united(self._label_box(self._label).adjusted(-2, -2, 2, 2))
        self._bounds = bounds

    @property
    def is_reframe(self) -> bool:
        """Drawn as a reframe (as of the last sync with the document)."""
        return self._shaft is not None

    @property
    def shown_label(self) -> str:
        """The words drawn on the arrow: its label, or "reframe" on a reframe arrow that has none."""
        return self._label

    def _label_box(self, label: str) -> QRectF:
        width = QFontMetricsF(LABEL_FONT()).horizontalAdvance(label) + 12
        return QRectF(self._label_pos.x() - width / 2, self._label_pos.y() - 12, width, 24)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def shape(self) -> QPainterPath:
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(14)
            self._shape = stroker.createStroke(self.path())
        if self.isSelected():
            shape = QPainterPath(self._shape)
            for end in self._ends:
                shape.addEllipse(end, END_HANDLE, END_HANDLE)
            return shape
        return self._shape

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        selected = self.isSelected()
        shaft = self._shaft
        board = style.painted_style(self.board_scene())
        if selected:
            colour = board.selection
        else:
            colour = reframes.REFRAME_QCOLOUR if shaft is not None else board.arrow
        if option.levelOfDetailFromTransform(painter.worldTransform()) < FAR_LOD and not selected:
            painter.setPen(QPen(colour, 0))
            painter.drawPath(self.path())
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if shaft is None:
            painter.setPen(QPen(colour, board.arrow_width + (1 if selected else 0), Qt.PenStyle.SolidLine,
                                Qt.PenCapStyle.RoundCap))
            painter.drawPath(self.path())
        else:  # a double line: broad in the reframe colour, hollowed out by a thin line of the board's colour
            painter.setPen(QPen(colour, reframes.REFRAME_LINE_WIDTH, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
            painter.drawPath(shaft)
            painter.setPen(QPen(board.reframe_inner, reframes.REFRAME_INNER_WIDTH, Qt.PenStyle.SolidLine,
                                Qt.PenCapStyle.FlatCap))
            painter.drawPath(shaft)
            painter.setPen(QPen(colour, 1.0))
        painter.setBrush(colour)
        painter.drawPolygon(self._head)
        label = self._label
        if label:
            painter.setFont(LABEL_FONT())
            box = self._label_box(label)  # sized for the words as typed, as the item's bounds are
            label = shown_words(widget, label)
            painter.setPen(Qt.PenStyle.NoPen if shaft is None else QPen(colour, 1.2))
            # On a dark board a reframe's green words need the light box the cards have.
            light = shaft is not None and board.dark
            painter.setBrush(style.LIGHT_BOARD.arrow_label_fill if light else board.arrow_label_fill)
            painter.drawRoundedRect(box, 6, 6)
            painter.setPen(colour)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        if selected:
            painter.setPen(QPen(board.selection, 2))
            painter.setBrush(QColor("#ffffff"))
            for end in self._ends:
                painter.drawEllipse(end, END_HANDLE / 1.5, END_HANDLE / 1.5)

    # -- drag an end to reconnect --------------------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:  # noqa: N802
        if self.isSelected() and event.button() == Qt.MouseButton.LeftButton:
            for index, end in enumerate(self._ends):
                if math.hypot(end.x() - event.scenePos().x(), end.y() - event.scenePos().y()) <= END_HANDLE + 2:
                    self._dragging_end = index
                    self._drag_point = event.scenePos()
                    event.accept()
                    return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._dragging_end is not None:
            self._drag_point = event.scenePos()
            self.sync()
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self._dragging_end is not None:
            end, self._dragging_end = self._dragging_end, None
            scene = self.board_scene()
            card = scene.card_at(event.scenePos())
            if card is not None:
                if end == 0:
                    scene.document.set_connector(self.connector_id, source_id=card.card_id)
                else:
                    scene.document.set_connector(self.connector_id, target_id=card.card_id)
            if self.connector_id in scene.connector_items:
                self.sync()
            event.accept()
            return
        super().mouseReleaseEvent(event)


def _trace(path: QPainterPath, points: tuple[Point, ...] | list[Point]) -> QPainterPath:
    """Add a routed arrow's line (from its first point, where `path` starts) with its rounded corners."""
    for step in rounded_course(points):
        if len(step) == 1:
            path.lineTo(*step[0])
        else:
            path.quadTo(QPointF(*step[0]), QPointF(*step[1]))
    return path
