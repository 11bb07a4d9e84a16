"""Making a new session: when the couple already has a board, offer to carry it over into today's session."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from couplecanvas.domain.dates import short_date
from couplecanvas.domain.session import Session
from couplecanvas.storage.errors import StorageError
from couplecanvas.ui.parts import set_bold

log = logging.getLogger(__name__)


def day_and_month(date: dt.date, today: dt.date | None = None) -> str:
    """'12 May' (with the year when it is not this year's): short enough for a button."""
    return short_date(date, with_year=date.year != (today or dt.date.today()).year)


def board_to_continue(repository, couple_id: int, date: dt.date) -> Session | None:
    """The couple's latest session on or before `date` whose board has something on it, or None."""
    for session in repository.list_sessions(couple_id):  # newest first: usually the first one answers
        if session.date > date:
            continue
        board = repository.load_board(session.id)
        if board.cards or board.strokes:
            return session
    return None


class StartFromDialog(QDialog):
    """A small, calm question: carry the last board into the new session (the default), or start empty."""

    def __init__(self, source: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("start_from_dialog")
        self.setWindowTitle(self.tr("New session"))
        self.copy_chosen = False
        when = day_and_month(source.date)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(14)
        question = QLabel(self.tr("Pick up where you left off?"))
        set_bold(question, larger=3)
        layout.addWidget(question)
        explain = QLabel(
            self.tr("Today's board can begin as a copy of the board from {date}. "
                    "The earlier board stays just as it is.").format(date=when)
        )
        explain.setWordWrap(True)
        explain.setMinimumWidth(380)
        layout.addWidget(explain)
        row = QHBoxLayout()
        row.addStretch()
        self.empty_button = QPushButton(self.tr("Start with an &empty board"))
        self.empty_button.setObjectName("start_empty")
        self.copy_button = QPushButton(self.tr("&Start from {date}'s board").format(date=when))
        self.copy_button.setObjectName("start_from_previous")
        for button in (self.empty_button, self.copy_button):
            button.setMinimumHeight(36)
            row.addWidget(button)
        self.copy_button.setDefault(True)  # Enter carries the board over; Escape makes no session at all
        self.copy_button.setFocus()
        layout.addLayout(row)
        self.copy_button.clicked.connect(lambda: self._choose(True))
        self.empty_button.clicked.connect(lambda: self._choose(False))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def _choose(self, copy: bool) -> None:
        self.copy_chosen = copy
        self.accept()


def start_new_session(
    parent: QWidget, repository, couple_id: int, created: Callable[[Session], None], today: dt.date | None = None
) -> StartFromDialog | None:
    """Make today's session for the couple; asks first (and returns the dialog) when there is a board to continue.

    `created` gets the stored session once it exists. When nothing can be written, a message says so and
    nothing changes.
    """
    today = today or dt.date.today()
    try:
        source = board_to_continue(repository, couple_id, today)
    except StorageError as error:
        log.warning("could not look for an earlier board: %s", error)
        source = None
    if source is None:
        _create(parent, repository, couple_id, today, None, created)
        return None
    dialog = StartFromDialog(source, parent)
    dialog.accepted.connect(
        lambda: _create(parent, repository, couple_id, today, source if dialog.copy_chosen else None, created)
    )
    dialog.open()
    return dialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("NewSession", text)


def _tell(parent: QWidget, name: str, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName(name)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def _create(parent: QWidget, repository, couple_id: int, today: dt.date, source: Session | None, created) -> None:
    """Make the session, with its copied board when asked, in one transaction: all of it or nothing."""
    try:
        session = repository.add_session(Session(couple_id, today), board_from=source.id if source else None)
    except StorageError as error:
        log.warning("could not add a session: %s", error)
        _tell(parent, "session_not_made", _tr("Session not made"),
              _tr("The new session could not be made, so nothing has changed.\n\n{reason}").format(reason=error))
        return
    created(session)
