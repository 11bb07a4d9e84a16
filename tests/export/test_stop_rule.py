"""The stop rule: every exercise that asks a couple to talk about a conflict or a hurt is printed with it, once, and
no other exercise is. Real PDFs from the real built-in library, read back with pypdf."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from couplecanvas.domain import Board, Couple, Partner, Session
from couplecanvas.domain.board import Card
from couplecanvas.domain.homework import Assignment, Who, load_builtin_library
from couplecanvas.export import assemble_handout, export_handout
from couplecanvas.export.handout_data import STOP_RULE

LIBRARY = load_builtin_library()
# In handout order: flagged, unflagged, flagged, unflagged.
KEYS = ("state-of-the-union", "daily-check-in", "talking-through-a-hurt", "track-the-problem")


def _words(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _handout(large_print: bool) -> tuple[str, list]:
    couple = Couple(Partner("Maya"), Partner("Jordan"), id=1)
    session = Session(1, dt.date(2026, 11, 25), id=1)
    board = Board(session_id=1)
    board.add_card(Card("Our week", 0, 0))
    assignments = [
        Assignment(1, key, Who.A if key == "track-the-problem" else Who.BOTH, position=n) for n, key in enumerate(KEYS)
    ]
    data = assemble_handout(couple, session, board, assignments, LIBRARY)
    # Without the plan for the fridge: it prints the stop rule once more, for the whole handout.
    pdf = export_handout(couple, session, board, assignments, LIBRARY, large_print=large_print, deterministic=True,
                         plan_card=False)
    return _words(pdf), list(data.homework)


def test_the_library_has_flagged_and_unflagged_exercises_to_test_with() -> None:
    flags = [LIBRARY.get(key).conflict_talk for key in KEYS]
    assert flags == [True, False, True, False]


@pytest.mark.parametrize("large_print", [False, True])
def test_the_stop_rule_is_printed_once_with_each_flagged_exercise_and_never_with_the_others(large_print: bool) -> None:
    words, entries = _handout(large_print)
    assert [bool(entry.stop_rule) for entry in entries] == [True, False, True, False]
    rule = " ".join(STOP_RULE.split())
    assert words.count(rule) == 2
    # Each exercise's part of the text runs from its title to the next exercise's title.
    titles = [LIBRARY.get(key).title for key in KEYS]
    starts = [words.index(title) for title in titles]
    assert starts == sorted(starts)
    parts = [words[start:end] for start, end in zip(starts, [*starts[1:], len(words)], strict=True)]
    for key, part in zip(KEYS, parts, strict=True):
        expected = 1 if LIBRARY.get(key).conflict_talk else 0
        assert part.count(rule) == expected, key
    # It follows the steps of its exercise, before the tick grid.
    union = parts[0]
    last_step = " ".join(LIBRARY.get("state-of-the-union").steps[-1].split())
    assert union.index(last_step) < union.index(rule) < union.index("Keeping track:")


def test_the_stop_rule_is_in_our_words() -> None:
    assert STOP_RULE.startswith("If it gets heated,")
    assert "stop" in STOP_RULE and "break" in STOP_RULE and "next session" in STOP_RULE
