"""The homework library in the real window: the therapist's words over the built-in exercises, their own exercises,
what an update does to both, and what deleting an exercise that was already given looks like."""

from __future__ import annotations

import dataclasses
from importlib import resources

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QPushButton

from couplecanvas.domain.homework import HomeworkLibrary, Origin, load_builtin_library
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository
from couplecanvas.ui.assign_dialog import AssignDialog
from couplecanvas.ui.homework_library import HomeworkLibraryDialog

NEW_TITLE = "Our evening check-in"
NEW_STEP = "Sit together after dinner and tell each other one thing you were glad about today."


def type_text(qtbot, widget, text: str) -> None:
    """Type like a keyboard would, accents included (QTest's keyClicks only knows ASCII)."""
    for char in text:
        if char == "\n":
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        elif char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def replace_text(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    type_text(qtbot, widget, text)


def click(qtbot, button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def open_library(qtbot, window) -> HomeworkLibraryDialog:
    click(qtbot, window.homework_panel.library_button)
    dialogs = [d for d in window.findChildren(HomeworkLibraryDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def answer(qtbot, parent, name: str, button=QMessageBox.StandardButton.Yes) -> str:
    boxes = [box for box in parent.findChildren(QMessageBox, name) if box.isVisible()]  # answered ones linger a moment
    assert len(boxes) == 1, name
    box = boxes[0]
    text = box.text()
    qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)
    return text


def list_texts(dialog: HomeworkLibraryDialog) -> dict[str, str]:
    items = (dialog.exercises.item(row) for row in range(dialog.exercises.count()))
    return {item.data(Qt.ItemDataRole.UserRole): item.text() for item in items if item.data(Qt.ItemDataRole.UserRole)}


def panel_texts(window) -> list[str]:
    return [window.homework_panel.list.item(row).text() for row in range(window.homework_panel.list.count())]


def test_the_library_lists_every_exercise_by_approach(make_window, qtbot):
    window = make_window()
    click(qtbot, window.welcome_page.findChild(QPushButton, "open_sample"))
    dialog = open_library(qtbot, window)
    builtin = load_builtin_library()
    assert sorted(dialog.exercise_keys()) == sorted(builtin.exercises)
    headings = [dialog.exercises.item(row).text() for row in range(dialog.exercises.count())
                if not dialog.exercises.item(row).data(Qt.ItemDataRole.UserRole)]
    assert sorted(headings) == sorted({e.approach for e in builtin.exercises.values()})
    # The same dialog from the menu.
    dialog.reject()
    window.homework.library_action.trigger()
    assert [d for d in window.findChildren(HomeworkLibraryDialog) if d.isVisible()]


def test_edited_words_are_stored_shown_and_survive_reopening(make_window, qtbot):
    window = make_window()
    click(qtbot, window.welcome_page.findChild(QPushButton, "open_sample"))  # its homework includes the daily check-in
    original = window.controller.library.get("daily-check-in")
    dialog = open_library(qtbot, window)
    dialog.select("daily-check-in")
    assert not dialog.save_button.isEnabled()
    replace_text(qtbot, dialog.editor.title, NEW_TITLE)
    replace_text(qtbot, dialog.editor.steps, "Pick your moment.\n" + NEW_STEP)
    click(qtbot, dialog.save_button)

    stored = {e.key: e for e in window.repository.list_own_exercises()}
    assert list(stored) == ["daily-check-in"]
    assert stored["daily-check-in"].origin is Origin.EDITED
    assert stored["daily-check-in"].title == NEW_TITLE
    assert stored["daily-check-in"].steps == ("Pick your moment.", NEW_STEP)
    assert stored["daily-check-in"].tracking == original.tracking  # untouched words stay as they were
    assert list_texts(dialog)["daily-check-in"].strip() == f"{NEW_TITLE}  · your words"
    assert window.controller.library.get("daily-check-in").title == NEW_TITLE  # the window uses the new words at once
    assert any(text.startswith(NEW_TITLE) for text in panel_texts(window))
    assert not dialog.save_button.isEnabled()
    dialog.reject()
    assert not dialog.isVisible()

    window.close()
    again = make_window()
    assert again.controller.library.get("daily-check-in").title == NEW_TITLE
    assert again.controller.library.get("daily-check-in").steps[-1] == NEW_STEP
    assert any(text.startswith(NEW_TITLE) for text in panel_texts(again))
    reopened = open_library(qtbot, again)
    reopened.select("daily-check-in")
    assert reopened.editor.title.text() == NEW_TITLE


def test_an_update_brings_new_built_in_words_and_keeps_the_therapists_edit(database_url):
    """Domain and storage only: an edit stored in the database, then a newer built-in library laid under it."""
    repository = Repository(open_database(database_url))
    try:
        shipped = load_builtin_library()
        repository.save_exercise(
            dataclasses.replace(shipped.get("daily-check-in"), title=NEW_TITLE, origin=Origin.EDITED)
        )
        text = resources.files("couplecanvas.resources").joinpath("homework/connection.toml").read_text("utf-8")
        old_weekly = shipped.get("weekly-check-in").title
        assert f'title = "{old_weekly}"' in text and 'title = "Daily check-in"' in text
        newer = text.replace(f'title = "{old_weekly}"', 'title = "Weekly check-in, freshly worded"')
        newer = newer.replace('title = "Daily check-in"', 'title = "Daily check-in, freshly worded"')
        upgraded = HomeworkLibrary()
        upgraded.add_from_toml(newer, "homework/connection.toml")
        assert upgraded.problems == []

        merged = upgraded.with_own(repository.list_own_exercises())
        assert merged.get("daily-check-in").title == NEW_TITLE  # the therapist's words win over the new built-in ones
        assert merged.get("daily-check-in").origin is Origin.EDITED
        assert merged.get("weekly-check-in").title == "Weekly check-in, freshly worded"  # unedited: the new words
        assert merged.get("weekly-check-in").origin is Origin.BUILTIN

        repository.delete_exercise("daily-check-in")  # 'Use the original words'
        assert upgraded.with_own(repository.list_own_exercises()).get("daily-check-in").title == \
            "Daily check-in, freshly worded"
    finally:
        repository.database.dispose()


def test_use_the_original_words_again(make_window, qtbot):
    window = make_window()
    click(qtbot, window.welcome_page.findChild(QPushButton, "open_sample"))
    builtin_title = window.controller.library.get("daily-check-in").title
    dialog = open_library(qtbot, window)
    dialog.select("daily-check-in")
    assert not dialog.restore_button.isEnabled()  # nothing of theirs to undo yet
    replace_text(qtbot, dialog.editor.title, NEW_TITLE)
    click(qtbot, dialog.save_button)
    assert window.repository.list_own_exercises()

    click(qtbot, dialog.restore_button)
    answer(qtbot, dialog, "confirm_restore_exercise", QMessageBox.StandardButton.Cancel)
    assert window.repository.list_own_exercises()  # Cancel keeps their words
    click(qtbot, dialog.restore_button)
    answer(qtbot, dialog, "confirm_restore_exercise")
    assert window.repository.list_own_exercises() == []
    assert window.controller.library.get("daily-check-in").title == builtin_title
    assert window.controller.library.get("daily-check-in").origin is Origin.BUILTIN
    assert dialog.editor.title.text() == builtin_title
    assert list_texts(dialog)["daily-check-in"].strip() == builtin_title
    assert any(text.startswith(builtin_title) for text in panel_texts(window))


def test_a_new_exercise_of_their_own_can_be_assigned(make_window, qtbot):
    window = make_window()
    click(qtbot, window.welcome_page.findChild(QPushButton, "open_sample"))
    dialog = open_library(qtbot, window)
    click(qtbot, dialog.new_button)
    editor = dialog.editor
    assert dialog.focusWidget() is editor.title  # ready to type the title
    type_text(qtbot, editor.title, "A walk for two")
    replace_text(qtbot, editor.approach.lineEdit(), "Zoë's own ideas")
    type_text(qtbot, editor.frequency, "Twice this week")
    type_text(qtbot, editor.duration, "30 minutes")
    type_text(qtbot, editor.summary, "You walk side by side and talk about anything but chores.")
    type_text(qtbot, editor.steps, "Leave your phones at home.\n\nWalk for half an hour.\nName one good moment.")
    type_text(qtbot, editor.tracking, "Tick each walk.")
    click(qtbot, dialog.save_button)

    stored = window.repository.list_own_exercises()
    assert [(e.key, e.origin, e.title) for e in stored] == [("my-a-walk-for-two", Origin.OWN, "A walk for two")]
    assert stored[0].steps == ("Leave your phones at home.", "Walk for half an hour.", "Name one good moment.")
    assert stored[0].approach == "Zoë's own ideas"
    assert list_texts(dialog)["my-a-walk-for-two"].strip() == "A walk for two  · yours"
    assert dialog.delete_button.isVisible() and dialog.delete_button.isEnabled()
    dialog.reject()

    click(qtbot, window.homework_panel.assign_button)
    assign = window.findChild(AssignDialog)
    assign.select("my-a-walk-for-two")
    assert assign.frequency.text() == "Twice this week"
    qtbot.keyClick(assign.exercises, Qt.Key.Key_Space)
    qtbot.mouseClick(assign.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assignments = window.repository.list_assignments(window.controller.session.id)
    assert assignments[-1].exercise_key == "my-a-walk-for-two" and assignments[-1].frequency == ""
    assert panel_texts(window)[-1].startswith("A walk for two\nBoth of you · Twice this week")


def test_a_validation_problem_shows_a_message_and_saves_nothing(make_window, qtbot):
    window = make_window()
    click(qtbot, window.welcome_page.findChild(QPushButton, "open_sample"))
    before = window.controller.library.get("daily-check-in")
    dialog = open_library(qtbot, window)
    dialog.select("daily-check-in")
    assert not dialog.editor.message.isVisible()
    replace_text(qtbot, dialog.editor.title, "   ")
    click(qtbot, dialog.save_button)
    assert dialog.editor.message.isVisible() and "title" in dialog.editor.message.text()
    assert window.repository.list_own_exercises() == []
    assert window.controller.library.get("daily-check-in") == before

    # A new exercise without any steps is refused the same way.
    click(qtbot, dialog.new_button)
    answer(qtbot, dialog, "unsaved_exercise", QMessageBox.StandardButton.Discard)
    assert dialog.editor.heading.text() == "A new exercise of your own"
    type_text(qtbot, dialog.editor.title, "Only a title")
    click(qtbot, dialog.save_button)
    assert dialog.editor.message.isVisible() and "cannot be empty" in dialog.editor.message.text()
    assert window.repository.list_own_exercises() == []
    assert "my-only-a-title" not in window.controller.library.exercises


def test_unsaved_words_are_asked_about_before_moving_on(make_window, qtbot):
    window = make_window()
    click(qtbot, window.welcome_page.findChild(QPushButton, "open_sample"))
    dialog = open_library(qtbot, window)
    dialog.select("daily-check-in")
    replace_text(qtbot, dialog.editor.title, NEW_TITLE)
    dialog.select("bid-spotting")
    assert dialog.editor.title.text() == NEW_TITLE  # still here until they answer
    answer(qtbot, dialog, "unsaved_exercise", QMessageBox.StandardButton.Cancel)
    assert dialog.editor.title.text() == NEW_TITLE
    dialog.select("bid-spotting")
    answer(qtbot, dialog, "unsaved_exercise", QMessageBox.StandardButton.Save)
    assert dialog.editor.title.text() == window.controller.library.get("bid-spotting").title
    assert window.controller.library.get("daily-check-in").title == NEW_TITLE
    replace_text(qtbot, dialog.editor.title, "Not this")
    dialog.reject()  # Esc / Close
    answer(qtbot, dialog, "unsaved_exercise", QMessageBox.StandardButton.Discard)
    assert not dialog.isVisible()
    assert window.controller.library.get("bid-spotting").title != "Not this"
    assert [e.key for e in window.repository.list_own_exercises()] == ["daily-check-in"]


def test_deleting_an_exercise_already_given_explains_and_old_homework_still_reads_well(make_window, qtbot):
    window = make_window()
    click(qtbot, window.welcome_page.findChild(QPushButton, "open_sample"))
    own = dataclasses.replace(
        window.controller.library.get("bid-spotting"), key="my-tea-together", title="Tea together", origin=Origin.OWN
    )
    window.repository.save_exercise(own)
    window.homework.load_library()
    window.homework_panel.set_library(window.controller.library)
    window.homework_panel.assign(["my-tea-together"])
    assert panel_texts(window)[-1].startswith("Tea together\n")

    dialog = open_library(qtbot, window)
    dialog.select("my-tea-together")
    click(qtbot, dialog.delete_button)
    text = answer(qtbot, dialog, "confirm_delete_exercise")
    assert "Tea together" in text and "given as homework once" in text
    # Retired, not erased: never offered again, but its words stay for the sessions that gave it.
    assert [(e.key, e.origin) for e in window.repository.list_own_exercises()] == [("my-tea-together", Origin.RETIRED)]
    assert "my-tea-together" not in dialog.exercise_keys()
    assert "my-tea-together" not in window.controller.library.exercises
    assert window.controller.library.get("my-tea-together").steps == own.steps
    # The assignment stays, and reads as a name rather than a bare key.
    assert window.repository.list_assignments(window.controller.session.id)[-1].exercise_key == "my-tea-together"
    assert panel_texts(window)[-1].startswith("Tea together (no longer in your library)\n")
