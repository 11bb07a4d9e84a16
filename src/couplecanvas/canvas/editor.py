"""In-place text editing over a card: a text item that lives only while the therapist types."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QKeyEvent, QPalette, QTextOption
from PySide6.QtWidgets import QGraphicsTextItem

from couplecanvas.canvas import style
from couplecanvas.canvas.key_events import key_command
from couplecanvas.canvas.screen_words import words_for
from couplecanvas.domain.board import CardKind

if TYPE_CHECKING:
    from couplecanvas.canvas.items import CardItem

KeyFilter = Callable[[QKeyEvent], bool]


class CardEditor(QGraphicsTextItem):
    """In-place text editing over a card. Enter, Esc or clicking away keeps the words; Shift+Enter makes a new line.

    The card grows with the text while typing (on screen), and the grown height is kept when editing ends.
    `key_filter`, when set, sees every key first and returns True for the keys it took (the word picker's keys)."""

    def __init__(self, card_item: CardItem, on_finished) -> None:
        super().__init__(card_item)
        self._card_item = card_item
        self._on_finished = on_finished
        self._finished = False
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
        if self._finished:
            return
        empty = self.document().isEmpty()
        if empty != self._empty:
            self._empty = empty
            self._card_item.update()  # the card paints the hint placeholder only while nothing is typed
        needed = self.boundingRect().height() + style.CARD_PADDING * 1.4
        self._card_item.set_size(self._card_item.live_rect().w, max(self._base_height, needed))

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
        self.key_filter = None
        self.document().contentsChanged.disconnect(self._on_contents_changed)
        self.clearFocus()
        self.setParentItem(None)

    def finish(self, keep: bool = True) -> None:
        if self._finished:
            return
        self._finished = True
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
