"""What lands on the clipboard from elsewhere: a payload of ours that is not a board, or JSON nested thousands deep,
pastes nothing and raises nothing."""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData

from couplecanvas.canvas.clipboard import MIME_TYPE, from_mime, to_mime
from couplecanvas.domain.board import Card


def _mime(payload: bytes) -> QMimeData:
    mime = QMimeData()
    mime.setData(MIME_TYPE, payload)
    return mime


def test_cards_copied_come_back_as_fresh_copies(qapp):
    card = Card("lonely when the phone comes out at dinner", x=10, y=20)
    cards, connectors, strokes = from_mime(to_mime([card], [], []), (30.0, 40.0))
    assert [c.text for c in cards] == [card.text] and cards[0].id != card.id
    assert (cards[0].x, cards[0].y) == (40.0, 60.0)


def test_deeply_nested_or_foreign_payloads_paste_nothing(qapp):
    deep = b"[" * 200_000 + b"]" * 200_000
    for payload in (deep, b'{"cards": [[[[', json.dumps({"cards": "not a list"}).encode(), b"\xff\xfe not utf-8",
                    json.dumps({"cards": [{"text": "x", "x": float("nan")}]}).encode()):
        assert from_mime(_mime(payload), (0.0, 0.0)) == ([], [], [])
