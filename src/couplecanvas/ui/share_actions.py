"""Sharing the screen, from the therapist's window: the share window (F5), share mode (F6), the blank key, following
the therapist's view, and the questions asked before a shared screen would show other clients or folders."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from couplecanvas.canvas.keys import binding
from couplecanvas.storage.errors import StorageError
from couplecanvas.ui.session_controller import SessionController

if TYPE_CHECKING:
    from couplecanvas.canvas import BoardView
    from couplecanvas.ui.appearance import Appearance
    from couplecanvas.ui.share_window import ShareWindow

log = logging.getLogger(__name__)


class ShareActions(QObject):
    """The sharing actions and the share window's life; `window` is the therapist's window (dialogs' parent)."""

    couple_chosen = Signal(int)
    """The therapist chose another couple to open (from the list asked for in share mode)."""
    share_window_shown = Signal(bool)
    """The share window was made (True; it is shown right after) or closed."""

    def __init__(self, controller: SessionController, window: QWidget, settings, view: Callable,
                 appearance: Appearance) -> None:
        super().__init__(window)
        self._appearance = appearance
        self._controller = controller
        self._window_parent = window
        self._settings = settings
        self._main_view = view
        self.share_window: ShareWindow | None = None
        self._attach_view: Callable[[BoardView], None] | None = None
        self._undo_actions: list[QAction] = []

        self.window_action = self._action(self.tr("Share window"), "share_window", self.toggle_window, checkable=True)
        self.window_action.setToolTip(self.tr("Open a window that shows only the board, to share on a video call (F5)"))
        self.mode_action = self._action(self.tr("Share mode"), "share_mode", controller.set_share_mode, checkable=True)
        self.mode_action.setToolTip(self.tr("Sharing the whole screen: only this couple, under their aliases, "
                                            "no private notes (F6)"))
        self.blank_action = self._action(self.tr("Blank the shared screen"), "blank", controller.set_blanked,
                                         checkable=True)
        self.blank_action.setIconText(self.tr("Blank"))
        self.blank_action.setToolTip(self.tr("Blank the shared screen at once; the same key brings it back "
                                             "(Ctrl+Shift+B, or B in the share window)"))
        self.follow_action = self._action(self.tr("Share window follows my view"), None, self._set_follows,
                                          checkable=True)
        self.follow_action.setChecked(settings.share_follows)
        for action in (self.window_action, self.mode_action, self.blank_action):
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)  # from either window
        controller.share_mode_changed.connect(self._on_share_mode_changed)
        controller.blank_changed.connect(self.blank_action.setChecked)
        appearance.large_text_changed.connect(lambda _on: self._apply_legibility())

    def _action(self, text: str, key_id: str | None, slot, checkable: bool = False) -> QAction:
        """An action whose keys come from the one table of key bindings (canvas.keys)."""
        action = QAction(text, self)
        action.setCheckable(checkable)
        if key_id:
            action.setShortcuts([QKeySequence(key) for key in binding(key_id).sequences])
        action.triggered.connect(slot)
        return action

    def fill_menu(self, menu: QMenu) -> None:
        menu.addActions([self.window_action, self.mode_action, self.blank_action, self.follow_action])

    def fill_toolbar(self, toolbar: QToolBar) -> None:
        toolbar.addActions([self.window_action, self.blank_action])

    def update_actions(self) -> None:
        self.follow_action.setEnabled(self.share_window is not None)

    def set_window_actions(self, attach_view: Callable, undo_actions: list[QAction]) -> None:
        """What the share window's board also needs: the board's view actions, and undo and redo."""
        self._attach_view = attach_view
        self._undo_actions = undo_actions

    # -- the share window ----------------------------------------------------------------------------------------------
    def toggle_window(self, on: bool | None = None) -> None:
        on = self.share_window is None if on is None else on
        self.open_window() if on else self.close_window()

    def open_window(self) -> ShareWindow:
        """Open the share window (or bring it to the front)."""
        from couplecanvas.ui.share_window import ShareWindow

        if self.share_window is None:
            window = ShareWindow(self._controller, self._settings)
            window.closed.connect(self._on_window_closed)
            window.resized.connect(self._follow_main)
            window.view.connector_label_requested.connect(self._edit_connector_label)
            window.place(self._window_parent)
            if self._attach_view is not None:
                self._attach_view(window.view)
            # No context menu on the shared board: its entries name the partners ("Belongs to ...") as typed.
            window.view.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
            window.addActions([*self._undo_actions, self.window_action, self.mode_action, self.blank_action])
            self.share_window = window
            self._apply_legibility()
            main_view = self._main_view()
            if main_view is not None:
                self._follow(main_view)
            self.share_window_shown.emit(True)
        self.share_window.show()
        self.share_window.raise_()
        self.window_action.setChecked(True)
        self.update_actions()
        return self.share_window

    def close_window(self) -> None:
        if self.share_window is not None:
            self.share_window.close()

    def _on_window_closed(self) -> None:
        window, self.share_window = self.share_window, None
        self.window_action.setChecked(False)
        self.update_actions()
        if window is not None:
            window.deleteLater()
        self.share_window_shown.emit(False)

    def _apply_legibility(self) -> None:
        """Large text: card words in the share window never smaller than the preset's size, whatever the zoom."""
        if self.share_window is not None:
            large = self._appearance.large_text()
            self.share_window.set_min_text_px(self._appearance.min_shared_text_px() if large else 0)
            main_view = self._main_view()
            if main_view is not None:
                self._follow(main_view)  # back to the therapist's own zoom where the minimum allows it

    def focused_view(self):
        """The share window's board view while the therapist works in it (it has the focus), else None."""
        window = self.share_window
        if window is not None and window.isActiveWindow():
            return window.view
        return None

    def main_view_ready(self, view: BoardView) -> None:
        """The main window's board view exists: the share window follows its zoom and pan."""
        view.zoom_changed.connect(lambda _zoom: self._follow(view))
        view.horizontalScrollBar().valueChanged.connect(lambda _value: self._follow(view))
        view.verticalScrollBar().valueChanged.connect(lambda _value: self._follow(view))

    def _follow(self, view: BoardView) -> None:
        if self.share_window is not None and view.scene() is not None:
            self.share_window.follow(view.mapToScene(view.viewport().rect()).boundingRect())

    def _edit_connector_label(self, connector_id: str) -> None:
        view = self._main_view()
        if view is not None:
            view.edit_connector_label(connector_id)  # its dialog shows the words as typed: the therapist's window only

    def _follow_main(self) -> None:
        view = self._main_view()
        if view is not None:
            self._follow(view)

    def _set_follows(self, on: bool) -> None:
        if self.share_window is not None:
            self.share_window.set_follows(on)
        else:
            self._settings.share_follows = on

    # -- share mode ----------------------------------------------------------------------------------------------------
    def _on_share_mode_changed(self, on: bool) -> None:
        self.mode_action.setChecked(on)
        if on:
            for dialog in self._window_parent.findChildren(QDialog):
                if dialog.isVisible() and dialog.objectName() in PRIVATE_DIALOGS:
                    dialog.reject()  # a list of this couple's homework, or any other client, leaves the screen

    def ask_before_showing(self, what: str) -> bool:
        """In share mode, ask before a dialog shows other clients, names or folders; True to go on."""
        if not self._controller.share_mode:
            return True
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Share mode is on"),
                          self.tr("{what} Others can see your screen.\n\nShow it anyway?").format(what=what),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self._window_parent)
        box.setObjectName("share_mode_question")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def choose_couple(self) -> QDialog | None:
        """Open another couple from a list (asked first in share mode: the list names every client)."""
        controller = self._controller
        if controller.repository is None or not self.ask_before_showing(
                self.tr("The list of couples names all your clients.")):
            return None
        try:
            couples = controller.read(lambda r: r.list_couples())
        except StorageError:
            return None
        dialog = QDialog(self._window_parent)
        dialog.setObjectName("choose_couple_dialog")
        dialog.setWindowTitle(self.tr("Open another couple"))
        layout = QVBoxLayout(dialog)
        layout.addWidget(QLabel(self.tr("Which couple?")))
        listing = QListWidget()
        listing.setObjectName("choose_couple_list")
        for couple in couples:
            item = QListWidgetItem(couple.display_name())
            item.setData(Qt.ItemDataRole.UserRole, couple.id)
            listing.addItem(item)
            if controller.couple is not None and couple.id == controller.couple.id:
                listing.setCurrentItem(item)
        layout.addWidget(listing)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        listing.itemActivated.connect(lambda _item: dialog.accept())
        layout.addWidget(buttons)

        def chosen() -> None:
            item = listing.currentItem()
            if item is not None:
                self.couple_chosen.emit(item.data(Qt.ItemDataRole.UserRole))

        dialog.accepted.connect(chosen)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog


PRIVATE_DIALOGS = {"homework_history_dialog", "choose_couple_dialog"}
"""Dialogs closed when share mode starts: they show what only the therapist may see."""
