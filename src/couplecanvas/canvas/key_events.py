"""Which binding of the key table (canvas/keys.py) a key press stands for; read by the board view and card editor."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence

from couplecanvas.canvas import keys

_SHIFT = Qt.KeyboardModifier.ShiftModifier
_COMBOS: dict[str, dict[tuple[Qt.Key, Qt.KeyboardModifier], str]] = {}


def _combo_table(context: str) -> dict[tuple[Qt.Key, Qt.KeyboardModifier], str]:
    """(key, modifiers) -> binding id, for the bindings that apply in `context`."""
    table = {}
    for b in keys.KEYS.values():
        if b.context == context:
            for sequence in b.sequences:
                combination = QKeySequence(sequence)[0]
                table[(combination.key(), combination.keyboardModifiers())] = b.id
    return table


def key_command(event: QKeyEvent, context: str = "board") -> str | None:
    """The id of the binding that a key press stands for in a context (see canvas/keys.py), or None."""
    table = _COMBOS.get(context)
    if table is None:
        table = _COMBOS[context] = _combo_table(context)
    key = Qt.Key(event.key())
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    found = table.get((key, mods))
    text = event.text()
    if found is None and mods & _SHIFT and len(text) == 1 and text.isascii() and text.isprintable() and not (
        text.isalnum() or text.isspace()
    ):
        # "?" comes with Shift on most keyboards, as Key_Question or (on some) Key_Slash: the character is what counts.
        found = table.get((key, mods & ~_SHIFT)) or table.get((Qt.Key(ord(text)), mods & ~_SHIFT))
    return found
