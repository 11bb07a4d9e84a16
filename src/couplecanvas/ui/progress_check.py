"""The brief progress check, in seconds: three answers from each partner, typed or clicked, kept at once.

Each answer is one row that takes the keyboard focus as a whole: Left/Right move the answer, Home/End go to either
end, the number keys choose (0-9 on the 0-10 scale, "1" then "0" for 10; 1-4 on the others), Delete or Backspace
takes the answer back (missing, never 0). Tab goes through partner A's three rows, then partner B's: the same rows,
in the same order, for both.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from couplecanvas.domain.couple import PartnerRole
from couplecanvas.domain.progress import CONNECTION_MAX, CONNECTION_MIN, Caught, FoundAgain, ProgressCheck
from couplecanvas.ui.parts import set_bold

if TYPE_CHECKING:
    from couplecanvas.domain.couple import Couple

TEN_AFTER_ONE_S = 0.8  # "1" then "0" within this time is 10, as in a spin box
MUTED = "#6f6a5f"


WRAPPED = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)


def _fitted_font(base: QFont, bold: bool, label: str, rect: QRect) -> QFont:
    """The row's font, made smaller (down to 6 pt) until every word of `label` fits the cell's width and the wrapped
    lines its height: a narrow side panel must not cut "within minutes" to "within inutes"."""
    font = QFont(base)
    font.setBold(bold)
    size = font.pointSizeF()
    while size > 6:
        metrics = QFontMetrics(font)
        widest = max(metrics.horizontalAdvance(word) for word in label.split()) if label.strip() else 0
        if widest <= rect.width() and metrics.boundingRect(rect, WRAPPED, label).height() <= rect.height():
            break
        size -= 0.5
        font.setPointSizeF(size)
    return font


class ScaleRow(QWidget):
    """One question's answers as a row of equal cells that fits any width; the row takes the focus as a whole."""

    chosen = Signal(int)
    """The answer at this index was chosen (-1: taken back, now missing)."""

    def __init__(self, name: str, labels: list[str], accent: str, *, digits_from: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.labels = labels
        self._digits_from = digits_from  # the number key for the first answer (0 on the scale, 1 on the others)
        self._last_digit: tuple[int, float] | None = None
        self.index = -1
        self.accent = QColor(accent)
        self._fonts: dict[tuple[str, bool, int, int, str], QFont] = {}  # fitted fonts for this size; emptied on resize
        two_lines = any(" " in label for label in labels)
        self.setMinimumHeight(self.fontMetrics().height() * (2 if two_lines else 1) + 12)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(40 * len(self.labels), self.minimumHeight())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(14 * len(self.labels), self.minimumHeight())

    def set_accent(self, accent: str) -> None:
        """The colour of the chosen answer and of the focus frame (the partner's colour)."""
        self.accent = QColor(accent)
        self.update()

    def cell(self, index: int) -> QRect:
        """Where the answer at `index` is drawn (and clicked)."""
        inner = self.rect().adjusted(2, 2, -2, -2)
        count = len(self.labels)
        left = inner.left() + inner.width() * index // count
        right = inner.left() + inner.width() * (index + 1) // count
        return QRect(left, inner.top(), right - left, inner.height()).adjusted(1, 1, -1, -1)

    def is_checked(self, index: int) -> bool:
        """Whether the answer at `index` is the one chosen."""
        return index == self.index

    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.hasFocus():
            painter.setPen(QPen(self.accent, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 4, 4)
        for index, label in enumerate(self.labels):
            rect = self.cell(index)
            chosen = index == self.index
            painter.setPen(QPen(self.accent if chosen else QColor("#cfc8b8"), 1))
            painter.setBrush(self.accent if chosen else QColor("#fbfaf6"))
            painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
            text_rect = rect.adjusted(1, 0, -1, 0)
            painter.setFont(self._cell_font(label, chosen, text_rect))
            painter.setPen(QColor("white") if chosen else QColor("#3d3a33"))
            painter.drawText(text_rect, WRAPPED, label)
        painter.end()

    def _cell_font(self, label: str, chosen: bool, rect: QRect) -> QFont:
        """`_fitted_font` for a cell, fitted once per size and font rather than at every paint."""
        key = (label, chosen, rect.width(), rect.height(), self.font().key())
        font = self._fonts.get(key)
        if font is None:
            font = self._fonts[key] = _fitted_font(self.font(), chosen, label, rect)
        return font

    def resizeEvent(self, event) -> None:  # noqa: N802
        self._fonts.clear()  # the cells changed size: fit again (and keep only this size's fonts)
        super().resizeEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        for index in range(len(self.labels)):
            if self.cell(index).contains(event.position().toPoint()):
                self.setFocus(Qt.FocusReason.MouseFocusReason)
                self.choose(index)
                event.accept()
                return
        super().mousePressEvent(event)

    def set_index(self, index: int) -> None:
        """Show an answer (-1: none) without announcing it."""
        self.index = index
        self.update()

    def choose(self, index: int) -> None:
        """Choose an answer (-1: take it back) and announce it, when it changes."""
        index = max(-1, min(len(self.labels) - 1, index))
        if index == self.index:
            return  # a click on the chosen answer leaves it chosen
        self.set_index(index)
        self.chosen.emit(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        last = len(self.labels) - 1
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Up):
            self.choose(0 if self.index < 0 else min(last, self.index + 1))
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down):
            self.choose(0 if self.index < 0 else max(0, self.index - 1))
        elif key == Qt.Key.Key_Home:
            self.choose(0)
        elif key == Qt.Key.Key_End:
            self.choose(last)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.choose(-1)
        elif Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            self._digit(key - Qt.Key.Key_0)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _digit(self, digit: int) -> None:
        now = time.monotonic()
        previous, self._last_digit = self._last_digit, (digit, now)
        if (digit == 0 and previous is not None and previous[0] == 1 and now - previous[1] < TEN_AFTER_ONE_S
                and len(self.labels) > 10):
            self.choose(10)
            self._last_digit = None
            return
        index = digit - self._digits_from
        if 0 <= index < len(self.labels):
            self.choose(index)


class PartnerCheck(QWidget):
    """One partner's three answers, under their name in their colour."""

    def __init__(self, role: PartnerRole, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self.setObjectName(f"progress_{role.value}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 4)
        layout.setSpacing(1)
        self.name = QLabel()
        self.name.setObjectName(f"progress_{role.value}_name")
        set_bold(self.name)
        layout.addWidget(self.name)
        self.rows: dict[str, ScaleRow] = {}
        self._captions: dict[str, str] = {}
        questions = (
            ("connection", self.tr("Connected this week (0–10)"),
             [str(n) for n in range(CONNECTION_MIN, CONNECTION_MAX + 1)], 0),
            ("caught", self.tr("The cycle caught us"), [c.label for c in Caught], 1),
            ("found_again", self.tr("Found each other again"), [f.label for f in FoundAgain], 1),
        )
        for key, caption, labels, digits_from in questions:
            label = QLabel(caption)
            label.setStyleSheet(f"color: {MUTED};")
            layout.addWidget(label)
            row = ScaleRow(f"progress_{role.value}_{key}", labels, "#2f5d50", digits_from=digits_from)
            row.setAccessibleName(caption)
            label.setBuddy(row)
            layout.addWidget(row)
            self.rows[key] = row
            self._captions[key] = caption

    def set_partner(self, name: str, colour: str) -> None:
        """Name the partner as this screen may, in their colour; their rows are marked in it too."""
        self.name.setText(name)
        self.name.setStyleSheet(f"color: {colour};")
        for key, row in self.rows.items():
            row.setAccessibleName(f"{name}: {self._captions[key]}")
            row.set_accent(colour)

    def show_check(self, check: ProgressCheck) -> None:
        """Show stored answers (missing ones unchosen)."""
        self.rows["connection"].set_index(-1 if check.connection is None else check.connection - CONNECTION_MIN)
        self.rows["caught"].set_index(-1 if check.caught is None else check.caught.level)
        self.rows["found_again"].set_index(-1 if check.found_again is None else check.found_again.level)

    def answers(self, session_id: int) -> ProgressCheck:
        """The answers shown, as a check for `session_id`."""
        connection, caught, found = (self.rows[k].index for k in ("connection", "caught", "found_again"))
        return ProgressCheck(
            session_id, self.role,
            None if connection < 0 else connection + CONNECTION_MIN,
            None if caught < 0 else list(Caught)[caught],
            None if found < 0 else list(FoundAgain)[found],
        )


class ProgressCheckBox(QFrame):
    """Both partners' brief check at the open session; each answer is stored the moment it is given."""

    check_stored = Signal(str)
    """A partner's answers were stored (their role's value)."""

    def __init__(self, save: Callable[[ProgressCheck], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progress_check")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._save = save
        self.session_id: int | None = None
        self._stored: dict[PartnerRole, ProgressCheck] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(2)
        self.heading = QLabel(self.tr("This week, for each of you"))
        self.heading.setObjectName("progress_heading")
        set_bold(self.heading)
        layout.addWidget(self.heading)
        hint = QLabel(self.tr("Keys 0–9 or ← →, Tab for the next; Delete leaves one out. Kept at once."))
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {MUTED};")
        layout.addWidget(hint)
        self.partners = {role: PartnerCheck(role) for role in PartnerRole}
        previous: QWidget | None = None
        for role in PartnerRole:
            panel = self.partners[role]
            layout.addWidget(panel)
            for row in panel.rows.values():
                row.chosen.connect(lambda _index, r=role: self._on_chosen(r))
                if previous is not None:
                    QWidget.setTabOrder(previous, row)
                previous = row

    def show_session(self, couple: Couple, session_id: int, checks: dict[PartnerRole, ProgressCheck]) -> None:
        """Show the open session's stored answers, partners named and coloured as this screen shows them."""
        self.session_id = session_id
        self._stored = {role: checks.get(role) or ProgressCheck(session_id, role) for role in PartnerRole}
        for role, panel in self.partners.items():
            partner = couple.partner(role)
            panel.set_partner(partner.first_name, partner.colour)
            panel.show_check(self._stored[role])

    def _on_chosen(self, role: PartnerRole) -> None:
        if self.session_id is None:
            return
        panel = self.partners[role]
        changed = panel.answers(self.session_id)
        if self._save(changed):
            self._stored[role] = changed
            self.check_stored.emit(role.value)
        else:  # not stored: show what is stored, so the screen never claims more than the database holds
            panel.show_check(self._stored[role])

    def stored(self, role: PartnerRole) -> ProgressCheck:
        """What is stored for this partner now."""
        return self._stored.get(role) or ProgressCheck(self.session_id or 0, role)

