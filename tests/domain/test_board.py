"""The board model and the geometry that both the canvas and the handout draw from."""

from __future__ import annotations

import math

import pytest

from couplecanvas.domain import Board, BoardError, Card, Connector, Couple, Partner, PartnerRole, Rect
from couplecanvas.domain.couple import validate_first_name
from couplecanvas.domain.geometry import arrow_head, border_point, connector_segment, label_anchor
from couplecanvas.domain.sample import build_sample


def test_border_point_leaves_through_the_right_side():
    rect = Rect(0, 0, 200, 100)
    assert border_point(rect, (1000, 50)) == (200, 50)
    assert border_point(rect, (100, -500)) == (100, 0)
    x, y = border_point(rect, (400, 250))  # diagonal: leaves through a corner region, on the outline
    assert math.isclose(x, 200) or math.isclose(y, 100)


def test_connector_segment_is_clipped_to_both_cards():
    left, right = Rect(0, 0, 100, 50), Rect(300, 0, 100, 50)
    assert connector_segment(left, right) == (100, 25, 300, 25)


def test_arrow_head_tip_is_the_end_point():
    head = arrow_head(0, 0, 100, 0, size=10)
    assert head[0] == (100, 0)
    assert all(x < 100 for x, _ in head[1:])


def test_label_anchor_keeps_crossing_labels_apart():
    a = label_anchor(0, 100, 100, 0)
    b = label_anchor(100, 100, 0, 0)
    assert a != b


def test_removing_a_card_removes_its_connectors_and_returns_them():
    board = Board()
    a, b, c = Card(text="a"), Card(text="b"), Card(text="c")
    for card in (a, b, c):
        board.add_card(card)
    ab, bc = Connector(a.id, b.id), Connector(b.id, c.id)
    board.add_connector(ab)
    board.add_connector(bc)
    removed, connectors = board.remove_card(b.id)
    assert removed is b
    assert {x.id for x in connectors} == {ab.id, bc.id}
    assert not board.connectors


def test_connectors_need_two_cards_on_the_board():
    board = Board()
    a = Card()
    board.add_card(a)
    with pytest.raises(BoardError):
        board.add_connector(Connector(a.id, a.id))
    with pytest.raises(BoardError):
        board.add_connector(Connector(a.id, "missing"))
    with pytest.raises(BoardError):
        board.add_card(a)


def test_bounds_and_z_order():
    board = Board()
    assert board.bounds() is None
    board.add_card(Card(x=10, y=20, width=100, height=50, z=2))
    board.add_card(Card(x=-50, y=0, width=20, height=20, z=1))
    assert board.bounds() == Rect(-50, 0, 160, 70)
    assert [c.z for c in board.cards_in_z_order()] == [1, 2]
    assert board.next_z() == 3


def test_shown_names_honour_aliases():
    couple = Couple(Partner("Zoë", alias="Partner 1"), Partner("Sam"))
    assert couple.display_name() == "Zoë & Sam"
    assert couple.display_name(use_alias=True) == "Partner 1 & Sam"
    assert couple.partner(PartnerRole.B).colour  # a default colour is given
    assert PartnerRole.A.other is PartnerRole.B


def test_first_names_are_cleaned_and_required():
    assert validate_first_name("  Zoë   Anne ") == "Zoë Anne"
    with pytest.raises(ValueError):
        validate_first_name("   ")


def test_the_sample_is_a_closed_loop_with_a_named_cycle():
    sample = build_sample()
    board = sample.board
    assert sample.couple.is_sample
    assert [c.text for c in board.cards_with_role("cycle-name")] == ["The Chase"]
    loops = [c for c in board.connectors.values() if board.cards[c.source_id].role == "action"]
    assert len(loops) == 2
    partners = {(board.cards[c.source_id].partner, board.cards[c.target_id].partner) for c in loops}
    assert partners == {(PartnerRole.A, PartnerRole.B), (PartnerRole.B, PartnerRole.A)}
    assert {board.cards[c.target_id].role for c in loops} == {"trigger"}
    assert sample.couple.pattern() == "pursue-withdraw"
    (old, new), = board.reframes()
    assert (old.role, new.role) == ("problem-story", "preferred-story") and old.text and new.text


def test_copy_board_keeps_everything_but_the_ids():
    from couplecanvas.domain.board import ConnectorKind, Stroke
    from couplecanvas.domain.board_copy import copy_board

    board = Board(session_id=1)
    a = Card("old story", 0, 0, role="problem-story", hint="h", group_id="g1", z=2)
    b = Card("new story", 300, 0, role="preferred-story", group_id="g1", z=3)
    board.add_card(a)
    board.add_card(b)
    board.add_connector(Connector(a.id, b.id, kind=ConnectorKind.REFRAME, curved=True))
    board.add_stroke(Stroke(((0, 0, 0.5), (5, 5, 0.5)), z=1, group_id="g1"))
    copy = copy_board(board, session_id=2)
    assert copy.session_id == 2
    assert not set(copy.cards) & set(board.cards) and not set(copy.strokes) & set(board.strokes)
    assert [(o.text, n.text) for o, n in copy.reframes()] == [("old story", "new story")]
    assert sorted((c.text, c.role, c.hint, c.z) for c in copy.cards.values()) == sorted(
        (c.text, c.role, c.hint, c.z) for c in board.cards.values()
    )
    groups = {c.group_id for c in copy.cards.values()} | {s.group_id for s in copy.strokes.values()}
    assert len(groups) == 1 and groups != {"g1"}  # one group still, under a new id


def test_the_pattern_follows_the_two_positions():
    from couplecanvas.domain.couple import Couple, Partner, Position

    couple = Couple(Partner("A"), Partner("B"))
    assert couple.pattern() == ""
    couple.partner_a.position, couple.partner_b.position = Position.PURSUER, Position.WITHDRAWER
    assert couple.pattern() == "pursue-withdraw"
    couple.partner_b.position = Position.PURSUER
    assert couple.pattern() == "attack-attack"
    couple.partner_a.position = couple.partner_b.position = Position.WITHDRAWER
    assert couple.pattern() == "withdraw-withdraw"
