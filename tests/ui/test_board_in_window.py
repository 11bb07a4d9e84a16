"""Board shortcuts inside the real window: copy in one session, paste in the next; the key sheet; the status bar."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton

from couplecanvas.canvas.tools import Tool


def open_sample(window, qtbot) -> None:
    qtbot.mouseClick(window.welcome_page.findChild(QPushButton, "open_sample"), Qt.MouseButton.LeftButton)


def test_copy_in_one_session_and_paste_into_the_next(make_window, qtbot):
    window = make_window()
    open_sample(window, qtbot)
    viewport = window.board_page.view.viewport()
    window.board_page.view.setFocus()
    scene = window.board_page.scene
    first, second = list(window.controller.document.board.connectors.values())[:2]
    chosen = list(dict.fromkeys([first.source_id, first.target_id, second.source_id, second.target_id]))
    scene.select_only(chosen)
    qtbot.keyClick(viewport, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    texts = sorted(window.controller.document.board.cards[i].text for i in chosen)
    arrows_between = sum(
        c.source_id in chosen and c.target_id in chosen for c in window.controller.document.board.connectors.values()
    )
    assert arrows_between >= 2

    qtbot.mouseClick(window.couples_panel.findChild(QPushButton, "new_session"), Qt.MouseButton.LeftButton)
    # The sample's board could go on in the new session; here the therapist starts empty.
    qtbot.mouseClick(window.findChild(QPushButton, "start_empty"), Qt.MouseButton.LeftButton)
    assert window.controller.document.board.cards == {}
    window.board_page.view.setFocus()
    qtbot.keyClick(window.board_page.view.viewport(), Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    pasted = window.controller.document.board
    assert sorted(c.text for c in pasted.cards.values()) == texts
    assert len(pasted.connectors) == arrows_between  # the arrows between the copied cards came along
    assert window.controller.document.flush()
    assert window.repository.load_board(window.controller.session.id) == pasted


def test_question_mark_shows_the_key_sheet_and_the_status_bar_tells_tool_and_zoom(make_window, qtbot):
    from couplecanvas.ui.shortcuts_dialog import ShortcutsDialog

    window = make_window()
    open_sample(window, qtbot)
    view = window.board_page.view
    view.setFocus()
    QApplication.sendEvent(
        view.viewport(), QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier, "?")
    )
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.close()
    qtbot.keyClick(view.viewport(), Qt.Key.Key_P)
    assert window.board_page.scene.tool is Tool.PEN
    assert window.board_actions.tool_actions[Tool.PEN].isChecked()
    assert "Pen" in window.tool_label.text()
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.zoom_label.text().endswith("%")


def test_board_actions_are_off_without_a_board(make_window):
    window = make_window()
    assert not window.board_actions.new_card.isEnabled()
    assert not window.export_action.isEnabled()
