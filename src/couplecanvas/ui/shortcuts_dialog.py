"""The sheet of keys, shown with `?`: everything on the board can be done from the keyboard."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from couplecanvas.canvas import keys
from couplecanvas.ui.parts import set_bold

SHORTCUTS: list[tuple[str, list[tuple[str, str]]]] = [
    (section, [(" / ".join(keys.shown_keys(b)), b.does) for b in bindings]) for section, bindings in keys.sections()
]
"""The sheet's rows, section by section: (keys as people write them, what they do), from canvas/keys.py."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("keys", text)


class ShortcutsDialog(QDialog):
    """A calm, readable table of keys."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.resize(760, 640)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Everything on the board works from the keyboard."))
        layout.addWidget(intro)
        rows = sum(len(entries) + 1 for _, entries in SHORTCUTS)
        table = QTableWidget(rows, 2)
        table.setObjectName("shortcuts_table")
        table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("What it does")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        row = 0
        for section, entries in SHORTCUTS:
            heading = QTableWidgetItem(_tr(section))
            set_bold(heading)
            table.setItem(row, 0, heading)
            row += 1
            for shown, meaning in entries:
                table.setItem(row, 0, QTableWidgetItem(_tr(shown)))
                table.setItem(row, 1, QTableWidgetItem(_tr(meaning)))
                row += 1
        table.setWordWrap(True)
        table.resizeRowsToContents()
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
