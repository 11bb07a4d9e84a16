"""A couple's story over time in the real window: a new session that goes on from the last board, the timeline,
side-by-side comparison, and coming back to the open board untouched. Nothing is written, and no other couple shows."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QToolBar

from couplecanvas.domain.board import Board, Card, Connector, ConnectorKind, Stroke
from couplecanvas.domain.couple import Couple, Partner, PartnerRole
from couplecanvas.domain.session import Session
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository
from couplecanvas.ui.new_session import StartFromDialog

DATES = [dt.date(2025, 1, 10), dt.date(2025, 2, 7), dt.date(2025, 3, 6)]
TEXTS = [
    ["We fight about the dishes", "Nobody listens"],
    ["The Chase", "I go quiet", "I push harder"],
    ["The Chase", "We paused and reached for each other"],
]
OTHER_TEXT = "ZZ-other-couple-secret"


def board_of(texts: list[str], reframe: bool = False) -> Board:
    board = Board()
    cards = [Card(text, x=40.0 + 260 * i, y=60.0 + 30 * i, z=i + 1.0) for i, text in enumerate(texts)]
    for card in cards:
        board.add_card(card)
    if reframe:
        board.add_connector(Connector(cards[0].id, cards[1].id, kind=ConnectorKind.REFRAME))
    return board


def store(database_url: str, couples: list[tuple[Couple, list[tuple[dt.date, Board]]]]) -> list[list[int]]:
    """Write couples with dated boards before the window opens; returns each couple's session ids, oldest first."""
    repository = Repository(open_database(database_url))
    ids = []
    try:
        for couple, sessions in couples:
            repository.add_couple(couple)
            ids.append([])
            for date, board in sessions:
                session = repository.add_session(Session(couple.id, date))
                repository.replace_board(session.id, board)
                ids[-1].append(session.id)
    finally:
        repository.database.dispose()
    return ids


def database_content(database_url: str) -> list[str]:
    """Every row of the records (the activity log aside: opening a couple is recorded there, by design)."""
    path = database_url.removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return [line for line in connection.iterdump() if not line.startswith('INSERT INTO "activity"')]


def open_couple(window, couple_id: int) -> None:
    window.couples.reload(couple_id)
    assert window.controller.couple.id == couple_id and window.controller.document is not None


@pytest.fixture
def story_window(make_window, database_url):
    """Ana & Ben with three sessions (the newest open), and Cleo & Dan, whose words must never show."""
    ana = Couple(Partner("Ana"), Partner("Ben"))
    other = Couple(Partner("Cleo"), Partner("Dan"))
    boards = [board_of(TEXTS[0]), board_of(TEXTS[1]), board_of(TEXTS[2], reframe=True)]
    ids = store(database_url, [
        (ana, list(zip(DATES, boards))),
        (other, [(dt.date(2025, 3, 7), board_of([OTHER_TEXT]))]),
    ])
    window = make_window()
    open_couple(window, ana.id)
    assert window.controller.session.id == ids[0][-1]
    return window, ids[0], other


def shown_texts(page) -> list[list[str]]:
    panes = (page.left, page.right) if page.comparing else (page.right,)
    return [sorted(pane.card_texts()) for pane in panes]


def test_timeline_steps_and_compares_read_only_and_escape_returns_to_the_same_board(story_window, qtbot, database_url):
    window, session_ids, other = story_window
    before = database_content(database_url)
    board_before = window.controller.document.board.clone()
    document, scene = window.controller.document, window.board_page.scene
    view = window.board_page.view
    view.set_zoom(0.8)
    transform = view.transform()
    scene.select_only([next(iter(document.board.cards))])
    selected = scene.selected_card_ids()

    # The menu shortcut opens the story inside the main window.
    view.setFocus()
    qtbot.keyClick(
        view.viewport(), Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    page = window.story.page
    assert window.stack.currentWidget() is page and page.isVisible()
    assert not window.board_actions.new_card.isEnabled()  # the hidden board's tools and keys are off meanwhile
    assert not any(a.isEnabled() for a in window.board_actions.ink_colour_actions.actions())
    assert not window.tool_label.isVisible() and not window.zoom_label.isVisible()
    assert not window.findChild(QToolBar, "board_toolbar").isEnabled()
    assert window.undo_group.activeStack() is None

    # Three steps, oldest first, the open one marked; the open session's board is shown first.
    steps = page.timeline.steps
    assert [b.text().split("\n")[0] for b in steps] == ["10 Jan 2025", "7 Feb 2025", "6 Mar 2025"]
    assert [("open now" in b.text()) for b in steps] == [False, False, True]
    assert steps[2].property("state") == "shown"
    assert shown_texts(page) == [sorted(TEXTS[2])]
    assert page.right.date_label.text() == "Thursday, 6 March 2025"

    seen: set[str] = set()

    def look(expected_index: int) -> None:
        assert shown_texts(page) == [sorted(TEXTS[expected_index])]
        assert page.right.date_label.text().endswith(f"{DATES[expected_index].day} {DATES[expected_index]:%B %Y}")
        assert page.timeline.steps[expected_index].property("state") == "shown"
        seen.update(page.right.card_texts())

    for key, expected in ((Qt.Key.Key_Left, 1), (Qt.Key.Key_Left, 0), (Qt.Key.Key_Left, 0), (Qt.Key.Key_Right, 1),
                          (Qt.Key.Key_End, 2), (Qt.Key.Key_Home, 0)):
        qtbot.keyClick(page, key)
        look(expected)
    qtbot.mouseClick(steps[1], Qt.MouseButton.LeftButton)
    look(1)

    # The shown board cannot be changed: keys and clicks that edit the open board do nothing here.
    shown = page.right
    shown.view.setFocus()
    for key in (Qt.Key.Key_N, Qt.Key.Key_Delete, Qt.Key.Key_T):
        qtbot.keyClick(shown.view.viewport(), key)
    centre = shown.view.mapFromScene(60, 80)
    qtbot.mouseDClick(shown.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(shown.view.viewport(), Qt.MouseButton.LeftButton, pos=centre + QPoint(400, 300))
    assert sorted(shown.card_texts()) == sorted(TEXTS[1])
    assert shown.document.undo_stack.count() == 0
    assert shown.scene.selectedItems() == []
    qtbot.keyClick(shown.view.viewport(), Qt.Key.Key_Right)  # arrow keys still step, even from inside a board
    look(2)

    # Compare: the one before on the left, the shown one on the right, each under its session and date.
    qtbot.mouseClick(page.compare_button, Qt.MouseButton.LeftButton)
    assert page.comparing and page.left.isVisible() and page.right.isVisible()
    assert shown_texts(page) == [sorted(TEXTS[1]), sorted(TEXTS[2])]
    assert page.left.chooser.currentText() == "Session 2 of 3 · 7 Feb 2025"
    assert page.right.chooser.currentText() == "Session 3 of 3 · 6 Mar 2025 (open now)"
    assert page.left.caption.text().startswith("Earlier") and page.right.caption.text().startswith("Later")
    assert steps[1].property("state") == "compared" and steps[2].property("state") == "shown"
    qtbot.keyClick(page, Qt.Key.Key_Left)  # both sides step together
    assert shown_texts(page) == [sorted(TEXTS[0]), sorted(TEXTS[1])]
    qtbot.keyClick(page, Qt.Key.Key_Left)  # and stop at the first session
    assert shown_texts(page) == [sorted(TEXTS[0]), sorted(TEXTS[1])]
    qtbot.keyClick(page, Qt.Key.Key_End)
    assert shown_texts(page) == [sorted(TEXTS[1]), sorted(TEXTS[2])]
    # Each side has its own chooser: the first session on the left.
    page.left.chooser.setFocus()
    qtbot.keyClick(page.left.chooser, Qt.Key.Key_Up)
    assert shown_texts(page) == [sorted(TEXTS[0]), sorted(TEXTS[2])]
    assert page.left.chooser.currentText() == "Session 1 of 3 · 10 Jan 2025"
    for pane in (page.left, page.right):
        seen.update(pane.card_texts())
        assert pane.chooser.count() == 3
        assert pane.document is None or pane.document.undo_stack.count() == 0

    # Nothing of the other couple, anywhere on the page.
    assert OTHER_TEXT not in seen
    assert all(OTHER_TEXT not in texts for texts in shown_texts(page))
    assert "Cleo" not in page.subtitle.text() and "Ana" in page.subtitle.text()
    assert len(page.timeline.steps) == 3

    # Escape: back to the very same open board, as it was.
    qtbot.keyClick(page, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.board_page
    assert window.controller.document is document and window.board_page.scene is scene
    assert window.controller.document.board == board_before
    assert view.transform() == transform
    assert scene.selected_card_ids() == selected
    assert window.board_actions.new_card.isEnabled() and window.undo_group.activeStack() is document.undo_stack
    assert all(a.isEnabled() for a in window.board_actions.ink_colour_actions.actions())
    assert window.tool_label.isVisible() and window.zoom_label.isVisible()
    assert window.findChild(QToolBar, "board_toolbar").isEnabled()
    assert page.right.scene is None and page.left.scene is None and page.sessions == []
    assert database_content(database_url) == before


def test_story_button_back_button_and_a_couple_switch(story_window, qtbot, database_url):
    window, _ids, other = story_window
    before = database_content(database_url)
    qtbot.mouseClick(window.board_page.story_button, Qt.MouseButton.LeftButton)
    page = window.story.page
    assert window.stack.currentWidget() is page
    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.board_page

    # The menu entry toggles; choosing another couple meanwhile leaves nothing of the first couple on the page.
    window.story_action.trigger()
    assert window.stack.currentWidget() is page and page.right.card_texts()
    open_couple(window, other.id)
    assert window.stack.currentWidget() is window.board_page
    assert page.sessions == [] and page.right.scene is None and page.subtitle.text() == ""
    assert window.findChild(QToolBar, "board_toolbar").isEnabled() and window.board_actions.new_card.isEnabled()
    window.story_action.trigger()
    assert [sorted(t) for t in shown_texts(page)] == [[OTHER_TEXT]]
    assert len(page.timeline.steps) == 1 and not page.compare_button.isEnabled()
    assert database_content(database_url) == before


def test_empty_board_has_a_friendly_empty_state(make_window, database_url, qtbot):
    couple = Couple(Partner("Eve"), Partner("Finn"))
    store(database_url, [(couple, [(DATES[0], Board()), (DATES[1], board_of(["We tried again"]))])])
    window = make_window()
    open_couple(window, couple.id)
    window.story.show()
    page = window.story.page
    qtbot.keyClick(page, Qt.Key.Key_Home)
    assert page.right.scene is None and page.right.body.currentWidget() is page.right.empty
    assert "Nothing" in page.right.empty.text() and page.right.empty.isVisible()


def stored_board(window, session_id: int) -> Board:
    return window.repository.load_board(session_id)


@pytest.fixture
def one_session_window(make_window, database_url):
    """Gil & Hal after one session: a reframe pair with roles and hints, a plain arrow, and a pen line."""
    couple = Couple(Partner("Gil"), Partner("Hal"))
    board = Board()
    old = Card("We can't talk", 40, 300, role="problem-story", hint="The old story", z=1)
    new = Card("We pause and try again", 400, 300, role="preferred-story", hint="The new story", z=2)
    mine = Card("I go quiet", 40, 40, partner=PartnerRole.A, role="action", z=3)
    for card in (old, new, mine):
        board.add_card(card)
    board.add_connector(Connector(old.id, new.id, kind=ConnectorKind.REFRAME))
    board.add_connector(Connector(mine.id, old.id, "and then"))
    board.add_stroke(Stroke(((0.0, 0.0, 0.5), (50.0, 20.0, 0.7)), z=4))
    [[session_id]] = store(database_url, [(couple, [(dt.date(2025, 3, 6), board)])])
    window = make_window()
    open_couple(window, couple.id)
    return window, session_id, window.repository.load_board(session_id)  # as stored (points are packed)


def card_facts(board: Board) -> list[tuple]:
    return sorted((c.text, c.x, c.y, c.width, c.height, c.role, c.hint, c.partner, c.kind, c.colour, c.z)
                  for c in board.cards.values())


def arrow_facts(board: Board) -> list[tuple]:
    return sorted((board.cards[a.source_id].text, board.cards[a.target_id].text, a.kind, a.label)
                  for a in board.connectors.values())


def test_a_new_session_can_start_from_the_previous_board(one_session_window, qtbot):
    window, first_id, original = one_session_window
    dialog = window.couples.new_session()
    assert isinstance(dialog, StartFromDialog) and dialog.isVisible()
    assert "6 Mar" in dialog.copy_button.text() and dialog.copy_button.isDefault()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # the default: go on from the last board

    assert window.controller.session.id != first_id and window.controller.session.date == dt.date.today()
    copy = window.controller.document.board
    assert card_facts(copy) == card_facts(original)
    assert arrow_facts(copy) == arrow_facts(original)
    assert [s.points for s in copy.strokes.values()] == [s.points for s in original.strokes.values()]
    assert not set(copy.cards) & set(original.cards)
    assert not set(copy.connectors) & set(original.connectors)
    assert not set(copy.strokes) & set(original.strokes)
    assert stored_board(window, window.controller.session.id) == copy
    assert stored_board(window, first_id) == original  # the earlier board is untouched
    assert [s.id for s in window.repository.list_sessions(window.controller.couple.id)] == [
        window.controller.session.id,
        first_id,
    ]
    assert window.couples_panel.current_session_id() == window.controller.session.id


def test_a_new_session_can_start_empty_and_escape_makes_none(one_session_window, qtbot):
    window, first_id, original = one_session_window
    dialog = window.couples.new_session()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert [s.id for s in window.repository.list_sessions(window.controller.couple.id)] == [first_id]
    assert window.controller.session.id == first_id

    qtbot.mouseClick(window.couples_panel.findChild(QPushButton, "new_session"), Qt.MouseButton.LeftButton)
    [dialog] = [d for d in window.findChildren(StartFromDialog) if d.isVisible()]  # the first one is on its way out
    qtbot.mouseClick(dialog.empty_button, Qt.MouseButton.LeftButton)
    assert window.controller.session.id != first_id
    assert window.controller.document.board == Board(session_id=window.controller.session.id)
    assert stored_board(window, window.controller.session.id).cards == {}
    assert stored_board(window, first_id) == original


def test_a_copy_that_cannot_be_written_says_so_and_loses_nothing(one_session_window, qtbot):
    window, first_id, original = one_session_window
    # The database itself refuses the copied cards halfway through the transaction (as a full disk would).
    path = window.repository.database.path
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TRIGGER refuse_cards BEFORE INSERT ON cards "
            "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
        )
    connection.close()
    qtbot.keyClick(window.couples.new_session(), Qt.Key.Key_Return)
    box = window.findChild(QMessageBox, "session_not_made")
    assert box is not None and box.isVisible() and "nothing has changed" in box.text()
    # all or nothing: no half-made session without its board, and the open one is still open
    assert [s.id for s in window.repository.list_sessions(window.controller.couple.id)] == [first_id]
    assert window.controller.session.id == first_id
    assert stored_board(window, first_id) == original
    box.close()


def test_a_first_session_is_not_offered_a_copy(make_window, database_url, qtbot):
    couple = Couple(Partner("Ivy"), Partner("Jo"))
    empty_only = Couple(Partner("Kim"), Partner("Lee"))
    store(database_url, [(couple, []), (empty_only, [(DATES[0], Board())])])
    window = make_window()
    for who in (couple, empty_only):
        window.couples.reload(who.id)
        qtbot.mouseClick(window.couples_panel.findChild(QPushButton, "new_session"), Qt.MouseButton.LeftButton)
        assert window.findChild(StartFromDialog) is None
        assert window.stack.currentWidget() is window.board_page
        assert window.controller.session.date == dt.date.today() and window.controller.document.board.cards == {}


def test_boards_are_read_when_shown_and_one_that_cannot_be_read_says_so(story_window, qtbot, monkeypatch):
    window, session_ids, _other = story_window
    read: list[int] = []
    real = window.repository.load_board

    def load_board(session_id):
        read.append(session_id)
        if session_id == session_ids[0]:
            raise OSError("unreadable")
        return real(session_id)

    monkeypatch.setattr(window.repository, "load_board", load_board)
    window.story_action.trigger()
    page = window.story.page
    assert read == []  # the open session is shown from the open board itself
    qtbot.keyClick(page, Qt.Key.Key_Left)
    assert read == [session_ids[1]]
    qtbot.keyClick(page, Qt.Key.Key_Right)
    qtbot.keyClick(page, Qt.Key.Key_Left)
    assert read == [session_ids[1]]  # read once, then kept
    qtbot.keyClick(page, Qt.Key.Key_Left)
    assert read == [session_ids[1], session_ids[0]]
    assert page.right.scene is None and "could not be read" in page.right.empty.text()
    assert page.right.date_label.text() == "Friday, 10 January 2025"


def test_a_shown_board_can_be_zoomed_and_moved_around(story_window, qtbot):
    window, _ids, _other = story_window
    window.story.show()
    view = window.story.page.right.view
    fitted = view.zoom
    view.setFocus()
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom > fitted and not view.fitted
    while view.visible_rect().width() >= view.sceneRect().width():  # until the board is wider than the view
        qtbot.keyClick(view.viewport(), Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    before = view.mapToScene(view.viewport().rect().center())
    start = view.viewport().rect().center()
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(view.viewport(), start + QPoint(-20 * step, -10 * step))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(-100, -50))
    after = view.mapToScene(view.viewport().rect().center())
    assert after.x() > before.x() + 20  # dragged left: the board moved, showing more of its right side
    # Dragged much further, it stops at the board's edge: the board never leaves the view.
    start = view.viewport().rect().center()
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), start + QPoint(-3000, -3000))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(-3000, -3000))
    bounds = window.story.page.right.document.board.bounds()
    seen = view.visible_rect()
    assert seen.right() <= bounds.right + 41 and seen.left() < bounds.right - 100
    qtbot.keyClick(view.viewport(), Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == pytest.approx(fitted) and view.fitted
    assert window.story.page.right.document.undo_stack.count() == 0
