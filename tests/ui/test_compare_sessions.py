"""Two sessions side by side on the story page, as a tester saw them in a 1280x720 window: words that can be read
(pixels, not grey bars), what changed marked on both boards, zoom and pan linked and never losing a board, and two
sessions of one day told apart, titles hidden in share mode. Nothing is ever written."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QImage, QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QPushButton

from couplecanvas.domain.board import Board, Card, CardKind, Connector, ConnectorKind
from couplecanvas.domain.board_diff import Change
from couplecanvas.domain.couple import Couple, Partner, PartnerRole
from couplecanvas.domain.session import Session
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository
from couplecanvas.ui.change_marks import CHANGE_COLOURS

LONG = "When the dishes pile up I hear that I never do anything right, and I go quiet"
FIRST_DAY, SAME_DAY = dt.date(2026, 11, 19), dt.date(2026, 12, 3)
TITLE = "ZZ-private-title"


def first_board() -> Board:
    board = Board()
    cards = [
        Card("lonely", 60, 60, partner=PartnerRole.A, role="deeper-emotion", colour="#dbe8f7", z=1),
        Card("Zoë feels unseen", 360, 60, partner=PartnerRole.B, colour="#f9e0cc", z=2),
        Card("孤独", 660, 60, z=3),
        Card(LONG, 60, 260, partner=PartnerRole.A, role="trigger", colour="#dbe8f7", z=4),
        Card("I push harder and raise my voice", 360, 260, partner=PartnerRole.B, role="action", colour="#f9e0cc",
             z=5),
        Card("The Chase", 660, 260, kind=CardKind.LABEL, colour="#ffffff", z=6),
        Card("We just can't talk to each other.", 60, 460, role="problem-story", z=7),
        Card("I go quiet and leave the room", 360, 460, partner=PartnerRole.A, colour="#dbe8f7", z=8),
    ]
    for card in cards:
        board.add_card(card)
    for a, b in ((3, 4), (4, 7), (7, 3), (0, 1), (1, 2)):
        board.add_connector(Connector(cards[a].id, cards[b].id))
    return board


def by_text(board: Board) -> dict[str, str]:
    return {card.text: card_id for card_id, card in board.cards.items()}


def edit_later(board: Board) -> None:
    """What happened in the sessions after: words changed, a card gone, one moved far, a new story with its arrow."""
    ids = by_text(board)
    board.set_card_text(ids["Zoë feels unseen"], "Zoë feels unseen and alone")
    board.remove_card(ids["孤独"])
    board.move_card(ids["The Chase"], 960, 460)
    fresh = Card("We paused and reached for each other", 660, 460, role="preferred-story", z=9)
    board.add_card(fresh)
    board.add_connector(Connector(ids["We just can't talk to each other."], fresh.id, kind=ConnectorKind.REFRAME))


@pytest.fixture
def compare_window(make_window, database_url, qtbot):
    """Zoë & Sam: a first session, then two on one day (each started as a copy of the board before, as the app
    does); the last one open, in a 1280x720 window. Returns (window, page, session ids oldest first)."""
    couple = Couple(Partner("Zoë"), Partner("Sam"))
    repository = Repository(open_database(database_url))
    try:
        repository.add_couple(couple)
        first = repository.add_session(Session(couple.id, FIRST_DAY, title=TITLE))
        repository.replace_board(first.id, first_board())
        second = repository.add_session(Session(couple.id, SAME_DAY, title=TITLE), board_from=first.id)
        later = repository.load_board(second.id)
        edit_later(later)
        repository.replace_board(second.id, later)
        third = repository.add_session(Session(couple.id, SAME_DAY), board_from=second.id)
    finally:
        repository.database.dispose()
    window = make_window()
    window.couples.reload(couple.id)
    assert window.controller.session.id == third.id
    window.resize(1280, 720)
    qtbot.mouseClick(window.board_page.story_button, Qt.MouseButton.LeftButton)
    page = window.story.page
    assert window.stack.currentWidget() is page
    return window, page, [first.id, second.id, third.id]


def database_content(database_url: str) -> list[str]:
    path = database_url.removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return list(connection.iterdump())


def compare(page, qtbot, left: int, right: int) -> None:
    """Side by side, with the given sessions (oldest first, from 0) on each side, chosen as the therapist would."""
    if not page.comparing:
        qtbot.mouseClick(page.compare_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.timeline.steps[right], Qt.MouseButton.LeftButton)
    page.left.chooser.setFocus()
    while page.left.chooser.currentIndex() != left:
        key = Qt.Key.Key_Up if page.left.chooser.currentIndex() > left else Qt.Key.Key_Down
        qtbot.keyClick(page.left.chooser, key)
    qtbot.wait(20)  # the layout settles and the boards fit again
    assert page.left.chooser.currentIndex() == left and page.right.chooser.currentIndex() == right


def card_on_screen(pane, text: str) -> QRect:
    """Where a card's words box is in the pane's viewport (the card less its padding)."""
    board = pane.scene.document.board
    [card_id] = [i for i, c in board.cards.items() if c.text == text]
    item = pane.scene.card_items[card_id]
    return pane.view.mapFromScene(item.sceneBoundingRect()).boundingRect().adjusted(8, 8, -8, -8)


def ink_rows(image: QImage, box: QRect) -> list[int]:
    """Rows of the box that hold dark text pixels (the card words' colour, not a grey bar's)."""
    rows = []
    for y in range(max(0, box.top()), min(image.height(), box.bottom())):
        for x in range(max(0, box.left()), min(image.width(), box.right())):
            colour = QColor(image.pixel(x, y))
            if max(colour.red(), colour.green(), colour.blue()) < 90:
                rows.append(y)
                break
    return rows


def ink_lines(rows: list[int]) -> list[tuple[int, int]]:
    """Runs of consecutive ink rows: the lines of text, as (top, bottom)."""
    lines: list[tuple[int, int]] = []
    for row in rows:
        if lines and row == lines[-1][1] + 1:
            lines[-1] = (lines[-1][0], row)
        else:
            lines.append((row, row))
    return lines


def colour_count(image: QImage, box: QRect, colour: QColor, tolerance: int = 40) -> int:
    found = 0
    for y in range(max(0, box.top()), min(image.height(), box.bottom())):
        for x in range(max(0, box.left()), min(image.width(), box.right())):
            pixel = QColor(image.pixel(x, y))
            if (abs(pixel.red() - colour.red()) + abs(pixel.green() - colour.green())
                    + abs(pixel.blue() - colour.blue())) < tolerance:
                found += 1
    return found


def wheel(view, steps: int, ctrl: bool = True) -> None:
    """A real mouse wheel turn over the middle of the view (Ctrl held: zoom)."""
    centre = QPointF(view.viewport().rect().center())
    event = QWheelEvent(centre, QPointF(view.viewport().mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * steps), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)


def drag(qtbot, view, by: QPoint) -> None:
    start = view.viewport().rect().center()
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(view.viewport(), start + by * step / 5)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=start + by)


def board_area(view):
    bounds = view.board_scene().document.board.bounds()
    from PySide6.QtCore import QRectF
    return QRectF(bounds.x, bounds.y, bounds.w, bounds.h)


def test_side_by_side_the_card_words_are_drawn_as_readable_words(compare_window, qtbot):
    window, page, _ids = compare_window
    compare(page, qtbot, 0, 1)
    assert page.left.isVisible() and page.right.isVisible()
    assert page.right.view.viewport().width() < 640  # really side by side in a 1280 px window
    for pane, words in ((page.left, ["lonely", "Zoë feels unseen", LONG]),
                        (page.right, ["lonely", "Zoë feels unseen and alone", LONG])):
        image = pane.view.viewport().grab().toImage()
        for text in words:
            box = card_on_screen(pane, text)
            if not pane.view.viewport().rect().contains(box):
                pane.view.centerOn(pane.view.mapToScene(box.center()))  # bring it in (both sides move)
                image = pane.view.viewport().grab().toImage()
                box = card_on_screen(pane, text)
            lines = ink_lines(ink_rows(image, box))
            assert lines, f"no words drawn on {text!r} (grey bars?)"
            tallest = max(bottom - top + 1 for top, bottom in lines)
            if text == "lonely":  # one line with an ascender and a descender: its ink is the whole text height
                assert tallest >= 11, f"{text!r} is {tallest} px tall"
            elif text == LONG:  # a long sentence wraps over several lines, each one readable
                assert len(lines) >= 3 and tallest >= 11, (text, lines)
            else:
                assert tallest >= 9, (text, lines)  # capitals and ascenders, no descender


def test_what_changed_is_marked_on_both_boards_and_summed_up(compare_window, qtbot, database_url):
    window, page, ids = compare_window
    before = database_content(database_url)
    stored = [window.repository.load_board(i) for i in ids]
    compare(page, qtbot, 0, 1)

    assert page.changes_bar.isVisible()
    assert page.changes_summary.text() == "1 new card, 1 changed, 1 gone, 1 moved; 1 new arrow, 1 arrow gone"
    assert page.right.change_tags() == [
        ("Zoë feels unseen and alone", "changed"),
        ("We paused and reached for each other", "new"),
        ("The Chase", "moved"),
    ]
    assert page.left.change_tags() == [("孤独", "gone")]
    # The boards do not fit whole at a readable size: the first look starts where they changed.
    assert page.right.view.zoom > page.right.view.whole_zoom()
    seen = page.right.view.viewport().rect()
    assert seen.contains(card_on_screen(page.right, "Zoë feels unseen and alone").adjusted(-8, -8, 8, 8))
    assert len(page.left.marked_arrows()) == 1 and len(page.right.marked_arrows()) == 1
    legend = page.legend
    assert legend.isVisible() and legend.words == ["new", "changed", "moved", "gone"]

    # On screen: the new card's outline in the "new" colour, the gone card's dashed outline in the "gone" colour.
    for pane, text, change in ((page.right, "We paused and reached for each other", Change.NEW),
                               (page.left, "孤独", Change.GONE)):
        box = card_on_screen(pane, text)
        pane.view.centerOn(pane.view.mapToScene(box.center()))
        box = card_on_screen(pane, text).adjusted(-16, -16, 16, 16)
        image = pane.view.viewport().grab().toImage()
        assert colour_count(image, box, CHANGE_COLOURS[change]) > 40, change

    # The later board on the left: the marks follow the boards, not the sides.
    compare(page, qtbot, 1, 0)
    assert page.left.change_tags()[0] == ("Zoë feels unseen and alone", "changed")
    assert page.right.change_tags() == [("孤独", "gone")]
    assert page.left.caption.text().startswith("Later") and page.right.caption.text().startswith("Earlier")

    # A copy made that same day and not yet changed: nothing new; the same session twice says so.
    compare(page, qtbot, 1, 2)
    assert page.changes_summary.text() == "No changes between these two boards"
    assert page.left.change_tags() == [] and page.right.change_tags() == []
    compare(page, qtbot, 2, 2)
    assert page.changes_summary.text() == "The same session on both sides"

    # One board: no marks, no legend. Nothing was written, and every board is as stored.
    qtbot.mouseClick(page.compare_button, Qt.MouseButton.LeftButton)
    assert not page.comparing and not page.changes_bar.isVisible() and page.right.change_tags() == []
    assert [window.repository.load_board(i) for i in ids] == stored
    assert database_content(database_url) == before


def test_zoom_and_pan_are_linked_and_never_lose_either_board(compare_window, qtbot):
    window, page, _ids = compare_window
    compare(page, qtbot, 0, 1)
    left, right = page.left.view, page.right.view
    fitted = right.zoom
    assert left.zoom == pytest.approx(fitted)

    wheel(right, 2)  # Ctrl+wheel on the right zooms both
    assert right.zoom > fitted * 1.3 and left.zoom == pytest.approx(right.zoom)
    drag(qtbot, left, QPoint(-120, -60))  # dragging the left moves both
    assert right.visible_rect().center().x() == pytest.approx(left.visible_rect().center().x(), abs=2)
    assert right.visible_rect().center().y() == pytest.approx(left.visible_rect().center().y(), abs=2)
    wheel(left, -1, ctrl=False)  # a plain wheel scrolls, both
    assert right.visible_rect().center().y() == pytest.approx(left.visible_rect().center().y(), abs=2)

    # Far past the edges, and far out: each side still shows its own board.
    for by in (QPoint(-4000, -4000), QPoint(4000, 4000), QPoint(4000, -4000)):
        drag(qtbot, right, by)
        for view in (left, right):
            assert view.visible_rect().intersected(board_area(view)).width() > 100
            assert view.visible_rect().intersected(board_area(view)).height() > 100
    wheel(left, -30)
    for view in (left, right):
        seen = view.visible_rect()
        assert seen.adjusted(-2, -2, 2, 2).contains(board_area(view)) or board_area(view).contains(seen)
        assert view.zoom >= 0.1

    # Ctrl+0 (in a board) and the Fit button bring both back.
    wheel(right, 4)
    drag(qtbot, right, QPoint(900, 0))
    right.setFocus()
    qtbot.keyClick(right.viewport(), Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert right.zoom == pytest.approx(fitted) and left.zoom == pytest.approx(fitted)
    wheel(left, 3)
    qtbot.mouseClick(page.fit_button, Qt.MouseButton.LeftButton)
    assert right.zoom == pytest.approx(fitted) and left.zoom == pytest.approx(fitted)
    assert left.fitted and right.fitted

    # Back to one board: it moves on its own again.
    qtbot.mouseClick(page.compare_button, Qt.MouseButton.LeftButton)
    assert right.partner is None and left.partner is None
    wheel(right, 2)
    assert right.zoom > fitted * 1.3


def test_two_sessions_of_one_day_are_told_apart_and_share_mode_hides_titles(compare_window, qtbot):
    window, page, ids = compare_window
    steps = [b.text() for b in page.timeline.steps]
    assert steps[1] != steps[2]
    assert "2nd that day" in steps[2] and "1st that day" in steps[1] and "that day" not in steps[0]
    compare(page, qtbot, 1, 2)
    # Side by side, each side's heading is its chooser: number, date and which of the day's sessions.
    assert page.left.chooser.isVisible() and not page.left.date_label.isVisible()
    assert page.left.chooser.currentText() == "Session 2 of 3 · 3 Dec 2026 (1st that day)"
    assert page.right.chooser.currentText() == "Session 3 of 3 · 3 Dec 2026 (2nd that day) (open now)"
    assert page.left.caption.text() == f"Earlier · 1st that day · {TITLE}"  # the therapist's screen shows titles
    assert page.right.caption.text() == "Later · 2nd that day · open now"
    # One board at a time, the long date is the heading, with the day's place too.
    qtbot.mouseClick(page.compare_button, Qt.MouseButton.LeftButton)
    assert page.right.date_label.isVisible()
    assert page.right.date_label.text() == "Thursday, 3 December 2026 (2nd that day)"
    qtbot.keyClick(page, Qt.Key.Key_Left)
    assert page.right.date_label.text() == "Thursday, 3 December 2026 (1st that day)"
    assert page.right.caption.text() == f"Session 2 of 3 · {TITLE}"

    # Share mode: the same page, no title anywhere on it; the partners' names as the couple shows them.
    sessions = window.repository.list_sessions(window.controller.couple.id)
    page.open_story(window.controller.couple, sessions, ids[2], window.repository.load_board, show_titles=False)
    compare(page, qtbot, 0, 1)
    texts = [w.text() for w in page.findChildren(QLabel) + page.findChildren(QPushButton)]
    texts += [c.itemText(i) for c in page.findChildren(QComboBox) for i in range(c.count())]
    assert texts and not any(TITLE in t for t in texts)
    assert page.subtitle.text().startswith(window.controller.couple.display_name())
    assert page.left.date_label.text() == "Thursday, 19 November 2026"
