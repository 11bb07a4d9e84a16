"""The story page over the open board: open it from the session controller's open couple, and come back to that
board as it was. The controller says which page is shown; windows follow it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStackedWidget

from couplecanvas.storage.errors import StorageError
from couplecanvas.ui.session_controller import Page, SessionController

if TYPE_CHECKING:
    from couplecanvas.domain.board import Board
    from couplecanvas.ui.story_page import StoryPage


class StoryMode(QObject):
    """Opens the story page over the open board and returns to that board unchanged."""

    story_opened = Signal()
    """The story page was filled for the open couple (a shared copy of the page may follow)."""

    def __init__(self, controller: SessionController, stack: QStackedWidget) -> None:
        super().__init__(stack)
        self._controller = controller
        self._stack = stack
        self._page: StoryPage | None = None
        self._mirror: StoryPage | None = None  # the share window's copy, which follows this page
        controller.session_closing.connect(self.forget)
        controller.page_changed.connect(self._on_page_changed)

    @property
    def page(self) -> StoryPage:
        """The story page (built on first use)."""
        if self._page is None:
            from couplecanvas.ui.story_page import StoryPage  # the canvas loads with the first board, not at start-up

            self._page = StoryPage()
            self._page.back_requested.connect(self.back_to_board)
            self._page.shown_changed.connect(self._on_shown_changed)
            self._stack.addWidget(self._page)
        return self._page

    @property
    def is_shown(self) -> bool:
        return self._page is not None and self._controller.page == Page.STORY

    def toggle(self) -> None:
        self.back_to_board() if self.is_shown else self.show()

    def show(self) -> None:
        """Show the open couple's story, starting at the open session."""
        controller = self._controller
        if controller.document is None or controller.couple is None or controller.session is None:
            return
        if controller.scene is not None:
            controller.scene.finish_editing()
        try:
            self._fill_pages()
        except StorageError:
            return
        controller.set_page(Page.STORY)
        self.page.setFocus()
        self.story_opened.emit()

    def _fill_pages(self) -> None:
        """Fill the story page, and the share window's copy if there is one, from one reading of the couple's
        sessions and progress; a board read for one page is not read again for the other."""
        controller = self._controller
        live, open_id, couple_id = controller.document.board, controller.session.id, controller.couple.id
        read: dict[int, Board] = {}

        def load(session_id: int) -> Board:
            # The open session is shown as it is on screen (even a change not yet written); each page gets a copy.
            if session_id == open_id:
                return live.clone()
            if session_id not in read:
                read[session_id] = controller.read(lambda repository: repository.load_board(session_id))
            return read[session_id].clone()

        sessions = controller.list_sessions()
        # The partners' lines over the sessions, drawn above the boards.
        progress = controller.read(lambda repository: repository.progress_history(couple_id))
        pages = [(self.page, False)] + ([(self._mirror, True)] if self._mirror is not None else [])
        for page, shared in pages:
            page.open_story(controller.shown_couple(shared), sessions, open_id, load,
                            show_titles=not (controller.share_mode or shared), progress=progress)
            page.set_screen_words(controller.screen_words(shared))
        if self._mirror is not None:
            self._mirror.show_pair(self.page.shown, self.page.compared)

    # -- the share window's copy ---------------------------------------------------------------------------------------
    def add_mirror(self, page: StoryPage) -> None:
        """A story page in the share window: it shows what this one shows (names and words as shared screens may)."""
        self._mirror = page
        if self.is_shown:
            shown, compared = self.page.shown, self.page.compared
            try:
                self._fill_pages()
            except StorageError:
                return
            self.page.show_pair(shown, compared)

    def drop_mirror(self) -> None:
        self._mirror = None

    def _on_shown_changed(self, shown: int, compared: int) -> None:
        if self._mirror is not None and self._mirror.sessions:
            self._mirror.show_pair(shown, compared)

    def names_changed(self) -> None:
        """Share mode came or went: the page shown again with the names (and titles) that screen may show."""
        if self.is_shown:
            shown, compared = self.page.shown, self.page.compared
            try:
                self._fill_pages()
            except StorageError:
                return
            self.page.show_pair(shown, compared)  # the same sessions (side by side or not) as before

    def back_to_board(self) -> None:
        """Return to the open board, exactly where it was."""
        if not self.is_shown:
            return
        self._controller.set_page(Page.BOARD)

    def _on_page_changed(self, page: str) -> None:
        if page != Page.STORY and self._page is not None:
            self._page.clear()
            if self._mirror is not None:
                self._mirror.clear()

    def forget(self) -> None:
        """The open session is closing: drop everything the story page holds."""
        if self._page is not None:
            self._page.clear()
        if self._mirror is not None:
            self._mirror.clear()

