"""UK or US spelling of the app's own words: the conversion, and its table checked against the texts the app ships."""

from __future__ import annotations

import ast
import re
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from couplecanvas.domain.homework import Origin, load_builtin_library
from couplecanvas.domain.practice import Practice
from couplecanvas.domain.spelling import US_SPELLING, exercise_in_spelling, spelling_of, to_spelling

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
EXPORT = ROOT / "src" / "couplecanvas" / "export"


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings or bare string statements (read by engineers only)."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
    }


def shipped_texts() -> list[str]:
    """Every string a couple or therapist can read from the app's own words: the values of the TOML files under
    resources/ (homework, templates, emotion words) and the string constants of export/ (the handout's words)."""
    texts = [s for path in sorted(RESOURCES.rglob("*.toml")) for s in _strings(tomllib.loads(path.read_text("utf-8")))]
    for path in sorted(EXPORT.glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        skip = _docstrings(tree)
        texts.extend(
            node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
        )
    return texts


def _words(texts: list[str]) -> set[str]:
    return {w.lower() for text in texts for w in re.findall(r"[A-Za-z]+", text)}


# -- the conversion ----------------------------------------------------------------------------------------------------
def test_uk_leaves_every_text_as_it_is() -> None:
    text = "Mirror, validate, empathise. Tick the day you practised; return the favour."
    assert to_spelling(text, "UK") == text


def test_us_turns_each_table_word_into_its_us_form() -> None:
    assert to_spelling("Mirror, validate, empathise", "US") == "Mirror, validate, empathize"
    assert to_spelling("Tick the day you practised, practising often.", "US") == (
        "Tick the day you practiced, practicing often."
    )
    assert to_spelling("being heard without defence; self-defence", "US") == (
        "being heard without defense; self-defense"
    )
    for uk, us in US_SPELLING.items():
        assert to_spelling(f"a {uk}.", "US") == f"a {us}."


def test_us_keeps_the_case_of_each_word() -> None:
    assert to_spelling("Empathise", "US") == "Empathize"
    assert to_spelling("EMPATHISE and Practise", "US") == "EMPATHIZE and Practice"
    assert to_spelling("eMpathise", "US") == "eMpathize"
    assert to_spelling("FAVOUR", "US") == "FAVOR"


def test_words_inside_other_words_stay() -> None:
    text = "unfavourable favourites, practiser, empathised_x, defences2, re-externalised"
    assert to_spelling(text, "US") == text
    assert to_spelling("favour-led", "US") == "favor-led"  # a hyphen is a border between words


def test_names_are_never_touched() -> None:
    text = "Favour and Sam: return the favour, Favour."
    assert to_spelling(text, "US", names=("Favour", "Sam")) == "Favour and Sam: return the favor, Favour."
    assert to_spelling(text, "US") == "Favor and Sam: return the favor, Favor."  # without the name it is a word


def test_the_practice_says_which_spelling() -> None:
    assert spelling_of(Practice()) == "UK"
    us = Practice()
    us.spelling = "US"  # an attribute today, a field once the practice stores it
    assert spelling_of(us) == "US"
    odd = Practice()
    odd.spelling = "Klingon"
    assert spelling_of(odd) == "UK"
    assert spelling_of(object()) == "UK"


def test_built_in_exercises_follow_the_spelling_and_the_therapists_own_words_do_not() -> None:
    library = load_builtin_library()
    exercise = library.get("mirror-validate-empathise")
    assert exercise is not None and exercise.origin is Origin.BUILTIN
    us = exercise_in_spelling(exercise, "US")
    assert us.title == "Mirror, validate, empathize"
    assert any("empathizes" in step for step in us.steps) and not any("empathises" in s for s in us.steps)
    assert "practiced" in us.tracking
    assert exercise_in_spelling(exercise, "UK") == exercise
    edited = replace(exercise, origin=Origin.EDITED)
    assert exercise_in_spelling(edited, "US") == edited


# -- the table and the shipped texts -----------------------------------------------------------------------------------
def test_every_uk_form_in_the_table_occurs_in_the_shipped_texts() -> None:
    words = _words(shipped_texts())
    unused = sorted(uk for uk in US_SPELLING if uk not in words)
    assert not unused, f"table words no shipped text uses (take them out): {unused}"


def test_the_table_is_lower_case_and_each_us_form_differs() -> None:
    for uk, us in US_SPELLING.items():
        assert uk == uk.lower() and us == us.lower() and uk != us
        assert to_spelling(us, "US") == us


# Words with a UK-looking ending that US English spells the same way.
SAME_IN_BOTH = {
    "exercise", "exercises", "promise", "promises", "otherwise", "surprise", "surprised", "advise", "advised",
    "raise", "raised", "rise", "rises", "praise", "wise", "noise", "precise", "concise", "compromise", "premise",
    "our", "ours", "your", "yours", "four", "hour", "hours", "tour", "pour", "flour", "sour", "detour",
    "dialogue", "dialogues",  # a conversation is a dialogue in the US too; 'Imago Dialogue' is a name
}
UK_LOOKING = re.compile(
    r"^(?:[a-z]+i[sz](?:e|es|ed|ing|ation|ations)|[a-z]*our(?:s|ed|ing|ite|ites|able|ful)?|[a-z]+tres?|"
    r"practis[a-z]*|[a-z]+ogues?|defence|offence|licence|pretence|[a-z]+yse[sd]?|grey|whilst|amongst|learnt)$"
)


@pytest.mark.parametrize("word", sorted(w for w in _words(shipped_texts()) if UK_LOOKING.match(w)))
def test_every_uk_looking_word_in_the_shipped_texts_is_in_the_table_or_the_same_in_both(word: str) -> None:
    if word.endswith(("ize", "izes", "ized", "izing", "ization", "izations")):
        return  # already US
    assert word in US_SPELLING or word in SAME_IN_BOTH, (
        f"'{word}' is in the app's own texts: add its US form to domain.spelling.US_SPELLING, or to SAME_IN_BOTH here"
    )
