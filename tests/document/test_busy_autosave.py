"""The document's autosave when the database is busy: the change waits in memory, the wait is said once, tries come
a little later each time, and the change is written as soon as a try gets through."""

from __future__ import annotations

from couplecanvas.document import BoardDocument
from couplecanvas.document.board_document import BUSY_RETRY_MS
from couplecanvas.domain.board import Board, Card
from couplecanvas.storage.errors import DatabaseBusyError


class BusySaver:
    """Refuses `busy_for` writes as busy, then keeps what it is given."""

    def __init__(self, busy_for: int) -> None:
        self.busy_for = busy_for
        self.tries = 0
        self.cards: dict[str, str] = {}

    def save_board_changes(self, session_id, cards, removed_card_ids, connectors, removed_connector_ids, strokes,
                           removed_stroke_ids) -> None:
        self.tries += 1
        if self.tries <= self.busy_for:
            raise DatabaseBusyError(
                "The database is busy in another program, so the last change could not be saved yet."
            )
        self.cards.update({card.id: card.text for card in cards})


def test_a_busy_database_is_waited_for_with_backoff_and_the_change_lands(qtbot):
    card = Card(text="alone", x=0, y=0)
    board = Board(session_id=1)
    board.add_card(card)
    saver = BusySaver(busy_for=3)
    document = BoardDocument(board, saver=saver)
    waiting, failed, saved = [], [], []
    document.save_waiting.connect(waiting.append)
    document.save_failed.connect(failed.append)
    document.saved.connect(lambda: saved.append(True))
    document.set_card_text(card.id, "alone and unseen")
    assert not document.flush()
    assert document._save_timer.interval() == BUSY_RETRY_MS[0]  # (remainingTime may read 5% over: a coarse timer)
    qtbot.waitUntil(lambda: saver.tries == 3, timeout=3000)
    assert document.has_unsaved_changes and len(waiting) == 1 and not failed and not saved
    assert document._save_timer.interval() > BUSY_RETRY_MS[1]  # later each time
    qtbot.waitUntil(lambda: bool(saved), timeout=3000)
    assert saver.cards == {card.id: "alone and unseen"} and not document.has_unsaved_changes
    assert len(waiting) == 1 and not failed
    # A later wait is said again, once.
    saver.busy_for = saver.tries + 1
    document.set_card_text(card.id, "alone, unseen")
    assert not document.flush() and len(waiting) == 2
    assert document._save_timer.interval() == BUSY_RETRY_MS[0]  # (remainingTime may read 5% over: a coarse timer)
    qtbot.waitUntil(lambda: len(saved) == 2, timeout=3000)
    assert saver.cards[card.id] == "alone, unseen"
