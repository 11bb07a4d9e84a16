"""In-place text editing of a card: the editor item over it, the word picker beside it, the words saved as they are
typed.

Mixed into BoardScene (scene.py); the editor and the card being edited are the scene's, never the card item's.

The words go to the document while the therapist types (at most TYPING_SAVE_MS after a key), so the document's autosave
writes them well before the editor closes; a crash mid-sentence loses under a second of typing. Every push of one
editing session (open the editor, type, close it) carries the session's `edit_id`, so they merge into one undo step:
Ctrl+Z after typing gives the words as they were before the editor opened."""

from __future__ import annotations

import itertools
import unicodedata

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF

from couplecanvas.canvas import style
from couplecanvas.canvas.editor import CardEditor
from couplecanvas.canvas.word_picker import open_word_picker
from couplecanvas.domain.board import MAX_CARD_TEXT

_edit_ids = itertools.count(1)  # one per editing session: its pushes merge into one undo step, never with another's


class EditingMixin:
    """BoardScene's in-place editing: start_editing, finish_editing and the editor's clean-up."""

    def start_editing(self, card_id: str, initial_text: str | None = None) -> None:
        """Type in a card; `initial_text` is appended (typing on a selected card starts here), after a space if the
        card already has words ("alone" + "hurt" gives "alone hurt"; see joined_text)."""
        if self.editing_card_id is not None:
            self.finish_editing()
        item = self.card_items[card_id]
        self.editing_card_id = card_id
        edit = (next(_edit_ids), item.card.height)  # the session's id, and the height the card had before it
        self._editor = CardEditor(
            item,
            lambda text, cid=card_id: self._on_editor_finished(cid, text, edit),
            lambda text, cid=card_id: self._store_typed(cid, text, edit),
        )
        item.update()
        self._editor.start(select_all=initial_text is None)
        self.word_picker = open_word_picker(self, self._editor, item.card)
        if initial_text:
            self._editor.textCursor().insertText(joined_text(item.card.text, initial_text)[len(item.card.text):])
        self.editing_changed.emit(True)

    def editor_is_empty(self) -> bool:
        """Nothing typed in the card being edited (its hint then stays as a placeholder); True when not editing."""
        return self._editor is None or self._editor.is_empty

    def finish_editing(self) -> None:
        """End in-place editing, keeping the words."""
        if self._editor is not None:
            self._editor.finish(True)

    def _store_typed(self, card_id: str, text: str, edit: tuple[int, float]) -> None:
        """The words typed so far go to the document (and from there to the autosave) while the editor stays open."""
        if card_id in self.document.board.cards:
            self._push_words(card_id, text, edit)

    def _push_words(self, card_id: str, text: str, edit: tuple[int, float]) -> None:
        """One change of the card's words (and the height they need: never less than before the editing began),
        merged into the editing session's undo step."""
        edit_id, base_height = edit
        text = text.strip()[:MAX_CARD_TEXT]
        card = self.document.board.cards[card_id]
        needed = needed_card_height(text, card.width)
        self.document.set_card_text(card_id, text, height=max(base_height, needed), edit_id=edit_id)

    def _on_editor_finished(self, card_id: str, text: str | None, edit: tuple[int, float]) -> None:
        self._close_editor()
        if text is None or card_id not in self.document.board.cards:
            return
        self._push_words(card_id, text, edit)
        if card_id in self.card_items:
            self.card_items[card_id].setSelected(True)

    def _close_editor(self) -> None:
        picker, self.word_picker = self.word_picker, None
        if picker is not None:
            picker.close()
        editor, self._editor = self._editor, None
        card_id, self.editing_card_id = self.editing_card_id, None
        if editor is not None:
            editor.detach()
            self.removeItem(editor)
        if card_id in self.card_items:
            self.card_items[card_id].sync()
        self.editing_changed.emit(False)


NO_SPACE_BEFORE = set(",.;:!?)]}»”’…")  # typed right after the words: "I feel" + ", alone" stays "I feel, alone"


SPACELESS_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR")  # written without spaces


def _spaceless(char: str) -> bool:
    return unicodedata.name(char, "").startswith(SPACELESS_SCRIPTS)


def joined_text(words: str, typed: str) -> str:
    """The card's words with newly typed text after them: a space between, unless one is there already, the card is
    empty, the typed text starts with punctuation that follows a word directly, or both sides are in a script written
    without spaces (Chinese, Japanese, Thai, ...)."""
    if not words or not typed or words[-1].isspace() or typed[0].isspace() or typed[0] in NO_SPACE_BEFORE:
        return words + typed
    if _spaceless(words[-1]) and _spaceless(typed[0]):
        return words + typed
    return f"{words} {typed}"


def needed_card_height(text: str, width: float) -> float:
    """The card height that shows `text` at the normal card font without shrinking."""
    metrics = QFontMetricsF(style.card_font())
    inner = width - 2 * style.CARD_PADDING
    flags = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)
    rect = metrics.boundingRect(QRectF(0, 0, inner, 10_000), flags, text or " ")
    return rect.height() + 2 * style.CARD_PADDING / 1.5 + 4
