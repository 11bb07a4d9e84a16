"""Homework in the window: the library as this therapist uses it, its dialog, the couple's history, the Homework
menu."""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from couplecanvas.storage.errors import StorageError
from couplecanvas.ui.session_controller import SessionController

if TYPE_CHECKING:
    from couplecanvas.domain.homework import HomeworkLibrary
    from couplecanvas.ui.homework_history import HomeworkHistoryDialog
    from couplecanvas.ui.homework_library import HomeworkLibraryDialog
    from couplecanvas.ui.homework_panel import HomeworkPanel

log = logging.getLogger(__name__)


class HomeworkShelf(QObject):
    """Keeps the controller's homework library (built-in exercises with the therapist's words over them) and opens the
    homework dialogs over `parent`, the therapist's window."""

    def __init__(self, controller: SessionController, panel: HomeworkPanel, parent: QWidget) -> None:
        super().__init__(parent)
        self._controller = controller
        self._panel = panel
        self._parent = parent
        self._builtin: HomeworkLibrary | None = None
        self.assign_action = QAction(self.tr("&Assign homework…"), parent)
        self.assign_action.triggered.connect(panel.open_assign_dialog)
        self.library_action = QAction(self.tr("Homework &library…"), parent)
        self.library_action.triggered.connect(lambda: self.open_library())
        self.history_action = QAction(self.tr("Homework &history of this couple…"), parent)
        self.history_action.triggered.connect(self.open_history)
        panel.library_requested.connect(lambda: self.open_library())
        panel.history_requested.connect(self.open_history)
        controller.library_changed.connect(lambda: panel.set_library(controller.library))
        controller.couple_opened.connect(self.update_actions)
        controller.share_mode_changed.connect(lambda _on: self.update_actions())

    def menu(self, parent: QWidget) -> QMenu:
        """The Homework menu (its entries follow what is open each time it shows)."""
        menu = QMenu(self.tr("Home&work"), parent)
        menu.addActions([self.assign_action, self.library_action, self.history_action])
        menu.aboutToShow.connect(self.update_actions)
        self.update_actions()
        return menu

    def update_actions(self) -> None:
        controller = self._controller
        self.assign_action.setEnabled(self._panel.assign_button.isEnabled())
        self.library_action.setEnabled(controller.repository is not None)
        # The homework history is the therapist's process information: never on a shared screen.
        self.history_action.setEnabled(controller.repository is not None and controller.couple is not None
                                       and not controller.share_mode)

    @property
    def builtin(self) -> HomeworkLibrary:
        """The library that ships with the app (read once)."""
        if self._builtin is None:
            from couplecanvas.domain.homework import load_builtin_library

            self._builtin = load_builtin_library()
            for problem in self._builtin.problems:
                log.warning("homework library: %s", problem)
        return self._builtin

    def load_library(self) -> HomeworkLibrary:
        """The library as this therapist uses it: built-in exercises with their edits, and their own exercises."""
        from couplecanvas.domain.spelling import library_in_spelling, spelling_of
        from couplecanvas.ui.homework_library import therapist_library  # after the first paint, with the data

        library = self._controller.read(lambda r: therapist_library(self.builtin, r))
        spelling = spelling_of(self._controller.read(lambda r: r.get_practice()))
        self._controller.set_library(library_in_spelling(library, spelling))  # as the handout spells it
        self._panel.set_library_enabled(True)
        self.update_actions()
        return self._controller.library

    def reload_library(self) -> None:
        """Read the library again (after an edit, or a new spelling); a failure is said by the controller."""
        with contextlib.suppress(StorageError):
            self.load_library()

    def open_library(self, select_key: str | None = None) -> HomeworkLibraryDialog | None:
        """The homework library dialog: browse, edit the words, add and delete exercises of your own."""
        from couplecanvas.ui.homework_library import HomeworkLibraryDialog

        if self._controller.repository is None:
            return None
        dialog = HomeworkLibraryDialog(self._controller.repository, self.builtin, self._parent, select_key)
        dialog.library_changed.connect(lambda _library: self.reload_library())
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def open_history(self) -> HomeworkHistoryDialog | None:
        """The open couple's homework over time, with how each piece went."""
        from couplecanvas.ui.homework_history import HomeworkHistoryDialog

        controller = self._controller
        if controller.repository is None or controller.couple is None or controller.share_mode:
            return None
        self._panel.save_reviews()  # a note still being typed belongs in the history
        couple_id = controller.couple.id
        try:
            history = controller.read(lambda r: r.homework_history(couple_id))
        except StorageError:
            return None
        dialog = HomeworkHistoryDialog(controller.couple, history, controller.library, self._parent)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog
