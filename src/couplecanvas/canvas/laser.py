"""The laser pointer: press and drag to point; a bright trail follows and fades out by itself after about a second.

The trail is a transient scene item owned by the tool: never a document change, never saved, never on the undo stack.
Being in the scene, it shows in every view of the scene (the therapist's window and the shared one alike)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QLineF, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from couplecanvas.canvas.tools import BoardTool

if TYPE_CHECKING:
    from couplecanvas.canvas.scene import BoardScene

LASER_COLOUR = QColor("#ff1f3d")
FADE_MS = 1000  # a point of the trail is gone this long after it was drawn (the tip stays while the button is held)
TICK_MS = 30  # the fade's frame interval: smooth enough, and cheap on two shared cores
CORE_PX = 5.0  # the bright line, in screen pixels at any zoom
GLOW_PX = 14.0  # the soft halo around it
TIP_PX = 9.0  # the dot where the pointer is now
TRAIL_Z = 2e9  # above cards, arrows, ink and a selected arrow
MIN_STEP_PX = 1.5  # closer points than this (on screen) are not kept


class LaserTrail(QGraphicsItem):
    """The fading line behind the laser pointer: points with the time each was drawn, faded by age as it paints."""

    def __init__(self, clock: QElapsedTimer) -> None:
        super().__init__()
        self._clock = clock
        self.points: list[tuple[QPointF, int]] = []
        self._bounds = QRectF()
        self.setZValue(TRAIL_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)

    def add(self, point: QPointF) -> None:
        """Extend the trail to a board point (fresh, so at full brightness)."""
        self.points.append((QPointF(point), self._clock.elapsed()))
        self._update_bounds()

    def keep_tip(self) -> None:
        """The pointer is held still: its newest point stays bright."""
        if self.points:
            self.points[-1] = (self.points[-1][0], self._clock.elapsed())

    def prune(self) -> bool:
        """Forget the points that have faded out; True while some are left to show."""
        now = self._clock.elapsed()
        kept = [(p, t) for p, t in self.points if now - t < FADE_MS]
        if len(kept) != len(self.points):
            self.points = kept
            self._update_bounds()
        self.update()
        return bool(kept)

    def _margin(self) -> float:
        """Half the halo's width in board units, at the smallest zoom of the views showing the trail."""
        scene = self.scene()
        zooms = [v.transform().m11() for v in scene.views()] if scene is not None else []
        return GLOW_PX / max(min(zooms, default=1.0), 0.05)

    def _update_bounds(self) -> None:
        rect = QRectF()
        for point, _ in self.points:
            rect = rect.united(QRectF(point, point))
        margin = self._margin()
        self.prepareGeometryChange()
        self._bounds = rect.adjusted(-margin, -margin, margin, margin) if self.points else QRectF()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene = self.scene()
        if not self.points or getattr(scene, "exporting", False):
            return  # an exported image never shows where the pointer went
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        now = self._clock.elapsed()
        for width, strength in ((GLOW_PX, 0.25), (CORE_PX, 1.0)):
            for (a, _), (b, t) in zip(self.points, self.points[1:]):
                pen = QPen(_faded(now - t, strength), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
                pen.setCosmetic(True)  # the same width on screen at any zoom
                painter.setPen(pen)
                painter.drawLine(QLineF(a, b))
        tip, t = self.points[-1]
        pen = QPen(_faded(now - t, 1.0), TIP_PX, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawPoint(tip)


def _faded(age_ms: int, strength: float) -> QColor:
    colour = QColor(LASER_COLOUR)
    colour.setAlphaF(max(0.0, min(1.0, strength * (1.0 - age_ms / FADE_MS))))
    return colour


class LaserTool(BoardTool):
    """K: press and drag to point at the board; the trail fades by itself and changes nothing on the board."""

    cursor = Qt.CursorShape.CrossCursor

    def __init__(self, scene: BoardScene) -> None:
        super().__init__(scene)
        self._clock = QElapsedTimer()
        self._clock.start()
        self._timer = QTimer(scene)  # a child of the scene: it goes with the scene, never outliving the trail's items
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self.trail: LaserTrail | None = None
        self._pressed = False

    def press(self, pos, event, pressure=1.0) -> bool:
        self._pressed = True
        if self.trail is None:
            self.trail = LaserTrail(self._clock)
            self.scene.addItem(self.trail)
        self.trail.add(pos)
        self._timer.start()
        return True

    def move(self, pos, event, pressure=1.0) -> bool:
        if not self._pressed or self.trail is None:
            return False
        last = self.trail.points[-1][0] if self.trail.points else None
        zoom = max((v.transform().m11() for v in self.scene.views()), default=1.0)
        if last is None or QLineF(last, pos).length() * zoom >= MIN_STEP_PX:
            self.trail.add(pos)
        return True

    def release(self, pos, event, pressure=1.0) -> bool:
        if self._pressed and self.trail is not None:
            self.trail.add(pos)
        self._pressed = False
        return True

    def cancel(self) -> None:
        """Another tool was picked: what is drawn fades as usual."""
        self._pressed = False

    def _tick(self) -> None:
        trail = self.trail
        if trail is None:
            self._timer.stop()
            return
        if self._pressed:
            trail.keep_tip()
        if not trail.prune() and not self._pressed:
            self._timer.stop()
            self.trail = None
            if trail.scene() is not None:
                trail.scene().removeItem(trail)

    @property
    def showing(self) -> bool:
        """A trail is on the board (still fading)."""
        return self.trail is not None
