"""BoardDocument owns one domain Board, its QUndoStack and its autosave; the scene mirrors its signals."""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from couplecanvas.document.commands import (
    AddCardCommand,
    AddConnectorCommand,
    MoveCardsCommand,
    RemoveItemsCommand,
    SetCardStyleCommand,
    SetCardTextCommand,
)
from couplecanvas.domain.board import PARTNER_CARD_COLOURS, NEUTRAL_CARD_COLOUR, Board, Card, Connector
from couplecanvas.domain.couple import PartnerRole
from couplecanvas.storage.errors import StorageError

log = logging.getLogger(__name__)

AUTOSAVE_DELAY_MS = 150
RETRY_DELAY_MS = 5000


class BoardSaver(Protocol):
    """What the document needs from storage: write changed and removed rows in one transaction."""

    def save_board_changes(
        self, session_id: int, cards: list[Card], removed_card_ids: list[str], connectors: list[Connector],
        removed_connector_ids: list[str],
    ) -> None: ...


class BoardDocument(QObject):
    """One open board. Widgets ask for changes through the public methods; commands apply them via `_` methods."""

    card_added = Signal(str)
    """A card was put on the board."""
    card_removed = Signal(str)
    """A card left the board."""
    card_changed = Signal(str)
    """A card's text, geometry or style changed."""
    connector_added = Signal(str)
    """An arrow was drawn."""
    connector_removed = Signal(str)
    """An arrow was removed."""
    saved = Signal()
    """Every change so far is on disk."""
    save_failed = Signal(str)
    """A change could not be written; the message says why. It stays in memory and is retried."""

    def __init__(self, board: Board, saver: BoardSaver | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._board = board
        self._saver = saver
        self.undo_stack = QUndoStack(self)
        self._touched_cards: set[str] = set()
        self._touched_connectors: set[str] = set()
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.timeout.connect(self.flush)

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
        self.undo_stack.push(AddCardCommand(self, card))
        return card.id

    def add_connector(self, source_id: str, target_id: str, label: str = "") -> str | None:
        """Connect two cards; returns the new connector's id, or None if they are already connected or the same."""
        if source_id == target_id or self._board.has_connector(source_id, target_id):
            return None
        if source_id not in self._board.cards or target_id not in self._board.cards:
            return None
        connector = Connector(source_id, target_id, label)
        self.undo_stack.push(AddConnectorCommand(self, connector))
        return connector.id

    def remove(self, card_ids: list[str], connector_ids: list[str] = ()) -> None:
        """Delete cards (with their arrows) and arrows as one step."""
        card_ids = [i for i in card_ids if i in self._board.cards]
        connector_ids = [i for i in connector_ids if i in self._board.connectors]
        if card_ids or connector_ids:
            self.undo_stack.push(RemoveItemsCommand(self, card_ids, list(connector_ids)))

    def move_cards(self, positions: dict[str, tuple[float, float]]) -> None:
        """Move cards to new top-left positions as one step (ignores cards that did not move)."""
        moves = {}
        for card_id, new in positions.items():
            card = self._board.cards.get(card_id)
            if card is not None and (card.x, card.y) != (float(new[0]), float(new[1])):
                moves[card_id] = ((card.x, card.y), (float(new[0]), float(new[1])))
        if moves:
            self.undo_stack.push(MoveCardsCommand(self, moves))

    def set_card_text(self, card_id: str, text: str) -> None:
        """Change a card's words (no step if unchanged)."""
        card = self._board.cards.get(card_id)
        if card is not None and card.text != text:
            self.undo_stack.push(SetCardTextCommand(self, card_id, card.text, text))

    def set_card_partner(self, card_ids: list[str], partner: PartnerRole | None) -> None:
        """Give cards to a partner (their colour follows) or to nobody."""
        colour = PARTNER_CARD_COLOURS[partner] if partner else NEUTRAL_CARD_COLOUR
        changes = {}
        for card_id in card_ids:
            card = self._board.cards.get(card_id)
            if card is not None and (card.partner, card.colour) != (partner, colour):
                changes[card_id] = ((card.partner, card.colour), (partner, colour))
        if changes:
            self.undo_stack.push(SetCardStyleCommand(self, changes))

    # -- mutations, called by commands only ----------------------------------------------------------------------------
    def _insert_card(self, card: Card) -> None:
        self._board.add_card(card)
        self._touch(cards=[card.id])
        self.card_added.emit(card.id)

    def _delete_card(self, card_id: str) -> None:
        _card, connectors = self._board.remove_card(card_id)
        self._touch(cards=[card_id], connectors=[c.id for c in connectors])
        for connector in connectors:
            self.connector_removed.emit(connector.id)
        self.card_removed.emit(card_id)

    def _move_card(self, card_id: str, x: float, y: float) -> None:
        self._board.move_card(card_id, x, y)
        self._touch(cards=[card_id])
        self.card_changed.emit(card_id)

    def _set_card_text(self, card_id: str, text: str) -> None:
        self._board.set_card_text(card_id, text)
        self._touch(cards=[card_id])
        self.card_changed.emit(card_id)

    def _set_card_style(self, card_id: str, partner: PartnerRole | None, colour: str) -> None:
        card = self._board.cards[card_id]
        card.partner, card.colour = partner, colour
        self._touch(cards=[card_id])
        self.card_changed.emit(card_id)

    def _insert_connector(self, connector: Connector) -> None:
        self._board.add_connector(connector)
        self._touch(connectors=[connector.id])
        self.connector_added.emit(connector.id)

    def _delete_connector(self, connector_id: str) -> None:
        self._board.remove_connector(connector_id)
        self._touch(connectors=[connector_id])
        self.connector_removed.emit(connector_id)

    # -- autosave ------------------------------------------------------------------------------------------------------
    @property
    def has_unsaved_changes(self) -> bool:
        return bool(self._touched_cards or self._touched_connectors)

    def _touch(self, cards: list[str] = (), connectors: list[str] = ()) -> None:
        self._touched_cards.update(cards)
        self._touched_connectors.update(connectors)
        if self._saver is not None and not self._save_timer.isActive():
            self._save_timer.start(AUTOSAVE_DELAY_MS)

    def flush(self) -> bool:
        """Write every pending change now, in one transaction; True when all is saved."""
        self._save_timer.stop()
        if self._saver is None or self._board.session_id is None or not self.has_unsaved_changes:
            return not self.has_unsaved_changes or self._saver is None
        board = self._board
        cards = [board.cards[i] for i in self._touched_cards if i in board.cards]
        removed_cards = [i for i in self._touched_cards if i not in board.cards]
        connectors = [board.connectors[i] for i in self._touched_connectors if i in board.connectors]
        removed_connectors = [i for i in self._touched_connectors if i not in board.connectors]
        try:
            self._saver.save_board_changes(board.session_id, cards, removed_cards, connectors, removed_connectors)
        except StorageError as error:
            log.warning("autosave of session %s failed: %s", board.session_id, error)
            self._save_timer.start(RETRY_DELAY_MS)
            self.save_failed.emit(str(error))
            return False
        self._touched_cards.clear()
        self._touched_connectors.clear()
        self.saved.emit()
        return True
