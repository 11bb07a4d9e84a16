"""Who tends to pursue and who tends to withdraw prints on the handout only when the therapist chooses it: in the
cycle's column headings and in the name cards the cycle template wrote the position into. Real PDFs, read back."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from couplecanvas.domain import Board, Card, Couple, HomeworkLibrary, Partner, PartnerRole, Session
from couplecanvas.domain.couple import Position
from couplecanvas.domain.templates import PARTNER_NAME, instantiate, load_builtin_templates
from couplecanvas.export import assemble_handout, export_handout
from couplecanvas.export.handout_data import without_positions
from couplecanvas.export.handout_pdf import TEXT

CYCLE = load_builtin_templates().templates["our-cycle"]
WORDS = {
    PartnerRole.A: {"trigger": "You check your phone while I talk", "action": "I follow you from room to room"},
    PartnerRole.B: {"trigger": "Your voice gets sharp", "action": "I go quiet and leave the room"},
}


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def couple() -> Couple:
    return Couple(
        Partner("Maya", alias="Partner Blue", position=Position.PURSUER),
        Partner("Jordan", alias="Partner Orange", position=Position.WITHDRAWER),
        id=5,
    )


@pytest.fixture
def session() -> Session:
    return Session(couple_id=5, date=dt.date(2026, 11, 30), id=8)


@pytest.fixture
def board(couple: Couple) -> Board:
    """The cycle template as placed for this couple (its name cards read "Maya (pursues)"), partly filled in."""
    board = Board(session_id=8)
    cards, connectors, strokes = instantiate(CYCLE, couple, use_alias=False)
    for card in cards:
        if card.partner is not None:
            card.text = WORDS[card.partner].get(card.role, card.text)
        board.add_card(card)
    for connector in connectors:
        board.add_connector(connector)
    for stroke in strokes:
        board.add_stroke(stroke)
    return board


def pdf_text(couple, session, board, **options) -> str:
    return text_of(export_handout(couple, session, board, [], HomeworkLibrary(), deterministic=True, **options))


def test_the_template_wrote_the_positions_into_the_name_cards(board) -> None:
    names = sorted(card.text for card in board.cards.values() if card.role == PARTNER_NAME)
    assert names == ["Jordan (withdraws)", "Maya (pursues)"]  # what the option has to take out again


def test_by_default_no_position_prints(couple, session, board) -> None:
    text = pdf_text(couple, session, board)
    assert "Maya" in text and "Jordan" in text
    assert "pursues" not in text and "withdraws" not in text
    section = text[text.index(TEXT["cycle_words"]):]
    assert "Maya Jordan" in section  # the column headings: the names alone
    assert sorted(c.text for c in board.cards.values() if c.role == PARTNER_NAME) == [
        "Jordan (withdraws)", "Maya (pursues)"]  # the board itself keeps its words


def test_chosen_the_positions_print_on_the_map_and_over_the_columns(couple, session, board) -> None:
    text = pdf_text(couple, session, board, show_positions=True)
    section = text[text.index(TEXT["cycle_words"]):]
    assert "Maya (pursues) Jordan (withdraws)" in section
    map_part = text[:text.index(TEXT["cycle_words"])]
    assert "Maya (pursues)" in map_part and "Jordan (withdraws)" in map_part


def test_with_aliases_both_ways(couple, session, board) -> None:
    off = pdf_text(couple, session, board, use_alias=True)
    assert "Partner Blue" in off and "pursues" not in off and "withdraws" not in off
    on = pdf_text(couple, session, board, use_alias=True, show_positions=True)
    assert "Partner Blue (pursues) Partner Orange (withdraws)" in on
    assert "Maya" not in on and "Jordan" not in on


def test_an_unset_position_prints_nothing_even_when_chosen(couple, session, board) -> None:
    couple.partner_b.position = Position.UNSET
    cycle = assemble_handout(couple, session, board, [], HomeworkLibrary(), show_positions=True).cycle
    assert [column.heading for column in cycle.columns] == ["Maya (pursues)", "Jordan"]
    cycle = assemble_handout(couple, session, board, [], HomeworkLibrary()).cycle
    assert [column.heading for column in cycle.columns] == ["Maya", "Jordan"]


def test_words_the_couple_wrote_about_pursuing_stay(couple, session, board) -> None:
    board.add_card(Card("When I pursue, you withdraws (that is our word for it)", x=0, y=1200))
    text = pdf_text(couple, session, board)
    assert "When I pursue, you withdraws (that is our word for it)" in text


def test_without_positions_takes_only_a_position_right_after_a_name() -> None:
    names = ("Maya", "Partner Blue")
    assert without_positions("Maya (pursues)", names) == "Maya"
    assert without_positions("Partner Blue  (withdraws)", names) == "Partner Blue"
    assert without_positions("Maya (pursues)\nloves long walks", names) == "Maya\nloves long walks"
    assert without_positions("Sam (pursues)", names) == "Sam (pursues)"  # not one of this couple's names
    assert without_positions("Mayan (pursues)", names) == "Mayan (pursues)"  # a name inside another word
    assert without_positions("Maya (pursues calmly)", names) == "Maya (pursues calmly)"
    assert without_positions("Maya (pursues)", ()) == "Maya (pursues)"
