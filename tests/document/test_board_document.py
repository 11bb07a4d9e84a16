"""BoardDocument: every change is an undoable command, and autosave writes exactly what changed."""

from __future__ import annotations

from couplecanvas.document import BoardDocument
from couplecanvas.domain.board import Board, Card
from couplecanvas.domain.couple import PartnerRole
from couplecanvas.domain.sample import build_sample
from couplecanvas.storage.database import open_database
from couplecanvas.storage.errors import DatabaseWriteError
from couplecanvas.storage.repository import Repository


class FailingSaver:
    """Stands for a full disk: every write fails until `heal()`."""

    def __init__(self, repository: Repository) -> None:
        self.repository = repository
        self.failing = True

    def save_board_changes(self, *args) -> None:
        if self.failing:
            raise DatabaseWriteError("The disk is full")
        self.repository.save_board_changes(*args)


def snapshot(board: Board) -> Board:
    return board.clone()


def test_undo_all_returns_first_state_and_redo_all_the_last(qapp):
    sample = build_sample()
    document = BoardDocument(sample.board)
    first = snapshot(document.board)
    ids = list(document.board.cards)
    new_id = document.add_card(Card(text="Zoë feels unseen 💬", x=900, y=40))
    document.add_connector(ids[0], new_id, "then")
    document.move_cards({ids[1]: (500, 500), ids[2]: (10, 10)})
    document.set_card_text(ids[3], "changed")
    document.set_card_partner([new_id], PartnerRole.B)
    document.remove([ids[0]])
    last = snapshot(document.board)
    assert document.undo_stack.count() == 6
    while document.undo_stack.canUndo():
        document.undo_stack.undo()
    assert document.board == first
    while document.undo_stack.canRedo():
        document.undo_stack.redo()
    assert document.board == last


def test_deleting_a_card_takes_its_arrows_in_one_step(qapp):
    sample = build_sample()
    document = BoardDocument(sample.board)
    card_id = next(c.id for c in document.board.cards.values() if c.role == "meaning")
    attached = {c.id for c in document.board.connectors_of(card_id)}
    assert attached
    document.remove([card_id])
    assert card_id not in document.board.cards
    assert not attached & set(document.board.connectors)
    document.undo_stack.undo()
    assert attached <= set(document.board.connectors)


def test_no_step_for_changes_that_change_nothing(qapp):
    document = BoardDocument(build_sample().board)
    card = next(iter(document.board.cards.values()))
    document.move_cards({card.id: (card.x, card.y)})
    document.set_card_text(card.id, card.text)
    assert document.add_connector(card.id, card.id) is None
    assert document.undo_stack.count() == 0


def test_autosave_writes_changes_and_undo(qapp, qtbot, database_url):
    repository = Repository(open_database(database_url))
    _couple, session = repository.add_sample(build_sample())
    document = BoardDocument(repository.load_board(session.id), saver=repository)
    card_id = document.add_card(Card(text="new words", x=1000, y=1000))
    with qtbot.waitSignal(document.saved, timeout=2000):
        pass
    assert repository.load_board(session.id) == document.board
    document.undo_stack.undo()
    assert document.flush()
    assert card_id not in repository.load_board(session.id).cards
    repository.database.dispose()


def test_failed_save_keeps_changes_and_retries(qapp, qtbot, database_url):
    repository = Repository(open_database(database_url))
    _couple, session = repository.add_sample(build_sample())
    saver = FailingSaver(repository)
    document = BoardDocument(repository.load_board(session.id), saver=saver)
    messages = []
    document.save_failed.connect(messages.append)
    document.add_card(Card(text="kept in memory", x=5, y=5))
    assert document.flush() is False
    assert messages and "disk is full" in messages[0]
    assert document.has_unsaved_changes
    saver.failing = False
    assert document.flush() is True
    assert repository.load_board(session.id) == document.board
    repository.database.dispose()
