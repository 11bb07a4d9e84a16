"""The handout as a whole document: the practice's letterhead, numbered pages, homework as the therapist set it, the
"I feel" card, the next appointment, large print, metadata, privacy, byte-identical builds and a 300-card board."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections import Counter

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

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
from couplecanvas.domain.dates import format_appointment
from couplecanvas.domain.homework import Origin, load_builtin_library
from couplecanvas.domain.practice import Practice
from couplecanvas.domain.sample import build_sample
from couplecanvas.export import assemble_handout, export_handout, render_handout
from couplecanvas.export.handout_page import load_logo
from couplecanvas.export.handout_pdf import MARGIN, TEXT, HandoutRenderer
from couplecanvas.export.handout_sections import tick_grid
from couplecanvas.export.handout_style import BOTTOM_MARGIN, LARGE_PRINT, LOGO_BOX, NORMAL_PRINT, paragraph_styles
from couplecanvas.export.homework_data import week_after

from .test_map_readable import map_words, words_off_the_map

DAY = dt.date(2026, 11, 25)
NEXT = dt.datetime(2026, 12, 3, 17, 30)
NEXT_TEXT = "Thursday 3 December 2026 at 17:30"
CANARY = "CANARY-private-51d0"
LOGO_COLOUR = (192, 22, 140)  # a magenta no other part of the handout uses
PRACTICE_NAME = "Harbour Couples Therapy"
CONTACT = ("12 Quay Street, Bristol BS1 4DJ", "0117 496 0123 · hello@harbour.example")
I_FEEL = (
    "I feel [one feeling] when [something specific happened] because [what it meant to me], "
    "and I would like [one thing you could do]."
)


def _logo(width: int = 300, height: int = 100) -> bytes:
    image = Image.new("RGB", (width, height), LOGO_COLOUR)
    ImageDraw.Draw(image).rectangle((width // 4, height // 4, width // 2, height // 2), fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _practice(**changes) -> Practice:
    values = {"name": PRACTICE_NAME, "contact": "\n".join(CONTACT), "logo": _logo()}
    values.update(changes)
    return Practice(**values)


@pytest.fixture
def sample():
    return build_sample(DAY)


@pytest.fixture
def session(sample) -> Session:
    return Session(1, DAY, "Affair disclosure follow-up", id=1, next_appointment=NEXT)


@pytest.fixture
def assignments(sample) -> list[Assignment]:
    return [Assignment(1, key, who, note, position=i) for i, (key, who, note) in enumerate(sample.homework)]


def _export(sample, session, assignments, library=None, **options) -> bytes:
    library = library or load_builtin_library()
    return export_handout(sample.couple, session, sample.board, assignments, library, **options)


def _pages(pdf: bytes) -> list[str]:
    """Each page's text with every run of whitespace made one space."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _words(pdf: bytes) -> str:
    return " ".join(_pages(pdf))


def _box_of(image: Image.Image, colour: tuple[int, int, int], tolerance: int = 20) -> tuple[int, int, int, int] | None:
    """The bounding box (left, top, right, bottom) of the pixels near `colour`, or None."""
    mask = Image.new("1", image.size)
    pixels, out = image.load(), mask.load()
    for y in range(image.height):
        for x in range(image.width):
            p = pixels[x, y]
            if all(abs(p[i] - colour[i]) <= tolerance for i in range(3)):
                out[x, y] = 1
    return mask.getbbox()


def _image_xobjects(pdf: bytes) -> list[int]:
    """How many image XObjects each page uses."""
    counts = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        xobjects = page["/Resources"].get("/XObject", {})
        counts.append(sum(1 for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"))
    return counts


# -- the heading -------------------------------------------------------------------------------------------------------
def test_heading_shows_the_practice_then_the_couple_date_and_next_appointment(sample, session, assignments) -> None:
    pdf = _export(sample, session, assignments, practice=_practice())
    first = _pages(pdf)[0]
    order = [PRACTICE_NAME, *CONTACT, "Our session together", "Maya & Jordan · 25 November 2026",
             f"{TEXT['next']} {NEXT_TEXT}", TEXT["cycle"]]
    places = [first.index(part) for part in order]
    assert places == sorted(places)
    assert _image_xobjects(pdf)[0] == 1 and sum(_image_xobjects(pdf)) == 1


def test_logo_is_fitted_in_a_small_box_with_its_proportions(sample, session, render_page) -> None:
    for width, height in ((300, 100), (80, 200), (2000, 500)):
        logo = load_logo(_logo(width, height))
        assert logo is not None
        assert logo.width <= LOGO_BOX[0] + 1e-6 and logo.height <= LOGO_BOX[1] + 1e-6
        assert logo.width / logo.height == pytest.approx(width / height, rel=0.01)
        assert max(logo.width / LOGO_BOX[0], logo.height / LOGO_BOX[1]) == pytest.approx(1.0)
    pdf = _export(sample, session, [], practice=_practice(logo=_logo(300, 100)))
    box = _box_of(render_page(pdf), LOGO_COLOUR)  # 1 pixel per point
    assert box is not None
    left, top, right, bottom = box
    assert left >= MARGIN - 1 and top >= MARGIN - 1  # inside the margins, at the top left
    assert bottom < 0.2 * 842
    assert (right - left) / (bottom - top) == pytest.approx(3.0, rel=0.08)
    assert right - left <= LOGO_BOX[0] + 2 and bottom - top <= LOGO_BOX[1] + 2


def _noisy_png(width: int, height: int) -> bytes:
    """A photo-like logo that does not compress: its size in the PDF follows its pixel count."""
    channels = [Image.effect_noise((width, height), 80) for _ in range(3)]
    buffer = io.BytesIO()
    Image.merge("RGB", channels).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_large_logo_is_kept_at_print_resolution_not_its_own(sample, session) -> None:
    small = _export(sample, session, [], practice=_practice(logo=_noisy_png(600, 200)), deterministic=True)
    huge = _export(sample, session, [], practice=_practice(logo=_noisy_png(3000, 1000)), deterministic=True)
    assert len(huge) < len(small) * 1.2  # 25 times the pixels, printed in the same small box
    assert len(huge) < 400_000


def test_without_practice_details_the_heading_is_just_the_session(sample, session) -> None:
    pdf = _export(sample, session, [], practice=None)
    first = _pages(pdf)[0]
    assert first.startswith("Our session together Maya & Jordan · 25 November 2026")
    assert _image_xobjects(pdf) == [0] * len(_pages(pdf))
    assert "Couple Canvas" not in first and "Page 1 of" in first  # no practice: the page number alone
    # A name alone, or a logo alone, each stands on its own.
    named = _pages(_export(sample, session, [], practice=Practice(name=PRACTICE_NAME)))[0]
    assert named.startswith(f"{PRACTICE_NAME} Our session together")
    logo_only = _export(sample, session, [], practice=Practice(logo=_logo()))
    assert _pages(logo_only)[0].startswith("Our session together") and _image_xobjects(logo_only)[0] == 1


def test_an_unreadable_logo_is_left_out_and_the_handout_still_made(sample, session, caplog) -> None:
    broken = b"\x89PNG\r\n\x1a\n" + b"not really a picture" * 20
    with caplog.at_level(logging.WARNING, logger="couplecanvas.export.handout_page"):
        pdf = _export(sample, session, [], practice=_practice(logo=broken))
    assert PRACTICE_NAME in _pages(pdf)[0]
    assert sum(_image_xobjects(pdf)) == 0
    assert "logo" in caplog.text


def test_every_page_is_numbered_of_the_total_with_the_practice_at_its_foot(sample, session, assignments) -> None:
    pages = _pages(_export(sample, session, assignments, practice=_practice()))
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert text.count(PRACTICE_NAME) == (2 if number == 1 else 1)
        assert "Couple Canvas" not in text
    long_name = "The Very Long Name of a Practice " * 8
    first = _pages(_export(sample, session, [], practice=Practice(name=long_name)))[0]
    assert re.search(r"The Very Long Name of a.*… Page 1 of \d", first)


# -- homework as the therapist set it ----------------------------------------------------------------------------------
def test_homework_uses_the_therapists_frequency_words_and_note(sample, session, assignments) -> None:
    library = load_builtin_library()
    check_in = library.get("daily-check-in")
    edited = Exercise(
        key="daily-check-in", title="Evening check-in", approach=check_in.approach, frequency="Most evenings",
        duration="10 minutes", who=Who.BOTH, summary="Before bed, tell each other one thing you liked about the day.",
        steps=("Sit together somewhere comfortable.", "Take turns naming one good moment."),
        tracking="Tick the day when you both had a turn.", origin=Origin.EDITED,
    )
    assignments[0].frequency = "  Every morning   before work "
    data = assemble_handout(sample.couple, session, sample.board, assignments, library.with_own([edited]))
    # The override when set (tidied), else the exercise's own words: here the therapist's edit of it.
    assert [entry.frequency for entry in data.homework] == ["Every morning before work", "Most evenings"]
    words = _words(render_handout(data))
    section = words[words.index(TEXT["homework"]):]
    assert "Both of you · Every morning before work · " in section
    assert "Evening check-in Both of you · Most evenings · 10 minutes" in section
    for line in (*edited.steps, edited.summary):
        assert line in section
    assert f"{TEXT['tracking']} {edited.tracking}" in section
    assert check_in.title not in section and check_in.summary not in section
    assert "When you notice it, say its name out loud: the Chase is here." in section  # the personal note
    assert section.count(" ".join(week_after(DAY))) == 2


def test_tick_rows_follow_who_the_exercise_is_for(sample, session) -> None:
    assignments = [Assignment(1, "daily-check-in", Who.B, position=0)]
    words = _words(_export(sample, session, assignments))
    section = words[words.index(TEXT["homework"]):words.index("When our cycle starts")]  # the plan names both
    assert re.search(r"Jordan · Daily .*Thu 26 Fri 27 Sat 28 Sun 29 Mon 30 Tue 1 Wed 2 Jordan", section)
    assert "Maya" not in section


# -- the "I feel" card and the next appointment ------------------------------------------------------------------------
@pytest.mark.parametrize("with_homework", [True, False])
def test_the_i_feel_card_is_there_once(sample, session, assignments, with_homework) -> None:
    words = _words(_export(sample, session, assignments if with_homework else []))
    assert words.count(I_FEEL) == 1
    assert words.count(TEXT["i_feel"]) == 1
    assert TEXT["i_feel_example"] in words
    empty = _words(export_handout(sample.couple, session, Board(), [], HomeworkLibrary()))
    assert empty.count(I_FEEL) == 1


def test_next_appointment_is_shown_only_when_set(sample, session) -> None:
    assert f"{TEXT['next']} {NEXT_TEXT}" in _words(_export(sample, session, []))
    session.next_appointment = None
    words = _words(_export(sample, session, []))
    assert TEXT["next"] not in words and "17:30" not in words


def test_appointments_are_written_out_whatever_the_locale() -> None:
    assert format_appointment(NEXT) == NEXT_TEXT
    assert format_appointment(dt.datetime(2027, 1, 4, 9, 5)) == "Monday 4 January 2027 at 09:05"


# -- large print -------------------------------------------------------------------------------------------------------
def _font_sizes(pdf: bytes) -> Counter:
    """How many characters are set at each font size (rounded to 0.1 pt), over every page."""
    sizes: Counter = Counter()

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            sizes[round(size * abs(tm[3] or 1) * abs(cm[3] or 1), 1)] += len(text.strip())

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_large_print_sets_the_words_about_a_third_larger(sample, session, assignments) -> None:
    normal = _export(sample, session, assignments, practice=_practice())
    large = _export(sample, session, assignments, practice=_practice(), large_print=True)
    body_normal = _font_sizes(normal).most_common(1)[0][0]
    body_large = _font_sizes(large).most_common(1)[0][0]
    assert body_normal == 10.5
    assert 1.3 <= body_large / body_normal <= 1.4
    # Every paragraph style grows alike; the same words, the same sections, more pages.
    styles, big = paragraph_styles(NORMAL_PRINT), paragraph_styles(LARGE_PRINT)
    for name, style in styles.items():
        assert 1.3 <= big[name].fontSize / style.fontSize <= 1.4, name
        assert big[name].leading >= big[name].fontSize, name

    def flat(pdf: bytes) -> str:
        """The words in reading order, without the page furniture (which repeats on every page) and without the map
        and its heading, intro and legend: in large print the sample's map gets a sideways page of its own at the end,
        its words cut where its cards differ in size."""
        words = re.sub(r"Page \d+ of \d+", "", words_off_the_map(pdf)).replace(PRACTICE_NAME, "")
        for part in (TEXT["cycle_intro"], TEXT["map_later"], TEXT["map_pages_intro"], "■ Maya ■ Jordan",
                     TEXT["map"] + " ", TEXT["cycle"] + " "):
            words = words.replace(part, "", 1)
        return "".join(words.split())

    assert flat(large) == flat(normal)
    assert len(_pages(large)) > len(_pages(normal))


def test_large_print_tick_boxes_are_larger() -> None:
    styles = paragraph_styles(LARGE_PRINT)
    normal = tick_grid(("Maya", "Jordan"), paragraph_styles(NORMAL_PRINT), NORMAL_PRINT)
    large = tick_grid(("Maya", "Jordan"), styles, LARGE_PRINT)
    (nw, nh), (lw, lh) = normal.wrap(1000, 1000), large.wrap(1000, 1000)
    assert large._colWidths[1] >= 1.3 * normal._colWidths[1]
    assert large._rowHeights[1] >= 1.3 * normal._rowHeights[1]
    assert lh > nh and lw > nw


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_large_print_stays_inside_the_page(sample, session, assignments, page_size, render_page) -> None:
    long_note = "Please remember this " * 30 + "end of the note."
    assignments[0].note = long_note
    pdf = _export(sample, session, assignments, practice=_practice(), large_print=True, page_size=page_size)
    words = _words(pdf)
    assert " ".join(long_note.split()) in words
    for entry in load_builtin_library().get("catch-our-cycle").steps:
        assert entry in words
    for index in range(len(_pages(pdf))):
        image = render_page(pdf, index)
        strip = round(MARGIN) - 4
        for box in ((0, 0, strip, image.height), (image.width - strip, 0, image.width, image.height),
                    (0, 0, image.width, strip)):
            assert all(min(p) > 245 for _, p in image.crop(box).getcolors(1 << 20)), (index, box)


# -- metadata, privacy, deterministic builds ---------------------------------------------------------------------------
@pytest.mark.parametrize("use_alias", [False, True])
def test_metadata_never_names_anyone(use_alias) -> None:
    couple = Couple(Partner("Xiomara", alias="Partner Sunrise"), Partner("Bartholomew", alias="Partner Willow"), id=2)
    session = Session(2, DAY, "Xiomara and Bartholomew, second session", id=5, next_appointment=NEXT)
    board = Board()
    board.add_card(Card("Xiomara feels unseen when Bartholomew works late", partner=PartnerRole.A))
    practice = Practice("Dr Quentin Vandersloot Counselling", "Quentin Vandersloot\nquentin@example.org", _logo())
    pdf = export_handout(couple, session, board, [Assignment(5, "daily-check-in", Who.A)], load_builtin_library(),
                         use_alias=use_alias, practice=practice)
    reader = PdfReader(io.BytesIO(pdf))
    metadata = reader.metadata
    assert metadata.title == "Session handout – 25 November 2026"
    # The author is left empty (the app wrote the file, it did not author it): the app is named as its creator.
    assert metadata.author == "" and metadata.creator == "Couple Canvas" and metadata.subject == "Take-home handout"
    assert "/Metadata" not in reader.trailer["/Root"]  # no XMP packet that could carry more
    shown = _words(pdf)
    for name in ("Xiomara", "Bartholomew", "Sunrise", "Willow", "Quentin", "Vandersloot", "second session"):
        for key, value in metadata.items():
            assert name.casefold() not in str(value).casefold(), (name, key)
    assert ("Partner Sunrise" in shown) is use_alias and ("Xiomara" in shown) is not use_alias


def test_a_private_note_canary_is_nowhere_in_the_file(sample, session, assignments, find_in_pdf) -> None:
    private = PrivateNote(1, f"{CANARY}: {sample.private_note}")  # held beside the export, never handed to it
    session.title = CANARY  # the session's own title is for the therapist's list, never the handout
    for options in ({}, {"large_print": True, "page_size": "Letter"}, {"deterministic": True}):
        pdf = _export(sample, session, assignments, practice=_practice(), **options)
        assert find_in_pdf(pdf, CANARY) == []
        assert find_in_pdf(pdf, private.text) == []
        assert find_in_pdf(pdf, sample.private_note) == []
        assert find_in_pdf(pdf, "Affair") == []


def test_the_canary_search_finds_what_is_there(sample, session, find_in_pdf) -> None:
    """The search above would see a leak: in page text, in metadata and in a compressed content stream."""
    board = Board()
    board.add_card(Card(f"leaked {CANARY}"))
    pdf = export_handout(sample.couple, session, board, [], HomeworkLibrary())
    assert any(place.startswith("text of page") for place in find_in_pdf(pdf, CANARY))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=1, invariant=1)
    canvas.setTitle(f"title {CANARY}")
    canvas.drawString(72, 720, CANARY)  # a standard font writes the letters themselves into the content stream
    canvas.showPage()
    canvas.save()
    # Compressed: a search of the raw bytes finds the title only, and would miss the words on the page.
    assert buffer.getvalue().count(CANARY.encode()) == 1
    places = find_in_pdf(buffer.getvalue(), CANARY)
    assert "content stream of page 1" in places and "metadata /Title" in places


def test_deterministic_builds_with_a_logo_and_large_print_are_byte_identical(sample, session, assignments) -> None:
    options = {"practice": _practice(), "large_print": True, "deterministic": True}
    first = _export(sample, session, assignments, **options)
    assert _export(sample, session, assignments, **options) == first
    assert _image_xobjects(first)[0] == 1
    letter = {**options, "page_size": "Letter", "large_print": False}
    assert _export(sample, session, assignments, **letter) == _export(sample, session, assignments, **letter)


def test_page_content_is_compressed(sample, session, assignments) -> None:
    reader = PdfReader(io.BytesIO(_export(sample, session, assignments, practice=_practice())))
    for page in reader.pages:
        contents = page["/Contents"].get_object()
        assert "/FlateDecode" in str(contents.get("/Filter"))


def test_practice_settings_choose_paper_and_print_size(sample, session, assignments) -> None:
    letter_large = _practice(page_size="Letter", large_print=True)
    pdf = _export(sample, session, assignments, practice=letter_large)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    assert _font_sizes(pdf).most_common(1)[0][0] > 14
    overridden = _export(sample, session, assignments, practice=letter_large, page_size="A4", large_print=False)
    page = PdfReader(io.BytesIO(overridden)).pages[0]
    assert round(float(page.mediabox.height)) == 842 and _font_sizes(overridden).most_common(1)[0][0] == 10.5


# -- a 300-card board --------------------------------------------------------------------------------------------------
def _board_of_300() -> Board:
    board = Board()
    previous = None
    for index in range(300):
        card = Card(f"Card {index:03d}", x=(index % 25) * 230.0, y=(index // 25) * 130.0,
                    partner=PartnerRole.A if index % 2 else PartnerRole.B,
                    colour=PARTNER_CARD_COLOURS[PartnerRole.A if index % 2 else PartnerRole.B], z=index)
        board.add_card(card)
        if previous is not None:
            board.add_connector(Connector(previous, card.id, label="then" if index % 7 == 0 else ""))
        previous = card.id
    return board


@pytest.mark.parametrize("large_print", [False, True])
@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_a_300_card_map_stays_inside_its_page_frame(
    sample, session, page_size, large_print, render_page
) -> None:
    assignments = [Assignment(1, key, Who.BOTH, position=i) for i, key in enumerate(
        ("catch-our-cycle", "daily-check-in", "i-feel-statements", "breathing-together", "bid-spotting"))]
    pdf = export_handout(sample.couple, session, _board_of_300(), assignments, load_builtin_library(),
                         practice=_practice(), page_size=page_size, large_print=large_print)
    pages = _pages(pdf)
    # Too big to read on the first page: every card's words are drawn on sideways pages of the map's own, after the
    # homework and before the plan for the fridge, at 9 pt or more (11 pt in large print).
    words = map_words(pdf)
    on = sorted({page for page, _, _ in words})
    assert all(f"Card {index:03d}" in " ".join(text for _, text, _ in words) for index in range(300))
    assert min(size for _, _, size in words) >= (11 if large_print else 9) - 0.01
    assert on == list(range(on[0], len(pages) - 1))
    assert pages[-1].startswith("When our cycle starts")
    assert not any("Card 0" in text for text in pages[: on[0]])
    assert len(pages) <= (21 if large_print else 15)
    renderer = HandoutRenderer(assemble_handout(sample.couple, session, _board_of_300(), [], HomeworkLibrary()),
                               page_size)
    height, width = renderer.pagesize  # sideways
    image = render_page(pdf, on[0])  # 1 pixel per point
    for role in PartnerRole:
        box = _box_of(image, tuple(int(PARTNER_CARD_COLOURS[role][i:i + 2], 16) for i in (1, 3, 5)), 4)
        assert box is not None
        left, top, right, bottom = box
        assert left >= MARGIN and right <= width - MARGIN, box
        assert top >= MARGIN and bottom <= height - BOTTOM_MARGIN, box
