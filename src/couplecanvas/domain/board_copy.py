"""Items of a board as plain data, and fresh copies of them (new ids): for the clipboard, duplicates and new sessions."""

from __future__ import annotations

import dataclasses

from couplecanvas.domain.board import Board, Card, CardKind, Connector, ConnectorKind, Stroke, StrokeKind
from couplecanvas.domain.couple import PartnerRole
from couplecanvas.domain.ids import new_id


def payload_of(cards: list[Card], connectors: list[Connector], strokes: list[Stroke]) -> dict:
    """Items as plain data (what the clipboard carries and duplicating copies)."""
    return {
        "cards": [dataclasses.asdict(c) for c in cards],
        "connectors": [dataclasses.asdict(c) for c in connectors],
        "strokes": [dataclasses.asdict(s) for s in strokes],
    }


def fresh_copies(payload: dict, offset: tuple[float, float]) -> tuple[list[Card], list[Connector], list[Stroke]]:
    """New items with new ids (groups too), shifted by `offset`; arrows whose ends are not both copied are dropped."""
    dx, dy = offset
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
                text=str(data["text"]), x=float(data["x"]) + dx, y=float(data["y"]) + dy,
                width=float(data["width"]), height=float(data["height"]), colour=str(data["colour"]),
                partner=PartnerRole(data["partner"]) if data.get("partner") else None, z=float(data.get("z", 0.0)),
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
            tuple((float(x) + dx, float(y) + dy, float(p)) for x, y, p in d["points"]), str(d["colour"]),
            float(d["width"]), StrokeKind(d.get("kind", "pen")), float(d.get("z", 0.0)), group(d.get("group_id")),
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
