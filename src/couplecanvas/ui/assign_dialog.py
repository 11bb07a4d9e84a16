"""Choosing homework for this session: which exercises, for whom, how often, and a personal word for the couple."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from couplecanvas.domain.homework import Who
from couplecanvas.ui.homework_text import origin_mark, who_text
from couplecanvas.ui.parts import KEY_ROLE, add_heading, approach_headings, set_bold, set_current_key

if TYPE_CHECKING:
    from couplecanvas.domain.couple import Couple
    from couplecanvas.domain.homework import HomeworkLibrary


@dataclass
class Choice:
    """How one exercise is given: for whom, a personal note, and how often ('' = the exercise's own frequency)."""

    key: str
    who: Who
    note: str = ""
    frequency: str = ""


class AssignDialog(QDialog):
    """Tick one or more exercises; for the highlighted one, choose who it is for, how often, and add a personal note."""

    def __init__(
        self, library: HomeworkLibrary, couple: Couple, already: set[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("assign_dialog")
        self.setWindowTitle(self.tr("Assign homework"))
        self.resize(640, 620)
        self._library = library
        self._choices: dict[str, Choice] = {}
        self._loading = False
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Tick what you would like the couple to practise (Space ticks). "
                               "The lines below belong to the highlighted exercise."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.exercises = QListWidget()
        self.exercises.setObjectName("exercise_choices")
        self.exercises.setAccessibleName(self.tr("Exercises"))
        for heading, exercise in approach_headings(library.ordered()):
            if heading is not None:
                add_heading(self.exercises, heading, height=28)
            mark = origin_mark(exercise)
            text = f"{exercise.title}  ·  {exercise.frequency}" + (f"  ·  {mark}" if mark else "")
            item = QListWidgetItem(text)
            item.setData(KEY_ROLE, exercise.key)
            item.setToolTip(exercise.summary)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            if exercise.key in already:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setText(item.text() + self.tr("  (assigned)"))
            self.exercises.addItem(item)
        layout.addWidget(self.exercises, 1)

        self.title = QLabel()
        self.title.setObjectName("assign_title")
        set_bold(self.title)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setMinimumHeight(40)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        form = QFormLayout()
        self.who = QComboBox()
        self.who.setObjectName("assign_who")
        for who in Who:
            self.who.addItem(who_text(who, couple), who.value)
        self.frequency = QLineEdit()
        self.frequency.setObjectName("assign_frequency")
        self.note = QLineEdit()
        self.note.setObjectName("assign_note")
        self.note.setPlaceholderText(self.tr("optional: a personal word for the couple"))
        form.addRow(self.tr("&For"), self.who)  # the label's mnemonic moves to its field (Qt makes it the buddy)
        form.addRow(self.tr("How &often"), self.frequency)
        form.addRow(self.tr("&Note"), self.note)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Assign"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.exercises.currentItemChanged.connect(self._on_current_changed)
        self.who.activated.connect(self._on_form_edited)
        self.frequency.textEdited.connect(self._on_form_edited)
        self.note.textEdited.connect(self._on_form_edited)
        first = next((i for i in range(self.exercises.count())
                      if self.exercises.item(i).flags() & Qt.ItemFlag.ItemIsEnabled), None)
        if first is not None:
            self.exercises.setCurrentRow(first)
        self._on_current_changed(self.exercises.currentItem())

    # -- the highlighted exercise --------------------------------------------------------------------------------------
    def _current_key(self) -> str | None:
        item = self.exercises.currentItem()
        return item.data(KEY_ROLE) if item is not None and item.flags() & Qt.ItemFlag.ItemIsEnabled else None

    def _choice(self, key: str) -> Choice:
        if key not in self._choices:
            self._choices[key] = Choice(key, self._library.get(key).who)
        return self._choices[key]

    def _on_current_changed(self, item: QListWidgetItem | None, _previous=None) -> None:
        key = self._current_key()
        exercise = self._library.get(key) if key else None
        self._loading = True
        self.title.setText(exercise.title if exercise else "")
        self.summary.setText(exercise.summary if exercise else "")
        choice = self._choice(key) if key else None
        self._offer_partners(exercise is None or exercise.allows_one_partner)
        self.who.setCurrentIndex(max(0, self.who.findData((choice.who if choice else Who.BOTH).value)))
        self.frequency.setText((choice.frequency or exercise.frequency) if choice else "")
        self.frequency.setPlaceholderText(exercise.frequency if exercise else "")
        self.note.setText(choice.note if choice else "")
        for widget in (self.who, self.frequency, self.note):
            widget.setEnabled(exercise is not None)
        self._loading = False

    def _offer_partners(self, allowed: bool) -> None:
        """An exercise written for the two together can only be given to both: one partner alone is not offered."""
        model = self.who.model()
        for row in range(self.who.count()):
            if self.who.itemData(row) != Who.BOTH.value:
                item = model.item(row)
                item.setEnabled(allowed)
        self.who.setToolTip("" if allowed else self.tr("Written for the two of you together: given to both"))

    def _on_form_edited(self, *_args) -> None:
        key = self._current_key()
        if self._loading or key is None:
            return
        choice = self._choice(key)
        choice.who = Who(self.who.currentData())
        choice.note = self.note.text().strip()
        frequency = self.frequency.text().strip()
        # Stored only when the therapist asks for something other than the exercise's own frequency.
        choice.frequency = "" if frequency in ("", self._library.get(key).frequency) else frequency
        self.check(key)  # writing a note for an exercise means giving it

    # -- results -------------------------------------------------------------------------------------------------------
    def chosen_keys(self) -> list[str]:
        """The ticked exercises, in list order."""
        return [
            self.exercises.item(i).data(KEY_ROLE)
            for i in range(self.exercises.count())
            if self.exercises.item(i).data(KEY_ROLE) and self.exercises.item(i).checkState() == Qt.CheckState.Checked
        ]

    def choices(self) -> list[Choice]:
        """How each ticked exercise is given."""
        return [self._choice(key) for key in self.chosen_keys()]

    def check(self, key: str) -> None:
        """Tick an exercise."""
        for i in range(self.exercises.count()):
            if self.exercises.item(i).data(KEY_ROLE) == key:
                self.exercises.item(i).setCheckState(Qt.CheckState.Checked)

    def select(self, key: str) -> None:
        """Highlight an exercise (its lines show below the list)."""
        set_current_key(self.exercises, key)
