"""The progress chart on the story page, probed in its pixels: each partner's colour at the x of each session and the
y of its answer, gaps where an answer is missing, the names as the page's couple shows them, and the chart's numbers
equal to the stored ones."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QColor, QImage

from couplecanvas.domain.board import Board
from couplecanvas.domain.couple import Couple, Partner, PartnerRole
from couplecanvas.domain.privacy import couple_as_shown
from couplecanvas.domain.progress import Caught, FoundAgain, ProgressCheck, progress_series
from couplecanvas.domain.session import Session
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository
from couplecanvas.ui.story_page import StoryPage

A, B = PartnerRole.A, PartnerRole.B
COLOURS = {A: "#1f5fa8", B: "#c4561d"}
# Per session (oldest first): A's and B's connection; None is a week with no answer.
CONNECTION = {A: (2, 4, None, 7, 9, 8), B: (6, None, 5, 5, 3, None)}
CAUGHT = {A: (Caught.MOST_DAYS, None, None, Caught.ONCE, Caught.NOT_AT_ALL, Caught.ONCE),
          B: (Caught.A_FEW_TIMES, None, Caught.ONCE, None, Caught.ONCE, None)}
FOUND = {A: (FoundAgain.NOT_YET, FoundAgain.DAY_OR_MORE, None, FoundAgain.HOURS, FoundAgain.MINUTES, None),
         B: (None, None, FoundAgain.HOURS, FoundAgain.HOURS, FoundAgain.MINUTES, None)}


@pytest.fixture
def stored(database_url):
    """Six weekly sessions of Zoë (Sun) and Ben (Moon) with their checks; another couple's check at the same dates."""
    repository = Repository(open_database(database_url))
    couple = repository.add_couple(Couple(Partner("Zoë", "Sun", COLOURS[A]), Partner("Ben", "Moon", COLOURS[B])))
    sessions = []
    for week in range(6):
        session = repository.add_session(Session(couple.id, dt.date(2026, 9, 1) + dt.timedelta(weeks=week)))
        sessions.append(session)
        for role in PartnerRole:
            check = ProgressCheck(session.id, role, CONNECTION[role][week], CAUGHT[role][week], FOUND[role][week])
            if not check.is_empty:
                repository.save_progress_check(check)
    other = repository.add_couple(Couple(Partner("Cleo"), Partner("Dan")))
    theirs = repository.add_session(Session(other.id, dt.date(2026, 9, 8)))
    repository.save_progress_check(ProgressCheck(theirs.id, A, 0, Caught.MOST_DAYS, FoundAgain.NOT_YET))
    yield repository, couple, sessions
    repository.close()


def _page(qtbot, repository, couple, sessions, *, mirror=False, shown_couple=None) -> StoryPage:
    page = StoryPage(mirror=mirror)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    qtbot.waitExposed(page)
    page.open_story(shown_couple or couple, repository.list_sessions(couple.id), sessions[-1].id,
                    lambda _id: Board(), progress=repository.progress_history(couple.id))
    return page


def _pixel(image: QImage, page: StoryPage, point: QPointF) -> QColor:
    at = page.progress.mapTo(page, QPoint(round(point.x()), round(point.y())))
    return image.pixelColor(at)


def _near(colour: QColor, hex_colour: str, tolerance: int = 40) -> bool:
    wanted = QColor(hex_colour)
    return all(abs(a - b) <= tolerance for a, b in ((colour.red(), wanted.red()), (colour.green(), wanted.green()),
                                                     (colour.blue(), wanted.blue())))


def test_the_chart_draws_each_partners_answers_where_they_belong(stored, qtbot):
    repository, couple, sessions = stored
    page = _page(qtbot, repository, couple, sessions)
    chart = page.progress
    assert chart.isVisible() and chart.width() > 900
    assert chart.series == progress_series(repository.progress_history(couple.id))  # the stored numbers
    assert chart.series.connection == CONNECTION
    image = page.grab().toImage()
    for role in PartnerRole:
        for index, value in enumerate(CONNECTION[role]):
            if value is not None:
                assert _near(_pixel(image, page, chart.point(role, index, value)), COLOURS[role]), (role, index)
        for row, answers in enumerate((CAUGHT[role], FOUND[role])):
            for index, answer in enumerate(answers):
                if answer is not None:
                    colour = _pixel(image, page, chart.mark(row, role, index, answer.level))
                    assert _near(colour, COLOURS[role]), (role, row, index)
    # The points climb and fall as the answers do: a higher answer is drawn higher.
    assert chart.point(A, 4, 9).y() < chart.point(A, 0, 2).y()
    assert chart.session_x(0) < chart.session_x(5)
    assert chart.names == {A: "Zoë", B: "Ben"}


def test_a_missing_answer_is_a_gap_not_a_zero(stored, qtbot):
    repository, couple, sessions = stored
    page = _page(qtbot, repository, couple, sessions)
    chart = page.progress
    image = page.grab().toImage()
    plot = chart.plot_rect()

    def column_has(role: PartnerRole, x: float) -> bool:
        return any(_near(_pixel(image, page, QPointF(x, y)), COLOURS[role], 30)
                   for y in range(int(plot.top()) - 4, int(plot.bottom()) + 6))

    # A gave no answer at session 3: no point at its x, and no line across (from 4 to 7).
    assert not column_has(A, chart.point(A, 2, 0).x())
    assert column_has(A, chart.point(A, 3, 7).x())
    # Nor a 0 drawn at the bottom for it.
    assert not _near(_pixel(image, page, chart.point(A, 2, 0)), COLOURS[A], 60)
    # B gave no answer at session 2: between 6 (session 1) and 5 (session 3) the line is broken.
    midway = (chart.point(B, 0, 6) + chart.point(B, 2, 5)) / 2
    assert not column_has(B, chart.point(B, 1, 0).x())
    assert not _near(_pixel(image, page, midway), COLOURS[B], 60)
    # Where both sessions have answers, the line is drawn between them.
    joined = (chart.point(A, 3, 7) + chart.point(A, 4, 9)) / 2
    assert _near(_pixel(image, page, joined), COLOURS[A], 60)


def test_the_shared_copy_names_the_partners_by_their_aliases_and_follows_the_shown_session(stored, qtbot):
    repository, couple, sessions = stored
    therapist = _page(qtbot, repository, couple, sessions)
    mirror = _page(qtbot, repository, couple, sessions, mirror=True, shown_couple=couple_as_shown(couple, True))
    assert mirror.progress.names == {A: "Sun", B: "Moon"}
    assert "Zoë" not in mirror.progress.accessibleDescription()
    assert mirror.progress.series == therapist.progress.series
    therapist.step(-2)
    mirror.show_pair(therapist.shown, therapist.compared)
    assert mirror.progress.marked == therapist.progress.marked == 3
    band = mirror.grab().toImage()
    x = mirror.progress.session_x(3)
    inside = _pixel(band, mirror, QPointF(x + 12, mirror.progress.plot_rect().top() + 2))
    outside = _pixel(band, mirror, QPointF(mirror.progress.session_x(2) + 12, mirror.progress.plot_rect().top() + 2))
    assert inside != outside  # the shown session's band


def test_no_answers_no_chart_and_clearing_forgets_the_couple(stored, qtbot):
    repository, couple, sessions = stored
    page = _page(qtbot, repository, couple, sessions)
    page.clear()
    assert not page.progress.isVisible() and page.progress.names == {} and not page.progress.series.dates
    fresh = repository.add_couple(Couple(Partner("Ana"), Partner("Ivo")))
    session = repository.add_session(Session(fresh.id, dt.date(2026, 9, 1)))
    page.open_story(fresh, [session], session.id, lambda _id: Board(),
                    progress=repository.progress_history(fresh.id))
    assert not page.progress.isVisible()
    page.open_story(fresh, [session], session.id, lambda _id: Board())  # no progress given: no chart either
    assert not page.progress.isVisible()
