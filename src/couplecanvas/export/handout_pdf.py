"""Lays a HandoutData out as a calm, printable PDF: the practice's letterhead, the session's heading (names, date, next
appointment), the board as a vector map with the couple's cycle in words under it, their reframes as old story -> new
story, the "I feel" card, then the homework with a tick grid per day; every page numbered 'of N'.

The map's words are never smaller than the look's `map_font`. A board too big to be drawn that large on the first
pages gets landscape pages of its own at the end of the handout: the whole board on one when it fits, else its parts
(the groups of cards with empty space between them, as templates are laid out), a part still too big cut into tiles."""

from __future__ import annotations

import io
import logging
import math
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.doctemplate import BaseDocTemplate, NextPageTemplate, PageTemplate
from reportlab.platypus.flowables import Flowable, HRFlowable, PageBreak, Spacer
from reportlab.platypus.frames import Frame

from couplecanvas.domain.couple import PartnerRole
from couplecanvas.domain.geometry import Rect
from couplecanvas.export.bidi_text import TypedParagraph
from couplecanvas.export.board_map import CARD_FONT_SIZE, BoardMap, MapLayout, parse_colour, readable_scale
from couplecanvas.export.feelings_page import feelings_page_flowables
from couplecanvas.export.fonts import BOLD, REGULAR, register_fonts
from couplecanvas.export.handout_data import HandoutData
from couplecanvas.export.handout_page import letterhead, load_logo, numbered_canvas
from couplecanvas.export.handout_sections import (
    MapWithWords,
    Words,
    handout_text,
    hex_of,
    homework_section,
    i_feel_card,
    stacked_height,
)
from couplecanvas.export.handout_style import (
    BOTTOM_MARGIN,
    FRAME_PADDING,
    INK,
    LARGE_PRINT,
    MAP_HEIGHT_SHARE,
    MAP_MIN_SHARE,
    MARGIN,
    NORMAL_PRINT,
    RULE,
    TEXT,
    Look,
    paragraph_styles,
)
from couplecanvas.export.map_geometry import gutter_parts, overlaps, tile_windows
from couplecanvas.export.plan_card import plan_card_flowables
from couplecanvas.export.worksheet_sections import cycle_flowables, reframe_flowables, worksheet_flowables

__all__ = ["MARGIN", "PAGE_SIZES", "TEXT", "HandoutRenderer", "render_handout"]

log = logging.getLogger(__name__)

PAGE_SIZES = {"a4": A4, "letter": LETTER}
PORTRAIT, LANDSCAPE = "portrait", "landscape"
PART_GAP = 10.0
"""Points between two parts of a big board's map on its pages."""
MAX_TILES = 24
"""The most sideways pages' worth of tiles one part of a board may take at the readable scale; a part that would
need more is drawn smaller (see _own_map_pages)."""


def _page_size(page_size: str) -> tuple[float, float]:
    try:
        return PAGE_SIZES[page_size.strip().lower()]
    except (KeyError, AttributeError):
        raise ValueError(f"page size must be 'A4' or 'Letter', not {page_size!r}") from None


class HandoutRenderer:
    """Turns one HandoutData into the flowables of the handout and builds the PDF."""

    def __init__(self, data: HandoutData, page_size: str = "A4", large_print: bool = False) -> None:
        register_fonts()
        self.data = data
        self.pagesize = _page_size(page_size)
        self.look: Look = LARGE_PRINT if large_print else NORMAL_PRINT
        self.styles = paragraph_styles(self.look)
        self.text: Words = handout_text(data.spelling)
        """The handout's own words in the practice's spelling."""
        self.map_pages: list[Flowable] = []
        """A big board's map on pages of its own, set while the story is made; they end the handout."""
        self._layout: MapLayout | None = None
        self._readable_scale: float | None = None

    def build(self, *, deterministic: bool = False) -> bytes:
        """The PDF bytes; `deterministic` makes two builds of the same data byte-identical."""
        buffer = io.BytesIO()
        doc = BaseDocTemplate(
            buffer,
            pagesize=self.pagesize,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=BOTTOM_MARGIN,
            # Metadata names no one, not even the practice: a handout may be forwarded, printed or left lying around.
            title=self.text["pdf_title"].format(date=self.data.date_text),
            author=self.text["pdf_author"],
            creator=self.text["pdf_creator"],
            subject=self.text["pdf_subject"],
            keywords="",
            lang="en",
            displayDocTitle=True,
            invariant=1 if deterministic else None,
            pageCompression=1,
            initialFontName=REGULAR,
            initialFontSize=10.5,
        )
        # Pages are upright; a big board's map gets sideways pages of its own (NextPageTemplate(LANDSCAPE)).
        doc.addPageTemplates([_page_template(PORTRAIT, self.pagesize), _page_template(LANDSCAPE,
                                                                                     landscape(self.pagesize))])
        support_line = " ".join(self.data.practice.support_line.split())
        canvas = numbered_canvas(self._footer_text(), self.look, support_line)
        doc.build(self.story(self.frame_size()[1]), canvasmaker=canvas)
        pdf = buffer.getvalue()
        log.debug("handout rendered: %d page(s), %d bytes", doc.page, len(pdf))
        return pdf

    def frame_size(self, orientation: str = PORTRAIT) -> tuple[float, float]:
        """The width and height flowables may use on an upright page (or a sideways one)."""
        width, height = self.pagesize if orientation == PORTRAIT else landscape(self.pagesize)
        return (
            width - 2 * MARGIN - 2 * FRAME_PADDING,
            height - MARGIN - BOTTOM_MARGIN - 2 * FRAME_PADDING,
        )

    def _footer_text(self) -> str:
        """The practice's name at the foot of each page (nothing without one: the handout advertises no one), cut
        short to leave the page number room."""
        text = self.data.practice_name
        room = self.pagesize[0] - 2 * MARGIN - stringWidth(self.text["page"].format(n=99, total=99), REGULAR,
                                                           self.look.footer_size) - 24
        while len(text) > 1 and stringWidth(text, REGULAR, self.look.footer_size) > room:
            text = text[:-2].rstrip() + "…"
        return text

    # -- content ------------------------------------------------------------------------------------------------------
    def story(self, frame_height: float) -> list[Flowable]:
        """Every flowable of the handout, in reading order: the body (`body`), a big board's map on sideways pages of
        its own, then the plan for the fridge and the feeling words, each on a page of its own, last so that they can
        be taken off and kept."""
        self.map_pages = []
        story = self.body(frame_height)
        story.extend(self.map_pages)
        ending: list[Flowable] = []
        if self.data.plan is not None:
            ending.extend(plan_card_flowables(self, self.data.plan))
        if self.data.feelings_page:
            ending.extend(feelings_page_flowables(self))
        if ending and self.map_pages:
            story.append(NextPageTemplate(PORTRAIT))  # upright again after the sideways map
        return story + ending

    def body(self, frame_height: float) -> list[Flowable]:
        """The handout's sections in reading order: heading, map (when it can be read there), the board's words, the
        "I feel" card and the homework."""
        data = self.data
        story: list[Flowable] = self._heading()
        story.extend(self._map(frame_height))
        if data.cycle is not None:
            story.extend(cycle_flowables(self, data.cycle))
        if data.reframes:
            story.extend(reframe_flowables(self, data.reframes))
        story.extend(worksheet_flowables(self, data.worksheets))
        # The card follows the session's words (a way to speak them) and comes before the week's practice.
        story.append(i_feel_card(self.styles, self.text))
        story.extend(homework_section(data.homework, self.styles, self.look, frame_height, self.text))
        return story

    def _heading(self) -> list[Flowable]:
        """The practice's letterhead (when there is one), then the title, the couple's names, the session date and the
        next appointment (when one is set)."""
        data, st = self.data, self.styles
        flowables = letterhead(
            data.practice_name, data.contact_lines, load_logo(data.practice.logo), st, self.frame_size()[0]
        )
        if flowables:
            flowables.append(HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=10, spaceAfter=12))
        flowables.append(TypedParagraph(escape(data.title), st["title"]))
        flowables.append(TypedParagraph(f"{escape(data.couple_names)}  ·  {escape(data.date_text)}", st["subtitle"]))
        if data.next_appointment is not None:
            # At the top, where it is found again without reading the whole handout; the day and time never part
            # across a line break.
            when = escape(data.next_appointment_text).replace(" ", "&nbsp;")
            flowables.append(
                TypedParagraph(
                    f'{self.text["next"]} <font color="#{hex_of(INK)}"><b>{when}</b></font>', st["appointment"]
                )
            )
        flowables.append(HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=2, spaceAfter=4))
        return flowables

    def map_layout(self) -> MapLayout:
        """The board's map, worked out once per handout (the arrows' courses around the cards)."""
        if self._layout is None:
            self._layout = MapLayout(self.data.board)
        return self._layout

    def readable_scale(self) -> float:
        """The smallest scale the map may be drawn at: its typical card still holds its words at the look's size."""
        if self._readable_scale is None:  # asked for the first page and again for the sideways pages
            self._readable_scale = readable_scale(self.data.board, self.look.map_font)
        return self._readable_scale

    def _colours(self) -> dict[PartnerRole, str]:
        return {PartnerRole.A: self.data.partner_colours[0], PartnerRole.B: self.data.partner_colours[1]}

    def map_flowable(self, frame_height: float) -> BoardMap:
        """The whole board as a vector drawing, at most MAP_HEIGHT_SHARE of the frame high (less when less is left on
        the page, down to MAP_MIN_SHARE, never below the readable scale)."""
        return BoardMap(
            self.data.board,
            self._colours(),
            font=REGULAR,
            bold_font=BOLD,
            max_height=frame_height * MAP_HEIGHT_SHARE,
            min_height=frame_height * MAP_MIN_SHARE,
            min_font=self.look.map_font,
            min_scale=self.readable_scale(),
            layout=self.map_layout(),
        )

    def map_fits_inline(self, frame_height: float) -> bool:
        """True when the whole map can be drawn on an upright page among the other sections, its words at full size."""
        bounds = self.map_layout().bounds
        width = self.frame_size()[0]
        return min(width / bounds.w, frame_height * MAP_HEIGHT_SHARE / bounds.h, 1.0) >= self.readable_scale()

    def _legend(self) -> list[Flowable]:
        roles = {card.partner for card in self.data.board.cards if card.partner is not None}
        if not roles:
            return []
        keys = []
        for role in (PartnerRole.A, PartnerRole.B):
            if role in roles:
                colour = parse_colour(self.data.colour_of(role), fallback="#5b6670").hexval()[2:]
                name = self.data.partner_names[0 if role is PartnerRole.A else 1]
                keys.append(f'<font color="#{colour}">■</font> {escape(name)}')
        return [TypedParagraph("&nbsp;&nbsp;&nbsp;".join(keys), self.styles["legend"])]

    def _map(self, frame_height: float) -> list[Flowable]:
        """The section's heading and the map with its legend; just a line when nothing was drawn. A map too big to
        read there goes to pages of its own at the end (`map_pages`)."""
        st = self.styles
        heading = TypedParagraph(self.text["cycle" if self.data.cycle is not None else "map"], st["h2"])
        if self.data.board.is_empty:
            return [heading, TypedParagraph(self.text["map_empty"], st["intro"])]
        if not self.map_fits_inline(frame_height):
            # Where the map would have been, a line says where it is, so nobody looks for it in vain.
            self.map_pages = self._own_map_pages()
            return [heading, TypedParagraph(self.text["map_later"], st["intro"])]
        with_cycle = self.data.cycle is not None and not self.data.cycle.is_blank
        intro = self.text["cycle_intro" if with_cycle else "map_intro"]
        return [
            MapWithWords([heading, TypedParagraph(intro, st["intro"])], self.map_flowable(frame_height), self._legend())
        ]

    def _own_map_pages(self) -> list[Flowable]:
        """Sideways pages for a big board: the whole map when it fits one page at a readable size, else its parts, a
        part still too big in tiles; every part as large as its page allows, up to the size of the board's own
        words."""
        st = self.styles
        width, height = self.frame_size(LANDSCAPE)
        before = [TypedParagraph(self.text["map"], st["h2"]), TypedParagraph(self.text["map_pages_intro"], st["intro"])]
        after = self._legend()
        head = stacked_height(before, width) + stacked_height(after, width)
        layout = self.map_layout()
        need = self.readable_scale()
        # No larger than where the cards' words reach their size on the board: more would only take more paper.
        comfort = max(need, min(1.0, self.look.map_font / CARD_FONT_SIZE))
        room = height - head

        def part_map(window: Rect | None, scale: float, most: float) -> BoardMap:
            return BoardMap(self.data.board, self._colours(), font=REGULAR, bold_font=BOLD, max_height=room,
                            max_scale=most, min_font=self.look.map_font, min_scale=scale, window=window,
                            layout=layout)

        whole = layout.bounds
        if min(width / whole.w, room / whole.h) >= need:
            first = part_map(None, need, 1.0)
            return [NextPageTemplate(LANDSCAPE), PageBreak(), MapWithWords(before, first, after)]
        rects = layout.items()

        def fits(members: list[int]) -> bool:
            window = layout.window_of([rects[i] for i in members])
            return min(width / window.w, room / window.h) >= need

        parts: list[tuple[Rect, float]] = []  # each part's window and the scale it is drawn at
        for members in gutter_parts(rects, fits, (width, room)):
            window = layout.window_of([rects[i] for i in members])
            if fits(members):
                parts.append((window, min(width / window.w, room / window.h, comfort)))
                continue
            # A story tag may stand above a tile's top edge: its room is kept free.
            tag_room = 0.75 * max(self.look.map_font, 12.0) + 1.0
            scale = need
            # A part that would take more than MAX_TILES pages (a pen line or a card dragged miles away) is drawn
            # smaller instead: the handout stays a handout, and is made in a moment whatever the coordinates.
            while math.ceil(window.w * scale / width) * math.ceil(window.h * scale / (room - tag_room)) > MAX_TILES:
                scale *= 0.8
            tile_w, tile_h = width / scale, (room - tag_room) / scale
            biggest = max(max(rects[i].w, rects[i].h) for i in members)
            overlap = min(biggest + 20.0, 0.3 * min(tile_w, tile_h))
            # Tiles with nothing in them (the empty stretch between far-apart things) are left out.
            parts.extend((tile, scale) for tile in tile_windows(window, tile_w, tile_h, overlap)
                         if any(overlaps(tile, rects[i]) for i in members))
        # Parts narrow enough share a row, side by side, so a page holds as many as fit.
        rows: list[list[tuple[Rect, float]]] = []
        used = width + 1
        for window, scale in parts:
            drawn = window.w * scale
            if rows and used + PART_GAP + drawn <= width:
                rows[-1].append((window, scale))
                used += PART_GAP + drawn
            else:
                rows.append([(window, scale)])
                used = drawn
        flowables: list[Flowable] = [NextPageTemplate(LANDSCAPE), PageBreak()]
        for index, row in enumerate(rows):
            maps = [part_map(window, scale, scale) for window, scale in row]
            line = MapRow(maps, [window.w * scale for window, scale in row])
            flowables.extend([MapWithWords(before, line, after)] if index == 0 else [Spacer(1, PART_GAP), line])
        return flowables


class MapRow(Flowable):
    """Parts of a big board's map side by side, each at its own scale, their tops in line."""

    def __init__(self, maps: list[BoardMap], widths: list[float]) -> None:
        super().__init__()
        self.maps = maps
        self.widths = widths
        # As tall as its tallest part (a story tag may add a little): it never shrinks, so it moves on whole.
        self.min_height = max(board_map.bounds.h * board_map.max_scale for board_map in maps)
        self.reserve = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (ReportLab API)
        self.height = max(board_map.wrap(w, board_map.max_height)[1] for board_map, w in zip(self.maps, self.widths))
        self.width = availWidth
        return self.width, self.height

    def draw(self) -> None:
        x = max(0.0, (self.width - sum(self.widths) - PART_GAP * (len(self.widths) - 1)) / 2)
        for board_map, w in zip(self.maps, self.widths):
            board_map.drawOn(self.canv, x, self.height - board_map.height)
            x += w + PART_GAP


def _page_template(name: str, pagesize: tuple[float, float]) -> PageTemplate:
    """A page of the handout, upright or sideways: one frame inside the margins (the footer is the canvas's)."""
    width, height = pagesize
    frame = Frame(MARGIN, BOTTOM_MARGIN, width - 2 * MARGIN, height - MARGIN - BOTTOM_MARGIN, id=f"{name}-frame",
                  leftPadding=FRAME_PADDING, rightPadding=FRAME_PADDING, topPadding=FRAME_PADDING,
                  bottomPadding=FRAME_PADDING)
    return PageTemplate(id=name, frames=[frame], pagesize=pagesize)


def render_handout(
    data: HandoutData, *, page_size: str = "A4", deterministic: bool = False, large_print: bool = False
) -> bytes:
    """The handout as PDF bytes, on A4 or Letter paper, in normal or large print; `deterministic=True` gives
    byte-identical output."""
    return HandoutRenderer(data, page_size, large_print).build(deterministic=deterministic)
