"""The whole road through real widgets: a couple, a session, cards, an arrow, undo/redo, relaunch."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

from couplecanvas.canvas.items import CardItem, ConnectorItem
from couplecanvas.domain.sample import build_sample
from couplecanvas.ui.couple_dialog import CoupleDialog


def view_point(window, scene_x: float, scene_y: float) -> QPoint:
    return window.board_page.view.mapFromScene(scene_x, scene_y)


def card_centre(window, card_id: str) -> QPoint:
    card = window.controller.document.board.cards[card_id]
    return view_point(window, card.x + card.width / 2, card.y + card.height / 2)


def click_button(qtbot, parent, object_name: str) -> None:
    button = parent.findChild(QPushButton, object_name)
    assert button is not None and button.isEnabled(), object_name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_text(qtbot, widget, text: str) -> None:
    """Type like a keyboard would, accents included (QTest's keyClicks only knows ASCII)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def add_couple_through_dialog(qtbot, window, first_a: str, first_b: str) -> None:
    dialog = window.findChild(CoupleDialog)
    assert dialog is not None and dialog.isVisible()
    type_text(qtbot, dialog.first_name_edit("a"), first_a)
    type_text(qtbot, dialog.first_name_edit("b"), first_b)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_first_session_end_to_end_and_relaunch(make_window, qtbot):
    window = make_window()
    assert window.stack.currentWidget() is window.welcome_page

    # A couple, through the welcome page's button and the dialog.
    click_button(qtbot, window.welcome_page, "add_first_couple")
    add_couple_through_dialog(qtbot, window, "Zoë", "Sam")
    assert window.couples_panel.couples.count() == 1
    assert window.couples_panel.couples.item(0).text() == "Zoë & Sam"
    assert window.stack.currentWidget() is window.no_session_page

    # A session.
    click_button(qtbot, window.couples_panel, "new_session")
    assert window.stack.currentWidget() is window.board_page
    view = window.board_page.view
    viewport = view.viewport()

    # Card 1: double-click on the empty board, type, Enter.
    first_spot = view_point(window, 0, 0) + QPoint(-150, -100)
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=first_spot)
    assert window.board_page.scene.editing_card_id is not None
    qtbot.keyClicks(viewport, "When you turn away")
    qtbot.keyClick(viewport, Qt.Key.Key_Return)
    assert window.board_page.scene.editing_card_id is None
    texts = [c.text for c in window.controller.document.board.cards.values()]
    assert texts == ["When you turn away"]

    # Card 2: N key with nothing selected puts it in the middle of the view.
    qtbot.keyClick(viewport, Qt.Key.Key_Escape)
    qtbot.keyClick(viewport, Qt.Key.Key_N)
    qtbot.keyClicks(viewport, "I go quiet")
    qtbot.keyClick(viewport, Qt.Key.Key_Return)
    first_id, second_id = list(window.controller.document.board.cards)
    assert window.controller.document.board.cards[second_id].text == "I go quiet"

    # An arrow: C for the connect tool (with no card selected, letters are tool keys), drag from card 1 to card 2.
    qtbot.keyClick(viewport, Qt.Key.Key_Escape)
    qtbot.keyClick(viewport, Qt.Key.Key_C)
    assert window.connect_action.isChecked()
    start, end = card_centre(window, first_id), card_centre(window, second_id)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, pos=(start + end) / 2)
    qtbot.mouseMove(viewport, pos=end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    connectors = list(window.controller.document.board.connectors.values())
    assert [(c.source_id, c.target_id) for c in connectors] == [(first_id, second_id)]
    assert any(isinstance(i, ConnectorItem) for i in window.board_page.scene.items())
    qtbot.keyClick(viewport, Qt.Key.Key_Escape)
    assert not window.connect_action.isChecked()

    # Move card 2 by dragging it: one undo step on release.
    before = (window.controller.document.board.cards[second_id].x, window.controller.document.board.cards[second_id].y)
    grab = card_centre(window, second_id)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=grab)
    for step in range(1, 6):
        qtbot.mouseMove(viewport, pos=grab + QPoint(20 * step, 10 * step))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=grab + QPoint(100, 50))
    moved = (window.controller.document.board.cards[second_id].x, window.controller.document.board.cards[second_id].y)
    assert moved != before
    steps = window.controller.document.undo_stack.count()

    # Undo the move and the arrow with the keyboard, then redo both.
    qtbot.keyClick(viewport, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (
        window.controller.document.board.cards[second_id].x,
        window.controller.document.board.cards[second_id].y,
    ) == before
    item = window.board_page.scene.card_items[second_id]
    assert (item.pos().x(), item.pos().y()) == before
    qtbot.keyClick(viewport, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not window.controller.document.board.connectors
    qtbot.keyClick(viewport, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(viewport, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(window.controller.document.board.connectors) == 1
    assert (
        window.controller.document.board.cards[second_id].x,
        window.controller.document.board.cards[second_id].y,
    ) == moved
    assert window.controller.document.undo_stack.index() == steps

    qtbot.waitUntil(lambda: not window.controller.document.has_unsaved_changes, timeout=3000)
    assert window.save_label.text().startswith("Saved")
    expected = window.controller.document.board.clone()
    window.close()

    # Relaunch on the same database: the same couple, session and board.
    again = make_window()
    assert again.couples_panel.couples.item(0).text() == "Zoë & Sam"
    assert again.stack.currentWidget() is again.board_page
    assert again.controller.document.board == expected
    items = [i for i in again.board_page.scene.items() if isinstance(i, CardItem)]
    assert len(items) == 2


def test_welcome_opens_a_labelled_sample_in_one_click(make_window, qtbot):
    window = make_window()
    click_button(qtbot, window.welcome_page, "open_sample")
    label = window.couples_panel.couples.item(0).text()
    assert label.startswith("Sample:") and "Maya" in label
    assert window.stack.currentWidget() is window.board_page
    sample = build_sample().board
    assert len(window.controller.document.board.cards) == len(sample.cards) > 10
    assert len(window.controller.document.board.connectors) == len(sample.connectors) > 10
    assert window.homework_panel.list.count() == 2
    assert not window.notes_dock.isVisible()


def test_rename_couple(make_window, qtbot):
    window = make_window()
    click_button(qtbot, window.welcome_page, "open_sample")
    click_button(qtbot, window.couples_panel, "edit_couple")
    dialog = window.findChild(CoupleDialog)
    edit = dialog.first_name_edit("a")
    edit.selectAll()
    qtbot.keyClicks(edit, "Mia")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert "Mia & Jordan" in window.couples_panel.couples.item(0).text()
    assert window.repository.get_couple(window.controller.couple.id).partner_a.first_name == "Mia"


def test_assign_homework_through_the_dialog(make_window, qtbot):
    from couplecanvas.ui.homework_panel import AssignDialog

    window = make_window()
    click_button(qtbot, window.welcome_page, "open_sample")
    click_button(qtbot, window.homework_panel, "assign_homework")
    dialog = window.findChild(AssignDialog)
    assert dialog is not None
    choices = dialog.exercises
    row = next(
        i for i in range(choices.count()) if choices.item(i).flags() & Qt.ItemFlag.ItemIsEnabled
    )
    item = choices.item(row)
    rect = choices.visualItemRect(item)
    choices.scrollToItem(item)
    # Ticking through the keyboard: select the row, Space toggles its check box.
    qtbot.mouseClick(choices.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(choices, Qt.Key.Key_Space)
    assert item.checkState() == Qt.CheckState.Checked
    qtbot.keyClicks(dialog.note, "Start on Sunday")
    qtbot.mouseClick(
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assignments = window.repository.list_assignments(window.controller.session.id)
    assert len(assignments) == 3
    assert assignments[-1].note == "Start on Sunday"
    assert window.homework_panel.list.count() == 3
    QApplication.processEvents()
