"""Freehand ink through real mouse and tablet events: pen, highlighter, eraser, undo, storage and what is on screen."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtWidgets import QApplication

from couplecanvas.canvas import BoardScene, BoardView
from couplecanvas.canvas.ink import LiveInk, StrokeItem, smooth, stroke_outline
from couplecanvas.canvas.tools import Tool
from couplecanvas.document import BoardDocument
from couplecanvas.domain.board import HIGHLIGHTER_COLOURS, INK_COLOURS, Board, Card, Stroke, StrokeKind
from couplecanvas.domain.sample import build_sample
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository


def ink_view(qtbot, board: Board | None = None, document: BoardDocument | None = None) -> BoardView:
    """A shown view at zoom 1 on a scene over a real document; scene point (0, 0) is near the top left."""
    document = document or BoardDocument(board or Board())
    view = BoardView()
    view.setScene(BoardScene(document))
    view.resize(1000, 700)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.resetTransform()
    view.centerOn(450, 300)
    return view


def at(view: BoardView, x: float, y: float) -> QPoint:
    return view.mapFromScene(QPointF(x, y))


def scene_point(view: BoardView, x: float, y: float) -> tuple[float, float]:
    """Where the viewport pixel nearest to board point (x, y) lands on the board."""
    point = view.mapToScene(at(view, x, y))
    return point.x(), point.y()


def wave(start: tuple[float, float] = (100, 200), count: int = 16) -> list[tuple[float, float]]:
    """Board points of a gentle wave drawn left to right."""
    x0, y0 = start
    return [(x0 + 12 * n, y0 + 30 * math.sin(n / 3)) for n in range(count)]


def mouse_line(qtbot, view: BoardView, points: list[tuple[float, float]]) -> None:
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=at(view, *points[0]))
    for point in points[1:]:
        qtbot.mouseMove(viewport, pos=at(view, *point))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=at(view, *points[-1]))


def stylus() -> QPointingDevice:
    caps = QInputDevice.Capability.Position | QInputDevice.Capability.Pressure
    return QPointingDevice("Test stylus", 4242, QInputDevice.DeviceType.Stylus, QPointingDevice.PointerType.Pen,
                           caps, 1, 2)


def tablet(view: BoardView, device: QPointingDevice, kind: QEvent.Type, x: float, y: float, pressure: float) -> bool:
    """Send one real tablet event to the viewport; True when the board took it."""
    local = QPointF(at(view, x, y))
    buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.TabletRelease else Qt.MouseButton.LeftButton
    event = QTabletEvent(kind, device, local, QPointF(view.viewport().mapToGlobal(local)), pressure, 0.0, 0.0, 0.0,
                         0.0, 0.0, Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton, buttons)
    QApplication.sendEvent(view.viewport(), event)
    return event.isAccepted()


def is_dark(colour: QColor) -> bool:
    return colour.lightness() < 110


def stroke_of(view: BoardView) -> Stroke:
    strokes = list(view.board_scene().document.board.strokes.values())
    assert len(strokes) == 1
    return strokes[0]


def live_items(view: BoardView) -> list[LiveInk]:
    return [item for item in view.board_scene().items() if isinstance(item, LiveInk)]


# -- pen ---------------------------------------------------------------------------------------------------------------
def test_a_mouse_line_is_one_stroke_and_one_undo_step(qtbot):
    view = ink_view(qtbot)
    scene = view.board_scene()
    document = scene.document
    qtbot.keyClick(view.viewport(), Qt.Key.Key_P)
    assert scene.tool is Tool.PEN
    scene.tools[Tool.PEN].colour = INK_COLOURS[1]
    scene.tools[Tool.PEN].width = 5.0
    points = wave()
    mouse_line(qtbot, view, points)
    stroke = stroke_of(view)
    assert stroke.kind is StrokeKind.PEN and stroke.colour == INK_COLOURS[1] and stroke.width == 5.0
    assert len(stroke.points) >= len(points) - 1
    # Smoothing never moves the ends: the line starts and stops exactly where the mouse did.
    assert stroke.points[0][:2] == scene_point(view, *points[0])
    assert stroke.points[-1][:2] == scene_point(view, *points[-1])
    # A mouse has no pressure: full in the middle, a gentle taper at both ends.
    pressures = [p for _, _, p in stroke.points]
    assert max(pressures) == pytest.approx(1.0)
    assert 0.3 < pressures[0] < 0.9 and 0.2 < pressures[-1] < 0.9
    assert document.undo_stack.count() == 1
    assert not live_items(view)
    assert set(scene.stroke_items) == {stroke.id}

    document.undo_stack.undo()
    assert not document.board.strokes and not scene.stroke_items
    assert not any(isinstance(item, StrokeItem) for item in scene.items())
    document.undo_stack.redo()
    assert document.board.strokes == {stroke.id: stroke}
    assert scene.stroke_items[stroke.id].isVisible()


def test_a_click_makes_a_dot(qtbot):
    view = ink_view(qtbot)
    scene = view.board_scene()
    scene.set_tool(Tool.PEN)
    scene.tools[Tool.PEN].width = 8.0
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at(view, 300, 300))
    stroke = stroke_of(view)
    assert len(stroke.points) == 1 and stroke.points[0][:2] == scene_point(view, 300, 300)
    assert scene.document.undo_stack.count() == 1
    image = view.viewport().grab().toImage()
    assert is_dark(image.pixelColor(at(view, 300, 300)))
    assert not is_dark(image.pixelColor(at(view, 300, 315)))


def test_the_line_shows_while_drawing_and_grows_without_rebuilding(qtbot):
    view = ink_view(qtbot)
    scene = view.board_scene()
    scene.set_tool(Tool.PEN)
    viewport = view.viewport()
    points = [(100 + 3 * n, 300 + 40 * math.sin(n / 15)) for n in range(200)]
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=at(view, *points[0]))
    bounds = set()
    for point in points[1:]:
        qtbot.mouseMove(viewport, pos=at(view, *point))
        (live,) = live_items(view)
        rect = live.boundingRect()
        bounds.add((rect.x(), rect.y(), rect.width(), rect.height()))
    # Each point adds a small piece and repaints only that; the item's bounds grow in rare big steps.
    assert len(bounds) <= 3
    assert not scene.document.board.strokes
    image = viewport.grab().toImage()
    assert all(is_dark(image.pixelColor(at(view, *point))) for point in points[10:190:20])
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=at(view, *points[-1]))
    assert not live_items(view)
    assert len(scene.document.board.strokes) == 1


def test_points_are_as_dense_on_screen_at_any_zoom(qtbot):
    counts = []
    for zoom in (1.0, 3.0):
        view = ink_view(qtbot)
        view.set_zoom(zoom)
        view.board_scene().set_tool(Tool.PEN)
        viewport = view.viewport()
        start = at(view, 300, 300)
        qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
        for n in range(1, 121):
            qtbot.mouseMove(viewport, pos=start + QPoint(2 * n, n % 3))
        qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(240, 0))
        counts.append(len(stroke_of(view).points))
    assert counts[0] == pytest.approx(counts[1], rel=0.1)


def test_switching_tools_mid_line_drops_it(qtbot):
    view = ink_view(qtbot)
    scene = view.board_scene()
    scene.set_tool(Tool.PEN)
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=at(view, 100, 100))
    qtbot.mouseMove(viewport, pos=at(view, 160, 130))
    assert live_items(view)
    qtbot.keyClick(viewport, Qt.Key.Key_Escape)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=at(view, 160, 130))
    assert scene.tool is Tool.SELECT
    assert not live_items(view) and not scene.document.board.strokes
    assert scene.document.undo_stack.count() == 0


def test_a_tablet_line_keeps_the_pressure_it_was_drawn_with(qtbot):
    view = ink_view(qtbot)
    scene = view.board_scene()
    scene.set_tool(Tool.PEN)
    device = stylus()
    points = wave((150, 250), 14)
    pressures = [0.15 + 0.8 * n / (len(points) - 1) for n in range(len(points))]
    assert tablet(view, device, QEvent.Type.TabletPress, *points[0], pressures[0])
    for point, pressure in zip(points[1:], pressures[1:]):
        assert tablet(view, device, QEvent.Type.TabletMove, *point, pressure)
    assert tablet(view, device, QEvent.Type.TabletRelease, *points[-1], 0.0)
    stroke = stroke_of(view)  # the tablet events were taken: no second line from mouse events made up by Qt
    stored = [p for _, _, p in stroke.points]
    assert stored[0] == pytest.approx(pressures[0]) and stored[-1] == pytest.approx(pressures[-1])
    assert stored == sorted(stored) and len(set(stored)) > 5
    # Within the view's 1 px frame: see test_a_tablet_line_starts_exactly_where_the_pen_touched.
    assert stroke.points[0][:2] == pytest.approx(scene_point(view, *points[0]), abs=1.01)
    assert stroke.points[-1][:2] == pytest.approx(scene_point(view, *points[-1]), abs=1.01)
    assert scene.document.undo_stack.count() == 1
    # Light pressure draws thinner: the outline is narrower at the light start than at the firm end.
    outline = stroke_outline(stroke.points, 10.0)
    (x0, y0, _), (x1, y1, _) = stroke.points[0], stroke.points[-1]
    assert not outline.contains(QPointF(x0, y0 + 4.0)) and outline.contains(QPointF(x1, y1 + 4.0))


def test_a_tablet_line_starts_exactly_where_the_pen_touched(qtbot):
    view = ink_view(qtbot)
    view.board_scene().set_tool(Tool.PEN)
    device = stylus()
    tablet(view, device, QEvent.Type.TabletPress, 200, 200, 0.5)
    tablet(view, device, QEvent.Type.TabletMove, 260, 230, 0.5)
    tablet(view, device, QEvent.Type.TabletRelease, 260, 230, 0.0)
    stroke = stroke_of(view)
    assert stroke.points[0][:2] == scene_point(view, 200, 200)
    assert stroke.points[-1][:2] == scene_point(view, 260, 230)


def test_with_the_select_tool_a_tablet_acts_as_a_mouse(qtbot):
    view = ink_view(qtbot)
    assert view.board_scene().tool is Tool.SELECT
    assert not tablet(view, stylus(), QEvent.Type.TabletPress, 100, 100, 0.5)
    assert not view.board_scene().document.board.strokes


# -- highlighter -------------------------------------------------------------------------------------------------------
def test_highlighter_is_broad_and_see_through(qtbot):
    view = ink_view(qtbot)
    scene = view.board_scene()
    scene.set_tool(Tool.PEN)
    mouse_line(qtbot, view, [(300, 150 + 10 * n) for n in range(21)])  # a dark vertical pen line first
    qtbot.keyClick(view.viewport(), Qt.Key.Key_H)
    assert scene.tool is Tool.HIGHLIGHTER
    scene.tools[Tool.HIGHLIGHTER].colour = HIGHLIGHTER_COLOURS[0]
    scene.tools[Tool.HIGHLIGHTER].width = 24.0
    mouse_line(qtbot, view, [(200 + 10 * n, 250) for n in range(21)])
    highlight = [s for s in scene.document.board.strokes.values() if s.kind is StrokeKind.HIGHLIGHTER]
    assert len(highlight) == 1 and len(scene.document.board.strokes) == 2
    assert highlight[0].width == 24.0 and highlight[0].colour == HIGHLIGHTER_COLOURS[0]
    assert scene.document.undo_stack.count() == 2
    image = view.viewport().grab().toImage()
    marked = image.pixelColor(at(view, 250, 258))  # inside the band, off the pen line
    assert marked.blue() < marked.red() - 40 and marked.lightness() > 150  # yellow, light
    assert not is_dark(image.pixelColor(at(view, 250, 270)))  # outside the band
    assert is_dark(image.pixelColor(at(view, 300, 250)))  # the pen line still shows through the highlight


def test_a_highlighter_click_still_leaves_a_mark(qtbot):
    view = ink_view(qtbot)
    scene = view.board_scene()
    scene.set_tool(Tool.HIGHLIGHTER)
    scene.tools[Tool.HIGHLIGHTER].colour = HIGHLIGHTER_COLOURS[2]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at(view, 400, 300))
    assert len(stroke_of(view).points) == 1
    marked = view.viewport().grab().toImage().pixelColor(at(view, 400, 300))
    assert marked.blue() > marked.red() + 20


# -- eraser ------------------------------------------------------------------------------------------------------------
def three_strokes() -> tuple[Board, Stroke, Stroke, Stroke]:
    board = Board()
    a = Stroke(tuple((200.0, 100.0 + 5 * n, 1.0) for n in range(40)), z=1)
    b = Stroke(tuple((300.0, 100.0 + 5 * n, 0.5) for n in range(40)), z=2, kind=StrokeKind.HIGHLIGHTER, width=18.0,
               colour=HIGHLIGHTER_COLOURS[1])
    c = Stroke(tuple((500.0, 100.0 + 5 * n, 1.0) for n in range(40)), z=3)
    for stroke in (a, b, c):
        board.add_stroke(stroke)
    return board, a, b, c


def test_one_wipe_over_two_strokes_is_one_undo_step(qtbot):
    board, a, b, c = three_strokes()
    view = ink_view(qtbot, board)
    scene = view.board_scene()
    document = scene.document
    qtbot.keyClick(view.viewport(), Qt.Key.Key_E)
    assert scene.tool is Tool.ERASER
    mouse_line(qtbot, view, [(150 + 20 * n, 200) for n in range(14)])  # across a and b, stopping short of c
    assert set(document.board.strokes) == {c.id}
    assert set(scene.stroke_items) == {c.id}
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert document.board.strokes == {a.id: a, b.id: b, c.id: c}
    assert all(item.isVisible() for item in scene.stroke_items.values())
    document.undo_stack.redo()
    assert set(document.board.strokes) == {c.id}


def test_a_quick_wipe_erases_what_lies_between_two_events(qtbot):
    board, a, b, c = three_strokes()
    view = ink_view(qtbot, board)
    scene = view.board_scene()
    scene.set_tool(Tool.ERASER)
    mouse_line(qtbot, view, [(150, 200), (420, 200)])  # one jump from left of a to right of b
    assert set(scene.document.board.strokes) == {c.id}
    assert scene.document.undo_stack.count() == 1


def test_erasing_where_there_is_no_ink_changes_nothing(qtbot):
    card = Card(text="words", x=100, y=100)
    board = Board()
    board.add_card(card)
    view = ink_view(qtbot, board)
    scene = view.board_scene()
    scene.set_tool(Tool.ERASER)
    mouse_line(qtbot, view, [(80 + 20 * n, 130) for n in range(20)])  # over the card and the empty board
    assert scene.document.undo_stack.count() == 0
    assert set(scene.document.board.cards) == {card.id} and not scene.document.board.strokes


def test_a_wipe_given_up_on_shows_the_strokes_again(qtbot):
    board, a, b, c = three_strokes()
    view = ink_view(qtbot, board)
    scene = view.board_scene()
    scene.set_tool(Tool.ERASER)
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=at(view, 180, 200))
    qtbot.mouseMove(viewport, pos=at(view, 220, 200))
    assert not scene.stroke_items[a.id].isVisible()  # gone from sight at once
    scene.set_tool(Tool.PEN)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=at(view, 220, 200))
    assert all(item.isVisible() for item in scene.stroke_items.values())
    assert len(scene.document.board.strokes) == 3 and scene.document.undo_stack.count() == 0


# -- select and move ---------------------------------------------------------------------------------------------------
def test_a_stroke_is_selected_and_dragged_as_one_step(qtbot):
    view = ink_view(qtbot)
    scene = view.board_scene()
    document = scene.document
    scene.set_tool(Tool.PEN)
    mouse_line(qtbot, view, [(200 + 10 * n, 300) for n in range(20)])
    before = stroke_of(view)
    qtbot.keyClick(view.viewport(), Qt.Key.Key_V)
    viewport = view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=at(view, 290, 302))
    assert scene.selected_stroke_ids() == [before.id]
    start = at(view, 290, 302)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for n in range(1, 9):
        qtbot.mouseMove(viewport, pos=start + QPoint(5 * n, 3 * n))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(40, 24))
    after = stroke_of(view)
    assert after.points == tuple((x + 40, y + 24, p) for x, y, p in before.points)
    assert document.undo_stack.count() == 2  # the line, then the move
    assert scene.stroke_items[after.id].pos() == QPointF(0, 0)  # the item went back to the origin, the line moved
    document.undo_stack.undo()
    assert stroke_of(view).points == before.points


# -- storage -----------------------------------------------------------------------------------------------------------
def assert_same_board(stored: Board, drawn: Board) -> None:
    """Equal boards, up to the float32 precision stroke points have on disk."""
    assert stored.cards == drawn.cards and stored.connectors == drawn.connectors
    assert set(stored.strokes) == set(drawn.strokes)
    for stroke_id, stroke in drawn.strokes.items():
        kept = stored.strokes[stroke_id]
        assert (kept.colour, kept.width, kept.kind, kept.z, kept.group_id) == (
            stroke.colour, stroke.width, stroke.kind, stroke.z, stroke.group_id)
        assert len(kept.points) == len(stroke.points)
        flat = [value for point in stroke.points for value in point]
        assert [value for point in kept.points for value in point] == pytest.approx(flat, rel=1e-6, abs=1e-5)


def test_strokes_are_saved_to_sqlite_and_reload_equal(qtbot, database_url):
    database = open_database(database_url)
    try:
        repository = Repository(database)
        _couple, session = repository.add_sample(build_sample())
        document = BoardDocument(repository.load_board(session.id), saver=repository)
        view = ink_view(qtbot, document=document)
        scene = view.board_scene()
        before = len(document.board.strokes)  # the sample's own lines (the cycle's waterline)
        scene.set_tool(Tool.PEN)
        mouse_line(qtbot, view, wave((-300, -200)))
        device = stylus()
        tablet(view, device, QEvent.Type.TabletPress, -300, -100, 0.2)
        for n in range(1, 10):
            tablet(view, device, QEvent.Type.TabletMove, -300 + 15 * n, -100 + 4 * n, 0.2 + 0.08 * n)
        tablet(view, device, QEvent.Type.TabletRelease, -165, -64, 0.0)
        scene.set_tool(Tool.HIGHLIGHTER)
        mouse_line(qtbot, view, [(-300 + 12 * n, -20.5) for n in range(12)])
        scene.set_tool(Tool.PEN)
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at(view, -100, -100))
        assert len(document.board.strokes) == before + 4
        assert document.flush()
        assert_same_board(repository.load_board(session.id), document.board)

        # An erase is saved too; a second connection to the file reads what is on disk.
        scene.set_tool(Tool.ERASER)
        mouse_line(qtbot, view, [(-310, -20.5), (-150, -20.5)])
        assert len(document.board.strokes) == before + 3
        assert all(s.kind is StrokeKind.PEN for s in document.board.strokes.values())
        assert document.flush()
        second = open_database(database_url, backup=False)
        try:
            assert_same_board(Repository(second).load_board(session.id), document.board)
        finally:
            second.dispose()
    finally:
        database.dispose()


# -- geometry ----------------------------------------------------------------------------------------------------------
def test_smoothing_keeps_the_ends_and_softens_the_corners():
    zigzag = [(10.0 * n, 20.0 * (n % 2), 0.2 + 0.05 * n) for n in range(12)]
    smoothed = smooth(zigzag)
    assert smoothed[0] == zigzag[0] and smoothed[-1] == zigzag[-1]
    assert len(smoothed) == len(zigzag)
    inner = [y for _, y, _ in smoothed[2:-2]]
    assert max(inner) < 20 and min(inner) > 0  # the corners are rounded off
    assert smooth(zigzag[:2]) == zigzag[:2] and smooth(zigzag[:1]) == zigzag[:1]


@pytest.mark.parametrize(
    "points",
    [
        [(0.0, 0.0, 1.0), (40.0, 80.0, 1.0), (80.0, 0.0, 0.5)],  # a sharp V
        [(20 * math.cos(t / 4) + t * 0.3, 20 * math.sin(t / 4), 1.0) for t in range(60)],  # loops crossing themselves
        [(3 * math.cos(t / 2) + t * 0.3, 3 * math.sin(t / 2), 1.0) for t in range(40)],  # curls tighter than the pen
    ],
    ids=["sharp-corner", "loops", "tight-curls"],
)
def test_the_outline_has_no_holes(points):
    width = 12.0
    outline = stroke_outline(points, width)
    dense = []
    for (ax, ay, _), (bx, by, _) in zip(points, points[1:]):
        dense += [QPointF(ax + (bx - ax) * k / 8, ay + (by - ay) * k / 8) for k in range(8)]
    assert all(outline.contains(point) for point in dense)  # the centre line is inked all along
    for x, y, p in (points[0], points[-1]):  # round ends, filled right to their rim
        reach = width * (0.35 + 0.65 * p) / 2 - 0.5
        for angle in map(math.radians, range(0, 360, 30)):
            assert outline.contains(QPointF(x + reach * math.cos(angle), y + reach * math.sin(angle)))
    far = points[0][0] + 40, points[0][1] - 40
    assert not outline.contains(QPointF(*far))


def test_a_damaged_point_is_left_out_of_the_drawing(qtbot):
    board = Board()
    stroke = Stroke(((100.0, 100.0, 1.0), (float("nan"), 120.0, 1.0), (160.0, 100.0, 1.0), (160.0, 100.0, 1.0)))
    board.add_stroke(stroke)
    view = ink_view(qtbot, board)
    item = view.board_scene().stroke_items[stroke.id]
    rect = item.boundingRect()
    assert rect.left() > 90 and rect.right() < 170
    assert is_dark(view.viewport().grab().toImage().pixelColor(at(view, 130, 100)))


def test_a_drawn_stroke_shows_dark_pixels_all_along(qtbot):
    view = ink_view(qtbot)
    scene = view.board_scene()
    scene.set_tool(Tool.PEN)
    points = wave((120, 300), 30)
    mouse_line(qtbot, view, points)
    stroke = stroke_of(view)
    image = view.viewport().grab().toImage()
    assert all(is_dark(image.pixelColor(at(view, x, y))) for x, y, _ in stroke.points[::3])
    assert not is_dark(image.pixelColor(at(view, 120, 360)))
