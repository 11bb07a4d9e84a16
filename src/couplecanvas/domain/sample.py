"""The sample couple offered on first launch: a filled cycle board that shows what the app is for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from couplecanvas.domain.board import CARD_HEIGHT, NEUTRAL_CARD_COLOUR, Board, Card, Connector, ConnectorKind
from couplecanvas.domain.couple import Couple, Partner, PartnerRole, Position
from couplecanvas.domain.homework import Who
from couplecanvas.domain.templates import instantiate, load_builtin_templates

SAMPLE_NOTE = "Sample couple: invented for practice. Private notes like this one never reach a handout."


@dataclass
class SampleCouple:
    """Everything needed to store the sample: the couple, one session date, its board and homework keys."""

    couple: Couple
    session_date: dt.date
    session_title: str
    board: Board
    homework: list[tuple[str, Who, str]]
    private_note: str


_WORDS = {
    PartnerRole.A: {
        "trigger": "You look at your phone while I'm talking",
        "meaning": "I'm not important to you any more",
        "body": "my chest goes tight",
        "surface-emotion": "frustrated, irritated",
        "deeper-emotion": "afraid I don't matter to you",
        "longing": "to know I still come first for you",
        "action": "I push harder and raise my voice",
    },
    PartnerRole.B: {
        "trigger": "Your voice gets sharp",
        "meaning": "Whatever I do, it's wrong",
        "body": "my stomach drops and I freeze",
        "surface-emotion": "numb, defensive",
        "deeper-emotion": "ashamed, like a failure in your eyes",
        "longing": "to feel good enough for you",
        "action": "I go quiet and leave the room",
    },
}
_SHARED = {
    "cycle-name": "The Chase",
    "spot-it": "“The Chase is here. Let's slow down and try again.”",
}
OLD_STORY = "We just can't talk to each other."
NEW_STORY = "When the Chase shows up, we can pause and reach for each other."


def build_sample(today: dt.date | None = None) -> SampleCouple:
    """A new, unsaved sample couple: the cycle template filled with a pursue-withdraw cycle, and one reframe.

    The board is the template as laid out (what shows above the waterline, what hides below, the loop arrows drawn
    around the columns), with the old and new story side by side under it."""
    couple = Couple(
        Partner("Maya", alias="Partner 1", position=Position.PURSUER),
        Partner("Jordan", alias="Partner 2", position=Position.WITHDRAWER),
        is_sample=True,
    )
    board = Board()
    cards, connectors, strokes = instantiate(load_builtin_templates().templates["our-cycle"], couple, (60.0, 40.0))
    for card in cards:
        words = _WORDS[card.partner] if card.partner else _SHARED
        card.text = words.get(card.role, card.text)
        board.add_card(card)
    for stroke in strokes:
        board.add_stroke(stroke)
    for connector in connectors:
        board.add_connector(connector)
    bottom = max(c.y + c.height for c in cards) + 60.0
    z = board.next_z()
    old = Card(OLD_STORY, 60.0, bottom, 300.0, CARD_HEIGHT, NEUTRAL_CARD_COLOUR, z=z, role="problem-story")
    new = Card(NEW_STORY, 600.0, bottom, 300.0, CARD_HEIGHT, NEUTRAL_CARD_COLOUR, z=z + 1, role="preferred-story")
    board.add_card(old)
    board.add_card(new)
    board.add_connector(Connector(old.id, new.id, kind=ConnectorKind.REFRAME))
    return SampleCouple(
        couple=couple,
        session_date=today or dt.date.today(),
        session_title="Mapping the cycle",
        board=board,
        homework=[
            ("catch-our-cycle", Who.BOTH, "When you notice it, say its name out loud: the Chase is here."),
            ("daily-check-in", Who.BOTH, ""),
        ],
        private_note=SAMPLE_NOTE,
    )
