"""The couple file's schema (couple.json and manifest.json) as pydantic models: unknown keys refused, strict types,
lengths, counts and ranges bounded, and the board's arrows checked against its cards (storage/couple_file.py reads
and writes the file)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from couplecanvas.domain.board import MAX_CARD_TEXT, CardKind, ConnectorKind, StrokeKind
from couplecanvas.domain.couple import PartnerRole, Position
from couplecanvas.domain.homework import Review, Who
from couplecanvas.domain.progress import Caught, FoundAgain
from couplecanvas.domain.safety import Outcome

MAX_SESSIONS = 2000
MAX_CARDS = 5000
MAX_CONNECTORS = 10000
MAX_STROKES = 5000
MAX_POINTS = 20000
MAX_ASSIGNMENTS = 200
MAX_EXERCISES = 500
MAX_NOTE_TEXT = 20000
MAX_PRIVATE_NOTE = 200000
MAX_COORDINATE = 1e7


def _values(kind) -> Any:
    """A Literal of an enum's values: strict validation of JSON text, one source of truth for the words."""
    return Literal[tuple(member.value for member in kind)]


def _iso_date(value: object) -> object:
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise ValueError("Input should be a date written YYYY-MM-DD")


def _iso_datetime(value: object) -> object:
    if isinstance(value, str) and len(value) <= 40:
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    if isinstance(value, dt.datetime):
        return value
    raise ValueError("Input should be a date and time written YYYY-MM-DDTHH:MM:SS")


def _pressure_in_range(point: list[float]) -> list[float]:
    if not 0.0 <= point[2] <= 1.0:
        raise ValueError("a point's pressure should be from 0 to 1")
    return point


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
IsoDateTime = Annotated[dt.datetime, BeforeValidator(_iso_datetime)]
Text = Annotated[str, Field(max_length=MAX_NOTE_TEXT)]
ItemId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
ExerciseKey = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")]
Colour = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{3,8}$")]
Coordinate = Annotated[float, Field(ge=-MAX_COORDINATE, le=MAX_COORDINATE)]
Size = Annotated[float, Field(ge=0, le=MAX_COORDINATE)]
Depth = Annotated[float, Field(ge=-1e9, le=1e9)]
Point = Annotated[list[Coordinate], Field(min_length=3, max_length=3), AfterValidator(_pressure_in_range)]
if TYPE_CHECKING:  # Literals of the enums' words, built at run time: to a type checker they are words
    Role = str
    PositionWord = str
    CardKindWord = str
    ConnectorKindWord = str
    StrokeKindWord = str
    WhoWord = str
    ReviewWord = str
    CaughtWord = str
    FoundAgainWord = str
    OutcomeWord = str
else:
    Role = _values(PartnerRole)
    PositionWord = _values(Position)
    CardKindWord = _values(CardKind)
    ConnectorKindWord = _values(ConnectorKind)
    StrokeKindWord = _values(StrokeKind)
    WhoWord = _values(Who)
    ReviewWord = _values(Review)
    CaughtWord = _values(Caught)
    FoundAgainWord = _values(FoundAgain)
    OutcomeWord = _values(Outcome)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


class PartnerModel(_Model):
    first_name: Annotated[str, Field(min_length=1, max_length=60)]
    alias: Annotated[str, Field(max_length=60)]
    colour: Colour
    position: PositionWord


class CoupleModel(_Model):
    partner_a: PartnerModel
    partner_b: PartnerModel
    use_aliases: bool
    archived: bool
    is_sample: bool


class CardModel(_Model):
    id: ItemId
    text: Annotated[str, Field(max_length=MAX_CARD_TEXT)]
    x: Coordinate
    y: Coordinate
    width: Size
    height: Size
    colour: Colour
    partner: Role | None
    z: Depth
    kind: CardKindWord
    group_id: ItemId | None
    role: Annotated[str, Field(max_length=40)]
    hint: Annotated[str, Field(max_length=200)]


class ConnectorModel(_Model):
    id: ItemId
    source_id: ItemId
    target_id: ItemId
    label: Annotated[str, Field(max_length=MAX_CARD_TEXT)]
    curved: bool
    kind: ConnectorKindWord


class StrokeModel(_Model):
    id: ItemId
    points: Annotated[list[Point], Field(min_length=1, max_length=MAX_POINTS)]
    colour: Colour
    width: Annotated[float, Field(ge=0, le=1000)]
    kind: StrokeKindWord
    z: Depth
    group_id: ItemId | None


class BoardModel(_Model):
    cards: Annotated[list[CardModel], Field(max_length=MAX_CARDS)]
    connectors: Annotated[list[ConnectorModel], Field(max_length=MAX_CONNECTORS)]
    strokes: Annotated[list[StrokeModel], Field(max_length=MAX_STROKES)]

    @model_validator(mode="after")
    def _consistent(self) -> BoardModel:
        """Ids are unique and every arrow joins two different cards of this board."""
        cards = {card.id for card in self.cards}
        for name, items in (("cards", self.cards), ("connectors", self.connectors), ("strokes", self.strokes)):
            if len({item.id for item in items}) != len(items):
                raise ValueError(f"two {name} have the same id")
        for connector in self.connectors:
            if connector.source_id == connector.target_id:
                raise ValueError(f"connector {connector.id} joins a card to itself")
            if connector.source_id not in cards or connector.target_id not in cards:
                raise ValueError(f"connector {connector.id} points to a card that is not on the board")
        return self


class AssignmentModel(_Model):
    exercise_key: ExerciseKey
    who: WhoWord
    note: Text
    position: Annotated[int, Field(ge=0, le=1_000_000)]
    frequency: Annotated[str, Field(max_length=120)]
    review: ReviewWord
    review_note: Text


class ProgressCheckModel(_Model):
    role: Role
    connection: Annotated[int, Field(ge=0, le=10)] | None
    caught: CaughtWord | None
    found_again: FoundAgainWord | None


class SessionModel(_Model):
    date: IsoDate
    title: Annotated[str, Field(max_length=200)]
    next_appointment: IsoDateTime | None
    board: BoardModel
    assignments: Annotated[list[AssignmentModel], Field(max_length=MAX_ASSIGNMENTS)]
    progress_checks: Annotated[list[ProgressCheckModel], Field(max_length=2)]
    private_note: Annotated[str, Field(max_length=MAX_PRIVATE_NOTE)] | None

    @model_validator(mode="after")
    def _one_check_each(self) -> SessionModel:
        if len({check.role for check in self.progress_checks}) != len(self.progress_checks):
            raise ValueError("a partner has two progress checks in one session")
        return self


class ScreeningModel(_Model):
    outcome: OutcomeWord
    screened_on: IsoDate | None
    note: Text
    overridden_on: IsoDate | None
    overridden_for: Text


class ExerciseModel(_Model):
    key: ExerciseKey
    origin: Literal["edited", "own", "retired"]
    title: Annotated[str, Field(min_length=1, max_length=200)]
    approach: Annotated[str, Field(max_length=120)]
    frequency: Annotated[str, Field(max_length=120)]
    duration: Annotated[str, Field(max_length=120)]
    who: WhoWord
    summary: Text
    steps: Annotated[list[Annotated[str, Field(max_length=2000)]], Field(min_length=1, max_length=30)]
    tracking: Text


class CoupleFileModel(_Model):
    """couple.json."""

    couple: CoupleModel
    sessions: Annotated[list[SessionModel], Field(max_length=MAX_SESSIONS)]
    screening: ScreeningModel | None
    exercises: Annotated[list[ExerciseModel], Field(max_length=MAX_EXERCISES)]

    @model_validator(mode="after")
    def _unique_exercises(self) -> CoupleFileModel:
        if len({e.key for e in self.exercises}) != len(self.exercises):
            raise ValueError("two exercises have the same key")
        return self


class ManifestModel(_Model):
    """manifest.json."""

    format: Literal["couplecanvas-couple"]
    schema_version: Annotated[int, Field(ge=1)]
    app_version: Annotated[str, Field(max_length=40)]
    exported: IsoDateTime
    includes_private: bool
