"""The share window: a second top-level window made to be shared on a video call.

It shows only the open board (a second view on the one scene the session controller keeps, so both windows stay in
step and either can be edited), and the handout preview or the story page while the therapist has them open. It never
shows the couples or sessions, private notes, homework history, dialogs, file paths or another couple: its title
names nobody, the words on its cards show aliases in place of first names, and it goes neutral (a calm empty screen)
when blanked, between two couples, and when the database cannot be read.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QRectF, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from couplecanvas.canvas import BoardView
from couplecanvas.canvas.keys import binding
from couplecanvas.canvas.style import CARD_FONT_POINT_SIZE
from couplecanvas.ui.lock_screen import LockScreen
from couplecanvas.ui.pages import NeutralPage
from couplecanvas.ui.session_controller import Page, SessionController

if TYPE_CHECKING:
    from couplecanvas.ui.pdf_pages import PdfPagesView

log = logging.getLogger(__name__)

TITLE = "Couple Canvas: board"
SHARE_SIZE = (1280, 720)  # what video calls send: a window this size is shared without being scaled down


def card_text_px(zoom: float, point_size: float = CARD_FONT_POINT_SIZE) -> float:
    """How tall card words of a point size are on screen, in pixels, at a zoom (points are 1/72 inch at 96 dpi)."""
    return point_size * 96 / 72 * zoom


def is_blank_key(event: QKeyEvent) -> bool:
    """The share window's own blank key (`B`, as in presentation software; from the table of key bindings)."""
    pressed = QKeySequence(event.keyCombination()).toString(QKeySequence.SequenceFormat.PortableText)
    return pressed in binding("blank").share_sequences


class ShareBoardView(BoardView):
    """The board as the share window shows it: `B` blanks the screen, unless a card is being typed in, where it is a
    letter."""

    blank_requested = Signal()
    """The therapist pressed B in the share window."""
    resized = Signal()
    """The view's size changed."""
    connector_label_requested = Signal(str)
    """The therapist asked for an arrow's words here: the dialog opens in their own window, never in this one."""

    def edit_connector_label(self, connector_id: str) -> None:
        self.connector_label_requested.emit(connector_id)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.resized.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        scene = self.board_scene()
        typing = scene is not None and scene.editing_card_id is not None
        if not typing and is_blank_key(event):
            self.blank_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class ShareWindow(QWidget):
    """A neutral-titled window that mirrors what the therapist shows, for the couple to see."""

    covers_itself = True
    """While the app is locked this window shows its own cover ("Paused"): the lock does not hide it."""

    closed = Signal()
    """The share window was closed."""
    resized = Signal()
    """The shared board's size on screen changed (a followed view is fitted again)."""

    def __init__(self, controller: SessionController, settings, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("share_window")
        self.setWindowTitle(TITLE)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self._controller = controller
        self._settings = settings
        self._unreadable = False
        self.follows = settings.share_follows
        """The board follows the therapist's zoom and pan (else it stays where it was put)."""
        self.min_text_px = 0.0
        """Card text is never drawn smaller than this on screen here (0: no minimum; the large-text preset sets it)."""
        self.stack = QStackedWidget()
        self.neutral = NeutralPage()
        self.paused = LockScreen(None)  # while the app is locked: the couple's screen only says "Paused"
        self.view = ShareBoardView()
        self.view.setObjectName("share_board_view")
        self.view.setAccessibleName(self.tr("Shared board"))
        for bar in (self.view.horizontalScrollBar(), self.view.verticalScrollBar()):
            bar.hide()  # a shared picture has no use for scroll bars: it pans with the therapist (or by space-drag)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._pages: PdfPagesView | None = None  # made when a handout is first shown (pdfium loads with it)
        self.story: QWidget | None = None  # made when the therapist first opens the story page
        for page in (self.neutral, self.paused, self.view):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.view.blank_requested.connect(lambda: controller.set_blanked(not controller.blanked))
        self.view.resized.connect(self.resized)
        controller.session_closing.connect(self._on_session_closing)
        controller.session_opened.connect(self._on_session_opened)
        controller.page_changed.connect(self._show_current)
        controller.blank_changed.connect(self._show_current)
        controller.handout_changed.connect(self._on_handout_changed)
        controller.couple_changed.connect(self._on_couple_changed)
        controller.storage_failed.connect(self._on_storage_failed)
        controller.storage_recovered.connect(self._on_storage_recovered)
        controller.locked_changed.connect(self._show_current)
        if controller.scene is not None:
            self._on_session_opened()
        self._show_current()

    # -- what is shown -------------------------------------------------------------------------------------------------
    @property
    def pages(self) -> PdfPagesView:
        """The handout's pages as the therapist's preview shows them (made on first use)."""
        if self._pages is None:
            from couplecanvas.ui.pdf_pages import PdfPagesView

            self._pages = PdfPagesView()
            self._pages.setObjectName("share_handout")
            self.stack.addWidget(self._pages)
        return self._pages

    @property
    def showing(self) -> QWidget:
        """The page shown now."""
        return self.stack.currentWidget()

    def _wanted(self) -> QWidget:
        controller = self._controller
        if controller.locked:
            return self.paused
        if controller.blanked or self._unreadable or controller.scene is None or self.view.scene() is None:
            return self.neutral
        if controller.page == Page.HANDOUT and controller.handout_pdf:
            return self.pages
        if controller.page == Page.STORY and self.story is not None:
            return self.story
        if controller.page == Page.BOARD:
            return self.view
        return self.neutral

    def _show_current(self, *_args) -> None:
        wanted = self._wanted()
        if wanted is not self.stack.currentWidget():
            self.stack.setCurrentWidget(wanted)
            if self.isVisible():
                self.stack.repaint()  # the very next frame is the right one: never a stale frame on a call

    def _on_session_closing(self) -> None:
        """Neutral first, then let go of the scene: no frame of this couple once another is on its way."""
        self.stack.setCurrentWidget(self.neutral)
        if self.isVisible():
            self.stack.repaint()
        self.view.setScene(None)
        self.view.screen_words = None
        if self._pages is not None:
            self._pages.clear()

    def _on_session_opened(self) -> None:
        controller = self._controller
        self._unreadable = False
        self.view.screen_words = controller.screen_words(shared=True)
        self.view.setScene(controller.scene)
        self.view.fit_to_content()
        self._show_current()

    def _on_couple_changed(self) -> None:
        self.view.screen_words = self._controller.screen_words(shared=True)
        self.view.viewport().update()

    def _on_handout_changed(self, pdf: bytes) -> None:
        if pdf:
            self.pages.show_pdf(pdf)
        elif self._pages is not None:
            self._pages.clear()
        self._show_current()

    def _on_storage_failed(self, _message: str) -> None:
        """The message is the therapist's (the main window shows it); this window only goes neutral."""
        self._unreadable = True
        self._show_current()

    def _on_storage_recovered(self) -> None:
        self._unreadable = False
        self._show_current()

    def show_story(self, page: QWidget) -> None:
        """Take the story page made for this window (it shows only what the therapist's story page shows)."""
        if self.story is None:
            self.story = page
            self.stack.addWidget(page)
        self._show_current()

    # -- following the therapist's view --------------------------------------------------------------------------------
    def set_follows(self, on: bool) -> None:
        """Follow the therapist's zoom and pan (True), or stay where it is."""
        self.follows = on
        self._settings.share_follows = on

    def set_min_text_px(self, px: float) -> None:
        """Never show card text smaller than `px` on screen here (0: no minimum); the zoom is raised if needed."""
        self.min_text_px = px
        self.set_zoom(self.view.zoom)

    def min_zoom(self) -> float:
        """The smallest zoom at which card words (at the board style's size) still reach the minimum size."""
        if not self.min_text_px:
            return 0.0
        scene = self.view.board_scene()
        point_size = scene.board_style.card_point_size if scene is not None else CARD_FONT_POINT_SIZE
        return self.min_text_px / card_text_px(1.0, point_size)

    def set_zoom(self, zoom: float) -> None:
        self.view.set_zoom(max(zoom, self.min_zoom()))

    def follow(self, area: QRectF) -> None:
        """The therapist's view moved: show the same part of the board, as large as this window allows (and never
        with card words under the legible minimum)."""
        if not self.follows or self.view.scene() is None or area.isEmpty():
            return
        viewport = self.view.viewport().rect()
        self.set_zoom(min(viewport.width() / area.width(), viewport.height() / area.height()))
        self.view.centerOn(area.center())

    # -- where it opens ------------------------------------------------------------------------------------------------
    def place(self, beside: QWidget) -> None:
        """Open where it was last time if that screen is still there; else at the size made for sharing, beside the
        main window on its screen, or on another screen when there is one."""
        screens = {screen.name(): screen.availableGeometry() for screen in QGuiApplication.screens()}
        main_screen = beside.screen() or QGuiApplication.primaryScreen()
        self.setGeometry(choose_place(screens, main_screen.name(), beside.frameGeometry(),
                                      self._settings.share_window_screen, self._settings.share_window_rect))

    def remember_place(self) -> None:
        screen = self.screen()
        self._settings.share_window_screen = screen.name() if screen is not None else ""
        self._settings.share_window_rect = self.geometry()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.remember_place()
        self.view.setScene(None)  # the scene belongs to the session, not to this window
        super().closeEvent(event)
        self.closed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """B blanks from any page of this window (the board view takes it itself)."""
        if is_blank_key(event):
            self._controller.set_blanked(not self._controller.blanked)
            event.accept()
            return
        super().keyPressEvent(event)


def choose_place(screens: dict[str, QRect], main_screen: str, main_rect: QRect, saved_screen: str,
                 saved_rect: QRect | None) -> QRect:
    """Where the share window opens, from each screen's free area (by name), the main window's screen and frame, and
    where the share window was last (a screen since unplugged is not used)."""
    if saved_screen in screens and saved_rect is not None and screens[saved_screen].intersects(saved_rect):
        return QRect(saved_rect)
    others = [name for name in screens if name != main_screen]
    area = screens[others[0]] if others else screens.get(main_screen) or next(iter(screens.values()))
    width, height = min(SHARE_SIZE[0], area.width()), min(SHARE_SIZE[1], area.height())
    if others:  # a screen of its own: in the middle of it
        return QRect(area.x() + (area.width() - width) // 2, area.y() + (area.height() - height) // 2, width, height)
    x = main_rect.right() + 1  # beside the main window, or as far right as the screen allows
    if x + width > area.right() + 1:
        x = area.right() + 1 - width
    y = max(area.y(), min(main_rect.y(), area.bottom() + 1 - height))
    return QRect(max(area.x(), x), y, width, height)
