"""A card holds up to MAX_CARD_TEXT characters: the editor refuses more where it is typed (a long paste is cut at the
limit, with a calm note saying so), the card keeps the first 2,000 characters, and Undo works afterwards."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication, QPushButton

from couplecanvas.domain.board import MAX_CARD_TEXT
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository

# A therapist's notes from a session, pasted by mistake into a card: real sentences, well past the limit.
NOTES = (
    "Session notes. They arrived separately and sat at opposite ends of the couch. She said the week had been "
    "quiet, which for them means nobody said what they felt. He described coming home late on Tuesday and finding "
    "the kitchen tidied to a shine, which he has learned to read as anger, so he went straight to the study and "
    "closed the door. She heard the door as proof that he does not care. When we slowed the moment down, she found "
    "the fear underneath the tidying: that if she asks for comfort and he turns away, she will know for certain that "
    "she is alone in this marriage. He found the shame underneath the closed door: that whatever he says will be the "
    "wrong thing, so saying nothing feels like the safest way to protect them both. Both of them softened when the "
    "other's fear was named out loud. Homework: one ten-minute check-in each evening, phones in another room, each "
    "partner saying one moment of the day when they felt close and one when they felt far. "
)
LONG_TEXT = "".join(f"Part {n}. {NOTES}" for n in range(1, 4))


def test_a_long_paste_is_cut_at_the_limit_and_undo_still_works(make_window, qtbot, database_url):
    assert len(LONG_TEXT) > MAX_CARD_TEXT + 500
    window = make_window()
    qtbot.mouseClick(window.welcome_page.findChild(QPushButton, "open_sample"), Qt.MouseButton.LeftButton)
    document = window.controller.document
    scene = window.board_page.scene
    view = window.board_page.view
    viewport = view.viewport()
    card = next(c for c in document.board.cards.values() if c.text and c.width >= 150)
    before = card.text
    point = QPointF(card.x + card.width / 2, card.y + card.height / 2)
    view.centerOn(point)
    # Open the editor with its words selected, type a word in their place, then paste the notes after it.
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=view.mapFromScene(point))
    assert scene.editing_card_id == card.id
    qtbot.keyClicks(viewport, "Overwhelmed")
    QApplication.clipboard().setText(LONG_TEXT)
    qtbot.keyClick(viewport, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    editor = scene._editor
    expected = ("Overwhelmed" + LONG_TEXT)[:MAX_CARD_TEXT]
    assert editor.toPlainText() == expected, "the paste was cut at the limit"
    assert editor.limit_note.isVisible() and "2,000" in editor.limit_note.text()
    # More typing at the limit is refused too.
    qtbot.keyClicks(viewport, "more")
    assert editor.toPlainText() == expected
    qtbot.keyClick(viewport, Qt.Key.Key_Return)

    stored = document.board.cards[card.id]
    assert stored.text == expected.strip() and len(stored.text) <= MAX_CARD_TEXT
    assert stored.height > card.height
    assert window.undo_action.isEnabled() and document.undo_stack.count() == 1
    qtbot.keyClick(viewport, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert document.board.cards[card.id].text == before
    qtbot.keyClick(viewport, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert document.board.cards[card.id].text == expected.strip()
    assert document.flush()
    repository = Repository(open_database(database_url))
    try:
        assert repository.load_board(window.controller.session.id).cards[card.id].text == expected.strip()
    finally:
        repository.close()
    QApplication.clipboard().clear()


def test_the_document_never_takes_more_than_the_limit(make_window, qtbot):
    """Anything that asks the document for longer words (not the editor) gets the first 2,000 and a working Undo."""
    window = make_window()
    qtbot.mouseClick(window.welcome_page.findChild(QPushButton, "open_sample"), Qt.MouseButton.LeftButton)
    document = window.controller.document
    card = next(iter(document.board.cards.values()))
    before = card.text
    document.set_card_text(card.id, LONG_TEXT)
    assert document.board.cards[card.id].text == LONG_TEXT[:MAX_CARD_TEXT]
    document.undo_stack.undo()
    assert document.board.cards[card.id].text == before
