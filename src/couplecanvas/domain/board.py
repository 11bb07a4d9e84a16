"""A session's board: cards and the connectors between them. Pure data with small, checked operations."""

from __future__ import annotations

import copy
import enum
from dataclasses import dataclass, field

from couplecanvas.domain.couple import PartnerRole
from couplecanvas.domain.geometry import Rect, connector_segment, line_rect
from couplecanvas.domain.ids import new_id

CARD_WIDTH = 200.0
CARD_HEIGHT = 90.0
NEUTRAL_CARD_COLOUR = "#fff4c2"
PARTNER_CARD_COLOURS = {PartnerRole.A: "#dbe8f7", PartnerRole.B: "#f9e0cc"}
MAX_CARD_TEXT = 2000


class CardKind(str, enum.Enum):
    """How a card looks: a card with a border, a sticky note, or plain text (a label or heading)."""

    CARD = "card"
    NOTE = "note"
    LABEL = "label"


class ConnectorKind(str, enum.Enum):
    """A plain arrow, or a reframe: from an old story card to the new story that answers it."""

    ARROW = "arrow"
    REFRAME = "reframe"


class StrokeKind(str, enum.Enum):
    """A pen line, or a broad translucent highlighter line."""

    PEN = "pen"
    HIGHLIGHTER = "highlighter"


STICKY_NOTE_COLOUR = "#ffe98a"
INK_COLOURS = ("#1f1f1f", "#2f6fb0", "#c0631e", "#2e7d4f", "#b3261e")
HIGHLIGHTER_COLOURS = ("#fff176", "#a5d6a7", "#90caf9", "#f8bbd0")


LABEL_COLOUR = "#ffffff"
# Shared by the canvas and the PDF: a reframe arrow and its new story in green, the old story in a quiet grey,
# and a slot's prompt (hint) in warm grey while the card is still empty.
REFRAME_COLOUR = "#2e7d4f"
OLD_STORY_COLOUR = "#8a8577"
HINT_COLOUR = "#8d877a"


def default_card_colour(kind: CardKind, partner: PartnerRole | None) -> str:
    """The colour a card gets from its owner and kind."""
    if partner is not None:
        return PARTNER_CARD_COLOURS[partner]
    if kind is CardKind.NOTE:
        return STICKY_NOTE_COLOUR
    return LABEL_COLOUR if kind is CardKind.LABEL else NEUTRAL_CARD_COLOUR


@dataclass
class Card:
    """A card in the partners' own words. Position is the top-left corner in board units.

    `role` names the slot a template made it for ("trigger", "deeper-emotion", ...), so its words are structured data;
    `hint` is the prompt shown while the card is still empty ("When I see or hear...").
    """

    text: str = ""
    x: float = 0.0
    y: float = 0.0
    width: float = CARD_WIDTH
    height: float = CARD_HEIGHT
    colour: str = NEUTRAL_CARD_COLOUR
    partner: PartnerRole | None = None
    z: float = 0.0
    id: str = field(default_factory=new_id)
    kind: CardKind = CardKind.CARD
    group_id: str | None = None
    role: str = ""
    hint: str = ""

    @property
    def rect(self) -> Rect:
        return Rect(self.x, self.y, self.width, self.height)


@dataclass
class Connector:
    """An arrow from one card to another, with an optional label."""

    source_id: str
    target_id: str
    label: str = ""
    id: str = field(default_factory=new_id)
    curved: bool = False
    kind: ConnectorKind = ConnectorKind.ARROW


@dataclass
class Stroke:
    """A freehand line: points (x, y, pressure from 0 to 1) in board units, drawn as one item."""

    points: tuple[tuple[float, float, float], ...]
    colour: str = INK_COLOURS[0]
    width: float = 3.0
    kind: StrokeKind = StrokeKind.PEN
    z: float = 0.0
    group_id: str | None = None
    id: str = field(default_factory=new_id)

    @property
    def rect(self) -> Rect:
        """The rectangle the line covers, its width included."""
        return line_rect(self.points, self.width)

    def translated(self, dx: float, dy: float) -> tuple[tuple[float, float, float], ...]:
        return tuple((x + dx, y + dy, p) for x, y, p in self.points)


class BoardError(ValueError):
    """An operation that would break the board's consistency."""


@dataclass
class Board:
    """All cards and connectors of one session, keyed by id, in insertion order."""

    session_id: int | None = None
    cards: dict[str, Card] = field(default_factory=dict)
    connectors: dict[str, Connector] = field(default_factory=dict)
    strokes: dict[str, Stroke] = field(default_factory=dict)

    def clone(self) -> Board:
        """A deep copy, for comparisons and snapshots."""
        return copy.deepcopy(self)

    # -- cards ---------------------------------------------------------------------------------------------------------
    def add_card(self, card: Card) -> None:
        """Add a card; its id must be new."""
        if card.id in self.cards:
            raise BoardError(f"card {card.id} already on the board")
        if len(card.text) > MAX_CARD_TEXT:
            raise BoardError("card text too long")
        self.cards[card.id] = card

    def remove_card(self, card_id: str) -> tuple[Card, list[Connector]]:
        """Remove a card and every connector touching it; return both so the removal can be undone."""
        card = self.cards.pop(card_id)
        attached = self.connectors_of(card_id)
        for connector in attached:
            del self.connectors[connector.id]
        return card, attached

    def move_card(self, card_id: str, x: float, y: float) -> None:
        card = self.cards[card_id]
        card.x, card.y = float(x), float(y)

    def set_card_text(self, card_id: str, text: str) -> None:
        if len(text) > MAX_CARD_TEXT:
            raise BoardError("card text too long")
        self.cards[card_id].text = text

    def next_z(self) -> float:
        """A z value above every card and stroke."""
        top = max((c.z for c in self.cards.values()), default=0.0)
        return max(top, max((s.z for s in self.strokes.values()), default=0.0)) + 1.0

    def bottom_z(self) -> float:
        """A z value below every card and stroke."""
        low = min((c.z for c in self.cards.values()), default=1.0)
        return min(low, min((s.z for s in self.strokes.values()), default=1.0)) - 1.0

    # -- strokes -------------------------------------------------------------------------------------------------------
    def add_stroke(self, stroke: Stroke) -> None:
        """Add a freehand line of at least one point; its id must be new."""
        if stroke.id in self.strokes:
            raise BoardError(f"stroke {stroke.id} already on the board")
        if not stroke.points:
            raise BoardError("a stroke needs at least one point")
        self.strokes[stroke.id] = stroke

    def remove_stroke(self, stroke_id: str) -> Stroke:
        return self.strokes.pop(stroke_id)

    # -- connectors ----------------------------------------------------------------------------------------------------
    def add_connector(self, connector: Connector) -> None:
        """Add a connector between two different cards already on the board."""
        if connector.id in self.connectors:
            raise BoardError(f"connector {connector.id} already on the board")
        if connector.source_id == connector.target_id:
            raise BoardError("a connector needs two different cards")
        for end in (connector.source_id, connector.target_id):
            if end not in self.cards:
                raise BoardError(f"connector end {end} is not on the board")
        self.connectors[connector.id] = connector

    def remove_connector(self, connector_id: str) -> Connector:
        return self.connectors.pop(connector_id)

    def connectors_of(self, card_id: str) -> list[Connector]:
        """Every connector that starts or ends at the card."""
        return [c for c in self.connectors.values() if card_id in (c.source_id, c.target_id)]

    def has_connector(self, source_id: str, target_id: str) -> bool:
        return any(c.source_id == source_id and c.target_id == target_id for c in self.connectors.values())

    def connector_segment(self, connector_id: str) -> tuple[float, float, float, float]:
        """The arrow's visible segment, clipped to both card outlines."""
        connector = self.connectors[connector_id]
        return connector_segment(self.cards[connector.source_id].rect, self.cards[connector.target_id].rect)

    # -- whole board ---------------------------------------------------------------------------------------------------
    def bounds(self) -> Rect | None:
        """The rectangle holding every card and stroke, or None for an empty board."""
        rect: Rect | None = None
        items: tuple[Card | Stroke, ...] = (*self.cards.values(), *self.strokes.values())
        for item in items:
            rect = item.rect if rect is None else rect.united(item.rect)
        return rect

    def cards_in_z_order(self) -> list[Card]:
        return sorted(self.cards.values(), key=lambda c: c.z)

    def reframes(self) -> list[tuple[Card, Card]]:
        """(old story, new story) pairs, in reading order of the old story (top to bottom, left to right)."""
        pairs = [
            (self.cards[c.source_id], self.cards[c.target_id])
            for c in self.connectors.values()
            if c.kind is ConnectorKind.REFRAME
        ]
        return sorted(pairs, key=lambda pair: (pair[0].y, pair[0].x, pair[1].y, pair[1].x))

    def cards_with_role(self, role: str, partner: PartnerRole | None = None) -> list[Card]:
        """Cards made for a template slot, in reading order; `partner` narrows them to one partner's."""
        found = [c for c in self.cards.values() if c.role == role and (partner is None or c.partner is partner)]
        return sorted(found, key=lambda c: (c.y, c.x))
