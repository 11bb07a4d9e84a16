"""The printed map can be read: every word it draws is at least 9 pt (11 pt in large print), a big board gets sideways
pages of its own (whole, in parts, or in tiles), an empty slot prints no prompt, and the footer names only the
practice."""

from __future__ import annotations

import datetime as dt
import io
import math

import pytest
from pypdf import PdfReader

from couplecanvas.domain import Board, Card, Connector, Couple, HomeworkLibrary, Partner, PartnerRole, Session
from couplecanvas.domain.board import CardKind
from couplecanvas.domain.practice import Practice
from couplecanvas.domain.sample import build_sample
from couplecanvas.domain.templates import instantiate, load_builtin_templates
from couplecanvas.export import assemble_handout, render_handout
from couplecanvas.export.board_map import LARGE_MAP_FONT, MARKED_CONTENT_TAG, MIN_MAP_FONT
from couplecanvas.export.handout_style import BOTTOM_MARGIN, MARGIN

DAY = dt.date(2026, 11, 25)
SIX = ("our-cycle", "iceberg", "name-it-reauthor-it", "bids-and-horsemen", "talk-and-listen", "our-week-together")
TEMPLATES = load_builtin_templates().templates
PRACTICE = Practice(name="Harbour Couples Practice", support_line="In a crisis, call 0800 111 222, day or night.")


def text_pieces(pdf: bytes) -> list[tuple[int, str, float, bool]]:
    """Every piece of text in reading order, as (page index, text, size on paper in points, drawn by the map): the map
    draws inside its marked-content section; the size comes from the font size, the text and transformation matrices."""
    found: list[tuple[int, str, float, bool]] = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        depth = [0]

        def before(operator, operands, cm, tm) -> None:
            if operator == b"BMC" and operands and operands[0] == f"/{MARKED_CONTENT_TAG}":
                depth[0] += 1
            elif operator == b"EMC" and depth[0]:
                depth[0] -= 1

        def text(words, cm, tm, font, size) -> None:
            a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
            c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
            found.append((number, words, size * math.sqrt(abs(a * d - b * c)), bool(depth[0])))

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return found


def map_words(pdf: bytes) -> list[tuple[int, str, float]]:
    """Every piece of text the map draws, as (page index, text, size on paper in points)."""
    return [(number, words.strip(), size) for number, words, size, on_map in text_pieces(pdf)
            if on_map and words.strip()]


def smallest(pdf: bytes) -> float:
    sizes = [size for _, _, size in map_words(pdf)]
    assert sizes, "the map drew no words"
    return min(sizes)


def joined(words: list[tuple[int, str, float]]) -> str:
    return " ".join(" ".join(text for _, text, _ in words).split())


def pages(pdf: bytes) -> list:
    return list(PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def couple() -> Couple:
    return Couple(Partner("Maya"), Partner("Jordan"), id=1)


@pytest.fixture
def session() -> Session:
    return Session(1, DAY, "Mapping the cycle", id=1)


def _handout(couple: Couple, session: Session, board: Board, **options) -> bytes:
    large = options.pop("large_print", False)
    data = assemble_handout(couple, session, board, [], HomeworkLibrary(), practice=options.pop("practice", None),
                            **options)
    return render_handout(data, deterministic=True, large_print=large)


def six_template_board(couple: Couple, filled: bool = True, origins: str = "rows") -> Board:
    """The six templates a therapist expects first, each at its own origin (rows of three, or one long row), every
    slot filled with words a couple might say."""
    board = Board()
    x = y = row = 0.0
    for n, key in enumerate(SIX):
        cards, connectors, strokes = instantiate(TEMPLATES[key], couple, (x, y))
        for card in cards:
            if filled and card.role and not card.text.strip():
                who = {PartnerRole.A: "Maya", PartnerRole.B: "Jordan"}.get(card.partner, "we")
                card.text = f"{who} said this about {card.role.replace('-', ' ')} in the session"
            board.add_card(card)
        for connector in connectors:
            board.add_connector(connector)
        for stroke in strokes:
            board.add_stroke(stroke)
        x = max(c.x + c.width for c in cards) + 140
        row = max(row, max(c.y + c.height for c in cards) - y)
        if origins == "rows" and n % 3 == 2:
            x, y, row = 0.0, y + row + 160, 0.0
    return board


# -- the sample -------------------------------------------------------------------------------------------------------
def test_the_sample_map_is_on_the_first_page_with_words_of_nine_points_or_more(session) -> None:
    sample = build_sample(DAY)
    pdf = _handout(sample.couple, session, sample.board)
    words = map_words(pdf)
    assert {page for page, _, _ in words} == {0}
    assert min(size for _, _, size in words) >= MIN_MAP_FONT - 0.01
    text = joined(words)
    for label in ("what shows ↑", "old story", "new story", "The Chase", "Maya", "Jordan"):
        assert label in text
    # Before, the sample's words printed at about 5 pt.
    assert all(size < 12 for _, _, size in words)


def test_in_large_print_the_sample_map_words_are_eleven_points_or_more_on_a_sideways_page(session) -> None:
    sample = build_sample(DAY)
    pdf = _handout(sample.couple, session, sample.board, large_print=True)
    assert smallest(pdf) >= LARGE_MAP_FONT - 0.01
    on = {page for page, _, _ in map_words(pdf)}
    for index in on:
        width, height = pages(pdf)[index].mediabox.width, pages(pdf)[index].mediabox.height
        assert width > height  # sideways
    assert min(on) > 0  # the rest of the handout comes first, on upright pages
    assert float(pages(pdf)[0].mediabox.width) < float(pages(pdf)[0].mediabox.height)


# -- six templates on one board ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("origins", ["rows", "one row"])
def test_six_templates_get_sideways_pages_with_every_word_readable(couple, session, origins) -> None:
    board = six_template_board(couple, origins=origins)
    pdf = _handout(couple, session, board)
    words = map_words(pdf)
    assert min(size for _, _, size in words) >= MIN_MAP_FONT - 0.01
    every = pages(pdf)
    on = sorted({page for page, _, _ in words})
    assert on and all(every[i].mediabox.width > every[i].mediabox.height for i in on)
    assert len(on) <= 10
    text = joined(words)
    # Every card with words is on the map (cut with '…' where it had to be), the templates' own labels whole.
    for card in board.cards.values():
        if card.text.strip():
            assert " ".join(card.text.split()[:2]) in text, card.text
    for label in ("what shows ↑", "The one who talks", "The four horsemen, and what I try instead"):
        assert label in text
    assert _handout(couple, session, board) == pdf  # deterministic


def test_six_templates_in_large_print_are_eleven_points_or_more(couple, session) -> None:
    pdf = _handout(couple, session, six_template_board(couple), large_print=True)
    assert smallest(pdf) >= LARGE_MAP_FONT - 0.01


def test_an_extreme_board_still_builds_with_readable_words_inside_its_pages(couple, session) -> None:
    board = Board()
    previous = None
    for index in range(360):
        card = Card(f"Card {index} holds a few words", x=(index % 30) * 215.0, y=(index // 30) * 105.0,
                    kind=CardKind.NOTE if index % 5 == 0 else CardKind.CARD, z=index)
        board.add_card(card)
        if previous is not None:
            board.add_connector(Connector(previous, card.id, label="then" if index % 9 == 0 else ""))
        previous = card.id
    pdf = _handout(couple, session, board)
    words = map_words(pdf)
    assert min(size for _, _, size in words) >= MIN_MAP_FONT - 0.01
    text = joined(words)
    assert all(f"Card {index} " in text for index in range(360))
    every = pages(pdf)
    for page, _, _ in words:
        assert every[page].mediabox.width > every[page].mediabox.height
    assert len(every) <= 20 and len(pdf) < 400_000


# -- empty slots ------------------------------------------------------------------------------------------------------
def test_an_empty_template_prints_no_prompt_on_the_map_but_keeps_its_labels(couple, session) -> None:
    board = six_template_board(couple, filled=False)
    pdf = _handout(couple, session, board)
    text = joined(map_words(pdf))
    hints = {card.hint.strip() for card in board.cards.values() if card.hint.strip()}
    assert hints
    for hint in hints:
        assert hint not in text
        assert " ".join(hint.split()[:3]) not in text
    assert "what shows ↑" in text and "The one who listens" in text


# -- the footer -------------------------------------------------------------------------------------------------------
def test_the_footer_names_the_practice_and_its_support_line_and_never_the_app(couple, session) -> None:
    pdf = _handout(couple, session, six_template_board(couple), practice=PRACTICE)
    every = pages(pdf)
    for number, page in enumerate(every, start=1):
        text = " ".join(page.extract_text().split())
        assert PRACTICE.name in text and PRACTICE.support_line in text
        assert f"Page {number} of {len(every)}" in text
        assert "Couple Canvas" not in text
    plain = _handout(couple, session, six_template_board(couple))
    assert all("Couple Canvas" not in page.extract_text() for page in pages(plain))


def test_a_sideways_page_has_its_footer_along_its_own_foot(couple, session) -> None:
    pdf = _handout(couple, session, six_template_board(couple), practice=PRACTICE)
    sideways = [page for page in pages(pdf) if page.mediabox.width > page.mediabox.height]
    assert sideways
    for page in sideways:
        width = float(page.mediabox.width)
        where: dict[str, tuple[float, float]] = {}

        def visit(text, cm, tm, font, size) -> None:
            for key in ("Page", PRACTICE.name, "In a crisis"):
                if text.strip().startswith(key):
                    where[key] = (tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5])

        page.extract_text(visitor_text=visit)
        assert set(where) == {"Page", PRACTICE.name, "In a crisis"}
        name_x, name_y = where[PRACTICE.name]
        page_x, page_y = where["Page"]
        line_x, line_y = where["In a crisis"]
        assert name_x == pytest.approx(MARGIN, abs=1) and line_x == pytest.approx(MARGIN, abs=1)
        # The page number ends at the right margin of the long edge, beside the name, under the frame.
        assert width - MARGIN - 90 < page_x < width - MARGIN
        assert page_y == pytest.approx(name_y, abs=0.5) and name_y < BOTTOM_MARGIN and line_y < name_y


def words_off_the_map(pdf: bytes) -> str:
    """The handout's text in reading order without what the map draws."""
    return " ".join("".join(words for _, words, _, on_map in text_pieces(pdf) if not on_map).split())
