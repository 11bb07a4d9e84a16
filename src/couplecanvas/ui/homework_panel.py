"""The session's homework: what is assigned this week, and how last time's homework went ('Since last time')."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from couplecanvas.storage.errors import StorageError
from couplecanvas.ui.parts import set_bold

if TYPE_CHECKING:
    from couplecanvas.domain.couple import Couple
    from couplecanvas.domain.homework import Assignment, HomeworkLibrary, Who
    from couplecanvas.ui.assign_dialog import AssignDialog, Choice
    from couplecanvas.ui.conflict_check import ConflictCheck
    from couplecanvas.ui.homework_review import ReviewSection

__all__ = ["AssignDialog", "HomeworkPanel"]


def __getattr__(name: str):
    if name == "AssignDialog":  # still importable from here, loaded on first use
        from couplecanvas.ui.assign_dialog import AssignDialog

        return AssignDialog
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

log = logging.getLogger(__name__)
KEY_ROLE = Qt.ItemDataRole.UserRole


class HomeworkPanel(QWidget):
    """Assignments of the open session and the review of the session before, kept in step with the database."""

    error = Signal(str)
    """A change could not be saved; the message says why."""
    changed = Signal()
    """The session's assignments changed."""
    library_requested = Signal()
    """The therapist asked for the homework library."""
    history_requested = Signal()
    """The therapist asked for the couple's homework history."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._repository = None
        self._library: HomeworkLibrary | None = None
        self._couple: Couple | None = None
        self._session_id: int | None = None
        self._words: Callable[[str], str] | None = None
        self._assignments: list[Assignment] = []
        self._private_enabled = True
        self.conflict_check: ConflictCheck | None = None
        """The safety check of the last homework chosen (its question, if one is showing)."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        this_week = QWidget()
        top = QVBoxLayout(this_week)
        top.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(self.tr("Homework this week"))
        set_bold(heading)
        top.addWidget(heading)
        self.list = QListWidget()
        self.list.setObjectName("assignments_list")
        self.list.setAccessibleName(self.tr("Homework this week"))
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setAlternatingRowColors(True)
        top.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.assign_button = self._button(self.tr("Assign…"), "assign_homework", self.open_assign_dialog, row)
        self.remove_button = self._button(self.tr("Remove"), "remove_homework", self.remove_selected, row)
        top.addLayout(row)
        row = QHBoxLayout()
        self.library_button = self._button(self.tr("Library…"), "homework_library", self.library_requested.emit, row)
        self.library_button.setToolTip(self.tr("Every exercise, in your own words; add exercises of your own"))
        self.history_button = self._button(self.tr("History…"), "homework_history", self.history_requested.emit, row)
        self.history_button.setToolTip(self.tr("This couple's homework over time, and how it went"))
        top.addLayout(row)

        self._review: ReviewSection | None = None  # made with the first session: not needed for the first paint
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(this_week)
        self.splitter.setStretchFactor(0, 2)
        layout.addWidget(self.splitter)
        self.library_button.setEnabled(False)
        self._update_buttons()

    def _button(self, text: str, name: str, slot, row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def set_session(self, repository, library: HomeworkLibrary | None, couple: Couple | None,
                    session_id: int | None) -> None:
        """Show a session's homework (and review the session before it); None for no open session."""
        self._repository, self._library, self._couple, self._session_id = repository, library, couple, session_id
        self.reload()
        self._reload_review()

    def set_words(self, words: Callable[[str], str] | None) -> None:
        """How this screen shows the therapist's notes on homework (None: as typed; aliases in share mode)."""
        self._words = words
        self.review.words = words
        self.reload()
        self._reload_review()

    def set_couple(self, couple: Couple | None) -> None:
        """Name the partners as this screen may (a copy with aliases in share mode); the homework stays."""
        self._couple = couple
        self.reload()
        self._reload_review()

    def set_private_enabled(self, enabled: bool) -> None:
        """Share mode turns the homework history off (it is the therapist's, not for a shared screen)."""
        self._private_enabled = enabled
        self._update_buttons()

    def set_library(self, library: HomeworkLibrary) -> None:
        """Show titles and frequencies from a changed library (the therapist edited their words)."""
        self._library = library
        self.reload()
        self._reload_review()

    def set_library_enabled(self, enabled: bool) -> None:
        self.library_button.setEnabled(enabled)

    def reload(self) -> None:
        from couplecanvas.ui.homework_text import exercise_title, frequency_text, who_text  # not before the first paint

        try:
            self._assignments = (
                self._repository.list_assignments(self._session_id) if self._repository and self._session_id else []
            )
        except StorageError as error:
            self._assignments = []
            self.error.emit(str(error))
        self.list.clear()
        for assignment in self._assignments:
            details = [who_text(assignment.who, self._couple), frequency_text(assignment, self._library)]
            text = exercise_title(self._library, assignment.exercise_key) + "\n" + " · ".join(d for d in details if d)
            if assignment.note:
                text += f"\n“{self._words(assignment.note) if self._words else assignment.note}”"
            item = QListWidgetItem(text)
            item.setData(KEY_ROLE, assignment.id)
            self.list.addItem(item)
        self._update_buttons()

    @property
    def review(self) -> ReviewSection:
        """'Since last time': the review of the session before the open one."""
        if self._review is None:
            from couplecanvas.ui.homework_review import ReviewSection

            self._review = ReviewSection()
            self._review.setObjectName("homework_review")
            self._review.error.connect(self.error)
            self.splitter.addWidget(self._review)
            self.splitter.setStretchFactor(1, 3)
        return self._review

    def _reload_review(self) -> None:
        earlier, assignments = None, []
        if self._repository is not None and self._session_id is not None:
            try:
                earlier = self._repository.latest_earlier_session(self._repository.get_session(self._session_id))
                assignments = self._repository.list_assignments(earlier.id) if earlier is not None else []
            except StorageError as error:
                earlier, assignments = None, []
                self.error.emit(str(error))
        self.review.show_review(self._repository, self._library, self._couple, earlier, assignments)

    def save_reviews(self) -> None:
        """Store review notes still being typed."""
        if self._review is not None:
            self._review.save_notes()

    def assigned_keys(self) -> list[str]:
        return [a.exercise_key for a in self._assignments]

    def assign(self, keys: list[str], who: Who | None = None, note: str = "") -> None:
        """Assign exercises to the open session (to both partners unless `who` says otherwise)."""
        from couplecanvas.domain.homework import Who
        from couplecanvas.ui.assign_dialog import Choice

        self.assign_choices([Choice(key, who or Who.BOTH, note) for key in keys])

    def assign_choices(self, choices: list[Choice]) -> None:
        """Assign exercises, each for whom, how often and with the note chosen."""
        if self._repository is None or self._session_id is None:
            return
        from couplecanvas.domain.homework import check_assignment

        try:
            for choice in choices:
                exercise = self._library.get(choice.key) if self._library is not None else None
                if exercise is not None:
                    try:
                        check_assignment(exercise, choice.who)  # written for two: never given to one alone
                    except ValueError as refused:
                        self.error.emit(str(refused))
                        continue
                self._repository.add_assignment(
                    _assignment(self._session_id, choice.key, choice.who, choice.note, choice.frequency)
                )
        except StorageError as error:
            self.error.emit(str(error))
        self.reload()
        self.changed.emit()

    def assign_checked(self, choices: list[Choice]) -> ConflictCheck | None:
        """Assign what the therapist chose, safety first: an exercise that asks the couple to talk about conflict is
        asked about without a screening on record, and not given with concerns on record unless overridden."""
        if self._repository is None or self._session_id is None or self._couple is None or self._library is None:
            return None
        from couplecanvas.ui.conflict_check import ConflictCheck

        if self.conflict_check is not None and self.conflict_check.box is not None:
            self.conflict_check.box.close()  # one question at a time
        self.conflict_check = ConflictCheck(self, self._repository, self._library, self._couple.id,
                                            self.assign_choices, self.error.emit)
        self.conflict_check.run(choices)
        return self.conflict_check

    def open_assign_dialog(self) -> AssignDialog | None:
        if self._couple is None or self._session_id is None or self._library is None:
            return None
        from couplecanvas.ui.assign_dialog import (
            AssignDialog,  # the dialog's module loads on first use, not at start-up
        )

        dialog = AssignDialog(self._library, self._couple, set(self.assigned_keys()), self)
        dialog.accepted.connect(lambda: self.assign_checked(dialog.choices()))
        dialog.finished.connect(dialog.deleteLater)
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
        self.history_button.setEnabled(self._couple is not None and self._repository is not None
                                       and self._private_enabled)


def _assignment(session_id: int, key: str, who, note: str, frequency: str):
    from couplecanvas.domain.homework import Assignment  # the domain's homework module loads with the first session

    return Assignment(session_id, key, who, note, frequency=frequency)
