"""'Since last time': at the next session, each partner's brief progress check (ui/progress_check.py), and how each
piece of homework went (done, partly, not done) in the couple's words."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from couplecanvas.domain.dates import short_date
from couplecanvas.domain.homework import Review
from couplecanvas.storage.errors import StorageError
from couplecanvas.ui.homework_text import REVIEW_COLOURS, exercise_title, frequency_text, review_label, who_text
from couplecanvas.ui.parts import set_bold
from couplecanvas.ui.progress_check import ProgressCheckBox

if TYPE_CHECKING:
    from couplecanvas.domain.couple import Couple
    from couplecanvas.domain.homework import Assignment, HomeworkLibrary
    from couplecanvas.domain.progress import ProgressCheck
    from couplecanvas.domain.session import Session

log = logging.getLogger(__name__)
CHOICES = (Review.DONE, Review.PARTLY, Review.NOT_DONE)


class ReviewRow(QFrame):
    """One assignment of last time: its title and who, three answers, and a line for what the couple said."""

    def __init__(self, assignment: Assignment, title: str, details: str, save: Callable[[Assignment], bool],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"review_{assignment.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.assignment = assignment
        self._save = save
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(4)
        heading = QLabel(title)
        heading.setWordWrap(True)
        set_bold(heading)
        layout.addWidget(heading)
        if details:
            small = QLabel(details)
            small.setWordWrap(True)
            small.setStyleSheet("color: #6f6a5f;")
            layout.addWidget(small)
        row = QHBoxLayout()
        row.setSpacing(4)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)  # arrow keys move between the answers and choose them
        self.buttons: dict[Review, QPushButton] = {}
        for review in CHOICES:
            button = QPushButton(review_label(review))
            button.setObjectName(f"review_{review.value}")
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setChecked(assignment.review is review)
            colour = REVIEW_COLOURS[review]
            button.setStyleSheet(
                "QPushButton { padding: 3px 10px; }"
                f"QPushButton:checked {{ background: {colour}; color: white; border: 1px solid {colour};"
                " border-radius: 3px; }"
            )
            self.group.addButton(button)
            self.buttons[review] = button
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.note = QLineEdit(assignment.review_note)
        self.note.setObjectName("review_note")
        self.note.setPlaceholderText(self.tr("What you told me about it"))
        self.note.setAccessibleName(self.tr("What you told me about {title}").format(title=title))
        self.note.setClearButtonEnabled(True)
        layout.addWidget(self.note)
        self.group.buttonClicked.connect(self._on_clicked)
        self.note.editingFinished.connect(self.save_note)

    def review(self) -> Review:
        """The answer chosen (NOT_YET while none)."""
        return next((review for review, button in self.buttons.items() if button.isChecked()), Review.NOT_YET)

    def choose(self, review: Review) -> None:
        """Choose an answer as a click would (and store it)."""
        self.buttons[review].click()

    def _on_clicked(self, _button) -> None:
        self._store(replace(self.assignment, review=self.review()))

    def save_note(self) -> None:
        """Store the note if it changed."""
        note = self.note.text().strip()
        if note != self.assignment.review_note:
            self._store(replace(self.assignment, review_note=note))

    def _store(self, changed: Assignment) -> None:
        if self._save(changed):
            self.assignment = changed
            return
        # Not stored: show what is stored, so the screen never claims more than the database holds.
        self.group.setExclusive(False)
        for review, button in self.buttons.items():
            button.setChecked(self.assignment.review is review)
        self.group.setExclusive(True)


class ReviewSection(QWidget):
    """Each partner's brief check at the open session, then the homework of the session before it, reviewed one
    assignment at a time; every answer is stored at once."""

    error = Signal(str)
    """An answer could not be stored; the message says why."""
    reviewed = Signal()
    """An answer or note was stored."""
    progress_changed = Signal(int)
    """A partner's progress check at this session (its id) was stored."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._repository = None
        self.words: Callable[[str], str] | None = None
        """How this screen shows the therapist's notes (None: as typed; aliases in share mode)."""
        self.session: Session | None = None
        self.current: Session | None = None  # the open session: the progress check belongs to it
        self.rows: list[ReviewRow] = []
        self.check = ProgressCheckBox(self._save_check)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.heading = QLabel()
        self.heading.setObjectName("review_heading")
        set_bold(self.heading)
        self.heading.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("review_summary")
        self.summary.setStyleSheet("color: #6f6a5f;")
        self.summary.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # rows fit the width
        layout.addWidget(self.scroll, 1)
        self.hide()

    def show_review(self, repository, library: HomeworkLibrary | None, couple: Couple | None,
                    session: Session | None, assignments: list[Assignment], *, current: Session | None = None) -> None:
        """Show the progress check of the open session (`current`; when not given, the one just after `session`)
        and `session`'s assignments for review; hidden when there is no open session and nothing to review."""
        self.save_notes()  # a note still being typed belongs to the session being left
        self._repository, self.session = repository, session
        self.current = current if current is not None else self._open_session(couple, session)
        self.rows = []
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 4, 0)
        checks = self._read_checks()
        if couple is not None and self.current is not None and checks is not None:
            self.check.show_session(couple, self.current.id, checks)
            column.addWidget(self.check)  # moves it out of the holder about to go
            self.check.show()
        else:
            self.check.setParent(None)
            self.check.session_id = None
        for assignment in assignments:
            details = [who_text(assignment.who, couple), frequency_text(assignment, library)]
            if assignment.note:
                details.append(f"“{self.words(assignment.note) if self.words else assignment.note}”")
            row = ReviewRow(assignment, exercise_title(library, assignment.exercise_key),
                            " · ".join(d for d in details if d), self._save, holder)
            column.addWidget(row)
            self.rows.append(row)
        column.addStretch(1)
        self.scroll.setWidget(holder)
        # The date only: a session's title may not be shown on a shared screen, and this section shows in share mode.
        self.heading.setText(self.tr("Since last time ({date})").format(date=short_date(session.date)) if session
                             else self.tr("Since last time"))
        self.summary.setText(self.tr("How did it go? Choose an answer; it is kept at once.") if self.rows else "")
        self.summary.setVisible(bool(self.rows))
        self.setVisible(bool(self.rows) or self.check.session_id is not None)

    def _open_session(self, couple: Couple | None, earlier: Session | None) -> Session | None:
        """The open session, when the caller did not say: the one just after `earlier` (by date, then creation),
        since `earlier` is the open session's latest earlier one; with no earlier session, the couple's first."""
        if self._repository is None or couple is None or couple.id is None:
            return None
        try:
            sessions = sorted(self._repository.list_sessions(couple.id), key=lambda s: (s.date, s.id or 0))
        except StorageError as error:
            self.error.emit(str(error))
            return None
        if earlier is None:
            return sessions[0] if sessions else None
        later = [s for s in sessions if (s.date, s.id or 0) > (earlier.date, earlier.id or 0)]
        return later[0] if later else None

    def _read_checks(self) -> dict | None:
        if self._repository is None or self.current is None or self.current.id is None:
            return None
        try:
            return self._repository.progress_checks(self.current.id)
        except StorageError as error:
            self.error.emit(str(error))
            return None

    def _save_check(self, check: ProgressCheck) -> bool:
        if self._repository is None:
            return False
        try:
            self._repository.save_progress_check(check)
        except StorageError as error:
            log.warning("progress check not stored: %s", error)
            self.error.emit(str(error))
            return False
        self.progress_changed.emit(check.session_id)
        return True

    def save_notes(self) -> None:
        """Store notes still being typed (before the session changes or the window closes)."""
        for row in self.rows:
            row.save_note()

    def _save(self, assignment: Assignment) -> bool:
        if self._repository is None:
            return False
        try:
            self._repository.update_assignment(assignment)
        except StorageError as error:
            log.warning("review not stored: %s", error)
            self.error.emit(str(error))
            return False
        self.reviewed.emit()
        return True
