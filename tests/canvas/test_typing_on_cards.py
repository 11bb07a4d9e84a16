"""Typing on one selected card always types, whatever letter a word starts with; keys that cannot be typed still act."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication

from couplecanvas.canvas import keys
from couplecanvas.canvas.scene_editing import joined_text
from couplecanvas.canvas.tools import Tool
from couplecanvas.domain.board import Board, Card

SHIFT = Qt.KeyboardModifier.ShiftModifier


def board_of(*cards: Card) -> Board:
    board = Board()
    for card in cards:
        board.add_card(card)
    return board


def centre(view, card: Card) -> QPoint:
    return view.mapFromScene(QPointF(card.x + card.width / 2, card.y + card.height / 2))


def click(qtbot, view, card: Card, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, pos=centre(view, card))


def press(widget, sequence: str) -> None:
    """Press and release a key as a keyboard sends it: Shift+N comes with the text "N", ? with Shift and "?"."""
    combination = QKeySequence(sequence)[0]
    key, mods = combination.key(), combination.keyboardModifiers()
    text = sequence.removeprefix("Shift+")
    if not mods & SHIFT:
        text = text.lower()
    if key == Qt.Key.Key_Question:
        mods |= SHIFT  # on most keyboards ? is a shifted key
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, mods, text))


def type_text(widget, text: str) -> None:
    """Type text one character at a time as a keyboard does (QTest's keyClicks knows only ASCII): a Latin-1 letter
    comes with its own key code, other scripts with none, capitals with Shift."""
    for char in text:
        code = ord(char.upper()) if len(char.upper()) == 1 and ord(char.upper()) < 256 else 0
        mods = SHIFT if char.isupper() else Qt.KeyboardModifier.NoModifier
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, code, mods, char))


def typed_keys() -> list[tuple[str, str]]:
    """(binding id, key) for every board key that is a character one could type: a letter (Shift or not), or ?."""
    found = []
    for b in keys.KEYS.values():
        if b.context != "board":
            continue
        for sequence in b.sequences:
            key = sequence.removeprefix("Shift+")
            if len(key) == 1 and key.isprintable():
                found.append((b.id, sequence))
    return found


def test_every_typeable_board_key_is_checked():
    ids = {binding_id for binding_id, _ in typed_keys()}
    # The letters that once were taken on a selected card, and the new laser key, are all in the list below.
    assert {"connect_picked", "tool_connect", "tool_pen", "new_card", "new_note", "new_label", "snap", "laser",
            "tool_select", "tool_highlighter", "tool_eraser", "key_sheet"} <= ids


@pytest.mark.parametrize(("binding_id", "sequence"), typed_keys())
def test_a_typeable_key_on_one_selected_card_is_typed_into_it(board_view, qtbot, binding_id, sequence):
    card, other = Card(text="", x=100, y=100), Card(text="", x=500, y=100)
    view = board_view(board_of(card, other))
    scene = view.board_scene()
    sheets = []
    view.shortcuts_requested.connect(lambda: sheets.append(True))
    click(qtbot, view, card)
    press(view.viewport(), sequence)
    assert scene.editing_card_id == card.id, binding_id
    qtbot.keyClicks(view.viewport(), "ust")
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    board = scene.document.board
    key = sequence.removeprefix("Shift+")
    letter = key if sequence.startswith("Shift+") else key.lower()
    assert board.cards[card.id].text == f"{letter}ust"
    assert len(board.cards) == 2 and not board.connectors and scene.tool is Tool.SELECT
    assert not scene.snap_to_grid and not sheets and scene.link_source_id is None


def test_lonely_on_a_selected_card_is_typed_and_down_enter_add_no_arrow(board_view, qtbot):
    card, other = Card(text="", x=100, y=100), Card(text="", x=500, y=100)
    view = board_view(board_of(card, other))
    scene = view.board_scene()
    click(qtbot, view, card)
    qtbot.keyClicks(view.viewport(), "lonely")
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Down)
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    board = scene.document.board
    assert board.cards[card.id].text == "lonely"
    assert not board.connectors and scene.link_source_id is None
    # Words that begin with other keys' letters, one after another on the same card.
    for word in ("calm", "numb", "tense", "guilty", "pushed", "hurt", "empty", "valued", "Numb", "Kind"):
        scene.select_only([card.id])
        qtbot.keyClicks(view.viewport(), word)
        qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    assert board.cards[card.id].text == "lonely calm numb tense guilty pushed hurt empty valued Numb Kind"
    assert len(board.cards) == 2 and not board.connectors and scene.tool is Tool.SELECT and not scene.snap_to_grid


def test_ctrl_l_picks_a_target_from_one_card_and_l_connects_two_or_more(board_view, qtbot):
    a, b, c = Card(text="a", x=100, y=100), Card(text="b", x=500, y=100), Card(text="c", x=900, y=100)
    view = board_view(board_of(a, b, c))
    scene = view.board_scene()
    viewport = view.viewport()
    click(qtbot, view, a)
    qtbot.keyClick(viewport, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert scene.link_source_id == a.id and scene.link_target_id == b.id and scene.editing_card_id is None
    qtbot.keyClick(viewport, Qt.Key.Key_Right)
    assert scene.link_target_id == c.id
    qtbot.keyClick(viewport, Qt.Key.Key_Return)
    board = scene.document.board
    assert board.has_connector(a.id, c.id) and len(board.connectors) == 1
    # Esc ends a pick without an arrow.
    click(qtbot, view, b)
    qtbot.keyClick(viewport, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(viewport, Qt.Key.Key_Escape)
    assert scene.link_source_id is None and len(board.connectors) == 1
    # L on two cards connects them in the order picked; Ctrl+L on several does the same.
    click(qtbot, view, b)
    click(qtbot, view, a, SHIFT)
    qtbot.keyClick(viewport, Qt.Key.Key_L)
    assert board.has_connector(b.id, a.id)
    click(qtbot, view, c)
    click(qtbot, view, b, SHIFT)
    qtbot.keyClick(viewport, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert board.has_connector(c.id, b.id) and len(board.connectors) == 3
    assert [board.cards[i].text for i in (a.id, b.id, c.id)] == ["a", "b", "c"]


@pytest.mark.parametrize(("words", "typed", "expected"), [
    ("alone", "hurt", "alone hurt"),
    ("alone ", "hurt", "alone hurt"),
    ("alone\n", "hurt", "alone\nhurt"),
    ("", "hurt", "hurt"),
    ("I feel", ", alone", "I feel, alone"),
    ("I feel", "?", "I feel?"),
    ("我很", "孤独", "我很孤独"),
    ("Zoë", "孤独", "Zoë 孤独"),
])
def test_new_words_join_the_old_with_one_space(words, typed, expected):
    assert joined_text(words, typed) == expected


@pytest.mark.parametrize(("words", "typed", "expected"), [
    ("alone", "hurt", "alone hurt"),
    ("alone ", "hurt", "alone hurt"),
    ("", "hurt", "hurt"),
    ("", "Zoë", "Zoë"),
    ("Zoë feels", "Élan", "Zoë feels Élan"),
    ("Zoë", "hurt", "Zoë hurt"),
    ("我", "孤独", "我孤独"),
    ("lonely", "孤独", "lonely 孤独"),
])
def test_typing_on_a_selected_card_with_words_adds_a_space(board_view, qtbot, words, typed, expected):
    card = Card(text=words, x=100, y=100)
    view = board_view(board_of(card))
    scene = view.board_scene()
    click(qtbot, view, card)
    type_text(view.viewport(), typed)
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    assert scene.document.board.cards[card.id].text == expected
    assert scene.document.undo_stack.count() == 1


def test_a_long_sentence_typed_on_a_selected_card(board_view, qtbot):
    card = Card(text="alone", x=100, y=100)
    view = board_view(board_of(card))
    scene = view.board_scene()
    sentence = ("lately when you come home late and look at your phone before you look at me I go quiet and tidy the "
                "kitchen so I do not say how much it hurts, and then you ask what is wrong and I say nothing, and we "
                "both go to bed feeling further apart than we were, which is the very thing neither of us really "
                "wants at all")
    assert len(sentence) >= 300
    click(qtbot, view, card)
    type_text(view.viewport(), sentence)
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    stored = scene.document.board.cards[card.id]
    assert stored.text == f"alone {sentence}"
    assert stored.height > card.height and not scene.document.board.connectors


def test_the_keys_that_end_typing_come_from_the_table(board_view, qtbot):
    card = Card(text="", x=100, y=100)
    view = board_view(board_of(card))
    scene = view.board_scene()
    viewport = view.viewport()
    click(qtbot, view, card)
    qtbot.keyClicks(viewport, "alone")
    qtbot.keyClick(viewport, Qt.Key.Key_Return, SHIFT)  # a new line, still typing
    assert scene.editing_card_id == card.id
    qtbot.keyClicks(viewport, "hurt")
    qtbot.keyClick(viewport, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)  # the keypad's Enter finishes
    assert scene.editing_card_id is None
    assert scene.document.board.cards[card.id].text == "alone\nhurt"
    assert keys.binding("finish_typing").sequences == ("Return", "Enter", "Esc")
