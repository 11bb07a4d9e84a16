"""The handout's later sections, the "I feel" card and the week's homework with a tick grid per day, and the small
pieces of layout the sections share: boxed notes, markup of typed text, keeping parts together on a page."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.flowables import Flowable, KeepTogether, Spacer
from reportlab.platypus.paragraph import Paragraph
from reportlab.platypus.tables import Table, TableStyle

from couplecanvas.domain.homework import WEEKDAYS
from couplecanvas.domain.spelling import to_spelling
from couplecanvas.export.board_map import BoardMap
from couplecanvas.export.fonts import REGULAR
from couplecanvas.export.handout_data import HomeworkEntry
from couplecanvas.export.handout_style import (
    ACCENT,
    CARD_EDGE,
    CARD_FILL,
    GRID_HEAD,
    GRID_LINE,
    NOTE_EDGE,
    NOTE_FILL,
    TEXT,
    Look,
)

Styles = dict[str, ParagraphStyle]
Words = dict[str, object]
"""The handout's own words (handout_style.TEXT), in one spelling."""

ROOMY_SHARE = 1 / 4
"""An exercise too long for the rest of a page still starts there when at least this share of a page is left, rather
than leaving the space blank; its heading and first step, and its tick grid with the words above it, stay together."""


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
    """Text typed by a person, made safe for Paragraph markup; its line breaks are kept."""
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
        if self._H > aH and aH >= self._room:
            if stacked_height(self._head, aW) <= aH:
                return [*self._head, *self._rest]
        return super().split(aW, aH)


def note_box(styles: Styles, note: str, label: str = TEXT["note"]) -> Table:
    """Words from the session in a soft box with a small label above them."""
    box = Table(
        [[[Paragraph(label, styles["note_label"]), Paragraph(markup(note), styles["note"])]]],
        colWidths=["100%"],
    )
    box.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BACKGROUND", (0, 0), (-1, -1), NOTE_FILL),
                ("LINEBEFORE", (0, 0), (0, -1), 2.5, NOTE_EDGE),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    box.spaceBefore, box.spaceAfter = 5, 3
    return box


def stop_rule_box(styles: Styles, rule: str) -> Table:
    """The stop rule of an exercise about a conflict or a hurt, in a box of its own right under the steps; its first
    clause ("If it gets heated,") in bold, so it is found at a glance."""
    lead, comma, rest = rule.strip().partition(",")
    words = f"<b>{escape(lead)},</b>{escape(rest)}" if comma else markup(rule)
    box = Table([[Paragraph(words, styles["note"])]], colWidths=["100%"])
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
def homework_section(
    entries: tuple[HomeworkEntry, ...], styles: Styles, look: Look, frame_height: float, text: Words = TEXT
) -> list[Flowable]:
    """The week's exercises, each with its steps, note, how to keep track and a tick grid per day; `text` holds the
    handout's own words (see handout_text)."""
    heading: list[Flowable] = [Paragraph(text["homework"], styles["h2"])]
    if not entries:
        return [*heading, Paragraph(text["homework_none"], styles["intro"])]
    heading.append(Paragraph(text["homework_intro"], styles["intro"]))
    # The section heading travels with the first exercise, so it is never left alone at a page's foot.
    return [
        KeepTogetherUnlessRoomy(
            *homework_entry(entry, styles, look, heading if index == 0 else [], text), room=frame_height * ROOMY_SHARE
        )
        for index, entry in enumerate(entries)
    ]


def homework_entry(
    entry: HomeworkEntry, styles: Styles, look: Look, heading: list[Flowable], text: Words = TEXT
) -> tuple[list[Flowable], list[Flowable]]:
    """One exercise as its head (section heading if given, title, who and how often, summary, first step) and the
    rest: the other steps, the note, then how to keep track together with the grid."""
    meta = "  ·  ".join(escape(part) for part in (entry.who, entry.frequency, entry.duration) if part.strip())
    head: list[Flowable] = [*heading, Paragraph(escape(entry.title), styles["exercise"])]
    if meta:
        head.append(Paragraph(meta, styles["meta"]))
    if entry.summary.strip():
        head.append(Paragraph(markup(entry.summary), styles["body"]))
    steps = [
        Paragraph(markup(step), styles["step"], bulletText=f"{number}.")
        for number, step in enumerate(entry.steps, start=1)
    ]
    head.extend(steps[:1])
    middle: list[Flowable] = steps[1:]
    if entry.stop_rule.strip():
        middle.append(stop_rule_box(styles, entry.stop_rule))
    if entry.note.strip():
        middle.append(note_box(styles, entry.note, text["note"]))
    tail: list[Flowable] = []
    if entry.tracking.strip():
        tail.append(Paragraph(f"<b>{text['tracking']}</b> {markup(entry.tracking)}", styles["tracking"]))
    tail.append(tick_grid(entry.tick_rows, styles, look))
    return head, [*middle, KeepTogether(tail), Spacer(1, 8 * look.text_scale)]


def tick_grid(rows: tuple[str, ...], styles: Styles, look: Look) -> Table:
    """A row of day boxes per person (Mon to Sun) to tick on each day they practise."""
    rows = rows or ("",)
    header = [""] + [Paragraph(day, styles["grid_head"]) for day in WEEKDAYS]
    names = [Paragraph(escape(name), styles["grid"]) for name in rows]
    # A box a pen can tick; a name too long for one line makes its row taller rather than spilling out.
    heights = [look.tick_head] + [max(look.tick_height, name.wrap(look.name_width - 8, 1e6)[1] + 6) for name in names]
    body = [[name] + [""] * len(WEEKDAYS) for name in names]
    grid = Table(
        [header, *body],
        colWidths=[look.name_width] + [look.tick_width] * len(WEEKDAYS),
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
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    grid.spaceBefore = 2
    return grid


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
    card = Table(
        [
            [
                [
                    Paragraph(text["i_feel_intro"], styles["card_text"]),
                    Paragraph(formula, styles["formula"]),
                    Paragraph(
                        f"<b>{text['i_feel_example_label']}</b> {escape(text['i_feel_example'])}", styles["example"]
                    ),
                    Paragraph(text["i_feel_tip"], styles["tip"]),
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
                ("LEFTPADDING", (0, 0), (-1, -1), 14),
                ("RIGHTPADDING", (0, 0), (-1, -1), 14),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
            ]
        )
    )
    card.spaceBefore, card.spaceAfter = 4, 4
    return KeepTogether([Paragraph(text["i_feel"], styles["h2"]), card])
