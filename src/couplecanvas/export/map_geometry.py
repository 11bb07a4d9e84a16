"""Plain geometry of the map's ink and curved arrows, the same shapes the canvas draws, without Qt.

The canvas builds its ink with QPainterPath (`canvas/ink.py: stroke_outline`); the export may not import Qt, so the
outline formulas are repeated here in plain Python. The curve of an arrow is shared: `domain.geometry.curve_control`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from couplecanvas.domain.geometry import Rect

Point = tuple[float, float]
InkPoint = tuple[float, float, float]


# -- freehand ink ------------------------------------------------------------------------------------------------------
def pressure_half_width(width: float, pressure: float) -> float:
    """Half the pen's thickness at a point: a light touch still leaves a line a third as wide."""
    return max(0.4, width * (0.35 + 0.65 * max(0.0, min(pressure, 1.0))) / 2)


@dataclass(frozen=True)
class InkOutline:
    """A pen stroke as fills: one closed polygon along the line (may be empty) and round dots (x, y, radius)."""

    polygon: tuple[Point, ...]
    dots: tuple[tuple[float, float, float], ...]


def stroke_outline(points: Sequence[InkPoint], width: float) -> InkOutline:
    """The outline whose thickness follows the pressure at each point, with round ends (as the canvas draws it)."""
    if not points:
        return InkOutline((), ())
    if len(points) == 1:
        x, y, p = points[0]
        return InkOutline((), ((x, y, max(0.5, width * max(p, 0.2) / 2)),))
    left: list[Point] = []
    right: list[Point] = []
    count = len(points)
    for i, (x, y, p) in enumerate(points):
        ax, ay, _ = points[max(i - 1, 0)]
        bx, by, _ = points[min(i + 1, count - 1)]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / length, dx / length
        half = pressure_half_width(width, p)
        left.append((x + nx * half, y + ny * half))
        right.append((x - nx * half, y - ny * half))
    ends = tuple((x, y, pressure_half_width(width, p)) for x, y, p in (points[0], points[-1]))
    return InkOutline((*left, *reversed(right)), ends)


def thinned(points: Sequence[InkPoint], min_distance: float) -> list[InkPoint]:
    """The points with those closer than `min_distance` to the last kept one dropped; both ends are kept."""
    if len(points) <= 2 or min_distance <= 0:
        return list(points)
    kept = [points[0]]
    for point in points[1:-1]:
        last = kept[-1]
        if math.hypot(point[0] - last[0], point[1] - last[1]) >= min_distance:
            kept.append(point)
    last = points[-1]
    if len(kept) > 1 and math.hypot(last[0] - kept[-1][0], last[1] - kept[-1][1]) < min_distance:
        kept.pop()
    kept.append(last)
    return kept


# -- curved arrows -----------------------------------------------------------------------------------------------------
def quad_point(p0: Point, control: Point, p2: Point, t: float) -> Point:
    """The point at parameter t (0..1) of a quadratic Bézier curve."""
    u = 1.0 - t
    return (
        u * u * p0[0] + 2 * u * t * control[0] + t * t * p2[0],
        u * u * p0[1] + 2 * u * t * control[1] + t * t * p2[1],
    )


def quad_bounds(p0: Point, control: Point, p2: Point) -> Rect:
    """The exact rectangle around a quadratic Bézier curve (its ends and, per axis, its turning point)."""
    xs, ys = [p0[0], p2[0]], [p0[1], p2[1]]
    for axis, values in ((0, xs), (1, ys)):
        denominator = p0[axis] - 2 * control[axis] + p2[axis]
        if abs(denominator) > 1e-12:
            t = (p0[axis] - control[axis]) / denominator
            if 0.0 < t < 1.0:
                values.append(quad_point(p0, control, p2, t)[axis])
    return Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def quad_to_cubic(p0: Point, control: Point, p2: Point) -> tuple[Point, Point]:
    """The two control points of the cubic Bézier (what PDF draws) equal to a quadratic one."""
    c1 = (p0[0] + 2 / 3 * (control[0] - p0[0]), p0[1] + 2 / 3 * (control[1] - p0[1]))
    c2 = (p2[0] + 2 / 3 * (control[0] - p2[0]), p2[1] + 2 / 3 * (control[1] - p2[1]))
    return c1, c2


def quad_trimmed_end(p0: Point, control: Point, p2: Point, distance: float) -> tuple[Point, Point]:
    """The curve from p0 stopping `distance` short of p2 (in a straight line): its new control point and end."""
    low, high = 0.0, 1.0
    for _ in range(30):
        middle = (low + high) / 2
        point = quad_point(p0, control, p2, middle)
        if math.hypot(p2[0] - point[0], p2[1] - point[1]) > distance:
            low = middle
        else:
            high = middle
    t = low
    # De Casteljau: the first part of the curve, split at t, has this control point.
    new_control = (p0[0] + t * (control[0] - p0[0]), p0[1] + t * (control[1] - p0[1]))
    return new_control, quad_point(p0, control, p2, t)


# -- parting a big board -----------------------------------------------------------------------------------------------
def overlaps(a: Rect, b: Rect) -> bool:
    """True when the two rectangles share some area (touching edges do not count)."""
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def union_of(rects: Iterable[Rect]) -> Rect | None:
    """The smallest rectangle holding them all, or None for none."""
    rects = list(rects)
    if not rects:
        return None
    if len(rects) == 1:
        return rects[0]
    # One pass of min and max over plain numbers: a big board's parts are measured thousands of times.
    left = min(r.x for r in rects)
    top = min(r.y for r in rects)
    right = max(r.x + r.w for r in rects)
    bottom = max(r.y + r.h for r in rects)
    return Rect(left, top, right - left, bottom - top)


GUTTER_TIE = 0.8
"""Empty bands at least this share of the widest one count as wide: of those, the one nearest the middle is cut, so a
board of evenly spaced cards parts in halves rather than one row at a time."""


def _widest_gutter(rects: Sequence[Rect], members: Sequence[int], axis: int) -> tuple[float, float] | None:
    """The empty band to cut along one axis (0: a vertical band between columns, 1: a horizontal band between rows):
    (the widest band's width, where to cut), or None when the members overlap all the way along."""
    spans = sorted(
        (rects[i].x, rects[i].right) if axis == 0 else (rects[i].y, rects[i].bottom) for i in members
    )
    bands: list[tuple[float, float]] = []
    reach = spans[0][1]
    for start, end in spans[1:]:
        if start > reach:
            bands.append((start - reach, (start + reach) / 2))
        reach = max(reach, end)
    if not bands:
        return None
    widest = max(width for width, _ in bands)
    middle = (spans[0][0] + reach) / 2
    cut = min((cut for width, cut in bands if width >= widest * GUTTER_TIE), key=lambda c: abs(c - middle))
    return widest, cut


def gutter_parts(
    rects: Sequence[Rect], fits: Callable[[list[int]], bool], frame: tuple[float, float] = (1.0, 1.0)
) -> list[list[int]]:
    """The indices of `rects` parted along the empty bands between them (an XY cut) until each part `fits`, in reading
    order (rows top to bottom, then left to right). Each cut runs across the direction in which the part overflows a
    page of `frame`'s proportions the most (when there is a band to cut along there), at the widest band, so templates
    part from each other before a template parts inside. A part with no band left to cut along is returned as it is,
    fitting or not."""

    def part(members: list[int]) -> list[list[int]]:
        if len(members) < 2 or fits(members):
            return [members]
        rows, columns = _widest_gutter(rects, members, 1), _widest_gutter(rects, members, 0)
        if rows is None and columns is None:
            return [members]
        area = union_of(rects[i] for i in members)
        assert area is not None
        too_wide = area.w / frame[0] > area.h / frame[1]
        axis = 0 if rows is None or (columns is not None and too_wide) else 1
        cut = (rows if axis == 1 else columns)[1]  # type: ignore[index]
        first = [i for i in members if (rects[i].y if axis == 1 else rects[i].x) < cut]
        second = [i for i in members if (rects[i].y if axis == 1 else rects[i].x) >= cut]
        return [*part(first), *part(second)]

    return part(list(range(len(rects)))) if rects else []


def tile_windows(area: Rect, width: float, height: float, overlap: float) -> list[Rect]:
    """Windows of `width` x `height` covering `area`, row by row, neighbours sharing `overlap` so a thing narrower than
    the overlap is whole in at least one window; spread evenly, the last one ending at the area's edge."""

    def starts(start: float, length: float, window: float) -> list[float]:
        if length <= window:
            return [start]
        step = max(window - overlap, window / 2)
        count = math.ceil((length - window) / step) + 1
        return [start + (length - window) * k / (count - 1) for k in range(count)]

    return [
        Rect(x, y, min(width, area.w), min(height, area.h))
        for y in starts(area.y, area.h, height)
        for x in starts(area.x, area.w, width)
    ]
