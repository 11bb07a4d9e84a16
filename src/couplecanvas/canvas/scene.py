"""BoardScene mirrors a BoardDocument: document signals add, move and remove items; gestures become requests."""

from __future__ import annotations

import enum
import logging

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsScene, QGraphicsSceneMouseEvent

from couplecanvas.canvas import style
from couplecanvas.canvas.items import CardEditor, CardItem, ConnectorItem
from couplecanvas.document.board_document import BoardDocument
from couplecanvas.domain.board import CARD_HEIGHT, CARD_WIDTH, Card
from couplecanvas.domain.couple import DEFAULT_COLOURS, PartnerRole

log = logging.getLogger(__name__)

SCENE_MARGIN = 2000.0


class Tool(enum.Enum):
    """What a left-button drag on the board does."""

    SELECT = "select"
    CONNECT = "connect"


class BoardScene(QGraphicsScene):
    """The items of one board, kept equal to its document."""

    tool_changed = Signal(object)
    """The active tool changed (a Tool)."""
    editing_changed = Signal(bool)
    """In-place text editing started (True) or ended (False)."""

    def __init__(self, document: BoardDocument, partner_colours: dict[PartnerRole, str] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.card_items: dict[str, CardItem] = {}
        self.connector_items: dict[str, ConnectorItem] = {}
        self._connectors_by_card: dict[str, set[str]] = {}
        self._partner_colours = dict(partner_colours or DEFAULT_COLOURS)
        self.editing_card_id: str | None = None
        self._editor: CardEditor | None = None
        self._tool = Tool.SELECT
        self._drag_start: dict[str, tuple[float, float]] = {}
        self._link_source: str | None = None
        self._link_preview: QGraphicsLineItem | None = None
        self.setBackgroundBrush(style.grid_brush())
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        for card_id in self.document.board.cards:
            self._on_card_added(card_id)
        for connector_id in self.document.board.connectors:
            self._on_connector_added(connector_id)
        document.card_added.connect(self._on_card_added)
        document.card_removed.connect(self._on_card_removed)
        document.card_changed.connect(self._on_card_changed)
        document.connector_added.connect(self._on_connector_added)
        document.connector_removed.connect(self._on_connector_removed)
        self._update_scene_rect()

    # -- mirroring the document ----------------------------------------------------------------------------------------
    def partner_colour(self, role: PartnerRole) -> str:
        return self._partner_colours[role]

    def _on_card_added(self, card_id: str) -> None:
        item = CardItem(card_id)
        self.card_items[card_id] = item
        self.addItem(item)
        item.sync()
        self._update_scene_rect()

    def _on_card_removed(self, card_id: str) -> None:
        if self.editing_card_id == card_id:
            self._close_editor()
        item = self.card_items.pop(card_id)
        self.removeItem(item)
        self._connectors_by_card.pop(card_id, None)

    def _on_card_changed(self, card_id: str) -> None:
        self.card_items[card_id].sync()
        self.card_item_moved(card_id)
        self._update_scene_rect()

    def _on_connector_added(self, connector_id: str) -> None:
        connector = self.document.board.connectors[connector_id]
        item = ConnectorItem(connector_id)
        self.connector_items[connector_id] = item
        self.addItem(item)
        for end in (connector.source_id, connector.target_id):
            self._connectors_by_card.setdefault(end, set()).add(connector_id)
        item.sync()

    def _on_connector_removed(self, connector_id: str) -> None:
        item = self.connector_items.pop(connector_id)
        self.removeItem(item)
        for ids in self._connectors_by_card.values():
            ids.discard(connector_id)

    def card_item_moved(self, card_id: str) -> None:
        """A card item moved on screen (drag or sync): its arrows follow."""
        for connector_id in self._connectors_by_card.get(card_id, ()):
            self.connector_items[connector_id].sync()

    def _update_scene_rect(self) -> None:
        bounds = self.document.board.bounds()
        rect = QRectF(0, 0, 1600, 1000) if bounds is None else QRectF(bounds.x, bounds.y, bounds.w, bounds.h)
        self.setSceneRect(rect.adjusted(-SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN, SCENE_MARGIN).united(self.sceneRect()))

    # -- selection helpers ---------------------------------------------------------------------------------------------
    def selected_card_ids(self) -> list[str]:
        return [i.card_id for i in self.selectedItems() if isinstance(i, CardItem)]

    def selected_connector_ids(self) -> list[str]:
        return [i.connector_id for i in self.selectedItems() if isinstance(i, ConnectorItem)]

    def select_only(self, card_ids: list[str]) -> None:
        self.clearSelection()
        for card_id in card_ids:
            self.card_items[card_id].setSelected(True)

    # -- tools ---------------------------------------------------------------------------------------------------------
    @property
    def tool(self) -> Tool:
        return self._tool

    def set_tool(self, tool: Tool) -> None:
        if tool is not self._tool:
            self._tool = tool
            for item in self.card_items.values():
                item.setFlag(item.GraphicsItemFlag.ItemIsMovable, tool is Tool.SELECT)
                item.setCursor(Qt.CursorShape.CrossCursor if tool is Tool.CONNECT else Qt.CursorShape.OpenHandCursor)
            self.tool_changed.emit(tool)

    # -- requests from gestures ----------------------------------------------------------------------------------------
    def add_card_at(self, centre: QPointF, text: str = "", edit: bool = True) -> str:
        """Make a card centred on a board point and, by default, start typing in it."""
        card = Card(text=text, x=round(centre.x() - CARD_WIDTH / 2), y=round(centre.y() - CARD_HEIGHT / 2))
        card_id = self.document.add_card(card)
        self.select_only([card_id])
        if edit:
            self.start_editing(card_id)
        return card_id

    def delete_selection(self) -> None:
        """Delete the selected cards (with their arrows) and arrows, as one undo step."""
        self.document.remove(self.selected_card_ids(), self.selected_connector_ids())

    def connect_selected(self) -> str | None:
        """Connect two selected cards, in the order they were selected when known."""
        ids = self.selected_card_ids()
        if len(ids) != 2:
            return None
        return self.document.add_connector(ids[0], ids[1])

    # -- in-place editing ----------------------------------------------------------------------------------------------
    def start_editing(self, card_id: str) -> None:
        if self.editing_card_id is not None:
            self._close_editor()
        item = self.card_items[card_id]
        self.editing_card_id = card_id
        self._editor = CardEditor(item, lambda text, cid=card_id: self._on_editor_finished(cid, text))
        item.update()
        self._editor.start()
        self.editing_changed.emit(True)

    def finish_editing(self) -> None:
        """End in-place editing, keeping the words."""
        if self._editor is not None:
            self._editor.finish(True)

    def _on_editor_finished(self, card_id: str, text: str | None) -> None:
        self._close_editor()
        if text is not None and card_id in self.document.board.cards:
            self.document.set_card_text(card_id, text.strip())
        if card_id in self.card_items:
            self.card_items[card_id].setSelected(True)

    def _close_editor(self) -> None:
        editor, self._editor = self._editor, None
        card_id, self.editing_card_id = self.editing_card_id, None
        if editor is not None:
            editor._finished = True
            editor.clearFocus()
            editor.setParentItem(None)
            self.removeItem(editor)
        if card_id in self.card_items:
            self.card_items[card_id].update()
        self.editing_changed.emit(False)

    # -- mouse ---------------------------------------------------------------------------------------------------------
    def card_at(self, point: QPointF) -> CardItem | None:
        for item in self.items(point):
            if isinstance(item, CardItem):
                return item
        return None

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self._editor is not None and not self._editor.sceneBoundingRect().contains(event.scenePos()):
            self.finish_editing()
        if self._tool is Tool.CONNECT and event.button() == Qt.MouseButton.LeftButton:
            card = self.card_at(event.scenePos())
            if card is not None:
                self._link_source = card.card_id
                centre = card.sceneBoundingRect().center()
                self._link_preview = self.addLine(QLineF(centre, event.scenePos()), QPen(style.SELECTION_COLOUR, 2, Qt.PenStyle.DashLine))
                self._link_preview.setZValue(1e6)
                event.accept()
                return
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_start = {
                i.card_id: (i.pos().x(), i.pos().y()) for i in self.selectedItems() if isinstance(i, CardItem)
            }

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self._link_preview is not None:
            line = self._link_preview.line()
            line.setP2(event.scenePos())
            self._link_preview.setLine(line)
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self._link_preview is not None:
            self.removeItem(self._link_preview)
            self._link_preview = None
            source, self._link_source = self._link_source, None
            target = self.card_at(event.scenePos())
            if source is not None and target is not None and target.card_id != source:
                self.document.add_connector(source, target.card_id)
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self._drag_start:
            moved = {}
            for card_id in self._drag_start:
                item = self.card_items.get(card_id)
                if item is not None:
                    moved[card_id] = (round(item.pos().x()), round(item.pos().y()))
            self._drag_start = {}
            self.document.move_cards(moved)
            for card_id in moved:  # snap items back to the domain when nothing changed (e.g. a click)
                if card_id in self.card_items:
                    self.card_items[card_id].sync()

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mouseDoubleClickEvent(event)
        card = self.card_at(event.scenePos())
        if card is not None:
            self.start_editing(card.card_id)
        elif self._editor is None:
            self.add_card_at(event.scenePos())
        event.accept()

