"""The couple's story over time, inside the main window: step through their boards, or set two side by side.

Only the open couple's sessions are ever listed, and boards are read one at a time as they are shown, into
documents that have no way to save. Escape (or the back button) returns to the open board, untouched.
Side by side, the two boards zoom and pan together, and what changed from the earlier to the later one is marked
on both (`domain.board_diff`), with a legend and a one-line summary. Session titles can be hidden (share mode).
Above the boards, when the partners have answered the brief progress check, each one's line across the sessions
(ui/progress_chart.py), the shown session marked on it.
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
from couplecanvas.domain.board_diff import BoardDiff, Change, diff_boards
from couplecanvas.domain.couple import Couple, PartnerRole
from couplecanvas.domain.dates import long_date
from couplecanvas.domain.progress import ProgressPoint, progress_series
from couplecanvas.domain.session import Session
from couplecanvas.ui.change_marks import ChangeLegend, summary
from couplecanvas.ui.parts import set_bold
from couplecanvas.ui.progress_chart import ProgressChart
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
    """A session's date for the timeline: '6 Mar 2025'."""
    return f"{session.date.day} {session.date:%b %Y}"


def places_in_day(sessions: list[Session]) -> list[tuple[int, int]]:
    """For each session (in the order given, oldest first): its place among its day's sessions, and how many that day
    had, so that two sessions on one date can be told apart."""
    totals: dict = {}
    for session in sessions:
        totals[session.date] = totals.get(session.date, 0) + 1
    seen: dict = {}
    places = []
    for session in sessions:
        seen[session.date] = seen.get(session.date, 0) + 1
        places.append((seen[session.date], totals[session.date]))
    return places


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

    def set_sessions(self, sessions: list[Session], current_index: int, notes: list[str] | None = None) -> None:
        """One step per session (oldest first), with its note ("2nd that day") if any; the open one says so."""
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
            if notes and notes[index]:
                text += "\n" + notes[index]
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
    shown_changed = Signal(int, int)
    """Other sessions are shown: the shown one's index and the compared one's (-1 when not comparing)."""

    def __init__(self, parent: QWidget | None = None, *, mirror: bool = False) -> None:
        super().__init__(parent)
        self._mirror = mirror  # a copy for the share window: it follows the therapist's page and has no controls
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
        self.fit_button = QPushButton(self.tr("Fit"))
        self.fit_button.setObjectName("story_fit")
        self.fit_button.setToolTip(self.tr("Bring the board back into view, side by side where the boards changed "
                                           "(Ctrl+0)"))
        self.back_button = QPushButton(self.tr("Back to the board"))
        self.back_button.setObjectName("story_back")
        for button in (self.fit_button, self.compare_button, self.back_button):
            button.setMinimumHeight(38)
            header.addWidget(button)
        layout.addLayout(header)
        self.timeline = Timeline()
        layout.addWidget(self.timeline)
        self.progress = ProgressChart()
        self.progress.hide()
        layout.addWidget(self.progress)
        self.keys_hint = QLabel(
            self.tr("← / →: earlier or later session · Home / End: first or latest · "
                    "drag to move around · Ctrl+wheel to zoom · Ctrl+0: fit · Esc: back to the board")
        )
        self.keys_hint.setStyleSheet("color: #6f6a5f;")
        self.keys_hint.setWordWrap(True)  # a narrow window wraps it rather than growing
        layout.addWidget(self.keys_hint)
        self.changes_bar = QWidget()
        self.changes_bar.setObjectName("story_changes")
        bar = QHBoxLayout(self.changes_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.changes_summary = QLabel()
        self.changes_summary.setObjectName("story_changes_summary")
        self.changes_summary.setWordWrap(True)  # a narrow window wraps it rather than cutting the legend off
        set_bold(self.changes_summary, larger=1)
        self.legend = ChangeLegend()
        bar.addWidget(self.changes_summary, 1)
        bar.addWidget(self.legend)
        layout.addWidget(self.changes_bar)
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
        self._show_titles = True
        self._day_places: list[tuple[int, int]] = []
        self._diff: tuple[int, int, BoardDiff] | None = None  # the last two boards compared (by session id)

        self.compare_button.toggled.connect(self.set_compare)
        self.back_button.clicked.connect(self.back_requested)
        self.fit_button.clicked.connect(self.fit)
        self.timeline.step_clicked.connect(self._on_step_clicked)
        self.left.session_chosen.connect(self._on_left_chosen)
        self.right.session_chosen.connect(self._on_right_chosen)
        keys = {
            Qt.Key.Key_Left: lambda: self.step(-1),
            Qt.Key.Key_Right: lambda: self.step(1),
            Qt.Key.Key_Home: lambda: self.step(-len(self.sessions)),
            Qt.Key.Key_End: lambda: self.step(len(self.sessions)),
            Qt.Key.Key_Escape: self.back_requested.emit,
            QKeySequence("Ctrl+0"): self.fit,
        }
        for key, slot in keys.items():
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.left.hide()
        self.changes_bar.hide()
        if mirror:  # the share window's copy: what the therapist shows, without buttons or keys to press
            for widget in (self.fit_button, self.compare_button, self.back_button, self.keys_hint):
                widget.hide()
            self.timeline.setEnabled(False)

    # -- opening and closing -------------------------------------------------------------------------------------------
    def open_story(self, couple: Couple, sessions: list[Session], current_id: int, load: Callable[[int], Board], *,
                   show_titles: bool = True, progress: list[ProgressPoint] | None = None) -> None:
        """Show one couple's sessions (any order), starting at the open one; `load` reads a board when it is shown.

        With `show_titles` False (share mode) no session title shows anywhere on the page. `progress` (this couple's
        `Store.progress_history`) draws each partner's line across the sessions; without it, no chart."""
        self.clear()
        self.couple = couple
        self._load = load
        self._show_titles = show_titles
        self.sessions = sorted(sessions, key=lambda s: (s.date, s.id or 0))
        self._day_places = places_in_day(self.sessions)
        ids = [s.id for s in self.sessions]
        self.current_index = ids.index(current_id) if current_id in ids else len(ids) - 1
        self.shown = self.current_index
        count = len(self.sessions)
        self.subtitle.setText(
            self.tr("{names} · {count} sessions").format(names=couple.display_name(), count=count) if count != 1
            else self.tr("{names} · one session so far").format(names=couple.display_name())
        )
        self.timeline.set_sessions(self.sessions, self.current_index, [self._day_note(i) for i in range(count)])
        labels = [self._choice_label(i) for i in range(count)]
        for pane in (self.left, self.right):
            pane.set_choices(labels, 0)
        self.set_progress(progress or [])
        self.compare_button.setEnabled(count > 1)
        self.compare_button.blockSignals(True)
        self.compare_button.setChecked(False)
        self.compare_button.blockSignals(False)
        self._apply_compare(False)

    def clear(self) -> None:
        """Forget the couple: no session, board or name of theirs stays in this page."""
        self.right.view.link_with(None)
        self.left.clear()
        self.right.clear()
        self.timeline.set_sessions([], -1)
        self.progress.clear()
        self.progress.hide()
        self.subtitle.clear()
        self.changes_summary.clear()
        self.changes_bar.hide()
        self._diff = None
        self._day_places = []
        self.couple = None
        self.sessions = []
        self._boards.clear()
        self._load = None
        self.current_index = self.shown = self.compared = -1

    def set_progress(self, history: list[ProgressPoint]) -> None:
        """Draw the partners' answers across the page's sessions (only this couple's: others are left out); the chart
        shows only when there is at least one answer."""
        by_id = {point.session.id: point for point in history}
        points = [by_id.get(session.id) or ProgressPoint(session) for session in self.sessions]
        series = progress_series(points)
        if self.couple is None or not series.has_answers:
            self.progress.clear()
            self.progress.hide()
            return
        names = {role: self.couple.partner(role).first_name for role in PartnerRole}
        colours = {role: self.couple.partner(role).colour for role in PartnerRole}
        self.progress.set_series(series, names, colours)
        self.progress.set_marked(self.shown)
        self.progress.show()

    @property
    def comparing(self) -> bool:
        return self.compare_button.isChecked()

    # -- moving through time -------------------------------------------------------------------------------------------
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

    def show_pair(self, shown: int, compared: int) -> None:
        """Show these sessions (compared -1: one board), as the therapist's page shows them (for a mirror)."""
        if not (0 <= shown < len(self.sessions)):
            return
        self.set_compare(compared >= 0)
        self._show(shown, compared if compared >= 0 else None)

    def set_screen_words(self, words) -> None:
        """How the boards show their words (aliases for first names on a shared screen; None: as typed)."""
        for pane in (self.left, self.right):
            pane.view.screen_words = words
            pane.view.viewport().update()

    def fit(self) -> None:
        """Bring the board (both boards, side by side) back into view."""
        self.right.view.fit_to_content()

    def _apply_compare(self, on: bool) -> None:
        self.right.view.link_with(self.left.view if on else None)
        self.changes_bar.setVisible(on)
        # side by side, the key to the marks takes its place: room for the boards
        self.keys_hint.setVisible(not on and not self._mirror)
        self.left.setVisible(on)
        self.left.set_chooser_visible(on and not self._mirror)
        self.right.set_chooser_visible(on and not self._mirror)
        if not self.sessions:
            return
        if on:
            right = self.shown if self.shown > 0 else 1
            self._show(right, right - 1)
        else:
            self.left.clear()
            self.right.clear_changes()
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
            self._mark_changes()
        self.timeline.mark(shown, self.compared if self.compared >= 0 else None)
        self.progress.set_marked(shown)
        self.shown_changed.emit(shown, self.compared)

    def _fill(self, pane: StoryPane, index: int, other: int) -> None:
        session = self.sessions[index]
        pane.show_session(self.couple, session, self._board(session), self._caption(index, other),
                          heading=self._heading(index))

    # -- what changed between the two boards side by side -------------------------------------------------------------
    def _mark_changes(self) -> None:
        """Mark the later board's new, changed and moved cards and the earlier board's gone ones; sum them up."""
        self.left.clear_changes()
        self.right.clear_changes()
        if self.compared == self.shown:
            self.changes_summary.setText(self.tr("The same session on both sides"))
            return
        earlier_index, later_index = sorted((self.compared, self.shown))
        earlier, later = self.sessions[earlier_index], self.sessions[later_index]
        earlier_board, later_board = self._board(earlier), self._board(later)
        if earlier_board is None or later_board is None:
            self.changes_summary.setText(self.tr("One board could not be read, so changes are not marked"))
            return
        if self._diff is not None and self._diff[:2] == (earlier.id, later.id):
            diff = self._diff[2]
        else:
            diff = diff_boards(earlier_board, later_board)  # reads both boards, changes neither
            self._diff = (earlier.id, later.id, diff)
        earlier_pane, later_pane = ((self.left, self.right) if self.compared == earlier_index
                                    else (self.right, self.left))
        earlier_pane.set_changes(diff.earlier_marks(), dict.fromkeys(diff.arrows_removed, Change.GONE))
        later_pane.set_changes(diff.later_marks(), dict.fromkeys(diff.arrows_added, Change.NEW))
        self.changes_summary.setText(summary(diff))
        if self.right.view.fitted:
            self.fit()  # side by side, a fit starts where the boards changed

    # -- words ---------------------------------------------------------------------------------------------------------
    def _day_note(self, index: int) -> str:
        """"2nd that day" for a session that shares its date with another, else ""."""
        place, count = self._day_places[index] if index < len(self._day_places) else (1, 1)
        if count < 2:
            return ""
        ordinals = {1: self.tr("1st that day"), 2: self.tr("2nd that day"), 3: self.tr("3rd that day")}
        return ordinals.get(place) or self.tr("{n}th that day").format(n=place)

    def _heading(self, index: int) -> str:
        """A pane's heading: the long date, and which of the day's sessions it was when there were more."""
        heading = long_date(self.sessions[index].date)
        note = self._day_note(index)
        return f"{heading} ({note})" if note else heading

    def _choice_label(self, index: int) -> str:
        label = self.tr("Session {n} of {count} · {date}").format(
            n=index + 1, count=len(self.sessions), date=step_label(self.sessions[index]))
        note = self._day_note(index)
        if note:
            label += f" ({note})"
        return label + " " + self.tr("(open now)") if index == self.current_index else label

    def _caption(self, index: int, other: int) -> str:
        parts = []
        if other >= 0 and other != index:
            parts.append(self.tr("Earlier") if index < other else self.tr("Later"))
        if other < 0:  # side by side, the chooser above says which session it is
            parts.append(self.tr("Session {n} of {count}").format(n=index + 1, count=len(self.sessions)))
        elif self._day_note(index):  # and here again, whole, in case a narrow side cuts the chooser short
            parts.append(self._day_note(index))
        if self.sessions[index].title and self._show_titles:
            parts.append(self.sessions[index].title)
        if index == self.current_index:
            parts.append(self.tr("open now"))
        return " · ".join(parts)

    # -- boards, read lazily -------------------------------------------------------------------------------------------
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
