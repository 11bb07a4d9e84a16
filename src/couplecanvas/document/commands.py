"""Every change to a board is one of these QUndoCommands; they change the domain through the document only.

Commands hold the document through a weak proxy: the document's stack owns the commands, and a strong reference back
would make a cycle that Python's collector may break in an order Qt does not survive.

Three shapes cover every gesture: add items, remove items, and change items (the old and new copy of each changed
card, arrow or stroke). Text typing has its own command so that a run of typing merges into one step.
"""

from __future__ import annotations

import copy
import weakref
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from couplecanvas.domain.board import Card, Connector, Stroke

if TYPE_CHECKING:
    from couplecanvas.document.board_document import BoardDocument

Item = Card | Connector | Stroke


class AddItemsCommand(QUndoCommand):
    """Put new cards, arrows and strokes on the board (cards first, so arrows find their ends)."""

    def __init__(self, document: BoardDocument, items: list[Item], text: str) -> None:
        super().__init__(text)
        self._document = weakref.proxy(document)
        order = {Card: 0, Stroke: 1, Connector: 2}
        self._items = sorted((copy.deepcopy(i) for i in items), key=lambda i: order[type(i)])

    def redo(self) -> None:
        for item in self._items:
            self._document._insert(copy.deepcopy(item))

    def undo(self) -> None:
        for item in reversed(self._items):
            self._document._delete(item)


class RemoveItemsCommand(QUndoCommand):
    """Delete cards (with every arrow touching them), arrows and strokes, as one step."""

    def __init__(self, document: BoardDocument, card_ids, connector_ids, stroke_ids, text: str = "Delete") -> None:
        super().__init__(text)
        self._document = weakref.proxy(document)
        board = document.board
        self._cards = [copy.deepcopy(board.cards[i]) for i in card_ids if i in board.cards]
        doomed = {i for i in connector_ids if i in board.connectors}
        for card in self._cards:
            doomed.update(c.id for c in board.connectors_of(card.id))
        # Keep the board's order so undo restores everything exactly as it was.
        self._connectors = [copy.deepcopy(c) for c in board.connectors.values() if c.id in doomed]
        wanted = set(stroke_ids)
        self._strokes = [copy.deepcopy(s) for s in board.strokes.values() if s.id in wanted]

    def redo(self) -> None:
        for item in (*self._connectors, *self._cards, *self._strokes):
            self._document._delete(item)

    def undo(self) -> None:
        for item in (*self._cards, *self._strokes, *self._connectors):
            self._document._insert(copy.deepcopy(item))


class ChangeItemsCommand(QUndoCommand):
    """Replace items by changed copies: move, resize, restyle, reorder, group, relabel, reconnect."""

    def __init__(self, document: BoardDocument, changes: list[tuple[Item, Item]], text: str) -> None:
        super().__init__(text)
        self._document = weakref.proxy(document)
        self._changes = [(copy.deepcopy(old), copy.deepcopy(new)) for old, new in changes]

    def redo(self) -> None:
        for _old, new in self._changes:
            self._document._replace(copy.deepcopy(new))

    def undo(self) -> None:
        for old, _new in reversed(self._changes):
            self._document._replace(copy.deepcopy(old))


class SetCardTextCommand(QUndoCommand):
    """Change a card's words (and, when typing made it taller, its height); consecutive edits of the same card merge
    into one step. Edits that carry an `edit_id` (one in-place editing session: open the editor, type, close it) merge
    only with edits of that same session, so each session is its own step however often its words were saved."""

    ID = 1001

    def __init__(self, document: BoardDocument, card_id: str, old: str, new: str, *, old_height: float | None = None,
                 new_height: float | None = None, edit_id: int | None = None) -> None:
        super().__init__("Edit text")
        self._document = weakref.proxy(document)
        self.card_id = card_id
        self.edit_id = edit_id
        self._old = old
        self.new = new
        self._old_height = old_height
        self.new_height = new_height if new_height is not None else old_height

    def id(self) -> int:  # Qt's name
        return self.ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        if (not isinstance(other, SetCardTextCommand) or other.card_id != self.card_id
                or other.edit_id != self.edit_id):
            return False
        self.new = other.new
        if other.new_height is not None:
            if self._old_height is None:
                self._old_height = other._old_height
            self.new_height = other.new_height
        return True

    def redo(self) -> None:
        self._document._set_card_text(self.card_id, self.new, self.new_height)

    def undo(self) -> None:
        self._document._set_card_text(self.card_id, self._old, self._old_height)
