"""The week's homework as the handout prints it: each assigned exercise worded for the couple, with what they need to
do it on paper (who ticks which row of the grid, and from which day)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from couplecanvas.domain.couple import Couple
from couplecanvas.domain.homework import WEEKDAYS, Assignment, Exercise, HomeworkLibrary, Origin, Who
from couplecanvas.domain.privacy import shown_to_couple
from couplecanvas.domain.spelling import exercise_in_spelling, to_spelling

log = logging.getLogger(__name__)

STOP_RULE = "If it gets heated, stop and take a break. Bring it to our next session, and we will look at it together."
"""Printed with every exercise that asks the couple to talk about a conflict or a hurt (Exercise.conflict_talk)."""

TOGETHER = "Together"
"""The one row of the tick grid of an exercise the two of them do together."""


def week_after(session_date: dt.date) -> tuple[str, ...]:
    """The seven days from the day after the session, as the tick grid heads them: 'Fri 4', 'Sat 5', ..."""
    days = (session_date + dt.timedelta(days=n) for n in range(1, 8))
    return tuple(f"{WEEKDAYS[day.weekday()]} {day.day}" for day in days)


def tick_rows_for(exercise: Exercise, who: Who, names: tuple[str, str]) -> tuple[str, ...]:
    """Who ticks which row: one row for the two together (an exercise written for two), a row per partner for one
    each does on their own, and the one partner's row for an exercise given to one."""
    if who is Who.A:
        return (names[0],)
    if who is Who.B:
        return (names[1],)
    return (TOGETHER,) if exercise.two_person else names


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
    """Row labels of the tracking grid: 'Together' for an exercise the two do together, both shown names for one each
    partner does, else the one partner's (see tick_rows_for)."""
    tick_days: tuple[str, ...] = ()
    """The grid's seven column heads, from the day after the session ('Fri 4', ...); () for Mon to Sun."""
    log: tuple[str, ...] = ()
    """Column headings of a table to write in, for an exercise that asks them to note things down; () for none."""
    log_owners: tuple[str, ...] = ()
    """Whose table each log table is: a shown name each for an exercise each partner keeps on their own, else ('',)
    for one table (for the two together, or the one partner it is given to); () without a log."""
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
    the library is left off (and logged by its key).

    With `alias`, the therapist's words (the note and frequency given with the assignment, and the whole of an
    exercise they wrote or edited) name the partners as the couple may see them (domain.privacy.shown_to_couple);
    the library's own words name no one."""

    def theirs(text: str) -> str:
        return shown_to_couple(text, couple, alias)

    entries = []
    days = week_after(session_date)
    for assignment in sorted(assignments, key=lambda a: a.position):
        exercise = library.get(assignment.exercise_key)
        if exercise is None:
            log.warning("exercise %r is not in the homework library; left off the handout", assignment.exercise_key)
            continue
        exercise = exercise_in_spelling(exercise, spelling)
        if exercise.origin is not Origin.BUILTIN:
            exercise = _in_their_words(exercise, theirs)
        who = assignment.who
        rows = tick_rows_for(exercise, who, names)
        columns = exercise.log
        if exercise.origin is not Origin.OWN:  # the library's headings; an edit keeps them (with_flags_of)
            columns = tuple(to_spelling(heading, spelling) for heading in columns)
        entries.append(
            HomeworkEntry(
                title=exercise.title,
                who=who.describe(couple, alias),
                # The therapist may ask for something other than the exercise's usual rhythm for this couple.
                frequency=theirs(" ".join(assignment.frequency.split())) or exercise.frequency,
                duration=exercise.duration,
                summary=exercise.summary,
                steps=tuple(exercise.steps),
                tracking=exercise.tracking,
                note=theirs(assignment.note.strip()),
                tick_rows=rows,
                tick_days=days,
                log=columns,
                log_owners=(rows if len(rows) > 1 else ("",)) if columns else (),
                stop_rule=STOP_RULE if exercise.conflict_talk else "",
            )
        )
    return tuple(entries)


def _in_their_words(exercise: Exercise, words: Callable[[str], str]) -> Exercise:
    """An exercise the therapist wrote or edited, every text of it passed through `words`."""
    return replace(
        exercise,
        title=words(exercise.title),
        frequency=words(exercise.frequency),
        duration=words(exercise.duration),
        summary=words(exercise.summary),
        steps=tuple(words(step) for step in exercise.steps),
        tracking=words(exercise.tracking),
        log=tuple(words(heading) for heading in exercise.log),
    )
