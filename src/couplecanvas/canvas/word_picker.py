"""The emotion word picker: while typing in a slot that asks for feelings, a short list of words of the slot's level.

The list is a child widget of the view's viewport, not a popup window: when the therapist shares this one window over
a call, the couple sees the words too, and the card editor keeps the keyboard. It only suggests: with no word
highlighted every key does what it did before, so the couple's own words are always welcome.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen, QTextCursor
from PySide6.QtWidgets import QApplication, QGraphicsView, QWidget

from couplecanvas.canvas import style
from couplecanvas.domain.board import HINT_COLOUR

if TYPE_CHECKING:
    from couplecanvas.canvas.editor import CardEditor
    from couplecanvas.canvas.scene import BoardScene
    from couplecanvas.domain.board import Card
    from couplecanvas.domain.emotions import EmotionWords

SEPARATORS = (",", "\n", "\u2028", "\u2029")  # a new fragment starts after a comma or a line break
MAX_WORDS = 8
WORD_POINT_SIZE = 13  # fixed, whatever the zoom: the words stay readable over a video call
TITLE_POINT_SIZE = 10
GAP = 6  # between the card and the list, in screen pixels
EDGE = 4  # the list keeps this far inside the viewport
PAD = 10
MIN_WIDTH = 180
PANEL_COLOUR = QColor("#ffffff")
PANEL_BORDER = QColor("#c9c1ad")
TITLE_COLOUR = QColor(HINT_COLOUR).darker(140)
LEFT_MIDDLE = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def fragment_span(text: str, position: int) -> tuple[int, int]:
    """Where the words being typed sit in `text`: from after the last comma or line break before `position`
    (leading spaces skipped) to the next one after it (trailing spaces dropped, never ending before `position`)."""
    start = max(text.rfind(sep, 0, position) for sep in SEPARATORS) + 1
    while start < position and text[start].isspace():
        start += 1
    ends = [i for i in (text.find(sep, position) for sep in SEPARATORS) if i >= 0]
    end = min(ends, default=len(text))
    while end > position and text[end - 1].isspace():
        end -= 1
    return start, end


class WordPicker(QWidget):
    """The list itself: the level's title over a column of words, one of them perhaps highlighted. Never focused."""

    word_clicked = Signal(int)
    """A word was clicked (its row)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._title = ""
        self._words: tuple[str, ...] = ()
        self._current = -1
        self._word_font = style.card_font(WORD_POINT_SIZE)
        self._title_font = style.card_font(TITLE_POINT_SIZE)
        self._title_font.setBold(True)
        self._row = math.ceil(QFontMetricsF(self._word_font).height()) + 8
        self._title_height = math.ceil(QFontMetricsF(self._title_font).height()) + 10

    @property
    def words(self) -> tuple[str, ...]:
        return self._words

    @property
    def current(self) -> int:
        """The highlighted row, or -1."""
        return self._current

    def set_words(self, title: str, words: list[str] | tuple[str, ...], max_width: int) -> None:
        self._title = title
        self._words = tuple(words)
        self._current = -1
        self.setAccessibleName(title)
        measure = QFontMetricsF(self._word_font)
        widest = max((measure.horizontalAdvance(w) for w in self._words), default=0.0)
        widest = max(widest, QFontMetricsF(self._title_font).horizontalAdvance(title))
        width = min(max(MIN_WIDTH, math.ceil(widest) + 2 * PAD + 4), max(max_width, 60))
        self.resize(QSize(width, self._title_height + self._row * len(self._words) + 6))
        self.update()

    def set_current(self, row: int) -> None:
        if row != self._current:
            self._current = row
            self.update()

    def word_rect(self, row: int) -> QRect:
        """A word's row, in this widget's coordinates."""
        return QRect(1, self._title_height + row * self._row, self.width() - 2, self._row)

    def row_at(self, point: QPoint) -> int:
        if point.y() < self._title_height:
            return -1
        row = (point.y() - self._title_height) // self._row
        return row if 0 <= row < len(self._words) else -1

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        outline = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(PANEL_BORDER, 1.0))
        painter.setBrush(PANEL_COLOUR)
        painter.drawRoundedRect(outline, 8, 8)
        painter.setFont(self._title_font)
        painter.setPen(TITLE_COLOUR)
        painter.drawText(QRectF(PAD, 2, self.width() - 2 * PAD, self._title_height - 2), LEFT_MIDDLE, self._title)
        painter.setFont(self._word_font)
        for row, word in enumerate(self._words):
            box = QRectF(self.word_rect(row)).adjusted(3, 1, -3, -1)
            if row == self._current:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(style.SELECTION_COLOUR)
                painter.drawRoundedRect(box, 5, 5)
                painter.setPen(PANEL_COLOUR)
            else:
                painter.setPen(style.TEXT_COLOUR)
            painter.drawText(box.adjusted(PAD - 3, 0, 0, 0), LEFT_MIDDLE, word)
        painter.end()

    # Every click is kept here: one that reached the board would end the typing.
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        event.accept()
        if event.button() == Qt.MouseButton.LeftButton:
            row = self.row_at(event.position().toPoint())
            if row >= 0:
                self.word_clicked.emit(row)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        event.accept()


class WordPickerSession(QObject):
    """The picker for one card while it is being edited: follows the typing, the card and the view; takes a few keys."""

    def __init__(self, scene: BoardScene, view: QGraphicsView, editor: CardEditor, card: Card, title: str,
                 words: EmotionWords) -> None:
        super().__init__()
        self._scene = scene
        self._view = view
        self._editor = editor
        self._card_id = card.id
        self._role = card.role
        self._title = title
        self._emotion_words = words
        self._dismissed = False  # Esc, or a word just taken: hidden until the next thing typed
        self._applying = False
        self._closed = False
        self.widget = WordPicker(view.viewport())
        self.widget.hide()
        self.widget.word_clicked.connect(self._on_word_clicked)
        self._linger = QTimer(self)
        self._linger.setSingleShot(True)
        self._linger.timeout.connect(self._update_visibility)
        editor.key_filter = self.handle_key
        editor.document().contentsChanged.connect(self._on_text_changed)
        view.horizontalScrollBar().valueChanged.connect(self._place)
        view.verticalScrollBar().valueChanged.connect(self._place)
        zoom_changed = getattr(view, "zoom_changed", None)
        if zoom_changed is not None:
            zoom_changed.connect(self._place)
        view.viewport().installEventFilter(self)
        self.refresh()

    # -- what tests and the scene ask ----------------------------------------------------------------------------------
    @property
    def title(self) -> str:
        return self._title

    @property
    def words(self) -> tuple[str, ...]:
        """The words listed now (also while the list is hidden)."""
        return self.widget.words

    @property
    def is_shown(self) -> bool:
        return not self._closed and self.widget.isVisible()

    @property
    def highlighted(self) -> str | None:
        row = self.widget.current
        return self.widget.words[row] if row >= 0 else None

    # -- following the typing ------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """List the words that fit the fragment being typed; nothing is highlighted afterwards."""
        cursor = self._editor.textCursor()
        words: list[str] = []
        if not cursor.hasSelection():  # typing will replace the selection: wait for it
            text = self._editor.toPlainText()
            position = cursor.position()
            start, _end = fragment_span(text, position)
            words = self._emotion_words.suggestions(self._role, text[start:position], MAX_WORDS)
        self.widget.set_words(self._title, words, self._view.viewport().width() - 2 * EDGE)
        self._update_visibility()

    def _on_text_changed(self) -> None:
        if self._applying or self._closed:
            return
        self._dismissed = False
        self._linger.stop()
        self.refresh()

    def _update_visibility(self) -> None:
        if self._closed:
            return
        wanted = bool(self.widget.words) and not self._dismissed and self._scene.editing_card_id == self._card_id
        if wanted and self._place():
            if not self.widget.isVisible():
                self.widget.show()
                self.widget.raise_()
        elif not self._linger.isActive():
            self.widget.hide()

    def _place(self) -> bool:
        """Put the list just below the card on screen (above it when there is no room); False when the card is
        out of sight."""
        if self._closed:
            return False
        item = self._scene.card_items.get(self._card_id)
        if item is None or self._view.scene() is not self._scene:
            self.widget.hide()
            return False
        rect = item.live_rect()
        card = self._view.mapFromScene(QRectF(rect.x, rect.y, rect.w, rect.h)).boundingRect()
        area = self._view.viewport().rect()
        if not card.intersects(area):
            self.widget.hide()
            return False
        width, height = self.widget.width(), self.widget.height()
        x = max(EDGE, min(card.left(), area.width() - width - EDGE))
        below, above = card.bottom() + GAP, card.top() - GAP - height
        if below + height <= area.height() - EDGE:
            y = below
        elif above >= EDGE:
            y = above
        else:  # no room either way: the roomier side, kept inside the viewport
            y = below if area.height() - card.bottom() >= card.top() else above
            y = max(EDGE, min(y, area.height() - height - EDGE))
        self.widget.move(x, y)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize and not self._closed:
            self._update_visibility()
        return False

    # -- keys and clicks -----------------------------------------------------------------------------------------------
    def handle_key(self, event: QKeyEvent) -> bool:
        """The editor's key filter: Down/Up move the highlight, Enter takes the highlighted word, Esc hides the list.
        Only while the list is shown; every other key (and Enter with nothing highlighted) is left to the editor."""
        if not self.is_shown or self._dismissed:  # dismissed yet shown: a clicked word lingering a moment
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier != Qt.KeyboardModifier.NoModifier:
            return False
        key = event.key()
        count = len(self.widget.words)
        current = self.widget.current
        if key == Qt.Key.Key_Down:
            self.widget.set_current(min(current + 1, count - 1))
            return True
        if key == Qt.Key.Key_Up:
            self.widget.set_current(count - 1 if current < 0 else current - 1)  # up from the top: back to typing
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and current >= 0:
            self.take(self.widget.words[current])
            return True
        if key == Qt.Key.Key_Escape:
            self._dismissed = True
            self._linger.stop()
            self.widget.hide()
            return True
        return False

    def _on_word_clicked(self, row: int) -> None:
        self.widget.set_current(row)
        # The list stays a moment with the word lit, so a double click does not land on the card beneath it.
        self._linger.start(QApplication.doubleClickInterval())
        self.take(self.widget.words[row])

    def take(self, word: str) -> None:
        """Put `word` in place of the fragment being typed; the list then hides until the next thing typed."""
        cursor = self._editor.textCursor()
        if cursor.hasSelection():
            cursor.removeSelectedText()
        text = self._editor.toPlainText()
        start, end = fragment_span(text, cursor.position())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self._applying = True
        try:
            cursor.insertText(word)
        finally:
            self._applying = False
        self._editor.setTextCursor(cursor)
        self._dismissed = True
        self._update_visibility()

    def close(self) -> None:
        """Editing ended: let go of the editor and the view, and remove the list."""
        if self._closed:
            return
        self._closed = True
        self._linger.stop()
        if shiboken6.isValid(self._editor):
            self._editor.key_filter = None
            self._editor.document().contentsChanged.disconnect(self._on_text_changed)
        view = self._view
        if shiboken6.isValid(view):
            view.horizontalScrollBar().valueChanged.disconnect(self._place)
            view.verticalScrollBar().valueChanged.disconnect(self._place)
            zoom_changed = getattr(view, "zoom_changed", None)
            if zoom_changed is not None:
                zoom_changed.disconnect(self._place)
            view.viewport().removeEventFilter(self)
        if shiboken6.isValid(self.widget):
            self.widget.hide()
            self.widget.deleteLater()


def _editing_view(scene: BoardScene) -> QGraphicsView | None:
    """The view the therapist types in: the one with the keyboard, else the first."""
    views = scene.views()
    return next((v for v in views if v.hasFocus()), views[0] if views else None)


def open_word_picker(scene: BoardScene, editor: CardEditor, card: Card) -> WordPickerSession | None:
    """A picker for the card being edited, when its slot offers a level of emotion words; else None."""
    words = scene.emotion_words
    if words is None:
        return None
    level = words.level_for_role(card.role)
    view = _editing_view(scene)
    if level is None or view is None:
        return None
    return WordPickerSession(scene, view, editor, card, level.title, words)
