"""Safety before conflict work, when homework is given: exercises that ask the couple to talk about conflict are given
freely after a screening with no concerns; without a screening on record the therapist is asked first; with concerns
on record they are not given, unless the therapist overrides in a second, deliberate step, which is recorded with
the date on the couple's screening record.

The questions open over the therapist's window and say the reason in plain words; they never blame either partner.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from couplecanvas.domain.dates import format_date
from couplecanvas.domain.safety import ConflictWork, Screening, asks_for_conflict_talk, conflict_work
from couplecanvas.storage.errors import StorageError

if TYPE_CHECKING:
    from couplecanvas.domain.homework import HomeworkLibrary
    from couplecanvas.ui.assign_dialog import Choice

log = logging.getLogger(__name__)

class ConflictCheck(QObject):
    """Checks one batch of chosen homework: gives what may be given at once (`give`), and asks or refuses for the rest.

    `give(choices)` assigns; `said(message)` reports a problem in the therapist's window."""

    def __init__(self, parent: QWidget, repository, library: HomeworkLibrary, couple_id: int,
                 give: Callable[[list[Choice]], None], said: Callable[[str], None]) -> None:
        super().__init__(parent)
        self._parent = parent
        self._repository = repository
        self._library = library
        self._couple_id = couple_id
        self._give = give
        self._said = said
        self._screening: Screening | None = None
        self._held: list[Choice] = []
        self.box: QMessageBox | None = None
        """The question or note showing now, if any."""

    def run(self, choices: list[Choice]) -> None:
        """Give the chosen homework, asking first about any that asks for conflict talk."""
        held = [c for c in choices if asks_for_conflict_talk(self._library.get(c.key))]
        if not held:
            self._give(choices)
            return
        free = [c for c in choices if c not in held]
        try:
            screening = self._repository.get_screening(self._couple_id)
        except StorageError as error:
            log.warning("could not read the screening record: %s", error)
            if free:
                self._give(free)
            self._note("conflict_work_unread", self.tr("Not assigned for now"), self.tr(
                "{titles} {asks} The screening record could not be read just now, so {it} was not assigned. "
                "Nothing else was changed.\n\n{error}").format(
                    titles=self._titles(held), asks=self._asks(held), it=self._it(held), error=error))
            return
        rule = conflict_work(screening)
        if rule is ConflictWork.GO:
            self._give(choices)
            return
        if free:
            self._give(free)
        self._screening, self._held = screening, held
        if rule is ConflictWork.ASK:
            self._ask_without_screening()
        else:
            self._refuse_with_concerns()

    # -- the words -----------------------------------------------------------------------------------------------------
    def _titles(self, held: list[Choice]) -> str:
        titles = [f"“{self._library.get(c.key).title}”" for c in held]
        return titles[0] if len(titles) == 1 else self.tr("{first} and {last}").format(
            first=", ".join(titles[:-1]), last=titles[-1])

    def _asks(self, held: list[Choice]) -> str:
        return (self.tr("asks the two of them to talk about conflict.") if len(held) == 1
                else self.tr("ask the two of them to talk about conflict."))

    def _it(self, held: list[Choice]) -> str:
        return self.tr("it") if len(held) == 1 else self.tr("they")

    def _box(self, name: str, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, self._parent)
        box.setObjectName(name)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _result, shown=box: self._closed(shown))
        self.box = box
        return box

    def _closed(self, box: QMessageBox) -> None:
        if self.box is box:
            self.box = None

    def _note(self, name: str, title: str, text: str) -> None:
        box = self._box(name, QMessageBox.Icon.Information, title, text)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.open()

    def _reason(self) -> str:
        return self.tr("Talking through conflict together is not advised while there is violence or fear in the "
                       "relationship.")

    # -- no screening on record: ask -----------------------------------------------------------------------------------
    def _ask_without_screening(self) -> None:
        held = self._held
        text = " ".join((
            self._titles(held), self._asks(held),
            self.tr("There is no record of individual screening for this couple."), self._reason(),
        )) + "\n\n" + (self.tr("Assign it anyway?") if len(held) == 1 else self.tr("Assign them anyway?"))
        box = self._box("conflict_work_question", QMessageBox.Icon.Question, self.tr("Before you assign this"), text)
        box.setInformativeText(self.tr("You can record a screening under Homework > Safety screening…"))
        anyway = box.addButton(self.tr("Assign anyway"), QMessageBox.ButtonRole.AcceptRole)
        anyway.setObjectName("assign_anyway")
        leave = box.addButton(self.tr("Leave it out") if len(held) == 1 else self.tr("Leave them out"),
                              QMessageBox.ButtonRole.RejectRole)
        leave.setObjectName("leave_out")
        box.setDefaultButton(leave)
        box.setEscapeButton(leave)
        anyway.clicked.connect(lambda: self._give(held))
        box.open()

    # -- concerns on record: refuse, unless overridden -----------------------------------------------------------------
    def _refuse_with_concerns(self) -> None:
        held, screening = self._held, self._screening
        if screening.screened_on is not None:
            found = self.tr("The individual screening on {date} found concerns, so {it} was not assigned.").format(
                date=format_date(screening.screened_on), it=self._it(held))
        else:
            found = self.tr("The individual screening found concerns, so {it} was not assigned.").format(
                it=self._it(held))
        text = " ".join((self._titles(held), self._asks(held))) + "\n\n" + found + " " + self._reason()
        box = self._box("conflict_work_refused", QMessageBox.Icon.Information, self.tr("Not assigned for now"), text)
        box.setInformativeText(self.tr("If you have weighed this and still want to give it, choose Override."))
        ok = box.addButton(QMessageBox.StandardButton.Ok)
        override = box.addButton(self.tr("Override…"), QMessageBox.ButtonRole.ActionRole)
        override.setObjectName("override")
        box.setDefaultButton(ok)
        box.setEscapeButton(ok)
        override.clicked.connect(self._confirm_override)
        box.open()

    def _confirm_override(self) -> None:
        held = self._held
        text = self.tr("Concerns are on record from the individual screening of this couple. Assigning {titles} anyway "
                       "is your clinical decision, and today's date will be kept with the screening record.\n\n"
                       "Assign {it} and record the override?").format(titles=self._titles(held), it=self._it(held))
        box = self._box("conflict_work_override", QMessageBox.Icon.Warning, self.tr("Override the screening"), text)
        confirm = box.addButton(self.tr("Override and assign"), QMessageBox.ButtonRole.AcceptRole)
        confirm.setObjectName("override_and_assign")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        confirm.clicked.connect(self._override)
        box.open()

    def _override(self) -> None:
        held = self._held
        recorded = self._screening.with_override([c.key for c in held], dt.date.today())
        try:
            self._repository.save_screening(recorded)
        except StorageError as error:
            log.warning("could not record the override: %s", error)
            self._said(self.tr("The override could not be recorded, so nothing was assigned: {error}")
                       .format(error=error))
            return
        self._screening = recorded
        self._give(held)

