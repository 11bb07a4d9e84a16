"""The big board of benchmarks/canvas.py, the same every time (random.Random(7)), and the database that holds it.

    python benchmarks/_canvas_board.py DB_PATH    (prints one JSON line: the session id and the ids the steps need)

canvas.py builds the database in that separate process, so the generator's memory stays out of its own peak.

2,000 cards on a 50 x 40 grid with a little jitter and words in most of them; 2,000 connectors, nine in ten between
cards at most two grid steps apart, the rest across the board; 1,000 ink strokes of 200 points each, smooth random
walks with varying pressure (one in ten a highlighter). One card in the middle, the drag card, has exactly four
connectors: two to its neighbours and two to far corners of the board.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from couplecanvas.domain.board import (
    HIGHLIGHTER_COLOURS,
    INK_COLOURS,
    NEUTRAL_CARD_COLOUR,
    PARTNER_CARD_COLOURS,
    STICKY_NOTE_COLOUR,
    Board,
    Card,
    CardKind,
    Connector,
    Stroke,
    StrokeKind,
)
from couplecanvas.domain.couple import Couple, Partner, PartnerRole
from couplecanvas.domain.session import Session
from couplecanvas.storage.database import Database, open_database, sqlite_url
from couplecanvas.storage.repository import Repository

SEED = 7
CARDS = 2000
CONNECTORS = 2000
STROKES = 1000
POINTS_PER_STROKE = 200

COLUMNS, ROWS = 50, 40
PITCH_X, PITCH_Y = 300.0, 170.0
JITTER = 20.0
NEAR_SHARE = 0.9  # connectors between cards at most two grid steps apart; the rest cross the board
DRAG_CELL = (25, 20)  # column, row of the drag card
DRAG_FAR_CELLS = ((2, 2), (47, 37))  # the far ends of its two long connectors

WORDS = (
    "I feel alone when you work late and I pull away to protect myself from the hurt "
    "you seem far away so I push harder and then you go quiet we both end up scared "
    "underneath the anger is fear of not mattering I shut down because I cannot get it right "
    "when you criticise me I hear that I am failing you again and I want to be close but "
    "it comes out as blame the cycle is the enemy not each other we want to feel safe together"
).split()
ARROW_LABELS = ("leads to", "so", "then", "triggers", "which makes me", "and")
FIRST_NAMES = ("Maya", "Jordan")  # partner A, partner B
ALIASES = ("River", "Sky")
NAMED_EVERY = 10  # card n with words begins with a first name when n % NAMED_EVERY == NAMED_AT
NAMED_AT = 5  # ... which includes the drag card (column 25 of row 20: card 1025)


@dataclass
class BenchBoard:
    """The board, plus the ids the measurements need."""

    board: Board
    drag_card_id: str
    drag_connector_ids: list[str]
    long_connector_ids: list[str]


def _new_id(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def _card_text(rng: random.Random) -> str:
    if rng.random() < 0.05:
        return ""  # shown as the "Type here" placeholder
    start = rng.randrange(len(WORDS))
    count = rng.randint(2, 16)
    words = [WORDS[(start + i) % len(WORDS)] for i in range(count)]
    return " ".join(words).capitalize()


def _stroke_points(rng: random.Random, x0: float, y0: float, x1: float, y1: float, count: int):
    """A smooth random walk: the heading turns gently, the speed and the pressure drift."""
    x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
    heading = rng.uniform(0.0, 2 * math.pi)
    turn = 0.0
    step = rng.uniform(4.0, 8.0)
    pressure = rng.uniform(0.4, 0.9)
    points = []
    for _ in range(count):
        points.append((round(x, 2), round(y, 2), round(pressure, 3)))
        turn = 0.85 * turn + rng.gauss(0.0, 0.04)
        heading += turn
        step = min(10.0, max(3.0, step + rng.gauss(0.0, 0.3)))
        x += step * math.cos(heading)
        y += step * math.sin(heading)
        pressure = min(1.0, max(0.15, pressure + rng.gauss(0.0, 0.03)))
    return tuple(points)


def make_board(
    cards: int = CARDS, connectors: int = CONNECTORS, strokes: int = STROKES, points: int = POINTS_PER_STROKE,
    seed: int = SEED,
) -> BenchBoard:
    """Build the benchmark board; the same seed gives the same board, ids included."""
    rng = random.Random(seed)
    board = Board()
    grid: dict[tuple[int, int], str] = {}
    cells: list[tuple[int, int]] = []
    for n in range(cards):
        col, row = n % COLUMNS, n // COLUMNS
        partner = rng.choices((PartnerRole.A, PartnerRole.B, None), (35, 35, 30))[0]
        kind = rng.choices((CardKind.CARD, CardKind.NOTE, CardKind.LABEL), (80, 12, 8))[0]
        if partner is not None:
            colour = PARTNER_CARD_COLOURS[partner]
        elif kind is CardKind.NOTE:
            colour = STICKY_NOTE_COLOUR
        elif kind is CardKind.LABEL:
            colour = "#ffffff"
        else:
            colour = NEUTRAL_CARD_COLOUR
        text = _card_text(rng)
        if text and n % NAMED_EVERY == NAMED_AT:  # no draw from rng: every other card is as it was without names
            text = f"{FIRST_NAMES[1 if partner is PartnerRole.B else 0]}: {text}"
        card = Card(
            text=text,
            x=round(col * PITCH_X + rng.uniform(-JITTER, JITTER)),
            y=round(row * PITCH_Y + rng.uniform(-JITTER, JITTER)),
            colour=colour,
            partner=partner,
            z=float(n + 1),
            id=_new_id(rng),
            kind=kind,
        )
        board.add_card(card)
        grid[(col, row)] = card.id
        cells.append((col, row))

    drag_id = grid[DRAG_CELL]
    pairs: set[frozenset[str]] = set()

    def connect(source: str, target: str) -> str | None:
        key = frozenset((source, target))
        if source == target or key in pairs:
            return None
        pairs.add(key)
        connector = Connector(
            source, target,
            label=rng.choice(ARROW_LABELS) if rng.random() < 0.12 else "",
            id=_new_id(rng),
            curved=rng.random() < 0.15,
        )
        board.add_connector(connector)
        return connector.id

    # The drag card: two short connectors and two that span the board, one in and one out of each.
    col, row = DRAG_CELL
    near = [connect(drag_id, grid[(col + 1, row)]), connect(grid[(col, row + 1)], drag_id)]
    far = [connect(drag_id, grid[DRAG_FAR_CELLS[0]]), connect(grid[DRAG_FAR_CELLS[1]], drag_id)]
    drag_connectors = [c for c in (*near, *far) if c is not None]
    long_connectors = [c for c in far if c is not None]

    while len(board.connectors) < connectors:
        col, row = cells[rng.randrange(len(cells))]
        if rng.random() < NEAR_SHARE:
            dc, dr = rng.randint(-2, 2), rng.randint(-2, 2)
            other = grid.get((col + dc, row + dr))
        else:
            other = grid[cells[rng.randrange(len(cells))]]
        source = grid[(col, row)]
        if other is None or drag_id in (source, other):
            continue
        if rng.random() < 0.5:
            source, other = other, source
        connect(source, other)

    right = (COLUMNS - 1) * PITCH_X + 200.0
    bottom = (ROWS - 1) * PITCH_Y + 90.0
    for n in range(strokes):
        highlighter = rng.random() < 0.1
        stroke = Stroke(
            _stroke_points(rng, 0.0, 0.0, right, bottom, points),
            colour=rng.choice(HIGHLIGHTER_COLOURS if highlighter else INK_COLOURS),
            width=18.0 if highlighter else rng.choice((2.0, 3.0, 4.0)),
            kind=StrokeKind.HIGHLIGHTER if highlighter else StrokeKind.PEN,
            z=float(cards + n + 1),
            id=_new_id(rng),
        )
        board.add_stroke(stroke)
    return BenchBoard(board, drag_id, drag_connectors, long_connectors)


def bench_couple() -> Couple:
    """The couple the board belongs to: both partners have an alias."""
    return Couple(Partner(FIRST_NAMES[0], alias=ALIASES[0]), Partner(FIRST_NAMES[1], alias=ALIASES[1]))


def build_database(path: Path, bench: BenchBoard) -> tuple[Database, Repository, int]:
    """A real SQLite file written through the repository: one couple, one session, the board. Returns the session id."""
    database = open_database(sqlite_url(path), backup=False)
    repository = Repository(database)
    couple = repository.add_couple(bench_couple())
    assert couple.id is not None
    session = repository.add_session(Session(couple.id, dt.date.today()))
    assert session.id is not None
    bench.board.session_id = session.id
    repository.replace_board(session.id, bench.board)
    return database, repository, session.id


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: _canvas_board.py DB_PATH\n")
        return 2
    t0 = time.perf_counter()
    bench = make_board()
    t1 = time.perf_counter()
    database, repository, session_id = build_database(Path(argv[0]), bench)
    t2 = time.perf_counter()
    couple_id = repository.get_session(session_id).couple_id
    database.dispose()
    board = bench.board
    edit_card_id = next(c.id for c in board.cards.values() if c.text and c.id != bench.drag_card_id)
    print(json.dumps({
        "session_id": session_id,
        "couple_id": couple_id,
        "drag_card_id": bench.drag_card_id,
        "drag_connector_ids": bench.drag_connector_ids,
        "long_connector_ids": bench.long_connector_ids,
        "edit_card_id": edit_card_id,
        "named_cards": sum(1 for c in board.cards.values() if c.text.startswith(tuple(f"{n}:" for n in FIRST_NAMES))),
        "counts": [len(board.cards), len(board.connectors), len(board.strokes)],
        "points": sum(len(s.points) for s in board.strokes.values()),
        "made_s": t1 - t0,
        "written_s": t2 - t1,
    }), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
