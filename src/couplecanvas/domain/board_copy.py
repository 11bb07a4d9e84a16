"""Items of a board as plain data, and fresh copies of them (new ids): for the clipboard, duplicates, new sessions."""

from __future__ import annotations

import dataclasses
import math

from couplecanvas.domain.board import Board, Card, CardKind, Connector, ConnectorKind, Stroke, StrokeKind
from couplecanvas.domain.couple import PartnerRole
from couplecanvas.domain.ids import new_id

# What a pasted payload may hold. The clipboard can carry anything another program put there under our MIME type
# (JSON even spells NaN and Infinity): a NaN place would reach the board and make every later autosave fail.
MAX_PLACE = 1_000_000.0  # board units from the origin, either way (offsets of repeated pastes included)
MAX_SIDE = 100_000.0  # a card's width or height, a line's width
MAX_ITEMS = 20_000  # of each kind
MAX_POINTS = 1_000_000  # of all the lines together


def _number(value: object, limit: float, what: str, positive: bool = False) -> float:
    """A finite number within `limit` (above 0 when `positive`), else ValueError naming `what`."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{what} is not a number")
    if isinstance(value, int) and abs(value) > limit:
        raise ValueError(f"{what} is out of range")
    number = float(value)
    if not math.isfinite(number) or abs(number) > limit or (positive and number <= 0):
        raise ValueError(f"{what} is out of range ({value})")
    return number


def payload_of(cards: list[Card], connectors: list[Connector], strokes: list[Stroke]) -> dict:
    """Items as plain data (what the clipboard carries and duplicating copies)."""
    return {
        "cards": [dataclasses.asdict(c) for c in cards],
        "connectors": [dataclasses.asdict(c) for c in connectors],
        "strokes": [dataclasses.asdict(s) for s in strokes],
    }


def fresh_copies(payload: dict, offset: tuple[float, float]) -> tuple[list[Card], list[Connector], list[Stroke]]:
    """New items with new ids (groups too), shifted by `offset`; arrows whose ends are not both copied are dropped.

    A payload that is not ours as we write it (a number that is not finite or out of range, too many items) raises
    ValueError, KeyError or TypeError, so nothing of it is pasted."""
    dx, dy = offset
    if not isinstance(payload, dict):
        raise TypeError("not a payload of board items")
    for kind in ("cards", "connectors", "strokes"):
        if len(payload.get(kind, [])) > MAX_ITEMS:
            raise ValueError(f"more than {MAX_ITEMS} {kind}")
    if sum(len(d["points"]) for d in payload.get("strokes", [])) > MAX_POINTS:
        raise ValueError(f"more than {MAX_POINTS} points")

    def place(value, shift: float = 0.0) -> float:
        return _number(_number(value, MAX_PLACE, "a place") + shift, MAX_PLACE, "a place")
    ids: dict[str, str] = {}
    groups: dict[str, str] = {}

    def group(value):
        if value is None:
            return None
        return groups.setdefault(value, new_id())

    cards = []
    for data in payload.get("cards", []):
        ids[data["id"]] = new_id()
        cards.append(
            Card(
                text=str(data["text"]), x=place(data["x"], dx), y=place(data["y"], dy),
                width=_number(data["width"], MAX_SIDE, "a width", positive=True),
                height=_number(data["height"], MAX_SIDE, "a height", positive=True), colour=str(data["colour"]),
                partner=PartnerRole(data["partner"]) if data.get("partner") else None, z=place(data.get("z", 0.0)),
                id=ids[data["id"]], kind=CardKind(data.get("kind", "card")), group_id=group(data.get("group_id")),
                role=str(data.get("role", "")), hint=str(data.get("hint", "")),
            )
        )
    connectors = [
        Connector(
            ids[d["source_id"]], ids[d["target_id"]], str(d.get("label", "")), curved=bool(d.get("curved")),
            kind=ConnectorKind(d.get("kind", "arrow")),
        )
        for d in payload.get("connectors", [])
        if d["source_id"] in ids and d["target_id"] in ids
    ]
    strokes = [
        Stroke(
            tuple((place(x, dx), place(y, dy), _number(p, 1.0, "a pressure")) for x, y, p in d["points"]),
            str(d["colour"]), _number(d["width"], MAX_SIDE, "a width", positive=True), StrokeKind(d.get("kind", "pen")),
            place(d.get("z", 0.0)), group(d.get("group_id")),
        )
        for d in payload.get("strokes", [])
    ]
    return cards, connectors, strokes


def copy_board(board: Board, session_id: int | None = None) -> Board:
    """The whole board with new ids, same places and stacking: the start of a new session from an earlier one."""
    cards, connectors, strokes = fresh_copies(
        payload_of(list(board.cards.values()), list(board.connectors.values()), list(board.strokes.values())), (0, 0)
    )
    copy = Board(session_id=session_id)
    for card in cards:
        copy.add_card(card)
    for stroke in strokes:
        copy.add_stroke(stroke)
    for connector in connectors:
        copy.add_connector(connector)
    return copy
