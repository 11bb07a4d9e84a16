"""The take-home handout: data assembly, then the PDF read back as text, fonts, metadata and pixels."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import io
import logging
import pathlib
import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from couplecanvas.domain import (
    Assignment,
    Board,
    Card,
    Connector,
    Couple,
    Exercise,
    HomeworkLibrary,
    Partner,
    PartnerRole,
    PrivateNote,
    Session,
    Who,
)
from couplecanvas.domain.board import PARTNER_CARD_COLOURS
from couplecanvas.export import HandoutData, assemble_handout, export_handout, render_handout
from couplecanvas.export.fonts import BOLD, FAMILY, REGULAR, register_fonts
from couplecanvas.export.handout_pdf import HandoutRenderer
from couplecanvas.export.homework_data import week_after
from couplecanvas.export.text_fit import fit_text, wrap_lines

from .test_map_readable import map_words

CANARY = "CANARY-private-7f3a"
DAY = dt.date(2026, 11, 25)
PHONE_TEXT = "When you look at your phone"
B_TEXT = "Deep down I feel: like I keep failing you"
CENTRE_TEXT = "Our cycle: “The Chase” — Ελπίδα и надежда"


def _exercises() -> HomeworkLibrary:
    return HomeworkLibrary(
        {
            "pause-together": Exercise(
                key="pause-together",
                title="Pause when the chase starts",
                approach="EFT",
                frequency="Whenever it shows up",
                duration="A few minutes",
                who=Who.BOTH,
                summary="Notice the pattern as it begins and take a calm pause together.",
                steps=("Say the cycle's name out loud", "Breathe slowly for one minute", "Turn back toward each other"),
                tracking="Tick each day you caught the cycle early.",
            ),
            "appreciation": Exercise(
                key="appreciation",
                title="One appreciation a day",
                approach="Gottman",
                frequency="Daily",
                duration="5 minutes",
                who=Who.A,
                summary="Share one small thing you valued in your partner today.",
                steps=("Find a quiet moment", "Name one specific thing you appreciated"),
                tracking="Tick the day once you have shared it.",
            ),
        }
    )


@pytest.fixture
def couple() -> Couple:
    return Couple(Partner("Zoë", alias="Partner Blue"), Partner("José", alias="Partner Orange"), id=7)


@pytest.fixture
def session() -> Session:
    return Session(couple_id=7, date=DAY, title="Affair disclosure follow-up", id=3)


@pytest.fixture
def board() -> Board:
    board = Board(session_id=3)
    a = Card(PHONE_TEXT, x=40, y=40, width=200, height=90, colour=PARTNER_CARD_COLOURS[PartnerRole.A],
             partner=PartnerRole.A, z=1)
    b = Card(B_TEXT, x=520, y=40, width=200, height=90, colour=PARTNER_CARD_COLOURS[PartnerRole.B],
             partner=PartnerRole.B, z=2)
    c = Card(CENTRE_TEXT, x=280, y=260, width=220, height=100, z=3)
    for card in (a, b, c):
        board.add_card(card)
    board.add_connector(Connector(a.id, b.id, label="triggers"))
    board.add_connector(Connector(b.id, c.id))
    return board


@pytest.fixture
def assignments() -> list[Assignment]:
    return [
        Assignment(3, "appreciation", Who.A, note="", position=1),
        Assignment(3, "pause-together", Who.BOTH, note="Use your own name for it: “the Chase”.", position=0),
    ]


@pytest.fixture
def data(couple, session, board, assignments) -> HandoutData:
    return assemble_handout(couple, session, board, assignments, _exercises())


@pytest.fixture
def pdf_bytes(data) -> bytes:
    return render_handout(data, deterministic=True)


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join((page.extract_text() or "") for page in reader.pages)


def _words(pdf: bytes) -> str:
    """The PDF's text with every run of whitespace made one space, so wrapped card text can be searched."""
    return " ".join(_text(pdf).split())


# -- data assembly -----------------------------------------------------------------------------------------------------
def test_assembly_names_date_and_homework_in_order(data: HandoutData) -> None:
    assert data.title == "Our session together"
    assert data.partner_names == ("Zoë", "José")
    assert data.date_text == "25 November 2026"
    assert data.session_date == DAY
    assert [entry.title for entry in data.homework] == ["Pause when the chase starts", "One appreciation a day"]
    first, second = data.homework
    assert first.who == "Both of you" and first.tick_rows == ("Zoë", "José")
    assert first.note == "Use your own name for it: “the Chase”."
    assert first.steps[1] == "Breathe slowly for one minute"
    assert second.who == "Zoë" and second.tick_rows == ("Zoë",) and second.note == ""
    assert len(data.board.cards) == 3 and len(data.board.connectors) == 2


def test_assembly_uses_aliases_when_asked(couple, session, board, assignments) -> None:
    shown = assemble_handout(couple, session, board, assignments, _exercises(), use_alias=True)
    assert shown.partner_names == ("Partner Blue", "Partner Orange")
    assert shown.homework[1].who == "Partner Blue"
    couple.use_aliases = True
    by_default = assemble_handout(couple, session, board, [], _exercises())
    assert by_default.partner_names == ("Partner Blue", "Partner Orange")
    first_names = assemble_handout(couple, session, board, [], _exercises(), use_alias=False)
    assert first_names.partner_names == ("Zoë", "José")


def test_assembly_skips_unknown_exercises_with_a_warning(couple, session, board, assignments, caplog) -> None:
    assignments.append(Assignment(3, "no-such-exercise", position=2))
    with caplog.at_level(logging.WARNING, logger="couplecanvas.export.homework_data"):
        data = assemble_handout(couple, session, board, assignments, _exercises())
    assert len(data.homework) == 2
    assert "no-such-exercise" in caplog.text


def test_assembly_is_a_frozen_snapshot(data: HandoutData, board: Board) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.title = "changed"  # type: ignore[misc]
    for card in board.cards.values():
        board.set_card_text(card.id, "edited later")
    assert PHONE_TEXT in [card.text for card in data.board.cards]


def test_assembly_cannot_take_private_notes(couple, session, board, assignments) -> None:
    parameters = list(inspect.signature(assemble_handout).parameters)
    assert parameters == ["couple", "session", "board", "assignments", "library", "use_alias", "practice",
                          "print_sensitive", "show_positions", "plan_card", "feelings_page"]
    private = PrivateNote(session_id=3, text=CANARY)
    with pytest.raises(TypeError):
        assemble_handout(  # type: ignore[call-arg]
            couple, session, board, assignments, _exercises(), private_note=private
        )
    assert all(CANARY not in repr(value) for value in dataclasses.astuple(
        assemble_handout(couple, session, board, assignments, _exercises())))


# -- the PDF as text ---------------------------------------------------------------------------------------------------
def test_pdf_text_holds_names_date_cards_and_homework(pdf_bytes: bytes) -> None:
    words = _words(pdf_bytes)
    for expected in ("Zoë", "José", "25 November 2026", "Our map", "This week's homework", "triggers"):
        assert expected in words
    for card_text in (PHONE_TEXT, B_TEXT, CENTRE_TEXT):
        assert " ".join(card_text.split()) in words, card_text
    for exercise in _exercises().exercises.values():
        assert exercise.title in words
        assert exercise.summary in words
        assert exercise.tracking in words
        for step in exercise.steps:
            assert step in words
    assert "Use your own name for it" in words
    assert "Both of you · Whenever it shows up · A few minutes" in words
    assert re.search(r"1\.\s*Say the cycle's name out loud", words)
    # The grid runs the seven days after the session (a Wednesday): from Thursday the 26th to Wednesday the 2nd.
    assert " ".join(week_after(DAY)) == "Thu 26 Fri 27 Sat 28 Sun 29 Mon 30 Tue 1 Wed 2"
    assert " ".join(week_after(DAY)) in words
    assert "Page 1" in words and "Couple Canvas" not in words  # the handout advertises no one


def test_pdf_never_carries_private_notes_or_clinical_titles(couple, session, board, assignments, find_in_pdf) -> None:
    private = PrivateNote(session_id=session.id or 0, text=CANARY)  # held beside the export, never handed to it
    pdf = export_handout(couple, session, board, assignments, _exercises())
    # Page text, metadata and every decompressed stream: the page contents are compressed, so raw bytes prove nothing.
    assert find_in_pdf(pdf, private.text) == []
    assert find_in_pdf(pdf, "Affair") == []


def test_pdf_metadata_names_no_one(pdf_bytes: bytes) -> None:
    metadata = PdfReader(io.BytesIO(pdf_bytes)).metadata
    assert metadata.title == "Session handout – 25 November 2026"
    assert metadata.author in ("", "Couple Canvas")
    for value in metadata.values():
        for name in ("Zoë", "José", "Zo", "Jos"):
            assert name not in str(value)


def test_fonts_are_embedded_everywhere(pdf_bytes: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf_bytes))
    seen = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            seen.add(str(font["/BaseFont"]).split("+")[-1])
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]
    assert seen == {"DejaVuSans", "DejaVuSans-Bold"}


def test_font_registration_is_idempotent() -> None:
    from reportlab.pdfbase import pdfmetrics

    assert register_fonts() == register_fonts() == FAMILY
    assert pdfmetrics.getFont(REGULAR).face.name == b"DejaVuSans"
    assert pdfmetrics.getFont(BOLD).face.name == b"DejaVuSans-Bold"


@pytest.mark.parametrize(("page_size", "expected"), [("A4", (595.28, 841.89)), ("Letter", (612.0, 792.0))])
def test_page_size(data: HandoutData, page_size: str, expected: tuple[float, float]) -> None:
    reader = PdfReader(io.BytesIO(render_handout(data, page_size=page_size)))
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == expected


def test_unknown_page_size_is_refused(data: HandoutData) -> None:
    with pytest.raises(ValueError, match="A4"):
        render_handout(data, page_size="A5")


def test_deterministic_output_is_byte_identical(data: HandoutData) -> None:
    assert render_handout(data, deterministic=True) == render_handout(data, deterministic=True)


def test_empty_board_and_no_homework(couple, session) -> None:
    data = assemble_handout(couple, session, Board(), [], HomeworkLibrary())
    words = _words(render_handout(data))
    assert "We did not draw on the board this time." in words
    assert "No homework this week." in words


# -- the map -----------------------------------------------------------------------------------------------------------
def _crowded_board(count: int, columns: int) -> Board:
    board = Board()
    previous = None
    for index in range(count):
        card = Card(f"Card number {index} with a few words to wrap", x=(index % columns) * 230.0,
                    y=(index // columns) * 120.0, partner=PartnerRole.A if index % 2 else None, z=index)
        board.add_card(card)
        if previous is not None:
            board.add_connector(Connector(previous, card.id, label="then" if index % 5 == 0 else ""))
        previous = card.id
    return board


@pytest.mark.parametrize("columns", [20, 1, 300])
def test_a_300_card_board_gets_readable_sideways_pages(couple, session, columns: int) -> None:
    data = assemble_handout(couple, session, _crowded_board(300, columns), [], HomeworkLibrary())
    for page_size in ("A4", "Letter"):
        renderer = HandoutRenderer(data, page_size)
        frame_width, frame_height = renderer.frame_size()
        assert frame_width < renderer.pagesize[0] - 100 and frame_height < renderer.pagesize[1] - 100
        # Drawn whole on an upright page its words could not be read: the map gets pages of its own.
        assert not renderer.map_fits_inline(frame_height)
        wide, high = renderer.frame_size("landscape")
        assert wide > high and wide - frame_width == pytest.approx(renderer.pagesize[1] - renderer.pagesize[0])
    pdf = render_handout(data)
    words = map_words(pdf)
    assert min(size for _, _, size in words) >= 9 - 0.01
    reader = PdfReader(io.BytesIO(pdf))
    assert all(reader.pages[page].mediabox.width > reader.pages[page].mediabox.height for page, _, _ in words)
    assert len(reader.pages) <= 16


def test_card_text_is_wrapped_and_shrunk_to_fit() -> None:
    register_fonts()
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines = wrap_lines("Supercalifragilisticexpialidocious words\nsecond line", REGULAR, 10, 60)
    assert all(stringWidth(line, REGULAR, 10) <= 60 for line in lines)
    assert "".join(lines).replace(" ", "").startswith("Supercalifragilisticexpialidocious")
    size, lines = fit_text("word " * 40, REGULAR, 10, 100, 40, 2)
    assert size < 10 and len(lines) * size * 1.22 <= 40
    size, lines = fit_text("word " * 2000, REGULAR, 10, 100, 40, 4)
    assert size == 4 and lines[-1].endswith("…")


def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def test_first_page_is_drawn_with_partner_colours(pdf_bytes: bytes, couple: Couple, render_page) -> None:
    image = render_page(pdf_bytes)
    counts = image.getcolors(image.width * image.height)  # [(how many pixels, (r, g, b)), ...]

    def near(target: tuple[int, int, int], tolerance: int = 12) -> int:
        return sum(n for n, p in counts if all(abs(p[i] - target[i]) <= tolerance for i in range(3)))

    non_white = sum(n for n, p in counts if min(p) < 245)
    assert non_white / (image.width * image.height) > 0.03
    assert near(_hex(PARTNER_CARD_COLOURS[PartnerRole.A])) > 2000  # card fill
    assert near(_hex(PARTNER_CARD_COLOURS[PartnerRole.B])) > 2000
    assert near(_hex(couple.partner_a.colour), 40) > 100  # the partner's border


# -- layering ----------------------------------------------------------------------------------------------------------
def test_export_imports_no_qt_and_no_database() -> None:
    code = (
        "import sys, couplecanvas.export as e;"
        "lazy = 'reportlab' not in sys.modules;"
        "from couplecanvas.domain.sample import build_sample;"
        "from couplecanvas.domain import Session, HomeworkLibrary;"
        "s = build_sample();"
        "e.export_handout(s.couple, Session(1, s.session_date), s.board, [], HomeworkLibrary());"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'sqlalchemy')];"
        "print(lazy, bad)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "True []"


def test_export_code_never_touches_private_notes() -> None:
    import couplecanvas.export as export

    folder = pathlib.Path(export.__file__).parent
    for source in folder.glob("*.py"):
        assert "PrivateNote" not in source.read_text(encoding="utf-8"), source.name
