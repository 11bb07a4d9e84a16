"""'When our cycle starts': the plan for the fridge laid out on one page in large type (see export.plan_data).

The page is one flowable that lays itself out: our words and the couple's, in three steps (spot it, pause, come back
softly), both partners side by side with the same room. It always fits one page, whatever the words:

- the whole page is drawn at the largest type that fits (up to MAX_SCALE of the base sizes, down to MIN_SCALE);
- each of the couple's fields has a most number of lines (FIELD_LINES); longer words first shrink one step
  (SHRINK), and what still does not fit is cut with '…'. The fields cut are logged by name (never their words) and
  kept on the flowable (`PlanPage.cut`).

A field the board leaves empty is a line to write on by hand.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.platypus.flowables import Flowable, PageBreak

from couplecanvas.domain.spelling import to_spelling
from couplecanvas.export.bidi_text import base_direction, shaped, visual_runs
from couplecanvas.export.board_map import darker, parse_colour
from couplecanvas.export.fonts import BOLD, REGULAR
from couplecanvas.export.handout_style import ACCENT, INK, NOTE_EDGE, NOTE_FILL, RULE, SOFT_INK
from couplecanvas.export.homework_data import STOP_RULE
from couplecanvas.export.plan_data import PlanCard
from couplecanvas.export.text_fit import ELLIPSIS, LEADING, break_word, string_width

if TYPE_CHECKING:
    from couplecanvas.export.handout_data import HandoutData
    from couplecanvas.export.handout_pdf import HandoutRenderer

log = logging.getLogger(__name__)

MAX_SCALE = 1.3
"""The type grows up to this share of the base sizes to fill the page (large print: LARGE_MAX_SCALE)."""
LARGE_MAX_SCALE = 1.5
MIN_SCALE = 0.5
"""The type never gets smaller than this share of the base sizes: long words are cut before that."""
SHRINK = 0.85
"""A field longer than its lines is tried once at this share of its size before it is cut."""
FIELD_LINES = {"cycle_name": 2, "spot_it": 3, "pause": 2, "come_back": 2, "early_signs": 3, "calm_down": 3,
               "deep_down": 3, "needed": 3, "repair_phrases": 2}
"""The most lines each of the couple's fields may take on the page (per phrase for the repair phrases)."""
GUTTER = 18.0
"""Between the two partners' columns (points)."""

# Every word of our own on the page, for a later translation (spelled as the practice spells, see `plan_text`).
PLAN_TEXT = {
    "title": "When our cycle starts",
    "subtitle": "{a} and {b}: your plan for the moments the cycle shows up. Keep it where you both can see it.",
    "spot": "Spot it",
    "name": "Your name for it:",
    "signs": "The first signs, in your body",
    "say": "Then one of you can say",
    "pause": "Pause",
    "break": "Take a break of",
    "come_back": "Say when you'll be back: “I'll come back at",
    "come_back_end": "”",
    "break_tip": (
        "Twenty minutes or more gives a racing heart time to settle. Saying when you'll be back keeps the pause "
        "from feeling like leaving."
    ),
    "calm": "While you're apart, one way each of you calms down",
    "soft": "Come back softly",
    "soft_intro": "Start with what was underneath, not with who was right",
    "deep_down": "Deep down I felt",
    "deep_down_end": ";",
    "needed": "I needed",
    "needed_end": ".",
    "repair": "Words that help you find each other again",
    "enemy": "The cycle is the problem, not either of you.",
    "stop": STOP_RULE,
    "pdf_title": "When our cycle starts – {date}",
}


def plan_text(spelling: str) -> dict[str, str]:
    """The page's own words (PLAN_TEXT) in the practice's spelling, "UK" as written or "US"."""
    return {key: to_spelling(value, spelling) for key, value in PLAN_TEXT.items()}


# -- pieces of the page -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Run:
    """Words in one font, size and colour; `blank` instead of words is a line to write on, `field` names the couple's
    field the words come from ('' for our own)."""

    text: str
    font: str = REGULAR
    size: float = 12.0
    colour: colors.Color = INK
    blank: bool = False
    field: str = ""


@dataclass
class _Laid:
    """A paragraph laid out at one scale: its lines of (run, words) pieces, its height and whether it was cut."""

    lines: list[list[tuple[Run, str, float]]]
    line_heights: list[float]
    cut: bool = False

    @property
    def height(self) -> float:
        return sum(self.line_heights)


class Piece:
    """A part of the page that measures itself at a scale and draws itself from its top edge."""

    space_after = 0.0

    def height(self, width: float, k: float) -> float:
        raise NotImplementedError

    def draw(self, canvas, x: float, top: float, width: float, k: float) -> None:
        raise NotImplementedError

    def cut_fields(self, width: float, k: float) -> set[str]:
        return set()


class Text(Piece):
    """Runs wrapped as one paragraph, at most `lines` lines (0: no limit); a blank run takes the rest of its line
    (at least `blank_share` of the width)."""

    def __init__(self, runs: Sequence[Run], lines: int = 0, space_after: float = 0.0, blank_share: float = 0.45):
        self.runs = tuple(runs)
        self.max_lines = lines
        self.space_after = space_after
        self.blank_share = blank_share
        self._cache: dict[tuple[float, float], _Laid] = {}

    def layout(self, width: float, k: float) -> _Laid:
        key = (round(width, 3), round(k, 4))
        if key not in self._cache:
            laid = self._wrap(width, k, 1.0)
            if self.max_lines and len(laid.lines) > self.max_lines:
                laid = self._wrap(width, k, SHRINK)
                if len(laid.lines) > self.max_lines:
                    laid = self._cut(laid, width)
            self._cache[key] = laid
        return self._cache[key]

    def _wrap(self, width: float, k: float, shrink: float) -> _Laid:
        lines: list[list[tuple[Run, str, float]]] = [[]]
        heights: list[float] = [0.0]
        used = 0.0
        for index, run in enumerate(self.runs):
            # Our own words keep their size; only the couple's words shrink before they are cut.
            size = run.size * k * (shrink if run.field else 1.0)
            if run.blank:
                least = min(width, max(width * self.blank_share, 3 * size))
                if used and width - used < least:
                    lines.append([])
                    heights.append(0.0)
                    used = 0.0
                room = max(width - used - self._closing(index, k), least)
                lines[-1].append((run, "", room))
                heights[-1] = max(heights[-1], size * LEADING * 1.45)  # room to write by hand
                used += room
                continue
            space = string_width(" ", run.font, size)
            for paragraph_index, paragraph in enumerate(run.text.splitlines() or [""]):
                if paragraph_index and lines[-1]:
                    lines.append([])
                    heights.append(0.0)
                    used = 0.0
                for word in shaped(paragraph).split():  # Arabic letters joined before they are measured
                    for piece in _pieces(word, run.font, size, width):
                        piece_width = string_width(piece, run.font, size)
                        gap = space if used and lines[-1] and not _hugs(piece) else 0.0
                        if used and used + gap + piece_width > width:
                            lines.append([])
                            heights.append(0.0)
                            used, gap = 0.0, 0.0
                        lines[-1].append((run, piece, size))
                        heights[-1] = max(heights[-1], size * LEADING)
                        used += gap + piece_width
        while len(lines) > 1 and not lines[-1]:
            lines.pop()
            heights.pop()
        return _Laid(lines, heights)

    def _closing(self, index: int, k: float) -> float:
        """The room kept after a line to write on for the punctuation that closes its sentence ('.', '”')."""
        if index + 1 >= len(self.runs):
            return 0.0
        after = self.runs[index + 1]
        if after.blank or len(after.text.strip()) > 2:
            return 0.0
        return string_width(after.text.strip(), after.font, after.size * k) + 1.0

    def _cut(self, laid: _Laid, width: float) -> _Laid:
        """The first lines only, the last one ending in '…' (within the width)."""
        lines = [list(line) for line in laid.lines[: self.max_lines]]
        last = lines[-1]
        while last:
            run, word, size = last[-1]
            if run.blank:
                break
            total = _line_width(last[:-1]) + (string_width(" ", run.font, size) if len(last) > 1 else 0.0)
            room = width - total
            trimmed = word
            while trimmed and string_width(trimmed + ELLIPSIS, run.font, size) > room:
                trimmed = trimmed[:-1]
            if trimmed or room >= string_width(ELLIPSIS, run.font, size):
                last[-1] = (run, trimmed.rstrip() + ELLIPSIS, size)
                break
            last.pop()
        return _Laid(lines, laid.line_heights[: self.max_lines], cut=True)

    def height(self, width: float, k: float) -> float:
        return self.layout(width, k).height + self.space_after * k

    def cut_fields(self, width: float, k: float) -> set[str]:
        if not self.layout(width, k).cut:
            return set()
        return {run.field for run in self.runs if run.field}

    def draw(self, canvas, x: float, top: float, width: float, k: float) -> None:
        laid = self.layout(width, k)
        y = top
        for line, line_height in zip(laid.lines, laid.line_heights):
            y -= line_height
            baseline = y + line_height * 0.24
            cursor = x
            for run, word, size in _visual(line):
                if run is None:  # the space between two words
                    cursor += string_width(" ", word, size)
                    continue
                if run.blank:
                    canvas.saveState()
                    canvas.setStrokeColor(SOFT_INK)
                    canvas.setLineWidth(0.8)
                    canvas.line(cursor + 4, baseline - 1, cursor + size - 2, baseline - 1)
                    canvas.restoreState()
                    cursor += size
                    continue
                canvas.setFont(run.font, size)
                canvas.setFillColor(run.colour)
                canvas.drawString(cursor, baseline, word)
                cursor += string_width(word, run.font, size)


_BLANK = "\ufffc"
"""A line to write on, as the bidi algorithm sees it: a neutral object that takes the direction around it."""


def _visual(line: list[tuple[Run, str, float]]) -> list[tuple[Run | None, str, float]]:
    """A line's words in the order they are drawn, left to right, by the shared bidi rule (bidi_text.visual_runs):
    (run, the characters as drawn, size), with (None, font, size) for the space between two words; a word whose
    direction changes inside it comes back in parts, with no space between them."""
    pieces: list[str] = []
    owners: list[tuple[Run | None, str, float]] = []
    for index, (run, word, size) in enumerate(line):
        if index and not run.blank and not _hugs(word):  # a line to write on takes its own room, no space
            pieces.append(" ")
            owners.append((None, run.font, size))
        pieces.append(_BLANK if run.blank else word)
        owners.append((run, word, size))
    base = base_direction("".join(pieces))
    drawn: list[tuple[Run | None, str, float]] = []
    for index, text in visual_runs(pieces, base):
        owner, word, size = owners[index]
        drawn.append((owner, word if owner is None else text, size))
    return drawn


def _hugs(word: str) -> bool:
    """Punctuation that closes a sentence after a line to write on sits right after it."""
    return bool(word) and word[0] in ".;,:”’)"


def _pieces(word: str, font: str, size: float, width: float) -> list[str]:
    """A word as it fits the width: whole, or broken into pieces when it is wider than a line."""
    return [word] if string_width(word, font, size) <= width else break_word(word, font, size, width)


def _line_width(line: list[tuple[Run, str, float]]) -> float:
    total = 0.0
    for index, (run, word, size) in enumerate(line):
        if run.blank:
            total += size
            continue
        if index and not _hugs(word):
            total += string_width(" ", run.font, size)
        total += string_width(word, run.font, size)
    return total


class Gap(Piece):
    """Empty room; the spare room of the page is shared out among the gaps that `stretch`."""

    def __init__(self, points: float, stretch: bool = False) -> None:
        self.points = points
        self.stretch = stretch
        self.extra = 0.0

    def height(self, width: float, k: float) -> float:
        return self.points * k + self.extra

    def draw(self, canvas, x: float, top: float, width: float, k: float) -> None:
        return None


class Heading(Piece):
    """A step's number and name, over a thin rule."""

    def __init__(self, number: int, text: str) -> None:
        self.text = Text([Run(f"{number}.", BOLD, 21, ACCENT), Run(text, BOLD, 21, ACCENT)])

    def height(self, width: float, k: float) -> float:
        return self.text.height(width, k) + 6 * k

    def draw(self, canvas, x: float, top: float, width: float, k: float) -> None:
        self.text.draw(canvas, x, top, width, k)
        y = top - self.text.height(width, k) - 2 * k
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.8)
        canvas.line(x, y, x + width, y)
        canvas.restoreState()


class Stack(Piece):
    """Pieces one under the other."""

    def __init__(self, pieces: Sequence[Piece], space_after: float = 0.0) -> None:
        self.pieces = list(pieces)
        self.space_after = space_after

    def height(self, width: float, k: float) -> float:
        return sum(piece.height(width, k) for piece in self.pieces) + self.space_after * k

    def draw(self, canvas, x: float, top: float, width: float, k: float) -> None:
        for piece in self.pieces:
            piece.draw(canvas, x, top, width, k)
            top -= piece.height(width, k)

    def cut_fields(self, width: float, k: float) -> set[str]:
        return set().union(*(piece.cut_fields(width, k) for piece in self.pieces))


class Columns(Piece):
    """The two partners side by side, each with the same room and a bar in their colour."""

    def __init__(self, left: Piece, right: Piece, bars: tuple[colors.Color, colors.Color], space_after: float = 0.0):
        self.sides = (left, right)
        self.bars = bars
        self.space_after = space_after

    def _inner(self, width: float, k: float) -> tuple[float, float]:
        column = (width - GUTTER * k) / 2
        indent = 9 * k
        return column, column - indent

    def height(self, width: float, k: float) -> float:
        _, inner = self._inner(width, k)
        return max(side.height(inner, k) for side in self.sides) + self.space_after * k

    def draw(self, canvas, x: float, top: float, width: float, k: float) -> None:
        column, inner = self._inner(width, k)
        tall = max(side.height(inner, k) for side in self.sides)
        for index, side in enumerate(self.sides):
            left = x + index * (column + GUTTER * k)
            canvas.saveState()
            canvas.setFillColor(self.bars[index])
            canvas.rect(left, top - tall, 3 * k, tall, stroke=0, fill=1)
            canvas.restoreState()
            side.draw(canvas, left + (column - inner), top, inner, k)

    def cut_fields(self, width: float, k: float) -> set[str]:
        _, inner = self._inner(width, k)
        return set().union(*(side.cut_fields(inner, k) for side in self.sides))


class NoteBox(Piece):
    """Words in the handout's soft note box (as the spot-it line is printed under the cycle)."""

    def __init__(self, inside: Piece, space_after: float = 0.0) -> None:
        self.inside = inside
        self.space_after = space_after

    def _pad(self, k: float) -> float:
        return 9 * k

    def height(self, width: float, k: float) -> float:
        pad = self._pad(k)
        return self.inside.height(width - 2 * pad, k) + 2 * pad + self.space_after * k

    def draw(self, canvas, x: float, top: float, width: float, k: float) -> None:
        pad = self._pad(k)
        tall = self.inside.height(width - 2 * pad, k) + 2 * pad
        canvas.saveState()
        canvas.setFillColor(NOTE_FILL)
        canvas.rect(x, top - tall, width, tall, stroke=0, fill=1)
        canvas.setFillColor(NOTE_EDGE)
        canvas.rect(x, top - tall, 3 * k, tall, stroke=0, fill=1)
        canvas.restoreState()
        self.inside.draw(canvas, x + pad, top - pad, width - 2 * pad, k)

    def cut_fields(self, width: float, k: float) -> set[str]:
        return self.inside.cut_fields(width - 2 * self._pad(k), k)


# -- the page --------------------------------------------------------------------------------------------------------
def _value(text: str, field: str, font: str = BOLD, size: float = 17.0, colour: colors.Color = INK) -> Run:
    """The couple's words for a field, or a line to write on when there are none."""
    if text.strip():
        return Run(text.strip(), font, size, colour, field=field)
    return Run("", font, size, colour, blank=True, field=field)


def plan_pieces(plan: PlanCard, partner_colours: tuple[str, str], text: dict[str, str]) -> list[Piece]:
    """The page's pieces, top to bottom."""
    names = plan.names
    inks = tuple(darker(parse_colour(c, fallback="#5b6670"), 0.15) for c in partner_colours)
    bars = tuple(parse_colour(c, fallback="#5b6670") for c in partner_colours)
    lines = FIELD_LINES

    def label(words: str, size: float = 12.5) -> Text:
        return Text([Run(words, REGULAR, size, SOFT_INK)], space_after=3)

    def name(index: int) -> Text:
        return Text([Run(names[index], BOLD, 13.5, inks[index])], lines=1, space_after=1)

    def each(build) -> Columns:
        return Columns(Stack([name(0), *build(0)]), Stack([name(1), *build(1)]), (bars[0], bars[1]), space_after=8)

    spot_it = Text([_value(plan.spot_it, "spot_it", BOLD, 18)], lines=lines["spot_it"])
    return [
        Text([Run(text["title"], BOLD, 32, INK)], lines=2, space_after=2),
        Text([Run(text["subtitle"].format(a=names[0], b=names[1]), REGULAR, 13, SOFT_INK)], lines=3, space_after=0),
        Gap(10, stretch=True),
        Heading(1, text["spot"]),
        Text([Run(text["name"], REGULAR, 16, SOFT_INK), _value(plan.cycle_name, "cycle_name", BOLD, 23, ACCENT)],
             lines=lines["cycle_name"], space_after=6),
        label(text["signs"]),
        each(lambda i: [Text([_value(plan.early_signs[i], "early_signs", REGULAR, 17)],
                             lines=lines["early_signs"])]),
        NoteBox(Stack([label(text["say"], 12), spot_it])),
        Gap(8, stretch=True),
        Heading(2, text["pause"]),
        Text([Run(text["break"], REGULAR, 17), _value(plan.pause, "pause")], lines=lines["pause"], space_after=4),
        Text([Run(text["come_back"], REGULAR, 17), _value(plan.come_back, "come_back"),
              Run(text["come_back_end"], REGULAR, 17)], lines=lines["come_back"], space_after=4, blank_share=0.3),
        Text([Run(text["break_tip"], REGULAR, 12, SOFT_INK)], lines=3, space_after=7),
        label(text["calm"]),
        each(lambda i: [Text([_value(plan.calm_down[i], "calm_down", REGULAR, 17)], lines=lines["calm_down"])]),
        Gap(8, stretch=True),
        Heading(3, text["soft"]),
        label(text["soft_intro"]),
        each(lambda i: [
            Text([Run(text["deep_down"], REGULAR, 16), _value(plan.deep_down[i], "deep_down", BOLD, 16),
                  Run(text["deep_down_end"], REGULAR, 16)], lines=lines["deep_down"], space_after=3,
                 blank_share=0.5),
            Text([Run(text["needed"], REGULAR, 16), _value(plan.needed[i], "needed", BOLD, 16),
                  Run(text["needed_end"], REGULAR, 16)], lines=lines["needed"], blank_share=0.5),
        ]),
        label(text["repair"]),
        *(
            Text([Run(f"{n}.", BOLD, 17, ACCENT), _value(phrase, "repair_phrases", REGULAR, 17)],
                 lines=lines["repair_phrases"], space_after=4, blank_share=0.8)
            for n, phrase in enumerate(plan.repair_phrases, start=1)
        ),
        Gap(8, stretch=True),
        Text([Run(text["enemy"], BOLD, 12.5, INK), Run(text["stop"], REGULAR, 12.5, SOFT_INK)], lines=4),
    ]


class PlanPage(Flowable):
    """The whole plan as one flowable that takes the whole frame and is drawn at the largest type that fits."""

    def __init__(self, plan: PlanCard, partner_colours: tuple[str, str], large_print: bool = False,
                 frame_height: float | None = None) -> None:
        super().__init__()
        self.plan = plan
        self.pieces = plan_pieces(plan, partner_colours, plan_text(plan.spelling))
        self.max_scale = LARGE_MAX_SCALE if large_print else MAX_SCALE
        self.frame_height = frame_height
        """The height of a whole page's frame: with less room than this the page waits for a new page."""
        self.scale = 1.0
        self.cut: tuple[str, ...] = ()
        """The couple's fields cut with '…' to fit (their names in PlanCard)."""

    def _height(self, width: float, k: float) -> float:
        return sum(piece.height(width, k) for piece in self.pieces)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        if self.frame_height is not None and availHeight < self.frame_height - 1:
            return availWidth, self.frame_height  # never squeezed under other words: on a page of its own
        room = availHeight - 1  # a hair under the frame, so rounding never pushes it to a page of its own
        low, high = MIN_SCALE, self.max_scale
        if self._height(availWidth, high) <= room:
            k = high
        else:
            for _ in range(18):  # bisection: the heights grow with the scale
                middle = (low + high) / 2
                if self._height(availWidth, middle) <= room:
                    low = middle
                else:
                    high = middle
            k = low
        self.scale = k
        spare = max(0.0, room - self._height(availWidth, k))
        gaps = [piece for piece in self.pieces if isinstance(piece, Gap) and piece.stretch]
        for gap in gaps:
            gap.extra = min(spare / len(gaps), 40.0) if gaps else 0.0
        cut = set().union(*(piece.cut_fields(availWidth, k) for piece in self.pieces))
        self.cut = tuple(sorted(cut))
        if self.cut:
            log.info("plan card: cut with '…' to fit one page: %s", ", ".join(self.cut))
        self.width, self.height = availWidth, min(availHeight, self._height(availWidth, k))
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 (ReportLab API)
        return []  # one page, never two

    def draw(self) -> None:
        top = self.height
        for piece in self.pieces:
            piece.draw(self.canv, 0.0, top, self.width, self.scale)
            top -= piece.height(self.width, self.scale)


def plan_card_flowables(renderer: HandoutRenderer, plan: PlanCard) -> list[Flowable]:
    """The plan on a page of its own."""
    large = renderer.look.text_scale > 1.0
    return [PageBreak(), PlanPage(plan, renderer.data.partner_colours, large, renderer.frame_size()[1])]


@lru_cache(maxsize=1)
def _plan_renderer() -> type:
    """A handout renderer whose story is the plan alone: the same paper, margins and footer as the handout.
    (Made on first use: handout_pdf imports this module.)"""
    from couplecanvas.export.handout_pdf import HandoutRenderer

    class PlanRenderer(HandoutRenderer):
        def __init__(self, data: HandoutData, page_size: str = "A4", large_print: bool = False) -> None:
            super().__init__(data, page_size, large_print)
            own = plan_text(data.spelling)
            self.text = {**self.text, "pdf_title": own["pdf_title"]}  # type: ignore[has-type]  # cycle with handout_pdf

        def story(self, frame_height: float) -> list[Flowable]:
            plan = self.data.plan
            assert plan is not None
            return [PlanPage(plan, self.data.partner_colours, self.look.text_scale > 1.0, frame_height)]

    return PlanRenderer


def render_plan_card(
    data: HandoutData, *, page_size: str = "A4", large_print: bool = False, deterministic: bool = False
) -> bytes:
    """The plan for the fridge alone, as a one-page PDF with the handout's footer; `data` must hold a plan
    (assemble_handout with plan_card=True)."""
    if data.plan is None:
        raise ValueError("this handout was assembled without its plan card (plan_card=False)")
    return _plan_renderer()(data, page_size, large_print).build(deterministic=deterministic)


__all__ = ["PLAN_TEXT", "PlanPage", "plan_card_flowables", "plan_text", "render_plan_card"]
