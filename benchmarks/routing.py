"""Routing of arrows around cards (domain.geometry.arrow_course) on a big board: what it adds to opening a board and to
one step of a drag, against bare PySide6 floors. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/routing.py [--quick]

The board: 2,000 cards on a 50 x 40 grid with a little jitter, 2,000 arrows (nine in ten between cards at most two
grid steps apart, many of them running under a card between, so routed; the rest across the board), and the cycle
template in the middle of it. Figures:
1. open: a BoardScene built on the board (every arrow's course worked out), against a bare QGraphicsScene with one
   rect item a card and one line item an arrow.
2. drag step: the cycle's "So I..." card moved one step (its two routed loop arrows and its two column arrows worked
   out again, against the cards near them only), against a bare rect setPos with four setLine calls.
3. paper: every arrow's course for the PDF map (a RectIndex of the cards, then arrow_course each).
4. one route: route_around for the cycle's arrow round the outside, alone.
"""

from __future__ import annotations

import math
import os
import random
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtWidgets import QApplication, QGraphicsScene

from couplecanvas.canvas.scene import BoardScene
from couplecanvas.document import BoardDocument
from couplecanvas.domain.board import Board, Card, Connector
from couplecanvas.domain.couple import Couple, Partner, PartnerRole
from couplecanvas.domain.geometry import RectIndex, arrow_course, route_around
from couplecanvas.domain.templates import instantiate, load_builtin_templates

COLUMNS, ROWS = 50, 40
PITCH_X, PITCH_Y = 300.0, 170.0
CYCLE_ORIGIN = (COLUMNS * PITCH_X + 400, ROWS * PITCH_Y / 2)  # beside the grid, as a therapist would insert it


def build_board() -> tuple[Board, str]:
    """The big board and the id of the cycle's "So I..." card of the first partner."""
    rng = random.Random(7)
    board = Board()
    grid = []
    for row in range(ROWS):
        for column in range(COLUMNS):
            card = Card(f"card {row}.{column}", column * PITCH_X + rng.uniform(-20, 20),
                        row * PITCH_Y + rng.uniform(-20, 20), 200, 90)
            board.add_card(card)
            grid.append(card)
    while len(board.connectors) < 2000:
        a = rng.randrange(len(grid))
        if rng.random() < 0.9:
            row, column = divmod(a, COLUMNS)
            row = min(ROWS - 1, max(0, row + rng.randint(-2, 2)))
            column = min(COLUMNS - 1, max(0, column + rng.randint(-2, 2)))
            b = row * COLUMNS + column
        else:
            b = rng.randrange(len(grid))
        if a != b and not board.has_connector(grid[a].id, grid[b].id):
            board.add_connector(Connector(grid[a].id, grid[b].id))
    cards, connectors, strokes = instantiate(load_builtin_templates().templates["our-cycle"],
                                             Couple(Partner("A"), Partner("B")), CYCLE_ORIGIN)
    for card in cards:
        board.add_card(card)
    for stroke in strokes:
        board.add_stroke(stroke)
    for connector in connectors:
        board.add_connector(connector)
    (action,) = board.cards_with_role("action", PartnerRole.A)
    return board, action.id


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def main() -> int:
    quick = "--quick" in sys.argv
    steps = 60 if quick else 200
    app = QApplication.instance() or QApplication([])
    board, action_id = build_board()

    # 1. open
    start = time.perf_counter()
    scene = BoardScene(BoardDocument(board))
    app_open = time.perf_counter() - start
    routed = sum(1 for c in board.connectors if len(scene.connector_items[c].path().toSubpathPolygons()[0]) > 2)
    start = time.perf_counter()
    floor_scene = QGraphicsScene()
    rects = {c.id: floor_scene.addRect(QRectF(0, 0, c.width, c.height)) for c in board.cards.values()}
    for card in board.cards.values():
        rects[card.id].setPos(card.x, card.y)
    for connector in board.connectors.values():
        a, b = board.cards[connector.source_id].rect.center, board.cards[connector.target_id].rect.center
        floor_scene.addLine(QLineF(*a, *b))
    floor_open = time.perf_counter() - start
    print(f"board: {len(board.cards)} cards, {len(board.connectors)} arrows, {routed} of them routed around cards")
    print(f"1. open        app {ms(app_open)}   floor {ms(floor_open)}   ratio {app_open / floor_open:6.1f}")

    # 2. drag step of the cycle's "So I..." card: its loop arrows are routed, every step
    item = scene.card_items[action_id]
    origin = item.pos()
    app_steps = []
    for n in range(steps):
        angle = 2 * math.pi * n / steps
        start = time.perf_counter()
        item.setPos(origin + QPointF(12 * math.cos(angle), 12 * math.sin(angle)))
        app_steps.append(time.perf_counter() - start)
    item.setPos(origin)
    rect = floor_scene.addRect(QRectF(0, 0, 240, 76))
    lines = [floor_scene.addLine(QLineF(0, 0, 100, 100)) for _ in range(4)]
    floor_steps = []
    for n in range(steps):
        angle = 2 * math.pi * n / steps
        start = time.perf_counter()
        rect.setPos(origin + QPointF(12 * math.cos(angle), 12 * math.sin(angle)))
        for line in lines:
            line.setLine(QLineF(rect.pos(), QPointF(500, 500)))
        floor_steps.append(time.perf_counter() - start)
    app_mean, floor_mean = statistics.mean(app_steps), statistics.mean(floor_steps)
    app_p95 = sorted(app_steps)[int(0.95 * len(app_steps))]
    print(f"2. drag step   app {ms(app_mean)}   floor {ms(floor_mean)}   ratio {app_mean / floor_mean:6.1f}"
          f"   (app p95 {ms(app_p95).strip()}, {steps} steps; without repaint)")

    # 3. paper: every arrow's course, as the PDF map works them out
    start = time.perf_counter()
    index = RectIndex()
    for card in board.cards.values():
        index.put(card.id, card.rect)
    for connector in board.connectors.values():
        source, target = board.cards[connector.source_id], board.cards[connector.target_id]
        arrow_course(source.rect, target.rect, connector.curved, index, (source.id, target.id))
    print(f"3. paper       all {len(board.connectors)} courses {ms(time.perf_counter() - start)}")

    # 4. one route alone
    (b_action,) = board.cards_with_role("action", PartnerRole.B)
    (a_trigger,) = board.cards_with_role("trigger", PartnerRole.A)
    near = [
        c.rect
        for c in board.cards.values()
        if c.id not in (b_action.id, a_trigger.id) and abs(c.x - a_trigger.x) < 1400 and abs(c.y - a_trigger.y) < 900
    ]
    runs = 20 if quick else 100
    start = time.perf_counter()
    for _ in range(runs):
        route_around(b_action.rect, a_trigger.rect, near)
    print(f"4. one route   the cycle's arrow round the outside, {len(near)} cards near: "
          f"{ms((time.perf_counter() - start) / runs)}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
