"""Add or edit a couple: two first names, optional aliases for a shared screen, and each partner's move in the cycle."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from couplecanvas.domain.couple import Couple, Partner, PartnerRole, Position, validate_first_name
from couplecanvas.ui.position_choice import PositionChoice


class CoupleDialog(QDialog):
    """Names of the two partners. OK stays disabled until both first names are there."""

    def __init__(self, parent: QWidget | None = None, couple: Couple | None = None) -> None:
        super().__init__(parent)
        self._couple = couple
        self.setWindowTitle(self.tr("Edit couple") if couple else self.tr("Add a couple"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "First names are enough. An alias is what a shared screen and the handout show instead, "
                "when you choose to hide first names. Each partner's move in the cycle can wait until you see it."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.first_name: dict[PartnerRole, QLineEdit] = {}
        self.alias: dict[PartnerRole, QLineEdit] = {}
        self.position: dict[PartnerRole, PositionChoice] = {}
        row = QHBoxLayout()
        for role, title in ((PartnerRole.A, self.tr("Partner 1")), (PartnerRole.B, self.tr("Partner 2"))):
            box = QGroupBox(title)
            form = QFormLayout(box)
            first = QLineEdit()
            first.setMaxLength(60)
            first.setObjectName(f"first_name_{role.value}")
            alias = QLineEdit()
            alias.setMaxLength(60)
            alias.setObjectName(f"alias_{role.value}")
            alias.setPlaceholderText(self.tr("optional"))
            position = PositionChoice(couple.partner(role).position if couple else Position.UNSET)
            position.setObjectName(f"position_{role.value}")
            if couple:
                first.setText(couple.partner(role).first_name)
                alias.setText(couple.partner(role).alias)
            form.addRow(self.tr("First name"), first)
            form.addRow(self.tr("Alias"), alias)
            form.addRow(self.tr("In the cycle"), position)
            first.textChanged.connect(self._update_ok)
            self.first_name[role] = first
            self.alias[role] = alias
            self.position[role] = position
            row.addWidget(box)
        layout.addLayout(row)
        self.use_aliases = QCheckBox(self.tr("Show aliases instead of first names (screen and handout)"))
        self.use_aliases.setChecked(bool(couple and couple.use_aliases))
        layout.addWidget(self.use_aliases)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.first_name[PartnerRole.A].setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_ok()

    def first_name_edit(self, role: str) -> QLineEdit:
        """The first-name field of partner 'a' or 'b'."""
        return self.first_name[PartnerRole(role)]

    def _update_ok(self) -> None:
        ok = all(edit.text().strip() for edit in self.first_name.values())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def result_couple(self) -> Couple:
        """The couple as entered (the original object, updated, when editing)."""
        partners = {
            role: Partner(
                validate_first_name(self.first_name[role].text()),
                " ".join(self.alias[role].text().split()),
                position=self.position[role].position(),
            )
            for role in PartnerRole
        }
        if self._couple is None:
            return Couple(partners[PartnerRole.A], partners[PartnerRole.B], use_aliases=self.use_aliases.isChecked())
        couple = self._couple
        for role in PartnerRole:
            couple.partner(role).first_name = partners[role].first_name
            couple.partner(role).alias = partners[role].alias
            couple.partner(role).position = partners[role].position
        couple.use_aliases = self.use_aliases.isChecked()
        return couple
