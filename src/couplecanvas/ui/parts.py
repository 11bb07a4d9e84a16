"""Small pieces the dialogs and pages share: headings between groups of a list, rows that carry a key, bold titles,
the red problem line and the Save/Cancel buttons."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QTableWidgetItem

if TYPE_CHECKING:
    from couplecanvas.domain.homework import Exercise

KEY_ROLE = Qt.ItemDataRole.UserRole
HEADING_COLOUR = "#6f6a5f"
PROBLEM_COLOUR = "#a12a12"


def set_bold(widget: QLabel | QListWidgetItem | QTableWidgetItem, larger: int = 0) -> None:
    """Make a label's (or a list or table row's) font bold, `larger` points above its own size."""
    font = widget.font()
    if larger:
        font.setPointSize(font.pointSize() + larger)
    font.setBold(True)
    widget.setFont(font)


def problem_label(name: str) -> QLabel:
    """A hidden, word-wrapped label in the problem red, for what keeps a dialog or panel from doing its work."""
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(f"color: {PROBLEM_COLOUR};")
    label.setWordWrap(True)
    label.hide()
    return label


def save_cancel_buttons(dialog: QDialog) -> QDialogButtonBox:
    """Save and Cancel buttons, wired to the dialog's accept and reject."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def add_heading(widget: QListWidget, text: str, height: int | None = None) -> None:
    """Add a bold, muted row that names the group below it and can never be chosen."""
    heading = QListWidgetItem(text)
    heading.setFlags(Qt.ItemFlag.NoItemFlags)
    set_bold(heading)
    heading.setForeground(QColor(HEADING_COLOUR))
    if height is not None:
        heading.setSizeHint(QSize(0, height))
    widget.addItem(heading)


def approach_headings(exercises: Iterable[Exercise]) -> Iterator[tuple[str | None, Exercise]]:
    """Each exercise with the approach heading to show above it: None while it continues the group above."""
    approach = None
    for exercise in exercises:
        if exercise.approach.casefold() != (approach or "").casefold():
            approach = exercise.approach
            yield approach, exercise
        else:
            yield None, exercise


def listed_keys(widget: QListWidget) -> list[str]:
    """The keys of a list's rows, in list order (headings and hints carry none)."""
    items = (widget.item(row) for row in range(widget.count()))
    return [item.data(KEY_ROLE) for item in items if item.data(KEY_ROLE)]


def row_of(widget: QListWidget, key: str | None) -> int | None:
    """The row that carries `key`, or None."""
    for row in range(widget.count()):
        if key is not None and widget.item(row).data(KEY_ROLE) == key:
            return row
    return None


def set_current_key(widget: QListWidget, key: str) -> None:
    """Make the row that carries `key` the current one; KeyError when no row does."""
    row = row_of(widget, key)
    if row is None:
        raise KeyError(key)
    widget.setCurrentRow(row)
