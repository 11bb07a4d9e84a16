"""The benchmark's handout: a 300-card board (14 filled cycle templates and a chain of extra cards with labelled
arrows), five assigned exercises, a practice with a logo and a next appointment."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from couplecanvas.domain import Assignment, Board, Card, Connector, Couple, HomeworkLibrary, Partner, Session, Who
from couplecanvas.domain.couple import Position
from couplecanvas.domain.homework import load_builtin_library
from couplecanvas.domain.practice import Practice
from couplecanvas.domain.templates import CYCLE_NAME, CYCLE_STEPS, SPOT_IT, instantiate, load_builtin_templates

CARDS = 300
CYCLES = 14
EXERCISES = ("catch-our-cycle", "daily-check-in", "i-feel-statements", "breathing-together", "bid-spotting")
NOTES = (
    "When you notice it, say its name out loud: the Chase is here.",
    "",
    "Try it once this week when things are calm, not in the middle of a hard moment.",
    "",
    "Keep the list on the fridge where you both can see it.",
)


@dataclass
class BenchHandout:
    """Everything export_handout takes."""

    couple: Couple
    session: Session
    board: Board
    assignments: list[Assignment]
    library: HomeworkLibrary
    practice: Practice


def logo_png() -> bytes:
    """A small two-circle logo, 360 x 144 pixels, made with Pillow."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (360, 144), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 136, 136), fill=(59, 110, 143, 255))
    draw.ellipse((88, 8, 216, 136), fill=(216, 185, 138, 210))
    draw.rectangle((236, 60, 352, 84), fill=(95, 107, 118, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def build() -> BenchHandout:
    """The benchmark's couple, session, 300-card board, five assignments, library and practice."""
    couple = Couple(
        Partner("Maya", alias="Partner 1", position=Position.PURSUER),
        Partner("Jordan", alias="Partner 2", position=Position.WITHDRAWER),
        id=1,
    )
    board = Board(session_id=1)
    template = load_builtin_templates().templates["our-cycle"]
    for n in range(CYCLES):
        cards, connectors, strokes = instantiate(template, couple, ((n % 4) * 1100.0, (n // 4) * 950.0))
        for card in cards:
            if card.partner is not None and card.role in CYCLE_STEPS:
                who = "Maya" if card.partner.value == "a" else "Jordan"
                card.text = f"Cycle {n + 1}: what {who} meets at {card.role}"
            elif card.role == CYCLE_NAME:
                card.text = f"The Chase, take {n + 1}"
            elif card.role == SPOT_IT:
                card.text = "“The Chase is here. Let's slow down and try again.”"
            board.add_card(card)
        for connector in connectors:
            board.add_connector(connector)
        for stroke in strokes:
            board.add_stroke(stroke)
    previous = None
    index = 0
    while len(board.cards) < CARDS:
        card = Card(f"One more thing we noticed, number {index + 1}", x=-420.0, y=index * 150.0, z=1000 + index)
        board.add_card(card)
        if previous is not None:
            board.add_connector(Connector(previous, card.id, label="and then"))
        previous = card.id
        index += 1
    assignments = [
        Assignment(1, key, Who.BOTH if i % 3 else Who.A, note=NOTES[i], position=i,
                   frequency="Every evening after dinner" if i == 1 else "")
        for i, key in enumerate(EXERCISES)
    ]
    practice = Practice(
        "Harbour Couples Therapy", "12 Quay Street, Bristol BS1 4DJ\n0117 496 0123 · hello@harbourcouples.example",
        logo_png(),
    )
    session = Session(1, dt.date(2026, 11, 25), "Mapping the cycle", id=1,
                      next_appointment=dt.datetime(2026, 12, 3, 17, 30))
    return BenchHandout(couple, session, board, assignments, load_builtin_library(), practice)


SIX_TEMPLATES = ("our-cycle", "iceberg", "name-it-reauthor-it", "bids-and-horsemen", "talk-and-listen",
                 "our-week-together")
"""The six templates a therapist expects first (CLINICAL.md), placed on one board."""
SIX_GAP = 120.0


def filled_words(role: str, partner: str) -> str:
    """Words for a slot, as a couple might say them: the slot's role and whose it is, in a short sentence."""
    who = {"a": "Maya", "b": "Jordan"}.get(partner, "we")
    return f"{who}: what we said about {role.replace('-', ' ')}"


def build_six_templates() -> BenchHandout:
    """The benchmark's couple and homework with a board that holds the six templates side by side, in rows of three,
    every slot filled."""
    h = build()
    board = Board(session_id=1)
    templates = load_builtin_templates().templates
    x = y = row_height = 0.0
    for n, key in enumerate(SIX_TEMPLATES):
        template = templates[key]
        cards, connectors, strokes = instantiate(template, h.couple, (x, y))
        for card in cards:
            if card.role and not card.text.strip():
                card.text = filled_words(card.role, card.partner.value if card.partner else "")
            board.add_card(card)
        for connector in connectors:
            board.add_connector(connector)
        for stroke in strokes:
            board.add_stroke(stroke)
        right = max(c.x + c.width for c in cards)
        bottom = max(c.y + c.height for c in cards)
        row_height = max(row_height, bottom - y)
        x = right + SIX_GAP
        if n % 3 == 2:
            x, y, row_height = 0.0, y + row_height + SIX_GAP, 0.0
    h.board = board
    return h
