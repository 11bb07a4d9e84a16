"""The EFT cycle as clinicians draw it: what shows above the waterline, what hides below, mirrored for both partners,
and the loop arrows routed around the cards (domain.geometry.arrow_course), never under one and never crossing."""

from __future__ import annotations

import math

import pytest

from couplecanvas.domain.board import Board, Card, Connector
from couplecanvas.domain.couple import Couple, Partner, PartnerRole, Position
from couplecanvas.domain.emotions import load_builtin_emotions
from couplecanvas.domain.geometry import (
    ArrowCourse,
    Rect,
    RectIndex,
    arrow_course,
    route_around,
    segment_enters,
)
from couplecanvas.domain.sample import build_sample
from couplecanvas.domain.templates import CYCLE_NAME, CYCLE_STEPS, instantiate, load_builtin_templates

ABOVE = ("trigger", "surface-emotion", "action")
BELOW = ("meaning", "body", "deeper-emotion", "longing")
POSITIVE_ABOVE = ("reach-cue", "respond", "reach")
POSITIVE_BELOW = ("underneath", "need", "calm-body", "safer")


def _couple() -> Couple:
    return Couple(Partner("Maya", position=Position.PURSUER), Partner("Jordan", position=Position.WITHDRAWER))


def _board(key: str, origin: tuple[float, float] = (100.0, 50.0)) -> Board:
    cards, connectors, strokes = instantiate(load_builtin_templates().templates[key], _couple(), origin)
    board = Board()
    for card in cards:
        board.add_card(card)
    for stroke in strokes:
        board.add_stroke(stroke)
    for connector in connectors:
        board.add_connector(connector)
    return board


def _waterline(board: Board) -> float:
    """The y of the waterline: the template's two blue lines lie on it."""
    ys = {p[1] for stroke in board.strokes.values() for p in stroke.points}
    assert len(ys) == 1, ys
    return ys.pop()


def courses(board: Board) -> dict[str, ArrowCourse]:
    """Every arrow's course, as the canvas and the PDF draw it."""
    cards = RectIndex()
    for card in board.cards.values():
        cards.put(card.id, card.rect)
    out = {}
    for connector in board.connectors.values():
        source, target = board.cards[connector.source_id], board.cards[connector.target_id]
        out[connector.id] = arrow_course(source.rect, target.rect, connector.curved, cards, (source.id, target.id))
    return out


def loops(board: Board, to_role: str = "trigger") -> list[Connector]:
    """The arrows from one partner's column to the other's."""
    return [
        c for c in board.connectors.values()
        if board.cards[c.target_id].role == to_role and board.cards[c.source_id].partner is not None
        and board.cards[c.source_id].partner is not board.cards[c.target_id].partner
    ]


def cards_entered(board: Board, connector: Connector, course: ArrowCourse) -> list[str]:
    """The cards other than the arrow's two ends whose inside its drawn line passes through."""
    line = course.polyline()
    hit = []
    for card in board.cards.values():
        if card.id in (connector.source_id, connector.target_id):
            continue
        inside = card.rect.adjusted(-0.5)
        if any(segment_enters(*a, *b, inside) for a, b in zip(line, line[1:])):
            hit.append(card.text or card.hint or card.role)
    return hit


def crossings(first: list, second: list) -> list[tuple]:
    """Points where two lines through points cross or touch."""
    found = []
    for a, b in zip(first, first[1:]):
        for c, d in zip(second, second[1:]):
            point = _meet(a, b, c, d)
            if point is not None:
                found.append(point)
    return found


def _meet(a, b, c, d):
    (x1, y1), (x2, y2), (x3, y3), (x4, y4) = a, b, c, d
    den = (x1 - x2) * (y3 - y4) - (y1 - y2) * (x3 - x4)
    if abs(den) < 1e-12:
        # Parallel: they meet only if they lie on one line and overlap.
        cross = (x3 - x1) * (y2 - y1) - (y3 - y1) * (x2 - x1)
        if abs(cross) > 1e-9:
            return None
        along = [((p[0] - x1) * (x2 - x1) + (p[1] - y1) * (y2 - y1)) for p in (c, d)]
        full = (x2 - x1) ** 2 + (y2 - y1) ** 2
        return (x3, y3) if max(along) >= 0 and min(along) <= full else None
    t = ((x1 - x3) * (y3 - y4) - (y1 - y3) * (x3 - x4)) / den
    u = -((x1 - x2) * (y1 - y3) - (y1 - y2) * (x1 - x3)) / den
    if 0 <= t <= 1 and 0 <= u <= 1:
        return (x1 + t * (x2 - x1), y1 + t * (y2 - y1))
    return None


def on_border(point: tuple[float, float], rect: Rect) -> bool:
    x, y = point
    near_x = rect.x - 1e-6 <= x <= rect.right + 1e-6
    near_y = rect.y - 1e-6 <= y <= rect.bottom + 1e-6
    return near_x and near_y and min(abs(x - rect.x), abs(x - rect.right), abs(y - rect.y), abs(y - rect.bottom)) < 1e-6


def check_drawing(board: Board, loop_target_role: str) -> None:
    """No arrow under a card; the two loop arrows go around the cards without crossing; every arrow ends on its
    target's outline, its last piece pointing into the card."""
    drawn = courses(board)
    for connector in board.connectors.values():
        course = drawn[connector.id]
        assert cards_entered(board, connector, course) == [], (board.cards[connector.source_id].role, course.points)
        target = board.cards[connector.target_id].rect
        assert on_border(course.end, target)
        assert on_border(course.start, board.cards[connector.source_id].rect)
        # The head points into the target: its last piece comes from outside the card.
        tx, ty = course.head_from
        assert not (target.x < tx < target.right and target.y < ty < target.bottom)
        assert math.dist(course.head_from, course.end) >= 12.0  # room for the whole head on the last piece
    first, second = loops(board, loop_target_role)
    one, two = drawn[first.id], drawn[second.id]
    assert one.routed and two.routed
    assert crossings(one.polyline(), two.polyline()) == []
    (centre,) = [c for c in board.cards.values() if c.kind.value == "note" and c.y < _waterline(board) + 60
                 and c.partner is None]
    for course in (one, two):  # no X behind the name in the middle: neither loop arrow runs under or over it
        pieces = zip(course.points, course.points[1:])
        assert not any(segment_enters(*a, *b, centre.rect.adjusted(4)) for a, b in pieces)


def test_what_shows_sits_above_the_waterline_and_what_hides_below():
    board = _board("our-cycle")
    waterline = _waterline(board)
    for partner in PartnerRole:
        for role in ABOVE:
            (card,) = board.cards_with_role(role, partner)
            assert card.rect.bottom < waterline, (role, partner)
        for role in BELOW:
            (card,) = board.cards_with_role(role, partner)
            assert card.rect.y > waterline, (role, partner)
    # Each column reads top to bottom in the order a therapist points at it.
    for partner in PartnerRole:
        ys = [board.cards_with_role(role, partner)[0].y for role in (*ABOVE, *BELOW)]
        assert ys == sorted(ys)
    assert set(ABOVE) | set(BELOW) == set(CYCLE_STEPS)  # the handout's table still finds every step


def test_both_partners_get_the_same_column_mirrored():
    template = load_builtin_templates().templates["our-cycle"]
    board = _board("our-cycle", (0.0, 0.0))
    for role in CYCLE_STEPS:
        (a,) = board.cards_with_role(role, PartnerRole.A)
        (b,) = board.cards_with_role(role, PartnerRole.B)
        assert (a.y, a.width, a.height, a.hint) == (b.y, b.width, b.height, b.hint)
        assert a.x + a.width / 2 == pytest.approx(2 * template.mirror_x - (b.x + b.width / 2))
    (name,) = board.cards_with_role(CYCLE_NAME)
    assert name.x + name.width / 2 == pytest.approx(template.mirror_x)  # the cycle's name in the middle
    column_a = board.cards_with_role("trigger", PartnerRole.A)[0]
    column_b = board.cards_with_role("trigger", PartnerRole.B)[0]
    assert column_a.rect.right < name.x and name.rect.right < column_b.x


def test_the_cycle_loop_goes_around_the_columns_and_never_under_a_card():
    board = _board("our-cycle")
    first, second = loops(board)
    assert {board.cards[c.source_id].role for c in (first, second)} == {"action"}
    check_drawing(board, "trigger")


def test_the_sample_couple_is_the_corrected_cycle():
    board = build_sample().board
    waterline = _waterline(board)
    for partner in PartnerRole:
        assert board.cards_with_role("action", partner)[0].rect.bottom < waterline
        assert board.cards_with_role("meaning", partner)[0].rect.y > waterline
    check_drawing(board, "trigger")


def test_the_samples_feeling_slots_hold_feelings():
    """The words in the sample's surface and deep-down slots start with a feeling the picker offers there."""
    words = load_builtin_emotions()
    board = build_sample().board
    deeper = board.cards_with_role("deeper-emotion", PartnerRole.B)[0].text
    assert "failing you" not in deeper and deeper.startswith("ashamed")
    for role in ("surface-emotion", "deeper-emotion"):
        level = words.level_for_role(role)
        offered = {w.casefold() for w in level.words}
        for card in board.cards_with_role(role):
            first = card.text.split(",")[0].strip().casefold()
            assert any(first == w or first.startswith(w + " ") for w in offered), (role, card.text)


def test_reach_and_respond_is_drawn_the_same_way_and_stays_out_of_the_cycle_table():
    template = load_builtin_templates().templates["reach-and-respond"]
    assert template.approach == "Emotionally Focused Therapy" and template.summary
    board = _board("reach-and-respond")
    waterline = _waterline(board)
    for partner in PartnerRole:
        for role in POSITIVE_ABOVE:
            assert board.cards_with_role(role, partner)[0].rect.bottom < waterline
        for role in POSITIVE_BELOW:
            assert board.cards_with_role(role, partner)[0].rect.y > waterline
    for role in (*POSITIVE_ABOVE, *POSITIVE_BELOW):
        (a,) = board.cards_with_role(role, PartnerRole.A)
        (b,) = board.cards_with_role(role, PartnerRole.B)
        assert (a.y, a.width, a.height, a.hint) == (b.y, b.width, b.height, b.hint)
    roles = {c.role for c in board.cards.values()}
    assert not roles & set(CYCLE_STEPS) and CYCLE_NAME not in roles  # never fills "Our cycle" on the handout
    words = load_builtin_emotions()
    assert words.level_for_role("underneath").key == "deeper" and words.level_for_role("need").key == "longing"
    hints = " ".join(c.hint for c in board.cards.values())
    assert "reach for" in hints and "turn toward you" in hints
    # No position labels ("pursues") on the loop of reaching: both partners reach and respond.
    assert {c.text for c in board.cards_with_role("partner-name")} == {"Maya", "Jordan"}
    check_drawing(board, "reach-cue")


def test_a_route_goes_around_a_card_in_the_way_and_keeps_clear_of_it():
    left, right = Rect(0, 0, 100, 60), Rect(400, 0, 100, 60)
    wall = Rect(200, -100, 60, 260)
    route = route_around(left, right, [wall])
    assert on_border(route[0], left) and on_border(route[-1], right)
    assert route[-1] == (400, 30)  # into the middle of the target's left side, as a page is read
    assert not any(segment_enters(*a, *b, wall.adjusted(17.9)) for a, b in zip(route, route[1:]))
    assert all(a[0] == b[0] or a[1] == b[1] for a, b in zip(route, route[1:]))  # orthogonal


def test_an_arrow_back_goes_round_the_outside_so_a_loop_of_two_does_not_cross():
    # Two columns of three cards under a heading each, as the cycle draws them: the arrows from each middle card to the
    # other column's top card would cross in the gap; the reading rule (leave right or down, arrive from the left or
    # above) sends the arrow back round the outside.
    a_top, a_mid, a_low = Rect(0, 0, 200, 80), Rect(0, 100, 200, 80), Rect(0, 200, 200, 80)
    b_top, b_mid, b_low = (Rect(400, r.y, 200, 80) for r in (a_top, a_mid, a_low))
    headings = [Rect(0, -56, 200, 44), Rect(400, -56, 200, 44)]
    middle = Rect(250, 30, 100, 120)
    everything = [a_top, a_mid, a_low, b_top, b_mid, b_low, middle, *headings]
    there = route_around(a_mid, b_top, [r for r in everything if r not in (a_mid, b_top)])
    back = route_around(b_mid, a_top, [r for r in everything if r not in (b_mid, a_top)])
    assert crossings(there, back) == []
    assert max(x for x, _y in there) <= 400 and min(y for _x, y in back) < -56  # through the gap; over the top
    # Without the headings both would come in from above and cross there: the rule is a convention, not a proof.
    bare = [a_top, a_mid, a_low, b_top, b_mid, b_low, middle]
    there = route_around(a_mid, b_top, [r for r in bare if r not in (a_mid, b_top)])
    back = route_around(b_mid, a_top, [r for r in bare if r not in (b_mid, a_top)])
    assert there[-1] == (500, 0) and back[-1] == (100, 0)


def test_no_route_when_the_target_is_walled_in():
    walls = [Rect(380, -40, 140, 20), Rect(380, 80, 140, 20), Rect(380, -20, 20, 100), Rect(500, -20, 20, 100)]
    assert route_around(Rect(0, 0, 100, 60), Rect(410, 10, 80, 40), walls) is None


def test_an_arrow_with_a_clear_line_stays_straight_and_one_across_a_crowd_stays_as_it_is():
    a, b = Card("a", 0, 0, 100, 60), Card("b", 400, 0, 100, 60)
    board = Board()
    for card in (a, b):
        board.add_card(card)
    board.add_connector(Connector(a.id, b.id))
    (course,) = courses(board).values()
    assert not course.routed and course.points == ((100, 30), (400, 30))
    # A line across a board crowded past ROUTE_MAX_CARDS keeps its own line rather than a maze around all of them.
    for n in range(200):
        board.add_card(Card(str(n), 150 + (n % 10) * 22, -1000 + (n // 10) * 110, 20, 100))
    (course,) = courses(board).values()
    assert not course.routed
