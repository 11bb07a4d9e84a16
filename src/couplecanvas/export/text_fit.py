"""Fitting words into a box on paper: word wrap by real glyph widths, shrinking, and '…' when nothing else helps."""

from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth as _reportlab_width  # noqa: N813 (ReportLab's name)

from couplecanvas.export.bidi_text import base_direction, has_rtl, shaped, visual

LEADING = 1.22
"""Line height as a share of the font size."""
ELLIPSIS = "…"

__all__ = ["ELLIPSIS", "LEADING", "break_word", "fit_text", "string_width", "wrap_lines"]


@lru_cache(maxsize=8192)
def _unit_width(text: str, font: str) -> float:
    return _reportlab_width(text, font, 1.0)


def string_width(text: str, font: str, size: float) -> float:
    """The width of `text` at `size` points: glyph widths grow in proportion to the size, so each word is measured
    once per font (a 300-card board measures the same words again and again while it tries smaller sizes)."""
    return _unit_width(text, font) * size


def break_word(word: str, font: str, size: float, width: float) -> list[str]:
    """Split a word too wide for the line into pieces that fit (at least one character each)."""
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and string_width(current + char, font, size) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap honouring the card's own line breaks; words wider than a line are broken."""
    lines: list[str] = []
    space = string_width(" ", font, size)
    for paragraph in text.splitlines() or [""]:
        current = ""
        current_width = 0.0
        for word in paragraph.split():
            word_width = string_width(word, font, size)
            if word_width > width:
                if current:
                    lines.append(current)
                *full, current = break_word(word, font, size, width)
                lines.extend(full)
                current_width = string_width(current, font, size)
            elif not current:
                current, current_width = word, word_width
            elif current_width + space + word_width <= width:
                current += " " + word
                current_width += space + word_width
            else:
                lines.append(current)
                current, current_width = word, word_width
        lines.append(current)
    # Blank lines inside the text are kept, but not at the ends.
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


def _ellipsize(line: str, font: str, size: float, width: float) -> str:
    while line and string_width(line + ELLIPSIS, font, size) > width:
        line = line[:-1]
    return line.rstrip() + ELLIPSIS


def fit_text(
    text: str, font: str, size: float, width: float, height: float, min_size: float
) -> tuple[float, list[str]]:
    """The largest font size (from `size` down to `min_size`) whose wrapped lines fit; else truncated with '…'.

    The lines come back as they are drawn: Arabic letters joined before measuring, and each line (after wrapping)
    in display order, in the direction of the text's first strong letter (see bidi_text)."""
    if width <= 0 or height <= 0 or not text.strip():
        return size, []
    text = shaped(text)
    size, lines = _fit_logical(text, font, size, width, height, min_size)
    if not has_rtl(text):
        return size, lines
    base = base_direction(text)
    return size, [visual(line, base) for line in lines]


def _fit_logical(
    text: str, font: str, size: float, width: float, height: float, min_size: float
) -> tuple[float, list[str]]:
    min_size = min(size, min_size)
    while True:
        lines = wrap_lines(text, font, size, width)
        if len(lines) * size * LEADING <= height:
            return size, lines
        if size <= min_size:
            break
        size = max(min_size, size * 0.9)
    max_lines = max(1, int(height // (size * LEADING)))
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _ellipsize(lines[-1], font, size, width)
    return size, lines
