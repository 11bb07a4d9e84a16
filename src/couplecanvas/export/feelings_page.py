"""The optional back page: the feeling words by level (resources/emotions.toml), for practice at home.

The surface words and the deeper words side by side (one above the other when the print is large), each level in
columns of its own under its title, so that a partner can look from what shows ("frustrated") to what may sit
underneath ("afraid I don't matter").
Only the levels that name feelings are printed (not the longings: those are needs, and the cycle asks for them apart).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.doctemplate import PageBreak
from reportlab.platypus.flowables import Flowable
from reportlab.platypus.paragraph import Paragraph
from reportlab.platypus.tables import Table, TableStyle

from couplecanvas.domain.emotions import EmotionWords, WordLevel, load_builtin_emotions
from couplecanvas.domain.spelling import to_spelling
from couplecanvas.export.fonts import REGULAR
from couplecanvas.export.handout_sections import tint
from couplecanvas.export.handout_style import ACCENT, CARD_EDGE, CARD_FILL, NOTE_EDGE, NOTE_FILL

if TYPE_CHECKING:
    from couplecanvas.export.handout_pdf import HandoutRenderer

log = logging.getLogger(__name__)

LEVELS = ("surface", "deeper")
"""The levels of emotions.toml printed, in this order: what shows, then what sits underneath."""

FEELINGS_WORDS = {
    "title": "Feeling words",
    "intro": (
        "When the word is hard to find, look here: first what tends to show, then what often sits underneath. "
        "Try saying both: “On the surface I feel…, and deep down I feel…”."
    ),
    "surface": "What shows on the surface",
    "deeper": "What may sit underneath",
    "foot": "No list holds every feeling. Your own word is always the right one.",
}
"""The page's own words (UK spelling, turned to US with the handout's spelling)."""

LAYOUTS = (
    ("side", 2, 1.45), ("side", 2, 1.25), ("stacked", 3, 1.25), ("stacked", 4, 1.25), ("stacked", 4, 1.12),
)
"""How the levels may sit, in order of preference, as (arrangement, columns of words per level, leading as a share
of the font size): side by side with two columns each (the eye moves across from what shows to what sits
underneath), else one above the other in three, then four columns, then a little closer. The first that fits the
page, with every word whole on its line, is taken (large print needs the stacked ones)."""
BOX_PADDING = 10.0
"""Room between a level's box edge and its words (points)."""
WORD_PADDING = 4.0
"""Room either side of a word in its column (points)."""
DEEPER_SHARE = 0.55
"""Side by side, the deeper level takes this share of the width: its words are longer ("afraid of being left")."""


def feelings_page_flowables(renderer: HandoutRenderer, emotions: EmotionWords | None = None) -> list[Flowable]:
    """The feeling words on a page of their own: a page break, then the title, a line on how to use them, and the
    surface and deeper words; [] when emotions.toml has neither level (the problem is logged)."""
    emotions = emotions or load_builtin_emotions()
    levels = [emotions.levels[key] for key in LEVELS if key in emotions.levels]
    if not levels:
        log.warning("no feeling words to print on the back page: %s", "; ".join(emotions.problems) or "no levels")
        return []
    spelling = renderer.data.spelling
    words = {key: to_spelling(value, spelling) for key, value in FEELINGS_WORDS.items()}
    styles = renderer.styles
    k = renderer.look.text_scale
    width, height = renderer.frame_size()
    body = styles["body"]
    head_style = ParagraphStyle("feeling_level", styles["h3"], spaceBefore=0, spaceAfter=0)
    title = Paragraph(escape(words["title"]), ParagraphStyle("feelings_title", styles["title"], spaceAfter=4 * k))
    intro = Paragraph(escape(words["intro"]), ParagraphStyle("feelings_intro", styles["intro"], spaceAfter=12 * k))
    foot = Paragraph(escape(words["foot"]), ParagraphStyle("feelings_foot", styles["tip"], spaceBefore=10 * k))
    titles = [words.get(level.key, level.title) for level in levels]
    around = sum(f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in (title, intro, foot))
    longest = max(stringWidth(part, body.fontName, body.fontSize) for level in levels for word in level.words
                  for part in to_spelling(word, spelling).split())
    for arrangement, columns, leading in LAYOUTS:
        word_style = ParagraphStyle("feeling_word", body, leading=body.fontSize * leading, spaceAfter=0)
        block, room = _levels_block(levels, titles, spelling, arrangement, columns, width, word_style, head_style, k)
        if around + block.wrap(width, height)[1] <= height and longest <= room:
            break
    else:
        log.warning("the feeling words do not fit a page whole even in %d columns", LAYOUTS[-1][1])
    return [PageBreak(), title, intro, block, foot]


def _levels_block(
    levels: list[WordLevel],
    titles: list[str],
    spelling: str,
    arrangement: str,
    columns: int,
    width: float,
    word_style: ParagraphStyle,
    head_style: ParagraphStyle,
    k: float,
) -> tuple[Table, float]:
    """The levels' boxes side by side (`arrangement` "side") or one above the other, `columns` columns of words each,
    and the room a word has in the narrowest column (points)."""
    gap = 14.0 * k
    fills = {"surface": (NOTE_FILL, NOTE_EDGE), "deeper": (CARD_FILL, CARD_EDGE)}
    if arrangement == "side" and len(levels) == 2:
        widths = [(width - gap) * (1 - DEEPER_SHARE), (width - gap) * DEEPER_SHARE]
    elif arrangement == "side":
        widths = [(width - gap * (len(levels) - 1)) / len(levels)] * len(levels)
    else:
        widths = [width] * len(levels)
    boxes = []
    for level, title, box_width in zip(levels, titles, widths, strict=True):
        fill, edge = fills.get(level.key, (tint(ACCENT, 0.06), ACCENT))
        boxes.append(_level_box(level, title, spelling, box_width, columns, word_style, head_style, fill, edge))
    if arrangement == "side":
        cells, col_widths = [boxes], [w + gap for w in widths[:-1]] + [widths[-1]]
    else:
        cells, col_widths = [[box] for box in boxes], [width]
    block = Table(cells, colWidths=col_widths, hAlign="LEFT")
    block.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-2, -1), gap),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -2), gap if arrangement != "side" else 0),
            ]
        )
    )
    return block, (min(widths) - 2 * BOX_PADDING) / columns - 2 * WORD_PADDING


def _level_box(
    level: WordLevel,
    title: str,
    spelling: str,
    width: float,
    columns: int,
    word_style: ParagraphStyle,
    head_style: ParagraphStyle,
    fill: object,
    edge: object,
) -> Table:
    """One level's title over its words in `columns` columns (read down each column), in a soft box."""
    names = [escape(to_spelling(word, spelling)) for word in level.words]
    per_column = -(-len(names) // columns)
    lists = [names[n * per_column:(n + 1) * per_column] for n in range(columns)]
    rows = [[Paragraph(words[i], word_style) if i < len(words) else "" for words in lists] for i in range(per_column)]
    padding = BOX_PADDING
    inner = (width - 2 * padding) / columns
    table = Table(
        [[Paragraph(escape(title), head_style)] + [""] * (columns - 1), *rows],
        colWidths=[inner + (padding if n == 0 else 0) + (padding if n == columns - 1 else 0) for n in range(columns)],
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("SPAN", (0, 0), (-1, 0)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, -1), fill),
                ("LINEABOVE", (0, 0), (-1, 0), 2.5, edge),
                ("LEFTPADDING", (0, 0), (-1, -1), WORD_PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), WORD_PADDING),
                ("LEFTPADDING", (0, 0), (0, -1), padding),
                ("RIGHTPADDING", (-1, 0), (-1, -1), padding),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 0), (-1, 0), 7),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 10),
            ]
        )
    )
    return table
