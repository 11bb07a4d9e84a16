"""The emotion word picker, driven by real key and mouse events on a board holding the cycle template."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from couplecanvas.canvas import BoardScene
from couplecanvas.canvas.word_picker import WordPicker, fragment_span
from couplecanvas.document import BoardDocument
from couplecanvas.domain.board import Board, Card
from couplecanvas.domain.couple import Couple, Partner, PartnerRole, Position
from couplecanvas.domain.emotions import load_builtin_emotions
from couplecanvas.domain.templates import load_builtin_templates

EMOTIONS = load_builtin_emotions()
SURFACE = EMOTIONS.levels["surface"]
DEEPER = EMOTIONS.levels["deeper"]


@pytest.fixture
def cycle_view(board_view):
    """A focused view whose board holds the cycle template, with the built-in emotion words."""
    view = board_view()
    scene = view.board_scene()
    scene.set_emotion_words(EMOTIONS)
    couple = Couple(Partner("Noa", position=Position.PURSUER), Partner("Eli", position=Position.WITHDRAWER))
    scene.insert_template(load_builtin_templates().templates["our-cycle"], couple, QPointF(500, 300))
    scene.clearSelection()
    return view


def slot(view, role: str) -> Card:
    (card,) = view.board_scene().document.board.cards_with_role(role, PartnerRole.A)
    return card


def edit(qtbot, view, card: Card) -> None:
    """Double-click the card, as the therapist does, to type in it."""
    point = view.mapFromScene(QPointF(card.x + card.width / 2, card.y + card.height / 2))
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert view.board_scene().editing_card_id == card.id


def key(qtbot, view, which: Qt.Key) -> None:
    qtbot.keyClick(view.viewport(), which)


def typed_text(view) -> str:
    return view.board_scene()._editor.toPlainText()


def test_surface_slot_lists_surface_words_and_down_enter_puts_one_in_the_card(qtbot, cycle_view):
    view, scene = cycle_view, cycle_view.board_scene()
    card = slot(view, "surface-emotion")
    edit(qtbot, view, card)
    picker = scene.word_picker
    assert picker is not None and picker.is_shown and picker.title == SURFACE.title
    qtbot.keyClicks(view.viewport(), "fr")
    assert "frustrated" in picker.words
    assert set(picker.words) <= set(SURFACE.words) and not set(picker.words) & set(DEEPER.words)
    assert picker.highlighted is None
    key(qtbot, view, Qt.Key.Key_Down)
    assert picker.highlighted == picker.words[0] == "frustrated"
    key(qtbot, view, Qt.Key.Key_Return)
    assert scene.editing_card_id == card.id  # Enter took the word; typing goes on
    assert typed_text(view) == "frustrated" and not picker.is_shown
    key(qtbot, view, Qt.Key.Key_Return)  # nothing listed: Enter ends the typing as always
    assert scene.editing_card_id is None and scene.word_picker is None
    assert scene.document.board.cards[card.id].text == "frustrated"
    assert not [w for w in view.viewport().findChildren(WordPicker) if w.isVisible()]


def test_a_word_replaces_only_the_fragment_after_the_last_comma(qtbot, cycle_view):
    view, scene = cycle_view, cycle_view.board_scene()
    card = slot(view, "surface-emotion")
    edit(qtbot, view, card)
    qtbot.keyClicks(view.viewport(), "angry, irr")
    assert scene.word_picker.words[0] == "irritated"
    key(qtbot, view, Qt.Key.Key_Down)
    key(qtbot, view, Qt.Key.Key_Return)
    assert typed_text(view) == "angry, irritated"


def test_deeper_slot_lists_deeper_words(qtbot, cycle_view):
    view, scene = cycle_view, cycle_view.board_scene()
    edit(qtbot, view, slot(view, "deeper-emotion"))
    qtbot.keyClicks(view.viewport(), "a")
    picker = scene.word_picker
    assert picker.is_shown and picker.title == DEEPER.title
    assert "afraid of being left" in picker.words and "angry" not in picker.words


def test_free_text_is_kept_as_typed(qtbot, cycle_view):
    view, scene = cycle_view, cycle_view.board_scene()
    card = slot(view, "surface-emotion")
    edit(qtbot, view, card)
    qtbot.keyClicks(view.viewport(), "kind of wobbly")
    key(qtbot, view, Qt.Key.Key_Return)
    assert scene.document.board.cards[card.id].text == "kind of wobbly"


def test_enter_with_the_list_shown_but_nothing_highlighted_ends_typing_as_before(qtbot, cycle_view):
    view, scene = cycle_view, cycle_view.board_scene()
    card = slot(view, "surface-emotion")
    edit(qtbot, view, card)
    qtbot.keyClicks(view.viewport(), "fr")
    assert scene.word_picker.is_shown and scene.word_picker.highlighted is None
    key(qtbot, view, Qt.Key.Key_Return)
    assert scene.editing_card_id is None
    assert scene.document.board.cards[card.id].text == "fr"


def test_up_from_the_first_word_goes_back_to_plain_typing(qtbot, cycle_view):
    view, scene = cycle_view, cycle_view.board_scene()
    card = slot(view, "surface-emotion")
    edit(qtbot, view, card)
    qtbot.keyClicks(view.viewport(), "an")
    picker = scene.word_picker
    count = len(picker.words)
    for _ in range(count + 2):  # Down stops at the last word
        key(qtbot, view, Qt.Key.Key_Down)
    assert picker.highlighted == picker.words[-1]
    for _ in range(count):
        key(qtbot, view, Qt.Key.Key_Up)
    assert picker.highlighted is None
    key(qtbot, view, Qt.Key.Key_Return)
    assert scene.document.board.cards[card.id].text == "an"


def test_typing_after_a_highlight_clears_it(qtbot, cycle_view):
    view, scene = cycle_view, cycle_view.board_scene()
    card = slot(view, "surface-emotion")
    edit(qtbot, view, card)
    key(qtbot, view, Qt.Key.Key_Down)
    assert scene.word_picker.highlighted == SURFACE.words[0]
    # non-ASCII goes in through QKeyEvents: QTest would refuse it
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(view.viewport(), QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, "é"))
    assert scene.word_picker.highlighted is None
    key(qtbot, view, Qt.Key.Key_Return)
    assert scene.document.board.cards[card.id].text == "é"


def test_a_click_on_a_word_takes_it_and_the_typing_goes_on(qtbot, cycle_view):
    view, scene = cycle_view, cycle_view.board_scene()
    card = slot(view, "surface-emotion")
    edit(qtbot, view, card)
    qtbot.keyClicks(view.viewport(), "de")
    picker = scene.word_picker
    row = picker.words.index("defensive")
    qtbot.mouseClick(picker.widget, Qt.MouseButton.LeftButton, pos=picker.widget.word_rect(row).center())
    assert scene.editing_card_id == card.id and view.hasFocus()
    assert typed_text(view) == "defensive"
    qtbot.keyClicks(view.viewport(), ", numb")
    key(qtbot, view, Qt.Key.Key_Escape)  # "numb" is a word itself: nothing else to list, so Esc ends typing
    assert scene.document.board.cards[card.id].text == "defensive, numb"


def test_escape_hides_the_list_and_a_second_escape_ends_typing(qtbot, cycle_view):
    view, scene = cycle_view, cycle_view.board_scene()
    card = slot(view, "surface-emotion")
    edit(qtbot, view, card)
    qtbot.keyClicks(view.viewport(), "f")
    picker = scene.word_picker
    assert picker.is_shown
    key(qtbot, view, Qt.Key.Key_Escape)
    assert not picker.is_shown and scene.editing_card_id == card.id
    key(qtbot, view, Qt.Key.Key_Down)  # hidden: Down is the editor's again, and no word sneaks in
    key(qtbot, view, Qt.Key.Key_Escape)
    assert scene.editing_card_id is None
    assert scene.document.board.cards[card.id].text == "f"


def test_the_list_hides_when_nothing_matches_and_comes_back(qtbot, cycle_view):
    view, scene = cycle_view, cycle_view.board_scene()
    edit(qtbot, view, slot(view, "surface-emotion"))
    qtbot.keyClicks(view.viewport(), "zz")
    assert not scene.word_picker.is_shown and scene.word_picker.words == ()
    key(qtbot, view, Qt.Key.Key_Backspace)
    key(qtbot, view, Qt.Key.Key_Backspace)
    assert scene.word_picker.is_shown


@pytest.mark.parametrize("role", ["", "trigger"])
def test_a_card_without_a_word_level_shows_no_list(qtbot, cycle_view, role):
    view, scene = cycle_view, cycle_view.board_scene()
    card_id = scene.add_card_at(QPointF(-300, 0), edit=False) if not role else slot(view, role).id
    edit(qtbot, view, scene.document.board.cards[card_id])
    qtbot.keyClicks(view.viewport(), "a")
    assert scene.word_picker is None
    assert not view.viewport().findChildren(WordPicker)


def test_no_emotion_words_no_list(qtbot, cycle_view):
    view, scene = cycle_view, cycle_view.board_scene()
    scene.set_emotion_words(None)
    edit(qtbot, view, slot(view, "surface-emotion"))
    assert scene.word_picker is None


def test_the_list_is_part_of_the_shared_window_below_the_card_and_keeps_its_size_at_any_zoom(qtbot, cycle_view):
    view, scene = cycle_view, cycle_view.board_scene()
    card = slot(view, "surface-emotion")
    edit(qtbot, view, card)
    widget = scene.word_picker.widget
    assert widget.parent() is view.viewport() and not widget.isWindow()
    assert widget.focusPolicy() == Qt.FocusPolicy.NoFocus and view.hasFocus()
    on_screen = view.mapFromScene(QPointF(card.x, card.y + card.height))
    assert widget.geometry().top() >= on_screen.y() and abs(widget.geometry().left() - on_screen.x()) <= 4
    size = widget.size()
    key(qtbot, view, Qt.Key.Key_Escape)
    key(qtbot, view, Qt.Key.Key_Escape)
    view.set_zoom(0.5)
    edit(qtbot, view, card)
    assert scene.word_picker.widget.size() == size  # words at a fixed, readable size


def test_the_list_goes_above_a_card_near_the_bottom_and_follows_a_scroll(qtbot, cycle_view):
    view, scene = cycle_view, cycle_view.board_scene()
    card = slot(view, "longing")
    view.centerOn(QPointF(card.x + card.width / 2, card.y - 300))  # the card near the bottom edge
    edit(qtbot, view, card)
    picker = scene.word_picker.widget
    top = view.mapFromScene(QPointF(card.x, card.y)).y()
    assert picker.isVisible() and picker.geometry().bottom() < top
    before = picker.pos()
    view.verticalScrollBar().setValue(view.verticalScrollBar().value() + 30)
    assert picker.pos() == before - QPoint(0, 30)


def test_the_list_hides_when_the_view_shows_another_board(qtbot, cycle_view):
    view, scene = cycle_view, cycle_view.board_scene()
    card = slot(view, "surface-emotion")
    edit(qtbot, view, card)
    qtbot.keyClicks(view.viewport(), "an")
    widget = scene.word_picker.widget
    other = BoardScene(BoardDocument(Board()))
    view.setScene(other)
    assert scene.word_picker is None and scene.editing_card_id is None
    assert not widget.isVisible()
    assert scene.document.board.cards[card.id].text == "an"  # the words typed so far are kept
    view.setScene(None)
    other.deleteLater()


def test_fragment_is_the_words_after_the_last_comma_or_line_break():
    assert fragment_span("fr", 2) == (0, 2)
    assert fragment_span("angry,  fr", 10) == (8, 10)
    assert fragment_span("angry\nfr", 8) == (6, 8)
    assert fragment_span("angry, fr , hurt", 9) == (7, 9)  # trailing spaces stay out of it
    assert fragment_span("angry, ", 7) == (7, 7)


def test_typing_on_a_selected_slot_starts_the_list_with_that_letter(qtbot, cycle_view):
    view, scene = cycle_view, cycle_view.board_scene()
    card = slot(view, "deeper-emotion")
    point = view.mapFromScene(QPointF(card.x + card.width / 2, card.y + card.height / 2))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.keyClicks(view.viewport(), "hu")  # the first letter starts the typing, the second goes on with it
    assert scene.editing_card_id == card.id and typed_text(view) == "hu"
    assert scene.word_picker.words[0] == "hurt"
    key(qtbot, view, Qt.Key.Key_Down)
    key(qtbot, view, Qt.Key.Key_Return)
    key(qtbot, view, Qt.Key.Key_Return)
    assert scene.document.board.cards[card.id].text == "hurt"
