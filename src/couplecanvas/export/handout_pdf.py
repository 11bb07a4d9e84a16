"""Lays a HandoutData out as a calm, printable PDF: heading, the board as a vector map with the couple's cycle in
words under it, their reframes as old story -> new story, then the homework."""

from __future__ import annotations

import io
import logging
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus.doctemplate import SimpleDocTemplate
from reportlab.platypus.flowables import Flowable, HRFlowable, KeepTogether, Spacer
from reportlab.platypus.paragraph import Paragraph
from reportlab.platypus.tables import Table, TableStyle

from couplecanvas.domain.board import OLD_STORY_COLOUR, REFRAME_COLOUR
from couplecanvas.domain.couple import PartnerRole
from couplecanvas.domain.homework import WEEKDAYS
from couplecanvas.export.board_map import BoardMap, darker, parse_colour
from couplecanvas.export.fonts import BOLD, REGULAR, register_fonts
from couplecanvas.export.handout_data import CycleSection, HandoutData, HomeworkEntry, Reframe

log = logging.getLogger(__name__)

PAGE_SIZES = {"a4": A4, "letter": LETTER}
MARGIN = 18 * mm
BOTTOM_MARGIN = MARGIN + 4 * mm  # room for the footer
FRAME_PADDING = 6  # a platypus Frame keeps this much padding on each side
MAP_HEIGHT_SHARE = 0.6
"""The map takes at most this share of the text frame's height, leaving room for the heading above it."""

INK = colors.HexColor("#2b3440")
SOFT_INK = colors.HexColor("#5f6b76")
ACCENT = colors.HexColor("#3b6e8f")
RULE = colors.HexColor("#c9d3dc")
NOTE_FILL = colors.HexColor("#f5f1e8")
NOTE_EDGE = colors.HexColor("#d8b98a")
GRID_LINE = colors.HexColor("#9aa6b1")
GRID_HEAD = colors.HexColor("#eef2f5")
OLD_STORY = colors.HexColor(OLD_STORY_COLOUR)
NEW_STORY = colors.HexColor(REFRAME_COLOUR)
CYCLE_LABEL_WIDTH = 128.0  # the step column of the cycle table; the partners share the rest
CELL_PADDING = 7.0
ARROW_COLUMN = 34.0  # the arrow between an old story and its new story

# Every user-visible string of the handout, in one place for a later translation.
TEXT = {
    "map": "Our map",
    "map_intro": "The map we drew together in this session.",
    "map_empty": "We did not draw on the board this time.",
    "cycle": "Our cycle",
    "cycle_intro": "The map we drew together in this session. Under it, your cycle step by step, in your own words.",
    "cycle_words": "Your cycle, step by step",
    "cycle_name": "Your name for it",
    "cycle_together": (
        "The cycle is what hurts you both, not either one of you. You can face it together, side by side."
    ),
    "cycle_loop": "What one of you does last tends to set off the other's first step, and so the circle turns again.",
    "cycle_blank": "The steps of your cycle are still to be filled in. The map shows where each one goes.",
    "spot_it": "When you notice it starting, you can say",
    "reframes": "Old story, new story",
    "reframes_intro": "The story the problem has been telling, and the one you would rather live by.",
    "old_story": "Old story",
    "new_story": "New story",
    "story_missing": "Still to be written, together.",
    "homework": "This week's homework",
    "homework_intro": "Small steps, practised often, make the biggest difference. Tick a box on each day you practise.",
    "homework_none": "No homework this week. Be kind to yourselves and to each other.",
    "note": "A note for you",
    "footer": "Made with Couple Canvas",
    "page": "Page {n}",
    "pdf_title": "Session handout – {date}",
    "pdf_subject": "Take-home handout",
    "pdf_author": "Couple Canvas",
}


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "body",
        fontName=REGULAR,
        fontSize=10.5,
        leading=14.5,
        textColor=INK,
        alignment=TA_LEFT,
        bulletFontName=REGULAR,
        spaceAfter=4,
    )
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=BOLD, fontSize=22, leading=27, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=12.5, leading=16, textColor=SOFT_INK, spaceAfter=6),
        "h2": ParagraphStyle(
            "h2", base, fontName=BOLD, fontSize=14.5, leading=18, textColor=ACCENT, spaceBefore=14, spaceAfter=3,
            keepWithNext=1,
        ),
        "intro": ParagraphStyle("intro", base, textColor=SOFT_INK, spaceAfter=8),
        "legend": ParagraphStyle("legend", base, fontSize=9.5, leading=12, textColor=SOFT_INK, spaceBefore=4),
        "exercise": ParagraphStyle("exercise", base, fontName=BOLD, fontSize=12.5, leading=16, spaceBefore=8,
                                   spaceAfter=1),
        "meta": ParagraphStyle("meta", base, fontSize=9.5, leading=12.5, textColor=SOFT_INK, spaceAfter=5),
        "step": ParagraphStyle("step", base, leftIndent=18, bulletIndent=3, spaceAfter=2.5),
        "note_label": ParagraphStyle("note_label", base, fontName=BOLD, fontSize=9.5, leading=12, textColor=SOFT_INK,
                                     spaceAfter=1),
        "note": ParagraphStyle("note", base, spaceAfter=0),
        "tracking": ParagraphStyle("tracking", base, spaceBefore=4, spaceAfter=5),
        "grid": ParagraphStyle("grid", base, fontSize=9.5, leading=11.5, spaceAfter=0),
        "grid_head": ParagraphStyle("grid_head", base, fontName=BOLD, fontSize=9, leading=11, alignment=1,
                                    textColor=SOFT_INK, spaceAfter=0),
        "h3": ParagraphStyle("h3", base, fontName=BOLD, fontSize=12.5, leading=16, textColor=ACCENT, spaceBefore=10,
                             spaceAfter=2),
        "cycle_name_label": ParagraphStyle("cycle_name_label", base, fontSize=9.5, leading=12, textColor=SOFT_INK,
                                           spaceBefore=4, spaceAfter=0),
        "cycle_name": ParagraphStyle("cycle_name", base, fontName=BOLD, fontSize=16, leading=20, textColor=ACCENT,
                                     spaceAfter=4),
        "column": ParagraphStyle("column", base, fontName=BOLD, fontSize=11, leading=14, spaceAfter=0),
        "cell": ParagraphStyle("cell", base, fontSize=10, leading=13.5, spaceAfter=0),
        "cell_label": ParagraphStyle("cell_label", base, fontSize=9.5, leading=12.5, textColor=SOFT_INK,
                                     spaceAfter=0),
        "after_table": ParagraphStyle("after_table", base, fontSize=9.5, leading=12.5, textColor=SOFT_INK,
                                      spaceBefore=5, spaceAfter=4),
        "old_label": ParagraphStyle("old_label", base, fontName=BOLD, fontSize=9, leading=11.5,
                                    textColor=darker(OLD_STORY, 0.25), spaceAfter=2),
        "new_label": ParagraphStyle("new_label", base, fontName=BOLD, fontSize=9, leading=11.5, textColor=NEW_STORY,
                                    spaceAfter=2),
        "story": ParagraphStyle("story", base, spaceAfter=0),
        "story_missing": ParagraphStyle("story_missing", base, textColor=SOFT_INK, spaceAfter=0),
        "arrow": ParagraphStyle("arrow", base, fontName=BOLD, fontSize=20, leading=22, alignment=1,
                                textColor=NEW_STORY, spaceAfter=0),
    }


def tint(colour: colors.Color, share: float) -> colors.Color:
    """The colour mixed with white paper: `share` of the colour is kept (0..1)."""
    return colors.Color(*(1 - share + share * part for part in (colour.red, colour.green, colour.blue)))


def _markup(text: str) -> str:
    """Text typed by a person, made safe for Paragraph markup; its line breaks are kept."""
    return "<br/>".join(escape(line) for line in text.strip().splitlines())


def _hex(colour: colors.Color) -> str:
    return colour.hexval()[2:]


def _page_size(page_size: str) -> tuple[float, float]:
    try:
        return PAGE_SIZES[page_size.strip().lower()]
    except (KeyError, AttributeError):
        raise ValueError(f"page size must be 'A4' or 'Letter', not {page_size!r}") from None


class HandoutRenderer:
    """Turns one HandoutData into the flowables of the handout and builds the PDF."""

    def __init__(self, data: HandoutData, page_size: str = "A4") -> None:
        register_fonts()
        self.data = data
        self.pagesize = _page_size(page_size)
        self.styles = _styles()

    def build(self, *, deterministic: bool = False) -> bytes:
        """The PDF bytes; `deterministic` makes two builds of the same data byte-identical."""
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=self.pagesize,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=BOTTOM_MARGIN,
            # Metadata names no one: a handout may be forwarded, printed or left lying around.
            title=TEXT["pdf_title"].format(date=self.data.date_text),
            author=TEXT["pdf_author"],
            creator=TEXT["pdf_author"],
            subject=TEXT["pdf_subject"],
            lang="en",
            displayDocTitle=True,
            invariant=1 if deterministic else None,
            initialFontName=REGULAR,
            initialFontSize=10.5,
        )
        doc.build(self.story(self.frame_size()[1]), onFirstPage=self._footer, onLaterPages=self._footer)
        pdf = buffer.getvalue()
        log.debug("handout rendered: %d page(s), %d bytes", doc.page, len(pdf))
        return pdf

    def frame_size(self) -> tuple[float, float]:
        """The width and height flowables may use on a page."""
        width, height = self.pagesize
        return (
            width - 2 * MARGIN - 2 * FRAME_PADDING,
            height - MARGIN - BOTTOM_MARGIN - 2 * FRAME_PADDING,
        )

    # -- page furniture -----------------------------------------------------------------------------------------------
    def _footer(self, canv, doc) -> None:  # noqa: ANN001 (ReportLab callback)
        canv.saveState()
        y = MARGIN - 2
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(doc.leftMargin, y + 10, doc.leftMargin + doc.width, y + 10)
        canv.setFont(REGULAR, 8)
        canv.setFillColor(SOFT_INK)
        canv.drawString(doc.leftMargin, y, TEXT["footer"])
        canv.drawRightString(doc.leftMargin + doc.width, y, TEXT["page"].format(n=doc.page))
        canv.restoreState()

    # -- content ------------------------------------------------------------------------------------------------------
    def story(self, frame_height: float) -> list[Flowable]:
        """Every flowable of the handout, in reading order."""
        data, st = self.data, self.styles
        story: list[Flowable] = [
            Paragraph(escape(data.title), st["title"]),
            Paragraph(f"{escape(data.couple_names)}  ·  {escape(data.date_text)}", st["subtitle"]),
            HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=2, spaceAfter=4),
            Paragraph(TEXT["cycle" if data.cycle is not None else "map"], st["h2"]),
        ]
        story.extend(self._map(frame_height))
        if data.cycle is not None:
            story.extend(self._cycle(data.cycle))
        if data.reframes:
            story.extend(self._reframes(data.reframes))
        heading = [Paragraph(TEXT["homework"], st["h2"])]
        if not data.homework:
            story.extend([*heading, Paragraph(TEXT["homework_none"], st["intro"])])
            return story
        heading.append(Paragraph(TEXT["homework_intro"], st["intro"]))
        for index, entry in enumerate(data.homework):
            # The section heading travels with the first exercise, so it is never left alone at a page's foot.
            story.append(KeepTogether([*(heading if index == 0 else []), *self._homework_entry(entry)]))
        return story

    def map_flowable(self, frame_height: float) -> BoardMap:
        """The board as a vector drawing, at most MAP_HEIGHT_SHARE of the frame high."""
        colours = {PartnerRole.A: self.data.partner_colours[0], PartnerRole.B: self.data.partner_colours[1]}
        return BoardMap(
            self.data.board, colours, font=REGULAR, bold_font=BOLD, max_height=frame_height * MAP_HEIGHT_SHARE
        )

    def _map(self, frame_height: float) -> list[Flowable]:
        st = self.styles
        if self.data.board.is_empty:
            return [Paragraph(TEXT["map_empty"], st["intro"])]
        intro = TEXT["cycle_intro" if self.data.cycle is not None and not self.data.cycle.is_blank else "map_intro"]
        flowables: list[Flowable] = [Paragraph(intro, st["intro"]), self.map_flowable(frame_height)]
        roles = {card.partner for card in self.data.board.cards if card.partner is not None}
        if roles:
            keys = []
            for role in (PartnerRole.A, PartnerRole.B):
                if role in roles:
                    colour = parse_colour(self.data.colour_of(role), fallback="#5b6670").hexval()[2:]
                    name = self.data.partner_names[0 if role is PartnerRole.A else 1]
                    keys.append(f'<font color="#{colour}">■</font> {escape(name)}')
            flowables.append(Paragraph("&nbsp;&nbsp;&nbsp;".join(keys), st["legend"]))
        return flowables

    # -- the cycle in words ------------------------------------------------------------------------------------------
    def _cycle(self, cycle: CycleSection) -> list[Flowable]:
        st = self.styles
        if cycle.is_blank:
            return [Paragraph(TEXT["cycle_blank"], st["intro"])]
        # A heading of its own, so the words still say what they are when they start a new page.
        words: list[Flowable] = [Paragraph(TEXT["cycle_words"], st["h3"])]
        if cycle.name:
            words.append(Paragraph(TEXT["cycle_name"], st["cycle_name_label"]))
            words.append(Paragraph(_markup(cycle.name), st["cycle_name"]))
        words.append(Paragraph(TEXT["cycle_together"], st["intro"]))
        if cycle.rows:
            words.append(self._cycle_table(cycle))
            if len(cycle.rows) > 1:
                words.append(Paragraph(TEXT["cycle_loop"], st["after_table"]))
        if cycle.spot_it:
            words.append(self._note_box(cycle.spot_it, TEXT["spot_it"]))
        # Name, table and spot-it line read as one piece: they move to the next page together when they do not fit
        # under the map (a taller cycle than a page still splits, between rows and inside long ones).
        return [KeepTogether(words)]

    def _cycle_table(self, cycle: CycleSection) -> Table:
        st = self.styles
        width = self.frame_size()[0]
        label_width = min(CYCLE_LABEL_WIDTH, width * 0.3)
        column = (width - label_width) / 2
        header: list[object] = [""]
        for heading in cycle.columns:
            markup = f"{escape(heading.name)}"
            if heading.position:
                markup += f' <font name="{REGULAR}" color="#{_hex(SOFT_INK)}">({escape(heading.position)})</font>'
            header.append(Paragraph(markup, st["column"]))
        body = [
            [Paragraph(escape(row.label), st["cell_label"]), *(self._cycle_cell(w) for w in row.words)]
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

    def _cycle_cell(self, words: str) -> Paragraph:
        # A quiet dash where only the other partner has words, so the gap reads as "not yet" rather than a fault.
        return Paragraph(_markup(words), self.styles["cell"]) if words else Paragraph("–", self.styles["cell_label"])

    # -- the reframes -------------------------------------------------------------------------------------------------
    def _reframes(self, reframes: tuple[Reframe, ...]) -> list[Flowable]:
        st = self.styles
        heading = [Paragraph(TEXT["reframes"], st["h2"]), Paragraph(TEXT["reframes_intro"], st["intro"])]
        # Each pair stays whole on its page; the heading travels with the first.
        return [
            KeepTogether([*(heading if index == 0 else []), self._reframe(pair)])
            for index, pair in enumerate(reframes)
        ]

    def _reframe(self, pair: Reframe) -> Table:
        st = self.styles
        side = (self.frame_size()[0] - ARROW_COLUMN) / 2

        def cell(label: str, label_style: str, text: str) -> list[Flowable]:
            words = Paragraph(_markup(text), st["story"]) if text else Paragraph(TEXT["story_missing"],
                                                                                 st["story_missing"])
            return [Paragraph(label, st[label_style]), words]

        table = Table(
            [[cell(TEXT["old_story"], "old_label", pair.old), Paragraph("→", st["arrow"]),
              cell(TEXT["new_story"], "new_label", pair.new)]],
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

    def _homework_entry(self, entry: HomeworkEntry) -> list[Flowable]:
        st = self.styles
        meta = "  ·  ".join(escape(part) for part in (entry.who, entry.frequency, entry.duration) if part.strip())
        flowables: list[Flowable] = [Paragraph(escape(entry.title), st["exercise"])]
        if meta:
            flowables.append(Paragraph(meta, st["meta"]))
        if entry.summary.strip():
            flowables.append(Paragraph(_markup(entry.summary), st["body"]))
        for number, step in enumerate(entry.steps, start=1):
            flowables.append(Paragraph(_markup(step), st["step"], bulletText=f"{number}."))
        if entry.note.strip():
            flowables.append(self._note_box(entry.note))
        if entry.tracking.strip():
            flowables.append(Paragraph(_markup(entry.tracking), st["tracking"]))
        flowables.append(self._tick_grid(entry.tick_rows))
        flowables.append(Spacer(1, 8))
        return flowables

    def _note_box(self, note: str, label: str = TEXT["note"]) -> Table:
        st = self.styles
        box = Table(
            [[[Paragraph(label, st["note_label"]), Paragraph(_markup(note), st["note"])]]],
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

    def _tick_grid(self, rows: tuple[str, ...]) -> Table:
        st = self.styles
        rows = rows or ("",)
        header = [""] + [Paragraph(day, st["grid_head"]) for day in WEEKDAYS]
        body = [[Paragraph(escape(name), st["grid"])] + [""] * len(WEEKDAYS) for name in rows]
        day_width = 34.0
        grid = Table([header, *body], colWidths=[92.0] + [day_width] * len(WEEKDAYS),
                     rowHeights=[16.0] + [22.0] * len(body), hAlign="LEFT")
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


def render_handout(
    data: HandoutData, *, page_size: str = "A4", deterministic: bool = False, large_print: bool = False
) -> bytes:
    """The handout as PDF bytes, on A4 or Letter paper; `deterministic=True` gives byte-identical output."""
    return HandoutRenderer(data, page_size).build(deterministic=deterministic)
