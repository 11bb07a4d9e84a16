"""Freehand ink: the stroke item, and the pen, highlighter and eraser tools."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem, QWidget

from couplecanvas.canvas.tools import BoardTool
from couplecanvas.domain.board import HIGHLIGHTER_COLOURS, INK_COLOURS, Stroke, StrokeKind

if TYPE_CHECKING:
    from couplecanvas.canvas.scene import BoardScene

HIGHLIGHTER_ALPHA = 110
MIN_POINT_DISTANCE = 1.5  # board units between kept points while drawing
ERASER_RADIUS = 8.0


def smooth(points: list[tuple[float, float, float]], passes: int = 2) -> list[tuple[float, float, float]]:
    """Light smoothing (a 1-2-1 moving average) that keeps the first and last point where they were."""
    for _ in range(passes):
        if len(points) < 3:
            return points
        points = [points[0]] + [
            ((a[0] + 2 * b[0] + c[0]) / 4, (a[1] + 2 * b[1] + c[1]) / 4, (a[2] + 2 * b[2] + c[2]) / 4)
            for a, b, c in zip(points, points[1:], points[2:])
        ] + [points[-1]]
    return points


def stroke_outline(points, width: float) -> QPainterPath:
    """A filled outline whose thickness follows the pressure at each point (one fill to paint, however long)."""
    if len(points) == 1:
        x, y, p = points[0]
        radius = max(0.5, width * max(p, 0.2) / 2)
        path = QPainterPath()
        path.addEllipse(QPointF(x, y), radius, radius)
        return path
    left: list[QPointF] = []
    right: list[QPointF] = []
    count = len(points)
    for i, (x, y, p) in enumerate(points):
        ax, ay, _ = points[max(i - 1, 0)]
        bx, by, _ = points[min(i + 1, count - 1)]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / length, dx / length
        half = max(0.4, width * (0.35 + 0.65 * max(0.0, min(p, 1.0))) / 2)
        left.append(QPointF(x + nx * half, y + ny * half))
        right.append(QPointF(x - nx * half, y - ny * half))
    path = QPainterPath(left[0])
    for point in left[1:]:
        path.lineTo(point)
    for point in reversed(right):
        path.lineTo(point)
    path.closeSubpath()
    # Round the ends so a line never looks cut off.
    for x, y, p in (points[0], points[-1]):
        half = max(0.4, width * (0.35 + 0.65 * max(0.0, min(p, 1.0))) / 2)
        path.addEllipse(QPointF(x, y), half, half)
    return path.simplified()


def centre_line(points) -> QPainterPath:
    path = QPainterPath(QPointF(points[0][0], points[0][1]))
    for x, y, _ in points[1:]:
        path.lineTo(x, y)
    return path


class StrokeItem(QGraphicsItem):
    """A freehand line on screen; the path is built once per change and painted with one call."""

    def __init__(self, stroke_id: str) -> None:
        super().__init__()
        self.stroke_id = stroke_id
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
        self._path = QPainterPath()
        self._shape = QPainterPath()
        self._brush = QBrush()
        self._pen = QPen(Qt.PenStyle.NoPen)
        self._bounds = QRectF()

    @property
    def stroke(self) -> Stroke:
        return self.scene().document.board.strokes[self.stroke_id]

    def sync(self) -> None:
        """Rebuild the path from the domain stroke (the item sits at the origin; points are board units)."""
        stroke = self.stroke
        self.prepareGeometryChange()
        self.setPos(0, 0)
        self.setZValue(stroke.z)
        if stroke.kind is StrokeKind.HIGHLIGHTER:
            self._path = centre_line(stroke.points)
            colour = QColor(stroke.colour)
            colour.setAlpha(HIGHLIGHTER_ALPHA)
            self._pen = QPen(colour, stroke.width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap, Qt.PenJoinStyle.RoundJoin)
            self._brush = QBrush()
        else:
            self._path = stroke_outline(stroke.points, stroke.width)
            self._pen = QPen(Qt.PenStyle.NoPen)
            self._brush = QBrush(QColor(stroke.colour))
        stroker = QPainterPathStroker()
        stroker.setWidth(max(stroke.width, 10.0))
        self._shape = stroker.createStroke(centre_line(stroke.points)) if len(stroke.points) > 1 else self._path
        self._bounds = self._path.boundingRect().adjusted(-stroke.width, -stroke.width, stroke.width, stroke.width)
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def shape(self) -> QPainterPath:
        return self._shape

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(self._pen)
        painter.setBrush(self._brush)
        painter.drawPath(self._path)
        if self.isSelected():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor("#1d5fd1"), 1.5, Qt.PenStyle.DashLine))
            painter.drawRect(self._path.boundingRect().adjusted(-4, -4, 4, 4))


class PenTool(BoardTool):
    """Draw a line point by point; on release it becomes one stroke, one undo step."""

    cursor = Qt.CursorShape.CrossCursor
    kind = StrokeKind.PEN

    def __init__(self, scene: BoardScene) -> None:
        super().__init__(scene)
        self.colour = INK_COLOURS[0]
        self.width = 3.0
        self._points: list[tuple[float, float, float]] = []
        self._preview: QGraphicsPathItem | None = None
        self._path = QPainterPath()

    def _preview_pen(self) -> QPen:
        colour = QColor(self.colour)
        if self.kind is StrokeKind.HIGHLIGHTER:
            colour.setAlpha(HIGHLIGHTER_ALPHA)
        cap = Qt.PenCapStyle.FlatCap if self.kind is StrokeKind.HIGHLIGHTER else Qt.PenCapStyle.RoundCap
        return QPen(colour, self.width, Qt.PenStyle.SolidLine, cap, Qt.PenJoinStyle.RoundJoin)

    def press(self, pos, event, pressure=1.0) -> bool:
        self.cancel()
        self._points = [(pos.x(), pos.y(), pressure)]
        self._path = QPainterPath(pos)
        self._preview = self.scene.addPath(self._path, self._preview_pen())
        self._preview.setZValue(1e9)
        return True

    def move(self, pos, event, pressure=1.0) -> bool:
        if self._preview is None:
            return False
        last = self._points[-1]
        if math.hypot(pos.x() - last[0], pos.y() - last[1]) < MIN_POINT_DISTANCE:
            return True
        self._points.append((pos.x(), pos.y(), pressure))
        self._path.lineTo(pos)
        self._preview.setPath(self._path)
        return True

    def release(self, pos, event, pressure=1.0) -> bool:
        if self._preview is None:
            return False
        points = smooth(self._points)
        self.cancel()
        stroke = Stroke(tuple(points), self.colour, self.width, self.kind)
        self.scene.document.add_stroke(stroke)
        return True

    def cancel(self) -> None:
        if self._preview is not None:
            self.scene.removeItem(self._preview)
        self._preview = None
        self._points = []


class HighlighterTool(PenTool):
    """A broad, see-through line that marks without hiding the words under it."""

    kind = StrokeKind.HIGHLIGHTER

    def __init__(self, scene: BoardScene) -> None:
        super().__init__(scene)
        self.colour = HIGHLIGHTER_COLOURS[0]
        self.width = 18.0


class EraserTool(BoardTool):
    """Wipe over strokes to remove them whole; one wipe is one undo step."""

    cursor = Qt.CursorShape.PointingHandCursor

    def __init__(self, scene: BoardScene) -> None:
        super().__init__(scene)
        self._erased: list[str] = []
        self._active = False

    def _erase_at(self, pos: QPointF) -> None:
        area = QRectF(pos.x() - ERASER_RADIUS, pos.y() - ERASER_RADIUS, 2 * ERASER_RADIUS, 2 * ERASER_RADIUS)
        for item in self.scene.items(area):
            if isinstance(item, StrokeItem) and item.isVisible() and item.stroke_id not in self._erased:
                self._erased.append(item.stroke_id)
                item.setVisible(False)

    def press(self, pos, event, pressure=1.0) -> bool:
        self._erased = []
        self._active = True
        self._erase_at(pos)
        return True

    def move(self, pos, event, pressure=1.0) -> bool:
        if self._active:
            self._erase_at(pos)
        return self._active

    def release(self, pos, event, pressure=1.0) -> bool:
        if not self._active:
            return False
        erased = self._erased
        self.cancel()
        self.scene.document.remove((), (), erased, text="Erase")
        return True

    def cancel(self) -> None:
        for stroke_id in self._erased:
            item = self.scene.stroke_items.get(stroke_id)
            if item is not None:
                item.setVisible(True)
        self._erased = []
        self._active = False
