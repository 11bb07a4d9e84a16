"""Keeping first names off what leaves the room: a board's words with the partners' aliases in place of their names."""

from __future__ import annotations

import re

from couplecanvas.domain.board import Board
from couplecanvas.domain.couple import Couple, PartnerRole


def names_to_aliases(text: str, couple: Couple) -> str:
    """The text with each partner's first name replaced by their alias, where one is set.

    A name counts as written (Will) or in capitals (WILL), as a whole word; "I will" keeps its word, because names that
    are also words (Will, May, Hope) would otherwise turn ordinary sentences into nonsense.
    """
    for role in PartnerRole:
        partner = couple.partner(role)
        name, alias = partner.first_name.strip(), partner.alias.strip()
        if name and alias and name != alias:
            pattern = rf"(?<!\w)(?:{re.escape(name)}|{re.escape(name.upper())})(?!\w)"
            text = re.sub(pattern, lambda _match: alias, text)
    return text


def board_with_aliases(board: Board, couple: Couple) -> Board:
    """A copy of the board whose cards, hints and arrow labels name the partners by their aliases only."""
    copy = board.clone()
    for card in copy.cards.values():
        card.text = names_to_aliases(card.text, couple)
        card.hint = names_to_aliases(card.hint, couple)
    for connector in copy.connectors.values():
        connector.label = names_to_aliases(connector.label, couple)
    return copy
