"""Row mapping: one table row (or its columns) to one domain object and back, for the repository."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import func

from couplecanvas.domain.activity import Action, ActivityEntry, base_name
from couplecanvas.domain.board import Card, CardKind, Connector, ConnectorKind, Stroke, StrokeKind
from couplecanvas.domain.couple import Couple, Partner, PartnerRole, Position
from couplecanvas.domain.homework import Assignment, Exercise, Origin, Review, Who
from couplecanvas.domain.practice import Practice
from couplecanvas.domain.progress import Caught, FoundAgain, ProgressCheck
from couplecanvas.domain.safety import Outcome, Screening
from couplecanvas.domain.session import Session
from couplecanvas.storage.points import pack_points, unpack_points
from couplecanvas.storage.sqlite_file import RepairedText
from couplecanvas.storage.tables import (
    ActivityRow,
    AssignmentRow,
    CardRow,
    ConnectorRow,
    CoupleRow,
    ExerciseRow,
    PartnerRow,
    PracticeRow,
    ProgressCheckRow,
    ScreeningRow,
    SessionRow,
    StrokeRow,
)

log = logging.getLogger(__name__)


def couple_from_rows(row: CoupleRow, partners: dict[str, PartnerRow]) -> Couple:
    """A couple from its row and its partners' rows by role (a missing partner reads as "?")."""
    def partner(role: PartnerRole) -> Partner:
        p = partners.get(role.value)
        return Partner(p.first_name, p.alias, p.colour, Position(p.position)) if p else Partner("?")

    return Couple(
        partner(PartnerRole.A),
        partner(PartnerRole.B),
        id=row.id,
        is_sample=row.is_sample,
        use_aliases=row.use_aliases,
        archived=row.archived,
    )


def session_from_row(row: SessionRow) -> Session:
    """A session from its row."""
    return Session(row.couple_id, row.date, row.title, id=row.id, next_appointment=row.next_appointment)


def assignment_from_row(r: AssignmentRow) -> Assignment:
    """Homework given, from its row."""
    return Assignment(
        r.session_id, r.exercise_key, Who(r.who), r.note, r.position, id=r.id, frequency=r.frequency,
        review=Review(r.review), review_note=r.review_note,
    )


def assignment_values(assignment: Assignment) -> dict:
    """The columns an assignment can change after it was given (its session and exercise stay)."""
    return {
        "who": assignment.who.value,
        "note": assignment.note,
        "position": assignment.position,
        "frequency": assignment.frequency,
        "review": assignment.review.value,
        "review_note": assignment.review_note,
    }


def exercise_from_row(row: ExerciseRow) -> Exercise:
    """One of the therapist's exercises (or edits), from its row."""
    return Exercise(
        key=row.key, title=row.title, approach=row.approach, frequency=row.frequency, duration=row.duration,
        who=Who(row.who), summary=row.summary, steps=tuple(row.steps.split("\n")), tracking=row.tracking,
        origin=Origin(row.origin),
    )


def exercise_values(exercise: Exercise) -> dict:
    """The columns of an exercise row, its key aside (steps one to a line)."""
    return {
        "origin": exercise.origin.value,
        "title": exercise.title,
        "approach": exercise.approach,
        "frequency": exercise.frequency,
        "duration": exercise.duration,
        "who": exercise.who.value,
        "summary": exercise.summary,
        "steps": "\n".join(" ".join(step.split()) for step in exercise.steps),
        "tracking": exercise.tracking,
        "updated_at": func.current_timestamp(),
    }


def card_from_row(row: CardRow) -> Card:
    """A card from its row."""
    if isinstance(row.text, RepairedText):
        log.warning("card %s holds bytes that are not valid UTF-8; they are shown as a replacement mark", row.id)
    return Card(
        text=row.text,
        x=row.x,
        y=row.y,
        width=row.width,
        height=row.height,
        colour=row.colour,
        partner=PartnerRole(row.partner) if row.partner else None,
        z=row.z,
        id=row.id,
        kind=CardKind(row.kind),
        group_id=row.group_id,
        role=row.role,
        hint=row.hint,
    )


def stroke_from_row(row: StrokeRow) -> Stroke:
    """A freehand line from its row (the points unpacked)."""
    return Stroke(
        unpack_points(row.points), row.colour, row.width, StrokeKind(row.kind), row.z, row.group_id, id=row.id
    )


def stroke_values(stroke: Stroke) -> dict:
    """The columns of a stroke row, its id and session aside."""
    return {
        "points": pack_points(stroke.points),
        "colour": stroke.colour,
        "width": stroke.width,
        "kind": stroke.kind.value,
        "z": stroke.z,
        "group_id": stroke.group_id,
    }


def connector_from_row(row: ConnectorRow) -> Connector:
    """An arrow between two cards, from its row."""
    return Connector(
        row.source_id, row.target_id, row.label, id=row.id, curved=row.curved, kind=ConnectorKind(row.kind)
    )


def connector_values(connector: Connector) -> dict:
    """The columns of a connector row, its id and session aside."""
    return {
        "source_id": connector.source_id,
        "target_id": connector.target_id,
        "label": connector.label,
        "curved": connector.curved,
        "kind": connector.kind.value,
    }


def card_values(card: Card) -> dict:
    """The columns of a card row, its id and session aside."""
    return {
        "text": card.text,
        "x": card.x,
        "y": card.y,
        "width": card.width,
        "height": card.height,
        "colour": card.colour,
        "partner": card.partner.value if card.partner else None,
        "z": card.z,
        "kind": card.kind.value,
        "group_id": card.group_id,
        "role": card.role,
        "hint": card.hint,
    }


def practice_from_row(row: PracticeRow | None) -> Practice:
    """The practice's details from its one row (empty when the therapist has not filled them in)."""
    if row is None:
        return Practice()
    return Practice(
        row.name, row.contact, row.logo or b"", row.page_size, row.large_print, row.support_line, row.spelling
    )


def practice_values(practice: Practice) -> dict:
    """The columns of the practice's row, its id aside."""
    return {
        "name": practice.name,
        "contact": practice.contact,
        "logo": practice.logo or None,
        "page_size": practice.page_size,
        "large_print": practice.large_print,
        "support_line": practice.support_line,
        "spelling": practice.spelling,
    }


def screening_from_row(couple_id: int, row: ScreeningRow | None) -> Screening:
    """A couple's screening record from its row (not done, when there is no row)."""
    if row is None:
        return Screening(couple_id)
    return Screening(
        couple_id, Outcome(row.outcome), row.screened_on, row.note, overridden_on=row.overridden_on,
        overridden_for=row.overridden_for,
    )


def screening_values(screening: Screening) -> dict:
    """The columns of a screening row, its couple aside."""
    return {
        "outcome": screening.outcome.value,
        "screened_on": screening.screened_on,
        "note": screening.note,
        "overridden_on": screening.overridden_on,
        "overridden_for": screening.overridden_for,
        "updated_at": func.current_timestamp(),
    }


def progress_check_from_row(row: ProgressCheckRow) -> ProgressCheck:
    """One partner's check at one session, from its row (NULL answers stay missing)."""
    return ProgressCheck(
        row.session_id,
        PartnerRole(row.role),
        row.connection,
        Caught(row.caught) if row.caught else None,
        FoundAgain(row.found_again) if row.found_again else None,
    )


def progress_check_values(check: ProgressCheck) -> dict:
    """The columns of a check's row, its session and partner aside."""
    return {
        "connection": check.connection,
        "caught": check.caught.value if check.caught is not None else None,
        "found_again": check.found_again.value if check.found_again is not None else None,
        "updated_at": func.current_timestamp(),
    }


def activity_from_row(row: ActivityRow) -> ActivityEntry:
    """One line of the audit trail from its row (its time is stored as naive UTC)."""
    return ActivityEntry(row.at.replace(tzinfo=dt.UTC), Action(row.action), row.couple_id, row.file_name)


def activity_values(action: str, couple_id: int | None, file_name: str | None, at: dt.datetime | None) -> dict:
    """The columns of a new line of the audit trail: a known action, the file's base name, the time as naive UTC."""
    when = dt.datetime.now(dt.UTC) if at is None else at
    if when.tzinfo is None:
        raise ValueError("an activity entry's time must be aware")
    return {"at": when.astimezone(dt.UTC).replace(tzinfo=None), "action": Action(action).value,
            "couple_id": couple_id, "file_name": base_name(file_name)}
