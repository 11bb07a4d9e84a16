"""The main window composes the panels, owns the actions, and opens one session's board at a time."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from typing import TYPE_CHECKING

from couplecanvas.domain.session import Session
from couplecanvas.storage.errors import StorageError
from couplecanvas.ui.couples_panel import CouplesPanel
from couplecanvas.ui.homework_panel import HomeworkPanel
from couplecanvas.ui.homework_shelf import HomeworkShelf
from couplecanvas.ui.notes_panel import PrivateNotesPanel
from couplecanvas.ui.pages import MessagePage
from couplecanvas.ui.story_mode import StoryMode
from couplecanvas.ui.welcome import WelcomePage

if TYPE_CHECKING:
    from couplecanvas.document import BoardDocument
    from couplecanvas.domain.couple import Couple
    from couplecanvas.domain.homework import HomeworkLibrary
    from couplecanvas.ui.board_page import BoardPage
    from couplecanvas.ui.couple_dialog import CoupleDialog
    from couplecanvas.ui.exports import Exports

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Couples on the left, the open session's board in the centre, homework (and private notes) on the right."""

    loaded = Signal()
    """The database is open and the couples are shown (or an error was shown)."""
    first_painted = Signal()
    """The window was painted for the first time."""

    def __init__(self, settings, open_repository: Callable[[], object], parent: QWidget | None = None, *,
                 templates_folder: Path | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._open_repository = open_repository
        self.repository = None
        self.library: HomeworkLibrary | None = None
        self.couple: Couple | None = None
        self.session: Session | None = None
        self.document: BoardDocument | None = None
        self._painted = False
        self.setWindowTitle("Couple Canvas")
        self.resize(1440, 900)
        self.undo_group = QUndoGroup(self)

        self.stack = QStackedWidget()
        self.loading_page = MessagePage(self.tr("Opening your practice…"))
        self.welcome_page = WelcomePage()
        self.no_session_page = MessagePage(self.tr("Choose a session on the left, or start a new one."), self.tr("New session"))
        self.error_page = MessagePage("")
        self._board_page: BoardPage | None = None  # built with the first board: the canvas is not needed to paint
        self.story = StoryMode(self)  # the couple's earlier boards, shown in this window (never a separate one)
        for page in (self.loading_page, self.welcome_page, self.no_session_page, self.error_page):
            self.stack.addWidget(page)
        self.setCentralWidget(self.stack)

        self.couples_panel = CouplesPanel()
        self.couples_dock = self._dock("couples", self.tr("Couples"), self.couples_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.homework_panel = HomeworkPanel()
        self.homework_dock = self._dock("homework", self.tr("Homework"), self.homework_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.homework = HomeworkShelf(self)  # the library in the therapist's words, its dialog, the couple's history
        self.notes_panel = PrivateNotesPanel()
        self.notes_dock = self._dock("private_notes", self.tr("Private notes"), self.notes_panel, Qt.DockWidgetArea.RightDockWidgetArea)

        self.tool_label = QLabel()
        self.zoom_label = QLabel()
        self.save_label = QLabel()
        self.save_label.setObjectName("save_state")
        for label in (self.tool_label, self.zoom_label, self.save_label):
            self.statusBar().addPermanentWidget(label)
        self._build_actions()
        self._connect()
        from couplecanvas.ui.template_shelf import TemplateShelf

        self.template_shelf = TemplateShelf(self, templates_folder or settings.folder / "templates", self._scene, self._view)
        if settings.window_geometry is None or not self.restoreGeometry(settings.window_geometry):
            self._default_geometry()
        if settings.window_state is not None:
            self.restoreState(settings.window_state)
        # Private notes never open by themselves: the screen may be shared from the first second.
        self.notes_dock.hide()
        self.stack.setCurrentWidget(self.loading_page)
        self._set_enabled_for_session()

    @functools.cached_property
    def exports(self) -> Exports:
        """The handout and board images; built on first use (its module is not needed for the first paint)."""
        from couplecanvas.ui.exports import Exports

        return Exports(self, self._scene)

    @property
    def board_page(self) -> BoardPage:
        """The page that shows a board (built on first use)."""
        if self._board_page is None:
            from couplecanvas.ui.board_page import BoardPage

            self._board_page = BoardPage()
            self.stack.addWidget(self._board_page)
            self.board_actions.attach_view(self._board_page.view)
            self._board_page.view.zoom_changed.connect(self._on_zoom_changed)
            self._board_page.story_requested.connect(self.story.show)
        return self._board_page

    def _view(self):
        return self._board_page.view if self._board_page is not None else None

    def _default_geometry(self) -> None:
        """First launch: a generous window, centred, leaving the edges of the screen free."""
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is None or screen.width() < 800:
            return
        width, height = min(1600, int(screen.width() * 0.9)), min(1000, int(screen.height() * 0.9))
        self.resize(width, height)
        self.move(screen.x() + (screen.width() - width) // 2, screen.y() + (screen.height() - height) // 2)

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{name}_dock")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(area, dock)
        return dock

    # -- actions -------------------------------------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, board_key: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            if board_key:
                # The board view handles these keys itself (so typing in a card is never hijacked);
                # the menu only shows them.
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        menu = self.menuBar()
        self.add_couple_action = self._action(self.tr("Add couple…"), self.add_couple, "Ctrl+Shift+N")
        self.new_session_action = self._action(self.tr("New session"), self.new_session, "Ctrl+N")
        self.export_action = self._action(
            self.tr("Export handout…"), lambda: self.exports.choose_and_export_handout(), "Ctrl+E"
        )
        self.practice_action = self._action(self.tr("Practice details…"), lambda: self.exports.edit_practice())
        quit_action = self._action(self.tr("Quit"), self.close, QKeySequence.StandardKey.Quit)
        file_menu = menu.addMenu(self.tr("&File"))
        for action in (self.add_couple_action, self.new_session_action, None, self.export_action, self.practice_action,
                       None, quit_action):
            file_menu.addSeparator() if action is None else file_menu.addAction(action)

        self.undo_action = self.undo_group.createUndoAction(self, self.tr("Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_group.createRedoAction(self, self.tr("Redo"))
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        for extra in ("Ctrl+Shift+Z", "Ctrl+Y"):
            if QKeySequence(extra) not in redo_keys:
                redo_keys.append(QKeySequence(extra))
        self.redo_action.setShortcuts(redo_keys)
        edit_menu = menu.addMenu(self.tr("&Edit"))
        edit_menu.addActions([self.undo_action, self.redo_action])

        from couplecanvas.canvas.tools import Tool
        from couplecanvas.ui.board_actions import BoardActions

        self.board_actions = BoardActions(self, self._view, self._scene)
        self.connect_action = self.board_actions.tool_actions[Tool.CONNECT]
        view_menu = QMenu(self.tr("&View"), menu)
        menu.addMenu(self.board_actions.fill_menus(menu, edit_menu, view_menu))
        menu.addMenu(view_menu)
        view_menu.addSeparator()
        view_menu.addAction(self.couples_dock.toggleViewAction())
        view_menu.addAction(self.homework_dock.toggleViewAction())
        notes_toggle = self.notes_dock.toggleViewAction()
        notes_toggle.setShortcut(QKeySequence("Ctrl+Shift+P"))
        view_menu.addAction(notes_toggle)
        self.notes_toggle_action = notes_toggle
        view_menu.addSeparator()
        self.story_action = self._action(self.tr("Story over time"), self.story.toggle, "Ctrl+Shift+Y")
        view_menu.addAction(self.story_action)

        menu.addMenu(self.homework.menu(menu))
        help_menu = menu.addMenu(self.tr("&Help"))
        self.shortcuts_action = self._action(self.tr("Keyboard shortcuts"), self.show_shortcuts, "F1")
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self._action(self.tr("About Couple Canvas"), self._about))
        self.board_actions.shortcuts_requested.connect(self.show_shortcuts)
        self.board_actions.export_image_requested.connect(lambda kind: self.exports.choose_and_export_image(kind))

        toolbar = self.addToolBar(self.tr("Board"))
        toolbar.setObjectName("board_toolbar")
        toolbar.setMovable(False)
        self.board_actions.fill_toolbar(toolbar)
        toolbar.addSeparator()
        # Short, fixed labels on the toolbar ("Undo Insert template: Our cycle" would push other buttons out of sight);
        # the menu entries keep the full text, and the tooltips say what would be undone.
        toolbar.addActions(
            [_toolbar_twin(self.undo_action, self.tr("Undo")), _toolbar_twin(self.redo_action, self.tr("Redo"))]
        )
        toolbar.addSeparator()
        toolbar.addAction(self.board_actions.fit)
        toolbar.addSeparator()
        toolbar.addAction(self.export_action)

    def _connect(self) -> None:
        self.couples_panel.couple_selected.connect(self._on_couple_selected)
        self.couples_panel.session_selected.connect(self._on_session_selected)
        self.couples_panel.add_couple_requested.connect(self.add_couple)
        self.couples_panel.edit_couple_requested.connect(self.edit_couple)
        self.couples_panel.new_session_requested.connect(self.new_session)
        self.welcome_page.sample_requested.connect(self.open_sample)
        self.welcome_page.add_couple_requested.connect(self.add_couple)
        self.no_session_page.action_requested.connect(self.new_session)
        self.homework_panel.error.connect(self._on_save_failed)
        self.notes_panel.save_failed.connect(self._on_save_failed)

    # -- start-up ------------------------------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        result = super().event(event)
        if not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            self.first_painted.emit()
        return result

    def load(self) -> None:
        """Open the database and show the couples. Called once the window has been painted, so start-up feels instant."""
        try:
            self.repository = self._open_repository()
        except StorageError as error:
            log.error("could not open the database: %s", error)
            self.error_page.set_text(self.tr("Couple Canvas could not open its database.\n\n{error}").format(error=error))
            self.stack.setCurrentWidget(self.error_page)
            self.couples_dock.setEnabled(False)
            self.add_couple_action.setEnabled(False)
            self.loaded.emit()
            box = QMessageBox(QMessageBox.Icon.Critical, self.tr("Database problem"), str(error),
                              QMessageBox.StandardButton.Ok, self)
            box.setObjectName("database_error")
            box.open()
            return
        self.library = self.homework.load_library()  # built-in exercises with the therapist's own words over them
        self.reload_couples(self.settings.last_couple_id)
        self.loaded.emit()

    def reload_couples(self, select_id: int | None = None) -> None:
        couples = self.repository.list_couples()
        if not couples:
            self.couples_panel.set_couples([], None)
            self.stack.setCurrentWidget(self.welcome_page)
            return
        if select_id not in {c.id for c in couples}:
            select_id = couples[0].id
        self.couples_panel.set_couples(couples, select_id)

    # -- selection -----------------------------------------------------------------------------------------------------
    def _on_couple_selected(self, couple_id: int | None) -> None:
        if self.document is not None and self._refuse_to_leave():
            self._reselect_open_session()
            return
        self.close_session()
        self.couple = self.repository.get_couple(couple_id) if couple_id is not None else None
        self.settings.last_couple_id = couple_id
        if self.couple is None:
            self.couples_panel.set_sessions([], None)
            return
        sessions = self.repository.list_sessions(couple_id)
        wanted = self.settings.last_session_id
        if wanted not in {s.id for s in sessions}:
            wanted = sessions[0].id if sessions else None
        self.couples_panel.set_sessions(sessions, wanted)

    def _on_session_selected(self, session_id: int | None) -> None:
        if self.session is not None and session_id == self.session.id:
            return
        if self.document is not None and self._refuse_to_leave():
            self._reselect_open_session()
            return
        self.close_session()
        if session_id is None:
            self.stack.setCurrentWidget(self.no_session_page if self.couple else self.welcome_page)
            self._set_enabled_for_session()
            return
        self.open_session(session_id)

    def open_session(self, session_id: int) -> None:
        """Show a session's board, homework and (hidden) notes."""
        self.session = self.repository.get_session(session_id)
        board = self.repository.load_board(session_id)
        from couplecanvas.document import BoardDocument
        from couplecanvas.domain.couple import PartnerRole

        self.document = BoardDocument(board, saver=self.repository, parent=self)
        self.document.saved.connect(self._on_saved)
        self.document.save_failed.connect(self._on_save_failed)
        self.undo_group.addStack(self.document.undo_stack)
        self.undo_group.setActiveStack(self.document.undo_stack)
        scene = self.board_page.show_board(self.document, self.couple, self.session)
        scene.tool_changed.connect(self.board_actions.on_tool_changed)
        scene.tool_changed.connect(self._on_tool_changed)
        self.board_actions.apply_ink(scene)
        scene.set_emotion_words(self.template_shelf.emotion_words)
        self.board_actions.on_tool_changed(scene.tool)
        self._on_tool_changed(scene.tool)
        self.board_actions.set_partner_names({role: self.couple.partner(role).shown_name(self.couple.use_aliases)
                                              for role in PartnerRole})
        self.stack.setCurrentWidget(self.board_page)
        self.homework_panel.set_session(self.repository, self.library, self.couple, session_id)
        self.notes_panel.set_session(self.repository, session_id)
        self.settings.last_session_id = session_id
        self.setWindowTitle(f"{self.couple.display_name()} · Couple Canvas")
        self.save_label.setText(self.tr("All changes saved"))
        self._set_enabled_for_session()
        self.board_page.view.setFocus()

    def save_open_session(self) -> bool:
        """Write every pending change of the open session; False if something could not be saved."""
        if self._scene() is not None:
            self._scene().finish_editing()
        ok = self.document.flush() if self.document is not None else True
        return self.notes_panel.save() and ok

    def _refuse_to_leave(self) -> bool:
        """True (after telling the therapist) when the open session cannot be left without losing changes."""
        if self.save_open_session():
            return False
        QMessageBox.warning(
            self, self.tr("Changes not saved"),
            self.tr("The changes to this session could not be saved yet, so it stays open. "
                    "The status bar says why; Couple Canvas keeps trying."),
        )
        return True

    def _reselect_open_session(self) -> None:
        for widget in (self.couples_panel.couples, self.couples_panel.sessions):
            widget.blockSignals(True)
        for widget, wanted in ((self.couples_panel.couples, self.couple), (self.couples_panel.sessions, self.session)):
            for row in range(widget.count()):
                if wanted is not None and widget.item(row).data(Qt.ItemDataRole.UserRole) == wanted.id:
                    widget.setCurrentRow(row)
        for widget in (self.couples_panel.couples, self.couples_panel.sessions):
            widget.blockSignals(False)

    def close_session(self) -> None:
        """Let the open session go (after save_open_session)."""
        if self.document is not None:
            self.undo_group.removeStack(self.document.undo_stack)
            self.board_page.clear()
            self.document.deleteLater()
            self.document = None
        self.notes_panel.set_session(None, None)
        self.homework_panel.set_session(None, self.library, None, None)
        self.story.forget()
        self.session = None
        self.setWindowTitle("Couple Canvas")
        self._set_enabled_for_session()

    def _set_enabled_for_session(self) -> None:
        has = self.document is not None
        self.export_action.setEnabled(has)
        self.board_actions.set_enabled(has)
        self.new_session_action.setEnabled(self.couple is not None)
        self.story_action.setEnabled(has)

    # -- couples and sessions ------------------------------------------------------------------------------------------
    def add_couple(self) -> CoupleDialog | None:
        from couplecanvas.ui.couple_dialog import CoupleDialog

        if self.repository is None:
            return None
        dialog = CoupleDialog(self)
        dialog.accepted.connect(lambda: self._store_new_couple(dialog.result_couple()))
        dialog.open()
        return dialog

    def _store_new_couple(self, couple: Couple) -> None:
        try:
            self.repository.add_couple(couple)
        except StorageError as error:
            self._on_save_failed(str(error))
            return
        self.settings.last_session_id = None
        self.reload_couples(couple.id)

    def edit_couple(self) -> CoupleDialog | None:
        from couplecanvas.ui.couple_dialog import CoupleDialog

        if self.couple is None:
            return None
        dialog = CoupleDialog(self, self.repository.get_couple(self.couple.id))
        dialog.accepted.connect(lambda: self._store_edited_couple(dialog.result_couple()))
        dialog.open()
        return dialog

    def _store_edited_couple(self, couple: Couple) -> None:
        try:
            self.repository.update_couple(couple)
        except StorageError as error:
            self._on_save_failed(str(error))
            return
        self.reload_couples(couple.id)

    def new_session(self):
        """Make today's session; asks first (and returns that StartFromDialog) when an earlier board could go on."""
        from couplecanvas.ui.new_session import start_new_session

        if self.couple is None or self.repository is None:
            return None
        if self.document is not None and self._refuse_to_leave():
            return None  # the open board's last changes must be on disk before it can be copied
        couple_id = self.couple.id
        return start_new_session(
            self, self.repository, couple_id,
            lambda session: self.couples_panel.set_sessions(self.repository.list_sessions(couple_id), session.id),
        )

    def open_sample(self) -> None:
        """Add the clearly labelled sample couple with a filled board and open it."""
        from couplecanvas.domain.sample import build_sample

        try:
            couple, session = self.repository.add_sample(build_sample())
        except StorageError as error:
            self._on_save_failed(str(error))
            return
        self.settings.last_session_id = session.id
        self.reload_couples(couple.id)

    # -- board --------------------------------------------------------------------------------------------------------
    def _scene(self):
        return self._board_page.scene if self._board_page is not None else None

    def _on_tool_changed(self, tool) -> None:
        self.tool_label.setText(self.tr("Tool: {name}").format(name=self.board_actions.tool_actions[tool].text()))

    def _on_zoom_changed(self, zoom: float) -> None:
        self.zoom_label.setText(f"{round(zoom * 100)} %")

    def show_shortcuts(self) -> None:
        from couplecanvas.ui.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self)
        dialog.setObjectName("shortcuts_dialog")
        dialog.open()

    def export_handout_to(self, path: Path) -> bool:
        """Write the open session's handout (never the private notes) to a PDF file."""
        return self.exports.export_handout_to(path)

    # -- save state ----------------------------------------------------------------------------------------------------
    def _on_saved(self) -> None:
        self.save_label.setStyleSheet("")
        self.save_label.setText(self.tr("Saved {time}").format(time=dt.datetime.now().strftime("%H:%M:%S")))

    def _on_save_failed(self, message: str) -> None:
        self.save_label.setStyleSheet("color: #a12a12; font-weight: bold;")
        self.save_label.setText(self.tr("Not saved yet"))
        self.statusBar().showMessage(message, 15000)

    def _about(self) -> None:
        from couplecanvas import __version__

        QMessageBox.about(
            self, self.tr("About Couple Canvas"),
            self.tr("Couple Canvas {version}\nA whiteboard and handout tool for couples therapists.\n"
                    "Your data stays on this computer.").format(version=__version__),
        )

    # -- closing -------------------------------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.save_open_session():
            answer = QMessageBox.warning(
                self, self.tr("Changes not saved"),
                self.tr("Some changes could not be saved. Quit anyway and lose them?"),
                QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Discard,
            )
            if answer != QMessageBox.StandardButton.Discard:
                event.ignore()
                return
        self.close_session()
        self.settings.window_geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.sync()
        if self.repository is not None:
            self.repository.database.dispose()
            self.repository = None
        super().closeEvent(event)


def _toolbar_twin(action: QAction, text: str) -> QAction:
    """A toolbar action with a short fixed label that triggers `action` and follows its enabled state and text."""
    twin = QAction(text, action.parent())
    twin.triggered.connect(action.trigger)

    def follow() -> None:
        twin.setEnabled(action.isEnabled())
        twin.setToolTip(action.text())

    action.changed.connect(follow)
    follow()
    return twin
