"""The two gestures of benchmarks/canvas.py: dragging a card with its connectors, and drawing one pen stroke.

Each runs on the app's open board and on the raw floor, one step at a time, and after every step runs the event loop
until the view has painted: the region Qt itself marks dirty, as during a real gesture. `report` is canvas.Report.
"""

from __future__ import annotations

import math
import random
import time

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtTest import QTest

import _canvas_board as boards
import _canvas_scenes as scenes
from _canvas_scenes import timed_steps
from couplecanvas.canvas.tools import Tool

DRAG_RADIUS_PX = 150.0  # the drag goes round a circle of this radius on screen, back to where it started
PEN_POINTS = 200
PEN_STEP_PX = (2.5, 4.5)


# -- 3. drag ---------------------------------------------------------------------------------------------------------


def circle_offsets(steps: int, zoom: float) -> list[QPointF]:
    """Scene offsets from the start, round a circle of DRAG_RADIUS_PX on screen (200 steps make a full turn)."""
    offsets = []
    for i in range(1, steps + 1):
        angle = 2 * math.pi * i / 200
        offsets.append(QPointF(DRAG_RADIUS_PX * math.sin(angle) / zoom, DRAG_RADIUS_PX * (1 - math.cos(angle)) / zoom))
    return offsets


def press_point(app, card_id: str) -> QPoint | None:
    """A viewport pixel where the card is the topmost item (ink may lie over parts of it)."""
    item = app.scene.card_items[card_id]
    rect = app.view.mapFromScene(item.sceneBoundingRect()).boundingRect()
    centre = rect.center()
    inside = (
        QPoint(x, y) for x in range(rect.left() + 2, rect.right() - 1) for y in range(rect.top() + 2, rect.bottom() - 1)
    )
    candidates = sorted(inside, key=lambda p: (p - centre).manhattanLength())
    for point in candidates:
        if app.view.itemAt(point) is item:
            return point
    return None


def connector_ends(app, connector_id: str) -> tuple[float, float, float, float]:
    path = app.scene.connector_items[connector_id].path()
    first, last = path.elementAt(0), path.elementAt(path.elementCount() - 1)
    return (first.x, first.y, last.x, last.y)


def measure_drag(report, steps: int, mouse_steps: int, bench, app, floor):
    card_id = bench["drag_card_id"]
    connector_ids = bench["drag_connector_ids"]
    item = app.scene.card_items[card_id]
    rect = floor.rects[card_id]
    offsets = circle_offsets(steps, app.view.zoom)
    lengths = [math.dist(connector_ends(app, c)[:2], connector_ends(app, c)[2:]) for c in connector_ids]
    print(
        f"  dragged card: {len(connector_ids)} connectors, on screen "
        f"{', '.join(f'{x * app.view.zoom:.0f}' for x in lengths)} px long; {steps} steps round a "
        f"{DRAG_RADIUS_PX:.0f} px circle at zoom {app.view.zoom:.4f}",
        flush=True,
    )
    app.scene.clearSelection()

    # Floor first, then the app, each alone on screen.
    scenes.show_painted(floor.view)
    floor_start = rect.pos()

    def floor_step(offset: QPointF) -> None:
        rect.setPos(floor_start + offset)
        floor.relink(connector_ids)

    floor_wall, floor_cpu, floor_area, floor_missed = timed_steps(floor.view, offsets, floor_step)
    rect.setPos(floor_start)
    floor.relink(connector_ids)
    floor.view.hide()
    scenes.settle()
    if floor_missed:
        report.problem(f"floor drag: {floor_missed} of {steps} steps did not paint exactly once")

    scenes.show_painted(app.view)
    start = item.pos()
    long_id = bench["long_connector_ids"][0]
    ends_before = connector_ends(app, long_id)
    probe_at = offsets[len(offsets) // 4]  # a quarter of the way round, the card is well away from its start
    ends_during = ends_before

    def app_step(offset: QPointF) -> None:
        nonlocal ends_during
        item.setPos(start + offset)
        if offset is probe_at:
            ends_during = connector_ends(app, long_id)

    # What the app does on the first move of a drag on a big board: snapshot the still items (one-off cost).
    began = time.perf_counter()
    app.scene.begin_drag_preview([item])
    scenes.settle()
    print(
        f"  app: drag start (snapshot of the still board, once per drag): "
        f"{(time.perf_counter() - began) * 1000:.0f} ms",
        flush=True,
    )
    with report.profiled("drag"):
        app_wall, app_cpu, app_area, app_missed = timed_steps(app.view, offsets, app_step)
    app.scene.end_drag_preview()
    item.setPos(start)
    scenes.settle()
    if app_missed:
        report.problem(f"app drag: {app_missed} of {steps} steps did not paint exactly once")
    report.check(
        ends_during != ends_before and connector_ends(app, long_id) == ends_before,
        "the long connector followed the card during the drag and came back with it",
        f"the long connector did not follow the card: {ends_before} -> {ends_during}",
    )

    # Real mouse events: press on the card, move round the same circle on screen, release where it started.
    viewport = app.view.viewport()
    pressed_at = press_point(app, card_id)
    mouse_wall: list[float] = []
    if pressed_at is None:
        report.problem("mouse drag: no pixel of the dragged card is uncovered by ink; skipped")
        return app_wall, app_cpu, app_area, floor_wall, floor_cpu, floor_area, mouse_wall
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pressed_at)
    scenes.settle()
    moved = [0.0]
    points = [
        pressed_at + QPoint(round(DRAG_RADIUS_PX * math.sin(2 * math.pi * i / 200)),
                            round(DRAG_RADIUS_PX * (1 - math.cos(2 * math.pi * i / 200))))
        for i in range(1, mouse_steps + 1)
    ]

    def mouse_step(point: QPoint) -> None:
        QTest.mouseMove(viewport, point)

    def record_and_move(point: QPoint) -> None:
        mouse_step(point)
        moved[0] = max(moved[0], math.dist((item.pos().x(), item.pos().y()), (start.x(), start.y())))

    mouse_wall, _cpu, _area, mouse_missed = timed_steps(app.view, points, record_and_move)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1])
    scenes.settle()
    app.document.flush()
    expected = DRAG_RADIUS_PX * 0.5 / app.view.zoom
    report.check(
        item.isSelected() and moved[0] > expected and not mouse_missed,
        f"the mouse drag selected the card and moved it up to {moved[0]:.0f} board units; every move painted once",
        f"the mouse drag did not move the card as expected (selected {item.isSelected()}, moved {moved[0]:.0f} units, "
        f"{mouse_missed} moves without exactly one paint)",
    )
    # Put the card back where it was, as one more command, and save, so later steps see the board as generated.
    board_card = app.document.board.cards[card_id]
    if (board_card.x, board_card.y) != (start.x(), start.y()):
        app.document.move_cards({card_id: (start.x(), start.y())})
    app.scene.clearSelection()
    app.document.flush()
    scenes.settle()
    return app_wall, app_cpu, app_area, floor_wall, floor_cpu, floor_area, mouse_wall


# -- 4. pen ----------------------------------------------------------------------------------------------------------


def pen_path(view) -> list[tuple[QPointF, float]]:
    """A smooth random walk on screen, 2.5-4.5 px a point, with drifting pressure, mapped to board points."""
    rng = random.Random(boards.SEED)
    centre = scenes.visible_rect(view).center()
    zoom = view.zoom
    x = y = 0.0
    heading = rng.uniform(0.0, 2 * math.pi)
    turn = 0.0
    pressure = 0.5
    points = []
    for _ in range(PEN_POINTS):
        points.append((QPointF(centre.x() + x / zoom, centre.y() + y / zoom), round(pressure, 3)))
        turn = 0.8 * turn + rng.gauss(0.0, 0.08)
        heading += turn
        step = rng.uniform(*PEN_STEP_PX)
        x += step * math.cos(heading)
        y += step * math.sin(heading)
        pressure = min(1.0, max(0.2, pressure + rng.gauss(0.0, 0.04)))
    return points


def measure_pen(report, app, floor):
    points = pen_path(app.view)

    scenes.show_painted(floor.view)
    pen = QPen(QColor("#1f1f1f"), 3.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    state: dict[str, object] = {}

    def floor_point(index: int) -> None:
        pos = points[index][0]
        if index == 0:
            state["path"] = QPainterPath(pos)
            preview = floor.scene.addPath(state["path"], pen)
            preview.setZValue(1e9)
            state["item"] = preview
        else:
            state["path"].lineTo(pos)
            state["item"].setPath(state["path"])

    floor_wall, _c, floor_area, floor_missed = timed_steps(floor.view, range(len(points)), floor_point)
    floor.scene.removeItem(state["item"])
    floor.view.hide()
    scenes.settle()
    if floor_missed:
        report.problem(f"floor pen: {floor_missed} of {len(points)} points did not paint exactly once")

    scenes.show_painted(app.view)
    app.scene.set_tool(Tool.PEN)
    scenes.settle()
    strokes_before = len(app.document.board.strokes)

    def app_point(index: int) -> None:
        pos, pressure = points[index]
        app.scene.tablet_event("press" if index == 0 else "move", pos, pressure)

    with report.profiled("pen"):
        app_wall, app_cpu, app_area, app_missed = timed_steps(app.view, range(len(points)), app_point)
        release_wall, _c, release_area, _m = timed_steps(
            app.view, [points[-1]], lambda point: app.scene.tablet_event("release", point[0], point[1])
        )
    if app_missed:
        report.problem(f"app pen: {app_missed} of {len(points)} points did not paint exactly once")
    added = list(app.document.board.strokes.values())[-1]
    kept = len(added.points) if len(app.document.board.strokes) > strokes_before else 0
    t0 = time.perf_counter()
    saved = app.document.flush()
    save_ms = (time.perf_counter() - t0) * 1e3
    report.check(
        len(app.document.board.strokes) == strokes_before + 1 and saved and kept >= PEN_POINTS * 0.9,
        f"the stroke was added to the board with {kept} points and saved ({save_ms:.0f} ms)",
        f"the pen stroke did not land: {len(app.document.board.strokes) - strokes_before} strokes added, "
        f"{kept} points, saved={saved}",
    )
    app.document.undo_stack.undo()  # leave the board as generated
    app.document.flush()
    app.scene.set_tool(Tool.SELECT)
    scenes.settle()
    return app_wall, app_cpu, app_area, floor_wall, floor_area, (release_wall[0], release_area[0]), save_ms
