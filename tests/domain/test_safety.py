"""The safety rules in one place: when conflict work may be given, what a screening record must hold, which cards hold
family or trauma history, and a board copy without their words."""

from __future__ import annotations

import datetime as dt

import pytest

from couplecanvas.domain.board import Board, Card
from couplecanvas.domain.homework import load_builtin_library
from couplecanvas.domain.safety import (
    ConflictWork,
    Outcome,
    Screening,
    asks_for_conflict_talk,
    board_without_sensitive_words,
    conflict_work,
    is_sensitive,
)
from couplecanvas.domain.templates import load_builtin_templates

TODAY = dt.date(2026, 12, 4)


def test_the_rule_for_conflict_work():
    assert conflict_work(None) is ConflictWork.ASK
    assert conflict_work(Screening(1)) is ConflictWork.ASK
    assert conflict_work(Screening(1, Outcome.NO_CONCERNS, TODAY)) is ConflictWork.GO
    assert conflict_work(Screening(1, Outcome.CONCERNS, TODAY)) is ConflictWork.REFUSE
    # An override is recorded, but it never turns concerns into a free pass for the next exercise.
    overridden = Screening(1, Outcome.CONCERNS, TODAY).with_override(["a", "b"], TODAY)
    assert conflict_work(overridden) is ConflictWork.REFUSE
    assert (overridden.overridden_on, overridden.overridden_for) == (TODAY, "a, b")


def test_a_screening_record_is_checked():
    with pytest.raises(ValueError, match="date"):
        Screening(1, Outcome.CONCERNS).check(TODAY)
    with pytest.raises(ValueError, match="future"):
        Screening(1, Outcome.NO_CONCERNS, TODAY + dt.timedelta(days=1)).check(TODAY)
    with pytest.raises(ValueError, match="at most"):
        Screening(1, Outcome.NO_CONCERNS, TODAY, "x" * 2001).check(TODAY)
    assert Screening(1, Outcome.NOT_DONE, TODAY, "  later  ").check(TODAY) == Screening(1, note="later")
    assert Screening(1, Outcome.CONCERNS, TODAY).check(TODAY).on_record
    assert not Screening(1).on_record


def test_flagged_exercises_ask_for_conflict_talk():
    library = load_builtin_library()
    flagged = [e.key for e in library.ordered() if asks_for_conflict_talk(e)]
    assert all(getattr(library.get(key), "conflict_talk", False) for key in flagged)
    assert not asks_for_conflict_talk(object())  # anything without the flag asks for none


def test_the_raw_spot_is_sensitive_and_loses_only_its_words_in_a_copy():
    board = Board(session_id=1)
    raw = Card(text="my parents' shouting", role="raw-spot", hint="Where this raw spot comes from...")
    fear = Card(text="being left", role="fear")
    board.add_card(raw)
    board.add_card(fear)
    assert is_sensitive(raw) and not is_sensitive(fear)

    copy = board_without_sensitive_words(board)
    assert copy.cards[raw.id].text == "" and copy.cards[raw.id].hint == raw.hint
    assert copy.cards[fear.id].text == "being left"
    assert board.cards[raw.id].text == "my parents' shouting"  # the board itself keeps every word
    empty = Board(session_id=1)
    assert board_without_sensitive_words(empty) is empty


def test_every_slot_a_template_marks_sensitive_is_a_sensitive_role():
    """Cards know their slot's role, not the template's flag: the roles must cover what the templates mark."""
    marked = {slot.role for template in load_builtin_templates().templates.values() for slot in template.slots
              if getattr(slot, "sensitive", False)}
    for role in marked:
        assert is_sensitive(Card(text="x", role=role)), role
