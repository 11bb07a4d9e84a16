"""The main window's side of the story page: open it over the open board, and come back to that board as it was."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QToolBar

if TYPE_CHECKING:
    from couplecanvas.domain.board import Board
    from couplecanvas.ui.story_page import StoryPage


def set_board_controls(window, on: bool) -> None:
    """Switch the open board's tools, keys and undo, which must not act on it while it is out of sight (the story page
    and the handout preview both hide it)."""
    window.findChild(QToolBar, "board_toolbar").setEnabled(on)
    for label in (window.tool_label, window.zoom_label):  # the hidden board's tool and zoom mean nothing meanwhile
        label.setVisible(on)
    if window.document is not None:
        window.undo_group.setActiveStack(window.document.undo_stack if on else None)
        window.board_actions.set_enabled(on)


class StoryMode:
    """Opens the story page over the open board and returns to that board unchanged."""

    def __init__(self, window) -> None:
        self._window = window
        self._page: StoryPage | None = None

    @property
    def page(self) -> StoryPage:
        """The story page (built on first use)."""
        if self._page is None:
            from couplecanvas.ui.story_page import StoryPage  # the canvas loads with the first board, not at start-up

            self._page = StoryPage()
            self._page.back_requested.connect(self.back_to_board)
            self._window.stack.addWidget(self._page)
        return self._page

    @property
    def is_shown(self) -> bool:
        return self._page is not None and self._window.stack.currentWidget() is self._page

    def toggle(self) -> None:
        self.back_to_board() if self.is_shown else self.show()

    def show(self) -> None:
        """Show the open couple's story, starting at the open session."""
        window = self._window
        if window.document is None or window.couple is None or window.session is None:
            return
        board_page = window.board_page
        if board_page.scene is not None:
            board_page.scene.finish_editing()
        live, open_id, repository = window.document.board, window.session.id, window.repository

        def load(session_id: int) -> Board:
            # The open session is shown as it is on screen (even a change not yet written), as a copy.
            return live.clone() if session_id == open_id else repository.load_board(session_id)

        self.page.open_story(window.couple, repository.list_sessions(window.couple.id), open_id, load)
        set_board_controls(window, False)
        window.stack.setCurrentWidget(self.page)
        self.page.setFocus()

    def back_to_board(self) -> None:
        """Return to the open board, exactly where it was."""
        window = self._window
        if not self.is_shown:
            return
        self.page.clear()
        if window.document is None:
            return
        window.stack.setCurrentWidget(window.board_page)
        set_board_controls(window, True)
        window.board_page.view.setFocus()

    def forget(self) -> None:
        """The open session is closing: drop everything the story page holds."""
        if self._page is not None:
            self._page.clear()
            set_board_controls(self._window, True)
