"""The handout's map draws the cycle's loop arrows as the canvas does: around the columns, never under a card, not
crossing each other, with their heads at the target's outline; and the handout still holds the cycle."""

from __future__ import annotations

import datetime as dt
import io
import math

from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from couplecanvas.domain.couple import PartnerRole
from couplecanvas.domain.geometry import segment_enters
from couplecanvas.domain.homework import HomeworkLibrary
from couplecanvas.domain.sample import build_sample
from couplecanvas.domain.session import Session
from couplecanvas.export import export_handout
from couplecanvas.export.board_map import BoardMap
from couplecanvas.export.fonts import BOLD, REGULAR, register_fonts
from couplecanvas.export.handout_data import BoardSnapshot


def _map(board) -> tuple[bytes, BoardMap, float]:
    """The sample's map alone on a page of its own size, 1 point a board unit."""
    register_fonts()
    flowable = BoardMap(BoardSnapshot.of(board), {}, font=REGULAR, bold_font=BOLD, max_height=10_000)
    width, height = flowable.wrap(flowable.bounds.w, 10_000)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), invariant=1)
    flowable.drawOn(canvas, 0, 0)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue(), flowable, height


def _loop_indexes(board, snapshot: BoardSnapshot) -> list[int]:
    """Positions in the snapshot's connectors of the two arrows from one partner's move to the other's trigger."""
    roles = {card.rect: (card.role, card.partner) for card in board.cards.values()}
    found = []
    for n, connector in enumerate(snapshot.connectors):
        (source_role, a), (target_role, b) = roles[connector.source], roles[connector.target]
        if source_role == "action" and target_role == "trigger" and a is not b:
            found.append(n)
    return found


def _crossing(one, two) -> bool:
    def side(p, q, r):
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return any(side(a, b, c) * side(a, b, d) <= 0 and side(c, d, a) * side(c, d, b) <= 0
               and max(a[0], b[0]) >= min(c[0], d[0]) and max(c[0], d[0]) >= min(a[0], b[0])
               and max(a[1], b[1]) >= min(c[1], d[1]) and max(c[1], d[1]) >= min(a[1], b[1])
               for a, b in zip(one, one[1:]) for c, d in zip(two, two[1:]))


def test_the_maps_arrows_go_around_the_cards_and_the_loop_does_not_cross():
    board = build_sample().board
    _pdf, flowable, _height = _map(board)
    snapshot = flowable.board
    for connector, course in zip(snapshot.connectors, flowable.courses):
        assert course is not None
        line = list(course.route) if course.route else [course.start, course.end]
        for card in snapshot.cards:
            if card.rect in (connector.source, connector.target):
                continue
            assert not any(segment_enters(*a, *b, card.rect) for a, b in zip(line, line[1:])), card.text
    first, second = _loop_indexes(board, snapshot)
    one, two = flowable.courses[first], flowable.courses[second]
    assert one.route and two.route
    assert not _crossing(one.route, two.route)
    # The map grows to hold the arrow that goes round the outside (above the partners' names).
    top = min(y for _x, y in two.route + one.route)
    assert flowable.bounds.y < top < min(card.rect.y for card in snapshot.cards)


def test_the_loop_arrows_and_their_heads_are_drawn_on_paper(render_page):
    board = build_sample().board
    pdf, flowable, height = _map(board)
    scale = 2.0
    image = render_page(pdf, 0, scale)

    def pixel(x: float, y: float):
        return image.getpixel((round(flowable._x(x) * scale), round((height - flowable._y(y)) * scale)))

    def dark_near(x: float, y: float, radius: float = 1.5) -> bool:
        return any(max(pixel(x + dx, y + dy)) < 160 for dx in (-radius, 0, radius) for dy in (-radius, 0, radius))

    for index in _loop_indexes(board, flowable.board):
        route = flowable.courses[index].route
        # Along every straight stretch (away from the rounded corners) the line is drawn ...
        for a, b in zip(route, route[1:]):
            length = math.dist(a, b)
            if length < 40:
                continue
            for t in (0.3, 0.5, 0.7):
                assert dark_near(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t), (a, b, t)
        # ... and the head is a filled triangle just inside the tip, on the target's outline.
        (tx, ty), (px, py) = route[-1], route[-2]
        ux, uy = (tx - px) / math.dist(route[-1], route[-2]), (ty - py) / math.dist(route[-1], route[-2])
        inside_head = (tx - ux * 5, ty - uy * 5)
        assert max(pixel(*inside_head)) < 160
        # Beside the head, off the line, the paper is bare: the head is a head, not a blot.
        assert min(pixel(inside_head[0] - uy * 12, inside_head[1] + ux * 12)) > 200


def test_the_sample_handout_still_holds_the_cycle():
    sample = build_sample(dt.date(2026, 3, 2))
    pdf = export_handout(sample.couple, Session(1, sample.session_date, id=1), sample.board, [], HomeworkLibrary(),
                         deterministic=True)
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    for words in ("The Chase", "ashamed, like a failure in your eyes", "I push harder and raise my voice",
                  "I go quiet and leave the room", "my chest goes tight", "Deep down I feel"):
        assert words in text, words
    assert "keep failing you" not in text
    deeper = sample.board.cards_with_role("deeper-emotion", PartnerRole.B)[0]
    assert deeper.text in text
