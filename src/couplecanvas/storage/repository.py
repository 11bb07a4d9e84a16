"""The repository: with its row mapping (storage/rows.py), the one place that knows both rows and domain objects."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, insert, select, text, update
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

from couplecanvas.domain.activity import Action, ActivityEntry
from couplecanvas.domain.board import Board, Card, Connector, Stroke
from couplecanvas.domain.board_copy import copy_board
from couplecanvas.domain.couple import Couple, PartnerRole
from couplecanvas.domain.homework import Assignment, Exercise, Origin
from couplecanvas.domain.practice import Practice
from couplecanvas.domain.progress import ProgressCheck, ProgressPoint
from couplecanvas.domain.safety import Screening
from couplecanvas.domain.sample import SampleCouple
from couplecanvas.domain.session import PrivateNote, Session
from couplecanvas.storage.couple_bundle import CoupleBundle
from couplecanvas.storage.database import Database
from couplecanvas.storage.errors import (
    DatabaseBusyError,
    DatabaseReadError,
    DatabaseWriteError,
    NotFound,
    StorageError,
    describe_operational_error,
    describe_read_error,
)
from couplecanvas.storage.rows import (
    activity_from_row,
    activity_values,
    assignment_from_row,
    assignment_values,
    card_from_row,
    card_values,
    connector_from_row,
    connector_values,
    couple_from_rows,
    exercise_from_row,
    exercise_values,
    practice_from_row,
    practice_values,
    progress_check_from_row,
    progress_check_values,
    screening_from_row,
    screening_values,
    session_from_row,
    stroke_from_row,
    stroke_values,
)
from couplecanvas.storage.tables import (
    ActivityRow,
    AssignmentRow,
    Base,
    CardRow,
    ConnectorRow,
    CoupleRow,
    ExerciseRow,
    PartnerRow,
    PracticeRow,
    PrivateNoteRow,
    ProgressCheckRow,
    ScreeningRow,
    SessionRow,
    StrokeRow,
)

log = logging.getLogger(__name__)


def _write_error(error: SADatabaseError) -> DatabaseWriteError:
    """A failed write; DatabaseBusyError when another program held the write lock past the short busy timeout."""
    code = getattr(error.orig, "sqlite_errorcode", None)
    busy = code is not None and code & 0xFF in (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED (and their extended codes)
    if code is None:
        text = str(error.orig).lower()
        busy = "database is locked" in text or "database is busy" in text
    return (DatabaseBusyError if busy else DatabaseWriteError)(describe_operational_error(error))


class Repository:
    """Reads and writes couples, sessions, boards, homework, screening and private notes; each write is one short
    transaction.

    It is the app's Store (storage/store.py). Every read and every write goes through `_guarded`, so a failure of
    the database underneath (damaged file, lock, missing table) reaches the caller as a StorageError, never raw.
    """

    def __init__(self, database: Database) -> None:
        self.database = database
        self._sessions = sessionmaker(database.engine, expire_on_commit=False)

    def close(self) -> None:
        """Close every connection to the database; the repository is not used afterwards."""
        self.database.dispose()

    @contextmanager
    def _guarded(self, action: str, failure: Callable[[SADatabaseError], StorageError]) -> Iterator[None]:
        """Turn a low-level database failure inside the block into the StorageError that `failure` makes of it."""
        try:
            yield
        except (OperationalError, SADatabaseError) as error:
            log.warning("%s failed: %s", action, error)
            raise failure(error) from error

    @contextmanager
    def _write(self) -> Iterator[OrmSession]:
        """One transaction; low-level failures become a DatabaseWriteError and nothing half-written remains."""
        with self._guarded("write", _write_error), self._sessions.begin() as orm:
            yield orm

    @contextmanager
    def _read(self, what: str) -> Iterator[OrmSession]:
        """A session for reading `what` (named in the message); low-level failures become a DatabaseReadError."""
        with self._guarded(f"reading {what}", lambda error: self._read_error(what, error)), self._sessions() as orm:
            yield orm

    def _read_error(self, what: str, error: SADatabaseError) -> DatabaseReadError:
        """The error for a failed read, naming the database as the therapist knows it: its file, or its URL."""
        if self.database.path is not None:
            where = str(self.database.path)
        else:
            where = self.database.engine.url.render_as_string(hide_password=True)
        return DatabaseReadError(describe_read_error(what, where, error), where)

    # -- couples -------------------------------------------------------------------------------------------------------
    def count_couples(self) -> int:
        """How many couples are stored, archived ones too."""
        with self._read("the number of couples") as orm:
            return orm.scalar(select(func.count()).select_from(CoupleRow)) or 0

    def list_couples(self, include_archived: bool = False) -> list[Couple]:
        """All couples, by the first partner's name."""
        with self._read("the couples") as orm:
            query = select(CoupleRow)
            if not include_archived:
                query = query.where(CoupleRow.archived.is_(False))
            couples = {row.id: row for row in orm.scalars(query)}
            partners: dict[int, dict[str, PartnerRow]] = {}
            if couples:
                for row in orm.scalars(select(PartnerRow).where(PartnerRow.couple_id.in_(couples))):
                    partners.setdefault(row.couple_id, {})[row.role] = row
        result = [couple_from_rows(row, partners.get(row.id, {})) for row in couples.values()]
        result.sort(key=lambda c: (not c.is_sample, c.display_name(False).casefold()))
        return result

    def get_couple(self, couple_id: int) -> Couple:
        """One couple with both partners; NotFound if there is none with this id."""
        with self._read("the couple") as orm:
            row = orm.get(CoupleRow, couple_id)
            if row is None:
                raise NotFound(f"No couple with id {couple_id}.")
            partners = {p.role: p for p in orm.scalars(select(PartnerRow).where(PartnerRow.couple_id == couple_id))}
        return couple_from_rows(row, partners)

    def add_couple(self, couple: Couple) -> Couple:
        """Store a new couple; returns it with its id set."""
        with self._write() as orm:
            couple.id = _insert_couple(orm, couple)
        return couple

    def update_couple(self, couple: Couple) -> None:
        """Write the partners' names, aliases and colours and the couple's flags."""
        with self._write() as orm:
            orm.execute(
                update(CoupleRow)
                .where(CoupleRow.id == couple.id)
                .values(use_aliases=couple.use_aliases, archived=couple.archived, is_sample=couple.is_sample)
            )
            for role in PartnerRole:
                partner = couple.partner(role)
                orm.execute(
                    update(PartnerRow)
                    .where(PartnerRow.couple_id == couple.id, PartnerRow.role == role.value)
                    .values(
                        first_name=partner.first_name,
                        alias=partner.alias,
                        colour=partner.colour,
                        position=partner.position.value,
                    )
                )

    def delete_couple(self, couple_id: int) -> None:
        """Remove the couple and every row that belongs to it, and record the deletion, in one transaction; NotFound if
        there is no couple with this id. The activity log keeps its lines about the couple (ids and file names only)."""
        with self._write() as orm:
            if orm.get(CoupleRow, couple_id) is None:
                raise NotFound(f"No couple with id {couple_id}.")
            if self.database.engine.dialect.name == "sqlite":
                orm.execute(text("PRAGMA secure_delete=ON"))  # freed pages are zeroed, not left holding the words
            sessions = select(SessionRow.id).where(SessionRow.couple_id == couple_id)
            # Every table that points at a session or at a couple, found from the foreign keys rather than listed, so
            # a table added later is not forgotten; children before parents (the cascade would do it, explicitly is
            # surer: it does not depend on the connection's foreign_keys pragma).
            for table in reversed(Base.metadata.sorted_tables):
                for key in table.foreign_keys:
                    if key.column.table.name == "sessions":
                        orm.execute(delete(table).where(key.parent.in_(sessions)))
                    elif key.column.table.name == "couples":
                        orm.execute(delete(table).where(key.parent == couple_id))
            orm.execute(delete(CoupleRow).where(CoupleRow.id == couple_id))
            orm.execute(insert(ActivityRow).values(**activity_values(Action.DELETE_COUPLE, couple_id, None, None)))
        log.info("deleted couple %s", couple_id)
        self._checkpoint()

    def _checkpoint(self) -> None:
        """Move the write-ahead log into the file and empty it, so deleted rows do not linger in the -wal file."""
        if self.database.engine.dialect.name != "sqlite":
            return
        try:
            with self.database.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except (OperationalError, SADatabaseError) as error:
            log.warning("the write-ahead log was not checkpointed after a deletion (%s)", type(error).__name__)

    # -- sessions ------------------------------------------------------------------------------------------------------
    def list_sessions(self, couple_id: int) -> list[Session]:
        """The couple's sessions, newest first."""
        with self._read("the sessions") as orm:
            rows = orm.scalars(
                select(SessionRow).where(SessionRow.couple_id == couple_id).order_by(
                    SessionRow.date.desc(), SessionRow.id.desc()
                )
            ).all()
        return [session_from_row(row) for row in rows]

    def get_session(self, session_id: int) -> Session:
        """One session; NotFound if there is none with this id."""
        with self._read("the session") as orm:
            row = orm.get(SessionRow, session_id)
        if row is None:
            raise NotFound(f"No session with id {session_id}.")
        return session_from_row(row)

    def add_session(self, session: Session, board_from: int | None = None) -> Session:
        """Store a new session; with `board_from`, it starts with a copy of that session's board.

        Both happen in one transaction: either the session exists with its copied board, or nothing changed.
        """
        source = self.load_board(board_from) if board_from is not None else None
        with self._write() as orm:
            row = SessionRow(
                couple_id=session.couple_id,
                date=session.date,
                title=session.title,
                next_appointment=session.next_appointment,
            )
            orm.add(row)
            orm.flush()
            session.id = row.id
            if source is not None:
                _insert_board(orm, row.id, copy_board(source, row.id))
        return session

    def update_session(self, session: Session) -> None:
        """Write a session's date, title and next appointment."""
        with self._write() as orm:
            orm.execute(
                update(SessionRow)
                .where(SessionRow.id == session.id)
                .values(date=session.date, title=session.title, next_appointment=session.next_appointment)
            )

    # -- boards --------------------------------------------------------------------------------------------------------
    def load_board(self, session_id: int) -> Board:
        """The session's board, cards in z order."""
        board = Board(session_id=session_id)
        with self._read("the board") as orm:
            for row in orm.scalars(select(CardRow).where(CardRow.session_id == session_id).order_by(CardRow.z)):
                board.cards[row.id] = card_from_row(row)
            for line in orm.scalars(select(ConnectorRow).where(ConnectorRow.session_id == session_id)):
                board.connectors[line.id] = connector_from_row(line)
            for ink in orm.scalars(select(StrokeRow).where(StrokeRow.session_id == session_id).order_by(StrokeRow.z)):
                board.strokes[ink.id] = stroke_from_row(ink)
        return board

    def save_board_changes(
        self,
        session_id: int,
        cards: Iterable[Card] = (),
        removed_card_ids: Iterable[str] = (),
        connectors: Iterable[Connector] = (),
        removed_connector_ids: Iterable[str] = (),
        strokes: Iterable[Stroke] = (),
        removed_stroke_ids: Iterable[str] = (),
    ) -> None:
        """Write changed cards, connectors and strokes and delete removed ones, all in one transaction."""
        with self._write() as orm:
            removed_stroke_ids = list(removed_stroke_ids)
            if removed_stroke_ids:
                orm.execute(delete(StrokeRow).where(StrokeRow.id.in_(removed_stroke_ids)))
            removed_connector_ids = list(removed_connector_ids)
            removed_card_ids = list(removed_card_ids)
            if removed_connector_ids:
                orm.execute(delete(ConnectorRow).where(ConnectorRow.id.in_(removed_connector_ids)))
            if removed_card_ids:
                orm.execute(delete(ConnectorRow).where(ConnectorRow.source_id.in_(removed_card_ids)))
                orm.execute(delete(ConnectorRow).where(ConnectorRow.target_id.in_(removed_card_ids)))
                orm.execute(delete(CardRow).where(CardRow.id.in_(removed_card_ids)))
            # Cards before connectors, so an arrow's ends exist when it is written.
            for table, items, values_of in (
                (StrokeRow, strokes, stroke_values),
                (CardRow, cards, card_values),
                (ConnectorRow, connectors, connector_values),
            ):
                _upsert_all(orm, table, session_id, list(items), values_of)

    def latest_earlier_session(self, session: Session) -> Session | None:
        """The couple's session just before this one (by date, then by creation), or None for the first."""
        earlier = [
            s for s in self.list_sessions(session.couple_id)
            if s.id != session.id and (s.date, s.id or 0) < (session.date, session.id or 0)
        ]
        return earlier[0] if earlier else None

    def replace_board(self, session_id: int, board: Board) -> None:
        """Make the stored board equal to `board` (used for the sample and for copies)."""
        with self._write() as orm:
            orm.execute(delete(StrokeRow).where(StrokeRow.session_id == session_id))
            orm.execute(delete(ConnectorRow).where(ConnectorRow.session_id == session_id))
            orm.execute(delete(CardRow).where(CardRow.session_id == session_id))
            _insert_board(orm, session_id, board)

    # -- homework ------------------------------------------------------------------------------------------------------
    def list_assignments(self, session_id: int) -> list[Assignment]:
        """The homework given in a session, in its order."""
        with self._read("the homework") as orm:
            rows = orm.scalars(
                select(AssignmentRow)
                .where(AssignmentRow.session_id == session_id)
                .order_by(AssignmentRow.position, AssignmentRow.id)
            ).all()
        return [assignment_from_row(r) for r in rows]

    def homework_history(self, couple_id: int) -> list[tuple[Session, list[Assignment]]]:
        """Every session of the couple with its assignments and their reviews, oldest first: their adherence."""
        with self._read("the homework history") as orm:
            sessions = _sessions_oldest_first(orm, couple_id)
            rows = orm.scalars(
                select(AssignmentRow)
                .where(AssignmentRow.session_id.in_([s.id for s in sessions]))
                .order_by(AssignmentRow.position, AssignmentRow.id)
            ).all()
        by_session: dict[int, list[Assignment]] = {}
        for row in rows:
            by_session.setdefault(row.session_id, []).append(assignment_from_row(row))
        return [(session_from_row(s), by_session.get(s.id, [])) for s in sessions]

    def add_assignment(self, assignment: Assignment) -> Assignment:
        """Give homework in a session (last in its order unless it has a position); returns it with its id set."""
        with self._write() as orm:
            if not assignment.position:
                last = orm.scalar(
                    select(func.max(AssignmentRow.position)).where(AssignmentRow.session_id == assignment.session_id)
                )
                assignment.position = (last or 0) + 1
            row = AssignmentRow(
                session_id=assignment.session_id,
                exercise_key=assignment.exercise_key,
                **assignment_values(assignment),
            )
            orm.add(row)
            orm.flush()
            assignment.id = row.id
        return assignment

    def update_assignment(self, assignment: Assignment) -> None:
        """Write an assignment's who, note, position, frequency and review."""
        with self._write() as orm:
            orm.execute(
                update(AssignmentRow)
                .where(AssignmentRow.id == assignment.id)
                .values(**assignment_values(assignment))
            )

    def remove_assignment(self, assignment_id: int) -> None:
        """Take homework back out of its session."""
        with self._write() as orm:
            orm.execute(delete(AssignmentRow).where(AssignmentRow.id == assignment_id))

    # -- progress ------------------------------------------------------------------------------------------------------
    def progress_checks(self, session_id: int) -> dict[PartnerRole, ProgressCheck]:
        """Each partner's brief check at a session (a partner who gave none is absent)."""
        with self._read("the progress checks") as orm:
            rows = orm.scalars(select(ProgressCheckRow).where(ProgressCheckRow.session_id == session_id)).all()
        checks = [progress_check_from_row(row) for row in rows]
        return {check.role: check for check in checks}

    def save_progress_check(self, check: ProgressCheck) -> None:
        """Write one partner's check at a session (every answer as given: None stays missing)."""
        check.check()
        with self._write() as orm:
            _update_or_insert(
                orm, ProgressCheckRow, {"session_id": check.session_id, "role": check.role.value},
                progress_check_values(check),
            )

    def progress_history(self, couple_id: int) -> list[ProgressPoint]:
        """Every session of the couple with each partner's check, oldest first (sessions without checks too)."""
        with self._read("the progress checks") as orm:
            sessions = _sessions_oldest_first(orm, couple_id)
            rows = orm.scalars(
                select(ProgressCheckRow).where(ProgressCheckRow.session_id.in_([s.id for s in sessions]))
            ).all()
        by_session: dict[int, dict[PartnerRole, ProgressCheck]] = {}
        for row in rows:
            check = progress_check_from_row(row)
            by_session.setdefault(row.session_id, {})[check.role] = check
        return [ProgressPoint(session_from_row(s), by_session.get(s.id, {})) for s in sessions]

    # -- the therapist's exercises -------------------------------------------------------------------------------------
    def list_own_exercises(self) -> list[Exercise]:
        """The therapist's edits of built-in exercises and their own exercises, by key."""
        with self._read("your exercises") as orm:
            rows = orm.scalars(select(ExerciseRow).order_by(ExerciseRow.key)).all()
        return [exercise_from_row(row) for row in rows]

    def save_exercise(self, exercise: Exercise) -> None:
        """Store an edited built-in exercise or one of the therapist's own (its key decides which it replaces)."""
        if exercise.origin is Origin.BUILTIN:
            raise ValueError("a built-in exercise is saved as an edit (origin EDITED)")
        with self._write() as orm:
            _update_or_insert(orm, ExerciseRow, {"key": exercise.key}, exercise_values(exercise))

    def delete_exercise(self, key: str) -> None:
        """Forget an edit (the built-in words come back), or take one of the therapist's own out of the library.

        An own exercise is retired rather than erased: sessions that gave it keep its words for their handouts.
        """
        with self._write() as orm:
            retired = cast(CursorResult[Any], orm.execute(  # an UPDATE's result is a cursor's: it has a rowcount
                update(ExerciseRow)
                .where(ExerciseRow.key == key, ExerciseRow.origin == Origin.OWN.value)
                .values(origin=Origin.RETIRED.value, updated_at=func.current_timestamp())
            ))
            if retired.rowcount == 0:
                orm.execute(
                    delete(ExerciseRow).where(ExerciseRow.key == key, ExerciseRow.origin == Origin.EDITED.value)
                )

    # -- the practice --------------------------------------------------------------------------------------------------
    def get_practice(self) -> Practice:
        """The practice's details for handouts (empty until the therapist fills them in)."""
        with self._read("the practice's details") as orm:
            row = orm.get(PracticeRow, 1)
        return practice_from_row(row)

    def save_practice(self, practice: Practice) -> None:
        """Write the practice's details for handouts."""
        with self._write() as orm:
            _update_or_insert(orm, PracticeRow, {"id": 1}, practice_values(practice))

    # -- screening (therapist only) ------------------------------------------------------------------------------------
    def get_screening(self, couple_id: int) -> Screening:
        """The couple's individual screening record (outcome 'not done' when none was written)."""
        with self._read("the screening record") as orm:
            row = orm.get(ScreeningRow, couple_id)
        return screening_from_row(couple_id, row)

    def save_screening(self, screening: Screening) -> None:
        """Write a couple's individual screening record, with any override."""
        with self._write() as orm:
            _update_or_insert(orm, ScreeningRow, {"couple_id": screening.couple_id}, screening_values(screening))

    # -- private notes -------------------------------------------------------------------------------------------------
    def load_private_note(self, session_id: int) -> PrivateNote:
        """The therapist's private note on a session (empty text if none was written)."""
        with self._read("the private note") as orm:
            row = orm.get(PrivateNoteRow, session_id)
        return PrivateNote(session_id, row.text if row else "")

    def save_private_note(self, note: PrivateNote) -> None:
        """Write the therapist's private note on a session."""
        with self._write() as orm:
            row = orm.get(PrivateNoteRow, note.session_id)
            if row is None:
                orm.add(PrivateNoteRow(session_id=note.session_id, text=note.text))
            else:
                row.text = note.text
                row.updated_at = dt.datetime.now()

    # -- the activity log (audit trail) -------------------------------------------------------------------------------
    def record_activity(self, action: str, couple_id: int | None = None, file_name: str | None = None, *,
                        at: dt.datetime | None = None) -> None:
        """Add a line to the activity log (`action` an Action; the file's base name is kept, never its folder; `at`,
        aware, for a line written late, else now). Never raises: a failure is logged by the action's name only."""
        try:
            values = activity_values(action, couple_id, file_name, at)
            # Not through _write: its log line would carry the statement's parameters (a file name).
            with self._sessions.begin() as orm:
                orm.execute(insert(ActivityRow).values(**values))
        except Exception as error:  # noqa: BLE001 - the trail must never stop the work it records
            log.error("could not record %s in the activity log (%s)", str(action)[:40], type(error).__name__)

    def list_activity(self, limit: int | None = None) -> list[ActivityEntry]:
        """The activity log, newest first (at most `limit` lines)."""
        with self._read("the activity log") as orm:
            query = select(ActivityRow).order_by(ActivityRow.at.desc(), ActivityRow.id.desc())
            if limit is not None:
                query = query.limit(limit)
            rows = orm.scalars(query).all()
        return [activity_from_row(row) for row in rows]

    # -- the sample ----------------------------------------------------------------------------------------------------
    def add_sample(self, sample: SampleCouple) -> tuple[Couple, Session]:
        """Store the sample couple with one filled session; returns both."""
        couple = self.add_couple(sample.couple)
        assert couple.id is not None
        session = self.add_session(Session(couple.id, sample.session_date, sample.session_title))
        assert session.id is not None
        sample.board.session_id = session.id
        self.replace_board(session.id, sample.board)
        for key, who, note in sample.homework:
            self.add_assignment(Assignment(session.id, key, who, note))
        self.save_private_note(PrivateNote(session.id, sample.private_note))
        return couple, session

    # -- a couple from a couple file -----------------------------------------------------------------------------------
    def import_couple(self, bundle: CoupleBundle) -> Couple:
        """Store a copy of a couple read from a couple file (storage/couple_file.py) as a new couple, in one
        transaction.

        Everything gets new ids: importing the same file twice gives two couples. The therapist's own exercises the
        homework names are added only where this database has no exercise with that key (its own library wins).
        An SQLite file is backed up first (`backups.make_backup(path, "import", key=self.database.key)`); returns the
        new couple.
        """
        if self.database.path is not None:
            _backup_before_import(self.database.path, self.database.key)
        couple = bundle.couple
        with self._write() as orm:
            couple_id = _insert_couple(orm, couple)
            for part in bundle.sessions:
                session = part.session
                session_row = SessionRow(couple_id=couple_id, date=session.date, title=session.title,
                                         next_appointment=session.next_appointment)
                orm.add(session_row)
                orm.flush()
                _insert_board(orm, session_row.id, part.board)
                for assignment in part.assignments:
                    orm.add(AssignmentRow(session_id=session_row.id, exercise_key=assignment.exercise_key,
                                          **assignment_values(assignment)))
                for check in part.progress_checks:
                    orm.execute(insert(ProgressCheckRow).values(
                        session_id=session_row.id, role=check.check().role.value, **progress_check_values(check)))
                if part.private_note:
                    orm.add(PrivateNoteRow(session_id=session_row.id, text=part.private_note))
            if bundle.screening is not None:
                orm.execute(insert(ScreeningRow).values(couple_id=couple_id, **screening_values(bundle.screening)))
            taken = set(orm.scalars(select(ExerciseRow.key)))
            for exercise in bundle.exercises:
                if exercise.key not in taken and exercise.origin is not Origin.BUILTIN:
                    orm.execute(insert(ExerciseRow).values(key=exercise.key, **exercise_values(exercise)))
                    taken.add(exercise.key)
            orm.flush()
        return self.get_couple(couple_id)


def _backup_before_import(path, key: bytes | None) -> None:
    """Back the database file up before an import (encrypted alike when the file is)."""
    from couplecanvas.storage.backups import BackupError, make_backup

    try:
        make_backup(path, "import", key=key)
    except (BackupError, OSError) as error:
        raise DatabaseWriteError(
            f"No backup could be made before the import, so nothing was imported. {error}"
        ) from error


def _sessions_oldest_first(orm: OrmSession, couple_id: int) -> list[SessionRow]:
    """The couple's session rows, oldest first (by date, then by creation)."""
    return list(
        orm.scalars(
            select(SessionRow).where(SessionRow.couple_id == couple_id).order_by(SessionRow.date, SessionRow.id)
        )
    )


def _insert_couple(orm: OrmSession, couple: Couple) -> int:
    """Add a couple and its two partners; returns the couple's new id."""
    row = CoupleRow(is_sample=couple.is_sample, use_aliases=couple.use_aliases, archived=couple.archived)
    orm.add(row)
    orm.flush()
    for role in PartnerRole:
        partner = couple.partner(role)
        orm.add(PartnerRow(couple_id=row.id, role=role.value, first_name=partner.first_name, alias=partner.alias,
                           colour=partner.colour, position=partner.position.value))
    return row.id


def _insert_board(orm: OrmSession, session_id: int, board: Board) -> None:
    """Insert every row of a board into an empty session, in bulk: strokes, cards, then the arrows between them."""
    parts: tuple[tuple[type, Iterable[Any], Callable[[Any], dict[str, Any]]], ...] = (
        (StrokeRow, board.strokes.values(), stroke_values),
        (CardRow, board.cards.values(), card_values),
        (ConnectorRow, board.connectors.values(), connector_values),
    )
    for table, items, values_of in parts:
        if items:
            orm.execute(insert(table), [{"id": i.id, "session_id": session_id, **values_of(i)} for i in items])


def _upsert_all(orm: OrmSession, table, session_id: int, items: list, values_of) -> None:
    """Write many items at once: the new ones in one bulk insert (a template, a paste), the others updated."""
    if len(items) <= 4:  # an everyday edit: an update that finds its row is all it takes
        for item in items:
            _update_or_insert(orm, table, {"id": item.id}, values_of(item), session_id=session_id)
        return
    existing = set(orm.scalars(select(table.id).where(table.id.in_([i.id for i in items]))))
    new = [{"id": i.id, "session_id": session_id, **values_of(i)} for i in items if i.id not in existing]
    if new:
        orm.execute(insert(table), new)
    for item in items:
        if item.id in existing:
            orm.execute(update(table).where(table.id == item.id).values(**values_of(item)))


def _update_or_insert(orm: OrmSession, table, key: dict, values: dict, **on_insert) -> None:
    """Update the row whose columns equal `key`, or insert it (with `on_insert` too) when there is none (plain SQL
    that any database understands)."""
    query = update(table).where(*(getattr(table, column) == value for column, value in key.items())).values(**values)
    done = cast(CursorResult[Any], orm.execute(query))
    if done.rowcount == 0:
        orm.execute(insert(table).values(**key, **on_insert, **values))
