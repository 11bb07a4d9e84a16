"""The sheet of keys, shown with `?`: everything on the board can be done from the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from couplecanvas.ui.parts import set_bold

SHORTCUTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Cards", [
        ("N / double-click", "New card, ready for typing"),
        ("Shift+N", "New sticky note"),
        ("T", "New text label"),
        ("Tab", "New card connected from the selected one (also while typing)"),
        ("Enter", "New sibling card below the selected one"),
        ("F2 / double-click / just type", "Edit the selected card's words"),
        ("Enter or Esc (while typing)", "Finish typing; Shift+Enter makes a new line"),
        ("Alt+1 / Alt+2 / Alt+0", "Give the card to the first or second partner, or to nobody"),
    ]),
    ("Arrows", [
        ("C, then drag from card to card", "Connect tool"),
        ("L", "Connect the selected cards in the order you picked them; on one card: pick the target with the "
              "arrow keys, then Enter"),
        ("Double-click an arrow", "Words on the arrow"),
        ("Drag an end of a selected arrow", "Reconnect it to another card"),
        ("Ctrl+R", "Mark a reframe: select the old story, Shift+click its new story, then Ctrl+R"),
    ]),
    ("Templates", [
        ("Ctrl+Shift+T", "Insert a template: the cycle, an iceberg and other ready maps (Enter inserts)"),
        ("Board menu", "Save board as template: keep this layout as a template of your own"),
    ]),
    ("Selection", [
        ("Click, Shift+click, drag a box", "Select"),
        ("Ctrl+A", "Select everything"),
        ("Alt+arrow keys", "Select the nearest card in that direction (Shift adds it)"),
        ("Arrow keys / Shift+arrow keys", "Nudge by 1 / 10 (by the grid step when snapping)"),
        ("Delete", "Delete (a card's arrows go with it)"),
        ("Ctrl+C, Ctrl+X, Ctrl+V, Ctrl+D", "Copy, cut, paste (also into another session), duplicate"),
        ("Ctrl+G / Ctrl+Shift+G", "Group / ungroup"),
        ("Ctrl+] / Ctrl+[", "Bring to front / send to back"),
        ("G", "Snap to the grid on or off"),
    ]),
    ("Ink", [
        ("P", "Pen (uses a tablet's pressure)"),
        ("H", "Highlighter"),
        ("E", "Eraser: wipe over lines to remove them"),
        ("V or Esc", "Back to selecting"),
    ]),
    ("View", [
        ("Ctrl+wheel, Ctrl+= / Ctrl+-, pinch", "Zoom"),
        ("Space+drag, middle button", "Pan"),
        ("Ctrl+0 / Ctrl+1 / Ctrl+2", "Fit the board / actual size / zoom to the selection"),
    ]),
    ("Session", [
        ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo (the whole session)"),
        ("Ctrl+E", "Preview the handout (then Ctrl+S: save the PDF, Ctrl+P: print, Esc: back)"),
        ("Ctrl+Shift+P", "Show or hide private notes"),
        ("Ctrl+Shift+Y", "Story over time: this couple's boards, session by session (← / → step, Esc returns)"),
        ("?", "This sheet"),
    ]),
]


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
            heading = QTableWidgetItem(self.tr(section))
            set_bold(heading)
            table.setItem(row, 0, heading)
            row += 1
            for keys, meaning in entries:
                table.setItem(row, 0, QTableWidgetItem(keys))
                table.setItem(row, 1, QTableWidgetItem(self.tr(meaning)))
                row += 1
        table.setWordWrap(True)
        table.resizeRowsToContents()
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
