"""The couple's story over time, inside the main window: step through their boards, or set two side by side.

Only the open couple's sessions are ever listed, and boards are read one at a time as they are shown, into
documents that have no way to save. Escape (or the back button) returns to the open board, untouched.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from couplecanvas.domain.board import Board
from couplecanvas.domain.couple import Couple
from couplecanvas.domain.session import Session
from couplecanvas.ui.parts import set_bold
from couplecanvas.ui.read_only_board import StoryPane

log = logging.getLogger(__name__)

CACHED_BOARDS = 12  # boards kept while stepping back and forth; the rest are read again when shown

STEP_STYLE = """
QPushButton { border: 2px solid #cfc8b8; border-radius: 8px; padding: 6px 14px; background: #fbfaf6;
              color: #3d3a33; font-size: 12pt; }
QPushButton:hover { border-color: #8d877a; }
QPushButton[state="shown"] { background: #2f5d50; border-color: #2f5d50; color: white; font-weight: bold; }
QPushButton[state="compared"] { background: #dcebe5; border-color: #7fa899; color: #1f3d35; font-weight: bold; }
"""
SHOWN_ACCENT = "#2f5d50"  # the shown (or right-hand) board: its step on the timeline and its pane share the colour
COMPARED_ACCENT = "#7fa899"


def step_label(session: Session) -> str:
    return f"{session.date.day} {session.date:%b %Y}"


class Timeline(QScrollArea):
    """A strip of the couple's sessions, oldest on the left; the shown one(s) stand out."""

    step_clicked = Signal(int)
    """The therapist clicked a session on the strip (its index, oldest first)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("story_timeline")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.steps: list[QPushButton] = []
        self._strip = QWidget()
        self._strip.setStyleSheet(STEP_STYLE)
        self._row = QHBoxLayout(self._strip)
        self._row.setContentsMargins(4, 4, 4, 4)
        self.setWidget(self._strip)

    def set_sessions(self, sessions: list[Session], current_index: int) -> None:
        """One step per session (oldest first); the open session says so under its date."""
        while self._row.count():
            item = self._row.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.steps = []
        for index, session in enumerate(sessions):
            if index:
                line = QFrame()
                line.setFrameShape(QFrame.Shape.HLine)
                line.setFixedWidth(18)
                line.setStyleSheet("color: #cfc8b8;")
                self._row.addWidget(line)
            text = step_label(session)
            if index == current_index:
                text += "\n" + self.tr("open now")
            button = QPushButton(text)
            button.setObjectName(f"story_step_{index}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the arrow keys belong to the page
            button.setMinimumHeight(52)
            button.clicked.connect(lambda _=False, i=index: self.step_clicked.emit(i))
            self._row.addWidget(button)
            self.steps.append(button)
        self._row.addStretch()
        height = max((b.sizeHint().height() for b in self.steps), default=52)
        self.setFixedHeight(max(height, 52) + 14 + self.horizontalScrollBar().sizeHint().height())

    def mark(self, shown: int, compared: int | None = None) -> None:
        """Highlight the shown session (and, when comparing, the other one) and keep it in sight."""
        for index, button in enumerate(self.steps):
            state = "shown" if index == shown else "compared" if index == compared else ""
            if button.property("state") != state:
                button.setProperty("state", state)
                button.style().unpolish(button)
                button.style().polish(button)
        for index in (compared, shown):  # the shown one last: it wins when both cannot be in sight
            if index is not None and 0 <= index < len(self.steps):
                self.ensureWidgetVisible(self.steps[index], 60, 0)


class StoryPage(QWidget):
    """Timeline over one board, or two boards side by side; every board read-only."""

    back_requested = Signal()
    """The therapist wants the open board back."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("story_page")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 12)
        layout.setSpacing(8)
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        self.title = QLabel(self.tr("Your story over time"))
        self.title.setObjectName("story_title")
        set_bold(self.title, larger=5)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("story_subtitle")
        self.subtitle.setStyleSheet("color: #5b574e;")
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        self.compare_button = QPushButton(self.tr("Compare two sessions"))
        self.compare_button.setObjectName("story_compare")
        self.compare_button.setCheckable(True)
        self.back_button = QPushButton(self.tr("Back to the board"))
        self.back_button.setObjectName("story_back")
        for button in (self.compare_button, self.back_button):
            button.setMinimumHeight(38)
            header.addWidget(button)
        layout.addLayout(header)
        self.timeline = Timeline()
        layout.addWidget(self.timeline)
        self.keys_hint = QLabel(
            self.tr("← / →: earlier or later session · Home / End: first or latest · "
                    "drag to move around · Ctrl+wheel to zoom · Esc: back to the board")
        )
        self.keys_hint.setStyleSheet("color: #6f6a5f;")
        self.keys_hint.setWordWrap(True)  # a narrow window wraps it rather than growing
        layout.addWidget(self.keys_hint)
        panes = QHBoxLayout()
        panes.setSpacing(12)
        self.left = StoryPane("story_left", COMPARED_ACCENT)
        self.right = StoryPane("story_right", SHOWN_ACCENT)  # the only pane when not comparing
        panes.addWidget(self.left, 1)
        panes.addWidget(self.right, 1)
        layout.addLayout(panes, 1)

        self.couple: Couple | None = None
        self.sessions: list[Session] = []  # oldest first
        self.current_index = -1
        self.shown = -1  # the right pane's session (the only one when not comparing)
        self.compared = -1  # the left pane's session while comparing
        self._load: Callable[[int], Board] | None = None
        self._boards: OrderedDict[int, Board] = OrderedDict()

        self.compare_button.toggled.connect(self.set_compare)
        self.back_button.clicked.connect(self.back_requested)
        self.timeline.step_clicked.connect(self._on_step_clicked)
        self.left.session_chosen.connect(self._on_left_chosen)
        self.right.session_chosen.connect(self._on_right_chosen)
        keys = {
            Qt.Key.Key_Left: lambda: self.step(-1),
            Qt.Key.Key_Right: lambda: self.step(1),
            Qt.Key.Key_Home: lambda: self.step(-len(self.sessions)),
            Qt.Key.Key_End: lambda: self.step(len(self.sessions)),
            Qt.Key.Key_Escape: self.back_requested.emit,
        }
        for key, slot in keys.items():
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.left.hide()

    # -- opening and closing -------------------------------------------------------------------------------------------
    def open_story(self, couple: Couple, sessions: list[Session], current_id: int, load: Callable[[int], Board]) -> None:
        """Show one couple's sessions (any order), starting at the open one; `load` reads a board when it is shown."""
        self.clear()
        self.couple = couple
        self._load = load
        self.sessions = sorted(sessions, key=lambda s: (s.date, s.id or 0))
        ids = [s.id for s in self.sessions]
        self.current_index = ids.index(current_id) if current_id in ids else len(ids) - 1
        self.shown = self.current_index
        count = len(self.sessions)
        self.subtitle.setText(
            self.tr("{names} · {count} sessions").format(names=couple.display_name(), count=count) if count != 1
            else self.tr("{names} · one session so far").format(names=couple.display_name())
        )
        self.timeline.set_sessions(self.sessions, self.current_index)
        labels = [self._choice_label(i) for i in range(count)]
        for pane in (self.left, self.right):
            pane.set_choices(labels, 0)
        self.compare_button.setEnabled(count > 1)
        self.compare_button.blockSignals(True)
        self.compare_button.setChecked(False)
        self.compare_button.blockSignals(False)
        self._apply_compare(False)

    def clear(self) -> None:
        """Forget the couple: no session, board or name of theirs stays in this page."""
        self.left.clear()
        self.right.clear()
        self.timeline.set_sessions([], -1)
        self.subtitle.clear()
        self.couple = None
        self.sessions = []
        self._boards.clear()
        self._load = None
        self.current_index = self.shown = self.compared = -1

    @property
    def comparing(self) -> bool:
        return self.compare_button.isChecked()

    # -- moving through time ---------------------------------------------------------------------------------------------
    def step(self, delta: int) -> None:
        """Move by `delta` sessions; while comparing, both sides move together and keep their distance."""
        if not self.sessions:
            return
        last = len(self.sessions) - 1
        if not self.comparing:
            self._show(max(0, min(last, self.shown + delta)))
            return
        low, high = min(self.shown, self.compared), max(self.shown, self.compared)
        delta = max(-low, min(last - high, delta))
        if delta:
            self._show(self.shown + delta, self.compared + delta)

    def set_compare(self, on: bool) -> None:
        """Two boards side by side (the one before on the left), or one."""
        on = on and len(self.sessions) > 1  # one session has nothing to be compared with
        if self.compare_button.isChecked() != on:
            self.compare_button.setChecked(on)  # comes back here through `toggled`
            return
        self._apply_compare(on)

    def _apply_compare(self, on: bool) -> None:
        self.left.setVisible(on)
        self.left.set_chooser_visible(on)
        self.right.set_chooser_visible(on)
        if not self.sessions:
            return
        if on:
            right = self.shown if self.shown > 0 else 1
            self._show(right, right - 1)
        else:
            self.left.clear()
            self._show(self.shown)

    def _on_step_clicked(self, index: int) -> None:
        if self.comparing and index == self.compared:
            self._show(index, self.shown)  # clicking the other side's session swaps the sides
        else:
            self._show(index, self.compared if self.comparing else None)

    def _on_left_chosen(self, index: int) -> None:
        self._show(self.shown, index)

    def _on_right_chosen(self, index: int) -> None:
        self._show(index, self.compared)

    def _show(self, shown: int, compared: int | None = None) -> None:
        self.shown = shown
        self.compared = compared if compared is not None and self.comparing else -1
        labels = [self._choice_label(i) for i in range(len(self.sessions))]
        self.right.set_choices(labels, shown)
        self._fill(self.right, shown, self.compared)
        if self.compared >= 0:
            self.left.set_choices(labels, self.compared)
            self._fill(self.left, self.compared, shown)
        self.timeline.mark(shown, self.compared if self.compared >= 0 else None)

    def _fill(self, pane: StoryPane, index: int, other: int) -> None:
        session = self.sessions[index]
        pane.show_session(self.couple, session, self._board(session), self._caption(index, other))

    # -- words -------------------------------------------------------------------------------------------------------------
    def _choice_label(self, index: int) -> str:
        label = step_label(self.sessions[index])
        return label + " " + self.tr("(open now)") if index == self.current_index else label

    def _caption(self, index: int, other: int) -> str:
        parts = []
        if other >= 0 and self.sessions[index].date != self.sessions[other].date:
            parts.append(self.tr("Earlier") if index < other else self.tr("Later"))
        parts.append(self.tr("Session {n} of {count}").format(n=index + 1, count=len(self.sessions)))
        if self.sessions[index].title:
            parts.append(self.sessions[index].title)
        if index == self.current_index:
            parts.append(self.tr("open now"))
        return " · ".join(parts)

    # -- boards, read lazily ---------------------------------------------------------------------------------------------
    def _board(self, session: Session) -> Board | None:
        if session.id in self._boards:
            self._boards.move_to_end(session.id)
            return self._boards[session.id]
        try:
            board = self._load(session.id)
        except Exception:  # a board that cannot be read is shown as such (and tried again next time)
            log.exception("could not read the board of session %s", session.id)
            return None
        self._boards[session.id] = board
        while len(self._boards) > CACHED_BOARDS:
            self._boards.popitem(last=False)
        return board
