"""The scene mirrors the document; gestures on the view become document requests."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt

from couplecanvas.canvas import BoardView
from couplecanvas.canvas.items import CardItem, ConnectorItem
from couplecanvas.domain.board import Board, Card
from couplecanvas.domain.sample import build_sample


@pytest.fixture
def make_view(board_view):
    """A board view fitted to its content (see tests/canvas/conftest.py)."""

    def make(_qtbot, board: Board) -> BoardView:
        view = board_view(board)
        view.fit_to_content()
        return view

    return make


def test_items_follow_document_changes_and_undo(qtbot, make_view):
    view = make_view(qtbot, build_sample().board)
    scene = view.board_scene()
    document = scene.document
    cards, connectors = len(document.board.cards), len(document.board.connectors)
    assert cards > 1 and connectors > 1  # the sample board is a filled cycle
    assert len(scene.card_items) == cards and len(scene.connector_items) == connectors
    card_id = next(iter(document.board.cards))
    document.move_cards({card_id: (-400, -300)})
    assert scene.card_items[card_id].pos() == QPointF(-400, -300)
    # Each arrow touching the card starts or ends on its outline.
    for connector in document.board.connectors_of(card_id):
        path = scene.connector_items[connector.id].path()
        ends = [path.elementAt(0), path.elementAt(path.elementCount() - 1)]
        rect = document.board.cards[card_id].rect
        assert any(rect.adjusted(0.5).contains(e.x, e.y) for e in ends)
    document.remove([card_id])
    assert card_id not in scene.card_items
    assert len(scene.connector_items) == len(document.board.connectors)
    document.undo_stack.undo()
    assert card_id in scene.card_items
    assert len(scene.connector_items) == connectors


def test_delete_key_removes_the_selection_and_its_arrows_in_one_step(qtbot, make_view):
    view = make_view(qtbot, build_sample().board)
    scene = view.board_scene()
    card_id = next(iter(scene.document.board.cards))
    item = scene.card_items[card_id]
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(item.sceneBoundingRect().center())
    )
    assert scene.selected_card_ids() == [card_id]
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Delete)
    assert card_id not in scene.document.board.cards
    assert scene.document.undo_stack.count() == 1
    assert not any(isinstance(i, CardItem) and i.card_id == card_id for i in scene.items())


def test_select_two_cards_and_link_them_with_l(qtbot, make_view):
    board = Board()
    a, b = Card(text="one", x=0, y=0), Card(text="two", x=400, y=0)
    board.add_card(a)
    board.add_card(b)
    view = make_view(qtbot, board)
    scene = view.board_scene()
    viewport = view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=view.mapFromScene(100, 45))
    qtbot.mouseClick(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, pos=view.mapFromScene(500, 45)
    )
    assert set(scene.selected_card_ids()) == {a.id, b.id}
    qtbot.keyClick(viewport, Qt.Key.Key_L)
    assert len(scene.document.board.connectors) == 1
    assert len([i for i in scene.items() if isinstance(i, ConnectorItem)]) == 1


def test_editing_keeps_words_on_escape_and_merges_nothing_when_unchanged(qtbot, make_view):
    board = Board()
    card = Card(text="old words", x=0, y=0)
    board.add_card(card)
    view = make_view(qtbot, board)
    scene = view.board_scene()
    viewport = view.viewport()
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=view.mapFromScene(100, 45))
    assert scene.editing_card_id == card.id
    qtbot.keyClick(viewport, Qt.Key.Key_Escape)
    assert scene.document.undo_stack.count() == 0
    scene.select_only([card.id])
    qtbot.keyClick(viewport, Qt.Key.Key_F2)
    qtbot.keyClicks(viewport, "new words")
    qtbot.keyClick(viewport, Qt.Key.Key_Escape)
    assert scene.document.board.cards[card.id].text == "new words"
    assert scene.document.undo_stack.count() == 1


def test_an_empty_board_paints_a_quiet_background(qtbot, make_view):
    view = make_view(qtbot, Board())
    image = view.grab().toImage()
    assert not image.isNull()
    centre = image.pixelColor(image.width() // 2, image.height() // 2)
    assert centre.lightness() > 200
