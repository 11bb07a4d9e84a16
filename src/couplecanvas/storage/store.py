"""Store: what the app asks of its storage, in domain terms. The Repository is the one implementation.

Every method raises StorageError (storage/errors.py) when the database fails underneath, reads and writes alike:
DatabaseReadError or DatabaseWriteError with a message fit to show, NotFound for a missing couple or session.
Only what the app (ui, app, document) calls is here; tests and benchmarks may use more of the Repository.
Kept free of SQLAlchemy, so the UI can name this type without importing the database layer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from couplecanvas.domain.activity import ActivityEntry
from couplecanvas.domain.board import Board, Card, Connector, Stroke
from couplecanvas.domain.couple import Couple, PartnerRole
from couplecanvas.domain.homework import Assignment, Exercise
from couplecanvas.domain.practice import Practice
from couplecanvas.domain.progress import ProgressCheck, ProgressPoint
from couplecanvas.domain.safety import Screening
from couplecanvas.domain.sample import SampleCouple
from couplecanvas.domain.session import PrivateNote, Session
from couplecanvas.storage.couple_bundle import CoupleBundle


class Store(Protocol):
    """Couples, sessions, boards, homework, progress checks, the practice, private notes and the activity log, read and
    written in domain objects."""

    def close(self) -> None:
        """Close every connection to the database; the store is not used afterwards."""
        ...

    # -- couples -------------------------------------------------------------------------------------------------------
    def list_couples(self, include_archived: bool = False) -> list[Couple]:
        """All couples, by the first partner's name."""
        ...

    def get_couple(self, couple_id: int) -> Couple:
        """One couple with both partners; NotFound if there is none with this id."""
        ...

    def add_couple(self, couple: Couple) -> Couple:
        """Store a new couple; returns it with its id set."""
        ...

    def update_couple(self, couple: Couple) -> None:
        """Write the partners' names, aliases and colours and the couple's flags."""
        ...

    def delete_couple(self, couple_id: int) -> None:
        """Remove the couple and every row that belongs to it, and record the deletion, in one transaction; NotFound if
        there is no couple with this id."""
        ...

    def add_sample(self, sample: SampleCouple) -> tuple[Couple, Session]:
        """Store the sample couple with one filled session; returns both."""
        ...

    def import_couple(self, bundle: CoupleBundle) -> Couple:
        """Store a copy of a couple read from a couple file as a new couple (fresh ids), in one transaction, after a
        backup of the database file; returns the new couple."""
        ...

    # -- sessions ------------------------------------------------------------------------------------------------------
    def list_sessions(self, couple_id: int) -> list[Session]:
        """The couple's sessions, newest first."""
        ...

    def get_session(self, session_id: int) -> Session:
        """One session; NotFound if there is none with this id."""
        ...

    def latest_earlier_session(self, session: Session) -> Session | None:
        """The couple's session just before this one (by date, then by creation), or None for the first."""
        ...

    def add_session(self, session: Session, board_from: int | None = None) -> Session:
        """Store a new session, with a copy of session `board_from`'s board if given, in one transaction."""
        ...

    def update_session(self, session: Session) -> None:
        """Write a session's date, title and next appointment."""
        ...

    # -- boards --------------------------------------------------------------------------------------------------------
    def load_board(self, session_id: int) -> Board:
        """The session's board, cards in z order."""
        ...

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
        ...

    # -- homework ------------------------------------------------------------------------------------------------------
    def list_assignments(self, session_id: int) -> list[Assignment]:
        """The homework given in a session, in its order."""
        ...

    def homework_history(self, couple_id: int) -> list[tuple[Session, list[Assignment]]]:
        """Every session of the couple with its assignments and their reviews, oldest first."""
        ...

    def add_assignment(self, assignment: Assignment) -> Assignment:
        """Give homework in a session (last in its order unless it has a position); returns it with its id set."""
        ...

    def update_assignment(self, assignment: Assignment) -> None:
        """Write an assignment's who, note, position, frequency and review."""
        ...

    def remove_assignment(self, assignment_id: int) -> None:
        """Take homework back out of its session."""
        ...

    # -- progress ------------------------------------------------------------------------------------------------------
    def progress_checks(self, session_id: int) -> dict[PartnerRole, ProgressCheck]:
        """Each partner's brief check at a session (a partner who gave none is absent)."""
        ...

    def save_progress_check(self, check: ProgressCheck) -> None:
        """Write one partner's check at a session (every answer as given: None stays missing)."""
        ...

    def progress_history(self, couple_id: int) -> list[ProgressPoint]:
        """Every session of the couple with each partner's check, oldest first (sessions without checks too)."""
        ...

    # -- the therapist's exercises -------------------------------------------------------------------------------------
    def list_own_exercises(self) -> list[Exercise]:
        """The therapist's edits of built-in exercises and their own exercises, by key."""
        ...

    def save_exercise(self, exercise: Exercise) -> None:
        """Store an edited built-in exercise or one of the therapist's own (its key decides which it replaces)."""
        ...

    def delete_exercise(self, key: str) -> None:
        """Forget an edit (the built-in words come back), or retire one of the therapist's own exercises."""
        ...

    # -- the practice, screening and private notes --------------------------------------------------------------------
    def get_practice(self) -> Practice:
        """The practice's details for handouts (empty until the therapist fills them in)."""
        ...

    def save_practice(self, practice: Practice) -> None:
        """Write the practice's details for handouts."""
        ...

    def get_screening(self, couple_id: int) -> Screening:
        """The couple's individual screening record (outcome 'not done' when none was written); therapist only."""
        ...

    def save_screening(self, screening: Screening) -> None:
        """Write a couple's individual screening record, with any override."""
        ...

    def load_private_note(self, session_id: int) -> PrivateNote:
        """The therapist's private note on a session (empty text if none was written)."""
        ...

    def save_private_note(self, note: PrivateNote) -> None:
        """Write the therapist's private note on a session."""
        ...

    # -- the activity log (audit trail) ------------------------------------------------------------------------------
    def record_activity(self, action: str, couple_id: int | None = None, file_name: str | None = None, *,
                        at: dt.datetime | None = None) -> None:
        """Add a line to the activity log (`action` an Action; the file's base name only; `at`, aware, for a line
        written late). Never raises: a failure is logged by the action's name only."""
        ...

    def list_activity(self, limit: int | None = None) -> list[ActivityEntry]:
        """The activity log, newest first (at most `limit` lines)."""
        ...
