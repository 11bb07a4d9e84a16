"""File > Export couple… and File > Import couple…: one couple as a .couple file, to move it to another computer.

What goes in is said in the export dialog: the couple, every session with its board, homework and reviews, and progress
checks. The private notes and the safety screening record are the therapist's alone; they go in only when the
therapist ticks the box (off each time). Import reads and checks the whole file first (storage/couple_file.py) and
adds a copy as a new couple; a refused file leaves the database as it was and the message names the file and why.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from couplecanvas.domain.activity import Action
from couplecanvas.storage.errors import StorageError
from couplecanvas.ui.activity_recorder import record
from couplecanvas.ui.session_controller import SessionController

log = logging.getLogger(__name__)


class ExportCoupleDialog(QDialog):
    """Says what the file will hold and asks whether the therapist-only records go in (unticked each time)."""

    def __init__(self, parent: QWidget, names: str) -> None:
        super().__init__(parent)
        self.setObjectName("export_couple_dialog")
        self.setWindowTitle(self.tr("Export couple"))
        layout = QVBoxLayout(self)
        text = QLabel(self.tr(
            "The file will hold {names}: every session with its board, the homework given and how it went, and the "
            "progress checks. It is for moving the couple to another computer of yours; it is a therapy record, so "
            "keep it as safe as this app's data and delete it once it is imported."
        ).format(names=names))
        text.setWordWrap(True)
        layout.addWidget(text)
        self.include_private = QCheckBox(self.tr("Also include my private notes and the safety screening record"))
        self.include_private.setObjectName("include_private")
        self.include_private.setToolTip(self.tr(
            "They are yours alone and stay out of the file unless you tick this."))
        layout.addWidget(self.include_private)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class CoupleFileActions(QObject):
    """The two actions, with their file dialogs and messages; reads and writes through the session controller."""

    couple_imported = Signal(int)
    """A couple was imported from a file and stored under this id (the couples list should show it)."""
    message = Signal(str)
    """A short note for the therapist's status bar."""

    def __init__(self, controller: SessionController, parent: QWidget) -> None:
        super().__init__(parent)
        self._controller = controller
        self._parent = parent  # dialogs open over the therapist's window, never over the shared one
        self.ask_before_showing: Callable[[str], bool] = lambda _what: True
        """Asked before a dialog shows folders or names (share mode asks the therapist first)."""
        self.shown_message: QMessageBox | None = None
        """The last message box shown (kept so it stays open, and for tests)."""
        self.export_action = QAction(self.tr("Export couple…"), parent)
        self.export_action.setObjectName("export_couple_action")
        self.export_action.setStatusTip(
            self.tr("Write the open couple to a .couple file, to move it to another computer")
        )
        self.export_action.triggered.connect(self.export_couple)
        self.import_action = QAction(self.tr("Import couple…"), parent)
        self.import_action.setObjectName("import_couple_action")
        self.import_action.setStatusTip(self.tr("Add a copy of the couple in a .couple file"))
        self.import_action.triggered.connect(self.import_couple)

    @property
    def actions(self) -> list[QAction]:
        """Export, then import: in the order the File menu lists them."""
        return [self.export_action, self.import_action]

    # -- export --------------------------------------------------------------------------------------------------------
    def export_couple(self) -> ExportCoupleDialog | None:
        """Ask what goes in (the open couple), then where; the dialog is returned while it is open."""
        controller = self._controller
        if controller.couple is None or controller.repository is None:
            self.message.emit(self.tr("Open a couple first, then export it."))
            return None
        if not self.ask_before_showing(self.tr("Exporting a couple shows their names and your folders.")):
            return None
        if controller.document is not None and not controller.save_open_session():
            self._tell(QMessageBox.Icon.Warning, self.tr("Couple not exported"), self.tr(
                "The open session's last changes could not be saved yet, so the couple was not exported. "
                "The status bar says why."))
            return None
        dialog = ExportCoupleDialog(self._parent, controller.shown_couple().display_name())
        couple_id = controller.couple.id
        dialog.accepted.connect(lambda: self._choose_file_and_export(couple_id, dialog.include_private.isChecked()))
        dialog.open()
        return dialog

    def _choose_file_and_export(self, couple_id: int, include_private: bool) -> None:
        couple = self._controller.shown_couple()
        stem = re.sub(r"[^\w-]+", "-", couple.display_name(), flags=re.UNICODE).strip("-").lower() or "couple"
        path, _ = QFileDialog.getSaveFileName(
            self._parent, self.tr("Export couple"), str(_documents() / f"{stem}.couple"),
            self.tr("Couple files (*.couple)"))
        if path:
            self.export_to(Path(path if path.lower().endswith(".couple") else f"{path}.couple"), couple_id,
                           include_private)

    def export_to(self, path: Path, couple_id: int, include_private: bool) -> bool:
        """Write the couple's file; a failure is told in a message naming the file (nothing half-written stays)."""
        from couplecanvas.storage.couple_file import CoupleFileError, gather_couple, write_couple_file

        try:
            bundle = self._controller.read(lambda repository: gather_couple(repository, couple_id, include_private))
            write_couple_file(path, bundle)
        except StorageError as error:
            self._tell(QMessageBox.Icon.Warning, self.tr("Couple not exported"), str(error))
            return False
        except CoupleFileError as error:
            log.warning("could not write %s: %s", path, error)
            self._tell(QMessageBox.Icon.Warning, self.tr("Couple not exported"), str(error))
            return False
        record(self._controller, Action.EXPORT_COUPLE, path.name, couple_id)
        kept = self.tr("with your private notes and the screening") if include_private else self.tr(
            "without your private notes and the screening")
        self.message.emit(self.tr("Exported to {name}, {kept}.").format(name=path.name, kept=kept))
        return True

    # -- import --------------------------------------------------------------------------------------------------------
    def import_couple(self) -> None:
        """Ask for a .couple file and add a copy of its couple."""
        if self._controller.repository is None or not self.ask_before_showing(
                self.tr("Importing a couple shows your folders and the new couple's names.")):
            return
        path, _ = QFileDialog.getOpenFileName(self._parent, self.tr("Import couple"), str(_documents()),
                                              self.tr("Couple files (*.couple);;All files (*)"))
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path) -> int | None:
        """Check the whole file, then store a copy (after a backup); the new couple's id, or None after a message."""
        from couplecanvas.storage.couple_file import CoupleFileError, read_couple_file

        try:
            bundle = read_couple_file(path)
        except CoupleFileError as error:
            log.warning("refused to import %s: %s", path, error.problem)
            self._tell(QMessageBox.Icon.Warning, self.tr("Couple not imported"), str(error))
            return None
        repository = self._controller.repository
        try:
            couple = repository.import_couple(bundle)
        except StorageError as error:
            self._tell(QMessageBox.Icon.Warning, self.tr("Couple not imported"),
                       self.tr("“{name}” was not imported: {error}").format(name=path.name, error=error))
            return None
        log.info("imported %s as couple %s", path, couple.id)
        record(self._controller, Action.IMPORT_COUPLE, path.name, couple.id)
        self.message.emit(self.tr("Imported {name} from {file}.").format(
            name=couple.display_name(), file=path.name))
        self.couple_imported.emit(couple.id)
        return couple.id

    def _tell(self, icon: QMessageBox.Icon, title: str, text: str) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._parent)
        box.setObjectName("couple_file_message")
        self.shown_message = box
        box.open()


def _documents() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()
