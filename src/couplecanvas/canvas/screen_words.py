"""Words as one view shows them. Two views can show one scene (the therapist's window and the share window); a view
that may be seen by others carries `screen_words`, which turns first names into aliases as the items paint. What is
stored never changes: the same card reads as typed in one window and with aliases in the other."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

ScreenWords = Callable[[str], str]


def words_for(widget: QWidget | None) -> ScreenWords | None:
    """The painting view's word rule (items are painted into a view's viewport), or None: the words as typed."""
    view = widget.parentWidget() if widget is not None else None
    return getattr(view, "screen_words", None)


def shown(widget: QWidget | None, text: str) -> str:
    """`text` as the view that `widget` belongs to may show it."""
    if not text:
        return text
    words = words_for(widget)
    return words(text) if words is not None else text
