"""One table of keys: the README's key table, the key sheet, the board's actions and the status bar all agree with
canvas/keys.py, and all say Shift+click for adding a card to the selection."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QTableWidget, QToolBar, QWidget

from couplecanvas.canvas import BoardScene, keys
from couplecanvas.canvas.tools import Tool
from couplecanvas.document import BoardDocument
from couplecanvas.domain.board import Board, Card
from couplecanvas.ui.board_actions import TOOL_LABELS, BoardActions
from couplecanvas.ui.shortcuts_dialog import SHORTCUTS, ShortcutsDialog

ROOT = Path(__file__).resolve().parents[2]


def readme_key_rows() -> list[tuple[str, list[str]]]:
    """The rows of the README's "Using the board" table: (the row's text, the keys written in `backticks` in it)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Using the board", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| key or gesture")]
    assert len(rows) > 10, "the README's key table was not found"
    return [(row, [t for t in re.findall(r"`([^`]+)`", row) if " > " not in t]) for row in rows]  # not menu paths


def ways(b: keys.KeyBinding) -> set[str]:
    """Every way the README may write a binding: its keys, its summary, its gestures, its share window keys."""
    return {keys.shown_key(s) for s in (*b.sequences, *b.share_sequences)} | set(keys.shown_keys(b))


def test_every_key_in_the_readme_table_is_in_the_key_table():
    readme_ways = {way: b.id for b in keys.KEYS.values() if b.readme for way in ways(b)}
    for row, tokens in readme_key_rows():
        assert tokens, row
        for token in tokens:
            assert token in readme_ways, f"README writes `{token}`, in no README binding of canvas/keys.py: {row}"


def test_every_binding_flagged_for_the_readme_is_in_its_table():
    written = {token for _, tokens in readme_key_rows() for token in tokens}
    for b in keys.KEYS.values():
        if b.readme:
            assert ways(b) & written, f"{b.id} ({', '.join(sorted(ways(b)))}) is flagged for the README but not in it"


def test_the_readme_rows_say_what_the_keys_do_now():
    rows = {tuple(tokens)[0]: row for row, tokens in readme_key_rows()}
    assert "on one card, choose the target" in rows["Ctrl+L"]
    assert "two or more" in rows["L"] and "laser" in rows["K"]


def test_the_key_sheet_shows_the_table(qtbot):
    assert [name for name, _ in SHORTCUTS] == [name for name, _ in keys.sections()]
    dialog = ShortcutsDialog()
    qtbot.addWidget(dialog)
    table = dialog.findChild(QTableWidget, "shortcuts_table")
    cells = [(table.item(r, 0).text(), table.item(r, 1).text() if table.item(r, 1) else "")
             for r in range(table.rowCount())]
    for name, bindings in keys.sections():
        assert (name, "") in cells
        for b in bindings:
            assert (" / ".join(keys.shown_keys(b)), b.does) in cells, b.id
    assert ("K", keys.binding("laser").does) in cells
    assert ("Ctrl+L", keys.binding("connect").does) in cells


def test_the_board_actions_take_their_keys_and_names_from_the_table(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    actions = BoardActions(parent, lambda: None, lambda: None)
    keyed = {
        "new_card": actions.new_card, "new_note": actions.new_note, "new_label": actions.new_label,
        "edit_text": actions.edit_text, "connected_card": actions.connected, "sibling_card": actions.sibling,
        "connect": actions.link, "delete": actions.delete, "reframe": actions.mark_reframe,
        "insert_template": actions.insert_template, "cut": actions.cut, "copy": actions.copy, "paste": actions.paste,
        "duplicate": actions.duplicate, "select_all": actions.select_all, "front": actions.front, "back": actions.back,
        "group": actions.group, "ungroup": actions.ungroup, "snap": actions.snap, "zoom_in": actions.zoom_in,
        "zoom_out": actions.zoom_out, "fit": actions.fit, "actual_size": actions.actual_size,
        "zoom_selection": actions.zoom_selection, "give_nobody": actions.owner_none,
        **{b.id: actions.tool_actions[Tool(b.tool)] for b in keys.KEYS.values() if b.tool},
    }
    for binding_id, action in keyed.items():
        b = keys.binding(binding_id)
        written = [s.toString(QKeySequence.SequenceFormat.PortableText) for s in action.shortcuts()]
        assert written == list(b.sequences), binding_id
        assert action.text() == b.label, binding_id
    assert list(TOOL_LABELS) == list(Tool) and TOOL_LABELS[Tool.LASER] == ("Laser pointer", "K")
    toolbar = QToolBar()
    qtbot.addWidget(toolbar)
    actions.fill_toolbar(toolbar)
    assert actions.tool_actions[Tool.LASER] in toolbar.actions()


@pytest.mark.parametrize("where", ["README.md", "src/couplecanvas/canvas/keys.py",
                                   "src/couplecanvas/ui/board_actions.py"])
def test_adding_to_the_selection_is_written_shift_click_everywhere(where):
    text = (ROOT / where).read_text(encoding="utf-8")
    assert "Ctrl+click" not in text and "`Ctrl`+click" not in text and "Ctrl-click" not in text
    assert "Shift+click" in text


def test_the_status_bar_and_the_sheet_tell_the_reframe_the_same_way(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    said = []
    board = Board()
    card = Card(text="We always fight about money", x=0, y=0)
    board.add_card(card)
    scene = BoardScene(BoardDocument(board))
    scene.select_only([card.id])  # one card is not a pair
    actions = BoardActions(parent, lambda: None, lambda: scene)
    actions.message.connect(said.append)
    actions.mark_reframe.trigger()
    assert said == ["To mark a reframe, click the old story, then Shift+click its new story, and press Ctrl+R."]
    assert not scene.document.board.connectors
    assert "Shift+click its new story, then Ctrl+R" in keys.binding("reframe").does
