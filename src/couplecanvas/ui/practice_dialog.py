"""Practice details: what the therapist puts at the top of every handout (name, contact, logo) and how it prints."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from couplecanvas.domain.practice import MAX_LOGO_BYTES, PAGE_SIZES, Practice
from couplecanvas.domain.spelling import SPELLINGS, spelling_of
from couplecanvas.export.logo import LogoError, prepare_logo
from couplecanvas.storage.errors import StorageError
from couplecanvas.ui.parts import problem_label, save_cancel_buttons

log = logging.getLogger(__name__)

THUMBNAIL_HEIGHT = 56


class PracticeDialog(QDialog):
    """Edit the practice's details; Save checks them (the problem shows in the dialog) and stores them."""

    saved = Signal(object)
    """The practice's details were stored (the checked Practice)."""

    def __init__(self, repository, practice: Practice, parent: QWidget | None = None) -> None:
        """Show `practice`, the details as just read from `repository`. The caller reads them, so that details that
        cannot be read never open a dialog whose empty fields would be saved over them."""
        super().__init__(parent)
        self.setObjectName("practice_dialog")
        self._repository = repository
        self.logo = practice.logo
        """The logo as it will be saved (PNG or JPEG bytes, no larger than print needs; empty for none)."""
        self.setWindowTitle(self.tr("Practice details"))
        self.setMinimumWidth(500)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("These details go at the top of every handout, so the couple knows where it comes from "
                               "and how to reach you. Leave anything empty that you would rather not print."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit(practice.name)
        self.name.setObjectName("practice_name")
        self.name.setPlaceholderText(self.tr("e.g. Riverside Couples Counselling"))
        self.contact = QPlainTextEdit(practice.contact)
        self.contact.setObjectName("practice_contact")
        self.contact.setTabChangesFocus(True)
        self.contact.setPlaceholderText(self.tr("Address, phone, email or website: one per line"))
        self.contact.setFixedHeight(self.contact.fontMetrics().lineSpacing() * 5 + 12)
        form.addRow(self.tr("Practice name"), self.name)
        form.addRow(self.tr("Contact"), self.contact)

        logo_row = QHBoxLayout()
        self.logo_preview = QLabel()
        self.logo_preview.setObjectName("practice_logo_preview")
        self.logo_preview.setMinimumSize(THUMBNAIL_HEIGHT * 2, THUMBNAIL_HEIGHT)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setStyleSheet("border: 1px dashed #cfc8b8; color: #8d877a;")
        self.choose_logo_button = QPushButton(self.tr("Choose picture…"))
        self.choose_logo_button.setObjectName("practice_choose_logo")
        self.choose_logo_button.setToolTip(self.tr("A PNG or JPEG file, up to 2 MB"))
        self.remove_logo_button = QPushButton(self.tr("Remove"))
        self.remove_logo_button.setObjectName("practice_remove_logo")
        logo_row.addWidget(self.logo_preview)
        logo_row.addWidget(self.choose_logo_button)
        logo_row.addWidget(self.remove_logo_button)
        logo_row.addStretch()
        form.addRow(self.tr("Logo"), logo_row)

        self.page_size = QComboBox()
        self.page_size.setObjectName("practice_page_size")
        for size in PAGE_SIZES:
            self.page_size.addItem(size, size)
        self.page_size.setCurrentIndex(max(0, self.page_size.findData(practice.page_size)))
        self.large_print = QCheckBox(self.tr("Large print on every handout"))
        self.large_print.setObjectName("practice_large_print")
        self.large_print.setChecked(practice.large_print)
        form.addRow(self.tr("Paper"), self.page_size)
        form.addRow("", self.large_print)
        self.support_line = QLineEdit(practice.support_line)
        self.support_line.setObjectName("practice_support_line")
        self.support_line.setPlaceholderText(self.tr("Optional: e.g. a local helpline, free and open at any hour"))
        self.support_line.setToolTip(self.tr("One short line, printed at the foot of every page of every handout"))
        form.addRow(self.tr("Support line"), self.support_line)
        self.spelling = QComboBox()
        self.spelling.setObjectName("practice_spelling")
        for value, label in zip(SPELLINGS, (self.tr("UK (colour, practise)"), self.tr("US (color, practice)"))):
            self.spelling.addItem(label, value)
        self.spelling.setCurrentIndex(max(0, self.spelling.findData(spelling_of(practice))))
        self.spelling.setToolTip(self.tr("How the handout's own words and the built-in homework are spelled; "
                                         "what you and the couple write is printed as written"))
        form.addRow(self.tr("Spelling"), self.spelling)
        layout.addLayout(form)

        self.problem = problem_label("practice_problem")
        layout.addWidget(self.problem)
        self.buttons = save_cancel_buttons(self)
        layout.addWidget(self.buttons)

        self.choose_logo_button.clicked.connect(self.choose_logo)
        self.remove_logo_button.clicked.connect(self.remove_logo)
        self.name.textChanged.connect(self._check)
        self.contact.textChanged.connect(self._check)
        self.support_line.textChanged.connect(self._check)
        self._show_logo()
        self.ask_before_showing = lambda _what: True
        """Asked before the file dialog shows folders (share mode asks the therapist first)."""

    # -- the logo ------------------------------------------------------------------------------------------------------
    def choose_logo(self) -> None:
        if not self.ask_before_showing(self.tr("A file dialog shows your folders.")):
            return
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose your logo"), str(Path.home()), self.tr("Pictures (*.png *.jpg *.jpeg)")
        )
        if path:
            self.load_logo(Path(path))

    def load_logo(self, path: Path) -> bool:
        """Take the picture at `path` as the logo; if it cannot be used, say why and keep the logo as it was."""
        try:
            if path.stat().st_size > MAX_LOGO_BYTES:
                return self._logo_refused(self.tr("That picture is larger than 2 MB. A smaller copy of it "
                                                  "prints just as well: please choose one under 2 MB."))
            data = path.read_bytes()
        except OSError as error:
            log.warning("could not read the logo %s: %s", path, error)
            return self._logo_refused(self.tr("That file could not be read ({reason}). Your logo is unchanged.")
                                      .format(reason=error.strerror or error))
        if len(data) > MAX_LOGO_BYTES:
            return self._logo_refused(self.tr("That picture is larger than 2 MB. A smaller copy of it "
                                              "prints just as well: please choose one under 2 MB."))
        try:
            # Checked at the door and scaled to what print needs, once: every handout then stays quick.
            prepared = prepare_logo(data)
        except LogoError as error:
            log.warning("the logo %s was refused: %s", path, error)
            return self._logo_refused(self.tr("“{file}” cannot be your logo. {reason} Please choose a PNG or JPEG "
                                              "picture that opens in other apps; your logo is unchanged.")
                                      .format(file=path.name, reason=str(error)))
        self.logo = prepared
        self._show_logo()
        self._check()
        return True

    def remove_logo(self) -> None:
        self.logo = b""
        self._show_logo()
        self._check()

    def _logo_refused(self, message: str) -> bool:
        self._show_problem(message)
        return False

    def _show_logo(self) -> None:
        image = QImage.fromData(QByteArray(self.logo)) if self.logo else QImage()
        if image.isNull():
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(self.tr("no logo"))
        else:
            ratio = self.devicePixelRatioF()
            pixmap = QPixmap.fromImage(image.scaledToHeight(round(THUMBNAIL_HEIGHT * ratio),
                                                            Qt.TransformationMode.SmoothTransformation))
            pixmap.setDevicePixelRatio(ratio)
            self.logo_preview.setText("")
            self.logo_preview.setPixmap(pixmap)
        self.remove_logo_button.setEnabled(bool(self.logo))

    # -- checking and saving -------------------------------------------------------------------------------------------
    def practice(self) -> Practice:
        """The details as entered (not yet checked)."""
        return Practice(
            name=self.name.text(),
            contact=self.contact.toPlainText(),
            logo=self.logo,
            page_size=self.page_size.currentData(),
            large_print=self.large_print.isChecked(),
            support_line=self.support_line.text(),
            spelling=self.spelling.currentData(),
        )

    def _check(self) -> Practice | None:
        try:
            checked = self.practice().check()
        except ValueError as error:
            self._show_problem(str(error))
            return None
        self._show_problem("")
        return checked

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def accept(self) -> None:
        checked = self._check()
        if checked is None:
            return
        try:
            self._repository.save_practice(checked)
        except StorageError as error:
            self._show_problem(self.tr("Your practice details could not be saved: {error}").format(error=error))
            return
        self.saved.emit(checked)
        super().accept()
