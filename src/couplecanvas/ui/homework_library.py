"""The homework library as the therapist uses it: browse by approach, put exercises in your own words, add your own.

Built-in exercises ship with the app; the therapist's edits and own exercises live in the database (the repository),
so an update brings new built-in words and never touches what the therapist wrote.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from couplecanvas.domain.homework import HomeworkLibrary, Origin, check_exercise, new_exercise_key
from couplecanvas.storage.errors import StorageError
from couplecanvas.ui.exercise_editor import ExerciseEditor
from couplecanvas.ui.homework_text import origin_mark
from couplecanvas.ui.parts import KEY_ROLE, add_heading, approach_headings, listed_keys, row_of, set_current_key

if TYPE_CHECKING:
    from couplecanvas.domain.homework import Exercise

log = logging.getLogger(__name__)


def therapist_library(builtin: HomeworkLibrary, repository) -> HomeworkLibrary:
    """The built-in library with the therapist's edits and own exercises laid over it."""
    return builtin.with_own(repository.list_own_exercises())


def same_words(a: Exercise, b: Exercise) -> bool:
    """True when two exercises say the same thing (key and origin aside)."""
    fields = ("title", "approach", "frequency", "duration", "who", "summary", "steps", "tracking")
    return all(getattr(a, name) == getattr(b, name) for name in fields)


def times_assigned(repository, key: str) -> int:
    """How often an exercise was given as homework, over every couple (archived ones too)."""
    return sum(
        1
        for couple in repository.list_couples(include_archived=True)
        for _session, assignments in repository.homework_history(couple.id)
        for assignment in assignments
        if assignment.exercise_key == key
    )


class HomeworkLibraryDialog(QDialog):
    """Every exercise grouped by approach on the left; its words, ready to edit, on the right."""

    library_changed = Signal(object)
    """The therapist's library changed (the new HomeworkLibrary): words saved or restored, an exercise added or
    deleted."""

    def __init__(self, repository, builtin: HomeworkLibrary, parent: QWidget | None = None,
                 select_key: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("homework_library_dialog")
        self.setWindowTitle(self.tr("Homework library"))
        self.resize(980, 680)
        self._repository = repository
        self._builtin = builtin
        try:
            self._library = therapist_library(builtin, repository)
            unreadable = ""
        except StorageError as error:
            log.error("could not read the therapist's exercises: %s", error)
            self._library, unreadable = builtin, str(error)
        self._readable = not unreadable  # False: nothing in the dialog may be changed (it could overwrite their words)
        self._key: str | None = None  # the exercise in the editor; None while a new one is being written
        self._dirty = False
        self._switching = False

        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Change any exercise into your own words, or add exercises of your own. "
                               "Updates of Couple Canvas bring new built-in words but never change yours."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        body = QHBoxLayout()
        layout.addLayout(body, 1)
        self.exercises = QListWidget()
        self.exercises.setObjectName("exercise_list")
        self.exercises.setAccessibleName(self.tr("Exercises"))
        self.exercises.setMinimumWidth(300)
        self.exercises.setMaximumWidth(360)
        self.exercises.setSpacing(1)
        self.exercises.setWordWrap(True)
        self.exercises.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.exercises.currentItemChanged.connect(self._on_current_changed)
        body.addWidget(self.exercises)
        self.editor = ExerciseEditor()
        self.editor.setObjectName("exercise_editor")
        self.editor.edited.connect(self._on_edited)
        body.addWidget(self.editor, 1)

        self.problems = QLabel()
        self.problems.setObjectName("library_problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #8a5a12;")
        layout.addWidget(self.problems)

        row = QHBoxLayout()
        self.new_button = self._button(self.tr("&New exercise…"), "new_exercise", self.new_exercise)
        self.restore_button = self._button(self.tr("Use the &original words…"), "restore_exercise", self.ask_to_restore)
        self.restore_button.setToolTip(self.tr("Go back to the built-in words of this exercise."))
        self.delete_button = self._button(self.tr("&Delete exercise…"), "delete_exercise", self.ask_to_delete)
        self.status = QLabel()
        self.status.setObjectName("library_status")
        self.status.setStyleSheet("color: #2e6b45;")
        for widget in (self.new_button, self.restore_button, self.delete_button):
            row.addWidget(widget)
        row.addWidget(self.status, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.addButton(self.tr("&Save"), QDialogButtonBox.ButtonRole.ApplyRole)
        self.save_button.setObjectName("save_exercise")
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        row.addWidget(self.buttons)
        layout.addLayout(row)
        self.save_button.setDefault(True)  # Enter in a one-line field saves; Esc closes (asking first if unsaved)

        if unreadable:
            self._close_for_changes(self.tr("Your exercises could not be read, so the library cannot be shown or "
                                            "changed now. Nothing was changed; close it and open it again later."),
                                    unreadable)
            return
        self._fill(select_key)
        self.exercises.setFocus(Qt.FocusReason.OtherFocusReason)

    def _button(self, text: str, name: str, slot: Callable) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _say(self, text: str, problem: bool = False) -> None:
        """One line in the status line: what was done (green), or what could not be done and why (red)."""
        self.status.setStyleSheet("color: #a12a12;" if problem else "color: #2e6b45;")
        self.status.setText(text)

    def _close_for_changes(self, text: str, error: str) -> None:
        """The therapist's exercises cannot be read: say so, and let nothing be edited, saved or deleted, since words
        edited over a library that was not read could be saved over the therapist's own."""
        self._readable = False
        self._dirty = False
        for widget in (self.exercises, self.editor, self.new_button, self.restore_button, self.delete_button,
                       self.save_button):
            widget.setEnabled(False)
        self._say(f"{text}\n{error}", problem=True)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the list ------------------------------------------------------------------------------------------------------
    @property
    def library(self) -> HomeworkLibrary:
        """The library as the therapist uses it now."""
        return self._library

    def exercise_keys(self) -> list[str]:
        """The listed exercises' keys, in list order."""
        return listed_keys(self.exercises)

    def select(self, key: str) -> None:
        """Make `key` the current exercise (asks first when the editor holds unsaved words)."""
        set_current_key(self.exercises, key)

    def _fill(self, select_key: str | None) -> None:
        self._switching = True
        self.exercises.clear()
        for heading, exercise in approach_headings(self._library.ordered()):
            if heading is not None:
                add_heading(self.exercises, heading, height=30)
            mark = origin_mark(exercise)
            item = QListWidgetItem(f"   {exercise.title}" + (f"  · {mark}" if mark else ""))
            item.setData(KEY_ROLE, exercise.key)
            item.setToolTip(exercise.summary)
            if exercise.origin is not Origin.BUILTIN:
                item.setForeground(QColor("#2f5f8a"))
            self.exercises.addItem(item)
        self._switching = False
        row = row_of(self.exercises, select_key)
        if row is None:
            row = row_of(self.exercises, self.exercise_keys()[0]) if self.exercise_keys() else None
        if row is not None:
            self.exercises.setCurrentRow(row)  # shows it in the editor
        problems = self._library.problems
        self.problems.setText(self.tr("Left out because they could not be read: {problems}").format(
            problems="; ".join(problems)) if problems else "")
        self.problems.setVisible(bool(problems))

    def _on_current_changed(self, item: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if self._switching:
            return
        key = item.data(KEY_ROLE) if item is not None else None
        if self._dirty:
            self._switching = True
            self.exercises.setCurrentItem(previous)  # stay until the therapist says what happens to their words
            self._switching = False
            self._ask_about_unsaved(lambda: self._show(key))
            return
        self._show(key)

    def _show(self, key: str | None) -> None:
        row = row_of(self.exercises, key)
        if row is not None and self.exercises.currentRow() != row:
            self._switching = True
            self.exercises.setCurrentRow(row)
            self._switching = False
        exercise = self._library.get(key) if key else None
        self._key = key if exercise else None
        texts = {
            Origin.BUILTIN: self.tr("Built-in exercise. Change any word: your version is kept through updates."),
            Origin.EDITED: self.tr("Built-in exercise, in your words. Updates never change them; "
                                   "“Use the original words” brings the built-in version back."),
            Origin.OWN: self.tr("Your own exercise."),
        }
        self.editor.show_exercise(exercise, self._approaches(), origin_text=texts[exercise.origin] if exercise else "")
        self._set_dirty(False)

    def _approaches(self) -> list[str]:
        return sorted({e.approach for e in self._library.exercises.values()}, key=str.casefold)

    # -- editing -------------------------------------------------------------------------------------------------------
    def _on_edited(self) -> None:
        self._set_dirty(True)
        self.status.clear()

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        if not self._readable:
            return
        exercise = self._library.get(self._key) if self._key else None
        self.save_button.setEnabled(dirty or self._key is None)
        self.restore_button.setEnabled(bool(exercise and exercise.origin is Origin.EDITED))
        self.restore_button.setVisible(exercise is None or exercise.origin is not Origin.OWN)
        self.delete_button.setEnabled(bool(exercise and exercise.origin is Origin.OWN))
        self.delete_button.setVisible(exercise is None or exercise.origin is Origin.OWN)

    def has_unsaved_words(self) -> bool:
        """True while the editor holds words that are not stored."""
        return self._dirty

    def new_exercise(self) -> None:
        """An empty form for an exercise of the therapist's own (stored with Save)."""
        if self.has_unsaved_words():
            self._ask_about_unsaved(self.new_exercise)
            return
        self._switching = True
        self.exercises.setCurrentRow(-1)
        self._switching = False
        self._key = None
        current = self.editor.approach.currentText()
        self.editor.show_exercise(
            None, self._approaches(), heading=self.tr("A new exercise of your own"),
            origin_text=self.tr("Write it to the couple, in plain words. It is stored when you save."),
        )
        self.editor.approach.setEditText(current)
        self._set_dirty(False)
        self.status.clear()
        self.editor.title.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> bool:
        """Check and store the words in the editor; a problem is shown under the form and nothing is stored."""
        if not self._readable:
            return False
        previous = self._library.get(self._key) if self._key else None
        if previous is None:
            key, origin = new_exercise_key(self.editor.title.text(), self._library.keys_in_use()), Origin.OWN
        else:
            key, origin = previous.key, (Origin.OWN if previous.origin is Origin.OWN else Origin.EDITED)
        try:
            exercise = check_exercise(self.editor.exercise(key, origin))
        except ValueError as error:
            self.editor.show_message(self.tr("Not saved yet: {reason}").format(reason=error))
            return False
        original = self._builtin.get(key)
        try:
            if original is not None and same_words(exercise, original):
                self._repository.delete_exercise(key)  # back to the built-in words: let updates reach it again
            else:
                self._repository.save_exercise(exercise)
        except StorageError as error:
            self.editor.show_message(self.tr("Not saved: {reason}").format(reason=error))
            return False
        log.info("homework exercise %s saved (%s)", key, exercise.origin.value)
        self._reload(key, self.tr("Saved."))
        return True

    def ask_to_restore(self) -> QMessageBox | None:
        """Confirm, then forget the therapist's edit so the built-in words come back."""
        exercise = self._library.get(self._key) if self._key else None
        if not self._readable or exercise is None or exercise.origin is not Origin.EDITED:
            return None
        return self._confirm(
            "confirm_restore_exercise", self.tr("Use the original words"),
            self.tr("Go back to the built-in words of “{title}”? Your version of it will be removed.").format(
                title=exercise.title),
            self.tr("Use the original"),
            lambda: self._forget(exercise.key, select=exercise.key, done=self.tr("The original words are back.")),
        )

    def ask_to_delete(self) -> QMessageBox | None:
        """Confirm, then delete one of the therapist's own exercises (saying what happens to homework already given)."""
        exercise = self._library.get(self._key) if self._key else None
        if not self._readable or exercise is None or exercise.origin is not Origin.OWN:
            return None
        text = self.tr("Delete your exercise “{title}”?").format(title=exercise.title)
        try:
            count = times_assigned(self._repository, exercise.key)
        except StorageError as error:
            log.error("could not count the homework given of %s: %s", exercise.key, error)
            self._say(self.tr("Not deleted: how often it was given as homework could not be read. {error}").format(
                error=error), problem=True)
            return None
        if count:
            given = self.tr("It was given as homework once.") if count == 1 else \
                self.tr("It was given as homework {count} times.").format(count=count)
            text += "\n\n" + given + " " + self.tr(
                "Those sessions keep their record, their reviews and its words, which their handouts still print; "
                "it will show there as no longer in your library, and it is not offered again."
            )
        keys = self.exercise_keys()
        index = keys.index(exercise.key)
        neighbour = keys[index + 1] if index + 1 < len(keys) else (keys[index - 1] if index else None)
        return self._confirm("confirm_delete_exercise", self.tr("Delete exercise"), text, self.tr("Delete"),
                             lambda: self._forget(exercise.key, select=neighbour, done=self.tr("Deleted.")))

    def _forget(self, key: str, select: str | None, done: str) -> None:
        try:
            self._repository.delete_exercise(key)
        except StorageError as error:
            self.editor.show_message(self.tr("Not changed: {reason}").format(reason=error))
            return
        self._reload(select, done)

    def _reload(self, select_key: str | None, done: str) -> None:
        """Read the library again after a change was stored, and say `done`; if it cannot be read, say so too."""
        try:
            library = therapist_library(self._builtin, self._repository)
        except StorageError as error:
            log.error("could not read the therapist's exercises again: %s", error)
            self._close_for_changes(
                done + " " + self.tr("But your exercises could not be read again, so the list may be out of date "
                                     "and cannot be changed now; close it and open it again later."),
                str(error))
            return
        self._library = library
        self._dirty = False
        self._fill(select_key)
        self.library_changed.emit(self._library)
        self._say(done)

    # -- asking --------------------------------------------------------------------------------------------------------
    def _confirm(self, name: str, title: str, text: str, yes_text: str, then: Callable[[], None]) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName(name)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText(yes_text)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(lambda button: button is yes and then())
        box.finished.connect(box.deleteLater)
        box.open()
        return box

    def _ask_about_unsaved(self, then: Callable[[], None]) -> QMessageBox:
        title = self.editor.title.text().strip() or self.tr("the new exercise")
        box = QMessageBox(
            QMessageBox.Icon.Question, self.tr("Unsaved words"),
            self.tr("You changed the words of “{title}”. Save them?").format(title=title),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("unsaved_exercise")
        box.setDefaultButton(QMessageBox.StandardButton.Save)

        def answered(button) -> None:
            choice = box.standardButton(button)
            if choice == QMessageBox.StandardButton.Save and self.save():
                then()
            elif choice == QMessageBox.StandardButton.Discard:
                self._dirty = False
                then()

        box.buttonClicked.connect(answered)
        box.finished.connect(box.deleteLater)
        box.open()
        return box

    def reject(self) -> None:
        """Close; unsaved words are asked about first."""
        if self.has_unsaved_words():
            self._ask_about_unsaved(super().reject)
            return
        super().reject()
