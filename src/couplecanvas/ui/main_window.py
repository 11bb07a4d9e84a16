"""The therapist's window: it composes the panels and the actions, and shows what the session controller has open.

The window holds no session state of its own: the open couple, session, board and share mode live in the
`SessionController` (`self.controller`), which this window, the share window and every shelf observe.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMenu, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from couplecanvas.storage.errors import StorageError
from couplecanvas.ui.activity_log import ActivityLogAction
from couplecanvas.ui.activity_recorder import ActivityRecorder
from couplecanvas.ui.appearance import Appearance
from couplecanvas.ui.backup_actions import BackupActions
from couplecanvas.ui.couple_file_actions import CoupleFileActions
from couplecanvas.ui.couples_panel import CouplesPanel
from couplecanvas.ui.couples_shelf import CouplesShelf
from couplecanvas.ui.delete_couple import DeleteCoupleAction
from couplecanvas.ui.homework_panel import HomeworkPanel
from couplecanvas.ui.homework_shelf import HomeworkShelf
from couplecanvas.ui.idle_lock import IdleLock, LockActions
from couplecanvas.ui.lock_screen import WindowLock
from couplecanvas.ui.notes_panel import PrivateNotesPanel
from couplecanvas.ui.pages import MessagePage, NeutralPage
from couplecanvas.ui.passphrase_actions import PassphraseActions
from couplecanvas.ui.session_controller import Page, SessionController
from couplecanvas.ui.share_actions import ShareActions
from couplecanvas.ui.story_mode import StoryMode
from couplecanvas.ui.welcome import WelcomePage

if TYPE_CHECKING:
    from couplecanvas.ui.board_page import BoardPage
    from couplecanvas.ui.exports import Exports

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Couples on the left, the open session's board in the centre, homework (and private notes) on the right."""

    loaded = Signal()
    """The database is open and the couples are shown (or an error was shown)."""
    first_painted = Signal()
    """The window was painted for the first time."""

    def __init__(self, settings, open_repository: Callable[[], object], parent: QWidget | None = None, *,
                 templates_folder: Path | None = None, appearance: Appearance | None = None) -> None:
        super().__init__(parent)
        self._painted = False  # before any child: adding one sends this window an event
        self.settings = settings
        self.controller = SessionController(open_repository, self)
        self.appearance = appearance or Appearance(settings, parent=self)  # the theme and large text
        self.setWindowTitle("Couple Canvas")
        self.resize(1440, 900)
        self.undo_group = QUndoGroup(self)

        self.stack = QStackedWidget()
        self.loading_page = MessagePage(self.tr("Opening your practice…"))
        self.welcome_page = WelcomePage()
        self.no_session_page = MessagePage(
            self.tr("Choose a session on the left, or start a new one."), self.tr("New session")
        )
        self.error_page = MessagePage("")
        self.neutral_page = NeutralPage()  # blank, or between two couples in share mode
        self._board_page: BoardPage | None = None  # built with the first board: the canvas is not needed to paint
        for page in (self.loading_page, self.welcome_page, self.no_session_page, self.error_page, self.neutral_page):
            self.stack.addWidget(page)
        self.share_banner = QLabel()
        self.share_banner.setObjectName("share_banner")
        self.share_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.share_banner.setStyleSheet("background: #8a3b12; color: white; font-weight: bold; padding: 6px;")
        self.share_banner.hide()
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.share_banner)
        central_layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.story = StoryMode(self.controller, self.stack)  # the couple's earlier boards, shown in this window

        self.couples_panel = CouplesPanel()
        self.couples_dock = self._dock(
            "couples", self.tr("Couples"), self.couples_panel, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.homework_panel = HomeworkPanel()
        self.homework_dock = self._dock(
            "homework", self.tr("Homework"), self.homework_panel, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.homework = HomeworkShelf(self.controller, self.homework_panel, self)
        self.notes_panel = PrivateNotesPanel()
        self.notes_dock = self._dock(
            "private_notes", self.tr("Private notes"), self.notes_panel, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.controller.add_saver(self.notes_panel.save)

        self.tool_label = QLabel()
        self.zoom_label = QLabel()
        self.save_label = QLabel()
        self.save_label.setObjectName("save_state")
        for label in (self.tool_label, self.zoom_label, self.save_label):
            self.statusBar().addPermanentWidget(label)
        self.share = ShareActions(self.controller, self, settings, self._main_view, self.appearance)
        self.activity_recorder = ActivityRecorder(self.controller, self.share, self)  # opens and share sessions
        self.couples = CouplesShelf(self.controller, self.couples_panel, self, settings, self.share.ask_before_showing)
        self.idle_lock = IdleLock(self.controller, settings, self)  # locks when idle; holds input back while locked
        self.lock_actions = LockActions(self.controller, self.idle_lock, self)
        self._build_actions()
        self._connect()
        self.window_lock = WindowLock(self.controller, self, self.idle_lock.allow_input)
        from couplecanvas.ui.template_shelf import TemplateShelf

        self.template_shelf = TemplateShelf(self.controller, self.board_actions, self,
                                            templates_folder or settings.folder / "templates", self._view)
        self.template_shelf.message.connect(self.say)
        if settings.window_geometry is None or not self.restoreGeometry(settings.window_geometry):
            self._default_geometry()
        if settings.window_state is not None:
            self.restoreState(settings.window_state)
        # Private notes never open by themselves: the screen may be shared from the first second.
        self.notes_dock.hide()
        self.stack.setCurrentWidget(self.loading_page)
        self._set_enabled_for_session()

    # -- the parts -----------------------------------------------------------------------------------------------------
    @property
    def repository(self):
        """The open database (the controller's), or None."""
        return self.controller.repository

    @functools.cached_property
    def exports(self) -> Exports:
        """The handout and board images; built on first use (its module is not needed for the first paint)."""
        from couplecanvas.ui.exports import Exports

        exports = Exports(self.controller, self.stack, self)
        exports.message.connect(self.say)
        exports.practice_saved.connect(self.homework.reload_library)  # the homework's words follow the spelling
        exports.ask_before_showing = self.share.ask_before_showing  # file dialogs show folders: asked in share mode
        return exports

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
            self.share.main_view_ready(self._board_page.view)
        return self._board_page

    def _view(self):
        """The board view the therapist is working in: the share window's while it has the focus, else this one's."""
        shared = self.share.focused_view()
        return shared if shared is not None else self._main_view()

    def _main_view(self):
        """This window's board view (once built), whichever window has the focus."""
        return self._board_page.view if self._board_page is not None else None

    def _scene(self):
        return self.controller.scene

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
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self.addDockWidget(area, dock)
        return dock

    # -- actions -------------------------------------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        menu = self.menuBar()
        self.add_couple_action = self._action(self.tr("Add couple…"), self.couples.add_couple, "Ctrl+Shift+N")
        self.other_couple_action = self._action(self.tr("Open another couple…"), self.share.choose_couple)
        self.new_session_action = self._action(self.tr("New session"), self.couples.new_session, "Ctrl+N")
        self.export_action = self._action(
            self.tr("Export handout…"), lambda: self.exports.choose_and_export_handout(), "Ctrl+E"
        )
        self.practice_action = self._action(self.tr("Practice details…"), lambda: self.exports.edit_practice())
        quit_action = self._action(self.tr("Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.backups = BackupActions(self.controller, self, reload=lambda: self.couples.reload(None))
        self.couple_files = CoupleFileActions(self.controller, self)
        self.couple_files.ask_before_showing = self.share.ask_before_showing
        self.couple_files.couple_imported.connect(self.couples.switch_to)
        self.couple_files.message.connect(self.say)
        self.delete_couple = DeleteCoupleAction(self.controller, self)
        self.delete_couple.couple_deleted.connect(lambda _id: self.couples.reload(None))
        self.delete_couple.couple_kept.connect(self.couples.switch_to)
        self.delete_couple.message.connect(self.say)
        self.passphrase = PassphraseActions(self.controller, self, reload=self.couples.reload)
        file_menu = menu.addMenu(self.tr("&File"))
        for action in (self.add_couple_action, self.other_couple_action, self.new_session_action, None,
                       self.export_action, self.practice_action, None, *self.couple_files.actions,
                       self.delete_couple.action, None, self.backups.restore_action, None, *self.passphrase.actions,
                       None, self.lock_actions.lock_action, quit_action):
            file_menu.addSeparator() if action is None else file_menu.addAction(action)
        file_menu.insertMenu(quit_action, self.lock_actions.menu(file_menu)).setObjectName("lock_after")
        file_menu.insertSeparator(quit_action)

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
        view_menu.addSeparator()
        self.share.fill_menu(view_menu)
        view_menu.addSeparator()
        view_menu.addMenu(self.appearance.menu(view_menu))

        homework_menu = self.homework.menu(menu)
        self.screening_action = self._action(self.tr("Safety &screening…"), self.open_screening)
        self.screening_action.setEnabled(False)
        self.controller.couple_opened.connect(
            lambda: self.screening_action.setEnabled(self.controller.couple is not None))
        homework_menu.addSeparator()
        homework_menu.addAction(self.screening_action)
        menu.addMenu(homework_menu)
        help_menu = menu.addMenu(self.tr("&Help"))
        self.shortcuts_action = self._action(self.tr("Keyboard shortcuts"), self.show_shortcuts, "F1")
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.backups.check_action)
        self.activity_log = ActivityLogAction(self.controller, self)
        self.activity_log.ask_before_showing = self.share.ask_before_showing
        help_menu.addAction(self.activity_log.action)
        help_menu.addAction(self._action(self.tr("About Couple Canvas"), self._about))
        self.board_actions.shortcuts_requested.connect(self.show_shortcuts)
        self.board_actions.export_image_requested.connect(lambda kind: self.exports.choose_and_export_image(kind))
        self.board_actions.message.connect(self.say)

        toolbar = self.addToolBar(self.tr("Board"))
        toolbar.setObjectName("board_toolbar")
        toolbar.setMovable(False)
        self.board_toolbar = toolbar
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
        toolbar.addSeparator()
        self.share.fill_toolbar(toolbar)
        self.share.set_window_actions(self.board_actions.attach_view, [self.undo_action, self.redo_action])

    def _connect(self) -> None:
        controller = self.controller
        self.couples.empty_page_requested.connect(self._show_empty)
        self.couples.leaving_couple.connect(self._on_leaving_couple)
        self.couples.couple_opened.connect(self._set_enabled_for_session)
        self.couples.save_failed.connect(self._on_save_failed)
        self.welcome_page.sample_requested.connect(self.couples.open_sample)
        self.welcome_page.add_couple_requested.connect(self.couples.add_couple)
        self.no_session_page.action_requested.connect(self.couples.new_session)
        self.homework_panel.error.connect(self._on_save_failed)
        self.homework_panel.changed.connect(controller.homework_changed)
        self.notes_panel.save_failed.connect(self._on_save_failed)
        self.notes_panel.read_failed.connect(self._on_storage_failed)
        controller.repository_failed.connect(self._on_repository_failed)
        controller.session_closing.connect(self._on_session_closing)
        controller.session_opened.connect(self._on_session_opened)
        controller.session_closed.connect(self._on_session_closed)
        controller.couple_changed.connect(self._show_names)
        controller.page_changed.connect(self._on_page_changed)
        controller.share_mode_changed.connect(self._on_share_mode_changed)
        controller.blank_changed.connect(self._on_blank_changed)
        controller.saved.connect(self._on_saved)
        controller.save_failed.connect(self._on_save_failed)
        controller.save_waiting.connect(self._on_save_waiting)
        controller.storage_failed.connect(self._on_storage_failed)
        self.share.couple_chosen.connect(self.couples.switch_to)
        self.share.share_window_shown.connect(self._on_share_window_shown)

    # -- start-up ------------------------------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        result = super().event(event)
        if not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            self.first_painted.emit()
        return result

    def load(self) -> None:
        """Open the database and show the couples. Called once the window is painted, so start-up feels instant."""
        if self.controller.open():
            # A failure is said by the controller; the couples may still be readable.
            with contextlib.suppress(StorageError):
                self.homework.load_library()  # built-in exercises with the therapist's own words over them
            self.couples.reload(self.settings.last_couple_id)
        self.loaded.emit()

    def _on_repository_failed(self, error: str) -> None:
        self.error_page.set_text(self.tr("Couple Canvas could not open its database.\n\n{error}").format(error=error))
        self.stack.setCurrentWidget(self.error_page)
        self.couples_dock.setEnabled(False)
        self.add_couple_action.setEnabled(False)
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("Database problem"), error,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("database_error")
        box.open()

    def _show_empty(self, page: str) -> None:
        """No board to show: the welcome page, or the invitation to choose or start a session."""
        self.stack.setCurrentWidget(self.welcome_page if page == "welcome" else self.no_session_page)
        self._set_enabled_for_session()

    def _on_leaving_couple(self) -> None:
        """Another couple is about to open: their private notes stay closed until asked for, and in share mode the
        centre goes neutral first, so no frame of the couple leaving shows while the next one opens."""
        self.notes_dock.hide()
        if self.controller.share_mode and self.controller.document is not None:
            self.stack.setCurrentWidget(self.neutral_page)
            self.stack.repaint()

    def _on_share_window_shown(self, shown: bool) -> None:
        """The share window shows the story page too, as a copy that follows this window's."""
        if not shown:
            self.story.drop_mirror()
            return
        from couplecanvas.ui.story_page import StoryPage

        mirror = StoryPage(mirror=True)
        self.share.share_window.show_story(mirror)
        self.story.add_mirror(mirror)

    def _on_session_opened(self) -> None:
        controller = self.controller
        self.undo_group.addStack(controller.document.undo_stack)
        self.undo_group.setActiveStack(controller.document.undo_stack)
        scene = controller.scene
        self.appearance.apply_to_scene(scene)
        self.appearance.board_style_changed.connect(scene.set_board_style)
        scene.tool_changed.connect(self.board_actions.on_tool_changed)
        scene.tool_changed.connect(self._on_tool_changed)
        self.board_actions.apply_ink(scene)
        scene.set_emotion_words(self.template_shelf.emotion_words)
        self.board_actions.on_tool_changed(scene.tool)
        self._on_tool_changed(scene.tool)
        self.board_page.show_scene(scene)
        self._show_names()
        controller.set_page(Page.BOARD)
        self.homework_panel.set_words(controller.screen_words())
        self.homework_panel.set_session(controller.repository, controller.library, controller.shown_couple(),
                                        controller.session.id)
        self.notes_panel.set_session(controller.repository, controller.session.id)
        self.settings.last_session_id = controller.session.id
        self.save_label.setText(self.tr("All changes saved"))
        self._set_enabled_for_session()
        self.board_page.view.setFocus()

    def _show_names(self) -> None:
        """Titles and headers with the names this screen may show (aliases in share mode; no session titles)."""
        controller = self.controller
        couple = controller.shown_couple()
        if couple is None:
            self.setWindowTitle("Couple Canvas")
            return
        self.setWindowTitle(f"{couple.display_name()} · Couple Canvas")
        self.board_actions.set_partner_names(controller.names())  # "Belongs to" names them as this screen may
        if controller.session is not None and self._board_page is not None:
            self._board_page.set_title(f"{couple.display_name()} · {controller.session_label()}")
            self._board_page.view.screen_words = controller.screen_words()
            self._board_page.view.viewport().update()

    def _on_session_closing(self) -> None:
        if self.controller.document is not None:
            self.undo_group.removeStack(self.controller.document.undo_stack)
        if self._board_page is not None:
            self._board_page.clear()

    def _on_session_closed(self) -> None:
        self.notes_panel.set_session(None, None)
        self.homework_panel.set_session(None, self.controller.library, None, None)
        self.setWindowTitle("Couple Canvas")
        self._set_enabled_for_session()

    def _set_enabled_for_session(self) -> None:
        controller = self.controller
        has = controller.document is not None
        self.export_action.setEnabled(has)
        self.board_actions.set_enabled(has and controller.page == Page.BOARD)
        self.new_session_action.setEnabled(controller.couple is not None)
        self.story_action.setEnabled(has)
        self.other_couple_action.setEnabled(controller.repository is not None)
        self.share.update_actions()

    # -- pages ---------------------------------------------------------------------------------------------------------
    def _on_page_changed(self, page: str) -> None:
        """Show the page the controller says is shown; the board's tools and undo rest while it is out of sight."""
        controller = self.controller
        if (
            page == Page.BOARD
            and controller.document is not None
            and not (controller.blanked and controller.share_mode)
        ):
            self.stack.setCurrentWidget(self.board_page)
        elif page == Page.HANDOUT:
            self.stack.setCurrentWidget(self.exports.preview.page)
        elif page == Page.STORY:
            self.stack.setCurrentWidget(self.story.page)
        self._set_board_controls(page == Page.BOARD)

    def _set_board_controls(self, on: bool) -> None:
        """Switch the open board's tools, keys and undo, which must not act on it while it is out of sight."""
        self.board_toolbar.setEnabled(on)
        for label in (self.tool_label, self.zoom_label):  # the hidden board's tool and zoom mean nothing meanwhile
            label.setVisible(on)
        document = self.controller.document
        if document is not None:
            self.undo_group.setActiveStack(document.undo_stack if on else None)
            self.board_actions.set_enabled(on)

    # -- share mode ----------------------------------------------------------------------------------------------------
    def _on_share_mode_changed(self, on: bool) -> None:
        controller = self.controller
        self.share_banner.setText(self.tr("Share mode: only this couple, under their aliases. F6 ends it."))
        self.share_banner.setVisible(on)
        if on:
            self.notes_dock.hide()
        self.notes_toggle_action.setEnabled(not on)
        self.homework.update_actions()
        self.homework_panel.set_private_enabled(not on)
        self.couples.reload(controller.couple.id if controller.couple else None)
        if controller.couple is not None:
            self.couples.list_sessions(controller.session.id if controller.session else None)
        if controller.session is not None:
            self.homework_panel.set_words(controller.screen_words())
            self.homework_panel.set_couple(controller.shown_couple())
        self.story.names_changed()
        self._show_names()
        self._on_blank_changed(controller.blanked)
        self._set_enabled_for_session()

    def _on_blank_changed(self, blanked: bool) -> None:
        """In share mode the board is blanked here too (the share window blanks itself)."""
        if blanked and self.controller.share_mode:
            self.stack.setCurrentWidget(self.neutral_page)
            self.stack.repaint()
        elif self.stack.currentWidget() is self.neutral_page:
            if self.controller.document is not None:
                self._on_page_changed(self.controller.page)
            else:
                self.stack.setCurrentWidget(self.no_session_page if self.controller.couple else self.welcome_page)

    # -- board --------------------------------------------------------------------------------------------------------
    def _on_tool_changed(self, tool) -> None:
        self.tool_label.setText(self.tr("Tool: {name}").format(name=self.board_actions.tool_actions[tool].text()))

    def _on_zoom_changed(self, zoom: float) -> None:
        self.zoom_label.setText(f"{round(zoom * 100)} %")

    def open_screening(self):
        """The open couple's individual screening record (therapist only: refused, calmly, in share mode)."""
        from couplecanvas.ui.screening_dialog import open_screening

        return open_screening(self.controller, self)

    def show_shortcuts(self) -> None:
        from couplecanvas.ui.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self)
        dialog.setObjectName("shortcuts_dialog")
        dialog.open()

    def export_handout_to(self, path: Path) -> bool:
        """Write the open session's handout (never the private notes) to a PDF file."""
        return self.exports.export_handout_to(path)

    # -- telling the therapist (this window only: never the shared one) ------------------------------------------------
    def say(self, text: str) -> None:
        """A short note in the status bar."""
        self.statusBar().showMessage(text, 10000)

    def _on_saved(self) -> None:
        self.save_label.setStyleSheet("")
        self.save_label.setText(self.tr("Saved {time}").format(time=dt.datetime.now().strftime("%H:%M:%S")))

    def _on_save_waiting(self, message: str) -> None:
        self.save_label.setStyleSheet("")
        self.save_label.setText(self.tr("Waiting for the database…"))
        self.statusBar().showMessage(message, 15000)

    def _on_save_failed(self, message: str) -> None:
        self.save_label.setStyleSheet("color: #a12a12; font-weight: bold;")
        self.save_label.setText(self.tr("Not saved yet"))
        self.statusBar().showMessage(message, 15000)

    def _on_storage_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 15000)
        if self.findChild(QMessageBox, "database_unreadable") is not None:
            return  # one box at a time, however many reads failed
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("The database could not be read"),
                          self.tr("Couple Canvas could not read its database, so what is on screen may be out of "
                                  "date. Nothing has been changed.\n\n{error}").format(error=message),
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("database_unreadable")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _about(self) -> None:
        from couplecanvas import __version__

        QMessageBox.about(
            self, self.tr("About Couple Canvas"),
            self.tr("Couple Canvas {version}\nA whiteboard and handout tool for couples therapists.\n"
                    "Your data stays on this computer.").format(version=__version__),
        )

    # -- closing -------------------------------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.controller.save_open_session():
            answer = QMessageBox.warning(
                self, self.tr("Changes not saved"),
                self.tr("Some changes could not be saved. Quit anyway and lose them?"),
                QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Discard,
            )
            if answer != QMessageBox.StandardButton.Discard:
                event.ignore()
                return
        self.idle_lock.stop()
        self.window_lock.stop()
        self.share.close_window()
        self.controller.close_session()
        self.settings.window_geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.sync()
        self.controller.close()
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
