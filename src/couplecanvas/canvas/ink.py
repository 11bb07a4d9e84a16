"""Freehand ink: the stroke item, the live line while drawing, and the pen, highlighter and eraser tools."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsSceneMouseEvent, QGraphicsView, QStyleOptionGraphicsItem, QWidget

from couplecanvas.canvas import style
from couplecanvas.canvas.tools import BoardTool
from couplecanvas.domain.board import HIGHLIGHTER_COLOURS, INK_COLOURS, Stroke, StrokeKind

if TYPE_CHECKING:
    from couplecanvas.canvas.scene import BoardScene

InkPoint = tuple[float, float, float]

HIGHLIGHTER_ALPHA = 110
MIN_POINT_DISTANCE = 1.5  # screen pixels between kept points while drawing (so the density is the same at any zoom)
ERASER_RADIUS = 8.0  # screen pixels
HIT_WIDTH = 10.0  # a thin line is still easy to click, select and erase
SELECTION_MARGIN = 4.0
SKETCH_BELOW_PX = 2.0  # a line thinner than this on screen is drawn as a plain polyline
SHARP_TURN_COS = math.cos(math.radians(50))  # sharper corners get a round joint instead of a mitred one
TAPER_START = 0.55  # simulated pressure where a mouse line begins ...
TAPER_END = 0.35  # ... and where it ends; a pen tablet's own pressure is never touched
TAPER_WIDTHS = 5.0  # the simulated taper runs over this many line widths (at most 40% of the line)
TAPER_MIN_LENGTH = 10.0
LIVE_Z = 1e9


def pressure_half_width(width: float, pressure: float) -> float:
    """Half the pen's thickness at a point: a light touch still leaves a line a third as wide."""
    return max(0.4, width * (0.35 + 0.65 * max(0.0, min(pressure, 1.0))) / 2)


def smooth(points: Sequence[InkPoint], passes: int = 2) -> list[InkPoint]:
    """Light smoothing (a 1-2-1 moving average, pressure included) that keeps the first and last point as they were."""
    points = list(points)
    for _ in range(passes):
        if len(points) < 3:
            break
        points = [points[0]] + [
            ((a[0] + 2 * b[0] + c[0]) / 4, (a[1] + 2 * b[1] + c[1]) / 4, (a[2] + 2 * b[2] + c[2]) / 4)
            for a, b, c in zip(points, points[1:], points[2:])
        ] + [points[-1]]
    return points


def _ease(t: float, floor: float) -> float:
    """From `floor` at t=0 up to 1 at t>=1, leaving and arriving gently (smoothstep)."""
    t = min(max(t, 0.0), 1.0)
    return floor + (1.0 - floor) * t * t * (3.0 - 2.0 * t)


def _taper_length(width: float) -> float:
    return max(TAPER_MIN_LENGTH, TAPER_WIDTHS * width)


def simulated_taper(points: Sequence[InkPoint], width: float) -> list[InkPoint]:
    """A mouse has no pressure: thin the first and last few units of a line a little, as a pen lands and lifts."""
    if len(points) < 2:
        return list(points)
    travelled = [0.0]
    for (ax, ay, _), (bx, by, _) in zip(points, points[1:]):
        travelled.append(travelled[-1] + math.hypot(bx - ax, by - ay))
    total = travelled[-1]
    length = min(_taper_length(width), 0.4 * total)
    if length <= 0:
        return list(points)
    return [
        (x, y, p * min(_ease(s / length, TAPER_START), _ease((total - s) / length, TAPER_END)))
        for (x, y, p), s in zip(points, travelled)
    ]


def _distinct(points: Sequence[InkPoint]) -> list[InkPoint]:
    """The points without repeats in a row (a segment of no length has no direction)."""
    kept = [points[0]]
    for point in points[1:]:
        last = kept[-1]
        if abs(point[0] - last[0]) > 1e-6 or abs(point[1] - last[1]) > 1e-6:
            kept.append(point)
    return kept


def _add_band(path: QPainterPath, right: list[QPointF], left: list[QPointF]) -> None:
    # Right side forward, left side back: the same turning sense as QPainterPath.addEllipse, so under the
    # winding rule the bands and the round joints add up and never cancel into holes.
    left.reverse()
    path.addPolygon(QPolygonF(right + left))
    path.closeSubpath()


def stroke_outline(points: Sequence[InkPoint], width: float) -> QPainterPath:
    """A filled outline whose thickness follows the pressure at each point, with round ends (one fill to paint).

    Gentle bends are mitred into one band; a sharp corner, or a curl tighter than the line is thick, ends the band
    with a round joint and starts a new one, so a scribble never folds over itself into holes.
    """
    return band_outline([(x, y, pressure_half_width(width, p)) for x, y, p in points])


def band_outline(points: Sequence[tuple[float, float, float]]) -> QPainterPath:
    """The outline of a line through (x, y, half its thickness there) points, with round ends."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    if not points:
        return path
    points = _distinct(points)
    if len(points) == 1:
        x, y, h = points[0]
        path.addEllipse(QPointF(x, y), h, h)
        return path
    directions: list[tuple[float, float]] = []
    lengths: list[float] = []
    for (ax, ay, _), (bx, by, _) in zip(points, points[1:]):
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        directions.append((dx / length, dy / length))
        lengths.append(length)
    x, y, h = points[0]
    ux, uy = directions[0]
    right = [QPointF(x + uy * h, y - ux * h)]
    left = [QPointF(x - uy * h, y + ux * h)]
    path.addEllipse(QPointF(x, y), h, h)
    for i in range(1, len(points) - 1):
        x, y, h = points[i]
        ux, uy = directions[i - 1]
        vx, vy = directions[i]
        cos_turn = ux * vx + uy * vy
        # h * tan(turn / 2) is how far the inner side of a mitre reaches back along each segment.
        if cos_turn < SHARP_TURN_COS or h * abs(ux * vy - uy * vx) / (1.0 + cos_turn) > 0.5 * min(
            lengths[i - 1], lengths[i]
        ):
            right.append(QPointF(x + uy * h, y - ux * h))
            left.append(QPointF(x - uy * h, y + ux * h))
            _add_band(path, right, left)
            path.addEllipse(QPointF(x, y), h, h)
            right = [QPointF(x + vy * h, y - vx * h)]
            left = [QPointF(x - vy * h, y + vx * h)]
        else:
            mx, my = ux + vx, uy + vy
            scale = h / (1.0 + cos_turn)  # the mitre keeps the band its full width through the bend
            right.append(QPointF(x + my * scale, y - mx * scale))
            left.append(QPointF(x - my * scale, y + mx * scale))
    x, y, h = points[-1]
    ux, uy = directions[-1]
    right.append(QPointF(x + uy * h, y - ux * h))
    left.append(QPointF(x - uy * h, y + ux * h))
    _add_band(path, right, left)
    path.addEllipse(QPointF(x, y), h, h)
    return path


def centre_line(points: Sequence[InkPoint]) -> QPainterPath:
    """The polyline through the points."""
    path = QPainterPath(QPointF(points[0][0], points[0][1]))
    for x, y, _ in points[1:]:
        path.lineTo(x, y)
    return path


def highlighter_outline(points: Sequence[InkPoint], width: float) -> QPainterPath:
    """The broad band of a highlighter with flat ends, as one fill (where it crosses itself it does not darken)."""
    if len(_distinct(points)) == 1:
        path = QPainterPath()
        path.addEllipse(QPointF(points[0][0], points[0][1]), width / 2, width / 2)
        return path
    stroker = QPainterPathStroker()
    stroker.setWidth(width)
    stroker.setCapStyle(Qt.PenCapStyle.FlatCap)
    stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return stroker.createStroke(centre_line(points))


def ink_colour(colour: str, kind: StrokeKind) -> QColor:
    """The colour a stroke is painted in: a highlighter's is see-through."""
    result = QColor(colour)
    if kind is StrokeKind.HIGHLIGHTER:
        result.setAlpha(HIGHLIGHTER_ALPHA)
    return result


class StrokeItem(QGraphicsItem):
    """A freehand line on screen: its outline is built once per change of the line and painted with one fill."""

    def __init__(self, stroke_id: str) -> None:
        super().__init__()
        self.stroke_id = stroke_id
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
        self._drawn: tuple | None = None  # what the outline was built from
        self._points: list[InkPoint] = []
        self._path: QPainterPath | None = None  # the outline, built on first detailed paint
        self._sketches: dict[int, QPolygonF] = {}
        self._shape: QPainterPath | None = None  # the hit area, built on first use
        self._brush = QBrush()
        self._bounds = QRectF()

    @property
    def stroke(self) -> Stroke:
        return self.scene().document.board.strokes[self.stroke_id]

    def sync(self) -> None:
        """Take the line from the domain stroke (the item sits at the origin; points are board units)."""
        stroke = self.stroke
        self.setPos(0, 0)
        self.setZValue(stroke.z)
        drawn = (stroke.points, stroke.width, stroke.kind, stroke.colour)
        if drawn != self._drawn:  # a change of stacking or group leaves the outline as it is
            self.prepareGeometryChange()
            self._drawn = drawn
            self._points = _distinct([p for p in stroke.points if all(map(math.isfinite, p))])
            # The outline is built when first painted in detail: a board seen from afar only needs a sketch.
            self._path = None
            self._sketches = {}
            self._brush = QBrush(ink_colour(stroke.colour, stroke.kind))
            self._shape = None
            if self._points:
                xs = [p[0] for p in self._points]
                ys = [p[1] for p in self._points]
                reach = stroke.width + SELECTION_MARGIN + 2
                self._bounds = QRectF(min(xs) - reach, min(ys) - reach, max(xs) - min(xs) + 2 * reach,
                                      max(ys) - min(ys) + 2 * reach)
            else:
                self._bounds = QRectF()
        self.update()

    def outline(self) -> QPainterPath:
        """The full outline (pressure, round ends), built on first use."""
        if self._path is None:
            stroke_width, kind = self._drawn[1], self._drawn[2]
            if not self._points:
                self._path = QPainterPath()
            elif kind is StrokeKind.HIGHLIGHTER:
                self._path = highlighter_outline(self._points, stroke_width)
            else:
                self._path = stroke_outline(self._points, stroke_width)
        return self._path

    def _sketch(self, lod: float) -> QPolygonF:
        """The centre line thinned to about one point per two screen pixels at this zoom (cached per zoom step)."""
        bucket = round(math.log2(max(lod, 1e-3)) * 2)
        sketch = self._sketches.get(bucket)
        if sketch is None:
            spacing = 2.0 / (2 ** (bucket / 2))
            kept = [self._points[0]]
            for point in self._points[1:-1]:
                if abs(point[0] - kept[-1][0]) + abs(point[1] - kept[-1][1]) >= spacing:
                    kept.append(point)
            if len(self._points) > 1:
                kept.append(self._points[-1])
            sketch = QPolygonF([QPointF(x, y) for x, y, _ in kept])
            self._sketches[bucket] = sketch
        return sketch

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def shape(self) -> QPainterPath:
        if self._shape is None:
            self._shape = QPainterPath()
            reach = max(self._drawn[1], HIT_WIDTH) if self._drawn else HIT_WIDTH
            if len(self._points) > 1:
                stroker = QPainterPathStroker()
                stroker.setWidth(reach)
                stroker.setCapStyle(Qt.PenCapStyle.RoundCap)
                self._shape = stroker.createStroke(centre_line(self._points))
            elif self._points:
                self._shape.addEllipse(QPointF(self._points[0][0], self._points[0][1]), reach / 2, reach / 2)
        return self._shape

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if not self._points:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        width = self._drawn[1]
        board = style.painted_style(self.scene())
        brush = QBrush(board.ink(self._brush.color())) if board.dark else self._brush  # dark ink on a dark board
        if lod * width < SKETCH_BELOW_PX and len(self._points) > 1:
            # Seen from afar the pressure outline is invisible: a thin polyline looks the same and costs far less.
            pen = QPen(brush.color(), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(self._sketch(lod))
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(brush)
            painter.drawPath(self.outline())
        if self.isSelected():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(board.selection, 1.5, Qt.PenStyle.DashLine))
            painter.drawRect(self._bounds.adjusted(2 + width / 2, 2 + width / 2, -2 - width / 2, -2 - width / 2))


class LiveInk(QGraphicsItem):
    """The line while it is being drawn. It only grows, so each new point repaints just its own small square.

    The line is kept in short pieces, each with its own rectangle; a repaint draws only the pieces it touches.
    """

    PIECE_POINTS = 32

    def __init__(self, colour: QColor, width: float, highlighter: bool) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(LIVE_Z)
        self._highlighter = highlighter
        self._width = width
        if highlighter:
            self._pen = QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap, Qt.PenJoinStyle.RoundJoin)
            self._brush = QBrush()
        else:
            self._pen = QPen(Qt.PenStyle.NoPen)
            self._brush = QBrush(colour)
        self._pieces: list[tuple[QPainterPath, QRectF]] = []
        self._path = QPainterPath()
        self._path.setFillRule(Qt.FillRule.WindingFill)
        self._rect = QRectF()
        self._bounds = QRectF()
        self._last = (0.0, 0.0, 0.0)
        self._piece_points: list[tuple[float, float, float]] = []

    def start(self, x: float, y: float, half: float) -> None:
        """The first point (a dot until the line moves on)."""
        self._last = (x, y, half)
        self._piece_points = [self._last]
        if self._highlighter:
            self._path.moveTo(x, y)
            half = self._width / 2
        else:
            self._path.addEllipse(QPointF(x, y), half, half)
        self._grow(QRectF(x - half, y - half, 2 * half, 2 * half))

    def extend(self, x: float, y: float, half: float) -> None:
        """Draw on to the next point; `half` is half the line's thickness there (the pen's pressure)."""
        ax, ay, ha = self._last
        self._last = (x, y, half)
        self._piece_points.append(self._last)
        if self._highlighter:
            self._path.lineTo(x, y)
            reach = self._width / 2
        else:
            # Cheap to add: the segment as a quad and a round joint. A finished piece is redone as one band.
            length = math.hypot(x - ax, y - ay) or 1.0
            nx, ny = (ay - y) / length, (x - ax) / length
            self._path.addPolygon(QPolygonF([
                QPointF(ax - nx * ha, ay - ny * ha), QPointF(x - nx * half, y - ny * half),
                QPointF(x + nx * half, y + ny * half), QPointF(ax + nx * ha, ay + ny * ha),
            ]))
            self._path.closeSubpath()
            self._path.addEllipse(QPointF(x, y), half, half)
            reach = max(ha, half)
        self._grow(QRectF(min(ax, x) - reach, min(ay, y) - reach, abs(x - ax) + 2 * reach, abs(y - ay) + 2 * reach))
        if len(self._piece_points) > self.PIECE_POINTS:
            # The same ink with far fewer edges, so a full repaint (scroll, zoom) stays quick on a long line.
            path = self._path if self._highlighter else band_outline(self._piece_points)
            self._pieces.append((path, self._rect))
            self._path = QPainterPath()
            self._path.setFillRule(Qt.FillRule.WindingFill)
            self._rect = QRectF()
            self._piece_points = [self._last]
            if self._highlighter:
                self._path.moveTo(x, y)

    def _grow(self, dirty: QRectF) -> None:
        dirty = dirty.adjusted(-2, -2, 2, 2)  # antialiasing reaches a little past the outline
        self._rect = dirty if self._rect.isNull() else self._rect.united(dirty)
        if not self._bounds.contains(dirty):
            # Grow the item in big steps: a change of bounds repaints the whole line, so it must stay rare.
            self.prepareGeometryChange()
            bounds = dirty if self._bounds.isNull() else self._bounds.united(dirty)
            margin = max(256.0, bounds.width(), bounds.height())
            self._bounds = bounds.adjusted(-margin, -margin, margin, margin)
        self.update(dirty)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        exposed = option.exposedRect
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(self._pen)
        painter.setBrush(self._brush)
        for path, rect in self._pieces:
            if rect.intersects(exposed):
                painter.drawPath(path)
        if self._rect.intersects(exposed):
            painter.drawPath(self._path)


def _view_scale(scene: BoardScene, event: QGraphicsSceneMouseEvent | None) -> float:
    """How many screen pixels one board unit takes in the view the gesture happens in."""
    view = None
    widget = event.widget() if event is not None else None
    if widget is not None and isinstance(widget.parentWidget(), QGraphicsView):
        view = widget.parentWidget()
    elif scene.views():
        view = scene.views()[0]
    if view is None:
        return 1.0
    return math.sqrt(abs(view.transform().determinant())) or 1.0


class PenTool(BoardTool):
    """Draw a line point by point; on release it becomes one stroke, one undo step."""

    cursor = Qt.CursorShape.CrossCursor
    kind = StrokeKind.PEN

    def __init__(self, scene: BoardScene) -> None:
        super().__init__(scene)
        self.colour = INK_COLOURS[0]
        self.width = 3.0
        self._points: list[InkPoint] = []
        self._latest: InkPoint | None = None  # the newest sample, kept or not: its pressure ends the line
        self._live: LiveInk | None = None
        self._spacing = MIN_POINT_DISTANCE
        self._mouse = False
        self._travelled = 0.0

    def _half(self, pressure: float) -> float:
        if self._mouse:  # show the start of the simulated taper while drawing; the end comes on release
            pressure = _ease(self._travelled / _taper_length(self.width), TAPER_START)
        return pressure_half_width(self.width, pressure)

    def press(self, pos, event, pressure=1.0) -> bool:
        self.cancel()
        self._mouse = event is not None  # a mouse gives no pressure; a pen tablet comes without a mouse event
        self._spacing = MIN_POINT_DISTANCE / _view_scale(self.scene, event)
        self._travelled = 0.0
        pressure = 1.0 if self._mouse else max(0.0, min(pressure, 1.0))
        self._points = [(pos.x(), pos.y(), pressure)]
        self._latest = None
        colour = self.scene.board_style.ink(ink_colour(self.colour, self.kind))  # as the finished line will show
        self._live = LiveInk(colour, self.width, self.kind is StrokeKind.HIGHLIGHTER)
        self.scene.addItem(self._live)
        self._live.start(pos.x(), pos.y(), self._half(pressure))
        return True

    def move(self, pos, event, pressure=1.0) -> bool:
        if self._live is None:
            return False
        x, y = pos.x(), pos.y()
        pressure = 1.0 if self._mouse else max(0.0, min(pressure, 1.0))
        self._latest = (x, y, pressure)
        last = self._points[-1]
        step = math.hypot(x - last[0], y - last[1])
        if step < self._spacing:
            return True
        self._travelled += step
        self._points.append(self._latest)
        self._live.extend(x, y, self._half(pressure))
        return True

    def release(self, pos, event, pressure=1.0) -> bool:
        if self._live is None:
            return False
        points = self._points
        # The line ends where the pen lifted, even if that is closer to the last kept point than the spacing. A
        # tablet reports no pressure on release, so the last pressure it did report stands.
        last = points[-1]
        pressure = (self._latest or last)[2]
        if math.hypot(pos.x() - last[0], pos.y() - last[1]) > self._spacing / 3:
            points.append((pos.x(), pos.y(), pressure))
        mouse = self._mouse
        self.cancel()
        points = smooth(points)
        if mouse and self.kind is StrokeKind.PEN:
            points = simulated_taper(points, self.width)
        self.scene.document.add_stroke(Stroke(tuple(points), self.colour, self.width, self.kind))
        return True

    def cancel(self) -> None:
        if self._live is not None:
            self.scene.removeItem(self._live)
        self._live = None
        self._points = []
        self._latest = None


class HighlighterTool(PenTool):
    """A broad, see-through line that marks without hiding the words under it."""

    kind = StrokeKind.HIGHLIGHTER

    def __init__(self, scene: BoardScene) -> None:
        super().__init__(scene)
        self.colour = HIGHLIGHTER_COLOURS[0]
        self.width = 18.0

    def _half(self, pressure: float) -> float:
        return self.width / 2  # a highlighter is as broad as its tip, however hard it is pressed


class EraserTool(BoardTool):
    """Wipe over strokes to remove them whole; one wipe is one undo step."""

    cursor = Qt.CursorShape.PointingHandCursor

    def __init__(self, scene: BoardScene) -> None:
        super().__init__(scene)
        self._erased: list[str] = []
        self._last: QPointF | None = None
        self._radius = ERASER_RADIUS

    def _erase_at(self, pos: QPointF) -> None:
        r = self._radius
        for item in self.scene.items(QRectF(pos.x() - r, pos.y() - r, 2 * r, 2 * r)):
            if isinstance(item, StrokeItem) and item.isVisible() and item.stroke_id not in self._erased:
                self._erased.append(item.stroke_id)
                item.setVisible(False)  # gone at once; removed from the board, as one step, on release

    def _erase_along(self, pos: QPointF) -> None:
        # A quick wipe moves far between two events: erase along the way, not only where the events land.
        start = self._last
        self._last = QPointF(pos)
        distance = math.hypot(pos.x() - start.x(), pos.y() - start.y())
        steps = max(1, math.ceil(distance / self._radius))
        for step in range(1, steps + 1):
            t = step / steps
            self._erase_at(QPointF(start.x() + (pos.x() - start.x()) * t, start.y() + (pos.y() - start.y()) * t))

    def press(self, pos, event, pressure=1.0) -> bool:
        self.cancel()
        self._radius = ERASER_RADIUS / _view_scale(self.scene, event)
        self._last = QPointF(pos)
        self._erase_at(pos)
        return True

    def move(self, pos, event, pressure=1.0) -> bool:
        if self._last is None:
            return False
        self._erase_along(pos)
        return True

    def release(self, pos, event, pressure=1.0) -> bool:
        if self._last is None:
            return False
        self._erase_along(pos)
        erased = list(self._erased)
        self.cancel()  # show them again: removing them from the board takes them off the scene for good
        self.scene.document.remove((), (), erased, text="Erase")  # nothing erased: no step
        return True

    def cancel(self) -> None:
        for stroke_id in self._erased:
            item = self.scene.stroke_items.get(stroke_id)
            if item is not None:
                item.setVisible(True)
        self._erased = []
        self._last = None
