"""A past board to look at, never to change: a view that pans and zooms, under the session's date, with what changed
since (or until) the board beside it marked on it."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGraphicsItem,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from couplecanvas.canvas import BoardScene
from couplecanvas.document import BoardDocument
from couplecanvas.domain.board import Board
from couplecanvas.domain.board_diff import Change
from couplecanvas.domain.couple import Couple, PartnerRole
from couplecanvas.domain.dates import long_date
from couplecanvas.domain.session import Session
from couplecanvas.ui.change_marks import CardChangeMark, add_marks
from couplecanvas.ui.parts import set_bold
from couplecanvas.ui.read_only_view import ReadOnlyBoardView

__all__ = ["ReadOnlyBoardView", "StoryPane"]  # the view lives in read_only_view; still importable from here

log = logging.getLogger(__name__)


class SessionChooser(QComboBox):
    """A combo box that shows its choice cut short with "…" when its side is narrow (its list shows it whole)."""

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        option.currentText = self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideRight,
                                                           field.width())
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


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
        # Side by side, the chooser is the heading (session, date, which of the day's sessions): one row, the same
        # height on both sides, so the two boards start level and keep the most room.
        self.chooser = SessionChooser()
        self.chooser.setObjectName(f"{name}_chooser")
        self.chooser.setAccessibleName(self.tr("Session shown here"))
        self.chooser.setToolTip(self.tr("Choose the session shown on this side"))
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.chooser.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # never wider than the side
        set_bold(self.chooser, larger=2)
        header.addWidget(self.date_label)
        header.addWidget(self.chooser)
        header.addWidget(self.caption)
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
        self._marks: list[QGraphicsItem] = []
        self.chooser.activated.connect(self.session_chosen)
        self.set_chooser_visible(False)

    def set_chooser_visible(self, visible: bool) -> None:
        """Side by side: the session chooser is this side's heading, in place of the long date."""
        self.chooser.setVisible(visible)
        self.date_label.setVisible(not visible)

    def set_choices(self, labels: list[str], index: int) -> None:
        """Fill the chooser (oldest first) and select one entry, without a signal."""
        self.chooser.blockSignals(True)
        if [self.chooser.itemText(i) for i in range(self.chooser.count())] != labels:
            self.chooser.clear()
            self.chooser.addItems(labels)
        self.chooser.setCurrentIndex(index)
        self.chooser.blockSignals(False)

    def show_session(self, couple: Couple, session: Session, board: Board | None, caption: str,
                     heading: str | None = None) -> None:
        """Show a session's board (None: it could not be read) under its date (or `heading`), in a document that
        never saves."""
        self.date_label.setText(heading or long_date(session.date))
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

    # -- what changed, marked on this board ----------------------------------------------------------------------------
    def set_changes(self, cards: dict[str, Change], arrows: dict[str, Change]) -> None:
        """Mark cards and arrows of the shown board (by id) as new, changed, moved or gone; replaces earlier marks."""
        self.clear_changes()
        if self.scene is not None:
            self._marks = add_marks(self.scene, self.scene.document.board, cards, arrows)
            # A fit that cannot show the whole board shows the marked cards first.
            marked = [m.sceneBoundingRect() for m in self._marks if isinstance(m, CardChangeMark)]
            area = marked[0] if marked else None
            for rect in marked[1:]:
                area = area.united(rect)
            self.view.focus_area = area.adjusted(-40, -40, 40, 40) if area is not None else None  # room for the tags

    def clear_changes(self) -> None:
        """Take every change mark off the shown board."""
        for item in self._marks:
            if item.scene() is not None:
                item.scene().removeItem(item)
        self._marks = []
        self.view.focus_area = None

    def change_tags(self) -> list[tuple[str, str]]:
        """(the card's words, its tag) for every marked card, in reading order."""
        if self.scene is None:
            return []
        board = self.scene.document.board
        marks = [m for m in self._marks if isinstance(m, CardChangeMark)]
        marks.sort(key=lambda m: (board.cards[m.card_id].y, board.cards[m.card_id].x))
        return [(board.cards[m.card_id].text, m.tag.text) for m in marks]

    def marked_arrows(self) -> list[str]:
        """The ids of the arrows marked on the shown board."""
        return [m.data(0) for m in self._marks if not isinstance(m, CardChangeMark)]

    def _drop_scene(self) -> None:
        self.clear_changes()
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
