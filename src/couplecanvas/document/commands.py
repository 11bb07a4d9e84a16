"""Every change to a board is one of these QUndoCommands; they change the domain through the document only."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from couplecanvas.domain.board import Card, Connector

if TYPE_CHECKING:
    from couplecanvas.document.board_document import BoardDocument


class AddCardCommand(QUndoCommand):
    """Put a new card on the board."""

    def __init__(self, document: BoardDocument, card: Card, text: str = "Add card") -> None:
        super().__init__(text)
        self._document = document
        self._card = copy.deepcopy(card)

    def redo(self) -> None:
        self._document._insert_card(copy.deepcopy(self._card))

    def undo(self) -> None:
        self._document._delete_card(self._card.id)


class AddConnectorCommand(QUndoCommand):
    """Draw an arrow between two cards."""

    def __init__(self, document: BoardDocument, connector: Connector) -> None:
        super().__init__("Connect cards")
        self._document = document
        self._connector = copy.deepcopy(connector)

    def redo(self) -> None:
        self._document._insert_connector(copy.deepcopy(self._connector))

    def undo(self) -> None:
        self._document._delete_connector(self._connector.id)


class RemoveItemsCommand(QUndoCommand):
    """Delete cards (with every arrow touching them) and arrows, as one step."""

    def __init__(self, document: BoardDocument, card_ids: list[str], connector_ids: list[str]) -> None:
        super().__init__("Delete")
        self._document = document
        board = document.board
        self._cards = [copy.deepcopy(board.cards[i]) for i in card_ids if i in board.cards]
        doomed = {i for i in connector_ids if i in board.connectors}
        for card in self._cards:
            doomed.update(c.id for c in board.connectors_of(card.id))
        # Keep the board's order so undo restores connectors exactly as they were.
        self._connectors = [copy.deepcopy(c) for c in board.connectors.values() if c.id in doomed]

    def redo(self) -> None:
        for connector in self._connectors:
            self._document._delete_connector(connector.id)
        for card in self._cards:
            self._document._delete_card(card.id)

    def undo(self) -> None:
        for card in self._cards:
            self._document._insert_card(copy.deepcopy(card))
        for connector in self._connectors:
            self._document._insert_connector(copy.deepcopy(connector))


class MoveCardsCommand(QUndoCommand):
    """Move one or more cards; one drag is one command, pushed on release."""

    def __init__(self, document: BoardDocument, moves: dict[str, tuple[tuple[float, float], tuple[float, float]]]) -> None:
        super().__init__("Move" if len(moves) > 1 else "Move card")
        self._document = document
        self._moves = dict(moves)

    def redo(self) -> None:
        for card_id, (_old, new) in self._moves.items():
            self._document._move_card(card_id, *new)

    def undo(self) -> None:
        for card_id, (old, _new) in self._moves.items():
            self._document._move_card(card_id, *old)


class SetCardTextCommand(QUndoCommand):
    """Change a card's words; consecutive edits of the same card merge into one step."""

    ID = 1001

    def __init__(self, document: BoardDocument, card_id: str, old: str, new: str) -> None:
        super().__init__("Edit text")
        self._document = document
        self.card_id = card_id
        self._old = old
        self.new = new

    def id(self) -> int:  # noqa: A003 - Qt's name
        return self.ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        if not isinstance(other, SetCardTextCommand) or other.card_id != self.card_id:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self._document._set_card_text(self.card_id, self.new)

    def undo(self) -> None:
        self._document._set_card_text(self.card_id, self._old)


class SetCardStyleCommand(QUndoCommand):
    """Give cards to a partner (or to nobody) and recolour them."""

    def __init__(self, document: BoardDocument, changes: dict[str, tuple[tuple, tuple]]) -> None:
        super().__init__("Change card owner")
        self._document = document
        self._changes = dict(changes)

    def redo(self) -> None:
        for card_id, (_old, new) in self._changes.items():
            self._document._set_card_style(card_id, *new)

    def undo(self) -> None:
        for card_id, (old, _new) in self._changes.items():
            self._document._set_card_style(card_id, *old)
