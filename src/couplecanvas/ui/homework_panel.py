"""The session's homework: what is assigned, and a dialog to assign more from the library."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from typing import TYPE_CHECKING

from couplecanvas.storage.errors import StorageError

if TYPE_CHECKING:
    from couplecanvas.domain.couple import Couple
    from couplecanvas.domain.homework import Assignment, HomeworkLibrary, Who

log = logging.getLogger(__name__)
KEY_ROLE = Qt.ItemDataRole.UserRole


class AssignDialog(QDialog):
    """Tick one or more exercises; choose who they are for and add a personal note."""

    def __init__(self, library: HomeworkLibrary, couple: Couple, already: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Assign homework"))
        self.resize(620, 520)
        layout = QVBoxLayout(self)
        self.exercises = QListWidget()
        self.exercises.setObjectName("exercise_choices")
        for exercise in library.exercises.values():
            item = QListWidgetItem(f"{exercise.title}  ·  {exercise.approach}, {exercise.frequency}")
            item.setData(KEY_ROLE, exercise.key)
            item.setToolTip(exercise.summary)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            if exercise.key in already:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setText(item.text() + self.tr("  (assigned)"))
            self.exercises.addItem(item)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setMinimumHeight(48)
        self.exercises.currentItemChanged.connect(
            lambda item, _old: self.summary.setText(library.get(item.data(KEY_ROLE)).summary if item else "")
        )
        layout.addWidget(self.exercises)
        layout.addWidget(self.summary)
        form = QFormLayout()
        self.who = QComboBox()
        self.who.setObjectName("assign_who")
        from couplecanvas.domain.homework import Who

        for who in Who:
            self.who.addItem(who.describe(couple), who.value)
        self.note = QLineEdit()
        self.note.setObjectName("assign_note")
        self.note.setPlaceholderText(self.tr("optional: a personal word for the couple"))
        form.addRow(self.tr("For"), self.who)
        form.addRow(self.tr("Note"), self.note)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen_keys(self) -> list[str]:
        return [
            self.exercises.item(i).data(KEY_ROLE)
            for i in range(self.exercises.count())
            if self.exercises.item(i).checkState() == Qt.CheckState.Checked
        ]

    def check(self, key: str) -> None:
        for i in range(self.exercises.count()):
            if self.exercises.item(i).data(KEY_ROLE) == key:
                self.exercises.item(i).setCheckState(Qt.CheckState.Checked)


class HomeworkPanel(QWidget):
    """Assignments of the open session, kept in step with the database."""

    error = Signal(str)
    """A change could not be saved; the message says why."""
    changed = Signal()
    """The session's assignments changed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._repository = None
        self._library: HomeworkLibrary | None = None
        self._couple: Couple | None = None
        self._session_id: int | None = None
        self._assignments: list[Assignment] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        heading = QLabel(self.tr("Homework this week"))
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        self.list = QListWidget()
        self.list.setObjectName("assignments_list")
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setAlternatingRowColors(True)
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.assign_button = QPushButton(self.tr("Assign…"))
        self.assign_button.setObjectName("assign_homework")
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("remove_homework")
        row.addWidget(self.assign_button)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        self.assign_button.clicked.connect(self.open_assign_dialog)
        self.remove_button.clicked.connect(self.remove_selected)
        self._update_buttons()

    def set_session(self, repository, library: HomeworkLibrary | None, couple: Couple | None, session_id: int | None) -> None:
        self._repository, self._library, self._couple, self._session_id = repository, library, couple, session_id
        self.reload()

    def reload(self) -> None:
        self._assignments = (
            self._repository.list_assignments(self._session_id) if self._repository and self._session_id else []
        )
        self.list.clear()
        for assignment in self._assignments:
            exercise = self._library.get(assignment.exercise_key) if self._library else None
            title = exercise.title if exercise else assignment.exercise_key
            who = assignment.who.describe(self._couple) if self._couple else ""
            text = f"{title}\n{who}" + (f" · “{assignment.note}”" if assignment.note else "")
            item = QListWidgetItem(text)
            item.setData(KEY_ROLE, assignment.id)
            self.list.addItem(item)
        self._update_buttons()

    def assigned_keys(self) -> list[str]:
        return [a.exercise_key for a in self._assignments]

    def assign(self, keys: list[str], who: Who | None = None, note: str = "") -> None:
        """Assign exercises to the open session (to both partners unless `who` says otherwise)."""
        from couplecanvas.domain.homework import Assignment, Who

        who = who or Who.BOTH
        if self._repository is None or self._session_id is None:
            return
        try:
            for key in keys:
                self._repository.add_assignment(Assignment(self._session_id, key, who, note))
        except StorageError as error:
            self.error.emit(str(error))
        self.reload()
        self.changed.emit()

    def open_assign_dialog(self) -> AssignDialog | None:
        from couplecanvas.domain.homework import Who

        if self._couple is None or self._session_id is None or self._library is None:
            return None
        dialog = AssignDialog(self._library, self._couple, set(self.assigned_keys()), self)
        dialog.accepted.connect(lambda: self.assign(dialog.chosen_keys(), Who(dialog.who.currentData()), dialog.note.text().strip()))
        dialog.open()
        return dialog

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        if item is None or self._repository is None:
            return
        try:
            self._repository.remove_assignment(item.data(KEY_ROLE))
        except StorageError as error:
            self.error.emit(str(error))
        self.reload()
        self.changed.emit()

    def _update_buttons(self) -> None:
        self.assign_button.setEnabled(self._session_id is not None and self._couple is not None)
        self.remove_button.setEnabled(self.list.count() > 0)
