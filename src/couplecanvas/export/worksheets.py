"""Each template on the board read back as a worksheet for the handout: the iceberg's layers, the bids table, each
horseman beside its antidote, the speaker's and the listener's steps, the week, ... in the couple's own words.

Only words the couple (or the therapist) wrote are printed. An empty slot is a blank cell, which the handout prints as
a line to write on; a slot's prompt ("I tell myself...") is never printed as if someone had said it.
"""

from __future__ import annotations

from dataclasses import dataclass

from couplecanvas.domain.board import Board
from couplecanvas.domain.couple import Couple


@dataclass(frozen=True)
class WorksheetRow:
    """One row of a worksheet: its label (our words, e.g. "What you see me do") and the words in each column; an empty
    string is a blank to fill in by hand."""

    label: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Worksheet:
    """One template's worksheet: what it is (`kind`, e.g. "iceberg", "bids"), its title and a line of introduction, the
    column headings (a partner's name, "Turned toward", "The horseman", "Speaker", ...; empty for a single column), its
    rows, and how many extra blank rows to leave for logging at home."""

    kind: str
    title: str
    intro: str
    columns: tuple[str, ...]
    rows: tuple[WorksheetRow, ...]
    blank_rows: int = 0
    divider_after: int | None = None
    """A line drawn under this row (the iceberg's waterline), or None."""


def assemble_worksheets(
    board: Board, couple: Couple, names: tuple[str, str], spelling: str = "UK"
) -> tuple[Worksheet, ...]:
    """One worksheet per template found on the board, in reading order (the cycle and the reframes have sections of
    their own and are not repeated here)."""
    return ()
