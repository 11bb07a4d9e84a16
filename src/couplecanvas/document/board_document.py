"""BoardDocument owns one domain Board, its QUndoStack and its autosave; the scene mirrors its signals."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Sequence
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from couplecanvas.document.commands import (
    AddItemsCommand,
    ChangeItemsCommand,
    Item,
    RemoveItemsCommand,
    SetCardTextCommand,
)
from couplecanvas.domain.board import MAX_CARD_TEXT, Board, Card, CardKind, Connector, Stroke, default_card_colour
from couplecanvas.domain.couple import PartnerRole
from couplecanvas.domain.ids import new_id
from couplecanvas.storage.errors import DatabaseBusyError, StorageError

log = logging.getLogger(__name__)

AUTOSAVE_DELAY_MS = 150
RETRY_DELAY_MS = 5000
BUSY_RETRY_MS = (200, 400, 800, 1600, 3200)  # then every RETRY_DELAY_MS: another program holds the write lock


class BoardSaver(Protocol):
    """What the document needs from storage: write changed and removed rows in one transaction."""

    def save_board_changes(
        self, session_id: int, cards: list[Card], removed_card_ids: list[str], connectors: list[Connector],
        removed_connector_ids: list[str], strokes: list[Stroke], removed_stroke_ids: list[str],
    ) -> None: ...


class BoardDocument(QObject):
    """One open board. Widgets ask for changes through the public methods; commands apply them via `_` methods."""

    card_added = Signal(str)
    """A card was put on the board."""
    card_removed = Signal(str)
    """A card left the board."""
    card_changed = Signal(str)
    """A card's text, geometry, style, stacking or group changed."""
    connector_added = Signal(str)
    """An arrow was drawn."""
    connector_removed = Signal(str)
    """An arrow was removed."""
    connector_changed = Signal(str)
    """An arrow's label, shape or ends changed."""
    stroke_added = Signal(str)
    """A freehand line was drawn."""
    stroke_removed = Signal(str)
    """A freehand line was erased."""
    stroke_changed = Signal(str)
    """A freehand line moved, or its stacking or group changed."""
    saved = Signal()
    """Every change so far is on disk."""
    save_failed = Signal(str)
    """A change could not be written; the message says why. It stays in memory and is retried."""
    save_waiting = Signal(str)
    """Another program holds the database's write lock: the changes wait in memory and are tried again soon (said once
    per wait, not at every try)."""

    def __init__(self, board: Board, saver: BoardSaver | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._board = board
        self._saver = saver
        self.undo_stack = QUndoStack(self)
        self._touched: dict[type, set[str]] = {Card: set(), Connector: set(), Stroke: set()}
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.timeout.connect(self.flush)
        self._busy_tries = 0  # writes refused in a row because the database was busy

    @property
    def board(self) -> Board:
        """The domain board, to read. Change it only through this document."""
        return self._board

    @property
    def session_id(self) -> int | None:
        return self._board.session_id

    # -- requests (each is one undoable step) --------------------------------------------------------------------------
    def add_card(self, card: Card) -> str:
        """Put a card on the board; returns its id."""
        if not card.z:
            card.z = self._board.next_z()
        self.undo_stack.push(AddItemsCommand(self, [card], "Add card"))
        return card.id

    def add_items(self, items: list[Item], text: str = "Paste") -> None:
        """Put several new items on the board as one step (paste, duplicate, a card with its arrow)."""
        if items:
            self.undo_stack.push(AddItemsCommand(self, items, text))

    def add_stroke(self, stroke: Stroke) -> str:
        """Put a freehand line on the board; returns its id."""
        if not stroke.z:
            stroke.z = self._board.next_z()
        self.undo_stack.push(AddItemsCommand(self, [stroke], "Draw"))
        return stroke.id

    def add_connector(self, source_id: str, target_id: str, label: str = "") -> str | None:
        """Connect two cards; returns the new connector's id, or None if they are already connected or the same."""
        if source_id == target_id or self._board.has_connector(source_id, target_id):
            return None
        if source_id not in self._board.cards or target_id not in self._board.cards:
            return None
        connector = Connector(source_id, target_id, label)
        self.undo_stack.push(AddItemsCommand(self, [connector], "Connect cards"))
        return connector.id

    def remove(self, card_ids: Iterable[str], connector_ids: Iterable[str] = (), stroke_ids: Iterable[str] = (),
               text: str = "Delete") -> None:
        """Delete cards (with their arrows), arrows and strokes as one step."""
        card_ids = [i for i in card_ids if i in self._board.cards]
        connector_ids = [i for i in connector_ids if i in self._board.connectors]
        stroke_ids = [i for i in stroke_ids if i in self._board.strokes]
        if card_ids or connector_ids or stroke_ids:
            self.undo_stack.push(RemoveItemsCommand(self, card_ids, connector_ids, stroke_ids, text))

    def change(self, changes: Sequence[tuple[Item, Item]], text: str) -> None:
        """Replace items by changed copies as one step; pairs that change nothing are dropped."""
        kept = [(old, new) for old, new in changes if old != new]
        if kept:
            self.undo_stack.push(ChangeItemsCommand(self, kept, text))

    def move_items(self, cards: dict[str, tuple[float, float]] | None = None,
                   strokes: dict[str, tuple[float, float]] | None = None, text: str = "Move") -> None:
        """Move cards to new top-left positions and strokes by offsets, as one step."""
        changes: list[tuple[Item, Item]] = []
        for card_id, (x, y) in (cards or {}).items():
            card = self._board.cards.get(card_id)
            if card is not None:
                changes.append((card, dataclasses.replace(card, x=float(x), y=float(y))))
        for stroke_id, (dx, dy) in (strokes or {}).items():
            stroke = self._board.strokes.get(stroke_id)
            if stroke is not None and (dx or dy):
                changes.append((stroke, dataclasses.replace(stroke, points=stroke.translated(dx, dy))))
        self.change(changes, text)

    def move_cards(self, positions: dict[str, tuple[float, float]]) -> None:
        """Move cards to new top-left positions as one step (ignores cards that did not move)."""
        self.move_items(positions, None, "Move" if len(positions) > 1 else "Move card")

    def set_card_geometry(
        self, card_id: str, x: float, y: float, width: float, height: float, text: str = "Resize"
    ) -> None:
        card = self._board.cards.get(card_id)
        if card is not None:
            self.change([(card, dataclasses.replace(card, x=x, y=y, width=width, height=height))], text)

    def set_card_text(
        self, card_id: str, text: str, *, height: float | None = None, edit_id: int | None = None
    ) -> None:
        """Change a card's words, and its height if given (no step if unchanged); consecutive edits of one card merge,
        and with an `edit_id` only those of the same editing session (see SetCardTextCommand).

        Words past MAX_CARD_TEXT are cut off here (the editor already refuses them): a card is never left empty."""
        card = self._board.cards.get(card_id)
        if card is None:
            return
        if len(text) > MAX_CARD_TEXT:
            log.warning("card %s: %d characters cut to %d", card_id, len(text), MAX_CARD_TEXT)
            text = text[:MAX_CARD_TEXT]
        if height is not None and height == card.height:
            height = None
        if card.text != text or height is not None:
            self.undo_stack.push(SetCardTextCommand(
                self, card_id, card.text, text, old_height=None if height is None else card.height, new_height=height,
                edit_id=edit_id,
            ))

    def set_card_partner(self, card_ids: Iterable[str], partner: PartnerRole | None) -> None:
        """Give cards to a partner (their colour follows) or to nobody."""
        changes = []
        for card_id in card_ids:
            card = self._board.cards.get(card_id)
            if card is None:
                continue
            colour = default_card_colour(card.kind, partner)
            changes.append((card, dataclasses.replace(card, partner=partner, colour=colour)))
        self.change(changes, "Change card owner")

    def set_card_kind(self, card_ids: Iterable[str], kind: CardKind) -> None:
        """Make cards plain cards, sticky notes or text labels."""
        changes = []
        for card_id in card_ids:
            card = self._board.cards.get(card_id)
            if card is not None:
                changes.append(
                    (card, dataclasses.replace(card, kind=kind, colour=default_card_colour(kind, card.partner)))
                )
        self.change(changes, "Change card style")

    def set_connector(self, connector_id: str, *, label: str | None = None, curved: bool | None = None,
                      source_id: str | None = None, target_id: str | None = None) -> bool:
        """Relabel, reshape or reconnect an arrow; False when the change would break the board."""
        connector = self._board.connectors.get(connector_id)
        if connector is None:
            return False
        new = dataclasses.replace(
            connector,
            label=connector.label if label is None else label,
            curved=connector.curved if curved is None else curved,
            source_id=source_id or connector.source_id,
            target_id=target_id or connector.target_id,
        )
        if new.source_id == new.target_id or not {new.source_id, new.target_id} <= set(self._board.cards):
            return False
        if (new.source_id, new.target_id) != (connector.source_id, connector.target_id) and self._board.has_connector(
            new.source_id, new.target_id
        ):
            return False
        text = (
            "Reconnect arrow"
            if source_id or target_id
            else ("Edit arrow label" if label is not None else "Change arrow")
        )
        self.change([(connector, new)], text)
        return True

    def bring_to_front(self, card_ids: Iterable[str] = (), stroke_ids: Iterable[str] = ()) -> None:
        self._restack(card_ids, stroke_ids, front=True)

    def send_to_back(self, card_ids: Iterable[str] = (), stroke_ids: Iterable[str] = ()) -> None:
        self._restack(card_ids, stroke_ids, front=False)

    def _restack(self, card_ids, stroke_ids, front: bool) -> None:
        items: list[Card | Stroke] = [self._board.cards[i] for i in card_ids if i in self._board.cards]
        items += [self._board.strokes[i] for i in stroke_ids if i in self._board.strokes]
        items.sort(key=lambda item: item.z)
        if not items:
            return
        if front:
            start = self._board.next_z()
            changes = [(item, dataclasses.replace(item, z=start + n)) for n, item in enumerate(items)]
        else:
            start = self._board.bottom_z() - len(items) + 1
            changes = [(item, dataclasses.replace(item, z=start + n)) for n, item in enumerate(items)]
        self.change(changes, "Bring to front" if front else "Send to back")

    def group(self, card_ids: Iterable[str], stroke_ids: Iterable[str] = ()) -> str | None:
        """Make the items one group that selects and moves together; returns the group's id."""
        items: list[Card | Stroke] = [self._board.cards[i] for i in card_ids if i in self._board.cards]
        items += [self._board.strokes[i] for i in stroke_ids if i in self._board.strokes]
        if len(items) < 2:
            return None
        group_id = new_id()
        self.change([(item, dataclasses.replace(item, group_id=group_id)) for item in items], "Group")
        return group_id

    def ungroup(self, card_ids: Iterable[str], stroke_ids: Iterable[str] = ()) -> None:
        items: list[Card | Stroke] = [self._board.cards[i] for i in card_ids if i in self._board.cards]
        items += [self._board.strokes[i] for i in stroke_ids if i in self._board.strokes]
        self.change([(item, dataclasses.replace(item, group_id=None)) for item in items if item.group_id], "Ungroup")

    def group_members(self, group_id: str) -> tuple[list[str], list[str]]:
        """The card ids and stroke ids of a group."""
        cards = [c.id for c in self._board.cards.values() if c.group_id == group_id]
        strokes = [s.id for s in self._board.strokes.values() if s.group_id == group_id]
        return cards, strokes

    # -- mutations, called by commands only ----------------------------------------------------------------------------
    def _insert(self, item: Item) -> None:
        if isinstance(item, Card):
            self._board.add_card(item)
            self._touch(Card, item.id)
            self.card_added.emit(item.id)
        elif isinstance(item, Connector):
            self._board.add_connector(item)
            self._touch(Connector, item.id)
            self.connector_added.emit(item.id)
        else:
            self._board.add_stroke(item)
            self._touch(Stroke, item.id)
            self.stroke_added.emit(item.id)

    def _delete(self, item: Item) -> None:
        if isinstance(item, Card):
            _card, connectors = self._board.remove_card(item.id)
            for connector in connectors:
                self._touch(Connector, connector.id)
                self.connector_removed.emit(connector.id)
            self._touch(Card, item.id)
            self.card_removed.emit(item.id)
        elif isinstance(item, Connector):
            self._board.remove_connector(item.id)
            self._touch(Connector, item.id)
            self.connector_removed.emit(item.id)
        else:
            self._board.remove_stroke(item.id)
            self._touch(Stroke, item.id)
            self.stroke_removed.emit(item.id)

    def _replace(self, item: Item) -> None:
        if isinstance(item, Card):
            self._board.cards[item.id] = item
            self._touch(Card, item.id)
            self.card_changed.emit(item.id)
        elif isinstance(item, Connector):
            self._board.connectors[item.id] = item
            self._touch(Connector, item.id)
            self.connector_changed.emit(item.id)
        else:
            self._board.strokes[item.id] = item
            self._touch(Stroke, item.id)
            self.stroke_changed.emit(item.id)

    def _set_card_text(self, card_id: str, text: str, height: float | None = None) -> None:
        self._board.set_card_text(card_id, text)
        if height is not None:  # a new copy, as _replace makes: a card object handed out earlier keeps its size
            self._board.cards[card_id] = dataclasses.replace(self._board.cards[card_id], height=height)
        self._touch(Card, card_id)
        self.card_changed.emit(card_id)

    # -- autosave ------------------------------------------------------------------------------------------------------
    @property
    def has_unsaved_changes(self) -> bool:
        return any(self._touched.values())

    def _touch(self, kind: type, item_id: str) -> None:
        self._touched[kind].add(item_id)
        if self._saver is not None and not self._save_timer.isActive():
            self._save_timer.start(AUTOSAVE_DELAY_MS)

    def flush(self) -> bool:
        """Write every pending change now, in one transaction; True when all is saved."""
        self._save_timer.stop()
        board = self._board
        if self._saver is None or board.session_id is None or not self.has_unsaved_changes:
            return not self.has_unsaved_changes or self._saver is None
        touched = self._touched
        try:
            self._saver.save_board_changes(
                board.session_id,
                [board.cards[i] for i in touched[Card] if i in board.cards],
                [i for i in touched[Card] if i not in board.cards],
                [board.connectors[i] for i in touched[Connector] if i in board.connectors],
                [i for i in touched[Connector] if i not in board.connectors],
                [board.strokes[i] for i in touched[Stroke] if i in board.strokes],
                [i for i in touched[Stroke] if i not in board.strokes],
            )
        except DatabaseBusyError as error:
            # Not a failure: the change waits in memory and is tried again soon, a little later each time.
            delay = BUSY_RETRY_MS[self._busy_tries] if self._busy_tries < len(BUSY_RETRY_MS) else RETRY_DELAY_MS
            self._busy_tries += 1
            log.info("autosave of session %s waits for the database (try %d): %s", board.session_id,
                     self._busy_tries, error)
            self._save_timer.start(delay)
            if self._busy_tries == 1:
                self.save_waiting.emit(self.tr("Waiting for the database (another program is using it)… "
                                               "Your changes are kept and will be saved."))
            return False
        except StorageError as error:
            log.warning("autosave of session %s failed: %s", board.session_id, error)
            self._busy_tries = 0
            self._save_timer.start(RETRY_DELAY_MS)
            self.save_failed.emit(str(error))
            return False
        self._busy_tries = 0
        for ids in touched.values():
            ids.clear()
        self.saved.emit()
        return True

