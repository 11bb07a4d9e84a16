"""Words as one view shows them. Two views can show one scene (the therapist's window and the share window); a view
that may be seen by others carries `screen_words`, which turns first names into aliases as the items paint. What is
stored never changes: the same card reads as typed in one window and with aliases in the other.

An exported picture of the board (PNG, SVG) is painted with no view at all: `painting_words` gives the words for that
one painting, so the picture follows the same rule (domain.privacy) as the screen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from PySide6.QtWidgets import QWidget

ScreenWords = Callable[[str], str]

# Set only for the length of one export (see painting_words): a context variable rather than a module setting, so
# nothing outlives the painting it was meant for.
_WITHOUT_VIEW: ContextVar[ScreenWords | None] = ContextVar("words_without_view", default=None)


@contextmanager
def painting_words(words: ScreenWords | None) -> Iterator[None]:
    """While the block runs, items painted without a view (into a picture) show their words through `words`."""
    token = _WITHOUT_VIEW.set(words)
    try:
        yield
    finally:
        _WITHOUT_VIEW.reset(token)


def words_for(widget: QWidget | None) -> ScreenWords | None:
    """The painting view's word rule (items are painted into a view's viewport), the picture's while one is being
    made without a view, or None: the words as typed."""
    if widget is None:
        return _WITHOUT_VIEW.get()
    return getattr(widget.parentWidget(), "screen_words", None)


def shown(widget: QWidget | None, text: str) -> str:
    """`text` as the view that `widget` belongs to may show it."""
    if not text:
        return text
    words = words_for(widget)
    return words(text) if words is not None else text
