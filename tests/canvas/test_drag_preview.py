"""On a big board a drag paints over a snapshot of the still items; afterwards everything is back as it was."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt

from couplecanvas.canvas.items import CardItem
from couplecanvas.domain.board import Board, Card, Connector


def big_board() -> Board:
    board = Board()
    for n in range(450):
        board.add_card(Card(text=f"card {n}", x=(n % 30) * 240, y=(n // 30) * 130, z=n + 1))
    ids = list(board.cards)
    for a, b in zip(ids, ids[1:]):
        board.add_connector(Connector(a, b))
    return board


def test_a_drag_on_a_big_board_uses_the_snapshot_and_restores_everything(board_view, qtbot):
    view = board_view(big_board())
    view.fit_to_content()
    scene = view.board_scene()
    card_id = list(scene.document.board.cards)[40]
    card = scene.document.board.cards[card_id]
    start = view.mapFromScene(QPointF(card.x + card.width / 2, card.y + card.height / 2))
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, pos=start + QPoint(10, 5))
    qtbot.mouseMove(viewport, pos=start + QPoint(20, 10))
    assert scene._frozen, "the still items should be frozen into the snapshot"
    assert view._snapshot is not None
    moving = scene.card_items[card_id]
    assert moving.isVisible()
    still = scene.card_items[list(scene.document.board.cards)[0]]
    assert still.scene() is None  # out of the scene for the drag: no view's paint looks at it
    image = viewport.grab().toImage()  # the still board is still on screen, from the snapshot
    far_card = scene.document.board.cards[list(scene.document.board.cards)[0]]
    probe = view.mapFromScene(QPointF(far_card.x + 3, far_card.y + 3))
    assert image.pixelColor(probe).lightness() < 250
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(20, 10))
    assert not scene._frozen and view._snapshot is None
    assert all(item.opacity() == 1 for item in scene.items() if isinstance(item, CardItem))
    items = [*scene.card_items.values(), *scene.connector_items.values()]
    assert all(item.scene() is scene for item in items)  # every item is back, in step with the document
    assert len([i for i in scene.items() if isinstance(i, CardItem)]) == len(scene.document.board.cards)
    assert [i.zValue() for i in scene.items() if isinstance(i, CardItem)] == sorted(
        (c.z for c in scene.document.board.cards.values()), reverse=True)  # stacked as before
    moved = scene.document.board.cards[card_id]
    assert (moved.x, moved.y) != (card.x, card.y)
    assert scene.document.undo_stack.count() == 1


def test_a_small_board_drags_without_a_snapshot(board_view, qtbot):
    board = Board()
    card = Card(text="one", x=0, y=0)
    board.add_card(card)
    view = board_view(board)
    scene = view.board_scene()
    start = view.mapFromScene(QPointF(100, 45))
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), pos=start + QPoint(30, 0))
    assert not scene._frozen and view._snapshot is None
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(30, 0))


def test_a_selected_arrow_stays_selected_through_a_big_drag_and_a_card_deleted_meanwhile_stays_gone(board_view, qtbot):
    view = board_view(big_board())
    view.fit_to_content()
    scene = view.board_scene()
    ids = list(scene.document.board.cards)
    card_id = ids[40]
    far_arrow = next(iter(scene.connector_items))
    card = scene.document.board.cards[card_id]
    start = view.mapFromScene(QPointF(card.x + card.width / 2, card.y + card.height / 2))
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    scene.connector_items[far_arrow].setSelected(True)
    order = list(scene.selection_order)
    qtbot.mouseMove(viewport, pos=start + QPoint(10, 5))
    qtbot.mouseMove(viewport, pos=start + QPoint(25, 10))
    assert scene._frozen
    gone = ids[200]
    scene.document.remove([gone], [], [])  # the other window's Delete, say, while this drag runs
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(25, 10))
    assert scene.connector_items[far_arrow].isSelected() and scene.selection_order == order
    assert gone not in scene.card_items
    assert len([i for i in scene.items() if isinstance(i, CardItem)]) == len(scene.document.board.cards)


def test_the_moving_cards_arrows_are_routed_again_where_the_drag_ends(board_view, qtbot):
    board = big_board()
    ids = list(board.cards)
    card_id, far = ids[40], ids[100]
    board.add_connector(Connector(card_id, far))  # an arrow down the column, under the card between them
    view = board_view(board)
    view.fit_to_content()
    scene = view.board_scene()
    scene.finish_routing()  # a big board routes its arrows a few at a time after it opens: all of them, now
    card = scene.document.board.cards[card_id]
    start = view.mapFromScene(QPointF(card.x + card.width / 2, card.y + card.height / 2))
    viewport = view.viewport()
    centre = QPointF(card.x + card.width / 2, card.y + card.height / 2)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, pos=view.mapFromScene(centre + QPointF(10, 4)))
    end = view.mapFromScene(centre + QPointF(30, 10))  # a small move: the arrow still runs down the column
    qtbot.mouseMove(viewport, pos=end)
    assert scene._frozen
    long_arrow = next(
        c for c in scene.document.board.connectors.values() if (c.source_id, c.target_id) == (card_id, far)
    )
    item = scene.connector_items[long_arrow.id]
    assert item.path().elementCount() == 2  # straight while it moves: routing it at every step would cost the drag
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    moved = scene.document.board.cards[card_id]
    source, target = moved.rect, scene.document.board.cards[far].rect
    course = scene.arrow_course_of(long_arrow, source, target)
    assert course.routed and item.path().elementCount() > 2  # where it landed, it goes around the cards again


def test_a_big_board_opens_with_straight_arrows_and_routes_them_right_after(board_view, qtbot):
    board = big_board()
    ids = list(board.cards)
    board.add_connector(Connector(ids[40], ids[100]))  # down the column, under the card between them
    view = board_view(board)
    scene = view.board_scene()
    arrow = next(
        c for c in scene.document.board.connectors.values() if (c.source_id, c.target_id) == (ids[40], ids[100])
    )
    item = scene.connector_items[arrow.id]
    assert scene._unrouted and item.path().elementCount() == 2  # the first picture does not wait for the routing
    qtbot.waitUntil(lambda: not scene._unrouted, timeout=10000)  # a few arrows between paints
    assert item.path().elementCount() > 2
