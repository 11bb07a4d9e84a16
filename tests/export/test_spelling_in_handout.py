"""The handout's own words follow the practice's spelling (UK as written, or US); the couple's and the therapist's
words are printed as they wrote them. Real PDFs, read back with pypdf."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

from couplecanvas.domain import Board, Card, Couple, Partner, Session
from couplecanvas.domain.homework import Assignment, Origin, Who, load_builtin_library
from couplecanvas.domain.practice import Practice
from couplecanvas.domain.spelling import US_SPELLING
from couplecanvas.export import export_handout
from couplecanvas.export.handout_data import appointment_in, date_in

LIBRARY = load_builtin_library()
DAY = dt.date(2026, 11, 25)


def practice(spelling: str) -> Practice:
    chosen = Practice(name="Harbour Couples Practice")
    chosen.spelling = spelling  # set as an attribute: works before and after the field is stored
    return chosen


def text_of(pdf: bytes) -> str:
    """Every page's text, runs of whitespace as one space."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def has_word(text: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) is not None


@pytest.fixture
def couple() -> Couple:
    return Couple(Partner("Favour"), Partner("Sam"), id=4)


@pytest.fixture
def session() -> Session:
    return Session(couple_id=4, date=DAY, id=9)


def handout(couple, session, keys, spelling, board=None, notes=None, library=LIBRARY) -> str:
    assignments = [
        Assignment(9, key, Who.BOTH, note=(notes or {}).get(key, ""), position=n) for n, key in enumerate(keys)
    ]
    pdf = export_handout(couple, session, board or Board(session_id=9), assignments, library,
                         practice=practice(spelling), deterministic=True)
    return text_of(pdf)


def test_mirror_validate_empathise_reads_in_us_spelling(couple, session) -> None:
    us = handout(couple, session, ["mirror-validate-empathise"], "US")
    assert "Mirror, validate, empathize" in us
    assert "The receiver empathizes" in us
    assert "Tick the day you practiced" in us
    assert "practicing a slow, structured way" in us
    assert not has_word(us, "empathise") and not has_word(us, "empathises") and not has_word(us, "practised")
    # The handout's own words too: the homework section's introduction.
    assert "Small steps, practiced often" in us and "on each day you practice." in us


def test_uk_spelling_leaves_every_word_as_written(couple, session) -> None:
    uk = handout(couple, session, ["mirror-validate-empathise"], "UK")
    assert "Mirror, validate, empathise" in uk
    assert "Tick the day you practised" in uk
    assert "on each day you practise." in uk
    assert not has_word(uk, "empathize") and not has_word(uk, "practiced")
    assert uk == handout(couple, session, ["mirror-validate-empathise"], "")  # no spelling yet: UK


def test_no_table_uk_form_is_left_in_the_us_handout_of_an_exercise_rich_session(session) -> None:
    couple = Couple(Partner("Maya"), Partner("Jordan"), id=4)
    keys = [exercise.key for exercise in LIBRARY.ordered()]
    assert len(keys) >= 20
    uk, us = handout(couple, session, keys, "UK"), handout(couple, session, keys, "US")
    in_uk = [word for word in US_SPELLING if has_word(uk, word)]
    assert len(in_uk) >= 6, in_uk  # the session really holds our UK words ...
    left = [word for word in US_SPELLING if has_word(us, word)]
    assert not left, f"UK forms left in the US handout: {left}"  # ... and none is left in US spelling
    assert all(has_word(us, US_SPELLING[word]) for word in in_uk)


def test_a_partner_named_like_a_table_word_keeps_the_name(couple, session) -> None:
    us = handout(couple, session, ["daily-check-in"], "US")
    assert "there is no need to return the favor" in us  # our word, respelled
    assert "Favour & Sam" in us  # the name, as given
    assert not has_word(us, "favor & sam")


def test_what_the_therapist_or_the_couple_wrote_is_printed_as_written(couple, session) -> None:
    board = Board(session_id=9)
    board.add_card(Card("We empathise better on Sundays", x=0, y=0))
    note = "Practise it after dinner, and return the favour."
    us = handout(couple, session, ["daily-check-in"], "US", board=board, notes={"daily-check-in": note})
    assert "We empathise better on Sundays" in us
    assert note in us
    # The therapist's own version of an exercise is theirs: it keeps their spelling.
    mine = replace(LIBRARY.get("mirror-validate-empathise"), origin=Origin.EDITED, summary="We practise slowly.")
    edited = handout(couple, session, [mine.key], "US", library=LIBRARY.with_own([mine]))
    assert "Mirror, validate, empathise" in edited and "We practise slowly." in edited


def test_the_prompt_of_an_empty_card_is_never_printed_in_either_spelling(couple, session) -> None:
    board = Board(session_id=9)
    board.add_card(Card("", x=0, y=0, hint="What we practise together..."))
    for spelling in ("US", "UK"):
        words = handout(couple, session, [], spelling, board=board)
        assert "What we practice together" not in words and "What we practise together" not in words


def test_us_handouts_write_dates_and_times_the_us_way(couple) -> None:
    session = Session(couple_id=4, date=DAY, id=9, next_appointment=dt.datetime(2026, 12, 2, 17, 30))
    us = handout(couple, session, [], "US")
    assert "November 25, 2026" in us and "Wednesday, December 2, 2026 at 5:30 PM" in us
    assert "25 November" not in us and "17:30" not in us
    uk = handout(couple, session, [], "UK")
    assert "25 November 2026" in uk and "Wednesday 2 December 2026 at 17:30" in uk
    assert appointment_in(dt.datetime(2026, 12, 2, 12, 5), "US").endswith("at 12:05 PM")
    assert appointment_in(dt.datetime(2026, 12, 2, 0, 15), "US").endswith("at 12:15 AM")
    assert date_in(DAY, "UK") == "25 November 2026"
