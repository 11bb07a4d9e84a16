"""Safety before conflict work: the therapist's record of individual screening, and what a handout keeps back.

EFT and Gottman both advise against asking a couple to talk through conflict together while there is violence or
coercive control in the relationship; therapists screen each partner on their own first. This module holds that
record (therapist only: it never reaches a handout or a shared screen), the one rule that decides whether an exercise
that asks for conflict talk may be given, and the one rule that says which cards hold family or trauma history.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from dataclasses import dataclass

from couplecanvas.domain.board import Board, Card

MAX_NOTE = 2000

SENSITIVE_ROLES = frozenset({"raw-spot", "hurt-account"})  # family or trauma history; the account of a hurt (an affair)
"""Slot roles that hold family or trauma history (the iceberg's 'where this raw spot comes from')."""


class Outcome(str, enum.Enum):
    """What individual screening for intimate partner violence found."""

    NOT_DONE = "not-done"
    NO_CONCERNS = "no-concerns"
    CONCERNS = "concerns"

    @property
    def label(self) -> str:
        return {"not-done": "Not done yet", "no-concerns": "No concerns", "concerns": "Concerns"}[self.value]


@dataclass(frozen=True)
class Screening:
    """A couple's screening record: when each partner was seen alone, what was found, and any override since.

    `overridden_on` is the last day the therapist chose, deliberately, to give conflict work although concerns were on
    record; `overridden_for` names the exercises given then."""

    couple_id: int
    outcome: Outcome = Outcome.NOT_DONE
    screened_on: dt.date | None = None
    note: str = ""
    overridden_on: dt.date | None = None
    overridden_for: str = ""

    @property
    def on_record(self) -> bool:
        """True when a screening was done and its outcome written down."""
        return self.outcome is not Outcome.NOT_DONE

    def check(self, today: dt.date | None = None) -> Screening:
        """The record with tidy text, or ValueError with a message for the therapist."""
        today = today or dt.date.today()
        if self.outcome is not Outcome.NOT_DONE and self.screened_on is None:
            raise ValueError("Please give the date of the screening.")
        if self.screened_on is not None and self.screened_on > today:
            raise ValueError("The screening date is in the future.")
        note = self.note.strip()
        if len(note) > MAX_NOTE:
            raise ValueError(f"The note can be at most {MAX_NOTE} characters.")
        screened_on = self.screened_on if self.outcome is not Outcome.NOT_DONE else None
        return dataclasses.replace(self, note=note, screened_on=screened_on)

    def with_override(self, keys: list[str], day: dt.date) -> Screening:
        """The record noting that conflict work (these exercises) was given on `day` despite the concerns."""
        return dataclasses.replace(self, overridden_on=day, overridden_for=", ".join(keys))


class ConflictWork(enum.Enum):
    """What to do before giving an exercise that asks the couple to talk through conflict."""

    GO = "go"
    """Screened, no concerns: give it."""
    ASK = "ask"
    """No screening on record: ask the therapist first."""
    REFUSE = "refuse"
    """Concerns on record: not given, unless the therapist deliberately overrides (and that is recorded)."""


def conflict_work(screening: Screening | None) -> ConflictWork:
    """The rule for conflict work, from the couple's screening record (None: no record)."""
    if screening is None or screening.outcome is Outcome.NOT_DONE:
        return ConflictWork.ASK
    if screening.outcome is Outcome.CONCERNS:
        return ConflictWork.REFUSE
    return ConflictWork.GO


def asks_for_conflict_talk(exercise: object) -> bool:
    """True for an exercise that asks the two of them to talk about conflict (its `conflict_talk` flag)."""
    return bool(getattr(exercise, "conflict_talk", False))


def is_sensitive(card: Card) -> bool:
    """True for a card that holds family or trauma history: printed only when the therapist chooses.

    The card knows its slot's role; the roles in SENSITIVE_ROLES are the ones templates mark `sensitive`."""
    return card.role in SENSITIVE_ROLES


def board_without_sensitive_words(board: Board) -> Board:
    """A copy of the board whose sensitive cards keep their place and prompt but lose their words."""
    if not any(is_sensitive(card) and card.text for card in board.cards.values()):
        return board
    copy = board.clone()
    for card in copy.cards.values():
        if is_sensitive(card):
            card.text = ""
    return copy
