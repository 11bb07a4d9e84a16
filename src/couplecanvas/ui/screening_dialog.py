"""The couple's individual screening record, for the therapist alone: when each partner was seen on their own, what
was found, and any time conflict work was given in spite of concerns.

It never opens in share mode (a calm note says why), closes the moment share mode starts or another couple opens,
and opens over the therapist's window only: never in the share window, never in a handout.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from couplecanvas.domain.dates import format_date
from couplecanvas.domain.safety import Outcome, Screening
from couplecanvas.storage.errors import StorageError
from couplecanvas.ui.parts import problem_label, save_cancel_buttons, set_bold
from couplecanvas.ui.session_controller import SessionController

log = logging.getLogger(__name__)


class ScreeningDialog(QDialog):
    """Shows and edits one couple's screening record; Save checks it (the problem shows here) and stores it."""

    saved = Signal(object)
    """The screening record was stored (the checked Screening)."""

    def __init__(self, repository, screening: Screening, couple_name: str, parent: QWidget | None = None) -> None:
        """Show `screening`, as just read from `repository` by the caller (a record that cannot be read opens no
        dialog whose empty fields could be saved over it)."""
        super().__init__(parent)
        self.setObjectName("screening_dialog")
        self.setWindowTitle(self.tr("Safety screening"))
        self.setMinimumWidth(520)
        self._repository = repository
        self._screening = screening
        layout = QVBoxLayout(self)
        heading = QLabel(couple_name)
        heading.setObjectName("screening_couple")
        set_bold(heading)
        layout.addWidget(heading)
        intro = QLabel(self.tr(
            "Before asking a couple to talk through conflict together, see each partner on their own and ask about "
            "violence, fear and control in the relationship. Record here when you did and what you found. "
            "This record is yours alone: it never appears on a shared screen or in a handout."
        ))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.outcome = QComboBox()
        self.outcome.setObjectName("screening_outcome")
        for outcome in (Outcome.NOT_DONE, Outcome.NO_CONCERNS, Outcome.CONCERNS):
            self.outcome.addItem(self._outcome_text(outcome), outcome.value)
        self.outcome.setCurrentIndex(max(0, self.outcome.findData(screening.outcome.value)))
        self.date = QDateEdit()
        self.date.setObjectName("screening_date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMM yyyy")
        self.date.setMaximumDate(QDate.currentDate())
        self.date.setDate(QDate(screening.screened_on or dt.date.today()))
        self.note = QPlainTextEdit(screening.note)
        self.note.setObjectName("screening_note")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(self.tr("Optional: anything you want to remember (for you only)"))
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 5 + 12)
        form.addRow(self.tr("&Outcome"), self.outcome)
        form.addRow(self.tr("Screened &on"), self.date)
        form.addRow(self.tr("&Note"), self.note)
        layout.addLayout(form)

        self.override = QLabel(self._override_text(screening))
        self.override.setObjectName("screening_override")
        self.override.setWordWrap(True)
        layout.addWidget(self.override)
        self.problem = problem_label("screening_problem")
        layout.addWidget(self.problem)
        self.buttons = save_cancel_buttons(self)
        layout.addWidget(self.buttons)
        self.outcome.currentIndexChanged.connect(self._on_outcome_changed)
        self._on_outcome_changed()

    def _outcome_text(self, outcome: Outcome) -> str:
        return {
            Outcome.NOT_DONE: self.tr("Not done yet"),
            Outcome.NO_CONCERNS: self.tr("Done: no concerns"),
            Outcome.CONCERNS: self.tr("Done: concerns"),
        }[outcome]

    def _override_text(self, screening: Screening) -> str:
        if screening.overridden_on is None:
            return self.tr("No override on record: conflict work has not been given while concerns were on record.")
        return self.tr("On {date} you chose to give conflict work although concerns were on record ({what}).").format(
            date=format_date(screening.overridden_on), what=screening.overridden_for or self.tr("an exercise"))

    def _on_outcome_changed(self, *_args) -> None:
        self.date.setEnabled(self.outcome.currentData() != Outcome.NOT_DONE.value)

    def screening(self) -> Screening:
        """The record as entered (not yet checked); the override stays as it was."""
        outcome = Outcome(self.outcome.currentData())
        return dataclasses.replace(
            self._screening,
            outcome=outcome,
            screened_on=self.date.date().toPython() if outcome is not Outcome.NOT_DONE else None,
            note=self.note.toPlainText(),
        )

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def accept(self) -> None:
        try:
            checked = self.screening().check()
        except ValueError as error:
            self._show_problem(str(error))
            return
        try:
            self._repository.save_screening(checked)
        except StorageError as error:
            self._show_problem(self.tr("The screening record could not be saved: {error}").format(error=error))
            return
        self.saved.emit(checked)
        super().accept()


def open_screening(controller: SessionController, parent: QWidget) -> ScreeningDialog | None:
    """Open the open couple's screening record over `parent` (the therapist's window); in share mode, a calm note
    instead; None when nothing opened."""
    if controller.share_mode:
        box = QMessageBox(QMessageBox.Icon.Information, parent.tr("Safety screening"), parent.tr(
            "The screening record is for you alone, so it does not open while share mode is on. "
            "End share mode (F6) when you are ready, and open it again."), QMessageBox.StandardButton.Ok, parent)
        box.setObjectName("screening_not_in_share_mode")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return None
    couple = controller.couple
    if couple is None or couple.id is None or controller.repository is None:
        return None
    couple_id = couple.id
    try:
        screening = controller.read(lambda repository: repository.get_screening(couple_id))
    except StorageError:
        return None  # said by the controller: the record could not be read, so nothing opens over it
    dialog = ScreeningDialog(controller.repository, screening, couple.display_name(), parent)
    # What only the therapist may see goes the moment the screen may be shared or another couple opens.
    controller.share_mode_changed.connect(dialog.reject)
    controller.couple_opened.connect(dialog.reject)
    dialog.finished.connect(lambda _result: _let_go(controller, dialog))
    dialog.open()
    return dialog


def _let_go(controller: SessionController, dialog: ScreeningDialog) -> None:
    controller.share_mode_changed.disconnect(dialog.reject)
    controller.couple_opened.disconnect(dialog.reject)
    dialog.deleteLater()
