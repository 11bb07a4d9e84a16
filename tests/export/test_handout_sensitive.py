"""Safety on paper: family or trauma history (the iceberg's raw spot) prints in a handout only when the therapist
chooses it for that handout; otherwise the card keeps its place and prompt, and its words are nowhere in the file."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from couplecanvas.domain import Board, Couple, Partner, PartnerRole, Session
from couplecanvas.domain.homework import load_builtin_library
from couplecanvas.domain.safety import is_sensitive
from couplecanvas.domain.templates import instantiate, load_builtin_templates
from couplecanvas.export import assemble_handout, export_handout

DAY = dt.date(2026, 11, 25)
RAW_SPOT_CANARY = "parsnip-canary my father left when I was six"


def _couple() -> Couple:
    return Couple(Partner("Maya"), Partner("Jordan"), id=1)


def _pages(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _iceberg_board() -> Board:
    """An iceberg laid out from the built-in template, its raw spot filled in with a canary, its fear too."""
    template = load_builtin_templates().templates["iceberg"]
    board = Board(session_id=1)
    cards, _connectors, _strokes = instantiate(template, _couple(), one=PartnerRole.A)
    for card in cards:
        board.add_card(card)
    for card in board.cards.values():
        if card.role == "raw-spot":
            card.text = RAW_SPOT_CANARY
        elif card.role == "fear":
            card.text = "afraid of being left"
    return board


def test_the_iceberg_raw_spot_is_the_sensitive_card():
    board = _iceberg_board()
    sensitive = [card for card in board.cards.values() if is_sensitive(card)]
    assert [card.role for card in sensitive] == ["raw-spot"]
    template = load_builtin_templates().templates["iceberg"]
    flagged = {slot.role for slot in template.slots if getattr(slot, "sensitive", False)}
    assert flagged <= {"raw-spot"}  # what the template marks (once it does) is what the handout keeps back


def test_the_raw_spot_prints_only_when_chosen_for_this_handout(find_in_pdf):
    board = _iceberg_board()
    session = Session(1, DAY, id=1)
    library = load_builtin_library()

    kept_back = export_handout(_couple(), session, board, [], library)
    assert find_in_pdf(kept_back, RAW_SPOT_CANARY) == []
    assert find_in_pdf(kept_back, "parsnip") == []
    words = " ".join(_pages(kept_back))
    assert "afraid of being left" in words  # the rest of the iceberg prints
    # The slot keeps its place on the map, empty: neither its words nor its prompt print (a prompt is not something
    # the couple said, and a line to write on would invite family history onto a page others may find).
    assert "Where this raw spot comes from" not in words and "raw spot" not in words.casefold()
    assert RAW_SPOT_CANARY in next(c.text for c in board.cards.values() if c.role == "raw-spot")  # board untouched

    chosen = export_handout(_couple(), session, board, [], library, print_sensitive=True)
    assert RAW_SPOT_CANARY in " ".join(_pages(chosen))


def test_assembled_data_holds_no_raw_spot_words_unless_chosen():
    board = _iceberg_board()
    session = Session(1, DAY, id=1)
    library = load_builtin_library()

    data = assemble_handout(_couple(), session, board, [], library)
    assert RAW_SPOT_CANARY not in repr(data)
    data = assemble_handout(_couple(), session, board, [], library, print_sensitive=True)
    assert RAW_SPOT_CANARY in repr(data)
