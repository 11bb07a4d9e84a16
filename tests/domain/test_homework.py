"""The homework library: the built-in TOML files and how broken files are reported."""

from __future__ import annotations

import re

import pytest

from couplecanvas.domain.homework import HomeworkLibrary, Who, load_builtin_library

_SECOND_PERSON = re.compile(r"\byou(r|rs|rself|rselves)?\b", re.IGNORECASE)

_GOOD = """
[exercise.good-one]
title = "Good one"
approach = "Test"
frequency = "Daily"
duration = "5 minutes"
who = "both"
summary = "You do a small thing together."
steps = ["Sit down with your partner.", "Do the thing."]
tracking = "Tick the day you did it."
"""


def _exercise(key: str, **overrides: object) -> str:
    """One [exercise.KEY] table in TOML; an override of None drops that key."""
    values: dict[str, object] = {
        "title": "Broken one",
        "approach": "Test",
        "frequency": "Daily",
        "duration": "5 minutes",
        "who": "both",
        "summary": "You try something.",
        "steps": ["Talk with your partner.", "Listen."],
        "tracking": "Tick the day.",
    }
    values.update(overrides)
    lines = [f"[exercise.{key}]"]
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, list):
            lines.append(f"{name} = [" + ", ".join(f'"{item}"' for item in value) + "]")
        else:
            lines.append(f'{name} = "{value}"')
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def builtin() -> HomeworkLibrary:
    return load_builtin_library()


def test_builtin_library_loads_without_problems(builtin: HomeworkLibrary) -> None:
    assert builtin.problems == []
    assert len(builtin.exercises) >= 8


def test_builtin_library_has_the_keys_the_sample_uses(builtin: HomeworkLibrary) -> None:
    assert builtin.get("catch-our-cycle") is not None
    assert builtin.get("daily-check-in") is not None


def test_builtin_exercises_speak_to_the_couple(builtin: HomeworkLibrary) -> None:
    for key, exercise in builtin.exercises.items():
        text = " ".join((exercise.summary, *exercise.steps))
        assert _SECOND_PERSON.search(text), f"{key} is not written in the second person"


def test_builtin_exercises_fit_a_handout(builtin: HomeworkLibrary) -> None:
    for key, exercise in builtin.exercises.items():
        assert 3 <= len(exercise.steps) <= 6, key
        assert all(len(step) <= 160 for step in exercise.steps), key
        assert exercise.key == key


def test_broken_toml_is_reported_with_its_source() -> None:
    library = HomeworkLibrary()
    library.add_from_toml('[exercise.oops\ntitle = "no closing bracket"\n', "broken.toml")
    assert library.exercises == {}
    assert len(library.problems) == 1
    assert "broken.toml" in library.problems[0]


def test_missing_key_names_file_and_key_and_the_rest_still_load() -> None:
    library = HomeworkLibrary()
    text = _GOOD + _exercise("no-tracking", tracking=None)
    library.add_from_toml(text, "broken.toml")
    assert list(library.exercises) == ["good-one"]
    assert len(library.problems) == 1
    problem = library.problems[0]
    assert "broken.toml" in problem
    assert "no-tracking" in problem
    assert "tracking" in problem.replace("no-tracking", "")


def test_wrong_who_is_reported() -> None:
    library = HomeworkLibrary()
    library.add_from_toml(_GOOD + _exercise("wrong-who", who="everyone"), "broken.toml")
    assert library.get("wrong-who") is None
    assert library.get("good-one") is not None
    assert len(library.problems) == 1
    assert "wrong-who" in library.problems[0]
    assert "'who'" in library.problems[0]


def test_steps_that_are_not_a_list_are_reported() -> None:
    library = HomeworkLibrary()
    library.add_from_toml(_exercise("flat-steps", steps="Just do it."), "broken.toml")
    assert library.exercises == {}
    assert len(library.problems) == 1
    assert "broken.toml" in library.problems[0]
    assert "flat-steps" in library.problems[0]
    assert "'steps'" in library.problems[0]


def test_valid_text_builds_the_exercise() -> None:
    library = HomeworkLibrary()
    library.add_from_toml(_GOOD, "good.toml")
    exercise = library.get("good-one")
    assert library.problems == []
    assert exercise is not None
    assert exercise.who is Who.BOTH
    assert exercise.steps == ("Sit down with your partner.", "Do the thing.")
