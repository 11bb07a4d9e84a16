"""File > Delete couple…: the open couple and everything recorded with them, deleted for good after asking twice.

The first question says what will go, counted (sessions, boards and their cards, homework, private notes, progress
checks, the screening record), that the app cannot bring it back, and how long the backups made before now still hold
the couple. The second asks the therapist to type the word DELETE: a typed word, not a click, is the usual guard for
what cannot be undone, and unlike the couple's names it can be asked for in share mode without showing anything.
Names are always shown as the screen shows them (aliases in share mode).

The couple is closed first (its open session saved and let go), then `Repository.delete_couple` removes every row in
one transaction with `secure_delete` on and records it in the activity log.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from couplecanvas.domain.dates import format_date
from couplecanvas.storage import backups
from couplecanvas.storage.errors import StorageError
from couplecanvas.ui.session_controller import SessionController

log = logging.getLogger(__name__)

CONFIRM_WORD = "DELETE"
"""What the therapist types to enable "Delete for good" (in any case)."""


@dataclass(frozen=True)
class WhatGoes:
    """What deleting a couple removes, counted for the therapist's eyes."""

    sessions: int
    boards: int
    cards: int
    assignments: int
    private_notes: int
    progress_checks: int
    screening: bool


def what_goes(store, couple_id: int) -> WhatGoes:
    """Count what the couple holds (read through the Store, private records included: they go too)."""
    from couplecanvas.storage.couple_file import gather_couple

    bundle = gather_couple(store, couple_id, include_private=True)
    return WhatGoes(
        sessions=len(bundle.sessions),
        boards=sum(1 for part in bundle.sessions if part.board.cards or part.board.strokes),
        cards=sum(len(part.board.cards) for part in bundle.sessions),
        assignments=sum(len(part.assignments) for part in bundle.sessions),
        private_notes=sum(1 for part in bundle.sessions if (part.private_note or "").strip()),
        progress_checks=sum(len(part.progress_checks) for part in bundle.sessions),
        screening=bundle.screening is not None and bundle.screening.on_record,
    )


@dataclass(frozen=True)
class BackupsHolding:
    """The backups that still hold a deleted couple: how many, when the rotation removes the last (if the app is opened
    every day), and whether the copy kept from before the last update holds it too (kept until the next update)."""

    count: int
    last_removed: dt.date | None
    migration_copy: bool


def backups_holding(folder: Path, now: dt.datetime | None = None, *, horizon_days: int = 400) -> BackupsHolding:
    """Every backup in `folder` made before `now` may hold the couple; play the rotation forward (one daily backup a
    day, as when the app is opened every day) to find the day the last of them is pruned."""
    now = now or dt.datetime.now()
    existing = [info for info in backups.list_backups(folder, counts=False) if info.made <= now]
    if not existing:
        return BackupsHolding(0, None, False)
    migrations = [info for info in existing if info.reason == "migration"]
    # The newest backup made before a migration is kept until the next migration, whenever that is.
    forever = migrations[0].path if migrations else None
    holding = {info.path for info in existing} - {forever}
    state = list(existing)
    last_removed = None
    for day in range(1, horizon_days + 1):
        if not holding:
            break
        date = now.date() + dt.timedelta(days=day)
        made = backups.BackupInfo(folder / f"(the daily backup of {date})", dt.datetime.combine(date, dt.time(9)),
                                  "daily", 1, None, None)
        state = sorted([made, *state], key=lambda info: (info.made, info.path.name), reverse=True)
        kept = backups.kept_by_rotation(state) | {made.path}  # the rotation itself: never disagrees with prune()
        state = [info for info in state if info.path in kept]
        if holding and not holding & kept:
            last_removed = date
        holding &= kept
    return BackupsHolding(len(existing), last_removed, forever is not None)


class TypeToDeleteDialog(QDialog):
    """The second question: type DELETE to enable "Delete for good"; Cancel (or Escape) leaves everything."""

    def __init__(self, parent: QWidget, names: str) -> None:
        super().__init__(parent)
        self.setObjectName("delete_couple_confirm")
        self.setWindowTitle(self.tr("Delete for good"))
        layout = QVBoxLayout(self)
        text = QLabel(self.tr(
            "To delete {names} and everything recorded with them for good, type {word} below."
        ).format(names=names, word=CONFIRM_WORD))
        text.setWordWrap(True)
        layout.addWidget(text)
        self.typed = QLineEdit()
        self.typed.setObjectName("delete_confirmation")
        self.typed.setPlaceholderText(CONFIRM_WORD)
        self.typed.setAccessibleName(self.tr("Type {word} to confirm").format(word=CONFIRM_WORD))
        layout.addWidget(self.typed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.delete_button = QPushButton(self.tr("Delete for good"))
        self.delete_button.setObjectName("delete_for_good")
        self.delete_button.setEnabled(False)
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.typed.textChanged.connect(self._on_typed)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.typed.setFocus()  # ready for typing at once

    def _on_typed(self, text: str) -> None:
        self.delete_button.setEnabled(text.strip().casefold() == CONFIRM_WORD.casefold())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        # Return deletes only once the word is typed; before that it does nothing (it must never press Cancel or
        # another button that happens to be the default, nor close the dialog and lose what was typed).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.delete_button.isEnabled():
                self.accept()
            return
        super().keyPressEvent(event)


class DeleteCoupleAction(QObject):
    """The menu action, its two questions and the calm word after; deletes through the session controller's
    repository."""

    couple_deleted = Signal(int)
    """The couple with this id and all it held were deleted (the couples list should drop it)."""
    couple_kept = Signal(int)
    """The couple was closed to be deleted but could not be (the message says why): it should be opened again."""
    message = Signal(str)
    """A short note for the therapist's status bar."""

    def __init__(self, controller: SessionController, parent: QWidget) -> None:
        super().__init__(parent)
        self._controller = controller
        self._parent = parent  # the questions open over the therapist's window, never over the shared one
        self.now = dt.datetime.now
        """The clock the backups note reads (tests set it)."""
        self.shown: QMessageBox | QDialog | None = None
        """The question or message open now, or last (kept so it stays open, and for tests)."""
        self.action = QAction(self.tr("Delete couple…"), parent)
        self.action.setObjectName("delete_couple_action")
        self.action.setStatusTip(self.tr("Delete the open couple and everything recorded with them, for good"))
        self.action.triggered.connect(self.ask)
        controller.couple_opened.connect(self._update)
        controller.repository_opened.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.action.setEnabled(self._controller.couple is not None and self._controller.repository is not None)

    # -- the first question --------------------------------------------------------------------------------------------
    def ask(self) -> QMessageBox | None:
        """Say what will go and ask the first time; the question is returned while it is open."""
        controller = self._controller
        couple = controller.couple
        if couple is None or controller.repository is None:
            return None
        couple_id = couple.id
        try:
            goes = controller.read(lambda repository: what_goes(repository, couple_id))
        except StorageError:
            return None  # said by the controller
        names = controller.shown_couple().display_name()
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Delete {names}?").format(names=names),
                          self._what_goes_text(names, goes), QMessageBox.StandardButton.Yes
                          | QMessageBox.StandardButton.No, self._parent)
        box.setObjectName("delete_couple_question")
        box.setInformativeText(self._backups_text())
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Delete…"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda answer: self._on_first_answer(answer, couple_id, names))
        self.shown = box
        box.open()
        return box

    def _what_goes_text(self, names: str, goes: WhatGoes) -> str:
        parts = [
            self.tr("1 session") if goes.sessions == 1 else self.tr("{n} sessions").format(n=goes.sessions),
            (self.tr("1 board") if goes.boards == 1 else self.tr("{n} boards").format(n=goes.boards)) + " "
            + (self.tr("with 1 card") if goes.cards == 1 else self.tr("with {n} cards in all").format(n=goes.cards)),
        ]
        # The rest only where there is some: a list of noughts reads as noise in a serious question.
        for count, one, many in (
            (goes.assignments, self.tr("1 homework assignment"), self.tr("{n} homework assignments")),
            (goes.private_notes, self.tr("1 private note"), self.tr("{n} private notes")),
            (goes.progress_checks, self.tr("1 progress check"), self.tr("{n} progress checks")),
        ):
            if count:
                parts.append(one if count == 1 else many.format(n=count))
        if goes.screening:
            parts.append(self.tr("the safety screening record"))
        listed = "\n".join(f"• {part}" for part in parts)
        return self.tr(
            "This deletes {names} and everything recorded with them:\n\n{listed}\n\n"
            "Couple Canvas cannot undo this or bring any of it back."
        ).format(names=names, listed=listed)

    def _backups_text(self) -> str:
        """When the backups made before now stop holding the couple, in plain words."""
        path = getattr(getattr(self._controller.repository, "database", None), "path", None)
        if path is None:
            return self.tr("This database is on a server: its backups are kept by the server's own rules, not by "
                           "Couple Canvas. Ask whoever runs it how long they keep them.")
        holding = backups_holding(backups.backups_folder(Path(path)), self.now())
        if holding.count == 0:
            return self.tr("No backup holds this couple: there are no backups of this database yet.")
        lines = []
        if holding.last_removed is not None:
            lines.append(self.tr(
                "Backups made before now still hold this couple until they are removed, the last on {date} if "
                "Couple Canvas is opened every day. It keeps the newest backup of each of the last {days} days it "
                "was opened and of each of the last {weeks} weeks; a day it is not opened removes nothing, so that "
                "date moves later."
            ).format(date=format_date(holding.last_removed), days=backups.DAILY_KEPT, weeks=backups.WEEKLY_KEPT))
        if holding.migration_copy:
            lines.append(self.tr(
                "One more backup, made before Couple Canvas last updated its database, holds this couple until the "
                "next update replaces it."))
        if not self._controller.share_mode:  # a folder can name the therapist; not for a shared screen
            lines.append(self.tr("The backups are the files in {folder}; you can delete them sooner by hand.").format(
                folder=backups.backups_folder(Path(path))))
        return "\n\n".join(lines)

    def _on_first_answer(self, answer: int, couple_id: int, names: str) -> None:
        if answer != QMessageBox.StandardButton.Yes:
            self.message.emit(self.tr("Nothing was deleted."))
            return
        dialog = TypeToDeleteDialog(self._parent, names)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.delete(couple_id, names))
        dialog.rejected.connect(lambda: self.message.emit(self.tr("Nothing was deleted.")))
        self.shown = dialog
        dialog.open()

    # -- deleting ------------------------------------------------------------------------------------------------------
    def delete(self, couple_id: int, names: str) -> bool:
        """Close the couple (if open) and delete it for good; False, after a message, if it could not be."""
        controller = self._controller
        backups_text = self._backups_text()
        if controller.couple is not None and controller.couple.id == couple_id:
            if controller.document is not None and not controller.save_open_session():
                # Its changes are about to be deleted anyway; what matters is that nothing writes after the rows go.
                log.info("the open session of couple %s was not saved before deleting the couple", couple_id)
            controller.close_session()
            controller.open_couple(None)
        try:
            controller.repository.delete_couple(couple_id)
        except StorageError as error:
            log.error("could not delete couple %s: %s", couple_id, type(error).__name__)
            self._tell(QMessageBox.Icon.Warning, self.tr("Couple not deleted"), self.tr(
                "{names} could not be deleted, and nothing of them was: {error}").format(names=names, error=error))
            self.couple_kept.emit(couple_id)
            return False
        self.couple_deleted.emit(couple_id)
        self.message.emit(self.tr("{names} were deleted.").format(names=names))
        self._tell(QMessageBox.Icon.Information, self.tr("Couple deleted"), self.tr(
            "{names} and everything recorded with them were deleted from this database.").format(names=names),
            backups_text)
        return True

    def _tell(self, icon: QMessageBox.Icon, title: str, text: str, details: str = "") -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._parent)
        box.setObjectName("delete_couple_message")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if details:
            box.setInformativeText(details)
        self.shown = box
        box.open()
