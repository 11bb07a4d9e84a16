"""The optional back page of feeling words: both levels of emotions.toml (surface and deeper), on one page of its own
at the end, in normal and large print, on A4 and Letter."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from couplecanvas.domain import Board, Couple, Partner, Session
from couplecanvas.domain.board import Card
from couplecanvas.domain.emotions import EmotionWords, load_builtin_emotions
from couplecanvas.domain.homework import Assignment, Who, load_builtin_library
from couplecanvas.domain.practice import Practice
from couplecanvas.export import assemble_handout, export_handout
from couplecanvas.export.feelings_page import FEELINGS_WORDS, feelings_page_flowables
from couplecanvas.export.handout_pdf import HandoutRenderer

LIBRARY = load_builtin_library()
EMOTIONS = load_builtin_emotions()
COUPLE = Couple(Partner("Maya"), Partner("Jordan"), id=1)
SESSION = Session(1, dt.date(2026, 12, 3), id=1)


def _pages(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _export(feelings_page: bool = True, **options) -> bytes:
    board = Board(session_id=1)
    board.add_card(Card("Our week", 0, 0))
    assignments = [Assignment(1, "daily-check-in", Who.BOTH)]
    return export_handout(COUPLE, SESSION, board, assignments, LIBRARY, deterministic=True,
                          feelings_page=feelings_page, **options)


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
@pytest.mark.parametrize("large_print", [False, True])
def test_the_feelings_page_holds_the_words_of_both_levels_on_one_page_of_its_own(page_size, large_print) -> None:
    pages = _pages(_export(page_size=page_size, large_print=large_print))
    holding = [n for n, page in enumerate(pages) if FEELINGS_WORDS["title"] in page]
    assert len(holding) == 1
    page = pages[holding[0]]
    assert page.startswith(FEELINGS_WORDS["title"])  # a page of its own, from its top
    for key in ("surface", "deeper"):
        assert FEELINGS_WORDS[key] in page
        for word in EMOTIONS.levels[key].words:
            assert word in page, (key, word)
    assert FEELINGS_WORDS["foot"] in page  # the whole of it on this one page
    assert EMOTIONS.levels["surface"].words[0] not in " ".join(pages[: holding[0]])
    for word in EMOTIONS.levels["longing"].words[:3]:
        assert word not in page  # longings are needs, not feelings


def test_without_the_option_there_is_no_feelings_page() -> None:
    with_page, without = _pages(_export(True)), _pages(_export(False))
    assert len(with_page) == len(without) + 1
    assert FEELINGS_WORDS["title"] not in " ".join(without)


def test_the_feelings_page_follows_the_practices_spelling() -> None:
    practice = Practice(spelling="US")
    page = _pages(_export(practice=practice))[-1]
    assert FEELINGS_WORDS["title"] in page and "angry" in page


def test_the_flowables_start_with_a_page_break_and_are_empty_without_words() -> None:
    data = assemble_handout(COUPLE, SESSION, Board(), [], LIBRARY, feelings_page=True)
    renderer = HandoutRenderer(data)
    flowables = feelings_page_flowables(renderer)
    assert type(flowables[0]).__name__ == "PageBreak" and len(flowables) > 1
    assert feelings_page_flowables(renderer, EmotionWords()) == []
