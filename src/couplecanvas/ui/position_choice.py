"""A partner's position in the cycle (pursues, withdraws, not set), chosen from a small list."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QWidget

from couplecanvas.domain.couple import Position


def _tr(text: str) -> str:
    return QCoreApplication.translate("PositionChoice", text)


class PositionChoice(QComboBox):
    """Not set / pursues / withdraws, with a tooltip that says what each means."""

    def __init__(self, position: Position = Position.UNSET, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for value, label in (
            (Position.UNSET, _tr("Not set yet")),
            (Position.PURSUER, _tr("Pursues")),
            (Position.WITHDRAWER, _tr("Withdraws")),
        ):
            self.addItem(label, value.value)
        self.setToolTip(
            _tr("Pursues: reaches for the other, protests, presses to be heard.\n"
                "Withdraws: steps back, goes quiet, calms things by keeping a distance.")
        )
        self.set_position(position)

    def position(self) -> Position:
        """The chosen position."""
        return Position(self.currentData())

    def set_position(self, position: Position) -> None:
        self.setCurrentIndex(max(0, self.findData(position.value)))
