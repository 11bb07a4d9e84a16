"""The sample couple offered on first launch: a filled cycle board that shows what the app is for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from couplecanvas.domain.board import CARD_HEIGHT, NEUTRAL_CARD_COLOUR, PARTNER_CARD_COLOURS, Board, Card, Connector
from couplecanvas.domain.couple import Couple, Partner, PartnerRole
from couplecanvas.domain.homework import Who

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


_STEPS = {
    PartnerRole.A: [
        "When you look at your phone while I talk",
        "On the surface I feel: frustrated",
        "Deep down I feel: afraid I don't matter to you",
        "What I long for: to know I still come first",
        "So I: push harder, raise my voice",
    ],
    PartnerRole.B: [
        "When your voice gets sharp",
        "On the surface I feel: numb, defensive",
        "Deep down I feel: like I keep failing you",
        "What I long for: to feel good enough",
        "So I: go quiet and leave the room",
    ],
}


def build_sample(today: dt.date | None = None) -> SampleCouple:
    """A new, unsaved sample couple with a pursue-withdraw cycle on its board."""
    couple = Couple(Partner("Maya", alias="Partner 1"), Partner("Jordan", alias="Partner 2"), is_sample=True)
    board = Board()
    columns = {PartnerRole.A: 60.0, PartnerRole.B: 640.0}
    ids: dict[PartnerRole, list[str]] = {}
    z = 1.0
    for role, texts in _STEPS.items():
        ids[role] = []
        for row, text in enumerate(texts):
            card = Card(
                text=text,
                x=columns[role],
                y=40.0 + row * 130.0,
                width=240.0,
                height=CARD_HEIGHT,
                colour=PARTNER_CARD_COLOURS[role],
                partner=role,
                z=z,
            )
            z += 1
            board.add_card(card)
            ids[role].append(card.id)
        for upper, lower in zip(ids[role], ids[role][1:]):
            board.add_connector(Connector(upper, lower))
    centre = Card(
        text="Our cycle: “The Chase”\nThe cycle is the enemy, not either of us.",
        x=330.0,
        y=-120.0,
        width=250.0,
        height=110.0,
        colour=NEUTRAL_CARD_COLOUR,
        z=z,
    )
    board.add_card(centre)
    board.add_connector(Connector(ids[PartnerRole.A][-1], ids[PartnerRole.B][0], label="triggers"))
    board.add_connector(Connector(ids[PartnerRole.B][-1], ids[PartnerRole.A][0], label="triggers"))
    return SampleCouple(
        couple=couple,
        session_date=today or dt.date.today(),
        session_title="Mapping the cycle",
        board=board,
        homework=[
            ("catch-our-cycle", Who.BOTH, "Use your name for it: “The Chase is here.”"),
            ("daily-check-in", Who.BOTH, ""),
        ],
        private_note=SAMPLE_NOTE,
    )
