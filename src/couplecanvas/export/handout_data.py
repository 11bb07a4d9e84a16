"""Everything a take-home handout shows, gathered from domain objects before any layout happens.

The handout is built only from what is handed in here: the couple, the session, its board and its homework.
Private notes are a separate domain object and this module neither accepts nor imports them.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass

from couplecanvas.domain.board import Board, CardKind, StrokeKind
from couplecanvas.domain.couple import Couple, PartnerRole
from couplecanvas.domain.geometry import Rect, connector_segment, curve_control
from couplecanvas.domain.homework import Assignment, HomeworkLibrary, Who
from couplecanvas.domain.session import Session
from couplecanvas.export.map_geometry import quad_bounds

log = logging.getLogger(__name__)

HANDOUT_TITLE = "Our session together"

# English month names on purpose: strftime("%B") follows the process locale, which Qt sets from the environment.
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(day: dt.date) -> str:
    """'25 November 2026', whatever the process locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class MapCard:
    """A card as the handout draws it: its words, outline, fill, the partner it belongs to (if any) and its look."""

    text: str
    rect: Rect
    colour: str
    partner: PartnerRole | None = None
    kind: CardKind = CardKind.CARD
    z: float = 0.0


@dataclass(frozen=True)
class MapConnector:
    """An arrow between two card outlines, with its optional label; `curved` bends it gently to its left."""

    source: Rect
    target: Rect
    label: str = ""
    curved: bool = False

    def curve_bounds(self) -> Rect | None:
        """The rectangle around a curved arrow (it may bulge past the cards), or None for a straight one."""
        if not self.curved:
            return None
        x1, y1, x2, y2 = connector_segment(self.source, self.target)
        return quad_bounds((x1, y1), curve_control(x1, y1, x2, y2), (x2, y2))


@dataclass(frozen=True)
class MapStroke:
    """A freehand line: points (x, y, pressure) in board units, its colour, width, kind and stacking."""

    points: tuple[tuple[float, float, float], ...]
    colour: str
    width: float
    kind: StrokeKind = StrokeKind.PEN
    z: float = 0.0

    @property
    def rect(self) -> Rect:
        """The rectangle the line covers, its width included."""
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        half = self.width / 2
        return Rect(min(xs) - half, min(ys) - half, max(xs) - min(xs) + self.width, max(ys) - min(ys) + self.width)


@dataclass(frozen=True)
class BoardSnapshot:
    """A frozen copy of a board: cards and strokes bottom to top, and the connectors, so later edits cannot change a
    handout."""

    cards: tuple[MapCard, ...] = ()
    connectors: tuple[MapConnector, ...] = ()
    strokes: tuple[MapStroke, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.cards and not self.strokes

    def bounds(self) -> Rect | None:
        """The rectangle holding every card, stroke and curved arrow, or None when there is nothing."""
        rects = [card.rect for card in self.cards]
        rects.extend(stroke.rect for stroke in self.strokes)
        rects.extend(r for r in (c.curve_bounds() for c in self.connectors) if r is not None)
        rect: Rect | None = None
        for other in rects:
            if all(math.isfinite(v) for v in (other.x, other.y, other.w, other.h)):
                rect = other if rect is None else rect.united(other)
        return rect

    @classmethod
    def of(cls, board: Board) -> BoardSnapshot:
        """Copy what the handout needs from a domain board."""
        cards = tuple(
            MapCard(c.text, c.rect, c.colour, c.partner, c.kind, c.z) for c in board.cards_in_z_order()
        )
        connectors = []
        for connector in board.connectors.values():
            source = board.cards.get(connector.source_id)
            target = board.cards.get(connector.target_id)
            if source is None or target is None:
                log.warning("connector %s has a missing end; left off the handout", connector.id)
                continue
            connectors.append(MapConnector(source.rect, target.rect, connector.label.strip(), connector.curved))
        strokes = tuple(
            MapStroke(tuple(tuple(p) for p in s.points), s.colour, s.width, s.kind, s.z)
            for s in sorted(board.strokes.values(), key=lambda s: s.z)
            if s.points
        )
        return cls(cards, tuple(connectors), strokes)


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


@dataclass(frozen=True)
class HandoutData:
    """The content of one handout, and nothing else: no surnames, no private notes, no diagnoses."""

    title: str
    partner_names: tuple[str, str]
    session_date: dt.date
    date_text: str
    board: BoardSnapshot
    partner_colours: tuple[str, str]
    homework: tuple[HomeworkEntry, ...] = ()

    @property
    def couple_names(self) -> str:
        """'Zoë & José'."""
        return f"{self.partner_names[0]} & {self.partner_names[1]}"

    def colour_of(self, role: PartnerRole) -> str:
        """The colour of the partner in the given role."""
        return self.partner_colours[0 if role is PartnerRole.A else 1]


def assemble_handout(
    couple: Couple,
    session: Session,
    board: Board,
    assignments: Iterable[Assignment],
    library: HomeworkLibrary,
    use_alias: bool | None = None,
) -> HandoutData:
    """Gather a session's handout content; `use_alias` defaults to the couple's own choice."""
    alias = couple.use_aliases if use_alias is None else use_alias
    names = (couple.partner_a.shown_name(alias), couple.partner_b.shown_name(alias))
    entries = []
    for assignment in sorted(assignments, key=lambda a: a.position):
        exercise = library.get(assignment.exercise_key)
        if exercise is None:
            log.warning("exercise %r is not in the homework library; left off the handout", assignment.exercise_key)
            continue
        who = assignment.who
        rows = names if who is Who.BOTH else (names[0] if who is Who.A else names[1],)
        entries.append(
            HomeworkEntry(
                title=exercise.title,
                who=who.describe(couple, alias),
                frequency=exercise.frequency,
                duration=exercise.duration,
                summary=exercise.summary,
                steps=tuple(exercise.steps),
                tracking=exercise.tracking,
                note=assignment.note.strip(),
                tick_rows=rows,
            )
        )
    return HandoutData(
        title=HANDOUT_TITLE,
        partner_names=names,
        session_date=session.date,
        date_text=format_date(session.date),
        board=BoardSnapshot.of(board),
        partner_colours=(couple.partner_a.colour, couple.partner_b.colour),
        homework=tuple(entries),
    )
