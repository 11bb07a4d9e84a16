"""The board's words as the handout prints them: the couple's cycle step by step, their reframes (old story -> new
story), and each other template as a worksheet (see export.worksheets).

Each function takes the renderer (its styles, print size, words and frame) and returns flowables in reading order."""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus.flowables import Flowable, KeepTogether
from reportlab.platypus.paragraph import Paragraph
from reportlab.platypus.tables import Table, TableStyle

from couplecanvas.domain.couple import PartnerRole
from couplecanvas.export.board_map import parse_colour
from couplecanvas.export.fonts import REGULAR
from couplecanvas.export.handout_data import CycleSection, Reframe
from couplecanvas.export.handout_sections import hex_of, markup, note_box, tint
from couplecanvas.export.handout_style import ARROW_COLUMN, CELL_PADDING, NEW_STORY, OLD_STORY, RULE, SOFT_INK
from couplecanvas.export.worksheets import Worksheet

if TYPE_CHECKING:
    from couplecanvas.export.handout_pdf import HandoutRenderer


# -- the cycle in words ------------------------------------------------------------------------------------------
def cycle_flowables(self: HandoutRenderer, cycle: CycleSection) -> list[Flowable]:
    st = self.styles
    if cycle.is_blank:
        return [Paragraph(self.text["cycle_blank"], st["intro"])]
    # A heading of its own, so the words still say what they are when they start a new page.
    words: list[Flowable] = [Paragraph(self.text["cycle_words"], st["h3"])]
    if cycle.name:
        words.append(Paragraph(self.text["cycle_name"], st["cycle_name_label"]))
        words.append(Paragraph(markup(cycle.name), st["cycle_name"]))
    words.append(Paragraph(self.text["cycle_together"], st["intro"]))
    if cycle.rows:
        words.append(_cycle_table(self, cycle))
        if len(cycle.rows) > 1:
            words.append(Paragraph(self.text["cycle_loop"], st["after_table"]))
    if cycle.spot_it:
        words.append(note_box(self.styles, cycle.spot_it, self.text["spot_it"]))
    # Name, table and spot-it line read as one piece: they move to the next page together when they do not fit
    # under the map (a taller cycle than a page still splits, between rows and inside long ones).
    return [KeepTogether(words)]

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
        header.append(Paragraph(shown, st["column"]))
    body = [
        [Paragraph(escape(row.label), st["cell_label"]), *(_cycle_cell(self, w) for w in row.words)]
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

def _cycle_cell(self: HandoutRenderer, words: str) -> Paragraph:
    # A quiet dash where only the other partner has words, so the gap reads as "not yet" rather than a fault.
    return Paragraph(markup(words), self.styles["cell"]) if words else Paragraph("–", self.styles["cell_label"])

# -- the reframes -------------------------------------------------------------------------------------------------
def reframe_flowables(self: HandoutRenderer, reframes: tuple[Reframe, ...]) -> list[Flowable]:
    st = self.styles
    heading = [Paragraph(self.text["reframes"], st["h2"]), Paragraph(self.text["reframes_intro"], st["intro"])]
    # Each pair stays whole on its page; the heading travels with the first.
    return [
        KeepTogether([*(heading if index == 0 else []), _reframe(self, pair)])
        for index, pair in enumerate(reframes)
    ]

def _reframe(self: HandoutRenderer, pair: Reframe) -> Table:
    st = self.styles
    side = (self.frame_size()[0] - ARROW_COLUMN) / 2

    def cell(label: str, label_style: str, text: str) -> list[Flowable]:
        words = Paragraph(markup(text), st["story"]) if text else Paragraph(self.text["story_missing"],
                                                                            st["story_missing"])
        return [Paragraph(label, st[label_style]), words]

    table = Table(
        [[cell(self.text["old_story"], "old_label", pair.old), Paragraph("→", st["arrow"]),
          cell(self.text["new_story"], "new_label", pair.new)]],
        colWidths=[side, ARROW_COLUMN, side],
        splitInRow=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("VALIGN", (1, 0), (1, 0), "MIDDLE"),
                ("BACKGROUND", (0, 0), (0, 0), tint(OLD_STORY, 0.1)),
                ("BACKGROUND", (2, 0), (2, 0), tint(NEW_STORY, 0.1)),
                ("LINEBEFORE", (0, 0), (0, 0), 2.5, OLD_STORY),
                ("LINEBEFORE", (2, 0), (2, 0), 2.5, NEW_STORY),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("LEFTPADDING", (1, 0), (1, 0), 0),
                ("RIGHTPADDING", (1, 0), (1, 0), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    table.spaceBefore, table.spaceAfter = 3, 7
    return table


# -- the other templates -----------------------------------------------------------------------------------------------
def worksheet_flowables(self: HandoutRenderer, worksheets: tuple[Worksheet, ...]) -> list[Flowable]:
    """Each worksheet as a section of its own."""
    return []
