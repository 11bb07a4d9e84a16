"""Distributing cards leaves no float dust: two cards meant to sit on one another do, on screen and on the board, so
the arrow between them runs the same course on screen as the PDF draws (a case the random edits found)."""

from __future__ import annotations

from couplecanvas.canvas.arrange import distributed
from couplecanvas.canvas.scene import BoardScene
from couplecanvas.document import BoardDocument
from couplecanvas.domain.board import Board, Card
from couplecanvas.domain.geometry import Rect, RectIndex, arrow_course


def test_distributed_corners_carry_no_dust():
    rects = {"top": Rect(0.0, -61.0, 20.0, 20.0), "a": Rect(0.0, 0.0, 20.0, 20.0), "b": Rect(24.0, 24.0, 20.0, 20.0),
             "c": Rect(24.0, 24.0, 20.0, 20.0)}
    corners = distributed(rects, horizontal=False)
    assert sorted(y for _x, y in corners.values()) == [-61.0, -32.666667, -4.333333, 24.0]


def test_the_arrow_between_two_stacked_cards_runs_the_same_course_after_distributing(qapp):
    board = Board(session_id=1)
    lonely = Card(text="lonely", x=0.0, y=0.0, width=20.0, height=20.0)
    unseen = Card(text="unseen", x=0.0, y=-61.0, width=20.0, height=20.0)
    # Three cards pasted on one spot: distributing two of them moves the second down by a sum of thirds.
    stacked = [Card(text=words, x=24.0, y=24.0, width=20.0, height=20.0)
               for words in ("pulls away", "pushes harder", "goes quiet")]
    for z, card in enumerate([lonely, unseen, *stacked], start=1):
        card.z = float(z)
        board.add_card(card)
    document = BoardDocument(board)
    scene = BoardScene(document)
    arrow_id = document.add_connector(stacked[2].id, stacked[1].id, "")
    scene.select_only([lonely.id, unseen.id, stacked[0].id, stacked[1].id])
    scene.distribute_selection(False)
    assert document.board.cards[stacked[1].id].y == 24.0  # it was meant to stay on its row: it does, exactly

    index = RectIndex()
    for card in document.board.cards.values():
        index.put(card.id, card.rect)
    arrow = document.board.connectors[arrow_id]
    source, target = document.board.cards[arrow.source_id], document.board.cards[arrow.target_id]
    course = arrow_course(source.rect, target.rect, arrow.curved, index, (source.id, target.id))
    first = scene.connector_items[arrow_id].path().elementAt(0)
    assert (first.x, first.y) == course.start
