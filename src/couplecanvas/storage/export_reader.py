"""A read-only path to one session, with the standard library's sqlite3 only, for the headless handout export.

Importing SQLAlchemy costs about 150 ms and 30 MB here, half of the export's whole budget. This reader runs the same
checks as `open_database` (SQLite header, soundness, ours, schema revision) and returns the same domain objects as
the Repository; tests/storage/test_export_reader.py keeps the two equal. When the file needs a migration it answers
None and the caller takes the full road (backup, migrate, Repository).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from couplecanvas.domain.board import Board, Card, CardKind, Connector, ConnectorKind, Stroke, StrokeKind
from couplecanvas.domain.couple import Couple, Partner, PartnerRole, Position
from couplecanvas.domain.homework import Assignment, Exercise, Origin, Review, Who
from couplecanvas.domain.practice import Practice
from couplecanvas.domain.progress import Caught, FoundAgain, ProgressCheck, ProgressPoint
from couplecanvas.domain.session import Session
from couplecanvas.storage import cipher
from couplecanvas.storage.errors import NotFound
from couplecanvas.storage.migrations_meta import HEAD
from couplecanvas.storage.points import unpack_points
from couplecanvas.storage.sqlite_file import check_sqlite_file, inspect_sqlite_file, read_text


@dataclass
class SessionForExport:
    """What a handout needs of one session: never the private notes, never the screening record."""

    couple: Couple
    session: Session
    board: Board
    assignments: list[Assignment]
    practice: Practice
    own_exercises: list[Exercise]
    """The therapist's edits and own exercises: the handout prints their words, not only the built-in ones."""
    progress: list[ProgressPoint] = field(default_factory=list)
    """The couple's sessions with each partner's brief check, oldest first (as Repository.progress_history)."""


def read_session_for_export(path: Path, session_id: int, key: bytes | None = None) -> SessionForExport | None:
    """Read one session read-only; None when the file is new or needs migrating (use the Repository then).

    An encrypted file is read with its SQLCipher data `key` (KeyNeededError without it)."""
    path = Path(path)
    if not path.exists():
        return None
    key = key if cipher.is_encrypted(path) else None
    check_sqlite_file(path, key)
    if inspect_sqlite_file(path, key) != HEAD:
        return None
    connection = cipher.connect(path, key, read_only=True)
    connection.text_factory = read_text  # an invalid byte in stored text never stops the export
    try:
        row = connection.execute(
            "SELECT id, couple_id, date, title, next_appointment FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"No session with id {session_id}.")
        session = _session(*row)
        couple_row = connection.execute(
            "SELECT id, is_sample, use_aliases, archived FROM couples WHERE id = ?", (session.couple_id,)
        ).fetchone()
        partners = {
            role: Partner(first, alias, colour, Position(position))
            for role, first, alias, colour, position in connection.execute(
                "SELECT role, first_name, alias, colour, position FROM partners WHERE couple_id = ?",
                (session.couple_id,),
            )
        }
        couple = Couple(
            partners.get(PartnerRole.A.value, Partner("?")),
            partners.get(PartnerRole.B.value, Partner("?")),
            id=couple_row[0],
            is_sample=bool(couple_row[1]),
            use_aliases=bool(couple_row[2]),
            archived=bool(couple_row[3]),
        )
        board = Board(session_id=session_id)
        for card_id, text, x, y, width, height, colour, partner, z, kind, group_id, role, hint in connection.execute(
            "SELECT id, text, x, y, width, height, colour, partner, z, kind, group_id, role, hint FROM cards "
            "WHERE session_id = ? ORDER BY z",
            (session_id,),
        ):
            board.cards[card_id] = Card(
                text, x, y, width, height, colour, PartnerRole(partner) if partner else None, z, id=card_id,
                kind=CardKind(kind), group_id=group_id, role=role, hint=hint,
            )
        for connector_id, source, target, label, curved, kind in connection.execute(
            "SELECT id, source_id, target_id, label, curved, kind FROM connectors WHERE session_id = ?", (session_id,)
        ):
            board.connectors[connector_id] = Connector(
                source, target, label, id=connector_id, curved=bool(curved), kind=ConnectorKind(kind)
            )
        for stroke_id, points, colour, width, kind, z, group_id in connection.execute(
            "SELECT id, points, colour, width, kind, z, group_id FROM strokes WHERE session_id = ? ORDER BY z",
            (session_id,),
        ):
            board.strokes[stroke_id] = Stroke(
                unpack_points(points), colour, width, StrokeKind(kind), z, group_id, id=stroke_id
            )
        assignments = [
            Assignment(
                sid, key, Who(who), note, position, id=assignment_id, frequency=frequency, review=Review(review),
                review_note=review_note,
            )
            for assignment_id, sid, key, who, note, position, frequency, review, review_note in connection.execute(
                "SELECT id, session_id, exercise_key, who, note, position, frequency, review, review_note "
                "FROM assignments WHERE session_id = ? ORDER BY position, id",
                (session_id,),
            )
        ]
        practice_row = connection.execute(
            "SELECT name, contact, logo, page_size, large_print, support_line, spelling FROM practice WHERE id = 1"
        ).fetchone()
        practice = Practice()
        if practice_row is not None:
            name, contact, logo, page_size, large_print, support_line, spelling = practice_row
            practice = Practice(name, contact, logo or b"", page_size, bool(large_print), support_line, spelling)
        own_exercises = [
            Exercise(
                key=key, title=title, approach=approach, frequency=frequency, duration=duration, who=Who(who),
                summary=summary, steps=tuple(steps.split("\n")), tracking=tracking, origin=Origin(origin),
            )
            for key, origin, title, approach, frequency, duration, who, summary, steps, tracking in connection.execute(
                "SELECT key, origin, title, approach, frequency, duration, who, summary, steps, tracking "
                "FROM exercises ORDER BY key"
            )
        ]
        progress = _progress(connection, session.couple_id)
    finally:
        connection.close()
    return SessionForExport(couple, session, board, assignments, practice, own_exercises, progress)


def _session(session_id: int, couple_id: int, date: str, title: str, next_appointment: str | None) -> Session:
    """A session from its columns as SQLite gives them (id, couple_id, date, title, next_appointment)."""
    return Session(
        couple_id, dt.date.fromisoformat(date), title, id=session_id,
        next_appointment=dt.datetime.fromisoformat(next_appointment) if next_appointment else None,
    )


def _progress(connection: sqlite3.Connection, couple_id: int) -> list[ProgressPoint]:
    """The couple's sessions with each partner's brief check, oldest first; missing answers stay None."""
    checks: dict[int, dict[PartnerRole, ProgressCheck]] = {}
    for session_id, role, connection_score, caught, found_again in connection.execute(
        "SELECT p.session_id, p.role, p.connection, p.caught, p.found_again FROM progress_checks p "
        "JOIN sessions s ON s.id = p.session_id WHERE s.couple_id = ?",
        (couple_id,),
    ):
        check = ProgressCheck(
            session_id, PartnerRole(role), connection_score, Caught(caught) if caught else None,
            FoundAgain(found_again) if found_again else None,
        )
        checks.setdefault(session_id, {})[check.role] = check
    return [
        ProgressPoint(_session(sid, couple, date, title, nxt), checks.get(sid, {}))
        for sid, couple, date, title, nxt in connection.execute(
            "SELECT id, couple_id, date, title, next_appointment FROM sessions WHERE couple_id = ? ORDER BY date, id",
            (couple_id,),
        )
    ]
