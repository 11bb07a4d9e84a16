"""Aliases in the printed handout: names planted everywhere the couple's and the therapist's words print (a card, a
prompt, an arrow, a reframe, the cycle, a worksheet, the plan, a homework note, the therapist's own exercise), in lower
case, without accents, possessive, are gone from the PDF's text; the aliases print instead; a name run together with
other letters is found for the therapist to check."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from couplecanvas.domain import Assignment, Board, Card, Connector, Couple, Partner, PartnerRole, Session, Who
from couplecanvas.domain.board import ConnectorKind
from couplecanvas.domain.homework import Exercise, HomeworkLibrary, Origin, load_builtin_library
from couplecanvas.domain.privacy import FindingKind, fold
from couplecanvas.domain.templates import instantiate, load_builtin_templates
from couplecanvas.export import assemble_handout, export_handout
from couplecanvas.export.handout_data import names_to_check_in_handout

DAY = dt.date(2026, 12, 3)
NAMES = ("Zoë", "José")
ALIASES = ("Partner Blue", "Partner Orange")


def _couple() -> Couple:
    return Couple(Partner(NAMES[0], alias=ALIASES[0]), Partner(NAMES[1], alias=ALIASES[1]), id=7)


def _library() -> HomeworkLibrary:
    library = load_builtin_library()
    own = Exercise(key="zoe-walk", title="Zoë's walk with José", approach="own", frequency="Each evening",
                   duration="20 minutes", who=Who.BOTH, summary="zoe picks the street, jose picks the way home.",
                   steps=("JOSÉ asks how the day was", "Zoe's turn to listen"), tracking="Tick each walk.",
                   origin=Origin.OWN)
    return library.with_own([own])


def _board(couple: Couple) -> Board:
    board = Board(session_id=3)
    cycle = load_builtin_templates().templates["our-cycle"]
    cards, connectors, _ = instantiate(cycle, couple, (0.0, 0.0), use_alias=False)  # prompts made with first names
    for card in cards:
        if card.role == "longing":
            card.text = "to hear zoe's voice" if card.partner is PartnerRole.B else "that jose’s there"
        if card.role == "cycle-name":
            card.text = "The Zoë-and-José dance"
    for item in cards:
        board.add_card(item)
    for connector in connectors:
        board.add_connector(connector)
    old = Card("ZOE always nags", x=0, y=1400)
    new = Card("Zoës’ worry is love; josé's too", x=400, y=1400)
    plain = Card("When Jose looks at his phone", x=800, y=1400)
    for item in (old, new, plain):
        board.add_card(item)
    board.add_connector(Connector(old.id, new.id, kind=ConnectorKind.REFRAME))
    board.add_connector(Connector(plain.id, old.id, label="zoë sighs at José"))
    return board


def _assignments() -> list[Assignment]:
    return [
        Assignment(3, "zoe-walk", Who.BOTH, note="Zoë, text José before you leave", position=0,
                   frequency="when zoe is home"),
        Assignment(3, "daily-check-in", Who.B, note="jose’s turn first; ZOË listens", position=1),
    ]


def _words(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _handout(use_alias: bool) -> str:
    couple = _couple()
    session = Session(couple_id=7, date=DAY, id=3)
    return _words(export_handout(couple, session, _board(couple), _assignments(), _library(), use_alias=use_alias,
                                 deterministic=True, plan_card=True))


def test_no_real_name_prints_with_aliases_and_the_aliases_do():
    plain = fold(_handout(use_alias=False))
    assert "zoe" in plain and "jose" in plain  # planted: without aliases, the names are there to find
    words = _handout(use_alias=True)
    assert "zoe" not in fold(words) and "jose" not in fold(words), words
    for alias in ALIASES:
        assert alias in words
    assert "Partner Blue's walk with Partner Orange" in words  # the therapist's own exercise
    assert "Partner Blue, text Partner Orange before you leave" in words  # the note on the assignment
    assert "Partner Orange’s turn first; Partner Blue listens" in words
    assert "Partner Blues’ worry is love; Partner Orange's too" in words  # a reframe, plural possessive
    assert "Partner Blue sighs at Partner Orange" in words  # an arrow's words


def test_the_couples_own_choice_is_the_default():
    couple = _couple()
    couple.use_aliases = True
    session = Session(couple_id=7, date=DAY, id=3)
    data = assemble_handout(couple, session, _board(couple), _assignments(), _library())
    assert data.homework[0].note == "Partner Blue, text Partner Orange before you leave"
    assert data.homework[0].frequency == "when Partner Blue is home"
    assert data.homework[0].steps == ("Partner Orange asks how the day was", "Partner Blue's turn to listen")


@pytest.mark.parametrize("use_alias", [True, False])
def test_a_name_run_together_is_found_for_the_therapist(use_alias):
    couple = _couple()
    board = _board(couple)
    board.add_card(Card("#ZoeTime every Sunday", x=0, y=1800))
    assignments = _assignments()
    assignments[0].note = "Ask zoë123 for the plan"
    data = assemble_handout(couple, Session(couple_id=7, date=DAY, id=3), board, assignments, _library(),
                            use_alias=True)
    found = names_to_check_in_handout(data, couple)
    assert [(f.where, f.word, f.kind) for f in found] == [
        ("a card", "#ZoeTime", FindingKind.RUN_TOGETHER),
        ("homework “Partner Blue's walk with Partner Orange”: your note", "zoë123", FindingKind.RUN_TOGETHER),
    ]
    assert all(f.name == "Zoë" for f in found)
