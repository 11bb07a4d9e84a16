"""The board drawn as vectors on a PDF page, from the same domain geometry the canvas uses."""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.pdfgen.canvas import FILL_NON_ZERO
from reportlab.platypus.flowables import Flowable

from couplecanvas.domain.board import (
    INK_COLOURS,
    NEUTRAL_CARD_COLOUR,
    OLD_STORY_COLOUR,
    REFRAME_COLOUR,
    STICKY_NOTE_COLOUR,
    CardKind,
    ConnectorKind,
    StrokeKind,
)
from couplecanvas.domain.couple import PartnerRole
from couplecanvas.domain.geometry import (
    ArrowCourse,
    Rect,
    RectIndex,
    arrow_course,
    arrow_head,
    points_bounds,
    polyline_point,
    polyline_trimmed,
    rounded_course,
)
from couplecanvas.domain.geometry import (
    Point as RoutePoint,
)
from couplecanvas.export.handout_data import BoardSnapshot, MapCard, MapConnector, MapStroke, Story
from couplecanvas.export.map_geometry import (
    Point,
    overlaps,
    quad_bounds,
    quad_point,
    quad_to_cubic,
    quad_trimmed_end,
    stroke_outline,
    thinned,
    union_of,
)
from couplecanvas.export.text_fit import LEADING, fit_text, string_width

# Sizes in board units (1 unit = 1 px on the canvas at 100 %); they shrink with the board, words down to `min_font`.
CARD_FONT_SIZE = 15.0
CARD_PADDING = 10.0
CARD_RADIUS = 8.0
LABEL_FONT_SIZE = 12.0
LABEL_MAX_WIDTH = 180.0
# Where a label may sit along its arrow (0 = start, 1 = tip): the midpoint first, then the nearest free spot,
# so a label neither hides a card's words nor another label.
LABEL_POSITIONS = (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82)
ARROW_WIDTH = 1.6
ARROW_HEAD = 12.0
BOARD_MARGIN = 8.0
# A card's words shrink to at most this share of their size on the board before they are cut with '…', never below
# the map's `min_font`.
MIN_FONT_SHARE = 0.55
MIN_LINE_WIDTH = 0.3

# Sizes on paper (points). Every word the map prints is at least MIN_MAP_FONT (LARGE_MAP_FONT in large print), however
# small the board is drawn: the boxes shrink, the words do not, and what no longer fits its card is cut with '…' (the
# handout prints the couple's words in full elsewhere, as text).
MIN_MAP_FONT = 9.0
LARGE_MAP_FONT = 11.0
MIN_CARD_PADDING = 3.0
ARROW_LABEL_MIN_WIDTH = 100.0  # an arrow's label may wrap at this width, however small the board is drawn
# A plain-text label has no box: its words may spread past its outline by these shares (width, height).
LABEL_SPREAD = (1.5, 1.3)
# A board is readable at a scale where its typical card (the median of its cards) holds READABLE_LINES lines of at
# least READABLE_LINE_CHARS characters at the map's smallest font; a board whose map would be drawn smaller gets pages
# of its own (see handout_pdf).
READABLE_LINES = 2
READABLE_LINE_CHARS = 12
AVERAGE_CHAR_WIDTH = 0.55  # of the font size, DejaVu Sans over ordinary words
# An empty slot prints no prompt (its words are the couple's to write): faint lines to write on, this far apart.
WRITING_LINE_GAP = 18.0
WRITING_LINE_MAX = 3
WRITING_LINE_COLOUR = colors.HexColor("#c9c3b6")
MARKED_CONTENT_TAG = "BoardMap"
"""The map's drawing is a marked-content section with this tag, so a reader (or a test) can tell its words apart."""

NOTE_RADIUS = 2.0
# A sticky note's soft shadow: offsets (board units) and opacities of two layers, drawn under the note.
NOTE_SHADOW = ((3.0, 4.0, 0.07), (1.5, 2.0, 0.07))
NOTE_BORDER_DARKEN = 0.2
TEXT_LABEL_FONT_SIZE = 18.0  # a plain-text label is bold and a little larger than a card's words
HIGHLIGHTER_ALPHA = 110 / 255  # as on the canvas
# Ink thinner than this (points) is drawn as a plain line of this width, so it still prints.
MIN_INK_WIDTH = 0.35
# Pen points closer than this (points, on paper) add nothing visible: they are skipped to keep the PDF small.
INK_DETAIL = 0.25

# A reframe arrow: green, thicker than an ordinary arrow and dashed, with a larger head, so it reads as "becomes".
REFRAME_WIDTH = 3.0
REFRAME_DASH = (10.0, 6.0)
REFRAME_HEAD = 16.0
STORY_BORDER = 2.6
# The "old story" / "new story" tag: a small filled tab across the card's top edge, this far in from its left.
STORY_TAG_FONT_SIZE = 12.0
STORY_TAG_INSET = 12.0
STORY_TAGS = {Story.OLD: "old story", Story.NEW: "new story"}

TEXT_COLOUR = colors.HexColor("#26303a")
ARROW_COLOUR = colors.HexColor("#5b6670")
LABEL_TEXT_COLOUR = colors.HexColor("#3d4852")
LABEL_BORDER = colors.HexColor("#d5dae0")


def parse_colour(value: str, fallback: str = NEUTRAL_CARD_COLOUR) -> colors.Color:
    """A ReportLab colour from '#rrggbb'; an unreadable value falls back rather than failing the whole export."""
    try:
        return colors.HexColor(value)
    except (ValueError, TypeError):
        return colors.HexColor(fallback)


def darker(colour: colors.Color, amount: float = 0.35) -> colors.Color:
    """The colour mixed toward black by `amount` (0..1)."""
    keep = 1.0 - amount
    return colors.Color(colour.red * keep, colour.green * keep, colour.blue * keep)


@dataclass(frozen=True)
class Course:
    """Where an arrow runs, in board units: from start to end, bent through `control` when curved, or along `route`
    (its corner points, start and end included) when it goes around cards."""

    start: Point
    end: Point
    control: Point | None = None
    route: tuple[RoutePoint, ...] = ()

    def at(self, t: float) -> Point:
        """The point a share t (0..1) of the way along."""
        if self.route:
            return polyline_point(self.route, t)
        if self.control is None:
            return (
                self.start[0] + (self.end[0] - self.start[0]) * t,
                self.start[1] + (self.end[1] - self.start[1]) * t,
            )
        return quad_point(self.start, self.control, self.end, t)

    def bounds(self) -> Rect:
        if self.route:
            return points_bounds(self.route)
        if self.control is None:
            x1, y1 = self.start
            x2, y2 = self.end
            return Rect(min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1))
        return quad_bounds(self.start, self.control, self.end)

    @classmethod
    def of(cls, course: ArrowCourse) -> Course:
        """The map's course for the domain's (the same line the canvas draws)."""
        return cls(course.start, course.end, course.control, course.points if course.routed else ())


def readable_scale(board: BoardSnapshot, min_font: float) -> float:
    """The smallest scale at which the board's typical card (the median of its cards and notes) holds READABLE_LINES
    lines of READABLE_LINE_CHARS characters at `min_font` points; 0 for a board without cards."""
    line = min_font * LEADING
    needs = []
    for card in board.cards:
        rect = card.rect
        if card.kind is CardKind.LABEL or not all(math.isfinite(v) and v > 0 for v in (rect.w, rect.h)):
            continue
        need = 1.0
        for step in range(1, 101):
            scale = step / 100
            pad = 2 * card_padding(scale)
            if (rect.h * scale - pad >= READABLE_LINES * line
                    and rect.w * scale - pad >= READABLE_LINE_CHARS * AVERAGE_CHAR_WIDTH * min_font):
                need = scale
                break
        needs.append(need)
    if not needs:
        return 0.0
    needs.sort()
    return needs[len(needs) // 2]


def card_padding(scale: float) -> float:
    """The room (points) between a card's edge and its words when the board is drawn at `scale`."""
    return min(CARD_PADDING, max(MIN_CARD_PADDING, CARD_PADDING * scale))


class MapLayout:
    """What every part of one board's map shares: the arrows' courses, worked out once against the cards near them
    (as on the canvas), and the rectangle holding everything (a route around cards may run past the cards' bounds)."""

    def __init__(self, board: BoardSnapshot) -> None:
        self.board = board
        self.courses = _courses(board)
        bounds = board.bounds() or Rect(0, 0, 1, 1)
        for course in self.courses:
            if course is not None and course.route:
                bounds = bounds.united(course.bounds())
        self.bounds = bounds.adjusted(BOARD_MARGIN)
        # Each drawable arrow with the rectangle its course covers, and the arrows leaving each card (by its outline),
        # to find those inside a part of the board at once.
        self.arrows = [(c, course, course.bounds()) for c, course in zip(board.connectors, self.courses)
                       if course is not None]
        self._leaving: dict[Rect, list[tuple[Rect, Rect]]] = {}
        for connector, _course, area in self.arrows:
            self._leaving.setdefault(connector.source, []).append((connector.target, area))
        # Where the cards are, to find those inside a part of the board without looking at every card.
        self.card_index = RectIndex()
        for n, card in enumerate(board.cards):
            if all(math.isfinite(v) for v in (card.rect.x, card.rect.y, card.rect.w, card.rect.h)):
                self.card_index.put(n, card.rect)

    def items(self) -> list[Rect]:
        """The rectangles of the board's cards, then of its ink (those with a real place), for parting the board."""
        rects = [card.rect for card in self.board.cards] + [stroke.rect for stroke in self.board.strokes]
        return [r for r in rects if all(math.isfinite(v) for v in (r.x, r.y, r.w, r.h))]

    def window_of(self, rects: list[Rect]) -> Rect:
        """The part of the board holding these cards and ink, with the arrows running between two of them."""
        inside = set(rects)
        window = union_of(rects) or self.bounds
        for source in inside:
            for target, course in self._leaving.get(source, ()):
                if target in inside:
                    window = window.united(course)
        return window.adjusted(BOARD_MARGIN)


def _courses(board: BoardSnapshot) -> list[Course | None]:
    """Each connector's course (None when it cannot be drawn), from the same rule the canvas uses."""
    cards = RectIndex()
    for n, card in enumerate(board.cards):
        cards.put(n, card.rect)
    courses: list[Course | None] = []
    for connector in board.connectors:
        ends = (connector.source, connector.target)
        if not all(math.isfinite(v) for r in ends for v in (r.x, r.y, r.w, r.h)):
            courses.append(None)
            continue
        course = Course.of(arrow_course(connector.source, connector.target, connector.curved, cards))
        length = math.dist(course.start, course.end)
        courses.append(course if all(math.isfinite(v) for v in (*course.start, *course.end)) and length > 1e-6
                       else None)
    return courses


class BoardMap(Flowable):
    """The board (or the part of it inside `window`) scaled to the frame width and `max_height`, keeping its aspect,
    drawn with vectors; every word at least `min_font` points.

    Where less than `max_height` is left on the page, the map shrinks to the room left (minus `reserve`, for what must
    follow it on the same page), but never below `min_height` nor below `min_scale`: then it moves to the next page
    instead. A map of a window draws only what reaches into it, clipped to it.
    """

    def __init__(
        self,
        board: BoardSnapshot,
        partner_colours: dict[PartnerRole, str],
        *,
        font: str,
        max_height: float,
        max_scale: float = 1.0,
        bold_font: str | None = None,
        min_height: float = 0.0,
        reserve: float = 0.0,
        min_font: float = MIN_MAP_FONT,
        min_scale: float = 0.0,
        window: Rect | None = None,
        layout: MapLayout | None = None,
    ) -> None:
        super().__init__()
        self.board = board
        self.partner_colours = partner_colours
        self.font = font
        self.bold_font = bold_font or font
        self.layout = layout if layout is not None else MapLayout(board)
        self.courses = self.layout.courses
        self.window = window
        self.bounds = window if window is not None else self.layout.bounds
        self.max_height = max_height
        self.min_font = min_font
        self.min_scale = min(min_scale, max_scale)
        self.min_height = max(min(min_height, max_height), self.bounds.h * self.min_scale)
        self.reserve = reserve
        self.max_scale = max_scale
        self.scale = 1.0
        self.top_pad = 0.0
        self._offset_x = 0.0
        self._holds: tuple[list[MapCard], list[MapStroke], list[tuple[MapConnector, Course]]] | None = None

    def _contents(self) -> tuple[list[MapCard], list[MapStroke], list[tuple[MapConnector, Course]]]:
        """The cards, ink and arrows that reach into the map's window (all of them without one), worked out once."""
        if self._holds is None:
            board, layout = self.board, self.layout
            if self.window is None:
                self._holds = (list(board.cards), list(board.strokes), [(c, course) for c, course, _ in layout.arrows])
            else:
                area = self.window.adjusted(1.0)
                near = sorted(layout.card_index.keys_in(area))
                self._holds = (
                    [board.cards[n] for n in near if overlaps(board.cards[n].rect, area)],
                    [stroke for stroke in board.strokes if overlaps(stroke.rect, area)],
                    [(c, course) for c, course, covers in layout.arrows if overlaps(covers, area)],
                )
        return self._holds

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        b = self.bounds
        room = availHeight - self.reserve
        height = min(self.max_height, room) if room >= self.min_height else self.max_height
        # A story tag is sized in points: the room it needs above the board's top edge depends on the scale.
        self.top_pad = 0.0
        for _ in range(2):
            self.scale = min(availWidth / b.w, max(height - self.top_pad, 1.0) / b.h, self.max_scale)
            self.top_pad = self._tag_pad()
        drawn_width = b.w * self.scale
        self._offset_x = max(0.0, (availWidth - drawn_width) / 2)
        self.width = availWidth
        self.height = b.h * self.scale + self.top_pad
        return self.width, self.height

    # -- board units -> points (the board's y grows downward, the page's upward) ----------------------------------
    def _x(self, x: float) -> float:
        return self._offset_x + (x - self.bounds.x) * self.scale

    def _y(self, y: float) -> float:
        return self.height - self.top_pad - (y - self.bounds.y) * self.scale

    def _size(self, board_size: float) -> float:
        """A font size on paper: the board's own, scaled, but never below the map's smallest."""
        return max(self.min_font, board_size * self.scale)

    def draw(self) -> None:
        canv = self.canv
        canv.addLiteral(f"/{MARKED_CONTENT_TAG} BMC")
        canv.saveState()
        if self.window is not None:
            clip = canv.beginPath()
            clip.rect(self._offset_x, 0, self.bounds.w * self.scale, self.height)
            canv.clipPath(clip, stroke=0, fill=0)
        canv.setLineJoin(1)
        canv.setLineCap(1)
        cards, strokes, arrows = self._contents()
        labels = []
        for connector, course in arrows:
            self._draw_connector(connector, course)
            if connector.label:
                labels.append((course, connector.label))
        # Cards and ink stack as on the canvas: by z, cards first where z is equal; arrows run under both.
        layers: list[MapCard | MapStroke] = [*cards, *strokes]
        layers.sort(key=lambda item: item.z if math.isfinite(item.z) else 0.0)
        for item in layers:
            if isinstance(item, MapStroke):
                self._draw_stroke(item)
            else:
                self._draw_card(item)
        placed: list[Rect] = []
        for course, label in labels:
            self._draw_label(course, label, placed)
        canv.restoreState()
        canv.addLiteral("EMC")

    # -- the old story / new story tags ---------------------------------------------------------------------------
    def _tag_size(self) -> float:
        return self._size(STORY_TAG_FONT_SIZE)

    def _tag_pad(self) -> float:
        """How far (points) the highest story tag reaches above the top of the drawn area."""
        half = self._tag_size() * 0.75
        pad = 0.0
        for card in self._contents()[0]:
            if card.story is not Story.NONE and math.isfinite(card.rect.y):
                pad = max(pad, half - (card.rect.y - self.bounds.y) * self.scale)
        return pad

    def _story_tag(self, card: MapCard, x: float, top: float, w: float) -> tuple[str, float, float, float, float]:
        """A reframe card's tag, in points: its words and its box (x, y, w, h) straddling the card's top edge."""
        text = STORY_TAGS[card.story]
        size = self._tag_size()
        width = string_width(text, self.bold_font, size) + size
        height = size * 1.5
        inset = STORY_TAG_INSET * self.scale
        left = x + inset if w >= width + 2 * inset else x
        left = max(0.0, min(left, self.width - width))
        return text, left, top - height / 2, width, height

    def _draw_story_tag(self, card: MapCard, x: float, top: float, w: float) -> None:
        text, tx, ty, tw, th = self._story_tag(card, x, top, w)
        size = self._tag_size()
        colour = colors.HexColor(OLD_STORY_COLOUR if card.story is Story.OLD else REFRAME_COLOUR)
        canv = self.canv
        canv.setFillColor(colour)
        canv.roundRect(tx, ty, tw, th, th / 2, stroke=0, fill=1)
        canv.setFillColor(colors.white)
        canv.setFont(self.bold_font, size)
        canv.drawCentredString(tx + tw / 2, ty + th / 2 - size * 0.35, text)

    def _line_width(self, units: float) -> float:
        return max(MIN_LINE_WIDTH, units * self.scale)

    def _draw_connector(self, connector: MapConnector, course: Course) -> None:
        """Draw one arrow along its course: straight, a gentle curve, or around the cards in its way."""
        (x1, y1), (x2, y2) = start, end = course.start, course.end
        control = course.control
        # The head points along the line's direction where it arrives: from the curve's control point, or the last
        # corner of a route.
        tail = course.route[-2] if course.route else control if control is not None else start
        reframe = connector.kind is ConnectorKind.REFRAME
        length = math.dist(start, end)
        last = math.dist(tail, end) if course.route else length
        head_size = min(REFRAME_HEAD if reframe else ARROW_HEAD, last * 0.6)
        head = arrow_head(tail[0], tail[1], x2, y2, size=head_size)
        # The shaft stops at the back of the head so its round cap cannot poke through the tip.
        back = head_size * math.cos(math.radians(26))
        canv = self.canv
        canv.saveState()
        colour = colors.HexColor(REFRAME_COLOUR) if reframe else ARROW_COLOUR
        canv.setStrokeColor(colour)
        canv.setFillColor(colour)
        canv.setLineWidth(self._line_width(REFRAME_WIDTH if reframe else ARROW_WIDTH))
        if reframe:
            # Flat ends, so the gaps between dashes stay open on paper.
            canv.setLineCap(0)
            canv.setDash([max(MIN_LINE_WIDTH, part * self.scale) for part in REFRAME_DASH])
        if course.route:
            shaft = canv.beginPath()
            shaft.moveTo(*self._point(start))
            at = start
            for step in rounded_course(polyline_trimmed(course.route, back)):
                if len(step) == 1:
                    shaft.lineTo(*self._point(step[0]))
                else:
                    c1, c2 = quad_to_cubic(at, step[0], step[1])
                    shaft.curveTo(*self._point(c1), *self._point(c2), *self._point(step[1]))
                at = step[-1]
            canv.drawPath(shaft, stroke=1, fill=0)
        elif control is None:
            bx, by = x2 - (x2 - x1) / length * back, y2 - (y2 - y1) / length * back
            canv.line(self._x(x1), self._y(y1), self._x(bx), self._y(by))
        else:
            short_control, short_end = quad_trimmed_end(start, control, end, back)
            c1, c2 = quad_to_cubic(start, short_control, short_end)
            shaft = canv.beginPath()
            shaft.moveTo(*self._point(start))
            shaft.curveTo(*self._point(c1), *self._point(c2), *self._point(short_end))
            canv.drawPath(shaft, stroke=1, fill=0)
        canv.setDash([])
        path = canv.beginPath()
        path.moveTo(self._x(head[0][0]), self._y(head[0][1]))
        for hx, hy in head[1:]:
            path.lineTo(self._x(hx), self._y(hy))
        path.close()
        canv.setLineWidth(self._line_width(0.8))
        canv.drawPath(path, stroke=1, fill=1)
        canv.restoreState()

    def _point(self, point: Point) -> tuple[float, float]:
        return self._x(point[0]), self._y(point[1])

    def _draw_stroke(self, stroke: MapStroke) -> None:
        points = [p for p in stroke.points if all(math.isfinite(v) for v in p)]
        if not points or not math.isfinite(stroke.width) or stroke.width <= 0:
            return
        canv = self.canv
        colour = parse_colour(stroke.colour, fallback=INK_COLOURS[0])
        points = thinned(points, INK_DETAIL / self.scale)
        canv.saveState()
        if stroke.kind == StrokeKind.HIGHLIGHTER:
            # A broad see-through band with flat ends, as on the canvas; a single dot draws nothing there either.
            if len(points) > 1:
                canv.setStrokeColor(colour)
                canv.setStrokeAlpha(HIGHLIGHTER_ALPHA)
                canv.setLineCap(0)
                canv.setLineJoin(1)
                canv.setLineWidth(max(MIN_INK_WIDTH, stroke.width * self.scale))
                self._polyline(points, stroke=1)
        elif stroke.width * self.scale < MIN_INK_WIDTH:
            canv.setStrokeColor(colour)
            canv.setFillColor(colour)
            canv.setLineWidth(MIN_INK_WIDTH)
            if len(points) > 1:
                self._polyline(points, stroke=1)
            else:
                canv.circle(*self._point(points[0][:2]), MIN_INK_WIDTH / 2, stroke=0, fill=1)
        else:
            # A filled outline whose width follows the pressure; the round ends are their own fills, so their
            # winding cannot cancel the outline's where they overlap.
            canv.setFillColor(colour)
            outline = stroke_outline(points, stroke.width)
            if outline.polygon:
                path = canv.beginPath()
                path.moveTo(*self._point(outline.polygon[0]))
                for point in outline.polygon[1:]:
                    path.lineTo(*self._point(point))
                path.close()
                canv.drawPath(path, stroke=0, fill=1, fillMode=FILL_NON_ZERO)
            for x, y, radius in outline.dots:
                canv.circle(self._x(x), self._y(y), radius * self.scale, stroke=0, fill=1)
        canv.restoreState()

    def _polyline(self, points: list[tuple[float, float, float]], stroke: int) -> None:
        path = self.canv.beginPath()
        path.moveTo(*self._point(points[0][:2]))
        for x, y, _ in points[1:]:
            path.lineTo(self._x(x), self._y(y))
        self.canv.drawPath(path, stroke=stroke, fill=0)

    def _draw_card(self, card: MapCard) -> None:
        rect = card.rect
        if not all(math.isfinite(v) for v in (rect.x, rect.y, rect.w, rect.h)) or rect.w <= 0 or rect.h <= 0:
            return
        s = self.scale
        x, y, w, h = self._x(rect.x), self._y(rect.bottom), rect.w * s, rect.h * s
        canv = self.canv
        story_colour = {Story.OLD: OLD_STORY_COLOUR, Story.NEW: REFRAME_COLOUR}.get(card.story)
        if card.kind == CardKind.LABEL:
            # Plain words on the board: no box, bold, a little larger; with no box to stay inside, they may spread a
            # little past the label's outline (never past the map's edges).
            if card.text.strip():
                spread_w = min(w * LABEL_SPREAD[0], self.width)
                spread_h = h * LABEL_SPREAD[1]
                left = max(0.0, min(x + (w - spread_w) / 2, self.width - spread_w))
                self._draw_card_text(card.text, self.bold_font, TEXT_LABEL_FONT_SIZE, left, y + (h - spread_h) / 2,
                                     spread_w, spread_h, 0.0)
            if story_colour is not None:
                self._draw_story_tag(card, x, y + h, w)
            return
        if card.kind == CardKind.NOTE:
            self._draw_note(card, x, y, w, h)
            if story_colour is not None:
                canv.setStrokeColor(colors.HexColor(story_colour))
                canv.setLineWidth(self._line_width(STORY_BORDER))
                canv.roundRect(x, y, w, h, min(NOTE_RADIUS * s, w / 4, h / 4), stroke=1, fill=0)
        else:
            fill = parse_colour(card.colour)
            if story_colour is not None:
                border = colors.HexColor(story_colour)
                border_width = self._line_width(STORY_BORDER)
            elif card.partner is not None and card.partner in self.partner_colours:
                border = parse_colour(self.partner_colours[card.partner], fallback="#5b6670")
                border_width = self._line_width(2.0)
            else:
                border = darker(fill)
                border_width = self._line_width(1.0)
            canv.setFillColor(fill)
            canv.setStrokeColor(border)
            canv.setLineWidth(border_width)
            canv.roundRect(x, y, w, h, min(CARD_RADIUS * s, w / 4, h / 4), stroke=1, fill=1)
        pad = min(card_padding(s), w / 4, h / 4)
        if card.text.strip():
            self._draw_card_text(card.text, self.font, CARD_FONT_SIZE, x, y, w, h, pad)
        elif card.hint:
            # An empty slot is the couple's to fill: faint lines to write on, never the template's prompt, which on
            # paper would read as words they had said.
            self._draw_writing_lines(x, y, w, h, pad)
        if story_colour is not None:
            self._draw_story_tag(card, x, y + h, w)

    def _draw_writing_lines(self, x: float, y: float, w: float, h: float, pad: float) -> None:
        room = h - 2 * pad
        count = min(WRITING_LINE_MAX, int(room // WRITING_LINE_GAP))
        if count < 1 or w < 4 * pad + 10:
            return
        canv = self.canv
        canv.setStrokeColor(WRITING_LINE_COLOUR)
        canv.setLineWidth(0.5)
        gap = room / count
        for index in range(count):
            line_y = y + pad + gap * index + gap * 0.3
            canv.line(x + 2 * pad, line_y, x + w - 2 * pad, line_y)

    def _draw_note(self, card: MapCard, x: float, y: float, w: float, h: float) -> None:
        """A sticky note: a flat, nearly square-cornered sheet lifted off the page by a soft shadow."""
        s = self.scale
        canv = self.canv
        radius = min(NOTE_RADIUS * s, w / 4, h / 4)
        canv.saveState()
        canv.setFillColor(colors.black)
        for dx, dy, alpha in NOTE_SHADOW:
            canv.setFillAlpha(alpha)
            canv.roundRect(x + dx * s, y - dy * s, w, h, radius, stroke=0, fill=1)
        canv.restoreState()
        fill = parse_colour(card.colour, fallback=STICKY_NOTE_COLOUR)
        canv.setFillColor(fill)
        canv.setStrokeColor(darker(fill, NOTE_BORDER_DARKEN))
        canv.setLineWidth(self._line_width(1.0))
        canv.roundRect(x, y, w, h, radius, stroke=1, fill=1)

    def _draw_card_text(
        self, text: str, font: str, board_size: float, x: float, y: float, w: float, h: float, pad: float
    ) -> None:
        """The words inside a box (points): at the board's size scaled, shrunk toward the map's smallest font to fit,
        then cut with '…'."""
        size = self._size(board_size)
        min_size = max(self.min_font, size * MIN_FONT_SHARE)
        size, lines = fit_text(text, font, size, w - 2 * pad, h - 2 * pad, min_size)
        if not lines:
            return
        canv = self.canv
        leading = size * LEADING
        top = y + h / 2 + len(lines) * leading / 2
        canv.setFillColor(TEXT_COLOUR)
        canv.setFont(font, size)
        centre_x = x + w / 2
        for index, line in enumerate(lines):
            # Baseline a little below the middle of the line's slot, so the text looks centred.
            canv.drawCentredString(centre_x, top - index * leading - leading / 2 - size * 0.35, line)

    def _place_label(self, course: Course, box_w: float, box_h: float, placed: list[Rect]) -> Rect:
        """The label's box in board units: at the midpoint if free, else at the nearest free spot along the arrow;
        kept inside the map where it is small enough to be."""
        area = course.bounds()
        left, right = area.x - box_w / 2, area.right + box_w / 2
        top, bottom = area.y - box_h / 2, area.bottom + box_h / 2
        cards = self.board.cards
        obstacles = [  # the cards near the arrow, found through the layout's index rather than by looking at each
            rect
            for rect in (cards[n].rect for n in self.layout.card_index.keys_in(Rect(left, top, right - left,
                                                                                   bottom - top)))
            if rect.x < right and rect.right > left and rect.y < bottom and rect.bottom > top
        ]
        gap = box_h * 0.3
        obstacles.extend(other.adjusted(gap) for other in placed)
        for t in LABEL_POSITIONS:
            box = self._inside(course.at(t), box_w, box_h)
            if not any(overlaps(box, other) for other in obstacles):
                return box
        return self._inside(course.at(0.5), box_w, box_h)

    def _inside(self, centre: Point, box_w: float, box_h: float) -> Rect:
        b = self.bounds
        x = centre[0] - box_w / 2
        y = centre[1] - box_h / 2
        if box_w <= b.w:
            x = max(b.x, min(x, b.right - box_w))
        if box_h <= b.h:
            y = max(b.y, min(y, b.bottom - box_h))
        return Rect(x, y, box_w, box_h)

    def _draw_label(self, course: Course, label: str, placed: list[Rect]) -> None:
        s = self.scale
        size = self._size(LABEL_FONT_SIZE)
        width = max(LABEL_MAX_WIDTH * s, ARROW_LABEL_MIN_WIDTH)
        size, lines = fit_text(label, self.font, size, width, size * LEADING * 3, size)
        if not lines:
            return
        leading = size * LEADING
        text_width = max(string_width(line, self.font, size) for line in lines)
        pad_x, pad_y = size * 0.5, size * 0.25
        box_w, box_h = text_width + 2 * pad_x, len(lines) * leading + 2 * pad_y
        box = self._place_label(course, box_w / s, box_h / s, placed)
        placed.append(box)
        cx, cy = self._x(box.center[0]), self._y(box.center[1])
        canv = self.canv
        canv.setFillColor(colors.white)
        canv.setStrokeColor(LABEL_BORDER)
        canv.setLineWidth(self._line_width(0.6))
        canv.roundRect(cx - box_w / 2, cy - box_h / 2, box_w, box_h, min(box_h / 2, 6 * s), stroke=1, fill=1)
        canv.setFillColor(LABEL_TEXT_COLOUR)
        canv.setFont(self.font, size)
        top = cy + len(lines) * leading / 2
        for index, line in enumerate(lines):
            canv.drawCentredString(cx, top - index * leading - leading / 2 - size * 0.35, line)

