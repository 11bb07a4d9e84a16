"""'When our cycle starts': the plan for the fridge, gathered from the board before any layout happens.

Every field is the couple's own words from the board, or '' when the board leaves it empty: the page then prints a line
to fill in by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from couplecanvas.domain.board import Board
from couplecanvas.domain.couple import Couple


@dataclass(frozen=True)
class PlanCard:
    """The plan's fields; pairs are (partner A, partner B)."""

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


def assemble_plan(board: Board, couple: Couple, names: tuple[str, str], spelling: str = "UK") -> PlanCard:
    """The plan from the board's slots (see the module docstring)."""
    return PlanCard(names)
