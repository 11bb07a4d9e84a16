"""The handout's map draws sticky notes, plain labels, curved arrows and freehand ink from the domain board."""

from __future__ import annotations

import datetime as dt
import io
import math

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from couplecanvas.domain import Board, Card, Connector, Couple, HomeworkLibrary, Partner, PartnerRole, Session
from couplecanvas.domain.board import (
    OLD_STORY_COLOUR,
    REFRAME_COLOUR,
    STICKY_NOTE_COLOUR,
    CardKind,
    ConnectorKind,
    Stroke,
    StrokeKind,
)
from couplecanvas.domain.geometry import curve_control
from couplecanvas.export import assemble_handout, render_handout
from couplecanvas.export.board_map import MIN_MAP_FONT, BoardMap
from couplecanvas.export.fonts import BOLD, REGULAR, register_fonts
from couplecanvas.export.handout_data import BoardSnapshot, Story
from couplecanvas.export.map_geometry import (
    quad_bounds,
    quad_point,
    quad_to_cubic,
    quad_trimmed_end,
    stroke_outline,
    thinned,
)

from .test_map_readable import map_words

NOTE_TEXT = "Call each other at lunch"
LABEL_TEXT = "The Chase"
HIGHLIGHT = "#fff176"
INK = "#1f1f1f"
# The pen line: a wave from (60, 330) to (360, 330), pressing harder as it goes.
WAVE = tuple((60 + 15 * i, 330 + 30 * math.sin(i / 3), 0.2 + 0.04 * i) for i in range(21))


@pytest.fixture
def board() -> Board:
    board = Board(session_id=1)
    start = Card("It starts here", x=0, y=0, z=1)
    note = Card(NOTE_TEXT, x=520, y=0, width=160, height=140, colour=STICKY_NOTE_COLOUR, kind=CardKind.NOTE, z=2)
    label = Card(LABEL_TEXT, x=560, y=420, width=200, height=50, colour="#ffffff", kind=CardKind.LABEL, z=3)
    for card in (start, note, label):
        board.add_card(card)
    board.add_connector(Connector(start.id, note.id, label="then", curved=True))
    board.add_connector(Connector(note.id, label.id))
    board.add_stroke(Stroke(WAVE, INK, 8.0, StrokeKind.PEN, z=4))
    board.add_stroke(Stroke(((0, 520, 1.0), (400, 520, 1.0)), HIGHLIGHT, 24.0, StrokeKind.HIGHLIGHTER, z=5))
    return board


def _map_pdf(board: Board) -> tuple[bytes, BoardMap, float]:
    """The map alone on a page of its own size at 1 point per board unit: (PDF bytes, the map, page height)."""
    register_fonts()
    snapshot = BoardSnapshot.of(board)
    flowable = BoardMap(snapshot, {}, font=REGULAR, bold_font=BOLD, max_height=10_000)
    width, height = flowable.wrap(flowable.bounds.w, 10_000)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), invariant=1)
    flowable.drawOn(canvas, 0, 0)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue(), flowable, height


def _map_image(board: Board, render_page, scale: float = 2.0):
    """The map alone on a page of its own size, rendered; returns (image, the map) to find board points on it."""
    pdf, flowable, height = _map_pdf(board)
    return render_page(pdf, 0, scale), flowable, height


def _pixel_at(image, flowable: BoardMap, page_height: float, x: float, y: float, scale: float = 2.0):
    """The pixel where board point (x, y) lands (PDF y grows upward, the picture's downward)."""
    px = flowable._x(x) * scale
    py = (page_height - flowable._y(y)) * scale
    return image.getpixel((round(px), round(py)))


def _pixels_near(image, flowable, page_height, x, y, radius=4.0, scale=2.0):
    return [
        _pixel_at(image, flowable, page_height, x + dx, y + dy, scale)
        for dx in (-radius, 0.0, radius)
        for dy in (-radius, 0.0, radius)
    ]


def _dark_pixels(image, flowable, page_height, left, top, right, bottom, scale=2.0) -> int:
    """How many near-black pixels lie inside a board rectangle."""
    box = (
        round(flowable._x(left) * scale),
        round((page_height - flowable._y(top)) * scale),
        round(flowable._x(right) * scale),
        round((page_height - flowable._y(bottom)) * scale),
    )
    counts = image.crop(box).getcolors(1 << 20)
    return sum(n for n, pixel in counts if max(pixel) < 90)


def _close(pixel, target, tolerance=14) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, target))


def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


# -- the snapshot ------------------------------------------------------------------------------------------------------
def test_snapshot_keeps_kinds_curves_and_strokes_in_z_order(board: Board) -> None:
    snapshot = BoardSnapshot.of(board)
    assert [card.kind for card in snapshot.cards] == [CardKind.CARD, CardKind.NOTE, CardKind.LABEL]
    assert [c.curved for c in snapshot.connectors] == [True, False]
    assert [s.kind for s in snapshot.strokes] == [StrokeKind.PEN, StrokeKind.HIGHLIGHTER]
    assert snapshot.strokes[0].points == WAVE
    bounds = snapshot.bounds()
    assert bounds.bottom >= 520 + 12  # the highlighter's half width is on the map too
    # Later edits of the board leave the snapshot alone.
    next(iter(board.strokes.values())).colour = "#b3261e"
    assert snapshot.strokes[0].colour == INK


def test_ink_alone_is_a_map_and_a_curve_bulge_is_inside_the_bounds() -> None:
    only_ink = Board()
    only_ink.add_stroke(Stroke(((0, 0, 1.0), (50, 50, 1.0))))
    snapshot = BoardSnapshot.of(only_ink)
    assert not snapshot.is_empty and snapshot.bounds() is not None

    curved = Board()
    a, b = Card("a", x=0, y=0), Card("b", x=600, y=0)
    curved.add_card(a)
    curved.add_card(b)
    curved.add_connector(Connector(a.id, b.id, curved=True))
    snapshot = BoardSnapshot.of(curved)
    # From left to right the curve bends to the travel direction's left: downward on the board, past the cards.
    bulge = quad_point((200, 45), curve_control(200, 45, 600, 45), (600, 45), 0.5)
    assert bulge[1] > 90
    assert snapshot.bounds().bottom >= bulge[1] - 1e-6


# -- the geometry ------------------------------------------------------------------------------------------------------
def test_pen_outline_follows_pressure_and_has_round_ends() -> None:
    points = [(0.0, 0.0, 0.0), (10.0, 0.0, 0.5), (20.0, 0.0, 1.0)]
    outline = stroke_outline(points, 10.0)
    left, right = outline.polygon[:3], outline.polygon[3:][::-1]
    widths = [abs(a[1] - b[1]) for a, b in zip(left, right)]
    assert widths == pytest.approx([3.5, 6.75, 10.0])
    assert [d[2] for d in outline.dots] == pytest.approx([1.75, 5.0])
    dot = stroke_outline([(5.0, 5.0, 1.0)], 6.0)
    assert dot.polygon == () and dot.dots == ((5.0, 5.0, 3.0),)


def test_curve_helpers_agree_with_each_other() -> None:
    p0, p2 = (0.0, 0.0), (100.0, 0.0)
    control = curve_control(*p0, *p2)
    assert control == (50.0, 25.0)
    bounds = quad_bounds(p0, control, p2)
    assert bounds.bottom == pytest.approx(12.5) and bounds.y == pytest.approx(0.0)
    c1, c2 = quad_to_cubic(p0, control, p2)
    for t in (0.25, 0.5, 0.8):  # the cubic traces the same curve
        u = 1 - t
        cubic = [u**3 * a + 3 * u * u * t * b + 3 * u * t * t * c + t**3 * d for a, b, c, d in zip(p0, c1, c2, p2)]
        assert cubic == pytest.approx(list(quad_point(p0, control, p2, t)))
    short_control, short_end = quad_trimmed_end(p0, control, p2, 10.0)
    assert math.dist(short_end, p2) == pytest.approx(10.0, abs=1e-3)
    # The trimmed curve is the start of the same curve: its middle lies on the original.
    middle = quad_point(p0, short_control, short_end, 0.5)
    assert min(math.dist(middle, quad_point(p0, control, p2, i / 1000)) for i in range(1001)) < 0.2
    # Points too close together are dropped; the real end is kept.
    assert thinned([(0, 0, 1), (0.1, 0, 1), (5, 0, 1), (5.1, 0, 1)], 1.0) == [(0, 0, 1), (5.1, 0, 1)]


# -- the drawing -------------------------------------------------------------------------------------------------------
def test_map_draws_ink_highlighter_note_label_and_curve(board: Board, render_page) -> None:
    image, flowable, height = _map_image(board, render_page)
    at = lambda x, y: _pixel_at(image, flowable, height, x, y)  # noqa: E731
    near = lambda x, y, r=4.0: _pixels_near(image, flowable, height, x, y, r)  # noqa: E731

    # The pen line is dark ink along its points, and nothing is drawn just off it.
    middle = WAVE[10]
    assert any(max(p) < 90 for p in near(middle[0], middle[1], 1.5))
    assert at(middle[0], middle[1] - 60) == (255, 255, 255)
    # The highlighter is see-through: its colour mixed with the white paper, not the opaque colour.
    mixed = tuple(round(255 - (255 - c) * 110 / 255) for c in _hex(HIGHLIGHT))
    assert _close(at(200, 520), mixed, 8)
    assert not _close(at(200, 520), _hex(HIGHLIGHT), 8)
    # The sticky note: its colour inside, a soft grey shadow just past its lower right edge.
    assert _close(at(540, 20), _hex(STICKY_NOTE_COLOUR), 6)
    shadow = at(520 + 160 + 1.5, 140 + 2)
    assert 200 < min(shadow) < 252
    # The label has no box: the corners of its rectangle are bare paper, its words are there.
    assert at(562, 422) == (255, 255, 255) and at(758, 468) == (255, 255, 255)
    assert _dark_pixels(image, flowable, height, 560, 420, 760, 470) > 100
    # The curved arrow passes through its bulge, not along the straight chord.
    x1, y1, x2, y2 = board.connector_segment(next(iter(board.connectors)))
    bulge = quad_point((x1, y1), curve_control(x1, y1, x2, y2), (x2, y2), 0.3)
    chord = (x1 + (x2 - x1) * 0.3, y1 + (y2 - y1) * 0.3)
    assert math.dist(bulge, chord) > 15
    assert any(max(p) < 200 for p in near(*bulge, 1.5))
    assert all(min(p) > 240 for p in near(*chord, 1.5))


def test_handout_text_holds_note_and_label_with_the_label_in_bold(board: Board) -> None:
    couple = Couple(Partner("Zoë"), Partner("José"), id=1)
    data = assemble_handout(couple, Session(1, dt.date(2026, 11, 25), id=1), board, [], HomeworkLibrary())
    pdf = render_handout(data, deterministic=True)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    fonts: dict[str, set[str]] = {}

    def visit(text, cm, tm, font, size) -> None:
        if text.strip() and font is not None:
            fonts.setdefault(text.strip(), set()).add(str(font["/BaseFont"]).split("+")[-1])

    words = " ".join(page.extract_text(visitor_text=visit).split())
    assert NOTE_TEXT in words and LABEL_TEXT in words and "then" in words
    assert fonts[LABEL_TEXT] == {"DejaVuSans-Bold"}
    assert render_handout(data, deterministic=True) == pdf


def test_odd_ink_and_arrows_do_not_break_the_map(board: Board) -> None:
    cards = list(board.cards.values())
    board.add_stroke(Stroke(((10, 10, 0.5),), INK, 4.0, z=6))  # a dot
    board.add_stroke(Stroke(((10, 10, 0.5),), HIGHLIGHT, 20.0, StrokeKind.HIGHLIGHTER, z=7))
    board.add_stroke(Stroke(((5, 5, 1.0), (5, 5, 1.0), (5, 5, 1.0)), INK, 3.0, z=8))  # no length at all
    board.add_stroke(Stroke(((0, 0, 1.0), (float("nan"), 3, 1.0), (30, 30, 2.5)), INK, 0.01, z=9))  # hair-thin
    twin = Card("same place", x=cards[0].x, y=cards[0].y, z=10)
    board.add_card(twin)
    board.add_connector(Connector(cards[0].id, twin.id, label="loops", curved=True))  # no length: left out
    couple = Couple(Partner("A"), Partner("B"), id=1)
    data = assemble_handout(couple, Session(1, dt.date(2026, 11, 25), id=1), board, [], HomeworkLibrary())
    pdf = render_handout(data)
    assert NOTE_TEXT in " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())


def test_a_crowded_inked_board_gets_readable_pages_of_its_own_and_stays_small() -> None:
    board = Board()
    previous = None
    for index in range(300):
        x, y = (index % 20) * 230.0, (index // 20) * 120.0
        kind = (CardKind.CARD, CardKind.NOTE, CardKind.LABEL)[index % 3]
        card = Card(f"Card {index} with a few words", x=x, y=y, kind=kind, partner=PartnerRole.B if index % 7 else None,
                    z=index)
        board.add_card(card)
        if previous is not None:
            board.add_connector(Connector(previous, card.id, curved=index % 2 == 0))
        previous = card.id
        points = tuple((x + i * 1.5, y + 100 + 8 * math.sin(i / 5), 0.5 + 0.5 * math.sin(i / 9)) for i in range(120))
        board.add_stroke(
            Stroke(points, INK, 3.0, StrokeKind.PEN if index % 2 else StrokeKind.HIGHLIGHTER, z=index + 0.5)
        )
    couple = Couple(Partner("A"), Partner("B"), id=1)
    data = assemble_handout(couple, Session(1, dt.date(2026, 11, 25), id=1), board, [], HomeworkLibrary())
    pdf = render_handout(data)
    # Too big to read on one page: sideways pages of its own, in parts, every word at 9 pt or more.
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 12
    assert min(size for _, _, size in map_words(pdf)) >= MIN_MAP_FONT - 0.01
    assert len(pdf) < 600_000
    assert b"/Subtype /Image" not in pdf


# -- reframes and prompts ----------------------------------------------------------------------------------------------
def _story_board() -> tuple[Board, Card, Card]:
    """An old story with its new story to its right (a reframe arrow along y = 45), and under them an ordinary arrow
    between two plain cards along y = 345."""
    board = Board()
    old = Card("We always fight", x=0, y=0, z=1)
    new = Card("We are learning to pause", x=500, y=0, z=2)
    left, right = Card("plain one", x=0, y=300, z=3), Card("plain two", x=500, y=300, z=4)
    for card in (old, new, left, right):
        board.add_card(card)
    board.add_connector(Connector(old.id, new.id, kind=ConnectorKind.REFRAME))
    board.add_connector(Connector(left.id, right.id))
    return board, old, new


def test_snapshot_knows_the_old_and_the_new_story() -> None:
    board, old, new = _story_board()
    snapshot = BoardSnapshot.of(board)
    stories = {card.text: card.story for card in snapshot.cards}
    assert stories == {old.text: Story.OLD, new.text: Story.NEW, "plain one": Story.NONE, "plain two": Story.NONE}
    assert [c.kind for c in snapshot.connectors] == [ConnectorKind.REFRAME, ConnectorKind.ARROW]


def test_a_reframe_arrow_is_green_thick_and_dashed_unlike_an_ordinary_arrow(render_page) -> None:
    board, _old, _new = _story_board()
    image, flowable, height = _map_image(board, render_page)
    green = _hex(REFRAME_COLOUR)
    # Walk along both shafts, short of the heads, one board unit at a time.
    reframe = [_pixel_at(image, flowable, height, x, 45) for x in range(212, 470)]
    plain = [_pixel_at(image, flowable, height, x, 345) for x in range(212, 470)]
    on_green = sum(_close(p, green, 30) for p in reframe)
    gaps = sum(min(p) > 240 for p in reframe)
    assert on_green > 100 and gaps > 40  # a dashed line: green dashes and paper between them
    assert not any(_close(p, green, 20) for p in plain)
    assert all(max(p) < 200 for p in plain)  # the ordinary arrow is one unbroken grey line
    # Thicker: the reframe's shaft covers rows above and below its middle where the ordinary one does not.
    assert any(_close(_pixel_at(image, flowable, height, x, 46.2), green, 40) for x in range(212, 470))
    assert all(min(_pixel_at(image, flowable, height, x, 346.2)) > 200 for x in range(212, 470))


def test_story_cards_get_their_colours_and_a_tag_above_the_map_edge(render_page) -> None:
    board, old, new = _story_board()
    pdf, _flowable, _height = _map_pdf(board)
    image, flowable, height = _map_image(board, render_page)
    assert _close(_pixel_at(image, flowable, height, 0.3, 60), _hex(OLD_STORY_COLOUR), 30)
    assert _close(_pixel_at(image, flowable, height, 699.7, 60), _hex(REFRAME_COLOUR), 30)
    # The tags straddle the cards' top edges, even at the top of the board: their upper halves are on the map too.
    assert _close(_pixel_at(image, flowable, height, 16, -5), _hex(OLD_STORY_COLOUR), 12)
    assert _close(_pixel_at(image, flowable, height, 516, -5), _hex(REFRAME_COLOUR), 12)
    assert flowable.top_pad > 0
    words = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "old story" in words and "new story" in words
    assert old.text in words and new.text in words


def test_an_empty_slot_prints_lines_to_write_on_not_its_prompt_and_a_filled_one_its_words(render_page) -> None:
    board = Board()
    empty = Card("", x=0, y=0, width=240, height=80, hint="When I see or hear...", z=1)
    filled = Card("You look away", x=300, y=0, width=240, height=80, hint="a prompt nobody needs", z=2)
    board.add_card(empty)
    board.add_card(filled)
    pdf, _flowable, _height = _map_pdf(board)
    words = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "You look away" in words
    assert "When I see" not in words and "nobody needs" not in words
    image, flowable, height = _map_image(board, render_page)
    assert _dark_pixels(image, flowable, height, 10, 10, 230, 70) == 0
    assert _dark_pixels(image, flowable, height, 310, 10, 530, 70) > 50
    # Faint lines to write on run across the empty card: a light grey row, not the card's own fill.
    column = [_pixel_at(image, flowable, height, 120, y) for y in range(8, 73)]
    assert any(160 < min(p) < 235 for p in column)
