"""Private process notes for the open session: hidden unless asked for, never exported."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSignalBlocker, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from couplecanvas.storage.errors import StorageError
from couplecanvas.ui.parts import problem_label

log = logging.getLogger(__name__)


class PrivateNotesPanel(QWidget):
    """A plain text editor that saves itself half a second after typing stops."""

    save_failed = Signal(str)
    """The note could not be saved; the text stays in the editor."""
    read_failed = Signal(str)
    """The session's note could not be read; the editor stays closed until it can be (the message says why)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._repository = None
        self._session_id: int | None = None
        self._note_read = False  # True only while the editor holds the note as stored (or as typed over it)
        self._dirty = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        warning = QLabel(self.tr("Private: only for you. Never in a handout."))
        warning.setWordWrap(True)
        warning.setStyleSheet("color: #8a3b12; font-weight: bold;")
        layout.addWidget(warning)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("private_notes")
        self._placeholder = self.tr("Process notes for this session")
        self.editor.setPlaceholderText(self._placeholder)
        layout.addWidget(self.editor)
        self.problem = problem_label("private_notes_problem")
        layout.addWidget(self.problem)
        self.retry_button = QPushButton(self.tr("Read the note again"))
        self.retry_button.setObjectName("private_notes_retry")
        self.retry_button.hide()
        self.retry_button.clicked.connect(lambda: self._load())
        layout.addWidget(self.retry_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self.save)
        self.editor.textChanged.connect(self._on_text_changed)
        self._load()

    def _on_text_changed(self) -> None:
        self._dirty = True
        self._timer.start()

    def set_session(self, repository, session_id: int | None) -> None:
        """Save the current note, then show the note of another session (or none). A note that cannot be read is
        neither shown nor typeable, so an empty editor can never be saved over it; `read_failed` says why."""
        self.save()
        self._repository, self._session_id = repository, session_id
        self._load()

    def _load(self) -> None:
        """Read the session's note into the editor, or close the editor and say why it cannot be read."""
        session_id, text, error = self._session_id, "", ""
        if self._repository is not None and session_id is not None:
            try:
                text = self._repository.load_private_note(session_id).text
            except StorageError as failure:
                log.error("could not read the private note of session %s: %s", session_id, failure)
                error = str(failure)
        self._note_read = session_id is not None and not error
        with QSignalBlocker(self.editor):  # showing a note is not typing: released even if something raises
            self.editor.setPlainText(text)
        self._dirty = False
        self._timer.stop()
        self.editor.setEnabled(self._note_read)
        self.editor.setPlaceholderText(
            self.tr("The private note of this session could not be read, so it is not shown and cannot be changed "
                    "now. Nothing was changed.") if error else self._placeholder
        )
        self.problem.setText(error)
        self.problem.setVisible(bool(error))
        self.retry_button.setVisible(bool(error))
        if error:
            self.read_failed.emit(error)

    def save(self) -> bool:
        """Write the note if it was typed in; False (after `save_failed`) if it could not be written."""
        self._timer.stop()
        if not self._dirty or not self._note_read or self._repository is None or self._session_id is None:
            return True
        from couplecanvas.domain.session import PrivateNote

        try:
            self._repository.save_private_note(PrivateNote(self._session_id, self.editor.toPlainText()))
        except StorageError as error:
            self.save_failed.emit(str(error))
            self._timer.start()
            return False
        self._dirty = False
        return True
