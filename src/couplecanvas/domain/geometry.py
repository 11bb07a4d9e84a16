"""Plain geometry shared by the canvas and the PDF handout, so both draw the same board."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle: top-left corner, width and height, in board units (1 unit = 1 px at 100 %)."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def center(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)

    def united(self, other: Rect) -> Rect:
        """The smallest rectangle holding both."""
        x, y = min(self.x, other.x), min(self.y, other.y)
        return Rect(x, y, max(self.right, other.right) - x, max(self.bottom, other.bottom) - y)

    def adjusted(self, margin: float) -> Rect:
        """This rectangle grown by `margin` on every side."""
        return Rect(self.x - margin, self.y - margin, self.w + 2 * margin, self.h + 2 * margin)

    def contains(self, px: float, py: float) -> bool:
        return self.x <= px <= self.right and self.y <= py <= self.bottom


def line_rect(points: tuple[tuple[float, float, float], ...], width: float) -> Rect:
    """The rectangle a freehand line through `points` (x, y, pressure) covers, its width included."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    half = width / 2
    return Rect(min(xs) - half, min(ys) - half, max(xs) - min(xs) + width, max(ys) - min(ys) + width)


def border_point(rect: Rect, toward: tuple[float, float]) -> tuple[float, float]:
    """Where the ray from the centre of `rect` toward a point leaves the rectangle's outline."""
    cx, cy = rect.center
    dx, dy = toward[0] - cx, toward[1] - cy
    if dx == 0 and dy == 0:
        return (cx, cy)
    half_w, half_h = rect.w / 2, rect.h / 2
    scale_x = half_w / abs(dx) if dx else math.inf
    scale_y = half_h / abs(dy) if dy else math.inf
    scale = min(scale_x, scale_y)
    return (cx + dx * scale, cy + dy * scale)


def connector_segment(source: Rect, target: Rect) -> tuple[float, float, float, float]:
    """The visible segment of an arrow between two cards, clipped to both outlines."""
    start = border_point(source, target.center)
    end = border_point(target, source.center)
    return (start[0], start[1], end[0], end[1])


def label_anchor(x1: float, y1: float, x2: float, y2: float) -> tuple[float, float]:
    """Where an arrow's label sits: a little before the middle, so the labels of two crossing arrows stay apart."""
    t = 0.42
    return (x1 + (x2 - x1) * t, y1 + (y2 - y1) * t)


CURVE_BEND = 0.25  # how far a curved arrow's control point sits off the middle, as a share of its length


def curve_control(x1: float, y1: float, x2: float, y2: float) -> tuple[float, float]:
    """The control point of a curved arrow: off the middle, to the left of the direction of travel (canvas and PDF)."""
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    dx, dy = x2 - x1, y2 - y1
    return (mx - dy * CURVE_BEND, my + dx * CURVE_BEND)


def arrow_head(x1: float, y1: float, x2: float, y2: float, size: float = 12.0) -> list[tuple[float, float]]:
    """The three corners of an arrow head whose tip is at (x2, y2), pointing away from (x1, y1)."""
    angle = math.atan2(y2 - y1, x2 - x1)
    spread = math.radians(26)
    left = (x2 - size * math.cos(angle - spread), y2 - size * math.sin(angle - spread))
    right = (x2 - size * math.cos(angle + spread), y2 - size * math.sin(angle + spread))
    return [(x2, y2), left, right]
