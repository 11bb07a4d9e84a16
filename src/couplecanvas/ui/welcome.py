"""What a new therapist sees on an empty database: what the app is for, and one click to a filled example."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from couplecanvas.ui.parts import set_bold


class WelcomePage(QWidget):
    """A calm first page with two ways in."""

    sample_requested = Signal()
    """The therapist wants to look around with the sample couple."""
    add_couple_requested = Signal()
    """The therapist wants to add a real couple."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        title = QLabel(self.tr("Welcome to Couple Canvas"))
        title.setObjectName("welcome_title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_bold(title, larger=10)
        layout.addWidget(title)
        text = QLabel(
            self.tr(
                "Map a couple's cycle on a whiteboard while you talk, in their own words, "
                "then give them a printed handout with the map and the week's homework.\n"
                "Everything stays on this computer."
            )
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setMaximumWidth(620)
        row_text = QHBoxLayout()
        row_text.addStretch()
        row_text.addWidget(text)
        row_text.addStretch()
        layout.addLayout(row_text)
        layout.addSpacing(24)
        self.sample_button = QPushButton(self.tr("Open the sample couple (invented, for practice)"))
        self.sample_button.setObjectName("open_sample")
        self.sample_button.setMinimumHeight(44)
        self.sample_button.clicked.connect(self.sample_requested)
        self.add_button = QPushButton(self.tr("Add your first couple…"))
        self.add_button.setObjectName("add_first_couple")
        self.add_button.setMinimumHeight(44)
        self.add_button.clicked.connect(self.add_couple_requested)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.sample_button)
        row.addSpacing(12)
        row.addWidget(self.add_button)
        row.addStretch()
        layout.addLayout(row)
        layout.addStretch(3)
