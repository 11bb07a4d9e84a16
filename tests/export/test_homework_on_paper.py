"""Homework the couple can do on paper: a tick grid for the seven days after the session with a row for each one who
ticks, room to write for the exercises that ask them to note things down, and each exercise's title on the page of
its grid. Real PDFs from the real built-in library, read back with pypdf."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from couplecanvas.domain import Board, Couple, Partner, Session
from couplecanvas.domain.homework import Assignment, Exercise, Origin, Who, load_builtin_library
from couplecanvas.domain.practice import Practice
from couplecanvas.domain.sample import build_sample
from couplecanvas.export import assemble_handout, export_handout
from couplecanvas.export.homework_data import TOGETHER, assemble_homework, week_after

LIBRARY = load_builtin_library()
COUPLE = Couple(Partner("Maya"), Partner("Jordan"), id=1)
THURSDAY = dt.date(2026, 12, 3)
JOURNALING = {
    "bid-spotting", "our-repair-list", "horsemen-and-antidotes", "harsh-to-soft", "love-map-questions",
    "track-the-problem", "unique-outcomes-journal", "your-side-of-the-cycle", "something-new-together",
    "talking-through-a-hurt",
}


def _pages(pdf: bytes) -> list[str]:
    """Each page's text with every run of whitespace made one space."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _export(assignments: list[Assignment], day: dt.date = THURSDAY, library=LIBRARY, **options) -> bytes:
    session = Session(1, day, id=1)
    return export_handout(COUPLE, session, Board(session_id=1), assignments, library, deterministic=True,
                          plan_card=False, **options)


def _entries(assignments: list[Assignment], day: dt.date = THURSDAY, spelling: str = "UK"):
    return assemble_homework(assignments, LIBRARY, COUPLE, False, ("Maya", "Jordan"), spelling, day)


# -- the days of the grid ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "first", "last"),
    [
        (THURSDAY, "Fri 4", "Thu 10"),
        (dt.date(2026, 11, 30), "Tue 1", "Mon 7"),  # across a month's end
        (dt.date(2026, 12, 29), "Wed 30", "Tue 5"),  # and a year's
        (dt.date(2028, 2, 27), "Mon 28", "Sun 5"),  # a leap year's February
    ],
)
def test_the_grid_runs_the_seven_days_after_the_session(day: dt.date, first: str, last: str) -> None:
    days = week_after(day)
    assert len(days) == 7 and days[0] == first and days[-1] == last
    entry = _entries([Assignment(1, "daily-check-in", Who.BOTH)], day)[0]
    assert entry.tick_days == days


@pytest.mark.parametrize("spelling", ["UK", "US"])
@pytest.mark.parametrize("large_print", [False, True])
def test_the_printed_grid_is_headed_by_the_days_after_the_session(spelling: str, large_print: bool) -> None:
    pdf = _export([Assignment(1, "daily-check-in", Who.BOTH)], dt.date(2026, 11, 30),
                  practice=Practice(spelling=spelling), large_print=large_print)
    words = " ".join(_pages(pdf))
    assert "Tue 1 Wed 2 Thu 3 Fri 4 Sat 5 Sun 6 Mon 7" in words
    assert "Mon Tue Wed" not in words


# -- who ticks which row -----------------------------------------------------------------------------------------------
def test_one_row_together_two_for_each_partner_one_for_one_partner() -> None:
    together, each, one, other = _entries([
        Assignment(1, "daily-check-in", Who.BOTH, position=0),  # written for the two: done together
        Assignment(1, "track-the-problem", Who.BOTH, position=1),  # each partner keeps their own
        Assignment(1, "track-the-problem", Who.A, position=2),
        Assignment(1, "your-side-of-the-cycle", Who.B, position=3),
    ])
    assert LIBRARY.get("daily-check-in").two_person and not LIBRARY.get("track-the-problem").two_person
    assert together.tick_rows == (TOGETHER,)
    assert each.tick_rows == ("Maya", "Jordan")
    assert one.tick_rows == ("Maya",) and other.tick_rows == ("Jordan",)


def test_the_rows_are_printed_under_the_days() -> None:
    pdf = _export([Assignment(1, "daily-check-in", Who.BOTH, position=0),
                   Assignment(1, "breathing-together", Who.BOTH, position=1),
                   Assignment(1, "track-the-problem", Who.B, position=2)])
    words = " ".join(_pages(pdf))
    section = words[words.index("This week's homework"):]
    days = " ".join(week_after(THURSDAY))
    assert section.count(f"{days} {TOGETHER}") == 2
    assert section.count(f"{days} Jordan") == 1
    assert "Maya" not in section  # the exercise given to Jordan alone has Jordan's row only


# -- room to write -----------------------------------------------------------------------------------------------------
def test_the_journaling_exercises_are_the_ones_with_a_log() -> None:
    assert {key for key, exercise in LIBRARY.exercises.items() if exercise.log} == JOURNALING
    for key in JOURNALING:
        exercise = LIBRARY.get(key)
        asks = " ".join((exercise.summary, exercise.tracking, *exercise.steps)).casefold()
        assert re.search(r"\b(note|notes|write|writes|jot|journal)\b", asks), key


@pytest.mark.parametrize("key", sorted(JOURNALING))
def test_a_journaling_exercise_prints_its_log_headings_under_its_grid(key: str) -> None:
    exercise = LIBRARY.get(key)
    words = " ".join(_pages(_export([Assignment(1, key, Who.BOTH)])))
    part = words[words.index(exercise.title):]
    days = " ".join(week_after(THURSDAY))
    assert part.index(days) < part.index(" ".join(exercise.log))


def test_each_partner_gets_a_log_of_their_own_with_the_same_room() -> None:
    each, one = _entries([Assignment(1, "unique-outcomes-journal", Who.BOTH, position=0),
                          Assignment(1, "bid-spotting", Who.BOTH, position=1)])
    assert each.log_owners == ("Maya", "Jordan") and one.log_owners == ("",)
    words = " ".join(_pages(_export([Assignment(1, "unique-outcomes-journal", Who.BOTH)])))
    headings = " ".join(LIBRARY.get("unique-outcomes-journal").log)
    assert re.search(f"Maya's notes {headings} .*Jordan's notes {headings}", words)


def test_an_edit_of_a_journaling_exercise_keeps_its_log() -> None:
    builtin = LIBRARY.get("bid-spotting")
    edited = dataclasses.replace(builtin, title="Noticing reaches", origin=Origin.EDITED, log=())
    library = LIBRARY.with_own([edited])
    assert library.get("bid-spotting").log == builtin.log
    words = " ".join(_pages(_export([Assignment(1, "bid-spotting", Who.BOTH)], library=library)))
    assert "Noticing reaches" in words and " ".join(builtin.log) in words


def test_an_exercise_of_the_therapists_own_has_no_log() -> None:
    own = Exercise("my-walk", "An evening walk", "Own", "Daily", "20 minutes", Who.BOTH, "You walk together.",
                   ("Walk.",), "Tick the day you walked.", origin=Origin.OWN)
    library = LIBRARY.with_own([own])
    entry = assemble_homework([Assignment(1, "my-walk")], library, COUPLE, False, ("Maya", "Jordan"), "UK",
                              THURSDAY)[0]
    assert entry.log == () and entry.log_owners == () and entry.tick_rows == ("Maya", "Jordan")


# -- title and grid on one page ----------------------------------------------------------------------------------------
def _title_and_grid_pages(pages: list[str], titles: list[str], days: str) -> list[tuple[int, int]]:
    """For each title in order: the page of the last time it is printed before the first grid after it (an exercise
    longer than a page prints it again above its grid), and the page of that grid."""
    found, page = [], 0
    while "This week's homework" not in pages[page]:
        page += 1
    position = pages[page].index("This week's homework")
    for title in titles:
        while title not in pages[page][position:]:
            page, position = page + 1, 0
        title_page, position = page, pages[page].index(title, position) + len(title)
        while days not in pages[page][position:]:
            page, position = page + 1, 0
        grid = pages[page].index(days, position)
        found.append((page if title in pages[page][:grid] else title_page, page))
        position = grid + len(days)
    return found


@pytest.mark.parametrize(("page_size", "large_print"), [("A4", False), ("Letter", False), ("A4", True)])
def test_every_exercise_of_the_library_has_its_title_on_the_page_of_its_grid(page_size: str, large_print: bool) -> None:
    exercises = LIBRARY.ordered()
    assignments = [Assignment(1, e.key, Who.BOTH, note="Take it slowly." if n % 3 == 0 else "", position=n)
                   for n, e in enumerate(exercises)]
    pages = _pages(_export(assignments, page_size=page_size, large_print=large_print))
    places = _title_and_grid_pages(
        pages, [" ".join(e.title.split()) for e in exercises], " ".join(week_after(THURSDAY))
    )
    assert len(places) == len(exercises)
    for exercise, (title_page, grid_page) in zip(exercises, places, strict=True):
        assert title_page == grid_page, (exercise.key, title_page, grid_page)


def test_a_note_of_six_thousand_characters_still_builds_and_moves_under_the_grid() -> None:
    note = ("We talked about how the evenings go. " * 170)[:6000]
    assert len(note) == 6000
    pdf = _export([Assignment(1, "track-the-problem", Who.BOTH, note=note, position=0),
                   Assignment(1, "daily-check-in", Who.BOTH, position=1)])
    pages = _pages(pdf)
    title, days = LIBRARY.get("track-the-problem").title, " ".join(week_after(THURSDAY))
    places = _title_and_grid_pages(pages, [title, LIBRARY.get("daily-check-in").title], days)
    assert [title_page == grid_page for title_page, grid_page in places] == [True, True]
    assert f"{title}, continued" not in " ".join(pages)  # without its note it fits a page: no second title
    words = " ".join(pages)
    # Longer than a page, the note follows the grid and the log (and breaks across pages as it must).
    assert words.index(days) < words.index("We talked about how the evenings go.")
    assert words.count("We talked about how") >= 150
    assert words.rindex("We talked about how") < words.index(LIBRARY.get("daily-check-in").title)


def test_an_exercise_longer_than_a_page_without_its_note_prints_its_title_again_above_the_grid() -> None:
    builtin = LIBRARY.get("daily-check-in")
    long_steps = tuple(f"Step {n}: " + "take your time with this, and with each other. " * 12 for n in range(1, 7))
    edited = dataclasses.replace(builtin, title="A very long check-in", steps=long_steps, origin=Origin.EDITED)
    library = LIBRARY.with_own([edited])
    pages = _pages(_export([Assignment(1, "daily-check-in", Who.BOTH)], large_print=True, library=library))
    days = " ".join(week_after(THURSDAY))
    grid_page = next(page for page in pages if days in page)
    assert "A very long check-in, continued" in grid_page
    assert "A very long check-in" in pages[[n for n, page in enumerate(pages) if "Step 1:" in page][0]]


def test_the_sample_handout_fits_four_a4_pages_with_its_plan_card() -> None:
    sample = build_sample(THURSDAY)
    session = Session(1, sample.session_date, sample.session_title, id=1)
    assignments = [Assignment(1, key, who, note, position=n) for n, (key, who, note) in enumerate(sample.homework)]
    data = assemble_handout(sample.couple, session, sample.board, assignments, LIBRARY)
    assert data.plan is not None
    pdf = export_handout(sample.couple, session, sample.board, assignments, LIBRARY, deterministic=True)
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 4
