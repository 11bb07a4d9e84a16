"""Homework through a couple's sessions in the real window: assigning to one partner with a note and a frequency,
reviewing last time's homework at the next session, and the couple's history (never another couple's)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from couplecanvas.domain.couple import Couple, Partner
from couplecanvas.domain.homework import Assignment, Review, Who
from couplecanvas.domain.session import Session
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository
from couplecanvas.ui.assign_dialog import AssignDialog
from couplecanvas.ui.homework_history import HomeworkHistoryDialog

FIRST, SECOND = dt.date(2025, 1, 10), dt.date(2025, 2, 7)
OTHER_NOTE = "ZZ-other-couple-secret"


def type_text(qtbot, widget, text: str) -> None:
    """Type like a keyboard would, accents included (QTest's keyClicks only knows ASCII)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


@pytest.fixture
def homework_window(make_window, database_url):
    """Zoë & Ben: homework given at the first session, the second session open; Cleo & Dan have their own homework."""
    repository = Repository(open_database(database_url))
    try:
        zoe = repository.add_couple(Couple(Partner("Zoë"), Partner("Ben")))
        first = repository.add_session(Session(zoe.id, FIRST, "Mapping"))
        second = repository.add_session(Session(zoe.id, SECOND, "Next steps"))
        for key, who, note in (("daily-check-in", Who.BOTH, ""), ("catch-our-cycle", Who.BOTH, "Say its name"),
                               ("breathing-together", Who.A, "")):
            repository.add_assignment(Assignment(first.id, key, who, note))
        other = repository.add_couple(Couple(Partner("Cleo"), Partner("Dan")))
        theirs = repository.add_session(Session(other.id, SECOND))
        repository.add_assignment(Assignment(theirs.id, "love-map-questions", Who.BOTH, OTHER_NOTE,
                                             review=Review.DONE, review_note=OTHER_NOTE))
    finally:
        repository.database.dispose()
    window = make_window()
    window.couples.reload(zoe.id)
    assert window.controller.session.id == second.id
    return window, first, second


def stored(window, session_id: int) -> dict[str, Assignment]:
    return {a.exercise_key: a for a in window.repository.list_assignments(session_id)}


def test_assign_to_one_partner_with_a_note_and_a_frequency(homework_window, qtbot):
    window, _first, second = homework_window
    qtbot.mouseClick(window.homework_panel.assign_button, Qt.MouseButton.LeftButton)
    dialog = next(d for d in window.findChildren(AssignDialog) if d.isVisible())
    assert [dialog.who.itemText(i) for i in range(dialog.who.count())] == ["Both of you", "Zoë", "Ben"]

    dialog.select("track-the-problem")  # one that may be given to one partner (not written for the two together)
    assert dialog.frequency.text() == "Daily"  # the exercise's own, ready to change
    qtbot.keyClick(dialog.exercises, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.who, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.who, Qt.Key.Key_Down)
    assert dialog.who.currentText() == "Ben"
    dialog.frequency.selectAll()
    type_text(qtbot, dialog.frequency, "Twice, on quiet evenings")
    type_text(qtbot, dialog.note, "Ben, notice one thing Zoë says that surprises you.")

    dialog.select("six-second-hello")  # only a note: who and frequency stay the exercise's own
    type_text(qtbot, dialog.note, "Start on Sunday")
    dialog.select("track-the-problem")  # coming back shows what was chosen for it
    assert dialog.who.currentText() == "Ben" and dialog.frequency.text() == "Twice, on quiet evenings"
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    given = stored(window, second.id)
    assert sorted(given) == ["six-second-hello", "track-the-problem"]
    listening = given["track-the-problem"]
    assert (listening.who, listening.frequency) == (Who.B, "Twice, on quiet evenings")
    assert listening.note == "Ben, notice one thing Zoë says that surprises you."
    hello = given["six-second-hello"]
    assert (hello.who, hello.frequency, hello.note) == (Who.BOTH, "", "Start on Sunday")  # unchanged: not stored
    texts = [window.homework_panel.list.item(i).text() for i in range(window.homework_panel.list.count())]
    assert ("Track the problem\nBen · Twice, on quiet evenings\n"
            "“Ben, notice one thing Zoë says that surprises you.”") in texts
    assert "Six-second hello and goodbye\nBoth of you · Daily\n“Start on Sunday”" in texts


def test_review_last_sessions_homework_by_click_and_key(homework_window, qtbot, make_window):
    window, first, second = homework_window
    review = window.homework_panel.review
    assert review.isVisible() and review.session.id == first.id
    assert "10 Jan 2025" in review.heading.text()
    rows = {row.assignment.exercise_key: row for row in review.rows}
    assert list(rows) == ["daily-check-in", "catch-our-cycle", "breathing-together"]

    # One click.
    qtbot.mouseClick(rows["daily-check-in"].buttons[Review.DONE], Qt.MouseButton.LeftButton)
    # Keys: Space chooses the focused answer, arrows move to the next one and choose it.
    partly_row = rows["catch-our-cycle"]
    partly_row.buttons[Review.DONE].setFocus()
    qtbot.keyClick(partly_row.buttons[Review.DONE], Qt.Key.Key_Space)
    assert stored(window, first.id)["catch-our-cycle"].review is Review.DONE
    qtbot.keyClick(partly_row.buttons[Review.DONE], Qt.Key.Key_Right)
    assert partly_row.review() is Review.PARTLY
    type_text(qtbot, partly_row.note, "Twice; then the week got busy")
    qtbot.keyClick(partly_row.note, Qt.Key.Key_Return)
    qtbot.mouseClick(rows["breathing-together"].buttons[Review.NOT_DONE], Qt.MouseButton.LeftButton)
    type_text(qtbot, rows["breathing-together"].note, "Zoë forgot, and said so kindly")  # no Enter: kept on leaving

    reviews = stored(window, first.id)
    assert reviews["daily-check-in"].review is Review.DONE
    assert (reviews["catch-our-cycle"].review, reviews["catch-our-cycle"].review_note) == \
        (Review.PARTLY, "Twice; then the week got busy")
    assert reviews["breathing-together"].review is Review.NOT_DONE
    assert reviews["catch-our-cycle"].note == "Say its name"  # the note given with it is left alone

    # A change of mind is stored too.
    qtbot.mouseClick(rows["daily-check-in"].buttons[Review.PARTLY], Qt.MouseButton.LeftButton)
    assert stored(window, first.id)["daily-check-in"].review is Review.PARTLY

    window.close()
    reviews = stored(again := make_window(), first.id)
    assert reviews["breathing-together"].review_note == "Zoë forgot, and said so kindly"
    rows = {row.assignment.exercise_key: row for row in again.homework_panel.review.rows}
    assert rows["daily-check-in"].review() is Review.PARTLY
    assert rows["catch-our-cycle"].note.text() == "Twice; then the week got busy"
    assert again.controller.session.id == second.id


def test_the_first_session_has_nothing_to_review(homework_window, qtbot):
    window, first, _second = homework_window
    window.couples_panel.set_sessions(window.repository.list_sessions(window.controller.couple.id), first.id)
    assert window.controller.session.id == first.id
    review = window.homework_panel.review
    assert review.rows == [] and not review.summary.isVisible()
    # Only the brief progress check shows: it is taken at every session, the first one too.
    assert review.isVisible() and review.check.isVisible() and review.check.session_id == first.id


def test_history_shows_every_session_with_reviews_and_a_summary_and_only_this_couple(homework_window, qtbot):
    window, first, second = homework_window
    rows = {row.assignment.exercise_key: row for row in window.homework_panel.review.rows}
    rows["daily-check-in"].choose(Review.DONE)
    rows["catch-our-cycle"].choose(Review.PARTLY)
    rows["catch-our-cycle"].note.setText("Once, on Tuesday")
    rows["breathing-together"].choose(Review.NOT_DONE)
    window.homework_panel.assign(["state-of-the-union"], Who.BOTH, "Sunday afternoon")

    qtbot.mouseClick(window.homework_panel.history_button, Qt.MouseButton.LeftButton)
    dialog = next(d for d in window.findChildren(HomeworkHistoryDialog) if d.isVisible())
    assert dialog.summary.text() == "Done 1 · Partly 1 · Not done 1 · Not reviewed yet 1"
    text = dialog.text()
    assert "Zoë & Ben" in dialog.windowTitle()
    first_at, second_at = text.index("10 Jan 2025 · Mapping"), text.index("7 Feb 2025 · Next steps")
    assert first_at < second_at  # oldest first
    older = text[first_at:second_at]
    for expected in ("Daily check-in", "Catch your cycle", "Breathing together", "Zoë", "Done", "Partly", "Not done",
                     "“Once, on Tuesday”", "“Say its name”"):
        assert expected in older, expected
    newer = text[second_at:]
    assert "State of the Union meeting" in newer and "Not reviewed yet" in newer
    assert OTHER_NOTE not in text and "Love map questions" not in text and "Cleo" not in text

    # The menu opens the same history.
    dialog.reject()
    window.homework.update_actions()
    window.homework.history_action.trigger()
    assert [d for d in window.findChildren(HomeworkHistoryDialog) if d.isVisible()]
