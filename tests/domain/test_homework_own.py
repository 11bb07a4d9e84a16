"""The therapist's words over the built-in library, reviews of homework, and the practice behind the handout."""

from __future__ import annotations

import dataclasses

import pytest

from couplecanvas.domain.homework import (
    Assignment,
    HomeworkLibrary,
    Origin,
    Review,
    adherence,
    check_exercise,
    load_builtin_library,
    new_exercise_key,
)
from couplecanvas.domain.practice import MAX_LOGO_BYTES, Practice, logo_kind

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20

VERSION_2 = """
[exercise.daily-check-in]
title = "Daily check-in, new words"
approach = "Connection"
frequency = "Every day"
duration = "10 minutes"
who = "both"
summary = "Version two."
steps = ["One.", "Two."]
tracking = "Tick."

[exercise.six-second-hello]
title = "Six-second hello, new words"
approach = "Gottman Method"
frequency = "Every day"
duration = "1 minute"
who = "both"
summary = "Version two."
steps = ["Hold on."]
tracking = "Tick."
"""


def test_the_library_has_at_least_fifteen_complete_exercises():
    library = load_builtin_library()
    assert library.problems == [] and len(library.exercises) >= 15
    for exercise in library.exercises.values():
        assert check_exercise(exercise) == exercise
        assert exercise.origin is Origin.BUILTIN


def test_an_upgrade_brings_new_built_in_words_but_keeps_the_therapists_edit():
    edited = dataclasses.replace(
        load_builtin_library().get("daily-check-in"), title="Our evening check-in", origin=Origin.EDITED
    )
    own = dataclasses.replace(edited, key="my-walk", title="A walk together", origin=Origin.OWN)
    upgraded = HomeworkLibrary()
    upgraded.add_from_toml(VERSION_2, "homework/v2.toml")
    merged = upgraded.with_own([edited, own])
    assert merged.get("daily-check-in").title == "Our evening check-in"  # their edit survives the upgrade
    assert merged.get("six-second-hello").title == "Six-second hello, new words"  # untouched: the new words
    assert merged.get("my-walk").origin is Origin.OWN
    assert upgraded.get("daily-check-in").title == "Daily check-in, new words"  # the shipped library is unchanged


def test_an_edit_of_a_built_in_that_an_upgrade_removed_stays_as_the_therapists_own():
    edited = dataclasses.replace(load_builtin_library().get("bid-spotting"), origin=Origin.EDITED)
    merged = HomeworkLibrary().with_own([edited])
    assert merged.get("bid-spotting").origin is Origin.OWN


@pytest.mark.parametrize(
    ("change", "message"),
    [({"title": "  "}, "title"), ({"steps": ("", "  ")}, "at least one step"), ({"key": "Bad Key"}, "key")],
)
def test_an_exercise_with_missing_words_is_refused_with_a_message(change, message):
    exercise = dataclasses.replace(load_builtin_library().get("daily-check-in"), **change)
    with pytest.raises(ValueError, match=message):
        check_exercise(exercise)


def test_checking_tidies_the_words():
    exercise = dataclasses.replace(
        load_builtin_library().get("daily-check-in"), title="  Check in  ", steps=(" one ", "", "two")
    )
    tidy = check_exercise(exercise)
    assert tidy.title == "Check in" and tidy.steps == ("one", "two")


def test_new_exercise_keys_are_the_therapists_and_unique():
    assert new_exercise_key("Walk & Talk!", set()) == "my-walk-talk"
    assert new_exercise_key("Walk & Talk!", {"my-walk-talk"}) == "my-walk-talk-2"
    assert new_exercise_key("!!!", set()) == "my-exercise"


def test_adherence_counts_only_reviewed_assignments():
    reviews = [Review.DONE, Review.DONE, Review.PARTLY, Review.NOT_DONE, Review.NOT_YET]
    assignments = [Assignment(1, "daily-check-in", review=r) for r in reviews]
    assert adherence(assignments) == {Review.DONE: 2, Review.PARTLY: 1, Review.NOT_DONE: 1}
    assert [r.label for r in reviews[1:]] == ["Done", "Partly", "Not done", "Not reviewed yet"]


def test_the_practice_is_tidied_and_checked():
    practice = Practice("  Harbour   Couples  ", " 0123 456 \n  hello@example.org ", PNG, "Letter", True).check()
    assert practice.name == "Harbour Couples" and practice.contact == "0123 456\nhello@example.org"
    assert logo_kind(PNG) == "png" and logo_kind(JPEG) == "jpeg" and logo_kind(b"GIF89a") is None
    for bad, message in (
        (Practice(page_size="A5"), "page size"),
        (Practice(logo=b"GIF89a..."), "PNG or JPEG"),
        (Practice(logo=PNG + b"\x00" * MAX_LOGO_BYTES), "2 MB"),
        (Practice(name="x" * 201), "200"),
    ):
        with pytest.raises(ValueError, match=message):
            bad.check()


def test_a_retired_exercise_is_never_offered_but_old_homework_still_has_its_words():
    builtin = load_builtin_library()
    walk = dataclasses.replace(builtin.get("daily-check-in"), key="my-walk", title="A walk", origin=Origin.RETIRED)
    library = builtin.with_own([walk])
    assert "my-walk" not in library.exercises and all(e.key != "my-walk" for e in library.ordered())
    assert library.get("my-walk") == walk
    assert "my-walk" in library.keys_in_use() and new_exercise_key("Walk", library.keys_in_use()) == "my-walk-2"


def test_the_handout_still_prints_a_retired_exercise_given_before():
    import datetime as dt

    from couplecanvas.domain.board import Board
    from couplecanvas.domain.couple import Couple, Partner
    from couplecanvas.domain.session import Session
    from couplecanvas.export import assemble_handout

    builtin = load_builtin_library()
    walk = dataclasses.replace(builtin.get("daily-check-in"), key="my-walk", title="A walk together",
                               steps=("Walk round the block.",), origin=Origin.RETIRED)
    data = assemble_handout(
        Couple(Partner("Ana"), Partner("Bo")), Session(1, dt.date(2026, 1, 5), id=1), Board(),
        [Assignment(1, "my-walk")], builtin.with_own([walk]),
    )
    assert "A walk together" in repr(data.homework) and "Walk round the block." in repr(data.homework)
