"""The optional `log` key of a library exercise: the column headings of a table to write in, validated on load with
a message naming the file, the exercise and the key."""

from __future__ import annotations

import dataclasses

import pytest

from couplecanvas.domain.homework import (
    LOG_COLUMNS,
    LOG_HEADING_LENGTH,
    HomeworkLibrary,
    LibraryError,
    Origin,
    check_exercise,
    load_builtin_library,
    parse_exercise,
    with_flags_of,
)

SOURCE = "homework/test.toml"


def _table(**changes: object) -> dict[str, object]:
    table: dict[str, object] = {
        "title": "Notes of the week", "approach": "Test", "frequency": "Daily", "duration": "5 minutes",
        "who": "both", "summary": "You note one thing a day.", "steps": ["Write it down."],
        "tracking": "Tick the day you wrote.",
    }
    table.update(changes)
    return table


def test_a_log_gives_the_exercise_its_column_headings_tidied() -> None:
    exercise = parse_exercise("notes", _table(log=["When", "  What   happened ", "What you did"]), SOURCE)
    assert exercise.log == ("When", "What happened", "What you did")


def test_without_a_log_an_exercise_has_none() -> None:
    assert parse_exercise("notes", _table(), SOURCE).log == ()
    assert parse_exercise("notes", _table(log=[]), SOURCE).log == ()


@pytest.mark.parametrize(
    ("log", "says"),
    [
        ("When, What happened", "must be a list of column headings"),
        ([1, 2], "must be a list of column headings"),
        (["When", "  "], "must be a list of column headings"),
        (["When"], f"must have {LOG_COLUMNS[0]} to {LOG_COLUMNS[1]} column headings, not 1"),
        (["A", "B", "C", "D", "E"], "not 5"),
        (["When", "x" * (LOG_HEADING_LENGTH + 1)], f"longer than {LOG_HEADING_LENGTH} characters"),
        (["When", "what happened", "What happened"], "the same column heading twice"),
    ],
)
def test_a_bad_log_is_refused_naming_file_exercise_and_key(log: object, says: str) -> None:
    with pytest.raises(LibraryError) as error:
        parse_exercise("notes", _table(log=log), SOURCE)
    message = str(error.value)
    assert message.startswith(f"{SOURCE}: exercise 'notes'")
    assert "'log'" in message and says in message


def test_a_bad_log_in_a_file_is_reported_and_the_rest_still_loads() -> None:
    library = HomeworkLibrary()
    library.add_from_toml(
        '[exercise.bad]\ntitle = "Bad"\napproach = "T"\nfrequency = "Daily"\nduration = "5"\nwho = "both"\n'
        'summary = "You try."\nsteps = ["Try."]\ntracking = "Tick."\nlog = ["Only one"]\n\n'
        '[exercise.good]\ntitle = "Good"\napproach = "T"\nfrequency = "Daily"\nduration = "5"\nwho = "both"\n'
        'summary = "You try."\nsteps = ["Try."]\ntracking = "Tick."\nlog = ["When", "What"]\n',
        SOURCE,
    )
    assert list(library.exercises) == ["good"] and library.exercises["good"].log == ("When", "What")
    assert len(library.problems) == 1 and "exercise 'bad'" in library.problems[0] and "'log'" in library.problems[0]


def test_the_built_in_journaling_exercises_have_a_log_of_short_headings() -> None:
    library = load_builtin_library()
    assert library.problems == []
    logs = {key: exercise.log for key, exercise in library.exercises.items() if exercise.log}
    assert {"bid-spotting", "track-the-problem", "unique-outcomes-journal", "your-side-of-the-cycle"} <= set(logs)
    for key, log in logs.items():
        assert LOG_COLUMNS[0] <= len(log) <= LOG_COLUMNS[1], key


def test_a_therapists_edit_keeps_the_built_ins_log_and_checking_leaves_it() -> None:
    builtin = load_builtin_library().get("track-the-problem")
    edited = dataclasses.replace(builtin, summary="Each day, note whether the Fog came.", origin=Origin.EDITED, log=())
    kept = with_flags_of(check_exercise(edited), builtin)
    assert kept.log == builtin.log and kept.summary == "Each day, note whether the Fog came."
    assert check_exercise(builtin).log == builtin.log
