"""UK or US spelling of the app's own words, as the practice chooses (Practice.spelling).

The built-in texts (homework library, templates' prompts, the handout's own words) are written in UK spelling.
`to_spelling` turns them into US spelling from one explicit table of the words those texts actually use; a test
checks that every UK form here still occurs in them, so the table never holds words nobody reads. What the couple or
the therapist typed (card words, notes, their own exercises) is never passed through it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from couplecanvas.domain.homework import Exercise, HomeworkLibrary, Origin
from couplecanvas.domain.practice import SPELLINGS
from couplecanvas.domain.templates import Template

DEFAULT_SPELLING = "UK"

US_SPELLING: dict[str, str] = {
    "defence": "defense",
    "empathise": "empathize",
    "empathises": "empathizes",
    "externalise": "externalize",
    "favour": "favor",
    "practise": "practice",
    "practised": "practiced",
    "practising": "practicing",
    "summarises": "summarizes",
}
"""UK form -> US form, lower case, whole words only. 'dialogue' stays: US English writes it so for a conversation
(and 'Imago Dialogue' is a name)."""

# Whole words only: no letter, digit or underscore on either side (a hyphen is a border: "self-defence" changes).
_WORDS = re.compile(
    r"(?<!\w)(" + "|".join(sorted(map(re.escape, US_SPELLING), key=len, reverse=True)) + r")(?!\w)",
    re.IGNORECASE,
)


def spelling_of(practice: object) -> str:
    """The practice's spelling, "UK" or "US" ("UK" when it has none or an unknown one)."""
    spelling = getattr(practice, "spelling", DEFAULT_SPELLING)
    return spelling if spelling in SPELLINGS else DEFAULT_SPELLING


def _same_case(model: str, word: str) -> str:
    """`word` in the case of `model`: 'COLOUR' -> 'COLOR', 'Empathise' -> 'Empathize', else letter by letter."""
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model.islower():
        return word.lower()
    if model[0].isupper() and model[1:].islower():
        return word[:1].upper() + word[1:].lower()
    return "".join(
        ch.upper() if model[min(i, len(model) - 1)].isupper() else ch.lower() for i, ch in enumerate(word)
    )


def to_spelling(text: str, spelling: str, names: Iterable[str] = ()) -> str:
    """The app's own `text` in the given spelling: unchanged for "UK"; for "US" each table word (US_SPELLING) is
    replaced, whole words only and in the same case. A word written exactly as one of `names` (a partner called
    Favour) is a name and stays as it is."""
    if spelling != "US" or not text:
        return text
    kept = {name.strip() for name in names if name.strip()}

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in kept:
            return word
        return _same_case(word, US_SPELLING[word.lower()])

    return _WORDS.sub(swap, text)


def exercise_in_spelling(exercise: Exercise, spelling: str) -> Exercise:
    """A built-in exercise with its words in the given spelling; the therapist's own or edited exercises as written."""
    if spelling != "US" or exercise.origin is not Origin.BUILTIN:
        return exercise
    return replace(
        exercise,
        title=to_spelling(exercise.title, spelling),
        frequency=to_spelling(exercise.frequency, spelling),
        duration=to_spelling(exercise.duration, spelling),
        summary=to_spelling(exercise.summary, spelling),
        steps=tuple(to_spelling(step, spelling) for step in exercise.steps),
        tracking=to_spelling(exercise.tracking, spelling),
    )


def library_in_spelling(library: HomeworkLibrary, spelling: str) -> HomeworkLibrary:
    """The library with its built-in exercises in the given spelling (the therapist's own words as written)."""
    if spelling != "US":
        return library
    return HomeworkLibrary(
        {key: exercise_in_spelling(exercise, spelling) for key, exercise in library.exercises.items()},
        list(library.problems),
        dict(library.retired),
    )


def template_in_spelling(template: Template, spelling: str) -> Template:
    """A built-in template with its words (title, summary, card words, prompts, arrow words) in the given spelling; a
    therapist's own template as written."""
    if spelling != "US" or template.user:
        return template

    def spell(text: str) -> str:
        return to_spelling(text, spelling)

    return replace(
        template,
        title=spell(template.title),
        summary=spell(template.summary),
        slots=tuple(replace(slot, text=spell(slot.text), hint=spell(slot.hint)) for slot in template.slots),
        arrows=tuple(replace(arrow, label=spell(arrow.label)) for arrow in template.arrows),
    )
