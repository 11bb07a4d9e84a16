"""The recovery key, shown once after a passphrase is set: large and plain, to print or save, and to tick off as kept.

The printed page and the text file hold the title, the date, the key and what it is for: nothing of the records.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from couplecanvas.storage.private_files import write_atomically

log = logging.getLogger(__name__)


class RecoveryKeyPage(QWidget):
    """The recovery key in large monospace, Print… and Save as text…, and "I have kept the recovery key"."""

    kept_changed = Signal(bool)
    """The therapist ticked (True) or unticked "I have kept the recovery key"."""

    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = Path(database)
        self._key = ""
        self._made = dt.date.today()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(self.tr(
            "This is your recovery key. If the passphrase is ever forgotten, it is the only way back into your "
            "records. Print it or save it now: it is shown only this once."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.key_label = QLabel()
        self.key_label.setObjectName("recovery_key")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(max(16, font.pointSize() + 6))
        font.setWeight(QFont.Weight.DemiBold)
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setFixedPitch(True)  # every letter its own width: a key copied by hand from paper is read letter by letter
        self.key_label.setFont(font)
        self.key_label.setWordWrap(True)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.key_label)
        self.remember_note = QLabel()
        self.remember_note.setObjectName("remember_note")
        self.remember_note.setWordWrap(True)
        self.remember_note.hide()
        layout.addWidget(self.remember_note)
        buttons = QHBoxLayout()
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setObjectName("print_button")
        self.save_button = QPushButton(self.tr("Save as text…"))
        self.save_button.setObjectName("save_button")
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        warning = QLabel(self.tr(
            "Keep it away from this computer: on paper in a drawer, or a saved file moved to a USB stick that you put "
            "away. Anyone who has both the recovery key and this computer's files can read the records."))
        warning.setObjectName("keep_away_warning")
        warning.setWordWrap(True)
        layout.addWidget(warning)
        self.kept_box = QCheckBox(self.tr("I have kept the recovery key"))
        self.kept_box.setObjectName("kept_box")
        layout.addWidget(self.kept_box)
        self.print_button.clicked.connect(self.choose_and_print)
        self.save_button.clicked.connect(self.choose_and_save)
        self.kept_box.toggled.connect(self.kept_changed)

    def show_key(self, key: str, *, remember_failed: bool = False) -> None:
        """Show this recovery key (and, if the keyring refused the key, say so)."""
        self._key = key
        self._made = dt.date.today()
        self.key_label.setText(key)
        if remember_failed:
            self.remember_note.setText(self.tr(
                "The system keyring did not keep the key, so Couple Canvas will ask for the passphrase each time."))
            self.remember_note.show()

    def kept(self) -> bool:
        """The therapist said the key is kept."""
        return self.kept_box.isChecked()

    def ask_to_keep(self) -> None:
        """Say why the dialog cannot close yet."""
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Keep your recovery key"), self.tr(
            "The passphrase is set. Print or save the recovery key, then tick \"I have kept the recovery key\": it "
            "is shown only now."), QMessageBox.StandardButton.Ok, self)
        box.setObjectName("keep_recovery_key_message")
        box.open()

    # -- paper and file ------------------------------------------------------------------------------------------------
    def _purpose(self) -> str:
        return self.tr(
            "This recovery key opens the Couple Canvas database {0} if its passphrase is forgotten. With it, you can "
            "choose a new passphrase at the start (Use the recovery key…). Keep it somewhere safe, away from the "
            "computer: anyone who has it and the computer's files can read the records.").format(self._database.name)

    def text(self) -> str:
        """What the saved file and the printed page say."""
        title = self.tr("Couple Canvas recovery key")
        made = self.tr("Made on {0}").format(self._made.isoformat())
        return f"{title}\n{made}\n\n    {self._key}\n\n{self._purpose()}\n"

    def document(self) -> QTextDocument:
        """The printed page: title, date, the key, what it is for."""
        document = QTextDocument()
        title = html.escape(self.tr("Couple Canvas recovery key"))
        made = html.escape(self.tr("Made on {0}").format(self._made.isoformat()))
        document.setHtml(
            f"<h1>{title}</h1><p>{made}</p>"
            f"<p style=\"font-family: monospace; font-size: 20pt; font-weight: bold\">{self._key_lines()}</p>"
            f"<p>{html.escape(self._purpose())}</p>")
        return document

    def _key_lines(self) -> str:
        """The key four groups to a line: the page never breaks it inside a group (it is typed back from paper)."""
        groups = self._key.split("-")
        lines = ["-".join(groups[i:i + 4]) for i in range(0, len(groups), 4)]
        return "<br/>".join(html.escape(line) for line in lines)

    def print_to(self, printer: QPrinter) -> None:
        """Print the page on `printer` (or into its PDF file)."""
        self.document().print_(printer)
        log.info("the recovery key page of %s was printed", self._database.name)

    def choose_and_print(self) -> None:
        """Ask for a printer and print the page."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("recovery_print_dialog")
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def save_to(self, path: Path) -> bool:
        """Write the text to `path`, readable by this account only (0600); False, after saying why, if it failed."""
        try:
            write_atomically(Path(path), self.text().encode("utf-8"))
        except OSError as error:
            log.error("the recovery key could not be saved as %s (%s)", Path(path).name, error.strerror)
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Save as text"), self.tr(
                "The recovery key could not be saved as {0}: {1}. Choose another place, or print it.").format(
                path, error.strerror or error), QMessageBox.StandardButton.Ok, self)
            box.setObjectName("recovery_save_message")
            box.open()
            return False
        log.info("the recovery key of %s was saved as %s", self._database.name, Path(path).name)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Save as text"), self.tr(
            "The recovery key was saved as {0}. Move it off this computer now (to a USB stick you put away, or print "
            "it and delete the file): next to the records, it would open them for anyone.").format(path),
            QMessageBox.StandardButton.Ok, self)
        box.setObjectName("recovery_save_message")
        box.open()
        return True

    def choose_and_save(self) -> None:
        """Ask where to save the text, and save it."""
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the recovery key"), str(Path.home() / "Couple Canvas recovery key.txt"),
            self.tr("Text files (*.txt)"))
        if name:
            self.save_to(Path(name))
