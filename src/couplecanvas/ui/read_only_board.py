"""A past board to look at, never to change: a view that pans and zooms, under the session's date."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QWheelEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from couplecanvas.canvas import BoardScene, BoardView
from couplecanvas.document import BoardDocument
from couplecanvas.domain.board import Board
from couplecanvas.domain.couple import Couple, PartnerRole
from couplecanvas.domain.dates import long_date
from couplecanvas.domain.session import Session
from couplecanvas.ui.parts import set_bold

log = logging.getLogger(__name__)

ZOOM_KEYS = {
    QKeySequence("Ctrl+="): 1,
    QKeySequence("Ctrl++"): 1,
    QKeySequence("Ctrl+Shift+="): 1,
    QKeySequence("Ctrl+-"): -1,
}


class ReadOnlyBoardView(BoardView):
    """A board view that only looks: drag or scroll to pan, Ctrl+wheel or Ctrl+= / Ctrl+- to zoom, Ctrl+0 to fit.

    The scene gets no mouse or key events at all (the view is not interactive), so nothing can be selected,
    moved, typed or drawn; other keys go to the page around it.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setInteractive(False)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        # Dragging moves around; scroll bars would only add noise to a shared screen.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.fitted = True  # follows the window's size until the therapist zooms

    def fit_to_content(self) -> None:
        self.fitted = True
        super().fit_to_content()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.fitted = False
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        pressed = QKeySequence(event.keyCombination())
        if pressed in ZOOM_KEYS:
            self.fitted = False
            self.zoom_by(ZOOM_KEYS[pressed])
        elif pressed == QKeySequence("Ctrl+0"):
            self.fit_to_content()
        else:
            event.ignore()  # never the board's editing keys
            return
        event.accept()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        event.ignore()

    def tabletEvent(self, event) -> None:  # noqa: N802
        event.ignore()  # a pen then acts as a mouse: it pans

    def focusNextPrevChild(self, next_: bool) -> bool:  # noqa: N802
        return QWidget.focusNextPrevChild(self, next_)  # Tab leaves a read-only board (on the live board it makes cards)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.fitted:
            self.fit_to_content()


class StoryPane(QFrame):
    """One session's board, read-only, under its date; optionally with a chooser for which session to show."""

    session_chosen = Signal(int)
    """The therapist picked another session in this pane's chooser (its index, oldest first)."""

    def __init__(self, name: str, accent: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        # The accent matches this side's mark on the timeline, so it is plain which board is which.
        self.setStyleSheet(f"#{name} {{ border: 1px solid #d8d3c6; border-top: 6px solid {accent}; "
                           "background: #fbfaf6; }")
        # Side by side, both boards get the same width whatever their headers hold.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self.setMinimumWidth(280)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 0, 1, 1)
        layout.setSpacing(0)
        header = QVBoxLayout()
        header.setContentsMargins(14, 8, 14, 8)
        header.setSpacing(2)
        self.date_label = QLabel()
        self.date_label.setWordWrap(True)  # a narrow window wraps the date rather than growing
        self.date_label.setObjectName(f"{name}_date")
        set_bold(self.date_label, larger=8)
        self.caption = QLabel()
        self.caption.setObjectName(f"{name}_caption")
        self.caption.setWordWrap(True)
        font = self.caption.font()
        font.setPointSize(font.pointSize() + 2)
        self.caption.setFont(font)
        self.caption.setStyleSheet("color: #5b574e;")
        header.addWidget(self.date_label)
        header.addWidget(self.caption)
        row = QHBoxLayout()
        self.chooser_label = QLabel(self.tr("Session:"))
        self.chooser = QComboBox()
        self.chooser.setObjectName(f"{name}_chooser")
        self.chooser.setAccessibleName(self.tr("Session shown here"))
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.chooser_label.setBuddy(self.chooser)
        row.addWidget(self.chooser_label)
        row.addWidget(self.chooser)
        row.addStretch()
        header.addLayout(row)
        layout.addLayout(header)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet("color: #d8d3c6;")
        layout.addWidget(line)
        self.body = QStackedWidget()
        self.view = ReadOnlyBoardView()
        self.view.setObjectName(f"{name}_view")
        self.view.setAccessibleName(self.tr("Board, to look at only"))
        self.empty = QLabel()
        self.empty.setObjectName(f"{name}_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #5b574e; font-size: 15pt; background: #faf8f3;")
        self.body.addWidget(self.view)
        self.body.addWidget(self.empty)
        layout.addWidget(self.body, 1)
        self.document: BoardDocument | None = None
        self.scene: BoardScene | None = None
        self.session: Session | None = None
        self.chooser.activated.connect(self.session_chosen)
        self.set_chooser_visible(False)

    def set_chooser_visible(self, visible: bool) -> None:
        self.chooser_label.setVisible(visible)
        self.chooser.setVisible(visible)

    def set_choices(self, labels: list[str], index: int) -> None:
        """Fill the chooser (oldest first) and select one entry, without a signal."""
        self.chooser.blockSignals(True)
        if [self.chooser.itemText(i) for i in range(self.chooser.count())] != labels:
            self.chooser.clear()
            self.chooser.addItems(labels)
        self.chooser.setCurrentIndex(index)
        self.chooser.blockSignals(False)

    def show_session(self, couple: Couple, session: Session, board: Board | None, caption: str) -> None:
        """Show a session's board (None: it could not be read) under its date, in a document that never saves."""
        self.date_label.setText(long_date(session.date))
        self.caption.setText(caption)
        if self.session is not None and self.session.id == session.id and self.scene is not None:
            return
        self._drop_scene()
        self.session = session
        if board is None:
            self.empty.setText(self.tr("This board could not be read just now."))
            self.body.setCurrentWidget(self.empty)
            return
        if not (board.cards or board.strokes):
            self.empty.setText(self.tr("Nothing was put on the board in this session."))
            self.body.setCurrentWidget(self.empty)
            return
        # No saver: this document cannot write anything, whatever happens to it.
        self.document = BoardDocument(board, saver=None, parent=self)
        colours = {role: couple.partner(role).colour for role in PartnerRole}
        self.scene = BoardScene(self.document, colours, self)
        self.view.setScene(self.scene)
        self.body.setCurrentWidget(self.view)
        self.view.fit_to_content()
        QTimer.singleShot(0, self._fit_if_untouched)  # again, once the layout has given the view its size

    def _fit_if_untouched(self) -> None:
        if self.scene is not None and self.view.fitted:
            self.view.fit_to_content()

    def _drop_scene(self) -> None:
        self.view.setScene(None)
        for old in (self.scene, self.document):
            if old is not None:
                old.deleteLater()
        self.scene = None
        self.document = None
        self.session = None

    def clear(self) -> None:
        """Let the shown board go."""
        self._drop_scene()
        self.date_label.clear()
        self.caption.clear()
        self.chooser.clear()
        self.empty.clear()
        self.body.setCurrentWidget(self.empty)

    def card_texts(self) -> list[str]:
        """The words on the cards shown (empty when no board is shown)."""
        if self.scene is None:
            return []
        return [self.scene.document.board.cards[card_id].text for card_id in self.scene.card_items]
