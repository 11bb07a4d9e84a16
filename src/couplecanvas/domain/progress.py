"""Progress a couple can see: a brief check from each partner at every session, and the same numbers over time.

Three questions about the week since the last session, answered by each partner on their own:
how connected they felt (0 to 10), how often the cycle caught them, and how quickly they found each other again.
Every answer is optional: a missing answer is missing (None), never 0, and a chart shows it as a gap.

The screen (ui/progress_chart.py) and the handout (export/progress_chart.py) both draw `progress_series`, so the
couple sees the same points on paper as on the screen. No validated measure is included: the CSI-4's terms of use
could not be checked here (docs/clinical-notes.md, "Progress").
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from couplecanvas.domain.couple import PartnerRole
from couplecanvas.domain.session import Session

CONNECTION_MIN = 0
CONNECTION_MAX = 10


class Caught(str, enum.Enum):
    """How often the cycle caught them this week; `level` 0 (not at all) to 3 (most days)."""

    NOT_AT_ALL = "not-at-all"
    ONCE = "once"
    A_FEW_TIMES = "a-few-times"
    MOST_DAYS = "most-days"

    @property
    def level(self) -> int:
        return list(Caught).index(self)

    @property
    def label(self) -> str:
        return CAUGHT_LABELS[self]


class FoundAgain(str, enum.Enum):
    """How quickly they found each other again after it; `level` 0 (within minutes) to 3 (not yet)."""

    MINUTES = "minutes"
    HOURS = "hours"
    DAY_OR_MORE = "day-or-more"
    NOT_YET = "not-yet"

    @property
    def level(self) -> int:
        return list(FoundAgain).index(self)

    @property
    def label(self) -> str:
        return FOUND_AGAIN_LABELS[self]


CAUGHT_LABELS = {
    Caught.NOT_AT_ALL: "not at all",
    Caught.ONCE: "once",
    Caught.A_FEW_TIMES: "a few times",
    Caught.MOST_DAYS: "most days",
}
FOUND_AGAIN_LABELS = {
    FoundAgain.MINUTES: "within minutes",
    FoundAgain.HOURS: "within hours",
    FoundAgain.DAY_OR_MORE: "a day or more",
    FoundAgain.NOT_YET: "not yet",
}
QUESTIONS = (
    "How connected did you feel this week? (0 to 10)",
    "How often did the cycle catch you?",
    "How quickly did you find each other again?",
)


@dataclass(frozen=True)
class ProgressCheck:
    """One partner's answers at one session; any of them may be missing (None)."""

    session_id: int
    role: PartnerRole
    connection: int | None = None
    caught: Caught | None = None
    found_again: FoundAgain | None = None

    def check(self) -> ProgressCheck:
        """The check itself, or ValueError when an answer is out of range."""
        if self.connection is not None and not (
            isinstance(self.connection, int) and CONNECTION_MIN <= self.connection <= CONNECTION_MAX
        ):
            raise ValueError(f"Connection is a whole number from {CONNECTION_MIN} to {CONNECTION_MAX}.")
        PartnerRole(self.role)
        if self.caught is not None:
            Caught(self.caught)
        if self.found_again is not None:
            FoundAgain(self.found_again)
        return self

    @property
    def is_empty(self) -> bool:
        """No answer at all (nothing to store)."""
        return self.connection is None and self.caught is None and self.found_again is None


@dataclass(frozen=True)
class ProgressPoint:
    """One session on the chart, with each partner's check (a partner with no check is absent from `checks`)."""

    session: Session
    checks: dict[PartnerRole, ProgressCheck] = field(default_factory=dict)

    def answer(self, role: PartnerRole) -> ProgressCheck:
        """This partner's check (all answers missing when there is none)."""
        return self.checks.get(role) or ProgressCheck(self.session.id or 0, role)


@dataclass(frozen=True)
class ProgressSeries:
    """What a progress chart draws: for each partner, one value per session (oldest first), None for a gap."""

    dates: tuple = ()
    connection: dict[PartnerRole, tuple[int | None, ...]] = field(default_factory=dict)
    caught: dict[PartnerRole, tuple[int | None, ...]] = field(default_factory=dict)
    """The `Caught.level` per session (0 not at all .. 3 most days)."""
    found_again: dict[PartnerRole, tuple[int | None, ...]] = field(default_factory=dict)
    """The `FoundAgain.level` per session (0 within minutes .. 3 not yet)."""

    @property
    def has_answers(self) -> bool:
        """At least one answer from either partner at any session."""
        return any(v is not None for values in (self.connection, self.caught, self.found_again)
                   for series in values.values() for v in series)


def progress_series(history: list[ProgressPoint]) -> ProgressSeries:
    """The chart's numbers from a couple's history (sorted oldest first here, whatever order it came in)."""
    points = sorted(history, key=lambda p: (p.session.date, p.session.id or 0))

    def values(pick) -> dict[PartnerRole, tuple[int | None, ...]]:
        return {role: tuple(pick(p.answer(role)) for p in points) for role in PartnerRole}

    return ProgressSeries(
        dates=tuple(p.session.date for p in points),
        connection=values(lambda c: c.connection),
        caught=values(lambda c: c.caught.level if c.caught is not None else None),
        found_again=values(lambda c: c.found_again.level if c.found_again is not None else None),
    )


def runs(values: tuple[int | None, ...]) -> list[list[tuple[int, int]]]:
    """The unbroken stretches of a series as (index, value) lists: a line is drawn along each, a gap between them."""
    stretches: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for index, value in enumerate(values):
        if value is None:
            if current:
                stretches.append(current)
            current = []
        else:
            current.append((index, value))
    if current:
        stretches.append(current)
    return stretches
