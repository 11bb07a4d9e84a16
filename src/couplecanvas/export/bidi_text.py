"""Right-to-left words (Hebrew, Arabic, ...) as paper shows them: Arabic letters joined (presentation forms, by
arabic-reshaper), then each *drawn line* put in display order by the Unicode bidi algorithm (python-bidi).

The order of work matters: shape first (it keeps the logical order, so wrapping still measures real glyphs), wrap in
logical order, and only then reorder each line; reordering a whole text before wrapping would put its last words on
its first line. Text with no right-to-left letter skips all of this after one regular-expression search, so Latin
handouts pay nothing for it.

Every path from typed text to the page comes through here: Paragraphs of typed text (`TypedParagraph`, made by
handout_sections.markup's callers), the map's card words and labels (text_fit.fit_text) and the plan card."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import arabic_reshaper
from bidi import algorithm as _uba
from bidi import get_display
from reportlab.platypus.paragraph import Paragraph

log = logging.getLogger(__name__)

__all__ = ["TypedParagraph", "base_direction", "has_rtl", "shaped", "visual", "visual_runs"]

_RTL = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff\u200f\u202b\u202e\u2067]"
)
"""Any letter written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko, their presentation forms, ...) or an
explicit right-to-left mark: the cheap test that keeps bidi work away from Latin text."""
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
"""Letters that join (Arabic script in its base forms): only these need shaping."""


_KNOWN = frozenset(("L", "R", "AL", "EN", "ES", "ET", "AN", "CS", "NSM", "BN", "B", "S", "WS", "ON",
                    "LRE", "LRO", "RLE", "RLO", "PDF"))
"""The bidi classes python-bidi's step-by-step implementation (bidi.algorithm) knows."""


def has_rtl(text: str) -> bool:
    """True when `text` holds a right-to-left letter (or mark) and so needs reordering before it is drawn."""
    return _RTL.search(text) is not None


def shaped(text: str) -> str:
    """Arabic letters in their joined forms (initial, medial, final), in the same logical order; other text as is."""
    if _ARABIC.search(text) is None:
        return text
    return _shape(text)


@lru_cache(maxsize=4096)
def _shape(text: str) -> str:
    return arabic_reshaper.reshape(text)


def base_direction(text: str) -> str:
    """'R' when the first strong letter of `text` is right to left, else 'L' (the paragraph rule of the algorithm)."""
    if not has_rtl(text):
        return "L"
    return "R" if _uba.get_base_level(text) == 1 else "L"


def visual(line: str, base: str | None = None) -> str:
    """One drawn line, shaped and in display order (`base`: the paragraph's direction, else the line's own)."""
    if not has_rtl(line):
        return line
    return _visual(shaped(line), base)


@lru_cache(maxsize=8192)
def _visual(line: str, base: str | None) -> str:
    return get_display(line, base_dir=base)


def visual_runs(pieces: Sequence[str], base: str | None = None) -> list[tuple[int, str]]:
    """A line made of `pieces` (runs in different fonts or colours, joined with nothing between them) in display
    order: (the index of the piece it comes from, its characters as drawn), a piece cut where its direction changes.
    Pieces are shaped first. Without right-to-left text: every piece as it is, in order."""
    pieces = [shaped(piece) for piece in pieces]
    text = "".join(pieces)
    if not has_rtl(text):
        return [(index, piece) for index, piece in enumerate(pieces) if piece]
    owner = [index for index, piece in enumerate(pieces) for _ in piece]
    runs: list[tuple[int, str]] = []
    for position, char in _order(text, base):
        if runs and runs[-1][0] == owner[position]:
            runs[-1] = (runs[-1][0], runs[-1][1] + char)
        else:
            runs.append((owner[position], char))
    return runs


def _order(text: str, base: str | None) -> list[tuple[int, str]]:
    """The characters of one line in display order with their logical positions (mirrored where they must be):
    python-bidi's own steps, kept by position (its fast get_display gives the string only)."""
    storage = _uba.get_empty_storage()
    level = _uba.get_base_level(text) if base is None else _uba.PARAGRAPH_LEVELS[base]
    storage["base_level"], storage["base_dir"] = level, ("L", "R")[level]
    _uba.get_embedding_levels(text, storage)
    for position, char in enumerate(storage["chars"]):
        char["position"] = position
        if char["type"] not in _KNOWN:  # an unassigned code point, or an isolate mark this implementation predates
            char["type"] = char["orig"] = "ON"
    try:
        _uba.explicit_embed_and_overrides(storage)
        _uba.resolve_weak_types(storage)
        _uba.resolve_neutral_types(storage, False)
        _uba.resolve_implicit_levels(storage, False)
        _uba.reorder_resolved_levels(storage, False)
        _uba.apply_mirroring(storage, False)
    except (AssertionError, KeyError, IndexError):  # never let an odd character cost the couple their handout
        log.warning("a line could not be put in right-to-left order; it prints as typed", exc_info=True)
        return list(enumerate(text))
    return [(char["position"], char["ch"]) for char in storage["chars"] if "position" in char]


class TypedParagraph(Paragraph):
    """A Paragraph of words someone typed: laid out (wrapped, split across pages) in logical order like any other,
    and each of its lines put in display order only when drawn, so right-to-left text reads in order line by line.
    Arabic letters are joined before anything is measured."""

    def __init__(self, text: str | None, *args: object, **kwargs: object) -> None:
        super().__init__(shaped(text) if isinstance(text, str) else text, *args, **kwargs)

    def drawPara(self, debug: int = 0) -> None:  # noqa: N802 (ReportLab API)
        logical = getattr(self, "blPara", None)
        if logical is None or not _holds_rtl(logical):
            super().drawPara(debug)
            return
        self.blPara = _displayed(logical)
        try:
            super().drawPara(debug)
        finally:
            self.blPara = logical


def _line_text(line: Any) -> str:  # ReportLab's line: a tuple (simple) or an object with words
    if isinstance(line, tuple):
        return " ".join(line[1])
    return "".join(getattr(frag, "text", "") for frag in line.words)


def _holds_rtl(para: Any) -> bool:
    return any(has_rtl(_line_text(line)) for line in para.lines)


def _displayed(para: Any) -> Any:
    """A copy of a wrapped paragraph (ReportLab's blPara) whose lines are in display order, each with the direction
    of the paragraph (up to a hard line break) it belongs to."""
    shown = para.clone()
    lines, base, starts_paragraph = [], None, True
    for line in para.lines:
        if starts_paragraph:
            base = None
        if isinstance(line, tuple):  # one font for the whole paragraph: a line is (spare room, words)
            text = " ".join(line[1])
            base = base or base_direction(text)
            lines.append((line[0], [visual(text, base)]))
            continue
        frags = line.words
        text = "".join(getattr(frag, "text", "") for frag in frags)
        if base is None or starts_paragraph:
            base = base_direction(text)
        starts_paragraph = bool(getattr(line, "lineBreak", False))
        if not has_rtl(text) or any(getattr(frag, "cbDefn", None) is not None for frag in frags):
            lines.append(line)
            continue
        runs = visual_runs([getattr(frag, "text", "") for frag in frags], base)
        copy = line.clone()
        copy.words = [frags[index].clone(text=run) for index, run in runs] or frags
        lines.append(copy)
    shown.lines = lines
    return shown
