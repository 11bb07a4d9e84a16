"""Templates laid out on a live board, and reframe pairs marked with real clicks."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt

from couplecanvas.domain.board import Board, Card, ConnectorKind
from couplecanvas.domain.couple import Couple, Partner, PartnerRole, Position
from couplecanvas.domain.templates import CYCLE_STEPS, load_builtin_templates


def _couple() -> Couple:
    return Couple(Partner("Noa", position=Position.PURSUER), Partner("Eli", position=Position.WITHDRAWER))


def test_cycle_template_is_one_undo_step_of_cards_that_know_their_role(board_view):
    view = board_view()
    scene = view.scene()
    template = load_builtin_templates().templates["our-cycle"]
    ids = scene.insert_template(template, _couple(), QPointF(500, 300))
    board = scene.document.board
    assert set(ids) == set(board.cards) and sorted(scene.selected_card_ids()) == sorted(ids)
    for step in CYCLE_STEPS:
        (a,) = board.cards_with_role(step, PartnerRole.A)
        (b,) = board.cards_with_role(step, PartnerRole.B)
        assert a.y == b.y and a.x < b.x, step  # mirrored columns
        assert scene.card_items[a.id].isVisible()
    headers = {c.partner: c.text for c in board.cards_with_role("partner-name")}
    assert headers == {PartnerRole.A: "Noa (pursues)", PartnerRole.B: "Eli (withdraws)"}
    (centre,) = board.cards_with_role("cycle-name")
    column_a = board.cards_with_role("trigger", PartnerRole.A)[0]
    column_b = board.cards_with_role("trigger", PartnerRole.B)[0]
    assert column_a.x + column_a.width < centre.x and centre.x + centre.width < column_b.x
    # the loop closes: each partner's action leads to the other's trigger
    loop = {(board.cards[c.source_id].role, board.cards[c.source_id].partner, board.cards[c.target_id].partner)
            for c in board.connectors.values() if board.cards[c.target_id].role == "trigger"}
    assert loop == {("action", PartnerRole.A, PartnerRole.B), ("action", PartnerRole.B, PartnerRole.A)}
    # strokes (the waterline) stay under the cards
    assert max(s.z for s in board.strokes.values()) < min(c.z for c in board.cards.values())
    scene.document.undo_stack.undo()
    assert not board.cards and not board.connectors and not board.strokes


def test_template_goes_beside_existing_cards_rather_than_over_them(board_view):
    board = Board()
    board.add_card(Card("already here", 400, 250, 200, 90))
    view = board_view(board)
    scene = view.scene()
    ids = scene.insert_template(load_builtin_templates().templates["talk-and-listen"], _couple(), QPointF(500, 300))
    new = [board.cards[i] for i in ids]
    assert min(c.x for c in new) > 600


def test_iceberg_belongs_to_the_chosen_partner(board_view):
    scene = board_view().scene()
    scene.insert_template(load_builtin_templates().templates["iceberg"], _couple(), QPointF(0, 0), one=PartnerRole.B)
    board = scene.document.board
    assert {c.partner for c in board.cards.values() if c.role} == {PartnerRole.B}
    assert board.cards_with_role("partner-name")[0].text == "Eli's iceberg"


def test_two_picked_cards_become_old_story_and_new_story(board_view, qtbot):
    board = Board()
    old = Card("We are hopeless at talking", 100, 100)
    new = Card("We are learning to slow down", 500, 100)
    board.add_card(old)
    board.add_card(new)
    view = board_view(board)
    scene = view.scene()
    for card, modifier in ((new, Qt.KeyboardModifier.NoModifier), (old, Qt.KeyboardModifier.ControlModifier)):
        point = view.mapFromScene(QPointF(card.x + 30, card.y + 30))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, point)
    connector_id = scene.mark_reframe()
    reframe = board.connectors[connector_id]
    # the first card picked is the old story
    assert (reframe.source_id, reframe.target_id, reframe.kind) == (new.id, old.id, ConnectorKind.REFRAME)
    assert board.reframes() == [(new, old)]
    scene.document.undo_stack.undo()
    assert board.reframes() == []


def test_an_existing_arrow_between_the_pair_becomes_the_reframe(board_view):
    view = board_view()
    scene = view.scene()
    a = scene.add_card_at(QPointF(100, 100), "old", edit=False)
    b = scene.add_card_at(QPointF(500, 100), "new", edit=False)
    arrow = scene.document.add_connector(b, a)
    scene.select_only([a, b])
    assert scene.mark_reframe() == arrow
    board = scene.document.board
    assert len(board.connectors) == 1
    assert [(o.text, n.text) for o, n in board.reframes()] == [("old", "new")]
    scene.select_only([a])
    assert scene.mark_reframe() is None
