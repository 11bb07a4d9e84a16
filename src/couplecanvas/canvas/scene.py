"""BoardScene mirrors a BoardDocument: document signals add, move and remove items; gestures become requests."""

from __future__ import annotations

import dataclasses
import logging

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QFontMetricsF, QGuiApplication
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsSceneMouseEvent

from couplecanvas.canvas import style
from couplecanvas.canvas.arrange import Align, aligned, distributed, snapped
from couplecanvas.canvas.clipboard import from_mime, to_mime
from couplecanvas.domain.board_copy import fresh_copies, payload_of
from couplecanvas.canvas.ink import EraserTool, HighlighterTool, PenTool, StrokeItem
from couplecanvas.canvas.editor import CardEditor
from couplecanvas.canvas.items import CardItem, ConnectorItem
from couplecanvas.canvas.reframes import StoryMarks
from couplecanvas.canvas.tools import BoardTool, ConnectTool, SelectTool, Tool
from couplecanvas.canvas.word_picker import WordPickerSession, open_word_picker
from couplecanvas.document.board_document import BoardDocument
from couplecanvas.domain.board import (
    CARD_HEIGHT,
    CARD_WIDTH,
    Card,
    CardKind,
    Connector,
    ConnectorKind,
    default_card_colour,
)
from couplecanvas.domain.couple import DEFAULT_COLOURS, Couple, PartnerRole
from couplecanvas.domain.emotions import EmotionWords
from couplecanvas.domain.templates import Template, instantiate

log = logging.getLogger(__name__)

SCENE_MARGIN = 2000.0
DRAG_PREVIEW_MIN_ITEMS = 400  # from this many items, a drag paints over a snapshot of the still part of the board
PASTE_OFFSET = 24.0
CAPTURE_GAP = 70.0

__all__ = ["BoardScene", "Tool"]


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
        }
        self._tool = Tool.SELECT
        self._tool_gesture = False
        self._drag_start: dict[QGraphicsItem, QPointF] = {}
        self._drag_anchor: QGraphicsItem | None = None
        self.selection_order: list[str] = []
        self.single_selection = False  # exactly one item (of any kind) is selected; kept by _on_selection_changed
        self._frozen: list[QGraphicsItem] = []  # items drawn in the views' drag snapshot, hidden meanwhile
        self.link_source_id: str | None = None
        self.link_target_id: str | None = None
        self.setBackgroundBrush(style.grid_brush())
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        board = document.board
        for card_id in board.cards:
            self._on_card_added(card_id, grow=False)
        for stroke_id in board.strokes:
            self._on_stroke_added(stroke_id, grow=False)
        for connector_id in board.connectors:
            self._on_connector_added(connector_id)
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

    # -- mirroring the document ----------------------------------------------------------------------------------------
    def partner_colour(self, role: PartnerRole) -> str:
        return self._partner_colours[role]

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
        self.removeItem(self.card_items.pop(card_id))
        self._connectors_by_card.pop(card_id, None)

    def _on_card_changed(self, card_id: str) -> None:
        item = self.card_items[card_id]
        item.sync()
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
        self.removeItem(self.connector_items.pop(connector_id))
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
        self.removeItem(self.stroke_items.pop(stroke_id))

    def _on_stroke_changed(self, stroke_id: str) -> None:
        item = self.stroke_items[stroke_id]
        item.sync()
        self._grow_scene_rect(item.sceneBoundingRect())

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
        self.setSceneRect(rect.adjusted(-SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN, SCENE_MARGIN).united(self.sceneRect()))

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
    def add_card_at(self, centre: QPointF, text: str = "", edit: bool = True, kind: CardKind = CardKind.CARD) -> str:
        """Make a card centred on a board point and, by default, start typing in it."""
        card = Card(text=text, x=round(centre.x() - CARD_WIDTH / 2), y=round(centre.y() - CARD_HEIGHT / 2), kind=kind,
                    colour=default_card_colour(kind, None))
        card_id = self.document.add_card(card)
        self.select_only([card_id])
        if edit:
            self.start_editing(card_id)
        return card_id

    def _free_spot(self, x: float, y: float, width: float, height: float) -> tuple[float, float]:
        """The first place at or below (x, y) where a card of this size overlaps no other card."""
        for _ in range(60):
            rect = QRectF(x, y, width, height).adjusted(-8, -8, 8, 8)
            if not any(isinstance(i, CardItem) for i in self.items(rect)):
                return x, y
            y += height / 2
        return x, y

    def add_connected_card(self, from_id: str) -> str:
        """Tab: a new card to the right of `from_id`, with an arrow from it, ready for typing (one undo step)."""
        origin = self.document.board.cards[from_id]
        x, y = self._free_spot(origin.x + origin.width + CAPTURE_GAP, origin.y, origin.width, origin.height)
        card = Card(x=x, y=y, width=origin.width, height=CARD_HEIGHT, z=self.document.board.next_z())
        self.document.add_items([card, Connector(from_id, card.id)], "Add connected card")
        self.select_only([card.id])
        self.start_editing(card.id)
        return card.id

    def add_sibling_card(self, of_id: str) -> str:
        """Enter: a new card below `of_id`, fed by the same card(s) that feed it, ready for typing (one undo step)."""
        board = self.document.board
        origin = board.cards[of_id]
        x, y = self._free_spot(origin.x, origin.y + origin.height + CAPTURE_GAP / 2, origin.width, origin.height)
        card = Card(x=x, y=y, width=origin.width, height=CARD_HEIGHT, z=board.next_z(), partner=origin.partner,
                    colour=origin.colour, kind=origin.kind)
        parents = [c.source_id for c in board.connectors.values() if c.target_id == of_id]
        self.document.add_items([card, *(Connector(p, card.id) for p in parents)], "Add card")
        self.select_only([card.id])
        self.start_editing(card.id)
        return card.id

    def delete_selection(self) -> None:
        """Delete the selection (cards with their arrows, arrows, strokes) as one undo step."""
        self.document.remove(self.selected_card_ids(), self.selected_connector_ids(), self.selected_stroke_ids())

    def connect_selected(self) -> list[str]:
        """Connect the selected cards one after another, in the order they were selected."""
        ids = self.selected_card_ids()
        pairs = [(a, b) for a, b in zip(ids, ids[1:]) if not self.document.board.has_connector(a, b)]
        connectors = [Connector(a, b) for a, b in pairs]
        self.document.add_items(connectors, "Connect cards")
        return [c.id for c in connectors]

    def set_emotion_words(self, words: EmotionWords | None) -> None:
        """The emotion words offered while typing in a slot whose role asks for them (None: no suggestions)."""
        self.emotion_words = words

    def mark_reframe(self) -> str | None:
        """Two selected cards become a reframe pair: the first picked is the old story, the second its new story.

        An arrow already running between them becomes the reframe; otherwise a reframe arrow is added. One undo step.
        Returns the reframe's connector id, or None unless exactly two cards are selected.
        """
        ids = self.selected_card_ids()
        if len(ids) != 2:
            return None
        old, new = ids
        board = self.document.board
        for connector in board.connectors.values():
            if {connector.source_id, connector.target_id} == {old, new}:
                changed = dataclasses.replace(connector, source_id=old, target_id=new, kind=ConnectorKind.REFRAME)
                self.document.change([(connector, changed)], "Mark as reframe")
                return connector.id
        reframe = Connector(old, new, kind=ConnectorKind.REFRAME)
        self.document.add_items([reframe], "Mark as reframe")
        return reframe.id

    def insert_template(self, template: Template, couple: Couple, near: QPointF,
                        one: PartnerRole = PartnerRole.A) -> list[str]:
        """Lay a template out as one undo step, centred near a board point but clear of existing cards; select it."""
        cards, connectors, strokes = instantiate(template, couple, (0.0, 0.0), one=one)
        rect = QRectF()
        for card in cards:
            rect = rect.united(QRectF(card.x, card.y, card.width, card.height))
        x, y = round(near.x() - rect.width() / 2), round(near.y() - rect.height() / 2)
        wanted = QRectF(x, y, rect.width(), rect.height()).adjusted(-40, -40, 40, 40)
        # The scene's index answers "is anything there?" at once; only then is the whole board measured (in C++).
        if any(isinstance(i, (CardItem, StrokeItem)) for i in self.items(wanted)):
            taken = self.itemsBoundingRect()
            x, y = round(taken.right() + 80), round(taken.top() + 40)
        top, low = self.document.board.next_z(), self.document.board.bottom_z()
        for n, card in enumerate(cards):
            card.x, card.y, card.z = card.x + x, card.y + y, top + n
        for n, stroke in enumerate(strokes):
            stroke.points, stroke.z = stroke.translated(x, y), low - n
        self.document.add_items([*cards, *strokes, *connectors], f"Insert template: {template.title}")
        self.select_only([c.id for c in cards])
        return [c.id for c in cards]

    def nudge(self, dx: float, dy: float) -> None:
        """Move the selection by a small step (the grid step when snapping)."""
        if self.snap_to_grid:
            dx, dy = dx and (style.GRID_STEP if dx > 0 else -style.GRID_STEP), dy and (style.GRID_STEP if dy > 0 else -style.GRID_STEP)
        board = self.document.board
        cards = {i: (board.cards[i].x + dx, board.cards[i].y + dy) for i in self.selected_card_ids()}
        strokes = {i: (dx, dy) for i in self.selected_stroke_ids()}
        self.document.move_items(cards, strokes, "Nudge")

    def align_selection(self, how: Align) -> None:
        board = self.document.board
        self.document.move_items(aligned({i: board.cards[i].rect for i in self.selected_card_ids()}, how), None, "Align")

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

    def neighbour(self, card_id: str, dx: int, dy: int) -> str | None:
        """The nearest card in a direction (arrow keys), preferring cards straight ahead."""
        board = self.document.board
        cx, cy = board.cards[card_id].rect.center
        best, best_score = None, float("inf")
        for other in board.cards.values():
            if other.id == card_id:
                continue
            ox, oy = other.rect.center
            ahead = (ox - cx) * dx + (oy - cy) * dy
            if ahead <= 1:
                continue
            aside = abs((ox - cx) * dy) + abs((oy - cy) * dx)
            score = ahead + 2 * aside
            if score < best_score:
                best, best_score = other.id, score
        return best

    def start_link_pick(self, source_id: str) -> None:
        """L on one card: choose the card to connect to with the arrow keys, Enter to connect, Esc to stop."""
        self.link_source_id = source_id
        self.link_target_id = self.neighbour(source_id, 1, 0) or self.neighbour(source_id, 0, 1) or self.neighbour(
            source_id, -1, 0) or self.neighbour(source_id, 0, -1)
        self._refresh_link_pick()

    def move_link_pick(self, dx: int, dy: int) -> None:
        if self.link_target_id is not None:
            self.link_target_id = self.neighbour(self.link_target_id, dx, dy) or self.link_target_id
            self._refresh_link_pick()

    def finish_link_pick(self, connect: bool) -> str | None:
        source, target = self.link_source_id, self.link_target_id
        self.link_source_id = self.link_target_id = None
        self._refresh_link_pick()
        if connect and source and target and source != target:
            return self.document.add_connector(source, target)
        return None

    def _refresh_link_pick(self) -> None:
        for item in self.card_items.values():
            item.update()

    # -- clipboard -----------------------------------------------------------------------------------------------------
    def _selection_payload(self):
        board = self.document.board
        cards = [board.cards[i] for i in self.selected_card_ids()]
        ids = {c.id for c in cards}
        connectors = [c for c in board.connectors.values() if c.source_id in ids and c.target_id in ids]
        strokes = [board.strokes[i] for i in self.selected_stroke_ids()]
        return cards, connectors, strokes

    def copy_selection(self) -> bool:
        cards, connectors, strokes = self._selection_payload()
        if not cards and not strokes:
            return False
        QGuiApplication.clipboard().setMimeData(to_mime(cards, connectors, strokes))
        return True

    def cut_selection(self) -> None:
        if self.copy_selection():
            cards, _connectors, strokes = self._selection_payload()
            self.document.remove([c.id for c in cards], (), [s.id for s in strokes], text="Cut")

    def paste(self, offset: tuple[float, float] = (PASTE_OFFSET, PASTE_OFFSET)) -> list[str]:
        """Paste items copied from this or another board, shifted so they do not hide the originals."""
        return self._add_copies(*from_mime(QGuiApplication.clipboard().mimeData(), offset), "Paste")

    def duplicate_selection(self) -> list[str]:
        cards, connectors, strokes = self._selection_payload()
        if not cards and not strokes:
            return []
        return self._add_copies(*fresh_copies(payload_of(cards, connectors, strokes), (PASTE_OFFSET, PASTE_OFFSET)),
                                "Duplicate")

    def _add_copies(self, cards, connectors, strokes, text: str) -> list[str]:
        """Put fresh copies on top of the board as one step and select them."""
        top = self.document.board.next_z()
        for n, item in enumerate((*cards, *strokes)):
            item.z = top + n
        self.document.add_items([*cards, *strokes, *connectors], text)
        self.select_only([c.id for c in cards], [s.id for s in strokes])
        return [c.id for c in cards]

    # -- in-place editing ----------------------------------------------------------------------------------------------
    def start_editing(self, card_id: str, initial_text: str | None = None) -> None:
        """Type in a card; `initial_text` is appended (typing on a selected card starts here)."""
        if self.editing_card_id is not None:
            self.finish_editing()
        item = self.card_items[card_id]
        self.editing_card_id = card_id
        self._editor = CardEditor(item, lambda text, cid=card_id: self._on_editor_finished(cid, text))
        item.update()
        self._editor.start(select_all=initial_text is None)
        self.word_picker = open_word_picker(self, self._editor, item.card)
        if initial_text:
            self._editor.textCursor().insertText(initial_text)
        self.editing_changed.emit(True)

    def editor_is_empty(self) -> bool:
        """Nothing typed in the card being edited (its hint then stays as a placeholder); True when not editing."""
        return self._editor is None or self._editor.is_empty

    def finish_editing(self) -> None:
        """End in-place editing, keeping the words."""
        if self._editor is not None:
            self._editor.finish(True)

    def _on_editor_finished(self, card_id: str, text: str | None) -> None:
        self._close_editor()
        if text is None or card_id not in self.document.board.cards:
            return
        text = text.strip()
        card = self.document.board.cards[card_id]
        needed = needed_card_height(text, card.width)
        if needed > card.height:
            self.document.undo_stack.beginMacro("Edit text")
            self.document.set_card_text(card_id, text)
            self.document.set_card_geometry(card_id, card.x, card.y, card.width, needed, "Grow card")
            self.document.undo_stack.endMacro()
        else:
            self.document.set_card_text(card_id, text)
        if card_id in self.card_items:
            self.card_items[card_id].setSelected(True)

    def _close_editor(self) -> None:
        picker, self.word_picker = self.word_picker, None
        if picker is not None:
            picker.close()
        editor, self._editor = self._editor, None
        card_id, self.editing_card_id = self.editing_card_id, None
        if editor is not None:
            editor.detach()
            self.removeItem(editor)
        if card_id in self.card_items:
            self.card_items[card_id].sync()
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

    # -- drag preview: a big board is not repainted under a moving card ------------------------------------------------
    def begin_drag_preview(self, moving: list[QGraphicsItem]) -> bool:
        """Snapshot everything that stays still and hide it, so each step of a drag paints only what moves.

        On a board of thousands of items one step would otherwise repaint most of the screen (an arrow spanning the
        board dirties all it crosses). Small boards skip this: repainting them is already quick."""
        if self._frozen or len(self.items()) < DRAG_PREVIEW_MIN_ITEMS or not self.views():
            return False
        moving_set = set(moving)
        for item in moving:
            if isinstance(item, CardItem):
                moving_set.update(self.connector_items[c] for c in self._connectors_by_card.get(item.card_id, ()))
        # Opacity, not visibility: hiding would take the mouse grab from the dragged card and the selection from others.
        for view in self.views():
            for item in moving_set:
                item.setOpacity(0.0)
            view.take_snapshot()
            for item in moving_set:
                item.setOpacity(1.0)
        still = [i for i in (*self.card_items.values(), *self.connector_items.values(), *self.stroke_items.values())
                 if i not in moving_set and i.isVisible() and i.opacity() > 0]
        for item in still:
            item.setOpacity(0.0)
        self._frozen = still
        return True

    def end_drag_preview(self) -> None:
        """Show the still items again and drop the snapshots."""
        frozen, self._frozen = self._frozen, []
        if not frozen:
            return
        for item in frozen:
            if item.scene() is self:
                item.setOpacity(1.0)
        for view in self.views():
            view.drop_snapshot()

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

    def _finish_drag(self) -> None:
        """Turn a finished drag into one move command (snapped to the grid when asked)."""
        start, self._drag_start = self._drag_start, {}
        moved = {item: item.pos() - origin for item, origin in start.items() if item.scene() is self}
        if not moved or all(delta.isNull() for delta in moved.values()):
            return
        delta = next(iter(moved.values()))
        if self.snap_to_grid:
            anchor = self._drag_anchor if isinstance(self._drag_anchor, CardItem) and self._drag_anchor in start else None
            anchor = anchor or next((i for i in start if isinstance(i, CardItem)), None)
            if anchor is not None:
                target = start[anchor] + delta
                delta = QPointF(snapped(target.x(), style.GRID_STEP), snapped(target.y(), style.GRID_STEP)) - start[anchor]
        dx, dy = round(delta.x()), round(delta.y())
        board = self.document.board
        cards = {}
        strokes = {}
        for item in start:
            if isinstance(item, CardItem) and item.card_id in board.cards:
                card = board.cards[item.card_id]
                cards[item.card_id] = (card.x + dx, card.y + dy)
            elif isinstance(item, StrokeItem) and item.stroke_id in board.strokes:
                strokes[item.stroke_id] = (dx, dy)
        self.document.move_items(cards, strokes, "Move" if len(cards) + len(strokes) > 1 else "Move card")
        for item in start:  # put items back where the domain says (a click that moved nothing, a snap)
            if item.scene() is self:
                item.sync()
                if isinstance(item, CardItem):
                    self.card_item_moved(item.card_id)

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


def needed_card_height(text: str, width: float) -> float:
    """The card height that shows `text` at the normal card font without shrinking."""
    metrics = QFontMetricsF(style.card_font())
    inner = width - 2 * style.CARD_PADDING
    flags = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)
    rect = metrics.boundingRect(QRectF(0, 0, inner, 10_000), flags, text or " ")
    return rect.height() + 2 * style.CARD_PADDING / 1.5 + 4
