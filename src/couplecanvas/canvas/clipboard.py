"""Copy and paste board items, also between boards: a JSON payload under our own MIME type."""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData

from couplecanvas.domain.board import Card, Connector, Stroke
from couplecanvas.domain.board_copy import fresh_copies, payload_of

MIME_TYPE = "application/x-couplecanvas-items+json"


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
    except (ValueError, KeyError, TypeError, RecursionError):  # deeply nested JSON on the clipboard too
        return [], [], []
