"""Copy and paste board items, also between boards: a JSON payload under our own MIME type."""

from __future__ import annotations

import dataclasses
import json

from PySide6.QtCore import QMimeData

from couplecanvas.domain.board import Card, CardKind, Connector, Stroke, StrokeKind
from couplecanvas.domain.couple import PartnerRole
from couplecanvas.domain.ids import new_id

MIME_TYPE = "application/x-couplecanvas-items+json"


def payload_of(cards: list[Card], connectors: list[Connector], strokes: list[Stroke]) -> dict:
    """Items as plain data (what the clipboard carries and duplicating copies)."""
    return {
        "cards": [dataclasses.asdict(c) for c in cards],
        "connectors": [dataclasses.asdict(c) for c in connectors],
        "strokes": [dataclasses.asdict(s) for s in strokes],
    }


def to_mime(cards: list[Card], connectors: list[Connector], strokes: list[Stroke]) -> QMimeData:
    """Items as clipboard data; plain text carries the cards' words for other programs."""
    payload = payload_of(cards, connectors, strokes)
    mime = QMimeData()
    mime.setData(MIME_TYPE, json.dumps(payload, default=str).encode("utf-8"))
    mime.setText("\n".join(c.text for c in cards if c.text))
    return mime


def from_mime(mime: QMimeData | None, offset: tuple[float, float]) -> tuple[list[Card], list[Connector], list[Stroke]]:
    """New items (fresh ids, shifted by `offset`) from clipboard data; empty lists when it holds none of ours."""
    if mime is None or not mime.hasFormat(MIME_TYPE):  # an empty clipboard has no data at all
        return [], [], []
    try:
        payload = json.loads(bytes(mime.data(MIME_TYPE)).decode("utf-8"))
        return fresh_copies(payload, offset)
    except (ValueError, KeyError, TypeError):
        return [], [], []


def fresh_copies(payload: dict, offset: tuple[float, float]) -> tuple[list[Card], list[Connector], list[Stroke]]:
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
                partner=PartnerRole(data["partner"]) if data.get("partner") else None, z=0.0, id=ids[data["id"]],
                kind=CardKind(data.get("kind", "card")), group_id=group(data.get("group_id")),
            )
        )
    connectors = [
        Connector(ids[d["source_id"]], ids[d["target_id"]], str(d.get("label", "")), curved=bool(d.get("curved")))
        for d in payload.get("connectors", [])
        if d["source_id"] in ids and d["target_id"] in ids
    ]
    strokes = [
        Stroke(
            tuple((float(x) + dx, float(y) + dy, float(p)) for x, y, p in d["points"]), str(d["colour"]),
            float(d["width"]), StrokeKind(d.get("kind", "pen")), 0.0, group(d.get("group_id")),
        )
        for d in payload.get("strokes", [])
    ]
    return cards, connectors, strokes
