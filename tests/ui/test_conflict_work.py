"""Giving homework that asks the couple to talk about conflict, through the real window with real clicks: without a
screening on record the therapist is asked first; with concerns on record it is not given unless the therapist
overrides in a second, deliberate step, recorded with today's date; after a screening with no concerns it is given."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton

from couplecanvas.domain.homework import HomeworkLibrary
from couplecanvas.domain.safety import Outcome, Screening, asks_for_conflict_talk

CALM = "stress-reducing-conversation"


@pytest.fixture
def window(make_window, qtbot):
    """The main window on the sample couple's session (no screening on record), opened from the welcome page."""
    window = make_window()
    qtbot.mouseClick(window.welcome_page.findChild(QPushButton, "open_sample"), Qt.MouseButton.LeftButton)
    assert window.controller.session is not None
    return window


def conflict_exercise(window) -> str:
    """The key of an exercise that asks for conflict talk, one the session has not been given yet."""
    library: HomeworkLibrary = window.controller.library
    given = set(window.homework_panel.assigned_keys())
    flagged = [e for e in library.ordered() if asks_for_conflict_talk(e) and e.key not in given]
    if not flagged:  # the library's flags have not landed: flag one exercise, as the TOML would
        exercise = next(e for e in library.ordered() if e.key not in given and e.key != CALM)
        library.exercises[exercise.key] = dataclasses.replace(exercise, conflict_talk=True)
        window.controller.set_library(library)
        return exercise.key
    return flagged[0].key


def visible(window, kind, name: str):
    """The visible widget of this kind and name (a closed one may linger until Qt deletes it)."""
    return next((w for w in window.findChildren(kind, name) if w.isVisible()), None)


def given(window) -> list[str]:
    return [a.exercise_key for a in window.repository.list_assignments(window.controller.session.id)]


def choose_and_assign(window, qtbot, *keys: str) -> None:
    """Assign… in the homework panel, tick each exercise with Space, then click Assign."""
    qtbot.mouseClick(window.homework_panel.assign_button, Qt.MouseButton.LeftButton)
    dialog = visible(window, QDialog, "assign_dialog")
    assert dialog is not None
    for key in keys:
        dialog.select(key)
        qtbot.keyClick(dialog.exercises, Qt.Key.Key_Space)
    assert set(dialog.chosen_keys()) == set(keys)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)


def shown_box(window, qtbot, name: str) -> QMessageBox:
    qtbot.waitUntil(lambda: visible(window, QMessageBox, name) is not None, timeout=2000)
    return visible(window, QMessageBox, name)


def click(qtbot, box: QMessageBox, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=2000)


def test_without_a_screening_on_record_the_therapist_is_asked_first(window, qtbot):
    key = conflict_exercise(window)
    title = window.controller.library.get(key).title
    before = given(window)

    choose_and_assign(window, qtbot, *([key] if CALM in before else [key, CALM]))
    box = shown_box(window, qtbot, "conflict_work_question")
    text = box.text()
    assert f"“{title}” asks the two of them to talk about conflict." in text
    assert "There is no record of individual screening for this couple." in text
    assert "not advised while there is violence or fear in the relationship" in text
    assert text.endswith("Assign it anyway?")
    assert box.defaultButton() is box.findChild(QPushButton, "leave_out")  # Enter does not give it
    assert key not in given(window)
    if CALM not in before:
        assert CALM in given(window)  # what asks for no conflict talk is given at once

    click(qtbot, box, box.findChild(QPushButton, "leave_out"))
    assert key not in given(window)

    choose_and_assign(window, qtbot, key)
    box = shown_box(window, qtbot, "conflict_work_question")
    click(qtbot, box, box.findChild(QPushButton, "assign_anyway"))
    assert key in given(window)
    assert window.repository.get_screening(window.controller.couple.id).overridden_on is None


def record(window, qtbot, outcome: Outcome, day: dt.date) -> None:
    """Record the screening through its dialog, as the therapist would."""
    window.screening_action.trigger()
    dialog = visible(window, QDialog, "screening_dialog")
    assert dialog is not None
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(outcome.value))
    dialog.date.setDate(day)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_with_concerns_on_record_it_is_refused_unless_overridden_and_the_override_is_recorded(window, qtbot):
    key = conflict_exercise(window)
    couple_id = window.controller.couple.id
    record(window, qtbot, Outcome.CONCERNS, dt.date(2026, 11, 12))

    choose_and_assign(window, qtbot, key)
    box = shown_box(window, qtbot, "conflict_work_refused")
    assert "The individual screening on 12 November 2026 found concerns, so it was not assigned." in box.text()
    assert "not advised while there is violence or fear" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Ok)
    click(qtbot, box, box.button(QMessageBox.StandardButton.Ok))
    assert key not in given(window)
    assert window.repository.get_screening(couple_id).overridden_on is None

    # The override is a second, deliberate step: Override… asks again, and Cancel gives nothing.
    choose_and_assign(window, qtbot, key)
    box = shown_box(window, qtbot, "conflict_work_refused")
    click(qtbot, box, box.findChild(QPushButton, "override"))
    confirm = shown_box(window, qtbot, "conflict_work_override")
    assert "today's date will be kept with the screening record" in confirm.text()
    assert confirm.defaultButton() is confirm.button(QMessageBox.StandardButton.Cancel)
    click(qtbot, confirm, confirm.button(QMessageBox.StandardButton.Cancel))
    assert key not in given(window)
    assert window.repository.get_screening(couple_id).overridden_on is None

    choose_and_assign(window, qtbot, key)
    box = shown_box(window, qtbot, "conflict_work_refused")
    click(qtbot, box, box.findChild(QPushButton, "override"))
    confirm = shown_box(window, qtbot, "conflict_work_override")
    click(qtbot, confirm, confirm.findChild(QPushButton, "override_and_assign"))
    assert key in given(window)
    screening = window.repository.get_screening(couple_id)
    assert screening.overridden_on == dt.date.today()
    assert screening.overridden_for == key
    assert (screening.outcome, screening.screened_on) == (Outcome.CONCERNS, dt.date(2026, 11, 12))

    window.screening_action.trigger()  # the therapist sees the override in the record
    dialog = visible(window, QDialog, "screening_dialog")
    assert key in dialog.override.text() and str(dt.date.today().year) in dialog.override.text()
    dialog.reject()


def test_after_a_screening_with_no_concerns_it_is_given_without_a_question(window, qtbot):
    key = conflict_exercise(window)
    record(window, qtbot, Outcome.NO_CONCERNS, dt.date(2026, 11, 12))

    choose_and_assign(window, qtbot, key)
    qtbot.waitUntil(lambda: key in given(window), timeout=2000)
    assert not any(box.isVisible() for box in window.findChildren(QMessageBox))
    assert window.repository.get_screening(window.controller.couple.id) == Screening(
        window.controller.couple.id, Outcome.NO_CONCERNS, dt.date(2026, 11, 12))
