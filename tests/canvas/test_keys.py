"""The table of key bindings (canvas/keys.py): keys Qt reads back unchanged, no key doing two things at once, and a
board view that takes its keys from it."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from couplecanvas.canvas import keys
from couplecanvas.canvas.tools import Tool

# Contexts that are active together (the board has the focus inside the main window, or a card is being typed in).
TOGETHER = [{"board", "window"}, {"typing", "window"}, {"pick", "window"}, {"handout", "window"}, {"share"}]


def test_every_key_is_one_combination_qt_reads_back_unchanged(qapp):
    for b in keys.KEYS.values():
        for sequence in (*b.sequences, *b.share_sequences):
            parsed = QKeySequence(sequence)
            assert parsed.count() == 1, (b.id, sequence)
            assert parsed.toString(QKeySequence.SequenceFormat.PortableText) == sequence, (b.id, sequence)


def test_no_key_does_two_things_in_the_same_place(qapp):
    for contexts in TOGETHER:
        seen: dict[tuple, str] = {}
        for b in keys.KEYS.values():
            sequences = b.share_sequences if contexts == {"share"} else b.sequences if b.context in contexts else ()
            for sequence in sequences:
                combination = QKeySequence(sequence)[0]
                where = (combination.key(), combination.keyboardModifiers())
                assert where not in seen, (sequence, seen.get(where), b.id)
                seen[where] = b.id


def test_the_table_is_whole():
    assert len(keys.KEYS) == len(keys._TABLE) > 50  # no id twice
    assert {b.section for b in keys.KEYS.values()} <= set(keys.SECTIONS)
    assert {Tool(b.tool) for b in keys.KEYS.values() if b.tool} == set(Tool)  # every tool has its key, once
    assert len([b for b in keys.KEYS.values() if b.tool]) == len(Tool)
    for b in keys.KEYS.values():
        assert b.does and (b.sequences or b.gestures), b.id
        assert b.context in {"board", "window", "typing", "pick", "handout", "story", "share"}, b.id
    # The lead's share-window keys, as agreed.
    assert keys.binding("share_window").sequences == ("F5",)
    assert keys.binding("blank").sequences == ("Ctrl+Shift+B",) and keys.binding("blank").share_sequences == ("B",)
    assert keys.binding("share_mode").sequences == ("F6",)
    assert keys.binding("laser").sequences == ("K",) and keys.binding("laser").tool == Tool.LASER.value
    # The one-card link pick is on a key that cannot be typed.
    assert keys.binding("connect").sequences == ("Ctrl+L",)
    with pytest.raises(KeyError):
        keys.binding("no such key")


def test_the_sheet_sections_and_the_way_keys_are_written():
    names = [name for name, _ in keys.sections()]
    assert names == [s for s in keys.SECTIONS if s in names] and "Sharing" in names
    shown = {b.id for _, bindings in keys.sections() for b in bindings}
    assert {"share_window", "share_mode", "blank", "laser"} <= shown and "pick_move" not in shown
    assert keys.shown_keys(keys.binding("blank")) == ["Ctrl+Shift+B", "B in the share window"]
    assert keys.shown_key("Shift+Return") == "Shift+Enter" and keys.shown_key("Del") == "Delete"
    assert keys.shown_key("Ctrl++") == "Ctrl++" and keys.shown_key("Ctrl+-") == "Ctrl+-"
    assert keys.shown_keys(keys.binding("new_card")) == ["N", "double-click on the board"]
    assert keys.shown_keys(keys.binding("sibling_card")) == ["Enter"]  # Return and keypad Enter: one name
    assert keys.main_key("connect") == "Ctrl+L"


@pytest.mark.parametrize("b", [b for b in keys.KEYS.values() if b.tool], ids=lambda b: b.id)
def test_each_tool_key_picks_its_tool_on_the_board(board_view, qtbot, b):
    view = board_view()
    scene = view.board_scene()
    scene.set_tool(Tool.SELECT if b.tool != Tool.SELECT.value else Tool.PEN)
    qtbot.keyClick(view.viewport(), getattr(Qt.Key, f"Key_{b.sequences[0]}"))
    assert scene.tool is Tool(b.tool)


def test_the_view_reads_the_table_for_every_single_board_key(board_view, qtbot):
    from couplecanvas.canvas.view import TOOL_COMMANDS

    assert TOOL_COMMANDS == {b.id: Tool(b.tool) for b in keys.KEYS.values() if b.tool}
    view = board_view()
    scene = view.board_scene()
    viewport = view.viewport()
    qtbot.keyClick(viewport, Qt.Key.Key_G)
    assert scene.snap_to_grid
    qtbot.keyClick(viewport, Qt.Key.Key_T)  # a text label, being typed in
    assert scene.editing_card_id is not None
    qtbot.keyClick(viewport, Qt.Key.Key_Escape)
    assert len(scene.document.board.cards) == 1


def test_no_two_actions_share_a_name():
    for a, b in itertools.combinations(keys.KEYS.values(), 2):
        if a.label and b.label and a.context == b.context:
            assert a.label != b.label, (a.id, b.id)
