"""The board drawn as vectors on a PDF page, from the same domain geometry the canvas uses."""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.pdfgen.canvas import FILL_NON_ZERO
from reportlab.platypus.flowables import Flowable

from couplecanvas.domain.board import (
    HINT_COLOUR,
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
    Point as RoutePoint,
    Rect,
    RectIndex,
    arrow_course,
    arrow_head,
    points_bounds,
    polyline_point,
    polyline_trimmed,
    rounded_course,
)
from couplecanvas.export.handout_data import BoardSnapshot, MapCard, MapConnector, MapStroke, Story
from couplecanvas.export.map_geometry import (
    Point,
    quad_bounds,
    quad_point,
    quad_to_cubic,
    quad_trimmed_end,
    stroke_outline,
    thinned,
)
from couplecanvas.export.text_fit import LEADING, fit_text, string_width

# Sizes in board units (1 unit = 1 px on the canvas at 100 %); they shrink with the board.
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
# A card's words shrink to at most this share of the board's own size before they are cut with '…':
# smaller would be unreadable on paper.
MIN_FONT_SHARE = 0.55
# Limits in PDF points, so a crowded board stays a drawing rather than a smudge.
MIN_CARD_FONT = 2.0
MIN_LINE_WIDTH = 0.3

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
# The bundled DejaVu Sans has no italic face: an empty slot's prompt leans by this many degrees instead.
HINT_SLANT = 10.0

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
            return (self.start[0] + (self.end[0] - self.start[0]) * t, self.start[1] + (self.end[1] - self.start[1]) * t)
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


class BoardMap(Flowable):
    """The whole board scaled to the frame width and `max_height`, keeping its aspect, drawn with vectors.

    Where less than `max_height` is left on the page, the map shrinks to the room left (minus `reserve`, for what must
    follow it on the same page), but never below `min_height`: then it moves to the next page instead.
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
    ) -> None:
        super().__init__()
        self.board = board
        self.partner_colours = partner_colours
        self.font = font
        self.bold_font = bold_font or font
        self.max_height = max_height
        self.min_height = min(min_height, max_height)
        self.reserve = reserve
        self.max_scale = max_scale
        bounds = board.bounds() or Rect(0, 0, 1, 1)
        # Every arrow's course is worked out once, against the cards near it (as on the canvas): a route around cards
        # may run past the cards' bounds, so the map grows to hold it.
        self.courses = self._courses(board)
        for course in self.courses:
            if course is not None and course.route:
                bounds = bounds.united(course.bounds())
        for card in board.cards:
            tag = self._story_tag(card)
            if tag is not None:
                bounds = bounds.united(tag[1])
        self.bounds = bounds.adjusted(BOARD_MARGIN)
        self.scale = 1.0
        self._offset_x = 0.0

    @staticmethod
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

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N802, N803 (ReportLab API)
        b = self.bounds
        room = availHeight - self.reserve
        height = min(self.max_height, room) if room >= self.min_height else self.max_height
        self.scale = min(availWidth / b.w, height / b.h, self.max_scale)
        drawn_width = b.w * self.scale
        self._offset_x = max(0.0, (availWidth - drawn_width) / 2)
        self.width = availWidth
        self.height = b.h * self.scale
        return self.width, self.height

    # -- board units -> points (the board's y grows downward, the page's upward) ----------------------------------
    def _x(self, x: float) -> float:
        return self._offset_x + (x - self.bounds.x) * self.scale

    def _y(self, y: float) -> float:
        return self.height - (y - self.bounds.y) * self.scale

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setLineJoin(1)
        canv.setLineCap(1)
        labels = []
        for connector, course in zip(self.board.connectors, self.courses):
            if course is not None:
                self._draw_connector(connector, course)
                if connector.label:
                    labels.append((course, connector.label))
        # Cards and ink stack as on the canvas: by z, cards first where z is equal; arrows run under both.
        layers: list[MapCard | MapStroke] = [*self.board.cards, *self.board.strokes]
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

    def _story_tag(self, card: MapCard) -> tuple[str, Rect] | None:
        """A reframe card's tag and its box in board units (it straddles the card's top edge), or None."""
        if card.story is Story.NONE or not all(math.isfinite(v) for v in (card.rect.x, card.rect.y)):
            return None
        text = STORY_TAGS[card.story]
        width = string_width(text, self.bold_font, STORY_TAG_FONT_SIZE) + STORY_TAG_FONT_SIZE
        height = STORY_TAG_FONT_SIZE * 1.5
        inset = STORY_TAG_INSET if card.rect.w >= width + 2 * STORY_TAG_INSET else 0.0
        return text, Rect(card.rect.x + inset, card.rect.y - height / 2, width, height)

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
        font = self.font
        size = CARD_FONT_SIZE * s
        story_colour = {Story.OLD: OLD_STORY_COLOUR, Story.NEW: REFRAME_COLOUR}.get(card.story)
        if card.kind == CardKind.LABEL:
            # Plain words on the board: no box, bold, a little larger.
            font = self.bold_font
            size = TEXT_LABEL_FONT_SIZE * s
        elif card.kind == CardKind.NOTE:
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
        if card.text.strip():
            self._draw_card_text(card.text, font, size, x, y, w, h)
        elif card.hint:
            # An empty slot shows its prompt, quiet and leaning, so a blank template still reads on paper.
            self._draw_card_text(card.hint, self.font, CARD_FONT_SIZE * s, x, y, w, h, HINT_COLOUR, HINT_SLANT)
        self._draw_story_tag(card)

    def _draw_story_tag(self, card: MapCard) -> None:
        tag = self._story_tag(card)
        if tag is None:
            return
        text, box = tag
        s = self.scale
        colour = colors.HexColor(OLD_STORY_COLOUR if card.story is Story.OLD else REFRAME_COLOUR)
        x, y, w, h = self._x(box.x), self._y(box.bottom), box.w * s, box.h * s
        size = max(MIN_CARD_FONT, STORY_TAG_FONT_SIZE * s)
        canv = self.canv
        canv.setFillColor(colour)
        canv.roundRect(x, y, w, h, h / 2, stroke=0, fill=1)
        canv.setFillColor(colors.white)
        canv.setFont(self.bold_font, size)
        canv.drawCentredString(x + w / 2, y + h / 2 - size * 0.35, text)

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
        self,
        text: str,
        font: str,
        size: float,
        x: float,
        y: float,
        w: float,
        h: float,
        colour: colors.Color | str = TEXT_COLOUR,
        slant: float = 0.0,
    ) -> None:
        pad = CARD_PADDING * self.scale
        min_size = max(MIN_CARD_FONT, size * MIN_FONT_SHARE)
        size, lines = fit_text(text, font, size, w - 2 * pad, h - 2 * pad, min_size)
        if not lines:
            return
        canv = self.canv
        leading = size * LEADING
        top = y + h / 2 + len(lines) * leading / 2
        canv.setFillColor(colors.HexColor(colour) if isinstance(colour, str) else colour)
        canv.setFont(font, size)
        centre_x = x + w / 2
        for index, line in enumerate(lines):
            # Baseline a little below the middle of the line's slot, so the text looks centred.
            baseline = top - index * leading - leading / 2 - size * 0.35
            if slant:
                canv.saveState()
                canv.translate(centre_x, baseline)
                canv.skew(0, slant)
                canv.drawCentredString(0, 0, line)
                canv.restoreState()
            else:
                canv.drawCentredString(centre_x, baseline, line)

    def _place_label(self, course: Course, box_w: float, box_h: float, placed: list[Rect]) -> Rect:
        """The label's box in board units: at the midpoint if free, else at the nearest free spot along the arrow."""
        area = course.bounds()
        left, right = area.x - box_w / 2, area.right + box_w / 2
        top, bottom = area.y - box_h / 2, area.bottom + box_h / 2
        obstacles = [
            card.rect
            for card in self.board.cards
            if card.rect.x < right and card.rect.right > left and card.rect.y < bottom and card.rect.bottom > top
        ]
        gap = box_h * 0.3
        obstacles.extend(other.adjusted(gap) for other in placed)
        for t in LABEL_POSITIONS:
            px, py = course.at(t)
            box = Rect(px - box_w / 2, py - box_h / 2, box_w, box_h)
            if not any(_overlaps(box, other) for other in obstacles):
                return box
        px, py = course.at(0.5)
        return Rect(px - box_w / 2, py - box_h / 2, box_w, box_h)

    def _draw_label(self, course: Course, label: str, placed: list[Rect]) -> None:
        s = self.scale
        size = max(MIN_CARD_FONT, LABEL_FONT_SIZE * s)
        size, lines = fit_text(label, self.font, size, LABEL_MAX_WIDTH * s, size * LEADING * 3, size)
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


def _overlaps(a: Rect, b: Rect) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom
