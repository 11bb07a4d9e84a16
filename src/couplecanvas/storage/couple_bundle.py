"""A whole couple in domain objects, as a couple file (storage/couple_file.py) holds it and the repository stores it.

Kept apart from the file format so that naming it (the Store protocol, the UI) loads no pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from couplecanvas.domain.board import Board
from couplecanvas.domain.couple import Couple
from couplecanvas.domain.homework import Assignment, Exercise
from couplecanvas.domain.progress import ProgressCheck
from couplecanvas.domain.safety import Screening
from couplecanvas.domain.session import Session


@dataclass
class SessionBundle:
    """One session with everything that hangs on it; ids are the file's or fresh ones, never the target's."""

    session: Session
    board: Board
    assignments: list[Assignment] = field(default_factory=list)
    progress_checks: list[ProgressCheck] = field(default_factory=list)
    private_note: str | None = None
    """None when the file holds no private notes (the therapist did not include them)."""


@dataclass
class CoupleBundle:
    """A whole couple, as a couple file holds it, in domain objects."""

    couple: Couple
    sessions: list[SessionBundle] = field(default_factory=list)
    screening: Screening | None = None
    """None when the file holds no screening record (the therapist did not include it)."""
    exercises: list[Exercise] = field(default_factory=list)
    """The therapist's own exercises (or edits) that the homework names, so it reads the same on the other machine."""
    includes_private: bool = False
