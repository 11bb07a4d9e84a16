"""Private process notes for the open session: hidden unless asked for, never exported."""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from couplecanvas.storage.errors import StorageError

log = logging.getLogger(__name__)


class PrivateNotesPanel(QWidget):
    """A plain text editor that saves itself half a second after typing stops."""

    save_failed = Signal(str)
    """The note could not be saved; the text stays in the editor."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._repository = None
        self._session_id: int | None = None
        self._dirty = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        warning = QLabel(self.tr("Private: only for you. Never in a handout."))
        warning.setWordWrap(True)
        warning.setStyleSheet("color: #8a3b12; font-weight: bold;")
        layout.addWidget(warning)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("private_notes")
        self.editor.setPlaceholderText(self.tr("Process notes for this session"))
        layout.addWidget(self.editor)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self.save)
        self.editor.textChanged.connect(self._on_text_changed)

    def _on_text_changed(self) -> None:
        self._dirty = True
        self._timer.start()

    def set_session(self, repository, session_id: int | None) -> None:
        """Save the current note, then show the note of another session (or none)."""
        self.save()
        self._repository, self._session_id = repository, session_id
        self.editor.blockSignals(True)
        text = repository.load_private_note(session_id).text if repository and session_id else ""
        self.editor.setPlainText(text)
        self.editor.blockSignals(False)
        self._dirty = False
        self.editor.setEnabled(session_id is not None)

    def save(self) -> bool:
        self._timer.stop()
        if not self._dirty or self._repository is None or self._session_id is None:
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
