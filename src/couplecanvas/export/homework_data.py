"""The week's homework as the handout prints it: each assigned exercise worded for the couple, with what they need to
do it on paper (who ticks which row of the grid, and from which day)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from couplecanvas.domain.couple import Couple
from couplecanvas.domain.homework import Assignment, HomeworkLibrary, Who
from couplecanvas.domain.spelling import exercise_in_spelling

log = logging.getLogger(__name__)

STOP_RULE = "If it gets heated, stop and take a break. Bring it to our next session, and we will look at it together."
"""Printed with every exercise that asks the couple to talk about a conflict or a hurt (Exercise.conflict_talk)."""


@dataclass(frozen=True)
class HomeworkEntry:
    """One assigned exercise, worded for the couple, with the therapist's personal note for them."""

    title: str
    who: str
    frequency: str
    duration: str
    summary: str
    steps: tuple[str, ...]
    tracking: str
    note: str = ""
    tick_rows: tuple[str, ...] = ()
    """Row labels of the tracking grid: both shown names for 'both of you', else the one partner's."""
    stop_rule: str = ""
    """What to do if the talk gets heated, for an exercise about a conflict or a hurt; '' for the others."""


def assemble_homework(
    assignments: Iterable[Assignment],
    library: HomeworkLibrary,
    couple: Couple,
    alias: bool,
    names: tuple[str, str],
    spelling: str,
    session_date: dt.date,
) -> tuple[HomeworkEntry, ...]:
    """The session's exercises in the therapist's order, worded in the practice's spelling; an exercise no longer in
    the library is left off (and logged by its key)."""
    entries = []
    for assignment in sorted(assignments, key=lambda a: a.position):
        exercise = library.get(assignment.exercise_key)
        if exercise is None:
            log.warning("exercise %r is not in the homework library; left off the handout", assignment.exercise_key)
            continue
        exercise = exercise_in_spelling(exercise, spelling)
        who = assignment.who
        rows = names if who is Who.BOTH else (names[0] if who is Who.A else names[1],)
        entries.append(
            HomeworkEntry(
                title=exercise.title,
                who=who.describe(couple, alias),
                # The therapist may ask for something other than the exercise's usual rhythm for this couple.
                frequency=" ".join(assignment.frequency.split()) or exercise.frequency,
                duration=exercise.duration,
                summary=exercise.summary,
                steps=tuple(exercise.steps),
                tracking=exercise.tracking,
                note=assignment.note.strip(),
                tick_rows=rows,
                stop_rule=STOP_RULE if exercise.conflict_talk else "",
            )
        )
    return tuple(entries)
