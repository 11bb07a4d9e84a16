"""The board drawn as vectors on a PDF page, from the same domain geometry the canvas uses."""

from __future__ import annotations

import math

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.flowables import Flowable

from couplecanvas.domain.board import NEUTRAL_CARD_COLOUR
from couplecanvas.domain.couple import PartnerRole
from couplecanvas.domain.geometry import Rect, arrow_head, connector_segment
from couplecanvas.export.handout_data import BoardSnapshot

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
LEADING = 1.22
# A card's words shrink to at most this share of the board's own size before they are cut with '…':
# smaller would be unreadable on paper.
MIN_FONT_SHARE = 0.55
# Limits in PDF points, so a crowded board stays a drawing rather than a smudge.
MIN_CARD_FONT = 2.0
MIN_LINE_WIDTH = 0.3

TEXT_COLOUR = colors.HexColor("#26303a")
ARROW_COLOUR = colors.HexColor("#5b6670")
LABEL_TEXT_COLOUR = colors.HexColor("#3d4852")
LABEL_BORDER = colors.HexColor("#d5dae0")
ELLIPSIS = "…"


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


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    """Split a word too wide for the line into pieces that fit (at least one character each)."""
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and stringWidth(current + char, font, size) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap honouring the card's own line breaks; words wider than a line are broken."""
    lines: list[str] = []
    space = stringWidth(" ", font, size)
    for paragraph in text.splitlines() or [""]:
        current = ""
        current_width = 0.0
        for word in paragraph.split():
            word_width = stringWidth(word, font, size)
            if word_width > width:
                if current:
                    lines.append(current)
                *full, current = _break_word(word, font, size, width)
                lines.extend(full)
                current_width = stringWidth(current, font, size)
            elif not current:
                current, current_width = word, word_width
            elif current_width + space + word_width <= width:
                current += " " + word
                current_width += space + word_width
            else:
                lines.append(current)
                current, current_width = word, word_width
        lines.append(current)
    # Blank lines inside the text are kept, but not at the ends.
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


def _ellipsize(line: str, font: str, size: float, width: float) -> str:
    while line and stringWidth(line + ELLIPSIS, font, size) > width:
        line = line[:-1]
    return line.rstrip() + ELLIPSIS


def fit_text(
    text: str, font: str, size: float, width: float, height: float, min_size: float
) -> tuple[float, list[str]]:
    """The largest font size (from `size` down to `min_size`) whose wrapped lines fit; else truncated with '…'."""
    if width <= 0 or height <= 0 or not text.strip():
        return size, []
    min_size = min(size, min_size)
    while True:
        lines = wrap_lines(text, font, size, width)
        if len(lines) * size * LEADING <= height:
            return size, lines
        if size <= min_size:
            break
        size = max(min_size, size * 0.9)
    max_lines = max(1, int(height // (size * LEADING)))
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _ellipsize(lines[-1], font, size, width)
    return size, lines


class BoardMap(Flowable):
    """The whole board scaled to the frame width and `max_height`, keeping its aspect, drawn with vectors."""

    def __init__(
        self,
        board: BoardSnapshot,
        partner_colours: dict[PartnerRole, str],
        *,
        font: str,
        max_height: float,
        max_scale: float = 1.0,
    ) -> None:
        super().__init__()
        self.board = board
        self.partner_colours = partner_colours
        self.font = font
        self.max_height = max_height
        self.max_scale = max_scale
        bounds = board.bounds() or Rect(0, 0, 1, 1)
        self.bounds = bounds.adjusted(BOARD_MARGIN)
        self.scale = 1.0
        self._offset_x = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N802, N803 (ReportLab API)
        b = self.bounds
        self.scale = min(availWidth / b.w, self.max_height / b.h, self.max_scale)
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
        for connector in self.board.connectors:
            segment = self._draw_connector(connector.source, connector.target)
            if segment and connector.label:
                labels.append((segment, connector.label))
        for card in self.board.cards:
            self._draw_card(card.text, card.rect, card.colour, card.partner)
        placed: list[Rect] = []
        for segment, label in labels:
            self._draw_label(segment, label, placed)
        canv.restoreState()

    def _line_width(self, units: float) -> float:
        return max(MIN_LINE_WIDTH, units * self.scale)

    def _draw_connector(self, source: Rect, target: Rect) -> tuple[float, float, float, float] | None:
        x1, y1, x2, y2 = connector_segment(source, target)
        length = math.hypot(x2 - x1, y2 - y1)
        if not all(math.isfinite(v) for v in (x1, y1, x2, y2)) or length < 1e-6:
            return None
        head_size = min(ARROW_HEAD, length * 0.6)
        head = arrow_head(x1, y1, x2, y2, size=head_size)
        # The shaft stops at the back of the head so its round cap cannot poke through the tip.
        back = head_size * math.cos(math.radians(26))
        bx, by = x2 - (x2 - x1) / length * back, y2 - (y2 - y1) / length * back
        canv = self.canv
        canv.setStrokeColor(ARROW_COLOUR)
        canv.setFillColor(ARROW_COLOUR)
        canv.setLineWidth(self._line_width(ARROW_WIDTH))
        canv.line(self._x(x1), self._y(y1), self._x(bx), self._y(by))
        path = canv.beginPath()
        path.moveTo(self._x(head[0][0]), self._y(head[0][1]))
        for hx, hy in head[1:]:
            path.lineTo(self._x(hx), self._y(hy))
        path.close()
        canv.setLineWidth(self._line_width(0.8))
        canv.drawPath(path, stroke=1, fill=1)
        return x1, y1, x2, y2

    def _draw_card(self, text: str, rect: Rect, colour: str, partner: PartnerRole | None) -> None:
        if not all(math.isfinite(v) for v in (rect.x, rect.y, rect.w, rect.h)) or rect.w <= 0 or rect.h <= 0:
            return
        s = self.scale
        fill = parse_colour(colour)
        if partner is not None and partner in self.partner_colours:
            border = parse_colour(self.partner_colours[partner], fallback="#5b6670")
            border_width = self._line_width(2.0)
        else:
            border = darker(fill)
            border_width = self._line_width(1.0)
        x, y, w, h = self._x(rect.x), self._y(rect.bottom), rect.w * s, rect.h * s
        canv = self.canv
        canv.setFillColor(fill)
        canv.setStrokeColor(border)
        canv.setLineWidth(border_width)
        canv.roundRect(x, y, w, h, min(CARD_RADIUS * s, w / 4, h / 4), stroke=1, fill=1)

        pad = CARD_PADDING * s
        size = CARD_FONT_SIZE * s
        min_size = max(MIN_CARD_FONT, size * MIN_FONT_SHARE)
        size, lines = fit_text(text, self.font, size, w - 2 * pad, h - 2 * pad, min_size)
        if not lines:
            return
        leading = size * LEADING
        top = y + h / 2 + len(lines) * leading / 2
        canv.setFillColor(TEXT_COLOUR)
        canv.setFont(self.font, size)
        centre_x = x + w / 2
        for index, line in enumerate(lines):
            # Baseline a little below the middle of the line's slot, so the text looks centred.
            baseline = top - index * leading - leading / 2 - size * 0.35
            canv.drawCentredString(centre_x, baseline, line)

    def _place_label(
        self, segment: tuple[float, float, float, float], box_w: float, box_h: float, placed: list[Rect]
    ) -> Rect:
        """The label's box in board units: at the midpoint if free, else at the nearest free spot along the arrow."""
        x1, y1, x2, y2 = segment
        left, right = min(x1, x2) - box_w / 2, max(x1, x2) + box_w / 2
        top, bottom = min(y1, y2) - box_h / 2, max(y1, y2) + box_h / 2
        obstacles = [
            card.rect
            for card in self.board.cards
            if card.rect.x < right and card.rect.right > left and card.rect.y < bottom and card.rect.bottom > top
        ]
        gap = box_h * 0.3
        obstacles.extend(other.adjusted(gap) for other in placed)
        for t in LABEL_POSITIONS:
            box = Rect(x1 + (x2 - x1) * t - box_w / 2, y1 + (y2 - y1) * t - box_h / 2, box_w, box_h)
            if not any(_overlaps(box, other) for other in obstacles):
                return box
        return Rect((x1 + x2 - box_w) / 2, (y1 + y2 - box_h) / 2, box_w, box_h)

    def _draw_label(self, segment: tuple[float, float, float, float], label: str, placed: list[Rect]) -> None:
        s = self.scale
        size = max(MIN_CARD_FONT, LABEL_FONT_SIZE * s)
        size, lines = fit_text(label, self.font, size, LABEL_MAX_WIDTH * s, size * LEADING * 3, size)
        if not lines:
            return
        leading = size * LEADING
        text_width = max(stringWidth(line, self.font, size) for line in lines)
        pad_x, pad_y = size * 0.5, size * 0.25
        box_w, box_h = text_width + 2 * pad_x, len(lines) * leading + 2 * pad_y
        box = self._place_label(segment, box_w / s, box_h / s, placed)
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
