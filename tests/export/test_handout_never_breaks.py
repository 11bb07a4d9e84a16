"""Whatever the couple and the therapist typed, however big or strange the board, the handout is made: in A4, in
Letter and in large print, and it reads back as a PDF. Limits on what may be typed belong where it is typed
(domain.board.MAX_CARD_TEXT for a card, the practice's own checks); export never refuses what was stored."""

from __future__ import annotations

import datetime as dt
import io
import random

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from couplecanvas.domain import Board, Card, Connector, Couple, Partner, PartnerRole, Session
from couplecanvas.domain.board import MAX_CARD_TEXT, CardKind, ConnectorKind, Stroke, StrokeKind
from couplecanvas.domain.homework import Assignment, Who, load_builtin_library
from couplecanvas.domain.practice import Practice
from couplecanvas.domain.templates import instantiate, load_builtin_templates
from couplecanvas.export import export_handout

LIBRARY = load_builtin_library()
TEMPLATES = load_builtin_templates().templates
ROLES = sorted({slot.role for template in TEMPLATES.values() for slot in template.slots if slot.role})
SIZES = (("A4", False), ("Letter", False), ("A4", True))
DAY = dt.date(2026, 11, 25)

PIECES = (
    "Ça m'énerve, déjà vu, naïve façade",
    "המרדף כאן, בואו נאט",
    "أشعر بالوحدة عندما تبتعد",
    "我们的循环又开始了",
    "😀 🙈 👩‍❤️‍👨 🏳️‍🌈",
    "<b>&amp; </b> & <font> <br/> ]]> &#0; <para>",
    "\x00\x07\x1b\x7f\u200b\u200f\u202e\ufeff\ufffe",
    "e\u0301 a\u0308 \u0915\u094d\u0937",
    "\t  \r\n\r\n",
    "x" * 300,
)
"""Fragments of every kind of script and trouble, drawn into texts among random characters."""

fragment = st.one_of(
    st.sampled_from(PIECES),
    st.text(max_size=40),
    st.sampled_from(("\n", " ", "\n\n", "-")),
)


def texts(max_size: int) -> st.SearchStrategy[str]:
    """Text as typed (any script, control characters, markup look-alikes, many lines), at most `max_size` long."""
    return st.lists(fragment, max_size=60).map(lambda parts: "".join(parts)[:max_size])


coordinate = st.one_of(
    st.floats(-3000, 3000),
    st.sampled_from((-1e7, -12345.5, 0.0, 1e6, 1e7)),
)
size = st.one_of(st.floats(1, 600), st.sampled_from((1.0, 5.0, 4000.0)))


@st.composite
def boards(draw: st.DrawFn, couple: Couple) -> Board:
    """A board of random cards (any text, role, kind and place), arrows between them, pen lines and templates."""
    board = Board(session_id=3)
    for _ in range(draw(st.integers(0, 12))):
        board.add_card(
            Card(
                text=draw(texts(MAX_CARD_TEXT)),
                x=draw(coordinate),
                y=draw(coordinate),
                width=draw(size),
                height=draw(size),
                partner=draw(st.sampled_from((None, PartnerRole.A, PartnerRole.B))),
                kind=draw(st.sampled_from(CardKind)),
                role=draw(st.sampled_from(("", *ROLES))),
                colour=draw(st.sampled_from(("#fff4c2", "#000000", "", "not a colour", "#dbe8f7"))),
            )
        )
    for key in draw(st.lists(st.sampled_from(sorted(TEMPLATES)), max_size=3)):
        origin = (draw(coordinate), draw(coordinate))
        cards, connectors, strokes = instantiate(TEMPLATES[key], couple, origin,
                                                 one=draw(st.sampled_from(PartnerRole)))
        for card in cards:
            if draw(st.booleans()):
                card.text = draw(texts(MAX_CARD_TEXT))
            board.add_card(card)
        for connector in connectors:
            board.add_connector(connector)
        for stroke in strokes:
            board.add_stroke(stroke)
    ids = list(board.cards)
    if len(ids) >= 2:
        for _ in range(draw(st.integers(0, 6))):
            source, target = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
            if source != target and not board.has_connector(source, target):
                board.add_connector(Connector(source, target, label=draw(texts(200)),
                                              kind=draw(st.sampled_from(ConnectorKind)),
                                              curved=draw(st.booleans())))
    for _ in range(draw(st.integers(0, 2))):
        points = draw(st.lists(st.tuples(coordinate, coordinate, st.floats(0, 1)), min_size=1, max_size=20))
        board.add_stroke(Stroke(tuple(points), kind=draw(st.sampled_from(StrokeKind))))
    return board


@st.composite
def assignments(draw: st.DrawFn) -> list[Assignment]:
    """Some exercises of the library, each with a note of any length (up to pages)."""
    keys = draw(st.lists(st.sampled_from([e.key for e in LIBRARY.ordered()]), max_size=4, unique=True))
    return [
        Assignment(3, key, draw(st.sampled_from(Who)), note=draw(st.one_of(texts(2000), texts(8000))), position=n,
                   frequency=draw(texts(60)))
        for n, key in enumerate(keys)
    ]


names = st.text(max_size=60).filter(lambda name: name.strip())


def _couple(first: str, second: str) -> Couple:
    return Couple(Partner(first), Partner(second), id=7)


def _made(couple: Couple, board: Board, homework: list[Assignment], practice: Practice | None = None,
          title: str = "Session", sizes: tuple[tuple[str, bool], ...] = SIZES) -> None:
    """The handout in each size, read back: every page has a text layer pypdf can read."""
    session = Session(couple_id=7, date=DAY, title=title, id=3)
    for page_size, large_print in sizes:
        pdf = export_handout(couple, session, board, homework, LIBRARY, page_size=page_size, large_print=large_print,
                             deterministic=True, practice=practice or Practice(), feelings_page=True)
        reader = PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) >= 1
        for page in reader.pages:
            page.extract_text()


FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.data_too_large])


@FAST
@given(data=st.data(), first=names, second=names, title=texts(200))
def test_any_board_and_homework_makes_a_handout(data: st.DataObject, first: str, second: str, title: str) -> None:
    couple = _couple(first, second)
    board = data.draw(boards(couple))
    _made(couple, board, data.draw(assignments()), title=title)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=texts(200),
    contact=texts(500),
    support=texts(120),
    spot_it=texts(MAX_CARD_TEXT),
    spelling=st.sampled_from(("UK", "US")),
)
def test_any_practice_details_and_long_spot_it_make_a_handout(name: str, contact: str, support: str, spot_it: str,
                                                              spelling: str) -> None:
    practice = Practice(name=name, contact=contact, support_line=support, spelling=spelling).check()
    couple = _couple("Maya", "Jordan")
    board = Board(session_id=3)
    board.add_card(Card(text=spot_it, role="spot-it"))
    board.add_card(Card(text=spot_it, role="cycle-name", x=300))
    _made(couple, board, [], practice)


def _many_cards(count: int, seed: int) -> Board:
    """`count` cards of every kind scattered over a wide board, with arrows between neighbours."""
    rng = random.Random(seed)
    board = Board(session_id=3)
    cards = []
    for n in range(count):
        card = Card(text=rng.choice(PIECES)[:80] + f" {n}", x=rng.uniform(-20000, 20000), y=rng.uniform(-8000, 8000),
                    partner=rng.choice((None, PartnerRole.A, PartnerRole.B)), role=rng.choice(("", *ROLES)))
        board.add_card(card)
        cards.append(card)
    for a, b in zip(cards, cards[1:]):
        if rng.random() < 0.2:
            board.add_connector(Connector(a.id, b.id, label=rng.choice(("", "then", "שוב"))))
    return board


def test_two_thousand_cards_make_a_handout() -> None:
    # A4 only: about 300 pages of sideways map take some 40 s a size here; the other sizes share the same code,
    # and the property tests above draw every size.
    _made(_couple("Maya", "Jordan"), _many_cards(2000, seed=2000), [], sizes=SIZES[:1])


def test_every_template_and_every_exercise_with_long_notes_make_a_handout() -> None:
    couple = _couple("Maya", "Jordan")
    board = Board(session_id=3)
    for index, key in enumerate(sorted(TEMPLATES)):
        cards, connectors, strokes = instantiate(TEMPLATES[key], couple, (index * 1500.0, 0.0))
        for card in cards:
            card.text = ("\n".join(PIECES[:6]) + "\n") * 5
            card.text = card.text[:MAX_CARD_TEXT]
            board.add_card(card)
        for connector in connectors:
            board.add_connector(connector)
        for stroke in strokes:
            board.add_stroke(stroke)
    homework = [Assignment(3, exercise.key, Who.BOTH, note=("A long note, line after line.\n" * 200), position=n)
                for n, exercise in enumerate(LIBRARY.ordered())]
    _made(couple, board, homework)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.integers(30, 400), width=st.integers(1, 40))
@example(lines=40, width=12)
def test_a_spot_it_card_of_many_short_lines_makes_a_handout(lines: int, width: int) -> None:
    text = "\n".join(("w" * width + f" {n}")[: width + 4] for n in range(lines))[:MAX_CARD_TEXT]
    board = Board(session_id=3)
    board.add_card(Card(text=text, role="spot-it"))
    _made(_couple("Maya", "Jordan"), board, [])
