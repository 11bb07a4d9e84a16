"""What changed between two boards: matched across a session copy (new ids), by words, spot, likeness and slot."""

from __future__ import annotations

from couplecanvas.domain.board import Board, Card, CardKind, Connector, ConnectorKind
from couplecanvas.domain.board_copy import copy_board
from couplecanvas.domain.board_diff import MOVED_FAR, Change, diff_boards
from couplecanvas.domain.couple import PartnerRole
from couplecanvas.domain.sample import build_sample


def cycle_board() -> tuple[Board, dict[str, Card]]:
    board = Board()
    cards = {
        "lonely": Card("lonely", 40, 40, partner=PartnerRole.A, role="deeper-emotion"),
        "unseen": Card("Zoë feels unseen", 300, 40, partner=PartnerRole.B),
        "kodoku": Card("孤独", 560, 40),
        "long": Card("When the dishes pile up I hear that I do nothing right, and I go quiet", 40, 300, role="trigger",
                     partner=PartnerRole.A),
        "note": Card("Try a pause", 300, 300, kind=CardKind.NOTE),
    }
    for card in cards.values():
        board.add_card(card)
    board.add_connector(Connector(cards["lonely"].id, cards["unseen"].id))
    board.add_connector(Connector(cards["unseen"].id, cards["kodoku"].id, "and then"))
    return board, cards


def by_text(board: Board) -> dict[str, str]:
    return {card.text: card_id for card_id, card in board.cards.items()}


def test_a_copied_board_matches_itself_card_for_card_although_every_id_is_new():
    earlier, _cards = cycle_board()
    later = copy_board(earlier)
    assert not set(earlier.cards) & set(later.cards)  # the copy's ids are new: matching must not rely on them
    diff = diff_boards(earlier, later)
    assert diff.is_empty
    assert len(diff.matches) == len(earlier.cards)
    for match in diff.matches:
        assert earlier.cards[match.earlier_id].text == later.cards[match.later_id].text
    assert diff.later_marks() == {} and diff.earlier_marks() == {}


def test_new_gone_changed_and_moved_cards_and_their_arrows():
    earlier, cards = cycle_board()
    before = earlier.clone()
    later = copy_board(earlier)
    ids = by_text(later)
    later.set_card_text(ids["Zoë feels unseen"], "Zoë feels unseen and alone")  # reworded in place
    later.move_card(ids["lonely"], 40, 40 + MOVED_FAR + 60)  # same words, moved far
    later.move_card(ids["Try a pause"], 310, 305)  # a nudge is not a move
    later.remove_card(ids["孤独"])  # gone, and its arrow with it
    fresh = Card("We paused and reached for each other", 900, 600)
    later.add_card(fresh)
    arrow = Connector(ids["Try a pause"], fresh.id, kind=ConnectorKind.REFRAME)
    later.add_connector(arrow)

    diff = diff_boards(earlier, later)
    assert earlier == before  # the earlier board is only read
    assert diff.added == (fresh.id,)
    assert diff.removed == (cards["kodoku"].id,)
    assert [(earlier.cards[m.earlier_id].text, later.cards[m.later_id].text) for m in diff.changed] == [
        ("Zoë feels unseen", "Zoë feels unseen and alone")
    ]
    assert [earlier.cards[m.earlier_id].text for m in diff.moved] == ["lonely"]
    assert diff.later_marks() == {
        fresh.id: Change.NEW, ids["Zoë feels unseen"]: Change.CHANGED, ids["lonely"]: Change.MOVED,
    }
    assert diff.earlier_marks() == {cards["kodoku"].id: Change.GONE}
    assert diff.arrows_added == (arrow.id,)
    [gone_arrow] = diff.arrows_removed
    assert earlier.connectors[gone_arrow].target_id == cards["kodoku"].id
    assert not diff.is_empty


def test_words_that_only_differ_in_spacing_or_spelling_form_are_not_a_change():
    earlier, later = Board(), Board()
    earlier.add_card(Card("Zoe\u0308  feels\nunseen", 0, 0))  # decomposed ë, two spaces, a line break
    later.add_card(Card("Zoë feels unseen", 0, 0))
    diff = diff_boards(earlier, later)
    assert diff.is_empty and len(diff.matches) == 1


def test_words_edited_and_moved_are_matched_by_likeness_not_called_new():
    earlier, later = Board(), Board()
    old = Card("When the dishes pile up I hear that I do nothing right", 0, 0)
    earlier.add_card(old)
    earlier.add_card(Card("孤独", 0, 400))
    new = Card("When the dishes pile up I hear that I never do anything right", 700, 500)
    later.add_card(new)
    later.add_card(Card("孤独", 0, 400))
    later.add_card(Card("lonely", 300, 0))  # unlike anything before: new
    diff = diff_boards(earlier, later)
    [changed] = diff.changed
    assert (changed.earlier_id, changed.later_id, changed.moved) == (old.id, new.id, True)
    assert [later.cards[i].text for i in diff.added] == ["lonely"]
    assert diff.removed == ()


def test_a_template_slot_filled_anew_elsewhere_is_changed_and_other_partners_slots_are_not_mixed_up():
    earlier, later = Board(), Board()
    mine = Card("", 0, 0, role="trigger", partner=PartnerRole.A, hint="When I see or hear...")
    theirs = Card("", 400, 0, role="trigger", partner=PartnerRole.B, hint="When I see or hear...")
    for card in (mine, theirs):
        earlier.add_card(card)
    filled = Card("She looks at her phone", 0, 500, role="trigger", partner=PartnerRole.B)
    untouched = Card("", 0, 0, role="trigger", partner=PartnerRole.A, hint="When I see or hear...")
    for card in (filled, untouched):
        later.add_card(card)
    diff = diff_boards(earlier, later)
    pairs = {(m.earlier_id, m.later_id): m for m in diff.matches}
    assert set(pairs) == {(mine.id, untouched.id), (theirs.id, filled.id)}
    assert pairs[(theirs.id, filled.id)].words_changed and not pairs[(mine.id, untouched.id)].words_changed
    assert diff.added == () and diff.removed == ()


def test_repeated_words_pair_with_the_nearest_copy():
    earlier, later = Board(), Board()
    left = Card("I go quiet", 0, 0)
    right = Card("I go quiet", 1000, 0)
    earlier.add_card(left)
    earlier.add_card(right)
    near_right = Card("I go quiet", 1010, 5)
    later.add_card(near_right)
    diff = diff_boards(earlier, later)
    assert [(m.earlier_id, m.later_id) for m in diff.matches] == [(right.id, near_right.id)]
    assert diff.removed == (left.id,)


def test_a_reversed_or_retyped_arrow_is_one_gone_and_one_new():
    earlier, _cards = cycle_board()
    later = copy_board(earlier)
    ids = by_text(later)
    [first, second] = list(later.connectors)
    later.remove_connector(first)
    later.add_connector(Connector(ids["Zoë feels unseen"], ids["lonely"]))  # the same two cards, the other way
    later.remove_connector(second)
    later.add_connector(Connector(ids["Zoë feels unseen"], ids["孤独"], kind=ConnectorKind.REFRAME))
    diff = diff_boards(earlier, later)
    assert len(diff.arrows_added) == 2 and len(diff.arrows_removed) == 2
    assert diff.added == () and diff.removed == () and diff.changed == ()


def test_the_same_board_on_both_sides_and_empty_boards():
    board = build_sample().board
    assert diff_boards(board, board).is_empty
    assert diff_boards(Board(), Board()).is_empty
    empty_to_full = diff_boards(Board(), board)
    assert set(empty_to_full.added) == set(board.cards) and set(empty_to_full.arrows_added) == set(board.connectors)
    full_to_empty = diff_boards(board, Board())
    assert set(full_to_empty.removed) == set(board.cards) and len(full_to_empty.arrows_removed) == len(board.connectors)


def test_a_big_board_is_still_compared_card_for_card():
    earlier = Board()
    for n in range(600):
        earlier.add_card(Card("" if n % 3 else f"card {n}", x=(n % 30) * 220.0, y=(n // 30) * 120.0))
    later = copy_board(earlier)
    diff = diff_boards(earlier, later)
    assert diff.is_empty and len(diff.matches) == 600
