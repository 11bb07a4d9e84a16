"""A database that cannot be read, met from the window: private notes, practice details, the homework library and the
handout each say what could not be read, change nothing, and lose nothing typed.

The database is a real SQLite file made unreadable from outside, as another program would: a lock held by a second
connection (with a 50 ms busy timeout rather than 5 s), or a table moved away and put back. Never a mock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton
from sqlalchemy import event

from couplecanvas.domain import Assignment, Session, Who
from couplecanvas.domain.homework import Origin, load_builtin_library
from couplecanvas.domain.practice import Practice
from couplecanvas.domain.sample import build_sample
from couplecanvas.domain.session import PrivateNote
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository
from couplecanvas.ui.homework_library import HomeworkLibraryDialog

FIRST_NOTE = "Jordan went quiet when Maya raised the holidays."
SECOND_NOTE = "Maya named the chase herself today."
TYPED = "She felt dismissed again, said Zoë"
PRACTICE = "Harbour Couples"
OWN_KEY, OWN_TITLE = "my-tea-together", "Tea together"


@dataclasses.dataclass
class Stored:
    path: Path
    first_id: int  # the sample's session
    second_id: int  # a week later: the one the window opens


@pytest.fixture
def stored(database_url, tmp_path) -> Stored:
    """The sample couple with two sessions, each with a private note; the practice's details; an own exercise given
    as homework in the second session."""
    repository = Repository(open_database(database_url))
    try:
        couple, first = repository.add_sample(build_sample())
        second = repository.add_session(Session(couple.id, first.date + dt.timedelta(days=7), "Second"),
                                        board_from=first.id)
        repository.save_private_note(PrivateNote(first.id, FIRST_NOTE))
        repository.save_private_note(PrivateNote(second.id, SECOND_NOTE))
        repository.save_practice(Practice(PRACTICE, "0117 496 0123"))
        own = dataclasses.replace(load_builtin_library().get("daily-check-in"), key=OWN_KEY, title=OWN_TITLE,
                                  origin=Origin.OWN)
        repository.save_exercise(own)
        repository.add_assignment(Assignment(second.id, OWN_KEY, Who.BOTH, "after dinner"))
        return Stored(tmp_path / "couplecanvas.db", first.id, second.id)
    finally:
        repository.close()


def read_back(path: Path, read):
    """Read the file through a repository of its own, as a relaunched app would."""
    repository = Repository(open_database(f"sqlite:///{path}"))
    try:
        return read(repository)
    finally:
        repository.close()


@contextmanager
def held_by_another_program(window, path: Path) -> Iterator[None]:
    """Another program holds the database (an exclusive lock): every read fails after a 50 ms wait, until it lets go."""

    def short_timeout(dbapi_connection, _record) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=50")

    repository = window.controller.repository
    if not event.contains(repository.database.engine, "connect", short_timeout):
        event.listen(repository.database.engine, "connect", short_timeout, insert=True)
    repository.close()  # its pooled connections go; the next ones wait 50 ms, and the lock needs them gone
    other = sqlite3.connect(path, isolation_level=None)
    try:
        # In WAL mode BEGIN EXCLUSIVE alone lets readers through; in exclusive locking mode the lock keeps them out.
        other.execute("PRAGMA locking_mode=EXCLUSIVE")
        other.execute("BEGIN EXCLUSIVE")
        other.execute("UPDATE sessions SET title = 'changed by another program'")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


def move_table(path: Path, table: str, back: bool = False) -> None:
    """Another program renames a table (or puts it back) under the running app."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        old, new = (f"moved_{table}", table) if back else (table, f"moved_{table}")
        other.execute(f"ALTER TABLE {old} RENAME TO {new}")
    finally:
        other.close()


def type_text(qtbot, widget, text: str) -> None:
    """Type like a keyboard would, accents included (QTest's keyClicks only knows ASCII)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def click(qtbot, button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_session(qtbot, window, session_id: int) -> None:
    sessions = window.couples_panel.sessions
    row = next(r for r in range(sessions.count()) if sessions.item(r).data(Qt.ItemDataRole.UserRole) == session_id)
    rect = sessions.visualItemRect(sessions.item(row))
    qtbot.mouseClick(sessions.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def shown_box(window, name: str) -> QMessageBox:
    boxes = [box for box in window.findChildren(QMessageBox, name) if box.isVisible()]
    assert len(boxes) == 1, name
    return boxes[0]


def open_window(make_window, qtbot, stored: Stored):
    window = make_window()
    assert window.controller.session.id == stored.second_id
    window.notes_toggle_action.trigger()
    assert window.notes_panel.editor.toPlainText() == SECOND_NOTE
    return window


# -- private notes ---------------------------------------------------------------------------------------------------
def test_a_private_note_that_cannot_be_read_is_not_shown_typed_over_or_saved_and_comes_back(make_window, qtbot,
                                                                                            stored):
    window = open_window(make_window, qtbot, stored)
    panel = window.notes_panel
    move_table(stored.path, "private_notes")
    with qtbot.waitSignal(panel.read_failed, timeout=5000) as failed:
        click_session(qtbot, window, stored.first_id)
    # The board of the first session is open; its note is not shown, and the panel says what could not be read.
    assert window.controller.session.id == stored.first_id
    assert failed.args[0].startswith(
        f"Could not read the private note from {stored.path}: no such table: private_notes")
    assert panel.problem.isVisible() and panel.problem.text() == failed.args[0]
    assert not panel.editor.isEnabled()
    assert panel.editor.toPlainText() == ""
    assert panel.editor.placeholderText().startswith("The private note of this session could not be read")
    assert panel.retry_button.isVisible()
    # Typing goes nowhere: an empty note is never saved over the real one, even when asked to save.
    panel.editor.setFocus()
    type_text(qtbot, panel.editor, TYPED)
    assert panel.editor.toPlainText() == ""
    assert panel.save()
    qtbot.wait(700)  # longer than the autosave's half second

    move_table(stored.path, "private_notes", back=True)
    assert read_back(stored.path, lambda r: r.load_private_note(stored.first_id).text) == FIRST_NOTE
    click(qtbot, panel.retry_button)
    assert panel.editor.isEnabled() and panel.editor.toPlainText() == FIRST_NOTE
    assert not panel.problem.isVisible() and not panel.retry_button.isVisible()
    assert panel.editor.placeholderText() == "Process notes for this session"
    # Typing is seen and saved again (the editor's signals were never left blocked).
    panel.editor.setFocus()
    panel.editor.moveCursor(panel.editor.textCursor().MoveOperation.End)
    type_text(qtbot, panel.editor, " " + TYPED)
    qtbot.waitUntil(lambda: read_back(stored.path, lambda r: r.load_private_note(stored.first_id).text)
                    == f"{FIRST_NOTE} {TYPED}", timeout=5000)
    assert read_back(stored.path, lambda r: r.load_private_note(stored.second_id).text) == SECOND_NOTE


def test_a_lock_taken_just_as_a_note_is_read_keeps_the_editor_closed_until_it_can_be_read(make_window, qtbot, stored):
    window = open_window(make_window, qtbot, stored)
    panel = window.notes_panel
    panel.editor.setFocus()
    panel.editor.moveCursor(panel.editor.textCursor().MoveOperation.End)
    type_text(qtbot, panel.editor, " " + TYPED)
    assert panel.save()  # what was typed is stored before the lock
    with held_by_another_program(window, stored.path):
        # The window asks for the note right after the board was read: another program took the file in between.
        with qtbot.waitSignal(panel.read_failed, timeout=5000) as failed:
            panel.set_session(window.controller.repository, stored.first_id)
        assert failed.args[0].startswith(f"Could not read the private note from {stored.path}: database is locked.")
        assert "Another program is using the database" in failed.args[0]
        assert not panel.editor.isEnabled() and panel.editor.toPlainText() == ""
        type_text(qtbot, panel.editor, TYPED)
        assert panel.editor.toPlainText() == "" and panel.save()
        click(qtbot, panel.retry_button)  # still locked: still closed, and said again
        assert not panel.editor.isEnabled() and panel.problem.text().startswith("Could not read the private note")
    click(qtbot, panel.retry_button)
    assert panel.editor.isEnabled() and panel.editor.toPlainText() == FIRST_NOTE
    assert read_back(stored.path, lambda r: r.load_private_note(stored.second_id).text) == f"{SECOND_NOTE} {TYPED}"
    panel.editor.setFocus()
    panel.editor.moveCursor(panel.editor.textCursor().MoveOperation.End)
    type_text(qtbot, panel.editor, "Ökonomie")
    qtbot.waitUntil(lambda: read_back(stored.path, lambda r: r.load_private_note(stored.first_id).text)
                    == FIRST_NOTE + "Ökonomie", timeout=5000)


# -- practice details ------------------------------------------------------------------------------------------------
def test_practice_details_that_cannot_be_read_open_no_dialog_and_say_so(make_window, qtbot, stored):
    window = open_window(make_window, qtbot, stored)
    with held_by_another_program(window, stored.path):
        window.practice_action.trigger()
        box = shown_box(window, "practice_not_read")
        assert box.parent() is window
        assert box.text().startswith("Your practice details could not be read, so they cannot be changed now.")
        assert f"Could not read the practice's details from {stored.path}: database is locked." in box.text()
        # No dialog whose empty fields could be saved over the real details.
        assert window.findChild(QDialog, "practice_dialog") is None
        assert window.findChild(QMessageBox, "database_unreadable") is None  # one message, not two
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert read_back(stored.path, lambda r: r.get_practice().name) == PRACTICE
    window.practice_action.trigger()
    dialog = window.findChild(QDialog, "practice_dialog")
    assert dialog is not None and dialog.isVisible() and dialog.name.text() == PRACTICE
    dialog.reject()


# -- the homework library --------------------------------------------------------------------------------------------
def open_library(qtbot, window) -> HomeworkLibraryDialog:
    click(qtbot, window.homework_panel.library_button)
    dialogs = [d for d in window.findChildren(HomeworkLibraryDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def test_a_library_that_cannot_be_read_opens_closed_for_changes_and_says_why(make_window, qtbot, stored):
    window = open_window(make_window, qtbot, stored)
    with held_by_another_program(window, stored.path):
        dialog = open_library(qtbot, window)
        assert dialog.status.text().startswith("Your exercises could not be read, so the library cannot be shown")
        assert f"Could not read your exercises from {stored.path}: database is locked." in dialog.status.text()
        # Built-in words shown alone could be edited and saved over the therapist's own: nothing is offered.
        assert dialog.exercise_keys() == []
        for widget in (dialog.exercises, dialog.editor, dialog.save_button, dialog.new_button, dialog.delete_button):
            assert not widget.isEnabled(), widget.objectName()
        type_text(qtbot, dialog.editor.title, "Our evening check-in")
        assert dialog.editor.title.text() == ""
        assert not dialog.save()
        dialog.reject()
        assert not dialog.isVisible()
    assert OWN_KEY in [e.key for e in read_back(stored.path, lambda r: r.list_own_exercises())]
    dialog = open_library(qtbot, window)
    assert OWN_KEY in dialog.exercise_keys() and dialog.editor.isEnabled() and dialog.new_button.isEnabled()
    dialog.reject()


def test_words_saved_when_the_library_cannot_be_read_again_are_kept_and_the_dialog_says_so(make_window, qtbot,
                                                                                            stored):
    window = open_window(make_window, qtbot, stored)
    dialog = open_library(qtbot, window)
    dialog.select("bid-spotting")
    title = dialog.editor.title
    title.setFocus()
    title.selectAll()
    qtbot.keyClick(title, Qt.Key.Key_Delete)
    type_text(qtbot, title, "Spot the bids, said Zoë")
    engine = window.controller.repository.database.engine
    armed = [True]

    def move_exercises_once_written(_dbapi_connection, _record) -> None:
        # The moment the save's connection goes back to the pool (its transaction committed), another program moves
        # the table away: the write is stored, and reading the library again fails.
        if armed[0]:
            armed[0] = False
            move_table(stored.path, "exercises")

    event.listen(engine, "checkin", move_exercises_once_written)
    try:
        click(qtbot, dialog.save_button)
    finally:
        event.remove(engine, "checkin", move_exercises_once_written)
    assert not armed[0]
    status = dialog.status.text()
    assert status.startswith("Saved. But your exercises could not be read again")
    assert f"Could not read your exercises from {stored.path}: no such table: exercises" in status
    assert title.text() == "Spot the bids, said Zoë"  # still in sight, and stored
    assert not dialog.editor.isEnabled() and not dialog.save_button.isEnabled()
    assert not dialog.has_unsaved_words()
    move_table(stored.path, "exercises", back=True)
    own = {e.key: e for e in read_back(stored.path, lambda r: r.list_own_exercises())}
    assert own["bid-spotting"].title == "Spot the bids, said Zoë" and OWN_KEY in own
    dialog.reject()
    assert not dialog.isVisible()  # nothing unsaved to ask about


def test_deleting_when_the_homework_given_cannot_be_counted_deletes_nothing_and_says_why(make_window, qtbot, stored):
    window = open_window(make_window, qtbot, stored)
    dialog = open_library(qtbot, window)
    dialog.select(OWN_KEY)
    with held_by_another_program(window, stored.path):
        click(qtbot, dialog.delete_button)
        assert dialog.findChild(QMessageBox, "confirm_delete_exercise") is None
        assert dialog.status.text().startswith("Not deleted: how often it was given as homework could not be read.")
        assert f"Could not read the couples from {stored.path}: database is locked." in dialog.status.text()
    assert OWN_KEY in dialog.exercise_keys() and dialog.editor.title.text() == OWN_TITLE
    assert [(e.key, e.origin) for e in read_back(stored.path, lambda r: r.list_own_exercises())] == [
        (OWN_KEY, Origin.OWN)]
    click(qtbot, dialog.delete_button)  # readable again: it asks, and says it was given once
    box = dialog.findChild(QMessageBox, "confirm_delete_exercise")
    assert box is not None and "given as homework once" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    dialog.reject()


# -- the handout -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("unreadable", ["locked", "homework moved"])
def test_a_handout_that_cannot_be_read_is_not_written_and_says_what_could_not_be_read(make_window, qtbot, stored,
                                                                                       tmp_path, unreadable):
    window = open_window(make_window, qtbot, stored)
    folder = tmp_path / "handouts"
    folder.mkdir()
    path = folder / "handout.pdf"
    if unreadable == "locked":
        with held_by_another_program(window, stored.path):
            assert window.export_handout_to(path) is False
        what = f"Could not read the practice's details from {stored.path}: database is locked."
    else:
        move_table(stored.path, "assignments")  # the practice reads; the session's homework does not
        assert window.export_handout_to(path) is False
        move_table(stored.path, "assignments", back=True)
        what = f"Could not read the homework from {stored.path}: no such table: assignments"
    box = shown_box(window, "file_not_written")
    assert box.parent() is window and box.windowTitle() == "Handout not saved"
    assert box.text().startswith(f"The handout was not written to {path}, because part of it could not be read")
    assert what in box.text()
    assert window.findChild(QMessageBox, "database_unreadable") is None  # one message, not two
    assert list(folder.iterdir()) == []  # no file, no half file
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert window.export_handout_to(path)  # readable again: written
    assert path.read_bytes().startswith(b"%PDF-")
