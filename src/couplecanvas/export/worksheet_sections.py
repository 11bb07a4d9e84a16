"""The board's words as the handout prints them: the couple's cycle step by step, their reframes (old story -> new
story), and each other template as a worksheet (see export.worksheets).

Each function takes the renderer (its styles, print size, words and frame) and returns flowables in reading order."""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.flowables import Flowable, KeepTogether
from reportlab.platypus.tables import Table, TableStyle

from couplecanvas.domain.couple import PartnerRole
from couplecanvas.domain.spelling import to_spelling
from couplecanvas.export.bidi_text import TypedParagraph
from couplecanvas.export.board_map import parse_colour
from couplecanvas.export.fonts import BOLD, REGULAR
from couplecanvas.export.handout_data import CycleSection, DrawnCycle, Reframe
from couplecanvas.export.handout_sections import hex_of, markup, note_box, stacked_height, tint
from couplecanvas.export.handout_style import (
    ACCENT,
    ARROW_COLUMN,
    CELL_PADDING,
    GRID_HEAD,
    GRID_LINE,
    NEW_STORY,
    OLD_STORY,
    RULE,
    SOFT_INK,
)
from couplecanvas.export.worksheets import TEXT as WORDS
from couplecanvas.export.worksheets import Cell, RowKind, Worksheet, WorksheetRow, WorksheetTable

if TYPE_CHECKING:
    from couplecanvas.export.handout_pdf import HandoutRenderer


# -- the cycle in words ------------------------------------------------------------------------------------------
def cycle_flowables(self: HandoutRenderer, cycle: CycleSection) -> list[Flowable]:
    st = self.styles
    if cycle.is_blank:
        return [TypedParagraph(self.text["cycle_blank"], st["intro"])]
    # A heading of its own, so the words still say what they are when they start a new page.
    words: list[Flowable] = [TypedParagraph(self.text["cycle_words"], st["h3"])]
    if cycle.name:
        words.append(TypedParagraph(self.text["cycle_name"], st["cycle_name_label"]))
        words.append(TypedParagraph(markup(cycle.name), st["cycle_name"]))
    words.append(TypedParagraph(self.text["cycle_together"], st["intro"]))
    if cycle.rows:
        words.append(_cycle_table(self, cycle))
        if len(cycle.rows) > 1:
            words.append(TypedParagraph(self.text["cycle_loop"], st["after_table"]))
    if cycle.spot_it:
        words.append(note_box(self.styles, cycle.spot_it, self.text["spot_it"]))
    if not (cycle.rows or cycle.name or cycle.spot_it):
        words = [
            TypedParagraph(self.text["cycle_words"], st["h3"]),
            TypedParagraph(self.text["cycle_together"], st["intro"]),
        ]
        return [KeepTogether(words + _drawn_flowables(self, cycle.drawn[:1], first=True))] + _drawn_flowables(
            self, cycle.drawn[1:], first=False
        )
    # Name, table and spot-it line read as one piece: they move to the next page together when they do not fit
    # under the map (a taller cycle than a page still splits, between rows and inside long ones).
    return [KeepTogether(words), *_drawn_flowables(self, cycle.drawn, first=False)]

def _drawn_flowables(self: HandoutRenderer, drawn: tuple[DrawnCycle, ...], first: bool) -> list[Flowable]:
    """Each cycle drawn by hand as numbered steps (whose step it is, when the card is a partner's); the first one
    under the section's own heading when `first`, the others under a heading of their own."""
    flowables: list[Flowable] = []
    for index, loop in enumerate(drawn):
        rows = tuple(
            WorksheetRow(f"{number}." + (f"  {step.name}" if step.name else ""), (Cell(step.words),))
            for number, step in enumerate(loop.steps, start=1)
        )
        table = _worksheet_table(self, WorksheetTable(("",), rows))
        after = TypedParagraph(escape(_say(self, "drawn_loop")), self.styles["after_table"])
        if first and index == 0:
            flowables.extend([table, after])
            continue
        heading = TypedParagraph(escape(_say(self, "drawn_title" if index == 0 else "drawn_more")), self.styles["h3"])
        flowables.append(_Section([heading], [table, after], self.frame_size()[1]))
    return flowables

def _cycle_table(self: HandoutRenderer, cycle: CycleSection) -> Table:
    st = self.styles
    width = self.frame_size()[0]
    label_width = min(self.look.cycle_label_width, width * 0.32)
    column = (width - label_width) / 2
    header: list[object] = [""]
    for heading in cycle.columns:
        shown = escape(heading.name)
        if heading.position:
            shown += f' <font name="{REGULAR}" color="#{hex_of(SOFT_INK)}">({escape(heading.position)})</font>'
        header.append(TypedParagraph(shown, st["column"]))
    body = [
        [TypedParagraph(escape(row.label), st["cell_label"]), *(_cycle_cell(self, w) for w in row.words)]
        for row in cycle.rows
    ]
    widths = (label_width, column, column)
    # The partners' names head each page the table runs onto; but ReportLab repeats them before every piece of
    # a row split across pages, so a row taller than half a page (pages of words in one card) goes without.
    tallest = max(
        (max(cell.wrap(w - 2 * CELL_PADDING, 1e9)[1] for cell, w in zip(row, widths)) for row in body), default=0.0
    )
    repeat = 1 if tallest < self.frame_size()[1] / 2 else 0
    table = Table([header, *body], colWidths=list(widths), repeatRows=repeat, splitInRow=1, hAlign="LEFT")
    a, b = (parse_colour(self.data.colour_of(role), fallback="#5b6670") for role in PartnerRole)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("LINEBELOW", (1, 0), (1, 0), 2, a),
        ("LINEBELOW", (2, 0), (2, 0), 2, b),
        ("BACKGROUND", (1, 1), (1, -1), tint(a, 0.07)),
        ("BACKGROUND", (2, 1), (2, -1), tint(b, 0.07)),
        ("LINEBELOW", (0, 1), (-1, -1), 0.5, RULE),
        ("LINEAFTER", (1, 1), (1, -1), 3, colors.white),
    ]
    table.setStyle(TableStyle(style))
    table.spaceBefore, table.spaceAfter = 4, 2
    return table

def _cycle_cell(self: HandoutRenderer, words: str) -> Flowable:
    # A line to write on where only the other partner has words: the gap reads as "not yet", and can be filled in.
    return TypedParagraph(markup(words), self.styles["cell"]) if words else WriteLine(self.look.text_scale)

# -- the reframes -------------------------------------------------------------------------------------------------
def reframe_flowables(self: HandoutRenderer, reframes: tuple[Reframe, ...]) -> list[Flowable]:
    st = self.styles
    heading = [
        TypedParagraph(self.text["reframes"], st["h2"]),
        TypedParagraph(self.text["reframes_intro"], st["intro"]),
    ]
    # Each pair stays whole on its page; the heading travels with the first.
    return [
        KeepTogether([*(heading if index == 0 else []), _reframe(self, pair)])
        for index, pair in enumerate(reframes)
    ]

def _reframe(self: HandoutRenderer, pair: Reframe) -> Table:
    """An old story and its new one side by side: a row of labels, then a row of words. Each cell holds one paragraph,
    so a story longer than a page splits inside its row, the labels repeated above the rest."""
    st = self.styles
    side = (self.frame_size()[0] - ARROW_COLUMN) / 2

    def words(text: str) -> Flowable:
        if text:
            return TypedParagraph(markup(text), st["story"])
        return TypedParagraph(self.text["story_missing"], st["story_missing"])

    table = Table(
        [
            [TypedParagraph(self.text["old_story"], st["old_label"]), "",
             TypedParagraph(self.text["new_story"], st["new_label"])],
            [words(pair.old), TypedParagraph("→", st["arrow"]), words(pair.new)],
        ],
        colWidths=[side, ARROW_COLUMN, side],
        repeatRows=1,
        splitByRow=1,
        splitInRow=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("VALIGN", (1, 1), (1, 1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (0, -1), tint(OLD_STORY, 0.1)),
                ("BACKGROUND", (2, 0), (2, -1), tint(NEW_STORY, 0.1)),
                ("LINEBEFORE", (0, 0), (0, -1), 2.5, OLD_STORY),
                ("LINEBEFORE", (2, 0), (2, -1), 2.5, NEW_STORY),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("LEFTPADDING", (1, 0), (1, -1), 0),
                ("RIGHTPADDING", (1, 0), (1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, 0), 6),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 0),
                ("TOPPADDING", (0, 1), (-1, 1), 2),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 8),
            ]
        )
    )
    table.spaceBefore, table.spaceAfter = 3, 7
    return table


# -- the other templates -----------------------------------------------------------------------------------------------
class WriteLine(Flowable):
    """A blank to fill in by hand: a dotted line to write on, as wide as its cell."""

    def __init__(self, scale: float = 1.0) -> None:
        super().__init__()
        self.height = 17.0 * scale
        self.width = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        self.width = availWidth
        return availWidth, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(GRID_LINE)
        canvas.setLineWidth(0.6)
        canvas.setDash(1, 2)
        canvas.line(0, 1, self.width, 1)
        canvas.restoreState()


class _Section(KeepTogether):
    """A section kept whole on its page when it is short (a third of a page or less); a longer one starts on the page
    it reaches as long as its heading and first rows fit there, then its tables split between rows (the header row
    repeated), rather than leaving a large gap."""

    LEAD_ROWS = 3
    """The rows of the first table (its header row included) that stay with the heading."""

    def __init__(self, head: list[Flowable], body: list[Flowable], frame_height: float) -> None:
        super().__init__([*head, *body])
        self._head = head
        self._body = body
        self._small = frame_height / 3

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803 (ReportLab API)
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._H > aH and self._H > self._small and self._lead_height(aW, aH) <= aH:
            return [*self._head, *self._body]
        return super().split(aW, aH)

    def _lead_height(self, aW: float, aH: float) -> float:  # noqa: N803 (ReportLab API)
        lead = stacked_height(self._head, aW)
        for flowable in self._body:
            if isinstance(flowable, Table):
                flowable.wrap(aW, aH)
                heights = getattr(flowable, "_rowHeights", None) or [0.0]
                return lead + sum(heights[: self.LEAD_ROWS]) + flowable.getSpaceBefore()
            lead += stacked_height([flowable], aW)
        return lead


def _say(self: HandoutRenderer, key: str) -> str:
    """The worksheets' own words (worksheets.TEXT) in the practice's spelling."""
    return to_spelling(WORDS[key], self.data.spelling, self.data.partner_names)


def _styles(self: HandoutRenderer) -> dict[str, ParagraphStyle]:
    st = self.styles
    return {
        "ours": ParagraphStyle("ws_ours", st["cell"], textColor=SOFT_INK),
        "subhead": ParagraphStyle("ws_subhead", st["cell_label"], fontName=BOLD, textColor=ACCENT),
        "waterline": ParagraphStyle("ws_waterline", st["cell_label"], alignment=TA_CENTER, textColor=ACCENT),
        "table_heading": ParagraphStyle("ws_table_heading", st["h3"], keepWithNext=1, spaceBefore=6),
    }


def worksheet_flowables(self: HandoutRenderer, worksheets: tuple[Worksheet, ...]) -> list[Flowable]:
    """Each worksheet as a section of its own: its heading and introduction, then its tables, blanks printed as lines
    to write on."""
    st, more = self.styles, _styles(self)
    sections: list[Flowable] = []
    for sheet in worksheets:
        head: list[Flowable] = [TypedParagraph(escape(sheet.title), st["h2"])]
        if sheet.intro:
            head.append(TypedParagraph(escape(sheet.intro), st["intro"]))
        body: list[Flowable] = []
        for table in sheet.tables:
            if table.heading:
                body.append(TypedParagraph(escape(table.heading), more["table_heading"]))
            body.append(_worksheet_table(self, table))
        if sheet.outro:
            body.append(TypedParagraph(escape(sheet.outro), st["after_table"]))
        sections.append(_Section(head, body, self.frame_size()[1]))
    return sections


def _cell_flowables(self: HandoutRenderer, cell: Cell, more: dict[str, ParagraphStyle]) -> list[Flowable]:
    """A cell's caption and words; a blank as a line to write on (a blank of our own stays empty)."""
    parts: list[Flowable] = []
    if cell.caption:
        parts.append(TypedParagraph(escape(cell.caption), self.styles["cell_label"]))
    if not cell.is_blank:
        parts.append(TypedParagraph(markup(cell.words), more["ours"] if cell.ours else self.styles["cell"]))
    elif not cell.ours:
        parts.append(WriteLine(self.look.text_scale))
    return parts


def _worksheet_table(self: HandoutRenderer, sheet: WorksheetTable) -> Table:
    st, more = self.styles, _styles(self)
    width = self.frame_size()[0]
    count = max(1, len(sheet.columns))
    label_width = min(self.look.cycle_label_width, width * 0.3) if sheet.labels else 0.0
    widths = ([label_width] if sheet.labels else []) + [(width - label_width) / count] * count
    first = 1 if sheet.labels else 0
    colour = {
        role: parse_colour(self.data.colour_of(role), fallback="#5b6670") for role in PartnerRole
    }
    style: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    if sheet.labels:
        style.append(("LEFTPADDING", (0, 0), (0, -1), 0))
    data: list[list[object]] = []
    header = any(sheet.columns)
    if header:
        corner: list[object] = [""] if sheet.labels else []
        data.append(corner + [TypedParagraph(escape(c), st["column"]) for c in sheet.columns])
        style.append(("VALIGN", (0, 0), (-1, 0), "BOTTOM"))
        for index in range(count):
            role = sheet.partners[index] if index < len(sheet.partners) else None
            line = (2, colour[role]) if role is not None else (1, RULE)
            style.append(("LINEBELOW", (first + index, 0), (first + index, 0), *line))
    for row in sheet.rows:
        r = len(data)
        if row.kind is not RowKind.WORDS:
            words = TypedParagraph(escape(row.label), more["subhead" if row.kind is RowKind.SUBHEAD else "waterline"])
            data.append([words] + [""] * (len(widths) - 1))
            style.append(("SPAN", (0, r), (-1, r)))
            if row.kind is RowKind.WATERLINE:
                style.append(("LINEABOVE", (0, r), (-1, r), 1, ACCENT, None, (4, 3)))
                style += [("TOPPADDING", (0, r), (-1, r), 2), ("BOTTOMPADDING", (0, r), (-1, r), 2)]
            else:
                style.append(("BACKGROUND", (0, r), (-1, r), GRID_HEAD))
                style.append(("LEFTPADDING", (0, r), (0, r), CELL_PADDING))
            continue
        cells: list[object] = [_cell_flowables(self, cell, more) for cell in row.cells]
        label: list[object] = [TypedParagraph(escape(row.label), st["cell_label"])] if sheet.labels else []
        if len(cells) == 1 and count > 1:
            style.append(("SPAN", (first, r), (-1, r)))
            cells += [""] * (count - 1)
        else:
            for index in range(min(count, len(sheet.partners))):
                role = sheet.partners[index]
                if role is not None:
                    style.append(("BACKGROUND", (first + index, r), (first + index, r), tint(colour[role], 0.07)))
        data.append(label + cells[:count])
        style.append(("LINEBELOW", (0, r), (-1, r), 0.5, RULE))
    if count > 1:
        style.append(("LINEAFTER", (first, 1 if header else 0), (-2, -1), 3, colors.white))
    # The headings repeat on each page the table runs onto, unless a row is taller than half a page (ReportLab would
    # repeat them before every piece of it).
    tallest = max(
        (sum(stacked_height(c if isinstance(c, list) else [c], w - 2 * CELL_PADDING) for c in [cell])
         for line in data[1 if header else 0:] for cell, w in zip(line, widths) if cell != ""),
        default=0.0,
    )
    repeat = 1 if header and tallest < self.frame_size()[1] / 2 else 0
    table = Table(data, colWidths=widths, repeatRows=repeat, splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle(style))
    table.spaceBefore, table.spaceAfter = 3, 4
    return table
