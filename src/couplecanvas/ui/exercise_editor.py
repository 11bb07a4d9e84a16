"""The words of one exercise, as a form: title, approach, how often, how long, for whom, summary, steps, tracking."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from couplecanvas.domain.homework import Exercise, Origin, Who
from couplecanvas.ui.parts import set_bold


class _TextBox(QPlainTextEdit):
    """A plain text box of a few lines where Tab moves on (so the form can be walked with the keyboard)."""

    def __init__(self, lines: int) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        height = QFontMetrics(self.font()).lineSpacing() * lines + 14
        self.setMinimumHeight(height)
        self.setMaximumHeight(height if lines < 4 else 16777215)


class ExerciseEditor(QWidget):
    """Shows an exercise's words for editing and builds the edited Exercise (checking is left to the caller)."""

    edited = Signal()
    """The therapist changed a word in the form."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._key = ""
        self._origin = Origin.OWN
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setObjectName("exercise_heading")
        set_bold(self.heading, larger=2)
        self.heading.setWordWrap(True)
        self.origin_label = QLabel()
        self.origin_label.setObjectName("exercise_origin")
        self.origin_label.setWordWrap(True)
        self.origin_label.setStyleSheet("color: #6f6a5f;")
        layout.addWidget(self.heading)
        layout.addWidget(self.origin_label)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.title = QLineEdit()
        self.title.setObjectName("exercise_title")
        self.approach = QComboBox()
        self.approach.setObjectName("exercise_approach")
        self.approach.setEditable(True)
        self.approach.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # Suggest the approaches already used in a list, never by filling in letters that were not typed.
        self.approach.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.frequency = QLineEdit()
        self.frequency.setObjectName("exercise_frequency")
        self.frequency.setPlaceholderText(self.tr("for example: Every day, or Three times a week"))
        self.duration = QLineEdit()
        self.duration.setObjectName("exercise_duration")
        self.duration.setPlaceholderText(self.tr("for example: 15 minutes"))
        self.who = QComboBox()
        self.who.setObjectName("exercise_who")
        for who, text in ((Who.BOTH, self.tr("Both partners")), (Who.A, self.tr("One partner (the first)")),
                          (Who.B, self.tr("One partner (the second)"))):
            self.who.addItem(text, who.value)
        self.summary = _TextBox(2)
        self.summary.setObjectName("exercise_summary")
        self.summary.setPlaceholderText(self.tr("One or two sentences to the couple: what this is and why it helps"))
        self.steps = _TextBox(6)
        self.steps.setObjectName("exercise_steps")
        self.steps.setPlaceholderText(self.tr("One step per line, spoken to the couple: \"Sit down together…\""))
        self.tracking = _TextBox(2)
        self.tracking.setObjectName("exercise_tracking")
        self.tracking.setPlaceholderText(self.tr("What to tick or jot down, so you can talk about it next time"))
        for text, widget in (
            (self.tr("&Title"), self.title), (self.tr("&Approach"), self.approach),
            (self.tr("How &often"), self.frequency), (self.tr("How &long"), self.duration),
            (self.tr("&For whom"), self.who), (self.tr("S&ummary"), self.summary),
            (self.tr("&Steps"), self.steps), (self.tr("How to trac&k it"), self.tracking),
        ):
            form.addRow(text, widget)  # Qt makes the label its field's buddy, so the mnemonic (&) moves there
        layout.addLayout(form, 1)

        self.message = QLabel()
        self.message.setObjectName("exercise_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a12a12;")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        layout.addWidget(self.message)

        for line in (self.title, self.frequency, self.duration):
            line.textEdited.connect(self._on_edited)
        self.approach.editTextChanged.connect(self._on_edited)
        self.who.currentIndexChanged.connect(self._on_edited)
        for box in (self.summary, self.steps, self.tracking):
            box.textChanged.connect(self._on_edited)

    # -- showing -------------------------------------------------------------------------------------------------------
    def show_exercise(self, exercise: Exercise | None, approaches: list[str], heading: str = "",
                      origin_text: str = "") -> None:
        """Fill the form with an exercise's words (None: an empty form for a new exercise)."""
        self._loading = True
        self._key = exercise.key if exercise else ""
        self._origin = exercise.origin if exercise else Origin.OWN
        self.approach.clear()
        self.approach.addItems(approaches)
        self.title.setText(exercise.title if exercise else "")
        self.approach.setEditText(exercise.approach if exercise else "")
        self.frequency.setText(exercise.frequency if exercise else "")
        self.duration.setText(exercise.duration if exercise else "")
        self.who.setCurrentIndex(max(0, self.who.findData((exercise.who if exercise else Who.BOTH).value)))
        self.summary.setPlainText(exercise.summary if exercise else "")
        self.steps.setPlainText("\n".join(exercise.steps) if exercise else "")
        self.tracking.setPlainText(exercise.tracking if exercise else "")
        self.heading.setText(heading or (exercise.title if exercise else ""))
        self.origin_label.setText(origin_text)
        self.origin_label.setVisible(bool(origin_text))
        self.show_message("")
        self._loading = False

    def show_message(self, text: str) -> None:
        """A calm line under the form (why it was not saved); empty hides it."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- reading -------------------------------------------------------------------------------------------------------
    def exercise(self, key: str | None = None, origin: Origin | None = None) -> Exercise:
        """The exercise as written in the form (not yet checked)."""
        return Exercise(
            key=self._key if key is None else key,
            title=self.title.text(),
            approach=self.approach.currentText(),
            frequency=self.frequency.text(),
            duration=self.duration.text(),
            who=Who(self.who.currentData()),
            summary=" ".join(self.summary.toPlainText().split()),
            steps=tuple(self.steps.toPlainText().splitlines()),
            tracking=" ".join(self.tracking.toPlainText().split()),
            origin=self._origin if origin is None else origin,
        )

    def _on_edited(self, *_args) -> None:
        if not self._loading:
            self.edited.emit()
