"""Simple full-size pages shown in the centre when there is no board to show."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class MessagePage(QWidget):
    """A centred message with an optional button."""

    action_requested = Signal()
    """The page's button was pressed."""

    def __init__(self, text: str, button_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch()
        self.label = QLabel(text)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color: #5b574e; font-size: 14pt;")
        layout.addWidget(self.label)
        self.button = QPushButton(button_text)
        self.button.setVisible(bool(button_text))
        self.button.setMinimumHeight(40)
        self.button.clicked.connect(self.action_requested)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch()

    def set_text(self, text: str) -> None:
        self.label.setText(text)


NEUTRAL_COLOUR = "#e8e4dc"


class NeutralPage(QWidget):
    """A calm, empty screen for a shared window: blanked, or between two couples. It names nobody."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("neutral_page")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor(NEUTRAL_COLOUR))
        self.setPalette(palette)
