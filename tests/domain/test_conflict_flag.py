"""The homework flags: exercises that ask a couple to talk about a conflict or a hurt (conflict_talk), and exercises
written for the two together that cannot be given to one partner alone (two_person)."""

from __future__ import annotations

import dataclasses
import re

import pytest

from couplecanvas.domain.homework import (
    Exercise,
    HomeworkLibrary,
    Origin,
    Who,
    check_assignment,
    load_builtin_library,
)

# The exercises that ask the couple to talk through a conflict or a hurt together (see docs/clinical-notes.md).
CONFLICT_TALK = {
    "i-feel-statements",
    "weekly-check-in",
    "revisit-a-rocky-moment",
    "state-of-the-union",
    "harsh-to-soft",
    "mirror-validate-empathise",
    "talking-through-a-hurt",
    "tending-an-old-wound",
}

# The only built-in exercises worded so that one partner can do them alone without reading as "the problem".
ONE_PARTNER = {"your-side-of-the-cycle", "track-the-problem", "unique-outcomes-journal"}

# Words that only make sense when two people do the exercise together.
_TWO_PERSON_WORDS = re.compile(r"\b(each of you|take turns|swap|both had|ask each other)\b", re.IGNORECASE)


def _table(key: str, extra: str = "", who: str = "both") -> str:
    return (
        f"[exercise.{key}]\n"
        f'title = "T"\napproach = "A"\nfrequency = "Daily"\nduration = "5 minutes"\nwho = "{who}"\n'
        'summary = "You talk."\nsteps = ["Sit with your partner.", "Talk.", "Listen."]\ntracking = "Tick."\n'
        f"{extra}\n"
    )


@pytest.fixture(scope="module")
def builtin() -> HomeworkLibrary:
    return load_builtin_library()


def test_the_conflict_talk_flag_marks_exactly_the_exercises_about_conflict(builtin: HomeworkLibrary) -> None:
    assert builtin.problems == []
    flagged = {key for key, exercise in builtin.exercises.items() if exercise.conflict_talk}
    assert flagged == CONFLICT_TALK


def test_only_exercises_worded_for_one_person_may_be_given_to_one_partner(builtin: HomeworkLibrary) -> None:
    alone = {key for key, exercise in builtin.exercises.items() if exercise.allows_one_partner}
    assert alone == ONE_PARTNER
    for key in alone:
        exercise = builtin.exercises[key]
        text = " ".join((exercise.summary, *exercise.steps, exercise.tracking))
        assert not _TWO_PERSON_WORDS.search(text), key
    # Talking a conflict through always takes the two of them.
    assert all(builtin.exercises[key].two_person for key in CONFLICT_TALK)


def test_a_two_person_exercise_is_refused_for_one_partner(builtin: HomeworkLibrary) -> None:
    union = builtin.get("state-of-the-union")
    assert not union.allows_one_partner
    assert union.allows(Who.BOTH) and not union.allows(Who.A) and not union.allows(Who.B)
    check_assignment(union, Who.BOTH)
    with pytest.raises(ValueError, match="State of the Union meeting.*both"):
        check_assignment(union, Who.B)
    journal = builtin.get("unique-outcomes-journal")
    for who in Who:
        check_assignment(journal, who)


def test_the_flags_are_read_from_toml_and_default_to_false() -> None:
    library = HomeworkLibrary()
    library.add_from_toml(
        _table("hard-talk", "conflict_talk = true\ntwo_person = true") + _table("plain"), "mine.toml"
    )
    assert library.problems == []
    hard, plain = library.get("hard-talk"), library.get("plain")
    assert (hard.conflict_talk, hard.two_person, hard.allows_one_partner) == (True, True, False)
    assert (plain.conflict_talk, plain.two_person, plain.allows_one_partner) == (False, False, True)


@pytest.mark.parametrize(
    ("extra", "who", "message"),
    [
        ('conflict_talk = "yes"', "both", "'conflict_talk' must be true or false"),
        ("conflict_talk = 1", "both", "'conflict_talk' must be true or false"),
        ('two_person = "true"', "both", "'two_person' must be true or false"),
        ("two_person = true", "a", "'who' must be both when 'two_person' is true"),
    ],
)
def test_a_malformed_flag_is_reported_with_the_file_and_the_key(extra: str, who: str, message: str) -> None:
    library = HomeworkLibrary()
    library.add_from_toml(_table("good") + _table("bad-flag", extra, who), "my-exercises.toml")
    assert list(library.exercises) == ["good"]
    assert library.problems == [f"my-exercises.toml: exercise 'bad-flag': {message}"]


def test_a_therapists_edit_keeps_the_builtin_flags(builtin: HomeworkLibrary) -> None:
    # The database keeps no flags: an edit read back from it has them false, and the library puts them back.
    stored = dataclasses.replace(
        builtin.get("state-of-the-union"), title="Our Sunday meeting", origin=Origin.EDITED,
        conflict_talk=False, two_person=False, who=Who.A,
    )
    own = Exercise("my-walk", "Walk", "Mine", "Daily", "20 minutes", Who.A, "You walk.", ("Walk.",), "Tick.",
                   origin=Origin.OWN)
    merged = builtin.with_own([stored, own])
    edited = merged.get("state-of-the-union")
    assert edited.title == "Our Sunday meeting" and edited.origin is Origin.EDITED
    assert edited.conflict_talk and edited.two_person and edited.who is Who.BOTH
    mine = merged.get("my-walk")
    assert not mine.conflict_talk and mine.allows_one_partner and mine.who is Who.A
