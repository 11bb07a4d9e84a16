"""What the therapist types on a card reaches the database while the editor is still open, and one editing session
(open the editor, type, close it) stays one undo step, however often its words were saved on the way."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QPushButton

from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository

WORDS = "lonely and unseen"


def open_sample(window, qtbot) -> None:
    qtbot.mouseClick(window.welcome_page.findChild(QPushButton, "open_sample"), Qt.MouseButton.LeftButton)


def stored_text(database_url: str, session_id: int, card_id: str) -> str | None:
    """The card's words as a fresh connection reads them from the file (not through the window's repository)."""
    repository = Repository(open_database(database_url))
    try:
        card = repository.load_board(session_id).cards.get(card_id)
        return None if card is None else card.text
    finally:
        repository.close()


def a_card(window):
    """A card of the sample board with words on it, and the point in the viewport where it shows."""
    view = window.board_page.view
    card = next(c for c in window.controller.document.board.cards.values() if c.text and c.width >= 150)
    view.centerOn(card.x + card.width / 2, card.y + card.height / 2)
    return card, view.mapFromScene(QPointF(card.x + card.width / 2, card.y + card.height / 2))


def start_typing(window, qtbot, words: str):
    """Click a card and type words on it (a selected card takes typed words after its own, as the therapist does)."""
    card, point = a_card(window)
    viewport = window.board_page.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    qtbot.keyClicks(viewport, words)
    assert window.board_page.scene.editing_card_id == card.id
    return card, card.text, viewport


def test_words_reach_the_database_while_the_editor_is_still_open(make_window, qtbot, database_url):
    window = make_window()
    open_sample(window, qtbot)
    session_id = window.controller.session.id
    card, before, viewport = start_typing(window, qtbot, WORDS)
    expected = f"{before} {WORDS}"
    saved = []
    window.controller.saved.connect(lambda: saved.append(True))
    qtbot.waitUntil(lambda: stored_text(database_url, session_id, card.id) == expected, timeout=3000)
    assert saved, "the status bar heard of the save"
    assert window.board_page.scene.editing_card_id == card.id, "the editor is still open"
    assert "Saved" in window.save_label.text()

    # More words after the autosave, then Enter: still one step, and Ctrl+Z gives the words from before the editor.
    qtbot.keyClicks(viewport, " tonight")
    qtbot.keyClick(viewport, Qt.Key.Key_Return)
    document = window.controller.document
    assert document.board.cards[card.id].text == f"{expected} tonight"
    assert document.undo_stack.count() == 1
    qtbot.keyClick(viewport, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert document.board.cards[card.id].text == before
    assert not document.undo_stack.canUndo()
    qtbot.waitUntil(lambda: stored_text(database_url, session_id, card.id) == before, timeout=3000)
    qtbot.keyClick(viewport, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert document.board.cards[card.id].text == f"{expected} tonight"


def test_enter_right_after_typing_is_one_step_too_and_each_session_is_its_own(make_window, qtbot, database_url):
    window = make_window()
    open_sample(window, qtbot)
    session_id = window.controller.session.id
    card, before, viewport = start_typing(window, qtbot, WORDS)
    qtbot.keyClick(viewport, Qt.Key.Key_Return)  # before any autosave of the typing
    document = window.controller.document
    first = f"{before} {WORDS}"
    assert document.board.cards[card.id].text == first
    # A second editing session on the same card, saved while typing: a step of its own.
    qtbot.keyClicks(viewport, "again")
    qtbot.waitUntil(lambda: stored_text(database_url, session_id, card.id) == f"{first} again", timeout=3000)
    qtbot.keyClick(viewport, Qt.Key.Key_Return)
    assert document.undo_stack.count() == 2
    qtbot.keyClick(viewport, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert document.board.cards[card.id].text == first
    qtbot.keyClick(viewport, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert document.board.cards[card.id].text == before
    qtbot.waitUntil(lambda: stored_text(database_url, session_id, card.id) == before, timeout=3000)


def test_a_card_grown_by_typing_is_saved_grown_and_undo_shrinks_it(make_window, qtbot, database_url):
    window = make_window()
    open_sample(window, qtbot)
    session_id = window.controller.session.id
    sentence = ("when you look at your phone before you look at me I go quiet and tidy the kitchen so I do not say "
                "how much it hurts, and then you ask what is wrong and I say nothing")
    card, before, viewport = start_typing(window, qtbot, sentence)
    height = card.height
    repository = Repository(open_database(database_url))
    try:
        qtbot.waitUntil(lambda: repository.load_board(session_id).cards[card.id].text.endswith("say nothing"),
                        timeout=3000)
        assert repository.load_board(session_id).cards[card.id].height > height
    finally:
        repository.close()
    qtbot.keyClick(viewport, Qt.Key.Key_Return)
    qtbot.keyClick(viewport, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    stored = window.controller.document.board.cards[card.id]
    assert (stored.text, stored.height) == (before, height)
