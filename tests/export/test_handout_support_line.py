"""Safety on paper: the practice's support or crisis line at the foot of every handout page when set, and nowhere when
it is empty."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from couplecanvas.domain import Assignment, Board, Couple, Partner, Session, Who
from couplecanvas.domain.homework import load_builtin_library
from couplecanvas.domain.practice import MAX_SUPPORT_LINE, Practice
from couplecanvas.export import export_handout

DAY = dt.date(2026, 11, 25)
SUPPORT = "Domestic abuse helpline, free, any hour: 0808 2000 247"


def _couple() -> Couple:
    return Couple(Partner("Maya"), Partner("Jordan"), id=1)


def _pages(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _long_homework(library) -> list[Assignment]:
    """Enough homework for a handout of several pages."""
    return [Assignment(1, exercise.key, Who.BOTH, position=i) for i, exercise in enumerate(library.ordered()[:8])]


def test_the_support_line_is_at_the_foot_of_every_page_when_set(find_in_pdf):
    library = load_builtin_library()
    session = Session(1, DAY, id=1)
    practice = Practice("Harbour Couples", support_line=SUPPORT)
    pdf = export_handout(_couple(), session, Board(session_id=1), _long_homework(library), library, practice=practice)

    pages = _pages(pdf)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        # At the foot: after the page's number, the last words on the page.
        assert text.endswith(SUPPORT), number
        assert text.index(f"Page {number} of {len(pages)}") < text.index(SUPPORT)


def test_no_support_line_when_it_is_empty():
    library = load_builtin_library()
    session = Session(1, DAY, id=1)
    for practice in (Practice("Harbour Couples"), Practice("Harbour Couples", support_line="   ")):
        pdf = export_handout(_couple(), session, Board(session_id=1), _long_homework(library), library,
                             practice=practice)
        for number, text in enumerate(_pages(pdf), start=1):
            assert text.endswith(f"Page {number} of {len(_pages(pdf))}")
            assert "helpline" not in text


def test_the_longest_support_line_allowed_prints_whole_in_large_print_on_a4():
    longest = ("Helpline 0808 2000 247 " * 10)[:MAX_SUPPORT_LINE].strip()
    assert Practice(support_line=longest).check().support_line == longest
    session = Session(1, DAY, id=1)
    pdf = export_handout(_couple(), session, Board(session_id=1), [], load_builtin_library(),
                         practice=Practice(support_line=longest, large_print=True))
    assert all(text.endswith(longest) for text in _pages(pdf))


def test_a_support_line_too_long_for_the_foot_of_the_page_is_refused_with_a_reason():
    try:
        Practice(support_line="x" * (MAX_SUPPORT_LINE + 1)).check()
    except ValueError as error:
        assert "support line" in str(error)
    else:
        raise AssertionError("a support line too long was accepted")
    assert Practice(support_line="  Call   0800  ").check().support_line == "Call 0800"
