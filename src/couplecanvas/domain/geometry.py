"""Plain geometry shared by the canvas and the PDF handout, so both draw the same board."""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left
from collections.abc import Iterable
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


# -- arrows that go around cards --------------------------------------------------------------------------------------
# An arrow whose own line (straight, or its curve) would run under a card other than its two ends is drawn along a
# route around the cards instead: an orthogonal line with rounded corners. The route is derived from where the cards
# are, never stored; the canvas (canvas/items.py) and the PDF map (export/board_map.py) both draw `arrow_course`.
Point = tuple[float, float]

RUN_UNDER_MARGIN = 4.0  # a line closer than this to a card's edge counts as running under the card
ROUTE_CLEARANCE = 18.0  # a route keeps this far from every card; a gap narrower than twice this is closed to it
ROUTE_CORNER = 12.0  # the radius of a route's rounded corners
ROUTE_BEND = 40.0  # what a bend costs, in board units of length: a route with fewer bends wins over a slightly shorter
ROUTE_REACH = 160.0  # a route looks for cards this far around its two ends (and around wherever it goes)
ROUTE_MAX_CARDS = 80  # past this many cards in reach (an arrow across a crowded board) the arrow stays straight
CURVE_STEPS = 24  # a curved arrow is checked against the cards as this many straight pieces

# Sides as (name, outward direction). Reading rule: a route leaves its card on the right or at the bottom and arrives
# on the left or at the top, as a page is read. Two mirrored arrows routed by a rule that treats both alike would cross
# on the middle line (a point on that line is its own mirror image); with this rule the arrow back (right to left)
# between two columns of cards takes the way round the outside, so the cycle's loop of two arrows is drawn as one
# ring. Only when those sides are closed does a route use any free side.
_SIDES = {"right": (1, 0), "bottom": (0, 1), "left": (-1, 0), "top": (0, -1)}
_EXIT_SIDES = ("right", "bottom")
_ENTRY_SIDES = ("left", "top")


def overlaps(a: Rect, b: Rect) -> bool:
    """True when the insides of two rectangles share some area (touching edges do not count)."""
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def segment_enters(x1: float, y1: float, x2: float, y2: float, rect: Rect) -> bool:
    """True when the segment passes through the inside of `rect` (running along its edge does not count)."""
    t0, t1 = 0.0, 1.0
    dx, dy = x2 - x1, y2 - y1
    for p, q in ((-dx, x1 - rect.x), (dx, rect.right - x1), (-dy, y1 - rect.y), (dy, rect.bottom - y1)):
        if p == 0:
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 >= t1:
            return False
    return t1 - t0 > 1e-9


def polyline_enters(points: list[Point] | tuple[Point, ...], rect: Rect) -> bool:
    """True when a line through `points` passes through the inside of `rect`."""
    return any(segment_enters(*a, *b, rect) for a, b in zip(points, points[1:]))


def points_bounds(points: list[Point] | tuple[Point, ...]) -> Rect:
    """The rectangle around some points."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def curve_points(x1: float, y1: float, x2: float, y2: float, steps: int = CURVE_STEPS) -> list[Point]:
    """A curved arrow (see curve_control) as a line through `steps` + 1 points along it."""
    cx, cy = curve_control(x1, y1, x2, y2)
    out = []
    for n in range(steps + 1):
        t = n / steps
        u = 1 - t
        out.append((u * u * x1 + 2 * u * t * cx + t * t * x2, u * u * y1 + 2 * u * t * cy + t * t * y2))
    return out


class RectIndex:
    """Rectangles by key in square buckets: which ones lie in an area, without looking at all of them.

    The canvas keeps one of its cards (kept up to date as they move) and the PDF map builds one per handout, so an
    arrow is only ever measured against the cards near it, on a board of thousands."""

    def __init__(self, bucket: float = 256.0) -> None:
        self.bucket = bucket
        self.rects: dict[object, Rect] = {}
        self._buckets: dict[tuple[int, int], set] = {}

    def _cells(self, rect: Rect):
        b = self.bucket
        for i in range(math.floor(rect.x / b), math.floor(rect.right / b) + 1):
            for j in range(math.floor(rect.y / b), math.floor(rect.bottom / b) + 1):
                yield (i, j)

    def put(self, key: object, rect: Rect) -> None:
        """Add a rectangle, or move the one under `key`."""
        if key in self.rects:
            self.remove(key)
        if not all(math.isfinite(v) for v in (rect.x, rect.y, rect.w, rect.h)):
            return
        self.rects[key] = rect
        for cell in self._cells(rect):
            self._buckets.setdefault(cell, set()).add(key)

    def remove(self, key: object) -> None:
        rect = self.rects.pop(key, None)
        if rect is None:
            return
        for cell in self._cells(rect):
            keys = self._buckets.get(cell)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self._buckets[cell]

    def keys_in(self, area: Rect, limit: int | None = None) -> list:
        """Keys of the rectangles whose inside overlaps `area`; stops after `limit` + 1 of them when given."""
        if not all(math.isfinite(v) for v in (area.x, area.y, area.w, area.h)):
            return []
        found: dict[object, None] = {}
        b = self.bucket
        cells = (math.floor(area.right / b) - math.floor(area.x / b) + 1) * (
            math.floor(area.bottom / b) - math.floor(area.y / b) + 1)
        if cells > 4 * len(self._buckets) + 16:  # a huge area: walking the filled buckets is quicker
            candidates = (k for keys in self._buckets.values() for k in keys)
        else:
            candidates = (k for cell in self._cells(area) for k in self._buckets.get(cell, ()))
        for key in candidates:
            if key not in found and overlaps(self.rects[key], area):
                found[key] = None
                if limit is not None and len(found) > limit:
                    break
        return list(found)

    def keys_along(self, points: list[Point] | tuple[Point, ...], margin: float) -> list:
        """Keys of the rectangles whose inside a line through `points` enters, each rectangle grown by `margin`."""
        found: dict[object, None] = {}
        b = self.bucket
        for (x1, y1), (x2, y2) in zip(points, points[1:]):
            pieces = max(1, math.ceil(max(abs(x2 - x1), abs(y2 - y1)) / b))
            for n in range(pieces):
                ax, ay = x1 + (x2 - x1) * n / pieces, y1 + (y2 - y1) * n / pieces
                bx, by = x1 + (x2 - x1) * (n + 1) / pieces, y1 + (y2 - y1) * (n + 1) / pieces
                area = Rect(min(ax, bx), min(ay, by), abs(bx - ax), abs(by - ay)).adjusted(margin)
                for cell in self._cells(area):
                    for key in self._buckets.get(cell, ()):
                        if key not in found and segment_enters(ax, ay, bx, by, self.rects[key].adjusted(margin)):
                            found[key] = None
        return list(found)


@dataclass(frozen=True)
class ArrowCourse:
    """Where an arrow is drawn, in board units: along `points` (two for a straight arrow, more for a route around
    cards), or, when `control` is set, along a quadratic curve from points[0] to points[-1] bent through it."""

    points: tuple[Point, ...]
    control: Point | None = None
    routed: bool = False
    reach: Rect | None = None  # every card that could change this course lies inside (None: only its two ends)

    @property
    def start(self) -> Point:
        return self.points[0]

    @property
    def end(self) -> Point:
        return self.points[-1]

    @property
    def head_from(self) -> Point:
        """The point the head points away from: the last bend, the curve's control point, or the start."""
        return self.control if self.control is not None else self.points[-2]

    def bounds(self) -> Rect:
        """The rectangle around the drawn line (a curve's bulge included)."""
        if self.control is None:
            return points_bounds(self.points)
        return points_bounds(curve_points(*self.start, *self.end))

    def polyline(self) -> list[Point]:
        """The course as a line through points (a curve as CURVE_STEPS pieces; routed corners left square)."""
        if self.control is None:
            return list(self.points)
        return curve_points(*self.start, *self.end)


def arrow_course(source: Rect, target: Rect, curved: bool, cards: RectIndex, skip: Iterable = ()) -> ArrowCourse:
    """How an arrow between two cards is drawn: straight (or curved when `curved`), unless that line would run under
    another card; then along `route_around` the cards near it. `cards` holds the board's cards; the keys in `skip`
    (the arrow's own two cards) and any card exactly where an end is do not count as in the way.

    Only cards near the arrow are looked at. Past ROUTE_MAX_CARDS of them (an arrow across a crowded board) the arrow
    keeps its own line: no route around that many cards would read better."""
    x1, y1, x2, y2 = connector_segment(source, target)
    control = curve_control(x1, y1, x2, y2) if curved else None
    plain = ArrowCourse(((x1, y1), (x2, y2)), control)
    line = plain.polyline()
    if not all(math.isfinite(v) for p in line for v in p) or math.hypot(x2 - x1, y2 - y1) < 1e-6:
        return plain
    skip = set(skip)
    ends = (source, target)

    def near(keys) -> set[Rect]:
        return {cards.rects[k] for k in keys if k not in skip and cards.rects[k] not in ends}

    area = points_bounds(line).adjusted(RUN_UNDER_MARGIN)
    if not near(cards.keys_along(line, RUN_UNDER_MARGIN)):
        return ArrowCourse(plain.points, control, reach=area)
    reach = source.united(target).adjusted(ROUTE_REACH)
    looked = reach.united(area)
    found = near(cards.keys_in(reach, ROUTE_MAX_CARDS + len(skip) + 2))
    for _ in range(4):
        if len(found) > ROUTE_MAX_CARDS:
            break
        route = route_around(source, target, found)
        if route is None:
            break
        around = points_bounds(route).adjusted(ROUTE_CLEARANCE)
        looked = looked.united(around)
        more = near(cards.keys_in(around, ROUTE_MAX_CARDS + len(skip) + 2)) - found
        if not any(polyline_enters(route, r.adjusted(ROUTE_CLEARANCE / 2)) for r in more):
            return ArrowCourse(tuple(route), None, True, looked)
        found |= more
    return ArrowCourse(plain.points, control, reach=looked)


def route_around(start: Rect, end: Rect, obstacles, clearance: float = ROUTE_CLEARANCE) -> list[Point] | None:
    """An orthogonal line from the border of `start` to the border of `end` that keeps `clearance` from every
    obstacle (and from its own two cards, but for where it leaves and arrives), or None when there is no way.

    It leaves from the middle of a free side and arrives at the middle of a free side (see _EXIT_SIDES). The line is
    the cheapest clear one with at most two turns between the ports (each bend costs ROUTE_BEND of length), else the
    cheapest of all found by a search along the cards' edges; a stretch running between two cards is then moved to
    the middle of the gap. The quick try first keeps a board of thousands of arrows quicker to open. The result starts
    and ends on the cards' outlines: its last piece is square to the target's side, so an arrow head there points
    into the card."""
    cards = tuple(sorted({o for o in obstacles if o != start and o != end}, key=lambda r: (r.x, r.y, r.w, r.h)))
    key = (start, end, cards, clearance)
    if key in _ROUTES:
        route = _ROUTES[key]
        return list(route) if route is not None else None
    route = _route(start, end, cards, clearance)
    if len(_ROUTES) >= _ROUTES_KEPT:
        _ROUTES.clear()
    _ROUTES[key] = route
    return list(route) if route is not None else None


# Routes already worked out, by their ends and the cards around them: the handout preview draws the board the canvas
# has just routed, and a drag back and forth meets the same places again. Equal inputs give equal routes, so a kept
# one is as good as a new one.
_ROUTES: dict = {}
_ROUTES_KEPT = 4096


def _route(start: Rect, end: Rect, cards: tuple[Rect, ...], clearance: float) -> tuple[Point, ...] | None:
    c = clearance
    blocks = [o.adjusted(c) for o in cards]
    own = [start.adjusted(c), end.adjusted(c)]
    for exits, entries in ((_EXIT_SIDES, _ENTRY_SIDES), (tuple(_SIDES), tuple(_SIDES))):
        outs = _ports(start, exits, c, blocks, own[1])
        ins = _ports(end, entries, c, blocks, own[0])
        if outs and ins:
            path = _simple(outs, ins, blocks + own) or _shortest(outs, ins, blocks + own)
            if path is not None:
                return tuple((float(x), float(y)) for x, y in _nudged(path, blocks + own))
    return None


def _ports(rect: Rect, sides: tuple[str, ...], c: float, blocks: list[Rect], other: Rect):
    """(point on the outline, point `c` out from it, outward direction) for each free side among `sides`."""
    cx, cy = rect.center
    found = []
    for side in sides:
        dx, dy = _SIDES[side]
        border = (cx + dx * rect.w / 2, cy + dy * rect.h / 2)
        out = (border[0] + dx * c, border[1] + dy * c)
        if any(_inside(out, b) or segment_enters(*border, *out, b) for b in (*blocks, other)):
            continue
        found.append((border, out, (dx, dy)))
    return found


def _simple(outs, ins, blocks: list[Rect]) -> list[Point] | None:
    """The cheapest clear line with at most two turns between an exit and an entry port, or None."""
    best, best_cost = None, math.inf
    for start, (ox, oy), _out_dir in outs:
        for end, (ix, iy), _in_dir in ins:
            mx, my = (ox + ix) / 2, (oy + iy) / 2
            for middle in ([], [(ix, oy)], [(ox, iy)], [(mx, oy), (mx, iy)], [(ox, my), (ix, my)]):
                between = [(ox, oy), *middle, (ix, iy)]  # from port to port: the stubs were checked with the ports
                pieces = [(a, b) for a, b in zip(between, between[1:]) if a != b]
                if any(a[0] != b[0] and a[1] != b[1] for a, b in pieces):
                    continue
                points = _corners([start, *between, end])
                cost = polyline_length(points) + ROUTE_BEND * (len(points) - 2)
                if cost >= best_cost or _turns_back(points):
                    continue
                if any(segment_enters(*a, *b, block) for a, b in pieces for block in blocks):
                    continue
                if any(_inside(point, block) for point in between for block in blocks):
                    continue
                best, best_cost = points, cost
    return best


def _turns_back(points: list[Point]) -> bool:
    """True when the line doubles back on itself somewhere (a U-turn in place)."""
    for a, b, c in zip(points, points[1:], points[2:]):
        if (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]) < 0:
            return True
    return False


def _inside(point: Point, rect: Rect) -> bool:
    return rect.x < point[0] < rect.right and rect.y < point[1] < rect.bottom


_DIRS = ((1, 0), (0, 1), (-1, 0), (0, -1))


def _shortest(outs, ins, blocks: list[Rect]) -> list[Point] | None:
    """A* over the lines along the blocks' edges and the ports: the cheapest line, bends counted (see route_around)."""
    xs = sorted({v for b in blocks for v in (b.x, b.right)} | {p[1][0] for p in (*outs, *ins)})
    ys = sorted({v for b in blocks for v in (b.y, b.bottom)} | {p[1][1] for p in (*outs, *ins)})
    nx, ny = len(xs), len(ys)
    # Per grid line: which nodes lie inside a block, and which steps along the line cross one.
    inside = [bytearray(ny) for _ in range(nx)]
    v_cut = [bytearray(ny) for _ in range(nx)]  # step (i, j) -> (i, j + 1)
    h_cut = [bytearray(nx) for _ in range(ny)]  # step (i, j) -> (i + 1, j)
    for b in blocks:
        i0, i1 = bisect_left(xs, b.x), bisect_left(xs, b.right)
        j0, j1 = bisect_left(ys, b.y), bisect_left(ys, b.bottom)
        for i in range(i0 + 1, i1):
            column, cut = inside[i], v_cut[i]
            for j in range(j0 + 1, j1):
                column[j] = 1
            for j in range(j0, j1):
                cut[j] = 1
        for j in range(j0 + 1, j1):
            row = h_cut[j]
            for i in range(i0, i1):
                row[i] = 1
    goals: dict[int, tuple[int, Point]] = {}
    targets = []
    for border, out, (dx, dy) in ins:
        i, j = bisect_left(xs, out[0]), bisect_left(ys, out[1])
        inward = _DIRS.index((-dx, -dy))
        goals[i * ny + j] = (inward, border)
        targets.append((out[0], out[1], -dx, -dy))

    def estimate(x: float, y: float, d: int) -> float:
        # Distance, plus a bend unless the target's port lies straight ahead and is entered going this way.
        ux, uy = _DIRS[d]
        best_guess = math.inf
        for gx, gy, ix, iy in targets:
            dx, dy = gx - x, gy - y
            ahead = (dx * uy == dy * ux) and dx * ux + dy * uy >= 0 and (ux, uy) == (ix, iy)
            guess = abs(dx) + abs(dy) + (0.0 if ahead else ROUTE_BEND)
            if guess < best_guess:
                best_guess = guess
        return best_guess

    best = [math.inf] * (nx * ny * 4)
    parent: dict[int, int] = {}
    starts: dict[int, Point] = {}
    heap: list = []
    count = 0
    for border, out, direction in outs:
        i, j = bisect_left(xs, out[0]), bisect_left(ys, out[1])
        d = _DIRS.index(direction)
        state = (i * ny + j) * 4 + d
        best[state] = 0.0
        starts[state] = border
        heapq.heappush(heap, (estimate(xs[i], ys[j], d), 0.0, count, 0.0, state))
        count += 1
    # Among equal estimates the longest way already gone comes first, so a plateau of equally short lines is not
    # walked in full. The order is fixed by the inputs, so the canvas and the PDF find the same line.
    done_cost, done_state, done_border = math.inf, -1, None
    while heap:
        f, _deeper, _n, g, state = heapq.heappop(heap)
        if f >= done_cost:
            break
        if g > best[state]:
            continue
        node, d = divmod(state, 4)
        i, j = divmod(node, ny)
        goal = goals.get(node)
        if goal is not None and d != (goal[0] + 2) % 4:
            total = g + (0.0 if d == goal[0] else ROUTE_BEND)
            if total < done_cost:
                done_cost, done_state, done_border = total, state, goal[1]
        x, y = xs[i], ys[j]
        for nd in range(4):
            if nd == (d + 2) % 4:
                continue
            dx, dy = _DIRS[nd]
            ni, nj = i + dx, j + dy
            if not (0 <= ni < nx and 0 <= nj < ny) or inside[ni][nj]:
                continue
            if (dx and h_cut[j][i if dx > 0 else ni]) or (dy and v_cut[i][j if dy > 0 else nj]):
                continue
            nx_, ny_ = xs[ni], ys[nj]
            cost = g + abs(nx_ - x) + abs(ny_ - y) + (ROUTE_BEND if nd != d else 0.0)
            nstate = (ni * ny + nj) * 4 + nd
            if cost < best[nstate]:
                best[nstate] = cost
                parent[nstate] = state
                heapq.heappush(heap, (cost + estimate(nx_, ny_, nd), -cost, count, cost, nstate))
                count += 1
    if done_border is None:
        return None
    points = [done_border]
    state = done_state
    while True:
        node = state // 4
        i, j = divmod(node, ny)
        points.append((xs[i], ys[j]))
        if state in starts:
            points.append(starts[state])
            break
        state = parent[state]
    points.reverse()
    return _corners(points)


def _corners(points: list[Point]) -> list[Point]:
    """The points where the line turns (and its two ends): points in between on a straight stretch are dropped."""
    kept = [points[0]]
    for here, after in zip(points[1:], points[2:]):
        before = kept[-1]
        if here == before:
            continue
        straight = (before[0] == here[0] == after[0]) or (before[1] == here[1] == after[1])
        if not straight:
            kept.append(here)
    if points[-1] != kept[-1]:
        kept.append(points[-1])
    return kept


def _nudged(points: list[Point], blocks: list[Rect]) -> list[Point]:
    """The line with each inner stretch moved to the middle of the room it has sideways, when cards (or the stretches
    it joins) bound that room on both sides: a line between two columns runs down the middle of the gap.

    The first and last stretches stay on their ports; the stretches a moved one joins grow or shrink with it and stay
    clear of every block too."""
    points = list(points)
    flipped = [Rect(b.y, b.x, b.h, b.w) for b in blocks]
    for k in range(1, len(points) - 2):
        if points[k][0] == points[k + 1][0]:
            points[k], points[k + 1] = _slid(points[k - 1 : k + 3], blocks)
        elif points[k][1] == points[k + 1][1]:
            turned = [(y, x) for x, y in points[k - 1 : k + 3]]
            a, b = _slid(turned, flipped)
            points[k], points[k + 1] = (a[1], a[0]), (b[1], b[0])
    return points


def _slid(four: list[Point], blocks: list[Rect]) -> tuple[Point, Point]:
    """The middle (vertical) stretch of four points, slid along x to the middle of its room (or left where it is)."""
    (px, _py), (x, ay), (_x, by), (nx, _ny) = four
    low, high = min(ay, by), max(ay, by)
    left, right = -math.inf, math.inf
    for b in blocks:
        if b.y < high and b.bottom > low:  # beside the stretch itself
            if b.right <= x:
                left = max(left, b.right)
            elif b.x >= x:
                right = min(right, b.x)
        for y, other in ((ay, px), (by, nx)):  # across a joined stretch where moving would lengthen it
            if b.y < y < b.bottom:
                if other > x and b.right <= x:
                    left = max(left, b.right)
                if other < x and b.x >= x:
                    right = min(right, b.x)
    for other in (px, nx):  # a joined stretch may shrink, never turn back
        if other < x:
            left = max(left, other)
        elif other > x:
            right = min(right, other)
    if math.isfinite(left) and math.isfinite(right) and left < right:
        x = (left + right) / 2
    return (x, ay), (x, by)


def rounded_course(points: list[Point] | tuple[Point, ...], radius: float = ROUTE_CORNER) -> list[tuple[Point, ...]]:
    """A routed line with rounded corners, as drawing steps after the start point: (end,) a straight piece, or
    (control, end) a quadratic curve round a corner. The canvas and the PDF draw these same steps."""
    steps: list[tuple[Point, ...]] = []
    for before, corner, after in zip(points, points[1:], points[2:]):
        into = math.dist(before, corner)
        out = math.dist(corner, after)
        r = min(radius, into / 2, out / 2)
        if r <= 0:
            steps.append((corner,))
            continue
        a = (corner[0] + (before[0] - corner[0]) * r / into, corner[1] + (before[1] - corner[1]) * r / into)
        b = (corner[0] + (after[0] - corner[0]) * r / out, corner[1] + (after[1] - corner[1]) * r / out)
        steps.append((a,))
        steps.append((corner, b))
    steps.append((points[-1],))
    return steps


def polyline_length(points: list[Point] | tuple[Point, ...]) -> float:
    return sum(math.dist(a, b) for a, b in zip(points, points[1:]))


def polyline_point(points: list[Point] | tuple[Point, ...], share: float) -> Point:
    """The point a share (0..1) of the way along a line through points."""
    total = polyline_length(points)
    left = total * min(max(share, 0.0), 1.0)
    for a, b in zip(points, points[1:]):
        piece = math.dist(a, b)
        if piece >= left and piece > 0:
            t = left / piece
            return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
        left -= piece
    return points[-1]


def polyline_trimmed(points: list[Point] | tuple[Point, ...], distance: float) -> list[Point]:
    """The line through points stopped `distance` short of its end (measured along it)."""
    points = list(points)
    while len(points) > 2 and math.dist(points[-2], points[-1]) <= distance:
        distance -= math.dist(points[-2], points[-1])
        points.pop()
    (ax, ay), (bx, by) = points[-2], points[-1]
    piece = math.hypot(bx - ax, by - ay)
    keep = max(0.0, piece - distance) / piece if piece else 0.0
    points[-1] = (ax + (bx - ax) * keep, ay + (by - ay) * keep)
    return points
