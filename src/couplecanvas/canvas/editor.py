"""In-place text editing over a card: a text item that lives only while the therapist types."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QAbstractTextDocumentLayout, QKeyEvent, QPalette, QTextCursor, QTextOption
from PySide6.QtWidgets import QGraphicsSimpleTextItem, QGraphicsTextItem

from couplecanvas.canvas import style
from couplecanvas.canvas.key_events import key_command
from couplecanvas.canvas.screen_words import words_for
from couplecanvas.domain.board import MAX_CARD_TEXT, CardKind

if TYPE_CHECKING:
    from couplecanvas.canvas.items import CardItem

KeyFilter = Callable[[QKeyEvent], bool]

TYPING_SAVE_MS = 300
"""The words being typed go to the document at most this long after a keystroke (then the document's autosave writes
them): a crash while typing loses well under a second of words. Not restarted by each key, so steady typing is saved
too."""


def limit_message() -> str:
    """What the note under a full card says."""
    return QCoreApplication.translate(
        "CardEditor", "A card holds up to {limit:,} characters; the rest was not added.").format(limit=MAX_CARD_TEXT)


def _utf16_length(text: str) -> int:
    """The length Qt counts for `text` (a character outside the BMP counts two)."""
    return len(text.encode("utf-16-le")) // 2


class CardEditor(QGraphicsTextItem):
    """In-place text editing over a card. Enter, Esc or clicking away keeps the words; Shift+Enter makes a new line.

    The card grows with the text while typing (on screen), and the grown height is kept when editing ends.
    `key_filter`, when set, sees every key first and returns True for the keys it took (the word picker's keys)."""

    def __init__(self, card_item: CardItem, on_finished, on_typed: Callable[[str], None] | None = None) -> None:
        super().__init__(card_item)
        self._card_item = card_item
        self._on_finished = on_finished
        self._on_typed = on_typed
        self._finished = False
        self._cutting = False
        self._typed_timer = QTimer(self)
        self._typed_timer.setSingleShot(True)
        self._typed_timer.timeout.connect(self._send_typed)
        self.limit_note = QGraphicsSimpleTextItem(limit_message(), self)
        self.limit_note.setFont(style.card_font(max(7, style.CARD_FONT_POINT_SIZE - 2)))
        self.limit_note.setBrush(style.TEXT_COLOUR)
        self.limit_note.setVisible(False)
        self.key_filter: KeyFilter | None = None
        card = card_item.card
        self._base_height = card.height
        self.setFont(style.card_font(style.CARD_FONT_POINT_SIZE + (3 if card.kind is CardKind.LABEL else 0)))
        self.setDefaultTextColor(style.TEXT_COLOUR)
        self.setPlainText(card.text)
        self._empty = not card.text
        self.setTextWidth(card.width - 2 * style.CARD_PADDING)
        self.setPos(style.CARD_PADDING, style.CARD_PADDING / 1.5)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextEditorInteraction)
        option = self.document().defaultTextOption()
        option.setAlignment(Qt.AlignmentFlag.AlignCenter)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDefaultTextOption(option)
        self.document().contentsChanged.connect(self._on_contents_changed)

    @property
    def is_empty(self) -> bool:
        """No words typed yet (the card then shows its hint as a placeholder)."""
        return self._empty

    def _on_contents_changed(self) -> None:
        if self._finished or self._cutting:
            return
        if len(self.toPlainText()) > MAX_CARD_TEXT:
            self._cut_to_limit()
        if self._on_typed is not None and not self._typed_timer.isActive():
            self._typed_timer.start(TYPING_SAVE_MS)
        empty = self.document().isEmpty()
        if empty != self._empty:
            self._empty = empty
            self._card_item.update()  # the card paints the hint placeholder only while nothing is typed
        needed = self.boundingRect().height() + style.CARD_PADDING * 1.4
        self._card_item.set_size(self._card_item.live_rect().w, max(self._base_height, needed))
        self._place_limit_note()

    def refit(self) -> None:
        """Size the card to the words typed again (after the document synced the card item to its stored size)."""
        if not self._finished:
            needed = self.boundingRect().height() + style.CARD_PADDING * 1.4
            self._card_item.set_size(self._card_item.live_rect().w, max(self._base_height, needed))
            self._place_limit_note()

    def _cut_to_limit(self) -> None:
        """Refuse the characters past MAX_CARD_TEXT: those just typed or pasted (before the cursor) are taken off, so a
        long paste keeps its beginning; the note under the card says why."""
        text = self.toPlainText()
        excess = len(text) - MAX_CARD_TEXT
        cursor = self.textCursor()
        end = cursor.position()  # in Qt's UTF-16 units
        # The cursor's place as a Python index: count characters until their UTF-16 length reaches `end`.
        index, units = 0, 0
        while index < len(text) and units < end:
            units += 2 if ord(text[index]) > 0xFFFF else 1
            index += 1
        start_index = max(0, index - excess)
        cut_from, cut_to = _utf16_length(text[:start_index]), end
        if index - start_index < excess:  # the cursor was not after the new characters: take the text's end instead
            cut_from, cut_to = _utf16_length(text[:MAX_CARD_TEXT]), _utf16_length(text)
        self._cutting = True
        try:
            cut = QTextCursor(self.document())
            cut.joinPreviousEditBlock()  # one undo inside the editor takes the paste and its cut back together
            cut.setPosition(cut_from)
            cut.setPosition(cut_to, QTextCursor.MoveMode.KeepAnchor)
            cut.removeSelectedText()
            cut.endEditBlock()
        finally:
            self._cutting = False
        self.limit_note.setVisible(True)
        self._place_limit_note()

    def _place_limit_note(self) -> None:
        if self.limit_note.isVisible():
            # Just under the card, left-aligned with it (the editor sits inside the card's padding).
            self.limit_note.setPos(-self.pos().x(), self._card_item.live_rect().h - self.pos().y() + 4)

    def _send_typed(self) -> None:
        if not self._finished and self._on_typed is not None:
            self._on_typed(self.toPlainText())

    def start(self, select_all: bool = True) -> None:
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        cursor = self.textCursor()
        if select_all:
            cursor.select(cursor.SelectionType.Document)
        else:
            cursor.movePosition(cursor.MoveOperation.End)
        self.setTextCursor(cursor)

    def detach(self) -> None:
        """Stop reacting and let go of the card (called when editing ends)."""
        self._finished = True
        self._typed_timer.stop()
        self.key_filter = None
        self.document().contentsChanged.disconnect(self._on_contents_changed)
        self.clearFocus()
        self.setParentItem(None)

    def finish(self, keep: bool = True) -> None:
        if self._finished:
            return
        self._finished = True
        self._typed_timer.stop()
        self._on_finished(self.toPlainText() if keep else None)

    def sceneEvent(self, event) -> bool:  # noqa: N802
        # QGraphicsTextItem gives Tab straight to its text control (it would type a tab): take it first.
        if event.type() == QEvent.Type.KeyPress and key_command(event, "typing") == "typing_connected_card":
            self.keyPressEvent(event)
            return True
        return super().sceneEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if self.key_filter is not None and self.key_filter(event):
            return
        command = key_command(event, "typing")  # the keys come from canvas/keys.py
        if command == "finish_typing":
            self.finish(True)
            return
        if command == "typing_connected_card":
            # Tab while typing: keep the words and go on with a connected card.
            scene = self._card_item.board_scene()
            card_id = self._card_item.card_id
            self.finish(True)
            scene.add_connected_card(card_id)
            return
        super().keyPressEvent(event)

    def paint(self, painter, option, widget=None) -> None:
        """In a view seen by others (see screen_words), the words being typed show with aliases, never as typed."""
        words = words_for(widget)
        text = self.toPlainText()
        shown = words(text) if words is not None and text else text
        if shown == text:
            super().paint(painter, option, widget)
            return
        document = self.document().clone()
        document.setPlainText(shown)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, self.defaultTextColor())
        document.documentLayout().draw(painter, context)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.finish(True)
