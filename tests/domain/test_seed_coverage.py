"""Every approach and homework idea of the article the product grew from (and of the clinical reference) has a
template or an exercise in the built-in library: a map from each idea to the keys that cover it, every key real."""

from __future__ import annotations

import pytest

from couplecanvas.domain.homework import load_builtin_library
from couplecanvas.domain.templates import load_builtin_templates

T, E = "template", "exercise"

# idea -> the templates and exercises that cover it
COVERAGE: dict[str, tuple[tuple[str, str], ...]] = {
    # approaches
    "EFT cycle": ((T, "our-cycle"), (E, "catch-our-cycle"), (E, "your-side-of-the-cycle")),
    "negative communication cycles": ((T, "our-cycle"), (E, "revisit-a-rocky-moment")),
    "iceberg: feelings under the surface": ((T, "iceberg"), (T, "our-icebergs")),
    "emotional literacy (naming feelings)": ((T, "iceberg"), (E, "i-feel-statements")),
    "Gottman bids": ((T, "bids-and-horsemen"), (E, "bid-spotting")),
    "four horsemen": ((T, "bids-and-horsemen"), (E, "horsemen-and-antidotes")),
    "Imago dialogue": ((T, "talk-and-listen"), (E, "mirror-validate-empathise")),
    "narrative reframing": ((T, "name-it-reauthor-it"), (E, "track-the-problem")),
    "unique outcomes": ((T, "name-it-reauthor-it"), (E, "unique-outcomes-journal")),
    "mindful listening": ((E, "mindful-listening"),),
    "shared breathing": ((E, "breathing-together"),),
    # homework from the article
    "daily emotional check-in": ((E, "daily-check-in"),),
    "rituals of connection": ((T, "our-week-together"), (E, "rituals-of-connection"), (E, "six-second-hello")),
    "I feel statements": ((T, "talk-and-listen"), (E, "i-feel-statements")),
    "boundaries": ((T, "our-week-together"), (E, "protect-our-time")),
    "weekly check-in": ((T, "our-week-together"), (E, "weekly-check-in"), (E, "state-of-the-union")),
    # rebuilding trust, from the article
    "trust repair": ((T, "talking-through-a-hurt"), (E, "talking-through-a-hurt")),
    "old wound": ((T, "old-wound"), (E, "tending-an-old-wound")),
    "new positive experiences": ((T, "something-new"), (E, "something-new-together")),
    "emotional reliability": ((T, "being-there"), (E, "being-there")),
    # from the clinical reference
    "softened start-up": ((T, "harsh-to-soft"), (E, "harsh-to-soft")),
    "repair attempts": ((T, "repair-list"), (E, "our-repair-list")),
    "self-soothing break when flooded": ((T, "bids-and-horsemen"), (E, "a-break-to-calm-down")),
    "State of the Union": ((T, "our-week-together"), (E, "state-of-the-union")),
    "stress-reducing conversation": ((E, "stress-reducing-conversation"),),
    "love maps": ((E, "love-map-questions"),),
    "revisiting a rocky moment": ((E, "revisit-a-rocky-moment"),),
}

# The ideas the seed names that each need a map of their own and homework to go with it.
NEEDS_BOTH = (
    "trust repair", "old wound", "softened start-up", "repair attempts", "new positive experiences",
    "emotional reliability",
)


@pytest.fixture(scope="module")
def keys() -> dict[str, set[str]]:
    templates, library = load_builtin_templates(), load_builtin_library()
    assert templates.problems == [] and library.problems == []
    return {T: set(templates.templates), E: set(library.exercises)}


@pytest.mark.parametrize("idea", sorted(COVERAGE))
def test_every_idea_of_the_seed_maps_to_something_in_the_library(idea: str, keys: dict[str, set[str]]) -> None:
    assert COVERAGE[idea], idea
    for kind, key in COVERAGE[idea]:
        assert key in keys[kind], f"{idea}: {kind} '{key}' is not in the built-in library"


@pytest.mark.parametrize("idea", NEEDS_BOTH)
def test_the_seeds_trust_and_repair_ideas_each_have_a_template_and_an_exercise(idea: str) -> None:
    kinds = {kind for kind, _key in COVERAGE[idea]}
    assert kinds == {T, E}, idea


def test_the_library_has_grown_to_two_dozen_complete_exercises() -> None:
    library = load_builtin_library()
    assert len(library.exercises) >= 24
    for key, exercise in library.exercises.items():
        fields = (exercise.title, exercise.approach, exercise.frequency, exercise.duration, exercise.summary,
                  exercise.tracking)
        assert all(value.strip() for value in fields) and exercise.steps, key


def test_every_new_template_and_exercise_is_part_of_the_map(keys: dict[str, set[str]]) -> None:
    # What was added for the seed is accounted for here, so it cannot drift away from what it covers.
    mapped = {(kind, key) for pairs in COVERAGE.values() for kind, key in pairs}
    for key in ("our-icebergs", "harsh-to-soft", "repair-list", "talking-through-a-hurt", "old-wound",
                "something-new", "being-there"):
        assert (T, key) in mapped, key
    for key in ("talking-through-a-hurt", "tending-an-old-wound", "something-new-together", "being-there",
                "your-side-of-the-cycle", "harsh-to-soft", "our-repair-list", "a-break-to-calm-down",
                "horsemen-and-antidotes"):
        assert (E, key) in mapped, key
