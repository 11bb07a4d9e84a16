"""Arrows on screen go around the cards in their way, as the PDF draws them: the cycle's loop arrows never run under a
card nor cross each other, their heads sit on the target's outline, and a card moved onto or off an arrow's line
redraws that arrow."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt

from couplecanvas.domain.board import Board, Card, Connector
from couplecanvas.domain.couple import Couple, Partner, PartnerRole, Position
from couplecanvas.domain.geometry import RectIndex, arrow_course
from couplecanvas.domain.sample import build_sample
from couplecanvas.domain.templates import load_builtin_templates


def _couple() -> Couple:
    return Couple(Partner("Noa", position=Position.PURSUER), Partner("Eli", position=Position.WITHDRAWER))


def drawn_points(scene, connector_id: str, steps: int = 600) -> list[QPointF]:
    path = scene.connector_items[connector_id].path()
    return [path.pointAtPercent(n / steps) for n in range(steps + 1)]


def cards_under(scene, connector_id: str) -> list[str]:
    """The cards, other than the arrow's two ends, whose inside its drawn path enters."""
    board = scene.document.board
    connector = board.connectors[connector_id]
    points = drawn_points(scene, connector_id)
    hit = []
    for card in board.cards.values():
        if card.id in (connector.source_id, connector.target_id):
            continue
        inside = QRectF(card.x, card.y, card.width, card.height).adjusted(1, 1, -1, -1)
        if any(inside.contains(p) for p in points):
            hit.append(card.text or card.hint or card.role)
    return hit


def loop_ids(scene, to_role: str) -> list[str]:
    board = scene.document.board
    return [c.id for c in board.connectors.values()
            if board.cards[c.target_id].role == to_role
            and board.cards[c.source_id].partner not in (None, board.cards[c.target_id].partner)]


def paths_cross(scene, first: str, second: str) -> bool:
    """True when the two drawn paths (followed closely, as short straight pieces) cross or touch."""
    one, two = drawn_points(scene, first), drawn_points(scene, second)
    return any(_meet(a, b, c, d) for a, b in zip(one, one[1:]) for c, d in zip(two, two[1:]))


def _meet(a: QPointF, b: QPointF, c: QPointF, d: QPointF) -> bool:
    def side(p: QPointF, q: QPointF, r: QPointF) -> float:
        return (q.x() - p.x()) * (r.y() - p.y()) - (q.y() - p.y()) * (r.x() - p.x())

    if max(a.x(), b.x()) < min(c.x(), d.x()) or max(c.x(), d.x()) < min(a.x(), b.x()):
        return False
    if max(a.y(), b.y()) < min(c.y(), d.y()) or max(c.y(), d.y()) < min(a.y(), b.y()):
        return False
    return side(a, b, c) * side(a, b, d) <= 0 and side(c, d, a) * side(c, d, b) <= 0


def head_on_target(scene, connector_id: str) -> bool:
    """The head's tip is on the target's outline and its back corners lie outside the card."""
    board = scene.document.board
    item = scene.connector_items[connector_id]
    target = board.cards[board.connectors[connector_id].target_id]
    rect = QRectF(target.x, target.y, target.width, target.height)
    tip, *back = [item._head.at(n) for n in range(item._head.size())]
    on_edge = min(abs(tip.x() - rect.left()), abs(tip.x() - rect.right()), abs(tip.y() - rect.top()),
                  abs(tip.y() - rect.bottom())) < 1e-6 and rect.adjusted(-1e-6, -1e-6, 1e-6, 1e-6).contains(tip)
    last = item.path().elementAt(item.path().elementCount() - 1)
    return on_edge and (last.x, last.y) == (tip.x(), tip.y()) and not any(
        rect.adjusted(1, 1, -1, -1).contains(p) for p in back)


def check_board(scene, loop_target_role: str) -> None:
    board = scene.document.board
    for connector_id in board.connectors:
        assert cards_under(scene, connector_id) == [], connector_id
        assert head_on_target(scene, connector_id), connector_id
    first, second = loop_ids(scene, loop_target_role)
    assert not paths_cross(scene, first, second)
    # Screen and paper draw the same course: the item's ends and corners are the domain's.
    cards = RectIndex()
    for card in board.cards.values():
        cards.put(card.id, card.rect)
    for connector_id in (first, second):
        connector = board.connectors[connector_id]
        source, target = board.cards[connector.source_id], board.cards[connector.target_id]
        course = arrow_course(source.rect, target.rect, connector.curved, cards, (source.id, target.id))
        assert course.routed
        path = scene.connector_items[connector_id].path()
        start, end = path.elementAt(0), path.elementAt(path.elementCount() - 1)
        assert (start.x, start.y) == course.start and (end.x, end.y) == course.end
        for x, y in course.points[1:-1]:  # each corner is rounded off, but the line passes close by it
            assert min((p.x() - x) ** 2 + (p.y() - y) ** 2 for p in drawn_points(scene, connector_id)) < 6 ** 2


def test_the_cycle_template_on_the_board_routes_its_loop_around_the_columns(board_view):
    view = board_view()
    scene = view.scene()
    scene.insert_template(load_builtin_templates().templates["our-cycle"], _couple(), QPointF(500, 300))
    check_board(scene, "trigger")
    # The routed arrows leave the card on its side, not through the cycle's name in the middle.
    board = scene.document.board
    (name,) = board.cards_with_role("cycle-name")
    for connector_id in loop_ids(scene, "trigger"):
        assert not any(QRectF(name.x, name.y, name.width, name.height).contains(p)
                       for p in drawn_points(scene, connector_id))


def test_the_sample_and_the_positive_cycle_on_the_board(board_view):
    scene = board_view(build_sample().board).scene()
    check_board(scene, "trigger")
    scene = board_view().scene()
    scene.insert_template(load_builtin_templates().templates["reach-and-respond"], _couple(), QPointF(0, 0))
    check_board(scene, "reach-cue")


def test_dragging_a_loop_card_keeps_its_arrows_clear_of_the_cards(board_view, qtbot):
    view = board_view(build_sample().board)
    scene = view.scene()
    board = scene.document.board
    (action,) = board.cards_with_role("action", PartnerRole.A)
    item = scene.card_items[action.id]
    item.setPos(item.pos() + QPointF(0, 30))  # as a drag step does: the arrows follow the card where it is on screen
    for connector_id in loop_ids(scene, "trigger"):
        assert cards_under(scene, connector_id) == []
    assert not paths_cross(scene, *loop_ids(scene, "trigger"))
    scene.document.move_items({action.id: (action.x, action.y + 30)}, {}, "Move card")
    check_board(scene, "trigger")


def test_a_card_dropped_on_an_arrow_sends_it_around_and_taken_away_straightens_it(board_view):
    a, b = Card("from", 0, 0, 160, 80), Card("to", 500, 0, 160, 80)
    view = board_view(Board(cards={a.id: a, b.id: b}))
    scene = view.scene()
    link = Connector(a.id, b.id)
    scene.document.add_items([link], "Connect")
    blocker = Card("in the way", 260, 300, 120, 80)
    scene.document.add_items([blocker], "Add card")
    assert scene.connector_items[link.id].path().elementCount() == 2  # straight
    scene.document.move_items({blocker.id: (260, 0)}, {}, "Move card")
    assert cards_under(scene, link.id) == []
    assert scene.connector_items[link.id].path().elementCount() > 2  # around the card now
    scene.document.undo_stack.undo()
    assert scene.connector_items[link.id].path().elementCount() == 2  # straight again
    scene.document.undo_stack.redo()
    scene.document.remove([blocker.id], (), (), text="Delete")
    assert scene.connector_items[link.id].path().elementCount() == 2


def test_an_arrow_head_stays_visible_on_the_rendered_board(board_view, qtbot):
    """On the picture of the board, the loop arrow's last stretch and head are drawn in the arrow's colour."""
    view = board_view(build_sample().board)
    scene = view.scene()
    board = scene.document.board
    view.resetTransform()
    bounds = board.bounds()
    view.fitInView(QRectF(bounds.x - 40, bounds.y - 40, bounds.w + 80, bounds.h + 80),
                   Qt.AspectRatioMode.KeepAspectRatio)
    qtbot.wait(20)
    image = view.grab().toImage()
    for connector_id in loop_ids(scene, "trigger"):
        head = scene.connector_items[connector_id]._head
        centre = (head.at(0) + head.at(1) + head.at(2)) / 3
        spot = view.mapFromScene(centre)
        colour = image.pixelColor(spot)
        assert max(colour.red(), colour.green(), colour.blue()) < 140, (connector_id, colour.name())
