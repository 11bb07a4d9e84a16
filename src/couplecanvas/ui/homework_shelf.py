"""Homework in the window: the library as this therapist uses it, its dialog, the couple's history, the Homework menu."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget


if TYPE_CHECKING:
    from couplecanvas.domain.homework import HomeworkLibrary
    from couplecanvas.ui.homework_history import HomeworkHistoryDialog
    from couplecanvas.ui.homework_library import HomeworkLibraryDialog

log = logging.getLogger(__name__)


class HomeworkShelf(QObject):
    """Keeps `window.library` (built-in exercises with the therapist's words over them) and opens the homework dialogs."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._builtin: HomeworkLibrary | None = None
        panel = window.homework_panel
        self.assign_action = QAction(self.tr("&Assign homework…"), window)
        self.assign_action.triggered.connect(panel.open_assign_dialog)
        self.library_action = QAction(self.tr("Homework &library…"), window)
        self.library_action.triggered.connect(lambda: self.open_library())
        self.history_action = QAction(self.tr("Homework &history of this couple…"), window)
        self.history_action.triggered.connect(self.open_history)
        panel.library_requested.connect(lambda: self.open_library())
        panel.history_requested.connect(self.open_history)

    def menu(self, parent: QWidget) -> QMenu:
        """The Homework menu (its entries follow what is open each time it shows)."""
        menu = QMenu(self.tr("Home&work"), parent)
        menu.addActions([self.assign_action, self.library_action, self.history_action])
        menu.aboutToShow.connect(self.update_actions)
        self.update_actions()
        return menu

    def update_actions(self) -> None:
        window = self.window
        self.assign_action.setEnabled(window.homework_panel.assign_button.isEnabled())
        self.library_action.setEnabled(window.repository is not None)
        self.history_action.setEnabled(window.repository is not None and window.couple is not None)

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
        from couplecanvas.ui.homework_library import therapist_library  # after the first paint, with the data

        self.window.library = therapist_library(self.builtin, self.window.repository)
        self.window.homework_panel.set_library_enabled(True)
        self.update_actions()
        return self.window.library

    def _on_library_changed(self, library: HomeworkLibrary) -> None:
        self.window.library = library
        self.window.homework_panel.set_library(library)

    def open_library(self, select_key: str | None = None) -> HomeworkLibraryDialog | None:
        """The homework library dialog: browse, edit the words, add and delete exercises of your own."""
        from couplecanvas.ui.homework_library import HomeworkLibraryDialog

        if self.window.repository is None:
            return None
        dialog = HomeworkLibraryDialog(self.window.repository, self.builtin, self.window, select_key)
        dialog.library_changed.connect(self._on_library_changed)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def open_history(self) -> HomeworkHistoryDialog | None:
        """The open couple's homework over time, with how each piece went."""
        from couplecanvas.ui.homework_history import HomeworkHistoryDialog

        window = self.window
        if window.repository is None or window.couple is None:
            return None
        window.homework_panel.save_reviews()  # a note still being typed belongs in the history
        history = window.repository.homework_history(window.couple.id)
        dialog = HomeworkHistoryDialog(window.couple, history, window.library, window)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog
