"""The brief progress check in the real window, typed with real keys: each partner's answers kept at once for the
open session, Tab going through partner A's three answers then B's, Delete leaving one out (missing, never 0)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from couplecanvas.domain.couple import Couple, Partner, PartnerRole
from couplecanvas.domain.progress import Caught, FoundAgain, ProgressCheck
from couplecanvas.domain.session import Session
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository

A, B = PartnerRole.A, PartnerRole.B
TITLE = "Disclosure of the affair"
ORDER = ["progress_a_connection", "progress_a_caught", "progress_a_found_again",
         "progress_b_connection", "progress_b_caught", "progress_b_found_again"]


@pytest.fixture
def check_window(make_window, database_url):
    """Zoë & Ben (aliases Sun and Moon) at their second session, with no homework given before it."""
    repository = Repository(open_database(database_url))
    try:
        couple = repository.add_couple(Couple(Partner("Zoë", "Sun", "#1f5fa8"), Partner("Ben", "Moon", "#c4561d")))
        first = repository.add_session(Session(couple.id, dt.date(2025, 1, 10), TITLE))
        second = repository.add_session(Session(couple.id, dt.date(2025, 1, 17)))
        repository.save_progress_check(ProgressCheck(first.id, A, 3, Caught.MOST_DAYS))
    finally:
        repository.database.dispose()
    window = make_window()
    window.couples.reload(couple.id)
    assert window.controller.session.id == second.id
    return window, first, second


def _stored(window, session_id: int) -> dict[PartnerRole, ProgressCheck]:
    return window.repository.progress_checks(session_id)


def test_both_partners_answer_with_the_keyboard_and_each_answer_is_kept_at_once(check_window, qtbot):
    window, first, second = check_window
    check = window.homework_panel.review.check
    assert check.isVisible() and check.session_id == second.id
    assert [check.partners[r].name.text() for r in (A, B)] == ["Zoë", "Ben"]
    first_row = check.partners[A].rows["connection"]
    first_row.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(first_row.hasFocus)

    order = []
    for _ in ORDER:
        order.append(QApplication.focusWidget().objectName())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert order == ORDER  # A's three, then B's three, in the same order
    first_row.setFocus(Qt.FocusReason.TabFocusReason)

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_7)
    assert _stored(window, second.id) == {A: ProgressCheck(second.id, A, 7)}  # no Save button: kept at once
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)  # from no answer: the first, "not at all"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)  # "once"
    assert _stored(window, second.id)[A].caught is Caught.ONCE
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2)  # "within hours"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget().objectName() == "progress_b_connection"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_0)  # "1" then "0": ten
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # B's cycle answer left out
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_4)  # "not yet"

    assert _stored(window, second.id) == {
        A: ProgressCheck(second.id, A, 7, Caught.ONCE, FoundAgain.HOURS),
        B: ProgressCheck(second.id, B, 10, None, FoundAgain.NOT_YET),
    }
    assert check.partners[B].rows["connection"].index == 10
    # The first session's check is untouched: each session keeps its own.
    assert _stored(window, first.id) == {A: ProgressCheck(first.id, A, 3, Caught.MOST_DAYS)}

    # Delete takes an answer back: missing, never 0.
    a_connection = check.partners[A].rows["connection"]
    a_connection.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(a_connection, Qt.Key.Key_Delete)
    assert _stored(window, second.id)[A].connection is None
    assert a_connection.index == -1
    qtbot.keyClick(a_connection, Qt.Key.Key_0)  # and 0 is a real answer
    assert _stored(window, second.id)[A].connection == 0


def test_a_click_answers_too_and_the_answers_come_back_in_a_new_window(check_window, qtbot, make_window):
    window, first, second = check_window
    check = window.homework_panel.review.check
    caught = check.partners[B].rows["caught"]
    qtbot.mouseClick(caught, Qt.MouseButton.LeftButton, pos=caught.cell(2).center())
    assert _stored(window, second.id) == {B: ProgressCheck(second.id, B, None, Caught.A_FEW_TIMES)}
    assert check.partners[B].rows["caught"].hasFocus()  # the keys go on from where the click was

    window.close()
    again = make_window()
    rows = again.homework_panel.review.check.partners[B].rows
    assert again.controller.session.id == second.id
    assert [rows["caught"].is_checked(i) for i in range(4)] == [False, False, True, False]
    assert rows["connection"].index == -1

    # The first session shows its own answers.
    again.couples_panel.set_sessions(again.repository.list_sessions(again.controller.couple.id), first.id)
    rows = again.homework_panel.review.check.partners[A].rows
    assert rows["connection"].is_checked(3) and rows["caught"].is_checked(3)


def test_share_mode_names_the_partners_by_their_aliases(check_window, qtbot):
    window, _first, _second = check_window
    window.controller.set_share_mode(True)
    check = window.homework_panel.review.check
    qtbot.waitUntil(lambda: check.partners[A].name.text() == "Sun")
    assert check.partners[B].name.text() == "Moon"
    # The section shows in share mode now (the check is taken at every session): no session title in it.
    review = window.homework_panel.review
    assert review.isVisible() and "10 Jan 2025" in review.heading.text()
    assert not any(TITLE in label.text() for label in review.findChildren(QLabel))
