"""A cycle typed from the keyboard stays on one screen and its closing arrow is seen; N never covers a card."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt

from couplecanvas.canvas.tools import Tool
from couplecanvas.domain.board import Board, Card, Connector

VIEW_SIZE = (1200, 800)  # the test view's size: a cycle fits in a screen this size


def board_of(*cards: Card, connectors=()) -> Board:
    board = Board()
    for card in cards:
        board.add_card(card)
    for connector in connectors:
        board.add_connector(connector)
    return board


def centre(view, card: Card) -> QPoint:
    return view.mapFromScene(QPointF(card.x + card.width / 2, card.y + card.height / 2))


def rect(card: Card) -> QRectF:
    return QRectF(card.x, card.y, card.width, card.height)


def type_cycle(qtbot, view, n: int) -> list[str]:
    """N, then "step 1", Tab, "step 2", ... "step n", Enter: the card ids in order."""
    viewport = view.viewport()
    qtbot.keyClick(viewport, Qt.Key.Key_N)
    for step in range(1, n + 1):
        qtbot.keyClicks(viewport, f"step {step}")
        qtbot.keyClick(viewport, Qt.Key.Key_Tab if step < n else Qt.Key.Key_Return)
    by_text = {c.text: c.id for c in view.board_scene().document.board.cards.values()}
    return [by_text[f"step {step}"] for step in range(1, n + 1)]


def pick_target(qtbot, view, card_id: str) -> None:
    """During a keyboard link pick, press arrow keys toward a card, as one watching the highlight would."""
    scene, board = view.board_scene(), view.board_scene().document.board
    keys = {(-1, 0): Qt.Key.Key_Left, (1, 0): Qt.Key.Key_Right, (0, -1): Qt.Key.Key_Up, (0, 1): Qt.Key.Key_Down}
    for _ in range(12):
        if scene.link_target_id == card_id:
            return
        there = next((d for d in keys if scene.neighbour(scene.link_target_id, *d) == card_id), None)
        if there is None:
            (x, y), (tx, ty) = board.cards[scene.link_target_id].rect.center, board.cards[card_id].rect.center
            there = ((tx > x) - (tx < x), 0) if abs(tx - x) >= abs(ty - y) else (0, (ty > y) - (ty < y))
        qtbot.keyClick(view.viewport(), keys[there])


def cards_the_arrow_runs_through(scene, connector_id: str) -> list[str]:
    """The cards (other than the arrow's own two) whose inside the arrow's drawn path enters."""
    connector = scene.document.board.connectors[connector_id]
    path = scene.connector_items[connector_id].path()
    points = [path.pointAtPercent(n / 400) for n in range(401)]
    hit = []
    for card in scene.document.board.cards.values():
        if card.id in (connector.source_id, connector.target_id):
            continue
        inside = rect(card).adjusted(1, 1, -1, -1)
        if any(inside.contains(p) for p in points):
            hit.append(card.text)
    return hit


def assert_laid_out_on_one_screen(board: Board) -> None:
    cards = list(board.cards.values())
    for a, b in itertools.combinations(cards, 2):
        assert not rect(a).intersects(rect(b)), (a.text, b.text)
    area = QRectF()
    for card in cards:
        area = area.united(rect(card))
    assert area.width() <= VIEW_SIZE[0] and area.height() <= VIEW_SIZE[1], area


@pytest.mark.parametrize("n", [3, 4, 5, 6, 7, 8])
def test_a_cycle_closed_with_l_shows_its_closing_arrow_clear_of_the_other_cards(board_view, qtbot, n):
    view = board_view()
    scene = view.board_scene()
    ids = type_cycle(qtbot, view, n)
    board = scene.document.board
    assert len(board.connectors) == n - 1
    assert_laid_out_on_one_screen(board)
    # The last card is in sight (Tab scrolls the view along).
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(rect(board.cards[ids[-1]]))
    # Close the loop: the last card, then Shift+click the first, and L.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre(view, board.cards[ids[-1]]))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                     pos=centre(view, board.cards[ids[0]]))
    assert scene.selected_card_ids() == [ids[-1], ids[0]]
    qtbot.keyClick(view.viewport(), Qt.Key.Key_L)
    closing = next(c for c in board.connectors.values() if (c.source_id, c.target_id) == (ids[-1], ids[0]))
    assert cards_the_arrow_runs_through(scene, closing.id) == []
    # Every arrow of the loop is clear of the cards it does not join: the couple sees a cycle, not a line.
    for connector in board.connectors.values():
        assert cards_the_arrow_runs_through(scene, connector.id) == [], connector
    assert len(board.connectors) == n


@pytest.mark.parametrize("n", [3, 5, 8])
def test_a_cycle_closed_with_the_ctrl_l_pick_is_seen_too(board_view, qtbot, n):
    view = board_view()
    scene = view.board_scene()
    ids = type_cycle(qtbot, view, n)
    assert scene.selected_card_ids() == [ids[-1]]
    qtbot.keyClick(view.viewport(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    pick_target(qtbot, view, ids[0])
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    board = scene.document.board
    closing = next(c for c in board.connectors.values() if (c.source_id, c.target_id) == (ids[-1], ids[0]))
    assert cards_the_arrow_runs_through(scene, closing.id) == []
    scene.document.undo_stack.undo()  # the arrow is one step of its own
    assert not board.has_connector(ids[-1], ids[0]) and len(board.connectors) == n - 1


def test_an_arrow_whose_straight_line_runs_under_a_card_is_curved_around_it(board_view, qtbot):
    a, b, c = Card(text="a", x=0, y=0), Card(text="b", x=300, y=30), Card(text="c", x=600, y=0)
    view = board_view(board_of(a, b, c))
    scene = view.board_scene()
    scene.set_tool(Tool.CONNECT)
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=centre(view, c))
    for n in range(1, 7):
        qtbot.mouseMove(viewport, pos=centre(view, c) + (centre(view, a) - centre(view, c)) * (n / 6))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=centre(view, a))
    (arrow,) = scene.document.board.connectors.values()
    assert (arrow.source_id, arrow.target_id) == (c.id, a.id)
    assert arrow.curved  # straight, it would have run under "b"
    assert cards_the_arrow_runs_through(scene, arrow.id) == []
    # Nothing in the way: a straight arrow.
    scene.set_tool(Tool.SELECT)
    scene.select_only([a.id, b.id])
    qtbot.keyClick(viewport, Qt.Key.Key_L)
    assert not next(x for x in scene.document.board.connectors.values() if x.source_id == a.id).curved


def test_an_arrow_back_between_two_cards_is_curved_so_both_show(board_view, qtbot):
    a, b = Card(text="a", x=0, y=0), Card(text="b", x=400, y=0)
    there = Connector(a.id, b.id)
    view = board_view(board_of(a, b, connectors=[there]))
    scene = view.board_scene()
    scene.select_only([b.id, a.id])
    qtbot.keyClick(view.viewport(), Qt.Key.Key_L)
    back = next(c for c in scene.document.board.connectors.values() if c.source_id == b.id)
    assert back.curved and not there.curved
    middle_there = scene.connector_items[there.id].path().pointAtPercent(0.5)
    middle_back = scene.connector_items[back.id].path().pointAtPercent(0.5)
    assert abs(middle_there.y() - middle_back.y()) > 20  # two arrows apart, not one line on top of the other


def test_n_never_drops_a_card_on_another(board_view, qtbot):
    view = board_view()
    scene = view.board_scene()
    viewport = view.viewport()
    for word in ("one", "two", "three", "four", "five"):
        qtbot.keyClick(viewport, Qt.Key.Key_Escape)  # nothing selected: the new card goes to the view's centre
        qtbot.keyClick(viewport, Qt.Key.Key_Escape)
        assert scene.selected_card_ids() == []
        qtbot.keyClick(viewport, Qt.Key.Key_N)
        qtbot.keyClicks(viewport, word)
        qtbot.keyClick(viewport, Qt.Key.Key_Return)
    board = scene.document.board
    assert sorted(c.text for c in board.cards.values()) == ["five", "four", "one", "three", "two"]
    for a, b in itertools.combinations(board.cards.values(), 2):
        assert not rect(a).intersects(rect(b)), (a.text, b.text)


def test_n_below_a_selected_card_goes_past_a_card_already_there(board_view, qtbot):
    top, below = Card(text="top", x=100, y=100), Card(text="below", x=100, y=260)
    view = board_view(board_of(top, below))
    scene = view.board_scene()
    scene.select_only([top.id])
    qtbot.keyClick(view.viewport(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # a pick, then Esc: no change
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Escape)
    view.new_card()
    qtbot.keyClicks(view.viewport(), "new")
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    board = scene.document.board
    new = next(c for c in board.cards.values() if c.text == "new")
    assert not rect(new).intersects(rect(board.cards[below.id])) and not rect(new).intersects(rect(board.cards[top.id]))
    assert new.y > top.y
