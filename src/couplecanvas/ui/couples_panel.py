"""The left panel: couples, and the selected couple's sessions."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from couplecanvas.ui.parts import set_bold

if TYPE_CHECKING:
    from couplecanvas.domain.couple import Couple
    from couplecanvas.domain.session import Session

ID_ROLE = Qt.ItemDataRole.UserRole


class CouplesPanel(QWidget):
    """Lists couples and sessions; emits what was chosen or asked for, and changes nothing itself."""

    couple_selected = Signal(object)
    """The selected couple's id changed (None when nothing is selected)."""
    session_selected = Signal(object)
    """The selected session's id changed (None when nothing is selected)."""
    add_couple_requested = Signal()
    """The therapist asked to add a couple."""
    edit_couple_requested = Signal()
    """The therapist asked to rename the selected couple."""
    new_session_requested = Signal()
    """The therapist asked for a new session of the selected couple."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(_heading(self.tr("Couples")))
        self.couples = QListWidget()
        self.couples.setObjectName("couples_list")
        self.couples.setAccessibleName(self.tr("Couples"))
        layout.addWidget(self.couples, 3)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add couple…"))
        self.add_button.setObjectName("add_couple")
        self.edit_button = QPushButton(self.tr("Rename…"))
        self.edit_button.setObjectName("edit_couple")
        row.addWidget(self.add_button)
        row.addWidget(self.edit_button)
        layout.addLayout(row)
        layout.addSpacing(8)
        layout.addWidget(_heading(self.tr("Sessions")))
        self.sessions = QListWidget()
        self.sessions.setObjectName("sessions_list")
        self.sessions.setAccessibleName(self.tr("Sessions"))
        layout.addWidget(self.sessions, 2)
        self.new_session_button = QPushButton(self.tr("New session"))
        self.new_session_button.setObjectName("new_session")
        layout.addWidget(self.new_session_button)
        self.add_button.clicked.connect(self.add_couple_requested)
        self.edit_button.clicked.connect(self.edit_couple_requested)
        self.new_session_button.clicked.connect(self.new_session_requested)
        self.couples.currentItemChanged.connect(lambda item, _old: self.couple_selected.emit(_item_id(item)))
        self.sessions.currentItemChanged.connect(lambda item, _old: self.session_selected.emit(_item_id(item)))
        self._update_buttons()

    def set_couples(self, couples: list[Couple], select_id: int | None = None) -> None:
        """Show these couples and select one (without a signal storm: one couple_selected at the end)."""
        self.couples.blockSignals(True)
        self.couples.clear()
        chosen = None
        for couple in couples:
            label = couple.display_name()
            if couple.is_sample:
                label = self.tr("Sample: {names}").format(names=label)
            item = QListWidgetItem(label)
            item.setData(ID_ROLE, couple.id)
            self.couples.addItem(item)
            if couple.id == select_id:
                chosen = item
        self.couples.setCurrentItem(chosen)
        self.couples.blockSignals(False)
        self._update_buttons()
        self.couple_selected.emit(_item_id(chosen))

    def set_sessions(self, sessions: list[Session], select_id: int | None = None,
                     label: Callable[[Session], str] | None = None) -> None:
        """Show these sessions (newest first) and select one; `label` words each (share mode leaves titles out)."""
        self.sessions.blockSignals(True)
        self.sessions.clear()
        chosen = None
        for session in sessions:
            item = QListWidgetItem(label(session) if label is not None else session.label())
            item.setData(ID_ROLE, session.id)
            self.sessions.addItem(item)
            if session.id == select_id:
                chosen = item
        self.sessions.setCurrentItem(chosen)
        self.sessions.blockSignals(False)
        self._update_buttons()
        self.session_selected.emit(_item_id(chosen))

    def current_couple_id(self) -> int | None:
        return _item_id(self.couples.currentItem())

    def current_session_id(self) -> int | None:
        return _item_id(self.sessions.currentItem())

    def _update_buttons(self) -> None:
        has_couple = self.couples.currentItem() is not None
        self.edit_button.setEnabled(has_couple)
        self.new_session_button.setEnabled(has_couple)


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    set_bold(label)
    return label


def _item_id(item: QListWidgetItem | None) -> int | None:
    return None if item is None else item.data(ID_ROLE)
