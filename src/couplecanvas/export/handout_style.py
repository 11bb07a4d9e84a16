"""How the handout looks: its words, colours, paragraph styles and the two print sizes (normal and large)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from couplecanvas.domain.board import OLD_STORY_COLOUR, REFRAME_COLOUR
from couplecanvas.export.board_map import LARGE_MAP_FONT, MIN_MAP_FONT, darker
from couplecanvas.export.fonts import BOLD, REGULAR

MARGIN = 18 * mm
BOTTOM_MARGIN = MARGIN + 4 * mm  # room for the footer
FRAME_PADDING = 6  # a platypus Frame keeps this much padding on each side
MAP_HEIGHT_SHARE = 0.6
"""The map takes at most this share of the text frame's height, leaving room for the heading above it."""
MAP_MIN_SHARE = 0.35
"""Below this share of the frame's height the map would be too small to read: it starts a new page instead."""

INK = colors.HexColor("#2b3440")
SOFT_INK = colors.HexColor("#5f6b76")
ACCENT = colors.HexColor("#3b6e8f")
RULE = colors.HexColor("#c9d3dc")
NOTE_FILL = colors.HexColor("#f5f1e8")
NOTE_EDGE = colors.HexColor("#d8b98a")
CARD_FILL = colors.HexColor("#eef4f8")
CARD_EDGE = colors.HexColor("#b9cddb")
GRID_LINE = colors.HexColor("#9aa6b1")
GRID_HEAD = colors.HexColor("#eef2f5")
OLD_STORY = colors.HexColor(OLD_STORY_COLOUR)
NEW_STORY = colors.HexColor(REFRAME_COLOUR)
CELL_PADDING = 7.0
ARROW_COLUMN = 34.0  # the arrow between an old story and its new story
LOGO_BOX = (120.0, 46.0)
"""The largest width and height (points) of the practice's logo; it keeps its own proportions inside."""

# Every user-visible string of the handout, in one place for a later translation.
TEXT: dict[str, Any] = {  # text, and one table of text (i_feel_parts)
    "map": "Our map",
    "map_intro": "The map we drew together in this session.",
    "map_empty": "We did not draw on the board this time.",
    "map_later": (
        "The map we drew together is on pages of its own after the homework, turned sideways so that every word can "
        "be read."
    ),
    "map_pages_intro": "The map we drew together in this session, on pages of its own so that every word can be read.",
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
    "tracking": "Keeping track:",
    "i_feel": "Saying what you feel",
    "i_feel_intro": (
        "When something stings, it can help to talk about your own feelings and one moment, rather than about "
        "the kind of person your partner is. Put the four parts together in your own words:"
    ),
    "i_feel_parts": (
        ("I feel", "one feeling"),
        ("when", "something specific happened"),
        ("because", "what it meant to me"),
        ("and I would like", "one thing you could do"),
    ),
    "i_feel_example_label": "For example:",
    "i_feel_example": (
        "“I feel lonely when we both look at our phones through dinner, because I start to wonder whether "
        "I still matter to you, and I would like us to leave the phones in another room while we eat tonight.”"
    ),
    "i_feel_tip": "Keep it short, and ask for something small enough to happen this week.",
    "next": "Your next appointment:",
    "page": "Page {n} of {total}",
    "pdf_title": "Session handout – {date}",
    "pdf_subject": "Take-home handout",
    "pdf_author": "",
    "pdf_creator": "Couple Canvas",
}


@dataclass(frozen=True)
class Look:
    """One print size: how much larger the text is than normal print, and the size of the tick grid (points)."""

    text_scale: float = 1.0
    tick_width: float = 34.0
    tick_height: float = 22.0
    tick_head: float = 16.0
    name_width: float = 92.0
    cycle_label_width: float = 128.0
    footer_size: float = 8.0
    map_font: float = MIN_MAP_FONT
    """The smallest words the map prints (points)."""


NORMAL_PRINT = Look()
LARGE_PRINT = Look(
    text_scale=1.35,
    tick_width=46.0,
    tick_height=32.0,
    tick_head=21.0,
    name_width=112.0,
    cycle_label_width=150.0,
    footer_size=10.0,
    map_font=LARGE_MAP_FONT,
)


def paragraph_styles(look: Look = NORMAL_PRINT) -> dict[str, ParagraphStyle]:
    """The handout's paragraph styles, every font size and leading grown by the look's text scale."""
    k = look.text_scale

    def style(name: str, parent: ParagraphStyle | None = None, **values: object) -> ParagraphStyle:
        for key in ("fontSize", "leading", "spaceBefore", "spaceAfter", "leftIndent", "bulletIndent", "bulletFontSize"):
            if key in values:
                values[key] = float(values[key]) * k  # type: ignore[arg-type]
        return ParagraphStyle(name, parent, **values)

    base = style(
        "body",
        fontName=REGULAR,
        fontSize=10.5,
        leading=14.5,
        textColor=INK,
        alignment=TA_LEFT,
        bulletFontName=REGULAR,
        bulletFontSize=10.5,
        spaceAfter=4,
    )
    return {
        "body": base,
        "practice": style("practice", base, fontName=BOLD, fontSize=11.5, leading=14.5, spaceAfter=1),
        "contact": style("contact", base, fontSize=8.5, leading=11, textColor=SOFT_INK, spaceAfter=0),
        "title": style("title", base, fontName=BOLD, fontSize=22, leading=27, spaceAfter=2),
        "subtitle": style("subtitle", base, fontSize=12.5, leading=16, textColor=SOFT_INK, spaceAfter=6),
        "h2": style("h2", base, fontName=BOLD, fontSize=14.5, leading=18, textColor=ACCENT, spaceBefore=14,
                    spaceAfter=3, keepWithNext=1),
        "intro": style("intro", base, textColor=SOFT_INK, spaceAfter=8),
        "legend": style("legend", base, fontSize=9.5, leading=12, textColor=SOFT_INK, spaceBefore=4),
        "exercise": style("exercise", base, fontName=BOLD, fontSize=12.5, leading=16, spaceBefore=8, spaceAfter=1),
        "meta": style("meta", base, fontSize=9.5, leading=12.5, textColor=SOFT_INK, spaceAfter=5),
        "step": style("step", base, leftIndent=18, bulletIndent=3, spaceAfter=2.5),
        "note_label": style("note_label", base, fontName=BOLD, fontSize=9.5, leading=12, textColor=SOFT_INK,
                            spaceAfter=1),
        "note": style("note", base, spaceAfter=0),
        "tracking": style("tracking", base, spaceBefore=4, spaceAfter=5),
        "grid": style("grid", base, fontSize=9.5, leading=11.5, spaceAfter=0),
        "grid_head": style("grid_head", base, fontName=BOLD, fontSize=9, leading=11, alignment=1,
                           textColor=SOFT_INK, spaceAfter=0),
        "h3": style("h3", base, fontName=BOLD, fontSize=12.5, leading=16, textColor=ACCENT, spaceBefore=10,
                    spaceAfter=2),
        "cycle_name_label": style("cycle_name_label", base, fontSize=9.5, leading=12, textColor=SOFT_INK,
                                  spaceBefore=4, spaceAfter=0),
        "cycle_name": style("cycle_name", base, fontName=BOLD, fontSize=16, leading=20, textColor=ACCENT,
                            spaceAfter=4),
        "column": style("column", base, fontName=BOLD, fontSize=11, leading=14, spaceAfter=0),
        "cell": style("cell", base, fontSize=10, leading=13.5, spaceAfter=0),
        "cell_label": style("cell_label", base, fontSize=9.5, leading=12.5, textColor=SOFT_INK, spaceAfter=0),
        "after_table": style("after_table", base, fontSize=9.5, leading=12.5, textColor=SOFT_INK, spaceBefore=5,
                             spaceAfter=4),
        "old_label": style("old_label", base, fontName=BOLD, fontSize=9, leading=11.5,
                           textColor=darker(OLD_STORY, 0.25), spaceAfter=2),
        "new_label": style("new_label", base, fontName=BOLD, fontSize=9, leading=11.5, textColor=NEW_STORY,
                           spaceAfter=2),
        "story": style("story", base, spaceAfter=0),
        "story_missing": style("story_missing", base, textColor=SOFT_INK, spaceAfter=0),
        "arrow": style("arrow", base, fontName=BOLD, fontSize=20, leading=22, alignment=1, textColor=NEW_STORY,
                       spaceAfter=0),
        "formula": style("formula", base, fontSize=12, leading=19, spaceBefore=2, spaceAfter=6),
        "card_text": style("card_text", base, spaceAfter=5),
        "example": style("example", base, fontSize=10, leading=14, spaceAfter=4),
        "tip": style("tip", base, fontSize=9.5, leading=12.5, textColor=SOFT_INK, spaceAfter=0),
        "appointment": style("appointment", base, fontSize=11.5, leading=15, textColor=SOFT_INK, spaceBefore=-3,
                             spaceAfter=6),
    }
