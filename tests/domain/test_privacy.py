"""First names give way to aliases in everything a handout prints from the board."""

from __future__ import annotations

from couplecanvas.domain.board import Board, Card, Connector
from couplecanvas.domain.couple import Couple, Partner
from couplecanvas.domain.privacy import board_with_aliases, names_to_aliases


def test_names_become_aliases_as_whole_words_in_any_case():
    couple = Couple(Partner("Ana", alias="Partner 1"), Partner("Jo", alias=""))
    assert names_to_aliases("Ana and ANA's sister Anabel; Jo", couple) == "Partner 1 and Partner 1's sister Anabel; Jo"
    will = Couple(Partner("Will", alias="P1"), Partner("May", alias="P2"))
    assert names_to_aliases("Will says I will call in May, maybe", will) == "P1 says I will call in P2, maybe"


def test_the_board_copy_hides_names_and_the_original_keeps_them():
    couple = Couple(Partner("Zoë", alias="P1"), Partner("Luis", alias="P2"))
    board = Board()
    a = Card("Zoë (pursues)", hint="Zoë: what helps me")
    b = Card("When Luis sighs")
    board.add_card(a)
    board.add_card(b)
    board.add_connector(Connector(a.id, b.id, "Zoë turns to Luis"))
    hidden = board_with_aliases(board, couple)
    words = [c.text for c in hidden.cards.values()] + [c.hint for c in hidden.cards.values()]
    words += [c.label for c in hidden.connectors.values()]
    assert words == ["P1 (pursues)", "When P2 sighs", "P1: what helps me", "", "P1 turns to P2"]
    assert board.cards[a.id].text == "Zoë (pursues)"
