"""Every board gesture through real mouse, wheel and keyboard events."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QInputDialog

from couplecanvas.canvas.arrange import Align
from couplecanvas.canvas.items import CardItem
from couplecanvas.canvas.tools import Tool
from couplecanvas.domain.board import Board, Card, CardKind, Connector


def board_of(*cards: Card, connectors=()) -> Board:
    board = Board()
    for card in cards:
        board.add_card(card)
    for connector in connectors:
        board.add_connector(connector)
    return board


def at(view, x: float, y: float) -> QPoint:
    return view.mapFromScene(QPointF(x, y))


def centre(view, card_id: str) -> QPoint:
    card = view.board_scene().document.board.cards[card_id]
    return at(view, card.x + card.width / 2, card.y + card.height / 2)


def drag(qtbot, view, start: QPoint, end: QPoint, steps: int = 6, modifier=Qt.KeyboardModifier.NoModifier,
         button=Qt.MouseButton.LeftButton) -> None:
    viewport = view.viewport()
    qtbot.mousePress(viewport, button, modifier, pos=start)
    for n in range(1, steps + 1):
        qtbot.mouseMove(viewport, pos=start + (end - start) * (n / steps))
    qtbot.mouseRelease(viewport, button, modifier, pos=end)


def pick_target(qtbot, view, card_id: str) -> None:
    """During a keyboard link pick, press arrow keys toward a card, as one watching the highlight would."""
    scene, board = view.board_scene(), view.board_scene().document.board
    keys = {(-1, 0): Qt.Key.Key_Left, (1, 0): Qt.Key.Key_Right, (0, -1): Qt.Key.Key_Up, (0, 1): Qt.Key.Key_Down}
    for _ in range(12):
        if scene.link_target_id == card_id:
            return
        there = next((d for d in keys if scene.neighbour(scene.link_target_id, *d) == card_id), None)
        if there is None:  # not next to it yet: head its way
            (x, y), (tx, ty) = board.cards[scene.link_target_id].rect.center, board.cards[card_id].rect.center
            there = ((tx > x) - (tx < x), 0) if abs(tx - x) >= abs(ty - y) else (0, (ty > y) - (ty < y))
        qtbot.keyClick(view.viewport(), keys[there])


def type_unicode(widget, text: str) -> None:
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


# -- cards -------------------------------------------------------------------------------------------------------------
def test_sticky_note_and_text_label_keys_make_their_kinds(board_view, qtbot):
    view = board_view()
    scene = view.board_scene()
    qtbot.keyClick(view.viewport(), Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(view.viewport(), "remember")
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Escape)
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Escape)
    qtbot.keyClick(view.viewport(), Qt.Key.Key_T)
    qtbot.keyClicks(view.viewport(), "Our week")
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    kinds = {c.text: c.kind for c in scene.document.board.cards.values()}
    assert kinds == {"remember": CardKind.NOTE, "Our week": CardKind.LABEL}


def test_long_text_wraps_and_the_card_grows_with_unicode_intact(board_view, qtbot):
    card = Card(text="", x=100, y=100)
    view = board_view(board_of(card))
    scene = view.board_scene()
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre(view, card.id))
    words = "Quand tu regardes ton téléphone je me sens seule 😔 et j'ai peur de ne plus compter pour toi du tout"
    type_unicode(view.viewport(), words)
    grown = scene.card_items[card.id].live_rect().h
    assert grown > card.height  # grows while typing
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    stored = scene.document.board.cards[card.id]
    assert stored.text == words
    assert stored.height > 90
    assert scene.document.undo_stack.count() == 1  # text and growth are one step
    scene.document.undo_stack.undo()
    assert scene.document.board.cards[card.id].height == 90 and scene.document.board.cards[card.id].text == ""


def test_typing_on_a_selected_card_adds_to_its_words(board_view, qtbot):
    card = Card(text="I feel", x=100, y=100)
    view = board_view(board_of(card))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre(view, card.id))
    qtbot.keyClicks(view.viewport(), ", alone")
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    assert view.board_scene().document.board.cards[card.id].text == "I feel, alone"


def test_resize_with_the_grip_is_one_step_and_arrows_follow(board_view, qtbot):
    a, b = Card(text="a", x=100, y=100), Card(text="b", x=100, y=400)
    link = Connector(a.id, b.id)
    view = board_view(board_of(a, b, connectors=[link]))
    scene = view.board_scene()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre(view, a.id))
    grip = at(view, a.x + a.width - 4, a.y + a.height - 4)
    drag(qtbot, view, grip, grip + QPoint(120, 80))
    resized = scene.document.board.cards[a.id]
    assert resized.width > a.width + 100 and resized.height > a.height + 60
    assert (resized.x, resized.y) == (a.x, a.y)
    assert scene.document.undo_stack.count() == 1
    start_y = scene.connector_items[link.id].path().elementAt(0).y
    assert abs(start_y - resized.rect.bottom) < 1.0


def test_partner_and_style_through_actions(board_view, qtbot):
    from couplecanvas.domain.couple import PartnerRole

    card = Card(text="mine", x=0, y=0)
    view = board_view(board_of(card))
    scene = view.board_scene()
    scene.select_only([card.id])
    scene.set_selection_partner(PartnerRole.B)
    scene.set_selection_kind(CardKind.NOTE)
    stored = scene.document.board.cards[card.id]
    assert stored.partner is PartnerRole.B and stored.kind is CardKind.NOTE


# -- connectors --------------------------------------------------------------------------------------------------------
def test_arrow_label_by_double_click_and_curve_toggle(board_view, qtbot):
    a, b = Card(text="a", x=0, y=0), Card(text="b", x=600, y=0)
    link = Connector(a.id, b.id)
    view = board_view(board_of(a, b, connectors=[link]))
    scene = view.board_scene()

    def answer():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("then I pull away")
        dialog.accept()

    QTimer.singleShot(50, answer)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at(view, 400, 45))
    assert scene.document.board.connectors[link.id].label == "then I pull away"
    scene.document.set_connector(link.id, curved=True)
    path = scene.connector_items[link.id].path()
    assert path.elementCount() > 2  # a curve
    assert scene.document.undo_stack.count() == 2


def test_drag_an_arrow_end_to_reconnect(board_view, qtbot):
    a, b, c = Card(text="a", x=0, y=0), Card(text="b", x=500, y=0), Card(text="c", x=500, y=400)
    link = Connector(a.id, b.id)
    view = board_view(board_of(a, b, c, connectors=[link]))
    scene = view.board_scene()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at(view, 350, 45))
    assert scene.selected_connector_ids() == [link.id]
    end = scene.connector_items[link.id].path().elementAt(1)
    drag(qtbot, view, at(view, end.x, end.y), centre(view, c.id))
    assert scene.document.board.connectors[link.id].target_id == c.id
    scene.document.undo_stack.undo()
    assert scene.document.board.connectors[link.id].target_id == b.id


# -- selection ---------------------------------------------------------------------------------------------------------
def test_click_shift_click_rubber_band_and_select_all(board_view, qtbot):
    cards = [Card(text=str(n), x=n * 260, y=0) for n in range(3)]
    view = board_view(board_of(*cards))
    scene = view.board_scene()
    viewport = view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=centre(view, cards[0].id))
    qtbot.mouseClick(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, pos=centre(view, cards[2].id)
    )
    assert scene.selected_card_ids() == [cards[0].id, cards[2].id]
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=at(view, 300, 600))
    assert scene.selected_card_ids() == []
    drag(qtbot, view, at(view, -30, -30), at(view, 480, 120))
    assert set(scene.selected_card_ids()) == {cards[0].id, cards[1].id}
    scene.select_all()
    assert len(scene.selected_card_ids()) == 3


def test_drag_moves_the_selection_as_one_step_and_snaps_to_the_grid(board_view, qtbot):
    a, b = Card(text="a", x=0, y=0), Card(text="b", x=300, y=0)
    view = board_view(board_of(a, b))
    scene = view.board_scene()
    scene.select_only([a.id, b.id])
    drag(qtbot, view, centre(view, a.id), centre(view, a.id) + QPoint(57, 33), steps=10)
    moved = scene.document.board.cards
    assert (moved[a.id].x, moved[a.id].y) == (57, 33) and (moved[b.id].x, moved[b.id].y) == (357, 33)
    assert scene.document.undo_stack.count() == 1
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Escape)
    qtbot.keyClick(view.viewport(), Qt.Key.Key_G)
    assert scene.snap_to_grid
    scene.select_only([a.id])
    drag(qtbot, view, centre(view, a.id), centre(view, a.id) + QPoint(30, 30))
    snapped = scene.document.board.cards[a.id]
    assert snapped.x % 40 == 0 and snapped.y % 40 == 0


def test_arrow_keys_nudge_and_alt_arrows_move_the_selection(board_view, qtbot):
    a, b = Card(text="a", x=0, y=0), Card(text="b", x=400, y=0)
    view = board_view(board_of(a, b))
    scene = view.board_scene()
    scene.select_only([a.id])
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Right)
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert (scene.document.board.cards[a.id].x, scene.document.board.cards[a.id].y) == (1, 10)
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert scene.selected_card_ids() == [b.id]


def test_align_distribute_front_back_group_ungroup(board_view, qtbot):
    cards = [Card(text=str(n), x=n * 300 + (n == 1) * 50, y=n * 30, z=n + 1) for n in range(3)]
    view = board_view(board_of(*cards))
    scene = view.board_scene()
    ids = [c.id for c in cards]
    scene.select_only(ids)
    scene.align_selection(Align.TOP)
    assert {scene.document.board.cards[i].y for i in ids} == {0}
    scene.distribute_selection(horizontal=True)
    xs = sorted(scene.document.board.cards[i].x for i in ids)
    assert xs[1] - xs[0] == xs[2] - xs[1]
    scene.select_only([ids[0]])
    scene.bring_to_front()
    assert scene.document.board.cards[ids[0]].z > max(scene.document.board.cards[i].z for i in ids[1:])
    scene.send_to_back()
    assert scene.document.board.cards[ids[0]].z < min(scene.document.board.cards[i].z for i in ids[1:])
    scene.select_only(ids[:2])
    scene.group_selection()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at(view, 620, 200))  # clear
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre(view, ids[0]))
    assert set(scene.selected_card_ids()) == set(ids[:2])  # one click selects the group
    scene.ungroup_selection()
    assert all(scene.document.board.cards[i].group_id is None for i in ids)


def test_copy_paste_duplicate_and_paste_into_another_board(board_view, qtbot):
    a, b = Card(text="alpha", x=0, y=0), Card(text="beta", x=300, y=0)
    first = board_view(board_of(a, b, connectors=[Connector(a.id, b.id, "and")]))
    scene = first.board_scene()
    scene.select_only([a.id, b.id])
    assert scene.copy_selection()
    scene.paste()
    assert len(scene.document.board.cards) == 4 and len(scene.document.board.connectors) == 2
    scene.duplicate_selection()
    assert len(scene.document.board.cards) == 6
    second = board_view()
    second.board_scene().paste()
    other = second.board_scene().document.board
    assert sorted(c.text for c in other.cards.values()) == ["alpha", "beta"]
    assert [c.label for c in other.connectors.values()] == ["and"]
    assert not set(other.cards) & set(scene.document.board.cards)  # fresh ids
    scene.select_only([a.id])
    scene.cut_selection()
    assert a.id not in scene.document.board.cards


# -- view --------------------------------------------------------------------------------------------------------------
def test_zoom_with_wheel_and_keys_pan_with_space_and_middle_button(board_view, qtbot):
    view = board_view(board_of(Card(text="x", x=0, y=0), Card(text="y", x=3000, y=2000)))
    start = view.zoom
    wheel = QWheelEvent(QPointF(300, 300), QPointF(view.viewport().mapToGlobal(QPoint(300, 300))), QPoint(0, 0),
                        QPoint(0, 240), Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.zoom > start
    view.zoom_by(-2)
    assert view.zoom < start * 1.44
    view.set_zoom(1.0)
    h = view.horizontalScrollBar().value()
    drag(qtbot, view, QPoint(600, 400), QPoint(400, 400), button=Qt.MouseButton.MiddleButton)
    assert view.horizontalScrollBar().value() == h + 200
    QApplication.sendEvent(
        view.viewport(), QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier, " ")
    )
    v = view.verticalScrollBar().value()
    drag(qtbot, view, QPoint(600, 400), QPoint(600, 300))
    QApplication.sendEvent(
        view.viewport(), QKeyEvent(QEvent.Type.KeyRelease, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier, " ")
    )
    assert view.verticalScrollBar().value() == v + 100
    assert view.board_scene().document.undo_stack.count() == 0  # panning moved nothing
    view.fit_to_content()
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(QPointF(0, 0)) and visible.contains(QPointF(3200, 2090))
    view.board_scene().select_only([next(iter(view.board_scene().document.board.cards))])
    view.zoom_to_selection()
    assert view.zoom > 1.0


def test_pen_tool_key_and_escape_back_to_select(board_view, qtbot):
    view = board_view()
    scene = view.board_scene()
    for key, tool in ((Qt.Key.Key_P, Tool.PEN), (Qt.Key.Key_H, Tool.HIGHLIGHTER), (Qt.Key.Key_E, Tool.ERASER)):
        qtbot.keyClick(view.viewport(), key)
        assert scene.tool is tool
        qtbot.keyClick(view.viewport(), Qt.Key.Key_Escape)
        assert scene.tool is Tool.SELECT


# -- keyboard-first capture --------------------------------------------------------------------------------------------
def test_tab_makes_a_connected_card_and_enter_a_sibling(board_view, qtbot):
    root, child = Card(text="root", x=0, y=0), Card(text="child", x=300, y=0)
    view = board_view(board_of(root, child, connectors=[Connector(root.id, child.id)]))
    scene = view.board_scene()
    scene.select_only([child.id])
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Tab)
    assert scene.editing_card_id is not None
    qtbot.keyClicks(view.viewport(), "grandchild")
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    board = scene.document.board
    grandchild = next(c for c in board.cards.values() if c.text == "grandchild")
    assert board.has_connector(child.id, grandchild.id) and grandchild.x > child.x
    scene.select_only([child.id])
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    qtbot.keyClicks(view.viewport(), "sibling")
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    sibling = next(c for c in board.cards.values() if c.text == "sibling")
    assert board.has_connector(root.id, sibling.id) and sibling.y > child.y


def test_a_ten_card_cycle_without_the_mouse(board_view, qtbot):
    view = board_view()
    scene = view.board_scene()
    viewport = view.viewport()
    qtbot.keyClick(viewport, Qt.Key.Key_N)
    for n in range(1, 11):
        qtbot.keyClicks(viewport, f"step {n}")
        qtbot.keyClick(viewport, Qt.Key.Key_Tab if n < 10 else Qt.Key.Key_Return)
    board = scene.document.board
    assert len(board.cards) == 10 and len(board.connectors) == 9
    # Close the loop: Ctrl+L on the last card, arrow keys to the first (as one looking at the screen would), Enter.
    by_text = {c.text: c.id for c in board.cards.values()}
    assert scene.selected_card_ids() == [by_text["step 10"]]
    qtbot.keyClick(viewport, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    pick_target(qtbot, view, by_text["step 1"])
    assert scene.link_target_id == by_text["step 1"]
    qtbot.keyClick(viewport, Qt.Key.Key_Return)
    assert board.has_connector(by_text["step 10"], by_text["step 1"])
    # Every card is reached from step 1 by following the arrows: a closed loop.
    seen, current = [], by_text["step 1"]
    for _ in range(10):
        seen.append(current)
        current = next(c.target_id for c in board.connectors.values() if c.source_id == current)
    assert current == by_text["step 1"] and len(set(seen)) == 10


def test_question_mark_opens_the_shortcut_sheet(board_view, qtbot):
    view = board_view()
    opened = []
    view.shortcuts_requested.connect(lambda: opened.append(True))
    QApplication.sendEvent(
        view.viewport(), QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier, "?")
    )
    assert opened


def test_typing_merges_into_one_step_and_history_is_unlimited(board_view, qtbot):
    card = Card(text="", x=0, y=0)
    view = board_view(board_of(card))
    document = view.board_scene().document
    for n in range(5):
        document.set_card_text(card.id, "x" * (n + 1))
    assert document.undo_stack.count() == 1
    for n in range(300):
        document.move_cards({card.id: (n + 1, 0)})
    assert document.undo_stack.count() == 301 and document.undo_stack.undoLimit() == 0
    assert isinstance(view.board_scene().card_items[card.id], CardItem)


def test_only_the_resize_grip_has_a_cursor_of_its_own(board_view, qtbot):
    board = Board()
    card = Card("hover me", 100, 100, 200, 90)
    board.add_card(card)
    view = board_view(board)
    scene = view.scene()
    item = scene.card_items[card.id]
    scene.select_only([card.id])
    grip = view.mapFromScene(QPointF(card.x + card.width - 3, card.y + card.height - 3))
    middle = view.mapFromScene(QPointF(card.x + 100, card.y + 45))
    qtbot.mouseMove(view.viewport(), middle)
    qtbot.mouseMove(view.viewport(), grip)
    assert item.hasCursor() and item.cursor().shape() == Qt.CursorShape.SizeFDiagCursor
    qtbot.mouseMove(view.viewport(), middle)
    assert not item.hasCursor()
    scene.set_tool(Tool.PEN)  # the pen's cursor shows over the card too, the grip included
    qtbot.mouseMove(view.viewport(), grip)
    assert not item.hasCursor()
    assert view.viewport().cursor().shape() == Qt.CursorShape.CrossCursor
