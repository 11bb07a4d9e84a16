"""The handout's later sections, the "I feel" card and the week's homework with a tick grid per day, and the small
pieces of layout the sections share: boxed notes, markup of typed text, keeping parts together on a page."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.flowables import Flowable, KeepTogether, Spacer
from reportlab.platypus.tables import Table, TableStyle

from couplecanvas.domain.homework import WEEKDAYS
from couplecanvas.domain.spelling import to_spelling
from couplecanvas.export.bidi_text import TypedParagraph, base_direction
from couplecanvas.export.board_map import BoardMap
from couplecanvas.export.fonts import REGULAR
from couplecanvas.export.handout_style import (
    ACCENT,
    CARD_EDGE,
    CARD_FILL,
    GRID_HEAD,
    GRID_LINE,
    NOTE_EDGE,
    NOTE_FILL,
    SOFT_INK,
    TEXT,
    Look,
)
from couplecanvas.export.homework_data import HomeworkEntry

Styles = dict[str, ParagraphStyle]
Words = dict[str, Any]
"""The handout's own words (handout_style.TEXT), in one spelling."""

ROOMY_SHARE = 1 / 4
"""An exercise longer than a page (its title, steps and grid alone, see ExerciseOnPaper) starts where it is when at
least this share of a page is left, rather than leaving the space blank."""


def handout_text(spelling: str) -> Words:
    """The handout's own words (TEXT) in the practice's spelling, "UK" as written or "US"."""

    def spelled(value: object) -> object:
        if isinstance(value, str):
            return to_spelling(value, spelling)
        if isinstance(value, tuple):
            return tuple(spelled(part) for part in value)
        return value

    return {key: spelled(value) for key, value in TEXT.items()}


def tint(colour: colors.Color, share: float) -> colors.Color:
    """The colour mixed with white paper: `share` of the colour is kept (0..1)."""
    return colors.Color(*(1 - share + share * part for part in (colour.red, colour.green, colour.blue)))


def markup(text: str) -> str:
    """Text typed by a person, made safe for Paragraph markup; its line breaks are kept. Give it to a TypedParagraph
    (bidi_text), which joins Arabic letters and draws right-to-left lines in reading order."""
    return "<br/>".join(escape(line) for line in text.strip().splitlines())


def hex_of(colour: colors.Color) -> str:
    """'3b6e8f' for use in Paragraph markup."""
    return colour.hexval()[2:]


def stacked_height(flowables: list[Flowable], width: float) -> float:
    """The height of flowables one under the other, their spacing included (a little generous: ReportLab drops the
    space before the first one at the top of a page)."""
    return sum(f.wrap(width, 1e6)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)


class MapWithWords(KeepTogether):
    """The map's heading and intro, the map and its legend on one page: the map shrinks to the room left (down to its
    `min_height`) rather than leaving its heading alone at the foot of a page."""

    def __init__(self, before: list[Flowable], board_map: BoardMap, after: list[Flowable]) -> None:
        super().__init__([*before, board_map, *after])
        self._before = before
        self._map = board_map
        self._after = after

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803 (ReportLab API)
        self._map.reserve = stacked_height(self._after, aW)
        if stacked_height(self._before, aW) + self._map.reserve + self._map.min_height <= aH:
            return [*self._before, self._map, *self._after]
        return super().split(aW, aH)


class KeepTogetherUnlessRoomy(KeepTogether):
    """Keeps its head and the rest on one page, except when they do not fit and at least `room` points are left:
    then they start here (the head whole) and flow on, each later part keeping its own rules."""

    def __init__(self, head: list[Flowable], rest: list[Flowable], room: float) -> None:
        super().__init__([*head, *rest])
        self._head = head
        self._rest = rest
        self._room = room

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803 (ReportLab API)
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._H > aH and aH >= self._room and stacked_height(self._head, aW) <= aH:
            return [*self._head, *self._rest]
        return super().split(aW, aH)


def _soft_style(top: float, bottom: float) -> list[tuple]:
    """The soft box's look (a warm fill with a warm edge on the left), `top` and `bottom` its padding."""
    return [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("BACKGROUND", (0, 0), (-1, -1), NOTE_FILL),
        ("LINEBEFORE", (0, 0), (0, -1), 2.5, NOTE_EDGE),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), top),
        ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
    ]


class BoxOfWords(Table):
    """A box of typed words (one cell) that moves to the next page whole when it fits on a page, and breaks inside
    its cell only when it is taller than a whole page: forty lines of a card or pages of a note flow on, rather than
    stopping the handout with ReportLab's LayoutError (a one-cell table cannot otherwise split)."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 (ReportLab API)
        frame = getattr(getattr(getattr(self, "canv", None), "_doctemplate", None), "frame", None)
        if frame is not None:
            page = frame._height - frame._topPadding - frame._bottomPadding
            if self.wrap(availWidth, page)[1] <= page:
                return []
        return super().split(availWidth, availHeight)


def _soft_box(content: list[Flowable], padding: tuple[float, float], space_before: float) -> Table:
    """Words from the session in a soft box; `padding` is (top, bottom)."""
    box = BoxOfWords([[content]], colWidths=["100%"], splitInRow=1)
    box.setStyle(TableStyle(_soft_style(*padding)))
    box.spaceBefore, box.spaceAfter = space_before, 3
    return box


def note_box(styles: Styles, note: str, label: str = TEXT["note"]) -> Table:
    """Words from the session in a soft box with a small label above them."""
    return _soft_box(
        [TypedParagraph(label, styles["note_label"]), TypedParagraph(markup(note), styles["note"])], (6, 7), 5
    )


def stop_rule_box(styles: Styles, rule: str) -> Table:
    """The stop rule of an exercise about a conflict or a hurt, in a box of its own right under the steps; its first
    clause ("If it gets heated,") in bold, so it is found at a glance."""
    lead, comma, rest = rule.strip().partition(",")
    words = f"<b>{escape(lead)},</b>{escape(rest)}" if comma else markup(rule)
    box = BoxOfWords([[TypedParagraph(words, styles["note"])]], colWidths=["100%"], splitInRow=1)
    box.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BOX", (0, 0), (-1, -1), 0.8, ACCENT),
                ("LINEBEFORE", (0, 0), (0, -1), 3, ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    box.spaceBefore, box.spaceAfter = 5, 3
    return box


# -- the homework ------------------------------------------------------------------------------------------------------
# How an exercise sits on the pages: whole on one page when it fits on a page (it starts a new page rather than
# splitting); when it is longer than a page, the note moves under the grid and flows on, so that the title, the steps
# and the grid still share a page; when even those are longer than a page (an edit with very long steps), the exercise
# flows from where it is and its title is printed again, "continued", above the grid.
HOMEWORK_WORDS = {
    "continued": "{title}, continued",
    "log_owner": "{name}'s notes",
    "log_more": "Need more room? Carry on overleaf or on a sheet of your own.",
}
"""The homework's own words that handout_style.TEXT does not hold (the same in UK and US spelling)."""

LOG_ROWS = 4
"""Blank rows of a log table the two share (or the one partner keeps); each partner's own table has LOG_ROWS - 1."""
LOG_ROW_SHARE = 1.35
"""A log row is this much taller than a tick box: room for a line or two of handwriting."""
TRACKING_BESIDE = 170.0
"""The narrowest column (points) that "Keeping track" may take beside the tick grid; narrower, it goes above it."""
TRACKING_GAP = 12.0
"""The space between "Keeping track" and the grid beside it."""
SHORT_HEADING = 6
"""A log column headed by at most this many characters ("When") is narrow; the others share the rest."""


def homework_section(
    entries: tuple[HomeworkEntry, ...], styles: Styles, look: Look, frame_height: float, text: Words = TEXT
) -> list[Flowable]:
    """The week's exercises, each with its steps, note, how to keep track, a tick grid for the days after the session
    and, for an exercise that asks them to note things down, a table to write in; `text` holds the handout's own
    words (see handout_text)."""
    heading: list[Flowable] = [
        TypedParagraph(text["homework"], ParagraphStyle("h2_homework", styles["h2"], spaceBefore=6 * look.text_scale))
    ]
    if not entries:
        return [*heading, TypedParagraph(text["homework_none"], styles["intro"])]
    # A touch smaller than other intros, so that it takes one line in normal print rather than two.
    intro = styles["intro"]
    heading.append(TypedParagraph(text["homework_intro"], ParagraphStyle(
        "homework_intro", intro, fontSize=intro.fontSize * 0.95, leading=intro.leading * 0.95
    )))
    # The section heading travels with the first exercise, so it is never left alone at a page's foot.
    return [
        homework_entry(entry, styles, look, heading if index == 0 else [], text, frame_height)
        for index, entry in enumerate(entries)
    ]


class TitleAndMeta(Flowable):
    """An exercise's title with who, how often and how long after it on the same line, smaller and softer; on a line
    of their own under it when the two do not fit on one line."""

    def __init__(self, title: str, meta: str, title_style: ParagraphStyle, meta_style: ParagraphStyle) -> None:
        super().__init__()
        joined = title
        if meta:
            joined += (f'&nbsp;&nbsp; <font name="{meta_style.fontName}" size="{meta_style.fontSize}" '
                       f'color="#{hex_of(meta_style.textColor)}">{meta}</font>')
        self._joined = TypedParagraph(joined, title_style)
        self._title = TypedParagraph(title, ParagraphStyle("title_alone", title_style, spaceAfter=1))
        self._meta = TypedParagraph(meta, meta_style) if meta else None
        self._parts: list[TypedParagraph] = [self._joined]
        self._style = title_style

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        _, height = self._joined.wrap(aW, aH)
        self._parts = [self._joined]
        if self._meta is not None and height > self._style.leading * 1.5:  # the meta wrapped to a second line
            self._parts = [self._title, self._meta]
            height = self._title.wrap(aW, aH)[1] + self._title.getSpaceAfter() + self._meta.wrap(aW, aH)[1]
        self.width, self.height = aW, height
        return aW, height

    def draw(self) -> None:
        y = self.height
        for index, part in enumerate(self._parts):
            y -= part.height + (self._parts[index - 1].getSpaceAfter() if index else 0)
            part.drawOn(self.canv, 0, y)

    def getSpaceBefore(self) -> float:  # noqa: N802 (ReportLab API)
        return self._style.spaceBefore

    def getSpaceAfter(self) -> float:  # noqa: N802 (ReportLab API)
        return self._style.spaceAfter if len(self._parts) == 1 or self._meta is None else self._meta.style.spaceAfter


class ExerciseOnPaper(KeepTogether):
    """One exercise, kept on one page by the rule at the top of this part (see HOMEWORK_WORDS' comment): its head
    (section heading, title, summary, first step), the other steps with the stop rule, the note, and the tail (how to
    keep track, the grid, the log)."""

    def __init__(
        self,
        parts: tuple[list[Flowable], list[Flowable], list[Flowable], list[Flowable]],
        flowing_note: Flowable | None,
        again: Flowable,
        gap: Flowable,
        frame_height: float,
    ) -> None:
        head, middle, note, tail = parts
        super().__init__([*head, *middle, *note, *tail, gap])
        self._head, self._middle, self._note, self._tail = head, middle, note, tail
        self._flowing_note = flowing_note
        self._again = again
        self._gap = gap
        self._frame_height = frame_height

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803 (ReportLab API)
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._H <= self._frame_height:
            return super().split(aW, aH)
        # Longer than a page: the note goes under the grid (whole when it fits on a page, else free to break).
        note = self._note
        if note and self._flowing_note is not None and stacked_height(note, aW) > self._frame_height:
            note = [self._flowing_note]
        core = KeepTogether([*self._head, *self._middle, *self._tail])
        core.wrapOn(self.canv, aW, aH)
        if core._H <= self._frame_height:
            return [*core.splitOn(self.canv, aW, aH), *note, self._gap]
        # Even without the note longer than a page: it flows from here, its title again above the grid.
        rest = [*self._middle, KeepTogether([self._again, *self._tail]), *note, self._gap]
        flowing = KeepTogetherUnlessRoomy(self._head, rest, room=self._frame_height * ROOMY_SHARE)
        flowing.wrapOn(self.canv, aW, aH)
        return flowing.splitOn(self.canv, aW, aH)


def homework_entry(
    entry: HomeworkEntry,
    styles: Styles,
    look: Look,
    heading: list[Flowable],
    text: Words = TEXT,
    frame_height: float = 1e6,
) -> ExerciseOnPaper:
    """One exercise: the section heading if given, its title, who and how often, summary and steps, the stop rule,
    the note, then how to keep track with the tick grid and the log table; kept on one page as the rule at the top of
    this part says (`frame_height`: the height of a page's frame)."""
    words = HOMEWORK_WORDS
    meta = "  ·  ".join(escape(part) for part in (entry.who, entry.frequency, entry.duration) if part.strip())
    k = look.text_scale
    title_style = ParagraphStyle("exercise_tight", styles["exercise"], spaceBefore=6 * k, spaceAfter=3 * k)
    head: list[Flowable] = [*heading, TitleAndMeta(escape(entry.title), meta, title_style, styles["meta"])]
    if entry.summary.strip():
        head.append(TypedParagraph(markup(entry.summary), ParagraphStyle("summary", styles["body"], spaceAfter=3 * k)))
    step_style = ParagraphStyle("step_tight", styles["step"], spaceAfter=1 * k,
                                leading=styles["step"].fontSize * 1.34)
    steps = [
        TypedParagraph(markup(step), step_style, bulletText=f"{number}.")
        for number, step in enumerate(entry.steps, start=1)
    ]
    head.extend(steps[:1])
    middle: list[Flowable] = steps[1:]
    if entry.stop_rule.strip():
        middle.append(stop_rule_box(styles, entry.stop_rule))
    tracking = (
        TypedParagraph(f"<b>{text['tracking']}</b> {markup(entry.tracking)}",
                  ParagraphStyle("tracking_tight", styles["tracking"], spaceBefore=0, spaceAfter=0))
        if entry.tracking.strip()
        else None
    )
    tail: list[Flowable] = [
        TrackingBesideGrid(tracking, tick_grid(entry.tick_rows, styles, look, entry.tick_days or WEEKDAYS)),
        *log_tables(entry, styles, look, words),
    ]
    gap = Spacer(1, 4 * look.text_scale)
    note: list[Flowable] = [homework_note_box(styles, entry.note, text["note"])] if entry.note.strip() else []
    flowing_note = flowing_note_box(styles, entry.note, text["note"]) if note else None
    again = TypedParagraph(escape(str(words["continued"]).format(title=entry.title)), styles["exercise"])
    # Flat lists: a KeepTogether inside another would measure as endless (it asks to be split whatever its size).
    return ExerciseOnPaper((head, middle, note, tail), flowing_note, again, gap, frame_height)


class TrackingBesideGrid(Flowable):
    """How to keep track, to the left of the tick grid when the line leaves it at least TRACKING_BESIDE points; else
    above it (large print): it saves a page's worth of lines over a week's homework, and the words sit by the boxes."""

    def __init__(self, tracking: TypedParagraph | None, grid: Table) -> None:
        super().__init__()
        self._tracking = tracking
        self._grid = grid
        self._table: Table | None = None

    def _layout(self, width: float) -> Table:
        grid_width = sum(self._grid._colWidths)
        if self._tracking is None:
            cells, widths = [[self._grid]], [grid_width]
        elif width - grid_width - TRACKING_GAP >= TRACKING_BESIDE:
            cells, widths = (
                [[self._tracking, self._grid]],
                [width - grid_width - TRACKING_GAP, grid_width + TRACKING_GAP],
            )
        else:
            cells, widths = [[self._tracking], [self._grid]], [width]
        table = Table(cells, colWidths=widths, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                    ("LEFTPADDING", (1, 0), (1, 0), TRACKING_GAP),
                ]
            )
        )
        return table

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        self._table = self._layout(aW)
        return self._table.wrap(aW, aH)

    def draw(self) -> None:
        assert self._table is not None  # wrapped before drawn, as every flowable
        self._table.drawOn(self.canv, 0, 0)

    def getSpaceBefore(self) -> float:  # noqa: N802 (ReportLab API)
        return 4.0


def tick_grid(
    rows: tuple[str, ...], styles: Styles, look: Look, days: tuple[str, ...] = WEEKDAYS
) -> Table:
    """A row of day boxes per row label (one for 'Together', one per partner) under the week's `days`, to tick on
    each day they practise; a day 'Fri 4' is headed by its name over its date."""
    rows = rows or ("",)
    heads = [
        TypedParagraph("<br/>".join(escape(part) for part in day.split(" ", 1)), styles["grid_head"]) for day in days
    ]
    header = ["", *heads]
    names = [TypedParagraph(escape(name), styles["grid"]) for name in rows]
    # The names' column is as wide as the longest name needs, up to the look's name width.
    grid_style = styles["grid"]
    name_width = min(look.name_width, max(stringWidth(name, grid_style.fontName, grid_style.fontSize) for name in rows)
                     + 10 * look.text_scale)
    # A box a pen can tick; a name too long for one line makes its row taller rather than spilling out, and so does
    # a day's head over its date.
    head_height = max([look.tick_head] + [day.wrap(look.tick_width - 4, 1e6)[1] + 3 for day in heads])
    heights = [head_height] + [max(look.tick_height, name.wrap(name_width - 8, 1e6)[1] + 6) for name in names]
    body = [[name] + [""] * len(days) for name in names]
    grid = Table(
        [header, *body],
        colWidths=[name_width] + [look.tick_width] * len(days),
        rowHeights=heights,
        hAlign="LEFT",
    )
    grid.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (1, 0), (-1, 0), GRID_HEAD),
                ("GRID", (1, 0), (-1, -1), 0.6, GRID_LINE),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("LEFTPADDING", (1, 0), (-1, 0), 2),
                ("RIGHTPADDING", (1, 0), (-1, 0), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    grid.spaceBefore = 2
    return grid


def log_tables(entry: HomeworkEntry, styles: Styles, look: Look, words: Words = HOMEWORK_WORDS) -> list[Flowable]:
    """The tables to write in under the grid, for an exercise that asks them to note things down: one the two share
    (or the one partner keeps), or one per partner, each with the same room; [] for the other exercises."""
    if not entry.log:
        return []
    owners = entry.log_owners or ("",)
    rows = LOG_ROWS if len(owners) == 1 else LOG_ROWS - 1
    label_style = ParagraphStyle("log_owner", styles["note_label"], spaceBefore=6 * look.text_scale, keepWithNext=1)
    flowables: list[Flowable] = []
    for owner in owners:
        if owner:
            flowables.append(TypedParagraph(escape(str(words["log_owner"]).format(name=owner)), label_style))
        flowables.append(log_table(entry.log, rows, styles, look))
    flowables.append(TypedParagraph(str(words["log_more"]), styles["tip"]))
    return flowables


def log_table(columns: tuple[str, ...], rows: int, styles: Styles, look: Look) -> Table:
    """A table with the given column headings and `rows` blank rows, tall enough to write a line or two by hand; a
    short heading such as "When" gets a narrow column."""
    head_style = ParagraphStyle("log_head", styles["grid_head"], alignment=TA_LEFT)
    header = [TypedParagraph(escape(column), head_style) for column in columns]
    narrow = 62 * look.text_scale
    widths: list[float | str] = [narrow if len(column) <= SHORT_HEADING else "*" for column in columns]
    table = Table(
        [header, *([""] * len(columns) for _ in range(rows))],
        colWidths=widths,
        rowHeights=[None] + [look.tick_height * LOG_ROW_SHARE] * rows,
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), GRID_HEAD),
                ("GRID", (0, 0), (-1, -1), 0.6, GRID_LINE),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, 0), 3),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 3),
            ]
        )
    )
    table.spaceBefore, table.spaceAfter = 6, 2
    return table


def homework_note_box(styles: Styles, note: str, label: str = TEXT["note"]) -> Table:
    """The note for one exercise in the soft box of note_box, its label leading the same line to save a line."""
    # A note written right to left starts a line of its own under the label, so that its first line reads in its
    # own direction (a line is laid out in the direction of its first letter: here the label's).
    after = "<br/>" if base_direction(note) == "R" else " "
    words = f'<font color="#{hex_of(SOFT_INK)}"><b>{escape(label)}:</b></font>{after}{markup(note)}'
    return _soft_box([TypedParagraph(words, styles["note"])], (4, 5), 4)


def flowing_note_box(styles: Styles, note: str, label: str = TEXT["note"]) -> Table:
    """The note in the same soft box as note_box, one row per line of it and each row free to break across a page:
    for a note longer than a page."""
    lines = [line for line in note.strip().splitlines() if line.strip()] or [note]
    cells = [
        [TypedParagraph(label, styles["note_label"])],
        *([TypedParagraph(escape(line), styles["note"])] for line in lines),
    ]
    box = Table(cells, colWidths=["100%"], splitByRow=1, splitInRow=1)
    box.setStyle(TableStyle([*_soft_style(1, 1), ("TOPPADDING", (0, 0), (-1, 0), 6),
                             ("BOTTOMPADDING", (0, -1), (-1, -1), 7)]))
    box.spaceBefore, box.spaceAfter = 5, 3
    return box


# -- the "I feel" card -------------------------------------------------------------------------------------------------
def i_feel_card(styles: Styles, text: Words = TEXT) -> Flowable:
    """The "I feel" sentence in four parts, boxed as a card to keep on the fridge, with a short example."""
    accent = hex_of(ACCENT)
    parts = [
        f'<b>{escape(lead)}</b> <font color="#{accent}">[{escape(blank)}]</font>'
        for lead, blank in text["i_feel_parts"]
    ]
    # A comma where a spoken sentence would pause before the request, and a full stop at the end.
    formula = " ".join(parts[:-1]) + ", " + parts[-1] + "."
    # A little tighter than the handout's own styles: a card, small enough to share a page with the homework.
    formula_style = ParagraphStyle("formula_card", styles["formula"], leading=styles["formula"].fontSize * 1.4,
                                   spaceAfter=styles["formula"].spaceAfter * 0.6)
    intro_style = ParagraphStyle("card_intro", styles["card_text"], spaceAfter=styles["card_text"].spaceAfter * 0.6)
    card = Table(
        [
            [
                [
                    TypedParagraph(text["i_feel_intro"], intro_style),
                    TypedParagraph(formula, formula_style),
                    TypedParagraph(
                        f"<b>{text['i_feel_example_label']}</b> {escape(text['i_feel_example'])}", styles["example"]
                    ),
                    TypedParagraph(text["i_feel_tip"], styles["tip"]),
                ]
            ]
        ],
        colWidths=["100%"],
    )
    card.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BACKGROUND", (0, 0), (-1, -1), CARD_FILL),
                ("BOX", (0, 0), (-1, -1), 0.8, CARD_EDGE),
                ("ROUNDEDCORNERS", [6, 6, 6, 6]),
                ("LEFTPADDING", (0, 0), (-1, -1), 12),
                ("RIGHTPADDING", (0, 0), (-1, -1), 12),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    card.spaceBefore, card.spaceAfter = 3, 3
    return KeepTogether([TypedParagraph(text["i_feel"], styles["h2"]), card])
