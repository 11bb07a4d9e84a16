"""Right-to-left words print in reading order: Hebrew and Arabic on the map, in the cycle's words, the worksheets, the
homework note and the plan for the fridge are drawn left to right as the Unicode bidi algorithm lays each line out
(python-bidi), Arabic letters joined (arabic-reshaper), every glyph in the bundled font.

What is on paper is read from the characters' positions (pypdfium2), left to right along each baseline; pypdf's
extraction puts right-to-left runs back in logical order itself, so it checks that a reader copying the text gets
the words as typed."""

from __future__ import annotations

import ctypes
import datetime as dt
import io
import unicodedata

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from arabic_reshaper import reshape
from bidi import get_display
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from couplecanvas.domain import Board, Card, Couple, Partner, PartnerRole, Session
from couplecanvas.domain.homework import Assignment, Who, load_builtin_library
from couplecanvas.export import export_handout
from couplecanvas.export.bidi_text import has_rtl, visual, visual_runs
from couplecanvas.export.fonts import BOLD, REGULAR, register_fonts

HEBREW = "המרדף כאן בואו נאט"
ARABIC = "أشعر بالوحدة عندما تبتعد"
MIXED = "אני מרגיש Maya 42 פעמים"
"""Hebrew with an English name and digits: the name and the number keep their own order inside the line."""
LONG_HEBREW = " ".join(f"מילה{n}" for n in range(1, 61))


def _fold(text: str) -> str:
    """Arabic presentation forms (as drawn) and base letters (as a reader extracts them) compared alike."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def drawn_lines(pdf: bytes, index: int) -> list[str]:
    """The characters of page `index` as they stand on paper: grouped by baseline, each line read left to right."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[index]
        text = page.get_textpage()
        rows: dict[float, list[tuple[float, str]]] = {}
        x, y = ctypes.c_double(), ctypes.c_double()
        for n in range(text.count_chars()):
            char = text.get_text_range(n, 1)
            if char in "\r\n" or not pdfium_raw.FPDFText_GetCharOrigin(text.raw, n, ctypes.byref(x), ctypes.byref(y)):
                continue
            rows.setdefault(round(y.value), []).append((x.value, char))
        lines = ["".join(char for _, char in sorted(row)) for _, row in sorted(rows.items(), reverse=True)]
        text.close()
        page.close()
    finally:
        document.close()
    return [_fold(line) for line in lines if line.strip()]


def shown(text: str) -> str:
    """How a line should stand on paper: shaped, then in bidi display order."""
    return _fold(get_display(reshape(text)))


@pytest.fixture(scope="module")
def handout() -> bytes:
    couple = Couple(Partner("Maya"), Partner("Jordan"), id=7)
    session = Session(couple_id=7, date=dt.date(2026, 11, 25), title="RTL", id=3)
    board = Board()
    # One card per row of the map, wide enough for its words on one line.
    board.add_card(Card(HEBREW, x=0, y=0, width=420, role="spot-it"))
    board.add_card(Card(ARABIC, x=0, y=200, width=420, role="cycle-name"))
    board.add_card(Card(MIXED, x=0, y=400, width=420, partner=PartnerRole.A))
    assignments = [Assignment(3, "track-the-problem", Who.BOTH, note=f"{MIXED}\n{LONG_HEBREW}")]
    return export_handout(couple, session, board, assignments, load_builtin_library(), deterministic=True)


def _all_lines(pdf: bytes) -> list[list[str]]:
    return [drawn_lines(pdf, index) for index in range(len(PdfReader(io.BytesIO(pdf)).pages))]


def test_hebrew_and_arabic_are_drawn_in_display_order_on_every_path(handout: bytes) -> None:
    pages = _all_lines(handout)
    first, last = pages[0], pages[-1]
    # The map (one card a line) and the cycle's words (the spot-it box, the name) on the first page.
    assert first.count(shown(HEBREW)) >= 2, first
    assert first.count(shown(ARABIC)) >= 2, first
    assert shown(MIXED) in first
    # The plan for the fridge: its name, and the spot-it phrase inside our own quotation marks (the plan card
    # places its words one by one, so a reader of the page sees no space characters there).
    packed = [line.replace(" ", "") for line in last]
    assert any(shown(ARABIC).replace(" ", "") in line for line in packed), last
    assert any(shown(HEBREW).replace(" ", "") in line for line in packed), last
    # Never as typed (that would be mirrored on paper).
    everything = [line for page in pages for line in page]
    assert not any(_fold(HEBREW) in line for line in everything)


def test_a_mixed_line_keeps_the_name_and_the_number_in_their_own_order(handout: bytes) -> None:
    line = shown(MIXED)
    assert "Maya 42" in line and line.index("Maya") > 0  # the Hebrew that starts the sentence stands on the right
    assert line == _fold(get_display(MIXED))
    assert line in drawn_lines(handout, 0)


def test_a_hebrew_note_starts_under_its_label_and_reads_right_to_left(handout: bytes) -> None:
    lines = [line for page in _all_lines(handout) for line in page]
    label = next(n for n, line in enumerate(lines) if line.startswith("A note for you"))
    assert lines[label] == "A note for you:"
    assert lines[label + 1] == shown(MIXED)  # in its own direction, the name and number inside it


def test_a_long_hebrew_note_wraps_in_reading_order(handout: bytes) -> None:
    drawn_word = "הלימ"  # מילה ("word") as it stands on paper, its letters right to left; its number stays "12"
    lines = [line for page in _all_lines(handout) for line in page if drawn_word in line]
    assert len(lines) >= 2
    numbers = [[int(word.replace(drawn_word, "")) for word in line.split() if word.endswith(drawn_word)]
               for line in lines]
    for row in numbers:
        assert row == sorted(row, reverse=True)  # right to left: the smallest number at the right end
    assert [row[-1] for row in numbers] == sorted(row[-1] for row in numbers)  # the lines follow one another
    assert numbers[0][-1] == 1 and max(numbers[-1]) == 60


def test_a_reader_copying_the_text_gets_the_words_as_typed(handout: bytes) -> None:
    text = _fold(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(handout)).pages))
    for words in (HEBREW, ARABIC):
        assert _fold(words) in text


def test_the_font_holds_every_shaped_letter() -> None:
    register_fonts()
    for name in (REGULAR, BOLD):
        glyphs = pdfmetrics.getFont(name).face.charToGlyph
        for words in (HEBREW, ARABIC, MIXED, LONG_HEBREW):
            missing = {char for char in reshape(words) if not char.isspace() and ord(char) not in glyphs}
            assert not missing, (name, sorted(missing))


def test_latin_text_is_left_alone() -> None:
    plain = "Ça m'énerve (a lot) — 42 times, 我们"
    assert not has_rtl(plain)
    assert visual(plain) == plain
    assert visual_runs(["Note: ", plain]) == [(0, "Note: "), (1, plain)]


def test_runs_in_two_fonts_are_ordered_as_one_line() -> None:
    runs = visual_runs(["Note: ", "שלום עולם"])
    assert runs == [(0, "Note: "), (1, "םלוע םולש")]
    assert "".join(text for _, text in visual_runs(["שלום ", "עולם"], "R")) == get_display("שלום עולם")
