"""BoardScene mirrors a BoardDocument: document signals add, move and remove items; gestures become requests."""

from __future__ import annotations

import itertools
import logging

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsSceneMouseEvent

from couplecanvas.canvas import style
from couplecanvas.canvas.arrange import Align, aligned, distributed
from couplecanvas.canvas.editor import CardEditor
from couplecanvas.canvas.ink import EraserTool, HighlighterTool, PenTool, StrokeItem
from couplecanvas.canvas.items import CardItem, ConnectorItem
from couplecanvas.canvas.laser import LaserTool
from couplecanvas.canvas.reframes import StoryMarks

# `X as X`: still importable from here, as before the scene's methods were split over the scene_* modules.
from couplecanvas.canvas.scene_content import CAPTURE_GAP as CAPTURE_GAP
from couplecanvas.canvas.scene_content import PASTE_OFFSET as PASTE_OFFSET
from couplecanvas.canvas.scene_content import ContentMixin
from couplecanvas.canvas.scene_drag import DRAG_PREVIEW_MIN_ITEMS as DRAG_PREVIEW_MIN_ITEMS
from couplecanvas.canvas.scene_drag import DragMixin
from couplecanvas.canvas.scene_editing import EditingMixin
from couplecanvas.canvas.scene_editing import needed_card_height as needed_card_height
from couplecanvas.canvas.scene_links import LinkPickMixin
from couplecanvas.canvas.tools import BoardTool, ConnectTool, SelectTool, Tool
from couplecanvas.canvas.word_picker import WordPickerSession
from couplecanvas.document.board_document import BoardDocument
from couplecanvas.domain.board import CardKind, Connector
from couplecanvas.domain.couple import DEFAULT_COLOURS, PartnerRole
from couplecanvas.domain.emotions import EmotionWords

log = logging.getLogger(__name__)

SCENE_MARGIN = 2000.0
ROUTE_LATER_FROM = 400  # items (cards and arrows) from which a board's arrows are routed after it opens
ROUTE_BATCH = 40  # arrows routed between two paints while that goes on

__all__ = ["BoardScene", "Tool"]


class BoardScene(ContentMixin, EditingMixin, LinkPickMixin, DragMixin, QGraphicsScene):
    """The items of one board, kept equal to its document.

    Mirroring, selection, tools and mouse events live here; the rest comes from mixins beside this module:
    scene_content (adding and marking content), scene_editing (in-place editing), scene_links (keyboard link picking)
    and scene_drag (the big-board drag preview and the move a drag ends in)."""

    tool_changed = Signal(object)
    """The active tool changed (a Tool)."""
    editing_changed = Signal(bool)
    """In-place text editing started (True) or ended (False)."""

    def __init__(
        self, document: BoardDocument, partner_colours: dict[PartnerRole, str] | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.card_items: dict[str, CardItem] = {}
        self.connector_items: dict[str, ConnectorItem] = {}
        self.stroke_items: dict[str, StrokeItem] = {}
        self._connectors_by_card: dict[str, set[str]] = {}
        self._partner_colours = dict(partner_colours or DEFAULT_COLOURS)
        self.editing_card_id: str | None = None
        self._editor: CardEditor | None = None
        self.word_picker: WordPickerSession | None = None
        self.story_marks = StoryMarks()
        self.snap_to_grid = False
        self.emotion_words: EmotionWords | None = None
        self.exporting = False  # True while an image of the board is being made: no on-screen invitations
        self.tools: dict[Tool, BoardTool] = {
            Tool.SELECT: SelectTool(self),
            Tool.CONNECT: ConnectTool(self),
            Tool.PEN: PenTool(self),
            Tool.HIGHLIGHTER: HighlighterTool(self),
            Tool.ERASER: EraserTool(self),
            Tool.LASER: LaserTool(self),
        }
        self._tool = Tool.SELECT
        self._tool_gesture = False
        self._drag_start: dict[QGraphicsItem, QPointF] = {}
        self._drag_anchor: QGraphicsItem | None = None
        self.selection_order: list[str] = []
        self.single_selection = False  # exactly one item (of any kind) is selected; kept by _on_selection_changed
        self._frozen: list[QGraphicsItem] = []  # items drawn in the views' drag snapshot, hidden meanwhile
        self._removed: list[QGraphicsItem] = []  # of those, the ones out of the scene until the drag ends
        self._drag_arrows: list[ConnectorItem] = []  # the moving cards' arrows, routed again when the drag ends
        self._unrouted: dict[str, None] = {}  # a big board's arrows still drawn straight, routed a few between paints
        self.link_source_id: str | None = None
        self.link_target_id: str | None = None
        self.board_style = style.LIGHT_BOARD  # the theme the items paint in; set_board_style changes it
        self.setBackgroundBrush(style.grid_brush())
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        board = document.board
        for card_id in board.cards:
            self._on_card_added(card_id, grow=False)
        for stroke_id in board.strokes:
            self._on_stroke_added(stroke_id, grow=False)
        # A big board opens with its arrows straight (or curved) and routes them around the cards right after, in
        # small batches between paints: routing thousands of arrows up front held a 2,000-card board's first picture
        # back by seconds. Small boards (every real session) are routed at once.
        if len(board.cards) + len(board.connectors) >= ROUTE_LATER_FROM:
            self._unrouted = dict.fromkeys(board.connectors)
        for connector_id in board.connectors:
            self._on_connector_added(connector_id)
        if self._unrouted:
            QTimer.singleShot(0, self, self._route_some)
        document.card_added.connect(self._on_card_added)
        document.card_removed.connect(self._on_card_removed)
        document.card_changed.connect(self._on_card_changed)
        document.connector_added.connect(self._on_connector_added)
        document.connector_removed.connect(self._on_connector_removed)
        document.connector_changed.connect(self._on_connector_changed)
        document.stroke_added.connect(self._on_stroke_added)
        document.stroke_removed.connect(self._on_stroke_removed)
        document.stroke_changed.connect(self._on_stroke_changed)
        self.selectionChanged.connect(self._on_selection_changed)
        self._update_scene_rect()

    def _route_some(self) -> None:
        """Route the next few arrows of a big board that opened with them straight; the rest after the next paint."""
        for connector_id in list(itertools.islice(self._unrouted, ROUTE_BATCH)):
            del self._unrouted[connector_id]
            item = self.connector_items.get(connector_id)
            if item is not None and item.scene() is self:
                item.sync()
        if self._unrouted:
            QTimer.singleShot(0, self, self._route_some)

    def finish_routing(self) -> None:
        """Route every arrow still waiting, now (a test, or anything that needs the board as it will be drawn)."""
        while self._unrouted:
            self._route_some()

    # -- mirroring the document ----------------------------------------------------------------------------------------
    def partner_colour(self, role: PartnerRole) -> str:
        return self._partner_colours[role]

    def set_board_style(self, board_style: style.BoardStyle) -> None:
        """Paint the board in another theme (background, grid, borders, arrows, words); the board is unchanged."""
        if board_style is self.board_style:
            return
        self.board_style = board_style
        self.setBackgroundBrush(style.grid_brush(board_style))
        for item in self.items():
            item.update()

    def _on_card_added(self, card_id: str, grow: bool = True) -> None:
        item = CardItem(card_id)
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, self.tool_object.items_movable)
        self.card_items[card_id] = item
        self.addItem(item)
        item.sync()
        if grow:
            self._grow_scene_rect(item.sceneBoundingRect())

    def _on_card_removed(self, card_id: str) -> None:
        if self.editing_card_id == card_id:
            self._close_editor()
        self._drop_item(self.card_items.pop(card_id))
        self._connectors_by_card.pop(card_id, None)

    def _on_card_changed(self, card_id: str) -> None:
        item = self.card_items[card_id]
        item.sync()
        if card_id == self.editing_card_id and self._editor is not None:
            self._editor.refit()  # words saved while typing: the card keeps the size of what is being typed
        self.card_item_moved(card_id)
        self._grow_scene_rect(item.sceneBoundingRect())

    def _index_connector(self, connector: Connector) -> None:
        for end in (connector.source_id, connector.target_id):
            self._connectors_by_card.setdefault(end, set()).add(connector.id)

    def _on_connector_added(self, connector_id: str) -> None:
        item = ConnectorItem(connector_id)
        self.connector_items[connector_id] = item
        self.addItem(item)
        connector = self.document.board.connectors[connector_id]
        self._index_connector(connector)
        item.sync()
        self._restyle_stories(self.story_marks.connector_set(connector))

    def _on_connector_removed(self, connector_id: str) -> None:
        self._drop_item(self.connector_items.pop(connector_id))
        for ids in self._connectors_by_card.values():
            ids.discard(connector_id)
        self._restyle_stories(self.story_marks.connector_removed(connector_id))

    def _on_connector_changed(self, connector_id: str) -> None:
        for ids in self._connectors_by_card.values():
            ids.discard(connector_id)
        connector = self.document.board.connectors[connector_id]
        self._index_connector(connector)
        self.connector_items[connector_id].sync()
        self._restyle_stories(self.story_marks.connector_set(connector))

    def _restyle_stories(self, card_ids: set[str]) -> None:
        """Cards that became (or stopped being) an old or new story repaint their border and tag."""
        for card_id in card_ids:
            item = self.card_items.get(card_id)
            if item is not None:
                item.update()

    def _on_stroke_added(self, stroke_id: str, grow: bool = True) -> None:
        item = StrokeItem(stroke_id)
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, self.tool_object.items_movable)
        self.stroke_items[stroke_id] = item
        self.addItem(item)
        item.sync()
        if grow:
            self._grow_scene_rect(item.sceneBoundingRect())

    def _on_stroke_removed(self, stroke_id: str) -> None:
        self._drop_item(self.stroke_items.pop(stroke_id))

    def _on_stroke_changed(self, stroke_id: str) -> None:
        item = self.stroke_items[stroke_id]
        item.sync()
        self._grow_scene_rect(item.sceneBoundingRect())

    def _drop_item(self, item: QGraphicsItem) -> None:
        """Take an item off the scene (a still item may be out of it already, for a drag preview)."""
        if item.scene() is self:
            self.removeItem(item)

    def card_item_moved(self, card_id: str) -> None:
        """A card item moved on screen (drag or sync): its arrows follow."""
        for connector_id in self._connectors_by_card.get(card_id, ()):
            self.connector_items[connector_id].sync()

    def _grow_scene_rect(self, rect: QRectF) -> None:
        """Keep room to scroll around an item that was added or moved (the scene never shrinks under the view)."""
        wanted = rect.adjusted(-SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN, SCENE_MARGIN)
        if not self.sceneRect().contains(wanted):
            self.setSceneRect(self.sceneRect().united(wanted))

    def _update_scene_rect(self) -> None:
        bounds = self.document.board.bounds()
        rect = QRectF(0, 0, 1600, 1000) if bounds is None else QRectF(bounds.x, bounds.y, bounds.w, bounds.h)
        self.setSceneRect(
            rect.adjusted(-SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN, SCENE_MARGIN).united(self.sceneRect())
        )

    # -- selection -----------------------------------------------------------------------------------------------------
    def _on_selection_changed(self) -> None:
        # Qt says this once for every item selected (Ctrl+A: thousands of times), so it stays linear in the selection.
        items = self.selectedItems()
        self.single_selection = len(items) == 1  # read by every selected card as it paints (its resize grip)
        ids = [i.card_id for i in items if isinstance(i, CardItem)]
        selected = set(ids)
        kept = [i for i in self.selection_order if i in selected]
        known = set(kept)
        self.selection_order = kept + [i for i in ids if i not in known]

    def selected_card_ids(self) -> list[str]:
        """Selected cards, in the order they were selected."""
        ids = [i.card_id for i in self.selectedItems() if isinstance(i, CardItem)]
        order = {card_id: n for n, card_id in enumerate(self.selection_order)}
        return sorted(ids, key=lambda i: order.get(i, len(order)))

    def selected_connector_ids(self) -> list[str]:
        return [i.connector_id for i in self.selectedItems() if isinstance(i, ConnectorItem)]

    def selected_stroke_ids(self) -> list[str]:
        return [i.stroke_id for i in self.selectedItems() if isinstance(i, StrokeItem)]

    def select_only(self, card_ids: list[str], stroke_ids: list[str] = ()) -> None:
        self.clearSelection()
        for card_id in card_ids:
            self.card_items[card_id].setSelected(True)
        for stroke_id in stroke_ids:
            self.stroke_items[stroke_id].setSelected(True)

    def select_all(self) -> None:
        items = (*self.card_items.values(), *self.stroke_items.values(), *self.connector_items.values())
        already = set(self.selection_order)
        # One by one, Qt would emit selectionChanged for every item, each time reading the whole selection: quadratic,
        # seconds on a big board. One emission for the lot; the cards join the selection order as they would one by one.
        blocked = self.blockSignals(True)
        try:
            changed = [item for item in items if not item.isSelected()]
            for item in changed:
                item.setSelected(True)
        finally:
            self.blockSignals(blocked)
        if blocked or not any(item.isSelected() for item in changed):
            return
        self.selection_order = self.selection_order + [
            card_id for card_id, item in self.card_items.items() if card_id not in already and item.isSelected()
        ]
        self.selectionChanged.emit()

    def _select_groups(self) -> None:
        """Selecting one member of a group selects the whole group."""
        groups = {i.card.group_id for i in self.selectedItems() if isinstance(i, CardItem)}
        groups |= {i.stroke.group_id for i in self.selectedItems() if isinstance(i, StrokeItem)}
        groups.discard(None)
        for group_id in groups:
            cards, strokes = self.document.group_members(group_id)
            for card_id in cards:
                self.card_items[card_id].setSelected(True)
            for stroke_id in strokes:
                self.stroke_items[stroke_id].setSelected(True)

    # -- tools ---------------------------------------------------------------------------------------------------------
    @property
    def tool(self) -> Tool:
        return self._tool

    @property
    def tool_object(self) -> BoardTool:
        return self.tools[self._tool]

    def set_tool(self, tool: Tool) -> None:
        if tool is self._tool:
            return
        self.tool_object.cancel()
        self._tool_gesture = False
        self._tool = tool
        movable = self.tool_object.items_movable
        for item in (*self.card_items.values(), *self.stroke_items.values()):
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, movable)
        for view in self.views():
            view.viewport().setCursor(self.tool_object.cursor)
        if tool is not Tool.SELECT:
            self.finish_editing()
        self.tool_changed.emit(tool)

    def tablet_event(self, kind: str, pos: QPointF, pressure: float) -> bool:
        """A pen tablet's press/move/release with real pressure; True when the active tool took it."""
        tool = self.tool_object
        if kind == "press":
            self._tool_gesture = tool.press(pos, None, pressure)
            return self._tool_gesture
        if not self._tool_gesture:
            return False
        if kind == "move":
            return tool.move(pos, None, pressure)
        self._tool_gesture = False
        return tool.release(pos, None, pressure)

    # -- requests from gestures and keys -------------------------------------------------------------------------------
    def delete_selection(self) -> None:
        """Delete the selection (cards with their arrows, arrows, strokes) as one undo step."""
        self.document.remove(self.selected_card_ids(), self.selected_connector_ids(), self.selected_stroke_ids())

    def set_emotion_words(self, words: EmotionWords | None) -> None:
        """The emotion words offered while typing in a slot whose role asks for them (None: no suggestions)."""
        self.emotion_words = words

    def nudge(self, dx: float, dy: float) -> None:
        """Move the selection by a small step (the grid step when snapping)."""
        if self.snap_to_grid:
            dx, dy = (
                dx and (style.GRID_STEP if dx > 0 else -style.GRID_STEP),
                dy and (style.GRID_STEP if dy > 0 else -style.GRID_STEP),
            )
        board = self.document.board
        cards = {i: (board.cards[i].x + dx, board.cards[i].y + dy) for i in self.selected_card_ids()}
        strokes = dict.fromkeys(self.selected_stroke_ids(), (dx, dy))
        self.document.move_items(cards, strokes, "Nudge")

    def align_selection(self, how: Align) -> None:
        board = self.document.board
        self.document.move_items(
            aligned({i: board.cards[i].rect for i in self.selected_card_ids()}, how), None, "Align"
        )

    def distribute_selection(self, horizontal: bool) -> None:
        board = self.document.board
        rects = {i: board.cards[i].rect for i in self.selected_card_ids()}
        self.document.move_items(distributed(rects, horizontal), None, "Distribute")

    def bring_to_front(self) -> None:
        self.document.bring_to_front(self.selected_card_ids(), self.selected_stroke_ids())

    def send_to_back(self) -> None:
        self.document.send_to_back(self.selected_card_ids(), self.selected_stroke_ids())

    def group_selection(self) -> None:
        self.document.group(self.selected_card_ids(), self.selected_stroke_ids())

    def ungroup_selection(self) -> None:
        self.document.ungroup(self.selected_card_ids(), self.selected_stroke_ids())

    def set_selection_partner(self, partner: PartnerRole | None) -> None:
        self.document.set_card_partner(self.selected_card_ids(), partner)

    def set_selection_kind(self, kind: CardKind) -> None:
        self.document.set_card_kind(self.selected_card_ids(), kind)

    # -- mouse ---------------------------------------------------------------------------------------------------------
    def card_at(self, point: QPointF) -> CardItem | None:
        for item in self.items(point):
            if isinstance(item, CardItem):
                return item
        return None

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self._editor is not None and not self._editor.sceneBoundingRect().contains(event.scenePos()):
            self.finish_editing()
        if event.button() == Qt.MouseButton.LeftButton and self._tool is not Tool.SELECT:
            pressure = 1.0
            self._tool_gesture = self.tool_object.press(event.scenePos(), event, pressure)
            if self._tool_gesture:
                event.accept()
                return
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            # Shift-click adds to (or takes from) the selection, as Ctrl-click does in Qt.
            event.setModifiers(event.modifiers() | Qt.KeyboardModifier.ControlModifier)
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self._tool is Tool.SELECT:
            self._select_groups()
            self._drag_anchor = self.itemAt(event.scenePos(), self.views()[0].transform()) if self.views() else None
            self._drag_start = {
                item: item.pos() for item in self.selectedItems() if isinstance(item, (CardItem, StrokeItem))
            }

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self._tool_gesture and self.tool_object.move(event.scenePos(), event):
            event.accept()
            return
        if self._drag_start and not self._frozen and event.buttons() & Qt.MouseButton.LeftButton:
            self.begin_drag_preview(list(self._drag_start))
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self._tool_gesture and event.button() == Qt.MouseButton.LeftButton:
            self._tool_gesture = False
            self.tool_object.release(event.scenePos(), event)
            event.accept()
            return
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            event.setModifiers(event.modifiers() | Qt.KeyboardModifier.ControlModifier)
        super().mouseReleaseEvent(event)
        self.end_drag_preview()
        if event.button() == Qt.MouseButton.LeftButton and self._tool is Tool.SELECT:
            self._select_groups()  # a plain click selects the clicked item alone: bring its group back
        if event.button() == Qt.MouseButton.LeftButton and self._drag_start:
            self._finish_drag()

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton or self._tool is not Tool.SELECT:
            return super().mouseDoubleClickEvent(event)
        card = self.card_at(event.scenePos())
        if card is not None:
            self.start_editing(card.card_id)
        elif self._editor is None:
            connector = next((i for i in self.items(event.scenePos()) if isinstance(i, ConnectorItem)), None)
            if connector is not None:
                for view in self.views():
                    view.edit_connector_label(connector.connector_id)
                    break
            else:
                self.add_card_at(event.scenePos())
        event.accept()
