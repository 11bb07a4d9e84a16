"""'When our cycle starts': the plan for the fridge, gathered from the board before any layout happens.

Every field is the couple's own words from the board, or '' when the board leaves it empty: the page then prints a line
to fill in by hand (never a slot's prompt). Where each field comes from (PLAN_ROLES):

- the cycle's name ("cycle-name") and the words that spot it ("spot-it"), from "Our cycle";
- each partner's early signs: their body slot of the cycle ("body");
- how long the pause lasts and when each comes back: no built-in template has a slot for them, so they are lines to
  fill in together at home, unless the therapist's own template has a "pause" or "come-back" slot;
- one way each partner calms down: their "calm-body" slot of "Reach and respond" (how their body settles with the
  other), else a line (the horsemen's stonewalling antidote is our printed advice, the same for both, not theirs);
- the soft way back: each partner's deeper feeling ("deeper-emotion") and longing ("longing") of the cycle;
- two repair phrases from the "repair-phrases" slots in reading order (see `repair_phrases`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from couplecanvas.domain.board import Board, Card
from couplecanvas.domain.couple import Couple, PartnerRole

PLAN_ROLES = {
    "cycle_name": "cycle-name",
    "spot_it": "spot-it",
    "pause": "pause",
    "come_back": "come-back",
    "early_signs": "body",
    "calm_down": "calm-body",
    "deep_down": "deeper-emotion",
    "needed": "longing",
    "repair_phrases": "repair-phrases",
}
"""The plan's field -> the board slot (card role) its words come from."""

_BOX = "☐□"
"""A box not ticked: the phrase beside it was not chosen (the repair list's template prints one before each)."""
_TICKED = re.compile(r"^\s*(?:[☑☒✓✔✅]|\[[xX✓]\])\s*")
"""A ticked box at the start of a line: the couple chose that phrase."""


@dataclass(frozen=True)
class PlanCard:
    """The plan's fields; pairs are (partner A, partner B); '' is a line to fill in by hand."""

    names: tuple[str, str]
    cycle_name: str = ""
    early_signs: tuple[str, str] = ("", "")
    spot_it: str = ""
    pause: str = ""
    come_back: str = ""
    calm_down: tuple[str, str] = ("", "")
    deep_down: tuple[str, str] = ("", "")
    needed: tuple[str, str] = ("", "")
    repair_phrases: tuple[str, str] = ("", "")
    spelling: str = "UK"
    """How the page's own words are spelled ("UK" or "US"); the couple's words are printed as written."""

    @property
    def is_blank(self) -> bool:
        """True while the board gave the plan nothing: every field is a line to fill in."""
        singles = (self.cycle_name, self.spot_it, self.pause, self.come_back)
        pairs = (self.early_signs, self.calm_down, self.deep_down, self.needed, self.repair_phrases)
        return not any(singles) and not any(any(pair) for pair in pairs)


def _words(cards: list[Card]) -> str:
    """The words of the first card with any, in reading order ('' when none has)."""
    return next((card.text.strip() for card in cards if card.text.strip()), "")


def _shared(board: Board, field: str) -> str:
    return _words(board.cards_with_role(PLAN_ROLES[field]))


def _each(board: Board, field: str) -> tuple[str, str]:
    role = PLAN_ROLES[field]
    return _words(board.cards_with_role(role, PartnerRole.A)), _words(board.cards_with_role(role, PartnerRole.B))


def repair_phrases(board: Board, count: int = 2) -> tuple[str, ...]:
    """The first `count` repair phrases with words, in reading order of their cards, then line by line.

    A card of boxes to tick (the repair list) gives only its ticked lines: its heading and the phrases left unticked
    were not chosen. Any other card (the couple's own phrases) gives each of its lines."""
    found: list[str] = []
    for card in board.cards_with_role(PLAN_ROLES["repair_phrases"]):
        lines = [line.strip() for line in card.text.splitlines() if line.strip()]
        boxed = any(line[0] in _BOX or _TICKED.match(line) for line in lines)
        for line in lines:
            ticked = _TICKED.match(line)
            if ticked:
                line = line[ticked.end():].strip()
            elif boxed:
                continue
            if line:
                found.append(line)
            if len(found) == count:
                return tuple(found)
    return tuple(found) + ("",) * (count - len(found))


def assemble_plan(board: Board, couple: Couple, names: tuple[str, str], spelling: str = "UK") -> PlanCard:
    """The plan from the board's slots (see the module docstring); `names` are the partners' shown names (aliases
    when chosen) and `board` is the board as the handout prints it (aliases and sensitive words already applied)."""
    first, second = repair_phrases(board)
    return PlanCard(
        names=names,
        cycle_name=_shared(board, "cycle_name"),
        early_signs=_each(board, "early_signs"),
        spot_it=_shared(board, "spot_it"),
        pause=_shared(board, "pause"),
        come_back=_shared(board, "come_back"),
        calm_down=_each(board, "calm_down"),
        deep_down=_each(board, "deep_down"),
        needed=_each(board, "needed"),
        repair_phrases=(first, second),
        spelling=spelling,
    )
