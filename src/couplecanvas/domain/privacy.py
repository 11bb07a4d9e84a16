"""Keeping first names off what leaves the room: a board's words with the partners' aliases in place of their names."""

from __future__ import annotations

import dataclasses
import re

from couplecanvas.domain.board import Board
from couplecanvas.domain.couple import Couple, PartnerRole
from couplecanvas.domain.session import Session


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


def couple_as_shown(couple: Couple, use_alias: bool) -> Couple:
    """A copy of the couple for showing only: with `use_alias`, each partner's first name is their alias, where set.

    Widgets that only show names (lists, headers, the homework panel, dialogs opened in share mode) take this copy, so
    no first name reaches the screen; nothing that writes a couple back may ever be given it.
    """
    copy = dataclasses.replace(
        couple,
        partner_a=dataclasses.replace(couple.partner_a),
        partner_b=dataclasses.replace(couple.partner_b),
    )
    if use_alias:
        for role in PartnerRole:
            partner = copy.partner(role)
            partner.first_name = partner.shown_name(True)
    return copy


def session_label(session: Session, show_title: bool) -> str:
    """A session as a list shows it: the date, then the title unless titles are hidden (share mode)."""
    return session.label() if show_title else Session(session.couple_id, session.date).label()


class ScreenWords:
    """Words as a shared screen shows them: `names_to_aliases` for one couple, remembered per text (painting asks for
    the same words at every frame, and a regular expression per card per frame would cost a dragged board its
    smoothness)."""

    def __init__(self, couple: Couple) -> None:
        self._couple = couple
        self._seen: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        shown = self._seen.get(text)
        if shown is None:
            if len(self._seen) > 20_000:  # a long session of typing: start again rather than grow without end
                self._seen.clear()
            shown = self._seen[text] = names_to_aliases(text, self._couple)
        return shown
