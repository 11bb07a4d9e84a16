"""The handout preview, a page inside the main window: the couple can look at their handout together before it is
saved or printed, and the therapist sets its options with the pages in sight.

The page only shows and asks; `ui.handout_mode` builds the PDF, saves the next appointment and writes the file.
Private notes never reach it: they are never part of a handout.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDateTime, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from couplecanvas.domain.practice import PAGE_SIZES
from couplecanvas.ui.parts import set_bold
from couplecanvas.ui.pdf_pages import PdfPagesView

APPOINTMENT_SETTLE_MS = 500  # typing a time changes it digit by digit: rebuild once it rests


@dataclass(frozen=True)
class HandoutOptions:
    """How this handout is made: names or aliases, paper, print size, the next appointment (or none), and whether
    family or trauma history (the iceberg's raw spot) prints: never stored, off each time the preview opens."""

    use_alias: bool
    page_size: str
    large_print: bool
    next_appointment: dt.datetime | None
    print_sensitive: bool = False
    show_positions: bool = False
    """Who tends to pursue and who tends to withdraw (EFT): off each time the preview opens."""
    include_progress: bool = False
    """'Our progress': each partner's brief checks across the sessions as a chart; off each time the preview opens."""
    plan_card: bool = True
    """The plan for the fridge ('When our cycle starts') as the handout's last page; on each time the preview opens."""
    feelings_page: bool = False
    """The feeling words by level on a back page; off each time the preview opens."""
    plan_only: bool = False
    """Only the plan for the fridge, on one page: what is shown, saved and printed; off each time the preview opens."""


def suggested_appointment(session_date: dt.date, now: dt.datetime | None = None) -> dt.datetime:
    """A first guess for the next appointment: a week after this session, at the hour it is now."""
    now = now or dt.datetime.now()
    return dt.datetime.combine(session_date + dt.timedelta(days=7), dt.time(now.hour))


class HandoutPreviewPage(QWidget):
    """Options across the top, the handout's pages below (fit to width, scrolled); Esc goes back to the board."""

    options_changed = Signal()
    """The therapist changed an option: the handout should be made again."""
    save_requested = Signal()
    """The therapist wants to save the handout as a PDF file."""
    print_requested = Signal()
    """The therapist wants to print the handout."""
    practice_requested = Signal()
    """The therapist wants to edit the practice's details (name, contact, logo, paper)."""
    back_requested = Signal()
    """The therapist wants the open board back."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handout_preview")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 0)
        layout.setSpacing(6)

        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        self.title = QLabel(self.tr("Your take-home handout"))
        self.title.setObjectName("handout_title")
        set_bold(self.title, larger=5)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("handout_subtitle")
        self.subtitle.setStyleSheet("color: #5b574e;")
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        self.practice_button = self._button("handout_practice", self.tr("Practice details…"),
                                            self.tr("Your practice's name, contact details and logo on every handout"))
        self.print_button = self._button("handout_print", self.tr("Print…"), self.tr("Print the handout (Ctrl+P)"))
        self.save_button = self._button("handout_save", self.tr("Save PDF…"),
                                        self.tr("Save the handout as a PDF file (Ctrl+S)"))
        self.save_button.setStyleSheet(
            "QPushButton { background: #2f5d50; color: white; font-weight: bold; border-radius: 6px; "
            "padding: 4px 16px; }"
            "QPushButton:disabled { background: #9fb5ad; }"
        )
        self.back_button = self._button(
            "handout_back", self.tr("Back to the board"), self.tr("Back to the open board (Esc)")
        )
        for button in (self.practice_button, self.print_button, self.save_button, self.back_button):
            header.addWidget(button)
        layout.addLayout(header)

        options = QHBoxLayout()
        options.setSpacing(14)
        self.alias_box = QCheckBox(self.tr("Aliases instead of first names"))
        self.alias_box.setObjectName("handout_aliases")
        paper_label = QLabel(self.tr("Paper:"))
        self.paper = QComboBox()
        self.paper.setObjectName("handout_paper")
        for size in PAGE_SIZES:
            self.paper.addItem(size, size)
        paper_label.setBuddy(self.paper)
        self.large_box = QCheckBox(self.tr("Large print"))
        self.large_box.setObjectName("handout_large_print")
        self.appointment_box = QCheckBox(self.tr("Next appointment:"))
        self.appointment_box.setObjectName("handout_has_appointment")
        self.appointment_box.setToolTip(self.tr("Untick when there is no next appointment to print"))
        self.appointment = QDateTimeEdit()
        self.appointment.setObjectName("handout_appointment")
        self.appointment.setCalendarPopup(True)
        time_format = QLocale().timeFormat(QLocale.FormatType.ShortFormat).replace(":ss", "")
        self.appointment.setDisplayFormat(f"ddd d MMM yyyy, {time_format}")
        self.sensitive_box = QCheckBox(self.tr("Print family history"))
        self.sensitive_box.setObjectName("handout_sensitive")
        self.sensitive_box.setToolTip(self.tr("Cards such as the iceberg's 'where this raw spot comes from' print only "
                                              "when this is ticked; a handout can be found by others"))
        for widget in (self.alias_box, paper_label, self.paper, self.large_box, self.sensitive_box,
                       self.appointment_box, self.appointment):
            options.addWidget(widget)
        options.addStretch()
        layout.addLayout(options)
        choices = QHBoxLayout()
        self.positions_box = QCheckBox(self.tr("Show who tends to pursue and who tends to withdraw"))
        self.positions_box.setObjectName("handout_positions")
        self.positions_box.setToolTip(self.tr("Prints 'pursues' and 'withdraws' beside the partners' names; "
                                              "leave it off when those words could sting on paper"))
        self.progress_box = QCheckBox(self.tr("Include our progress"))
        self.progress_box.setObjectName("handout_progress")
        self.progress_box.setToolTip(self.tr("A chart of each partner's brief checks across the sessions so far "
                                             "(how connected, the cycle, finding each other again)"))
        self.plan_box = QCheckBox(self.tr("The plan for the fridge"))
        self.plan_box.setObjectName("handout_plan_card")
        self.plan_box.setToolTip(self.tr("'When our cycle starts' on the last page: the cycle's name, the early signs, "
                                         "the pause and a soft way back, in large type"))
        self.feelings_box = QCheckBox(self.tr("Feeling words on the back page"))
        self.feelings_box.setObjectName("handout_feelings_page")
        self.feelings_box.setToolTip(self.tr("The feeling words by level, on a page of their own at the end"))
        self.plan_only_box = QCheckBox(self.tr("Plan card only"))
        self.plan_only_box.setObjectName("handout_plan_only")
        self.plan_only_box.setToolTip(self.tr("Show, save and print only 'When our cycle starts', on one page"))
        for widget in (self.positions_box, self.progress_box, self.plan_box, self.feelings_box, self.plan_only_box):
            choices.addWidget(widget)
        choices.addStretch()
        layout.addLayout(choices)

        self.hint = QLabel(self.tr("This is exactly what the couple takes home. Private notes are never part of it. "
                                   "Esc: back to the board"))
        self.hint.setObjectName("handout_hint")
        self.hint.setStyleSheet("color: #6f6a5f;")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.problem = QLabel()
        self.problem.setObjectName("handout_problem")
        self.problem.setStyleSheet("color: #a12a12; font-weight: bold;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.pages = PdfPagesView()
        layout.addWidget(self.pages, 1)

        self._settle = QTimer(self, singleShot=True, interval=APPOINTMENT_SETTLE_MS)
        self._settle.timeout.connect(self.options_changed)
        self.alias_box.toggled.connect(self._changed)
        self.paper.currentIndexChanged.connect(self._changed)
        self.large_box.toggled.connect(self._changed)
        self.sensitive_box.toggled.connect(self._changed)
        self.positions_box.toggled.connect(self._changed)
        self.progress_box.toggled.connect(self._changed)
        self.plan_box.toggled.connect(self._changed)
        self.feelings_box.toggled.connect(self._changed)
        self.plan_only_box.toggled.connect(self._on_plan_only_toggled)
        self.appointment_box.toggled.connect(self._on_appointment_toggled)
        self.appointment.dateTimeChanged.connect(lambda _: self._settle.start())
        self.appointment.editingFinished.connect(self.flush_pending)
        self.save_button.clicked.connect(self.save_requested)
        self.print_button.clicked.connect(self.print_requested)
        self.practice_button.clicked.connect(self.practice_requested)
        self.back_button.clicked.connect(self.back_requested)
        keys = {
            QKeySequence(Qt.Key.Key_Escape): self.back_requested.emit,
            QKeySequence("Ctrl+S"): self.save_requested.emit,
            QKeySequence("Ctrl+P"): self.print_requested.emit,
        }
        for key, slot in keys.items():
            shortcut = QShortcut(key, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _button(self, name: str, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setMinimumHeight(36)
        return button

    # -- options -------------------------------------------------------------------------------------------------------
    def set_options(self, options: HandoutOptions, aliases_available: bool, appointment_guess: dt.datetime,
                    aliases_locked: bool = False) -> None:
        """Show these options (without asking for a rebuild); `appointment_guess` fills the field when there is none.

        `aliases_locked` (share mode): the aliases are used and the box cannot be unticked on a shared screen."""
        widgets = (self.alias_box, self.paper, self.large_box, self.sensitive_box, self.appointment_box,
                   self.appointment, self.positions_box, self.progress_box, self.plan_box, self.feelings_box,
                   self.plan_only_box)
        for widget in widgets:
            widget.blockSignals(True)
        self.alias_box.setChecked(options.use_alias and aliases_available)
        self.alias_box.setEnabled(aliases_available and not aliases_locked)
        if aliases_locked:
            self.alias_box.setToolTip(self.tr("Share mode is on: the handout shows the aliases"))
        else:
            self.alias_box.setToolTip(
                self.tr("Print the aliases you gave the partners instead of their first names") if aliases_available
                else self.tr("Neither partner has an alias yet: add one in the couple's details")
            )
        self.paper.setCurrentIndex(max(0, self.paper.findData(options.page_size)))
        self.large_box.setChecked(options.large_print)
        self.sensitive_box.setChecked(options.print_sensitive)
        self.positions_box.setChecked(options.show_positions)
        self.progress_box.setChecked(options.include_progress)
        self.plan_box.setChecked(options.plan_card)
        self.feelings_box.setChecked(options.feelings_page)
        self.plan_only_box.setChecked(options.plan_only)
        self._show_plan_only(options.plan_only)
        self.appointment_box.setChecked(options.next_appointment is not None)
        self.appointment.setDateTime(QDateTime(options.next_appointment or appointment_guess))
        self.appointment.setEnabled(options.next_appointment is not None)
        for widget in widgets:
            widget.blockSignals(False)
        self._settle.stop()

    def options(self) -> HandoutOptions:
        """The options as shown now."""
        appointment = None
        if self.appointment_box.isChecked():
            appointment = self.appointment.dateTime().toPython().replace(second=0, microsecond=0)
        return HandoutOptions(
            use_alias=self.alias_box.isChecked(),
            page_size=self.paper.currentData(),
            large_print=self.large_box.isChecked(),
            next_appointment=appointment,
            print_sensitive=self.sensitive_box.isChecked(),
            show_positions=self.positions_box.isChecked(),
            include_progress=self.progress_box.isChecked(),
            plan_card=self.plan_box.isChecked(),
            feelings_page=self.feelings_box.isChecked(),
            plan_only=self.plan_only_box.isChecked(),
        )

    def flush_pending(self) -> None:
        """A time still settling counts now (before saving or printing)."""
        if self._settle.isActive():
            self._settle.stop()
            self.options_changed.emit()

    def take_pending(self) -> bool:
        """True if a time was still settling (it is taken as it is now, without asking for a rebuild)."""
        pending = self._settle.isActive()
        self._settle.stop()
        return pending

    def _changed(self) -> None:
        self._settle.stop()
        self.options_changed.emit()

    def _on_plan_only_toggled(self, on: bool) -> None:
        self._show_plan_only(on)
        self._changed()

    def _show_plan_only(self, on: bool) -> None:
        """With the plan card alone, the choices of the whole handout have nothing to change: they rest, as they were;
        the buttons say what they save and print."""
        for box in (self.plan_box, self.feelings_box, self.progress_box, self.appointment_box):
            box.setEnabled(not on)
        self.appointment.setEnabled(not on and self.appointment_box.isChecked())
        self.title.setText(self.tr("Your plan for the fridge") if on else self.tr("Your take-home handout"))
        self.save_button.setToolTip(self.tr("Save the plan card as a PDF file (Ctrl+S)") if on
                                    else self.tr("Save the handout as a PDF file (Ctrl+S)"))
        self.print_button.setToolTip(self.tr("Print the plan card (Ctrl+P)") if on
                                     else self.tr("Print the handout (Ctrl+P)"))

    def _on_appointment_toggled(self, on: bool) -> None:
        self.appointment.setEnabled(on)
        self._changed()

    # -- pages ---------------------------------------------------------------------------------------------------------
    def show_pdf(self, pdf: bytes) -> None:
        """Show the handout's pages."""
        self.problem.hide()
        self.pages.show_pdf(pdf)
        for button in (self.save_button, self.print_button):
            button.setEnabled(True)

    def show_problem(self, text: str) -> None:
        """Say why there is no handout to show (nothing can be saved or printed then)."""
        self.problem.setText(text)
        self.problem.show()
        self.pages.clear()
        for button in (self.save_button, self.print_button):
            button.setEnabled(False)

    def set_message(self, text: str) -> None:
        """A calm line under the options (a problem that leaves the handout as it is)."""
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def clear(self) -> None:
        """Forget the handout: no page or name of the couple stays here."""
        self._settle.stop()
        self.pages.clear()
        self.subtitle.clear()
        self.problem.hide()
