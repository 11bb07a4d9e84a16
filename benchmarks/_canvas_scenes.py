"""Opening the big board two ways for benchmarks/canvas.py: through Couple Canvas, and as the raw floor.

App: `Repository.load_board` -> `BoardDocument` -> `BoardScene` -> a `BoardView` shown, fitted and painted once.
Floor: a raw sqlite3 SELECT of the same rows -> a bare QGraphicsScene of plain QGraphicsRectItem (cards),
QGraphicsLineItem (connectors, centre to centre) and QGraphicsPathItem (strokes, one lineTo a point) -> a bare
QGraphicsView (antialiased, like the app's) shown, fitted and painted once.

Both views count their paint events, so a measurement can wait for the paint Qt itself schedules after a change.
"""

from __future__ import annotations

import gc
import sqlite3
import time
from array import array
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QEvent, QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QStyle,
)

from couplecanvas.canvas import items as canvas_items
from couplecanvas.canvas.scene import SCENE_MARGIN, BoardScene
from couplecanvas.canvas.view import BoardView
from couplecanvas.document.board_document import BoardDocument
from couplecanvas.storage.repository import Repository

WIDTH, HEIGHT = 1920, 1080
FIT_MARGIN = 40.0  # BoardView.fit_to_content's margin around the content
PAINT_TIMEOUT_S = 5.0

CARD_BORDER = QColor("#8a8067")
ARROW = QColor("#4a4a4a")


class ProbedBoardView(BoardView):
    """The app's view, counting its paint events and remembering how much of the viewport the last one covered."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0
        self.last_area = 0

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        self.paints += 1
        self.last_area = sum(r.width() * r.height() for r in event.region())


class ProbedView(QGraphicsView):
    """A bare QGraphicsView (antialiased, like the app's), counting its paint events."""

    def __init__(self, scene: QGraphicsScene) -> None:
        super().__init__(scene)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.paints = 0
        self.last_area = 0

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        self.paints += 1
        self.last_area = sum(r.width() * r.height() for r in event.region())


def size_for_viewport(view: QGraphicsView, width: int = WIDTH, height: int = HEIGHT) -> None:
    """Resize the view so its viewport (inside the frame and both scroll bars) is width x height."""
    bar = view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, view)
    frame = 2 * view.frameWidth()
    view.resize(width + frame + bar, height + frame + bar)


def wait_for_paint(view, before: int, timeout_s: float = PAINT_TIMEOUT_S) -> bool:
    """Run the event loop until the view has painted again (Qt's own update path); False on timeout."""
    deadline = time.perf_counter() + timeout_s
    while view.paints == before:
        QApplication.processEvents()
        if time.perf_counter() > deadline:
            return False
    return True


def show_painted(view) -> None:
    """Show a hidden view and wait for its first full paint, so that paint is not counted in a timed step."""
    if not view.isVisible():
        before = view.paints
        view.show()
        wait_for_paint(view, before)
    settle()


def timed_steps(view, steps, action) -> tuple[list[float], list[float], list[float], int]:
    """Run action(step) then the event loop until the view painted; (wall ms, CPU ms, painted share, misses)."""
    wall: list[float] = []
    cpu: list[float] = []
    area: list[float] = []
    missed = 0
    full = view.viewport().width() * view.viewport().height()
    for step in steps:
        before = view.paints
        t0, c0 = time.perf_counter(), time.process_time()
        action(step)
        painted = wait_for_paint(view, before)
        wall.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.process_time() - c0) * 1e3)
        if not painted or view.paints != before + 1:
            missed += 1
        area.append(view.last_area / full)
    return wall, cpu, area, missed


def settle(rounds: int = 3) -> None:
    """Let queued work (dirty-item processing, deferred deletes, pending paints) run before a timed section."""
    for _ in range(rounds):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()


# -- the app ---------------------------------------------------------------------------------------------------------


@dataclass
class AppBoard:
    """An open board: document, scene and a shown, painted view; times in ms."""

    document: BoardDocument
    scene: BoardScene
    view: ProbedBoardView
    times: dict[str, float] = field(default_factory=dict)
    painted: bool = True


def open_app(repository: Repository, session_id: int, cold_fonts: bool = True) -> AppBoard:
    """Open the board as the app does, timed in three parts: load, document + scene, view shown + first paint."""
    if cold_fonts:
        # The card-font fitting cache is module-global: empty it so every run opens the board as a fresh app would.
        canvas_items._font_cache.clear()
    t0 = time.perf_counter()
    board = repository.load_board(session_id)
    t1 = time.perf_counter()
    document = BoardDocument(board, saver=repository)
    scene = BoardScene(document)
    t2 = time.perf_counter()
    view = ProbedBoardView()
    size_for_viewport(view)
    view.setScene(scene)
    view.show()
    view.fit_to_content()
    painted = wait_for_paint(view, 0)
    t3 = time.perf_counter()
    times = {"load": (t1 - t0) * 1e3, "model": (t2 - t1) * 1e3, "paint": (t3 - t2) * 1e3, "total": (t3 - t0) * 1e3}
    return AppBoard(document, scene, view, times, painted)


def close_app(opened: AppBoard) -> None:
    opened.document.flush()
    opened.view.hide()
    opened.view.setScene(None)
    opened.view.deleteLater()
    opened.scene.clear()
    opened.scene.deleteLater()
    opened.document.deleteLater()
    settle()
    gc.collect()


# -- the floor -------------------------------------------------------------------------------------------------------


@dataclass
class FloorBoard:
    """The bare scene: one rect per card, one line per connector, one path per stroke; times in ms."""

    scene: QGraphicsScene
    view: ProbedView
    rects: dict[str, QGraphicsRectItem]
    lines: dict[str, tuple[QGraphicsLineItem, str, str]]
    times: dict[str, float] = field(default_factory=dict)
    painted: bool = True

    def centre(self, card_id: str) -> QPointF:
        return self.rects[card_id].sceneBoundingRect().center()

    def relink(self, connector_ids: list[str]) -> None:
        """Put the given lines back between their cards' centres (what the app's connectors do on a move)."""
        for connector_id in connector_ids:
            line, source, target = self.lines[connector_id]
            line.setLine(QLineF(self.centre(source), self.centre(target)))


def raw_connection(path) -> sqlite3.Connection:
    """A plain sqlite3 connection with the app's pragmas."""
    connection = sqlite3.connect(str(path))
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    return connection


def select_rows(connection: sqlite3.Connection, session_id: int):
    """The same rows load_board reads, with every column, straight from sqlite3."""
    cards = connection.execute(
        "SELECT id, session_id, text, x, y, width, height, colour, partner, z, kind, group_id FROM cards "
        "WHERE session_id = ? ORDER BY z", (session_id,)
    ).fetchall()
    connectors = connection.execute(
        "SELECT id, session_id, source_id, target_id, label, curved FROM connectors WHERE session_id = ?", (session_id,)
    ).fetchall()
    strokes = connection.execute(
        "SELECT id, session_id, points, colour, width, kind, z, group_id FROM strokes WHERE session_id = ? ORDER BY z",
        (session_id,),
    ).fetchall()
    return cards, connectors, strokes


def build_floor_scene(rows) -> tuple[QGraphicsScene, dict, dict]:
    cards, connectors, strokes = rows
    scene = QGraphicsScene()
    colours: dict[str, QColor] = {}
    border = QPen(CARD_BORDER, 1.2)
    rects: dict[str, QGraphicsRectItem] = {}
    centres: dict[str, QPointF] = {}
    for card_id, _s, _text, x, y, width, height, colour, _p, z, _k, _g in cards:
        item = QGraphicsRectItem(0.0, 0.0, width, height)
        item.setPos(x, y)
        item.setPen(border)
        item.setBrush(QBrush(colours.get(colour) or colours.setdefault(colour, QColor(colour))))
        item.setZValue(z)
        scene.addItem(item)
        rects[card_id] = item
        centres[card_id] = QPointF(x + width / 2, y + height / 2)
    arrow = QPen(ARROW, 2.2)
    lines: dict[str, tuple[QGraphicsLineItem, str, str]] = {}
    for connector_id, _s, source, target, _label, _curved in connectors:
        item = QGraphicsLineItem(QLineF(centres[source], centres[target]))
        item.setPen(arrow)
        item.setZValue(-1e6)
        scene.addItem(item)
        lines[connector_id] = (item, source, target)
    for _id, _s, blob, colour, width, _kind, z, _g in strokes:
        flat = array("f")
        flat.frombytes(blob)
        path = QPainterPath(QPointF(flat[0], flat[1]))
        for i in range(3, len(flat), 3):
            path.lineTo(flat[i], flat[i + 1])
        item = QGraphicsPathItem(path)
        item.setPen(QPen(colours.get(colour) or colours.setdefault(colour, QColor(colour)), width,
                         Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        item.setZValue(z)
        scene.addItem(item)
    bounds = scene.itemsBoundingRect()
    scene.setSceneRect(bounds.adjusted(-SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN, SCENE_MARGIN))
    return scene, rects, lines


def open_floor(connection: sqlite3.Connection, session_id: int) -> FloorBoard:
    """The raw floor of opening: SELECT, bare scene, bare view shown, fitted and painted once."""
    t0 = time.perf_counter()
    rows = select_rows(connection, session_id)
    t1 = time.perf_counter()
    scene, rects, lines = build_floor_scene(rows)
    t2 = time.perf_counter()
    view = ProbedView(scene)
    size_for_viewport(view)
    view.show()
    view.fitInView(scene.itemsBoundingRect().adjusted(-FIT_MARGIN, -FIT_MARGIN, FIT_MARGIN, FIT_MARGIN),
                   Qt.AspectRatioMode.KeepAspectRatio)
    painted = wait_for_paint(view, 0)
    t3 = time.perf_counter()
    times = {"load": (t1 - t0) * 1e3, "model": (t2 - t1) * 1e3, "paint": (t3 - t2) * 1e3, "total": (t3 - t0) * 1e3}
    return FloorBoard(scene, view, rects, lines, times, painted)


def close_floor(floor: FloorBoard) -> None:
    floor.view.hide()
    floor.view.setScene(None)
    floor.view.deleteLater()
    floor.scene.clear()
    floor.scene.deleteLater()
    settle()
    gc.collect()


def match_view(floor: FloorBoard, app: AppBoard) -> None:
    """Give the floor view the app view's scene rect, transform and scroll position, so both show the same area."""
    floor.scene.setSceneRect(app.scene.sceneRect())
    floor.view.setTransform(app.view.transform())
    floor.view.horizontalScrollBar().setValue(app.view.horizontalScrollBar().value())
    floor.view.verticalScrollBar().setValue(app.view.verticalScrollBar().value())


def visible_rect(view: QGraphicsView) -> QRectF:
    return view.mapToScene(view.viewport().rect()).boundingRect()
