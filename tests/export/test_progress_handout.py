"""'Our progress' on the handout: ReportLab's own LinePlot with the same numbers as the screen, probed in the real PDF
(drawn with pypdfium2), gaps where an answer is missing, only this couple's sessions, names as the handout prints
them."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from couplecanvas.domain import Board, Couple, Partner, PartnerRole, Session
from couplecanvas.domain.homework import load_builtin_library
from couplecanvas.domain.progress import Caught, FoundAgain, ProgressCheck, ProgressPoint, progress_series
from couplecanvas.domain.templates import instantiate, load_builtin_templates
from couplecanvas.export import render_handout
from couplecanvas.export.handout_data import assemble_handout
from couplecanvas.export.progress_chart import (
    HEADING,
    handout_progress,
    progress_renderer,
    render_handout_with_progress,
)

A, B = PartnerRole.A, PartnerRole.B
COLOURS = {A: "#1f5fa8", B: "#c4561d"}
CONNECTION = {A: (2, 4, None, 7, 9), B: (6, None, 5, 5, 3)}
CAUGHT = {A: (Caught.MOST_DAYS, None, None, Caught.ONCE, Caught.NOT_AT_ALL), B: (None, None, Caught.ONCE, None, None)}
FOUND = {
    A: (None, FoundAgain.DAY_OR_MORE, None, None, FoundAgain.MINUTES),
    B: (FoundAgain.HOURS, None, None, None, None),
}
SCALE = 3.0


def _couple() -> Couple:
    return Couple(Partner("Zoë", "Sun", COLOURS[A]), Partner("Ben", "Moon", COLOURS[B]), id=1)


def _history() -> list[ProgressPoint]:
    points = []
    for week in range(5):
        session = Session(1, dt.date(2026, 9, 1) + dt.timedelta(weeks=week), id=week + 1)
        checks = {role: ProgressCheck(session.id, role, CONNECTION[role][week], CAUGHT[role][week], FOUND[role][week])
                  for role in PartnerRole}
        points.append(ProgressPoint(session, {r: c for r, c in checks.items() if not c.is_empty}))
    # A session after the handout's, and another couple's: neither belongs on this handout.
    points.append(ProgressPoint(Session(1, dt.date(2026, 12, 1), id=9), {A: ProgressCheck(9, A, 0)}))
    points.append(ProgressPoint(Session(2, dt.date(2026, 9, 8), id=10), {A: ProgressCheck(10, A, 1)}))
    return points


def _build(use_alias: bool = False):
    couple, history = _couple(), _history()
    session = history[4].session
    data = assemble_handout(couple, session, Board(session.id), [], load_builtin_library(), use_alias=use_alias)
    progress = handout_progress(couple, session, history, use_alias)
    renderer = progress_renderer(data, progress)
    pdf = renderer.build(deterministic=True)
    return pdf, renderer, progress


def _near(pixel: tuple, hex_colour: str, tolerance: int = 45) -> bool:
    wanted = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], wanted))


def test_the_chart_holds_the_same_numbers_as_the_screen_and_only_up_to_this_session():
    _pdf, renderer, progress = _build()
    assert progress.series == progress_series(_history()[:5])  # the story page's numbers for these sessions
    assert progress.series.connection == CONNECTION
    chart = renderer.chart
    # The numbers handed to ReportLab: one line per unbroken stretch, gaps where an answer is missing.
    assert [[round(y) for _x, y in line] for line in chart.values(A)] == [[2, 4], [7, 9]]
    assert [[round(y) for _x, y in line] for line in chart.values(B)] == [[6], [5, 5, 3]]
    assert [[round(x) for x, _y in line] for line in chart.values(A)] == [[1, 2], [4, 5]]
    assert chart.connection.yValueAxis.valueMin == 0 and chart.connection.yValueAxis.valueMax == 10
    assert type(chart.connection).__name__ == "LinePlot"
    # Marks: better higher (level 0 drawn at the top, 3).
    caught = sorted((round(p[0][0]), p[0][1]) for p in chart.caught.data)
    assert caught == [(1, 0), (3, 2), (4, 2), (5, 3)]


def test_the_pdf_shows_each_partners_colour_at_each_answer_and_nothing_in_the_gaps(render_page):
    pdf, renderer, _progress = _build()
    chart = renderer.chart
    page, x0, y0 = chart.drawing.placed
    image = render_page(pdf, page - 1, SCALE)
    height = image.height / SCALE

    def pixel(at: tuple[float, float]) -> tuple:
        return image.getpixel((round((x0 + at[0]) * SCALE), round((height - (y0 + at[1])) * SCALE)))

    plot = chart.connection
    for role in PartnerRole:
        for index, value in enumerate(CONNECTION[role]):
            if value is None:
                continue
            x = index + 1 + (-0.06 if role is A else 0.06)
            assert _near(pixel(chart.point(plot, x, value)), COLOURS[role]), (role, index)
    # A's gap at session 3: halfway between 4 (session 2) and 7 (session 4) nothing of A's colour is drawn.
    assert not _near(pixel(chart.point(plot, 2.94 + 0.5, 5.5)), COLOURS[A], 70)
    assert not _near(pixel(chart.point(plot, 2.94, 0)), COLOURS[A], 70)  # and no 0 in its place
    # Where both weeks were answered, the line joins them.
    assert _near(pixel(chart.point(plot, 3.94 + 0.5, 8)), COLOURS[A], 70)
    # The marks of the small charts.
    assert _near(pixel(chart.point(chart.found_again, 5 - 0.06, 3)), COLOURS[A])
    assert _near(pixel(chart.point(chart.caught, 3 + 0.06, 2)), COLOURS[B])


def test_names_follow_the_handouts_choice_and_nothing_else_is_printed(find_in_pdf):
    pdf, _renderer, _progress = _build(use_alias=True)
    assert find_in_pdf(pdf, "Our progress")
    assert find_in_pdf(pdf, "Sun") and not find_in_pdf(pdf, "Zoë")
    plain, _renderer, _progress = _build(use_alias=False)
    assert find_in_pdf(plain, "Zoë")
    assert not find_in_pdf(plain, "1 Dec 26")  # the later session is not on this handout


def test_without_answers_there_is_no_section_and_the_default_handout_has_none(find_in_pdf):
    couple = _couple()
    session = Session(1, dt.date(2026, 9, 1), id=1)
    data = assemble_handout(couple, session, Board(session.id), [], load_builtin_library())
    empty = handout_progress(couple, session, [ProgressPoint(session)])
    assert empty.is_empty
    assert not find_in_pdf(render_handout_with_progress(data, empty, deterministic=True), "Our progress")
    assert not find_in_pdf(render_handout(data, deterministic=True), "Our progress")


def test_with_a_big_map_progress_plan_and_feeling_words_each_keeps_its_place():
    """The body and 'Our progress' first, then a big board's sideways map pages, then the plan for the fridge
    (upright again), and the feeling words on the very back."""
    couple, history = _couple(), _history()
    session = history[4].session
    board = Board(session.id)
    templates = load_builtin_templates().templates
    for n, key in enumerate(("our-cycle", "iceberg", "bids-and-horsemen", "talk-and-listen")):
        cards, connectors, _ = instantiate(templates[key], couple, ((n % 2) * 1600.0, (n // 2) * 1300.0))
        for card in cards:
            card.text = card.text or f"{key} {card.role} in our words"
            board.add_card(card)
        for connector in connectors:
            board.add_connector(connector)
    data = assemble_handout(couple, session, board, [], load_builtin_library(), feelings_page=True)
    pdf = progress_renderer(data, handout_progress(couple, session, history)).build(deterministic=True)
    reader = PdfReader(io.BytesIO(pdf))
    texts = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
    sideways = [i for i, page in enumerate(reader.pages) if page.mediabox.width > page.mediabox.height]
    progress_page = next(i for i, text in enumerate(texts) if HEADING in text)
    assert sideways and progress_page < sideways[0]
    assert sideways == list(range(sideways[0], sideways[-1] + 1))  # the map's pages run together
    assert texts[-2].startswith("When our cycle starts") and sideways[-1] == len(texts) - 3
    assert texts[-1].startswith("Feeling words")
    assert all(reader.pages[i].mediabox.width < reader.pages[i].mediabox.height for i in (-1, -2))
