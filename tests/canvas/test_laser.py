"""The laser pointer: a real drag leaves a fading trail in every view of the scene; the board never changes."""

from __future__ import annotations

import copy

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGraphicsView

from couplecanvas.canvas.laser import LASER_COLOUR, LaserTrail
from couplecanvas.canvas.tools import Tool
from couplecanvas.domain.board import Board, Card, Connector


def trails(scene) -> list[LaserTrail]:
    return [item for item in scene.items() if isinstance(item, LaserTrail)]


def near(colour: QColor, target: QColor, tolerance: int) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour.getRgb()[:3], target.getRgb()[:3]))


def second_view(qtbot, scene) -> QGraphicsView:
    """Another window's view on the same scene, as the share window has (a plain QGraphicsView: any view will do)."""
    view = QGraphicsView(scene)
    view.setRenderHints(QPainter.RenderHint.Antialiasing)
    view.resize(640, 420)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.centerOn(400, 250)
    return view


def test_a_laser_drag_shows_a_fading_trail_in_every_view_and_changes_nothing(board_view, qtbot):
    board = Board()
    a, b = Card(text="alone", x=100, y=100), Card(text="hurt", x=500, y=100)
    board.add_card(a)
    board.add_card(b)
    board.add_connector(Connector(a.id, b.id))
    view = board_view(board)
    scene = view.board_scene()
    document = scene.document
    before = copy.deepcopy(document.board)
    shared = second_view(qtbot, scene)
    viewport = view.viewport()

    qtbot.keyClick(viewport, Qt.Key.Key_K)
    assert scene.tool is Tool.LASER
    # A real drag: from the empty board, across the first card, to a point between the cards.
    path = [QPointF(60, 300), QPointF(200, 145), QPointF(330, 150), QPointF(420, 250)]
    start = view.mapFromScene(path[0])
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for there in path[1:]:
        here = view.mapFromScene(there)
        for n in range(1, 9):
            qtbot.mouseMove(viewport, pos=start + (here - start) * (n / 8))
        start = here
    assert len(trails(scene)) == 1
    trail = trails(scene)[0]
    assert len(trail.points) >= 10
    # Still pressed: the other view paints the trail where the pointer is, in the laser's colour.
    tip = shared.mapFromScene(path[-1])
    picture = shared.viewport().grab().toImage()
    assert near(picture.pixelColor(tip), LASER_COLOUR, 40), picture.pixelColor(tip).name()
    far = picture.pixelColor(tip + QPoint(0, 60))
    assert not near(far, LASER_COLOUR, 80)  # only the trail is red, not the board around it
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=view.mapFromScene(path[-1]))

    # Nothing on the board changed, nothing is on the undo stack or waiting to be saved, nothing got selected.
    assert document.undo_stack.count() == 0 and not document.has_unsaved_changes
    assert document.board == before
    assert scene.selectedItems() == []
    # It fades by itself: within about a second the trail item is gone and its timer has stopped.
    qtbot.waitUntil(lambda: not trails(scene), timeout=3000)
    assert not scene.tools[Tool.LASER].showing
    picture = shared.viewport().grab().toImage()
    assert not near(picture.pixelColor(tip), LASER_COLOUR, 80)
    assert document.undo_stack.count() == 0 and document.board == before


def test_switching_tool_mid_trail_lets_the_trail_fade_as_usual(board_view, qtbot):
    view = board_view()
    scene = view.board_scene()
    scene.set_tool(Tool.LASER)
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=QPoint(300, 300))
    qtbot.mouseMove(viewport, pos=QPoint(400, 320))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=QPoint(400, 320))
    assert trails(scene)
    qtbot.keyClick(viewport, Qt.Key.Key_V)
    assert scene.tool is Tool.SELECT
    qtbot.waitUntil(lambda: not trails(scene), timeout=3000)
    assert scene.document.undo_stack.count() == 0 and not scene.document.board.cards
