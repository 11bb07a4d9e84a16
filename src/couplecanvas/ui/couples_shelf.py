"""The couples and their sessions, as the left panel lists and chooses them: only the open couple (by its aliases, no
session titles) in share mode; adding, renaming, the sample couple and new sessions. What is open changes only
through the session controller; the window shows what the controller then says."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from couplecanvas.storage.errors import StorageError
from couplecanvas.ui.couples_panel import CouplesPanel
from couplecanvas.ui.session_controller import SessionController

if TYPE_CHECKING:
    from couplecanvas.domain.couple import Couple
    from couplecanvas.ui.couple_dialog import CoupleDialog


class CouplesShelf(QObject):
    """Keeps the couples panel in step with the controller and does what its buttons ask."""

    empty_page_requested = Signal(str)
    """Nothing to show in the centre: "welcome" (no couple yet) or "no_session" (a couple, no session open)."""
    leaving_couple = Signal()
    """Another couple is about to open: the window hides what belonged to the one leaving (before it opens)."""
    couple_opened = Signal()
    """Another couple is open (its sessions are listed)."""
    save_failed = Signal(str)
    """A couple or session could not be written; the message says why."""

    def __init__(self, controller: SessionController, panel: CouplesPanel, parent: QWidget, settings,
                 ask_before_showing: Callable[[str], bool]) -> None:
        super().__init__(parent)
        self._controller = controller
        self._panel = panel
        self._parent = parent  # dialogs open over the therapist's window
        self._settings = settings
        self._ask = ask_before_showing
        panel.couple_selected.connect(self._on_couple_selected)
        panel.session_selected.connect(self._on_session_selected)
        panel.add_couple_requested.connect(self.add_couple)
        panel.edit_couple_requested.connect(self.edit_couple)
        panel.new_session_requested.connect(self.new_session)

    # -- listing -------------------------------------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        """List the couples (only the open one in share mode, by its aliases) and select one."""
        controller = self._controller
        try:
            couples = controller.list_couples()
        except StorageError:
            return
        if not couples:
            self._panel.set_couples([], None)
            self.empty_page_requested.emit("welcome")
            return
        if select_id not in {c.id for c in couples}:
            select_id = couples[0].id
        if controller.share_mode:
            couples = [controller.shown_couple()]
        self._panel.set_couples(couples, select_id)

    def list_sessions(self, select_id: int | None) -> None:
        """List the open couple's sessions again (titles hidden in share mode) and select one."""
        try:
            sessions = self._controller.list_sessions()
        except StorageError:
            sessions = []
        self._panel.set_sessions(sessions, select_id, self._controller.session_label)

    def switch_to(self, couple_id: int) -> None:
        """Open another couple chosen elsewhere (share mode lists only the open one) and list it."""
        self._on_couple_selected(couple_id)
        self.reload(couple_id)

    # -- choosing ------------------------------------------------------------------------------------------------------
    def _on_couple_selected(self, couple_id: int | None) -> None:
        controller = self._controller
        if controller.couple is not None and couple_id == controller.couple.id and controller.session is not None:
            return
        if controller.document is not None and self._refuse_to_leave():
            self._reselect_open_session()
            return
        self.leaving_couple.emit()
        try:
            controller.open_couple(couple_id)
        except StorageError:
            return
        self._settings.last_couple_id = couple_id
        if controller.couple is None:
            self._panel.set_sessions([], None)
            return
        wanted = self._settings.last_session_id
        try:
            sessions = controller.list_sessions()
        except StorageError:
            return
        if wanted not in {s.id for s in sessions}:
            wanted = sessions[0].id if sessions else None
        self._panel.set_sessions(sessions, wanted, controller.session_label)
        self.couple_opened.emit()

    def _on_session_selected(self, session_id: int | None) -> None:
        controller = self._controller
        if controller.session is not None and session_id == controller.session.id:
            return
        if controller.document is not None and self._refuse_to_leave():
            self._reselect_open_session()
            return
        if session_id is None:
            controller.close_session()
            self.empty_page_requested.emit("no_session" if controller.couple else "welcome")
            return
        if not controller.open_session(session_id):
            self._reselect_open_session()  # the list goes back to what is still open (the message says why)
            if controller.session is None:
                self.empty_page_requested.emit("no_session")

    def _refuse_to_leave(self) -> bool:
        """True (after telling the therapist) when the open session cannot be left without losing changes."""
        if self._controller.save_open_session():
            return False
        QMessageBox.warning(
            self._parent, self.tr("Changes not saved"),
            self.tr("The changes to this session could not be saved yet, so it stays open. "
                    "The status bar says why; Couple Canvas keeps trying."),
        )
        return True

    def _reselect_open_session(self) -> None:
        controller, panel = self._controller, self._panel
        for widget in (panel.couples, panel.sessions):
            widget.blockSignals(True)
        for widget, wanted in ((panel.couples, controller.couple), (panel.sessions, controller.session)):
            for row in range(widget.count()):
                if wanted is not None and widget.item(row).data(Qt.ItemDataRole.UserRole) == wanted.id:
                    widget.setCurrentRow(row)
        for widget in (panel.couples, panel.sessions):
            widget.blockSignals(False)

    # -- adding and renaming -------------------------------------------------------------------------------------------
    def add_couple(self) -> CoupleDialog | None:
        """Ask for a new couple's names (asked first in share mode: they would show)."""
        from couplecanvas.ui.couple_dialog import CoupleDialog

        if self._controller.repository is None or not self._ask(
                self.tr("Adding a couple shows the new couple's names on the screen.")):
            return None
        dialog = CoupleDialog(self._parent)
        dialog.accepted.connect(lambda: self._store_new_couple(dialog.result_couple()))
        dialog.open()
        return dialog

    def _store_new_couple(self, couple: Couple) -> None:
        try:
            self._controller.repository.add_couple(couple)
        except StorageError as error:
            self.save_failed.emit(str(error))
            return
        self._settings.last_session_id = None
        if self._controller.share_mode:
            self.switch_to(couple.id)  # share mode lists only the open couple: the new one, from now on
        else:
            self.reload(couple.id)

    def edit_couple(self) -> CoupleDialog | None:
        """Rename the open couple (asked first in share mode: the dialog shows first names)."""
        from couplecanvas.ui.couple_dialog import CoupleDialog

        controller = self._controller
        if controller.couple is None or not self._ask(
                self.tr("Renaming shows the partners' first names on the screen.")):
            return None
        try:
            couple = controller.read(lambda r: r.get_couple(controller.couple.id))
        except StorageError:
            return None
        dialog = CoupleDialog(self._parent, couple)
        dialog.accepted.connect(lambda: self._store_edited_couple(dialog.result_couple(), couple.id))
        dialog.open()
        return dialog

    def _store_edited_couple(self, couple: Couple, couple_id: int) -> None:
        couple.id = couple_id
        try:
            self._controller.repository.update_couple(couple)
            self._controller.reload_couple()
        except StorageError as error:
            self.save_failed.emit(str(error))
            return
        self.reload(couple.id)

    def new_session(self):
        """Make today's session; asks first (and returns that StartFromDialog) when an earlier board could go on."""
        from couplecanvas.ui.new_session import start_new_session

        controller = self._controller
        if controller.couple is None or controller.repository is None:
            return None
        if controller.document is not None and self._refuse_to_leave():
            return None  # the open board's last changes must be on disk before it can be copied
        return start_new_session(self._parent, controller.repository, controller.couple.id,
                                 lambda session: self.list_sessions(session.id))

    def open_sample(self) -> None:
        """Add the clearly labelled sample couple with a filled board and open it."""
        from couplecanvas.domain.sample import build_sample

        try:
            couple, session = self._controller.repository.add_sample(build_sample())
        except StorageError as error:
            self.save_failed.emit(str(error))
            return
        self._settings.last_session_id = session.id
        self.reload(couple.id)
