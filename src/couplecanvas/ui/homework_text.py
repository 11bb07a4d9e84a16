"""How homework reads in the window: titles (also of exercises no longer in the library), who, reviews, adherence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from couplecanvas.domain.homework import Origin, Review, Who

if TYPE_CHECKING:
    from couplecanvas.domain.couple import Couple
    from couplecanvas.domain.homework import Assignment, Exercise, HomeworkLibrary

CONTEXT = "Homework"
REVIEW_COLOURS = {
    Review.DONE: "#2e7d4f",
    Review.PARTLY: "#9a6b12",
    Review.NOT_DONE: "#a14a3c",
    Review.NOT_YET: "#8d877a",
}


def tr(text: str) -> str:
    """Translate a homework text (module-level helpers have no self.tr)."""
    return QCoreApplication.translate(CONTEXT, text)


def exercise_title(library: HomeworkLibrary | None, key: str) -> str:
    """The exercise's title, marked when it is no longer in the library (a name made from its key if it is unknown)."""
    exercise = library.get(key) if library is not None else None
    if exercise is not None and exercise.origin is not Origin.RETIRED:
        return exercise.title
    if exercise is not None:
        name = exercise.title
    else:
        words = key.removeprefix("my-").replace("-", " ").strip() or key
        name = words[:1].upper() + words[1:]
    return tr("{name} (no longer in your library)").format(name=name)


def who_text(who: Who, couple: Couple | None) -> str:
    """'Both of you' or the partner's shown name (honouring the couple's aliases)."""
    if who is Who.BOTH or couple is None:
        return tr("Both of you") if who is Who.BOTH else (tr("Partner A") if who is Who.A else tr("Partner B"))
    return who.describe(couple)


def review_label(review: Review) -> str:
    """Done, Partly, Not done, or Not reviewed yet."""
    return {
        Review.NOT_YET: tr("Not reviewed yet"),
        Review.DONE: tr("Done"),
        Review.PARTLY: tr("Partly"),
        Review.NOT_DONE: tr("Not done"),
    }[review]


def origin_mark(exercise: Exercise) -> str:
    """The small mark a list puts after an exercise's title: the therapist's words or their own exercise."""
    return {
        Origin.BUILTIN: "", Origin.EDITED: tr("your words"), Origin.OWN: tr("yours"), Origin.RETIRED: tr("deleted")
    }[exercise.origin]


def frequency_text(assignment: Assignment, library: HomeworkLibrary | None) -> str:
    """How often: the therapist's own choice for this assignment, else the exercise's frequency ('' if unknown)."""
    if assignment.frequency.strip():
        return assignment.frequency.strip()
    exercise = library.get(assignment.exercise_key) if library is not None else None
    return exercise.frequency if exercise is not None else ""


def adherence_text(counts: dict[Review, int], not_yet: int = 0) -> str:
    """'Done 5 · Partly 2 · Not done 1' (and how many are not reviewed yet, when some are)."""
    parts = [
        f"{review_label(review)} {counts.get(review, 0)}" for review in (Review.DONE, Review.PARTLY, Review.NOT_DONE)
    ]
    if not_yet:
        parts.append(f"{review_label(Review.NOT_YET)} {not_yet}")
    return " · ".join(parts)
