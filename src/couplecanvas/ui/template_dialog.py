"""The template picker: a list of ready maps, a drawing of the chosen one, and the few choices it needs."""

from __future__ import annotations

import copy

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF, QTextOption
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from couplecanvas.canvas import style
from couplecanvas.domain.board import HINT_COLOUR, REFRAME_COLOUR, CardKind, ConnectorKind, StrokeKind
from couplecanvas.domain.couple import Couple, PartnerRole, Position
from couplecanvas.domain.geometry import Rect, arrow_head, connector_segment, curve_control
from couplecanvas.domain.templates import Template, TemplateLibrary, instantiate
from couplecanvas.ui.parts import KEY_ROLE, add_heading, listed_keys, set_bold, set_current_key
from couplecanvas.ui.position_choice import PositionChoice


class TemplatePreview(QWidget):
    """A small drawing of a template as it would land on this couple's board (read-only, scaled to fit)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(380, 260)
        self.setAccessibleName(self.tr("Preview of the template"))
        self._cards: list = []
        self._connectors: list = []
        self._strokes: list = []
        self._colours: dict[PartnerRole, str] = {}

    def show_template(self, template: Template | None, couple: Couple, one: PartnerRole = PartnerRole.A) -> None:
        if template is None:
            self._cards, self._connectors, self._strokes = [], [], []
        else:
            self._cards, self._connectors, self._strokes = instantiate(template, couple, one=one)
        self._colours = {role: couple.partner(role).colour for role in PartnerRole}
        self.update()

    def card_count(self) -> int:
        return len(self._cards)

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        frame = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(QColor("#d9d4c7"), 1))
        painter.setBrush(style.BACKGROUND_COLOUR)
        painter.drawRoundedRect(frame, 8, 8)
        bounds = None
        for item in (*self._cards, *self._strokes):
            bounds = item.rect if bounds is None else bounds.united(item.rect)
        if bounds is None:
            return
        inner = frame.adjusted(14, 14, -14, -14)
        scale = min(inner.width() / max(bounds.w, 1), inner.height() / max(bounds.h, 1), 0.6)
        painter.translate(inner.center().x() - (bounds.x + bounds.w / 2) * scale,
                          inner.center().y() - (bounds.y + bounds.h / 2) * scale)
        painter.scale(scale, scale)
        for stroke in self._strokes:
            colour = QColor(stroke.colour)
            if stroke.kind is StrokeKind.HIGHLIGHTER:
                colour.setAlpha(110)
            painter.setPen(QPen(colour, stroke.width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawPolyline(QPolygonF([QPointF(x, y) for x, y, _ in stroke.points]))
        cards = {card.id: card for card in self._cards}
        for connector in self._connectors:
            self._paint_arrow(painter, cards[connector.source_id].rect, cards[connector.target_id].rect, connector)
        for card in sorted(self._cards, key=lambda c: c.z):
            self._paint_card(painter, card, scale)

    def _paint_arrow(self, painter: QPainter, source: Rect, target: Rect, connector) -> None:
        x1, y1, x2, y2 = connector_segment(source, target)
        colour = QColor(REFRAME_COLOUR) if connector.kind is ConnectorKind.REFRAME else style.ARROW_COLOUR
        painter.setPen(QPen(colour, style.ARROW_WIDTH * 1.4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath(QPointF(x1, y1))
        if connector.curved:
            cx, cy = curve_control(x1, y1, x2, y2)
            path.quadTo(cx, cy, x2, y2)
            head = arrow_head(cx, cy, x2, y2, style.ARROW_HEAD * 1.6)
        else:
            path.lineTo(x2, y2)
            head = arrow_head(x1, y1, x2, y2, style.ARROW_HEAD * 1.6)
        painter.drawPath(path)
        painter.setBrush(colour)
        painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in head]))

    def _paint_card(self, painter: QPainter, card, scale: float) -> None:
        rect = QRectF(card.x, card.y, card.width, card.height)
        if card.kind is not CardKind.LABEL:
            border = QColor(self._colours[card.partner]) if card.partner is not None else style.BORDER_COLOUR
            painter.setPen(QPen(border, 1.5 / scale))
            painter.setBrush(QBrush(QColor(card.colour)))
            radius = 2.0 if card.kind is CardKind.NOTE else style.CARD_RADIUS
            painter.drawRoundedRect(rect, radius, radius)
        words = card.text or card.hint
        if not words:
            return
        room = rect.adjusted(3 / scale, 2 / scale, -3 / scale, -2 / scale)
        colour = QColor(style.TEXT_COLOUR if card.text else HINT_COLOUR)  # a copy: the style's colour is shared
        font = self._fitting_font(words, room, card.kind is CardKind.LABEL, scale)
        if font is None:
            # Too small to read: a few soft strokes stand for the words, as on a board seen from afar.
            painter.setPen(Qt.PenStyle.NoPen)
            colour.setAlpha(90)
            painter.setBrush(colour)
            lines = max(1, min(3, len(words) // 24 + 1, int(room.height() * scale / 5)))
            step = room.height() / (lines + 1)
            for n in range(lines):
                width = room.width() * (0.8 if n < lines - 1 or lines == 1 else 0.5)
                painter.drawRect(QRectF(room.center().x() - width / 2, room.top() + step * (n + 1) - 1 / scale,
                                        width, 2 / scale))
            return
        painter.setFont(font)
        painter.setPen(colour)
        option = QTextOption(Qt.AlignmentFlag.AlignCenter)
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        painter.save()
        painter.setClipRect(rect)
        painter.drawText(room, words, option)
        painter.restore()

    def _fitting_font(self, words: str, room: QRectF, bold: bool, scale: float) -> QFont | None:
        """The largest of a few small screen sizes at which the words fit the card, or None if none does."""
        font = QFont(self.font())
        font.setBold(bold)
        flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        for pixels in (10, 9, 8, 7):
            font.setPixelSize(max(1, round(pixels / scale)))
            needed = QFontMetricsF(font).boundingRect(room, flags, words)
            if needed.width() <= room.width() + 0.5 and needed.height() <= room.height() + 0.5:
                return font
        return None


class TemplateDialog(QDialog):
    """Choose a template, see it drawn for this couple, set what it needs, and insert it (Enter)."""

    delete_requested = Signal(object)
    """The therapist confirmed deleting one of their own templates (the Template)."""

    def __init__(self, library: TemplateLibrary, couple: Couple, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("template_dialog")
        self.setWindowTitle(self.tr("Insert a template"))
        self.resize(900, 560)
        self._couple = couple
        self._library = library
        self._names = {role: couple.partner(role).shown_name(couple.use_aliases) for role in PartnerRole}

        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Choose a map to lay out on the board. Every card is ready for the couple's own words."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        body = QHBoxLayout()
        layout.addLayout(body, 1)

        self.templates = QListWidget()
        self.templates.setObjectName("template_list")
        self.templates.setAccessibleName(self.tr("Templates"))
        self.templates.setMinimumWidth(250)
        self.templates.setMaximumWidth(320)
        self.templates.setSpacing(2)
        self.templates.currentItemChanged.connect(self._on_current_changed)
        self.templates.itemDoubleClicked.connect(lambda item: self._insert_if_template(item))
        body.addWidget(self.templates)

        side = QVBoxLayout()
        body.addLayout(side, 1)
        self.title = QLabel()
        self.title.setObjectName("template_title")
        set_bold(self.title, larger=3)
        self.approach = QLabel()
        self.approach.setStyleSheet("color: #6f6a5f;")
        self.summary = QLabel()
        self.summary.setObjectName("template_summary")
        self.summary.setWordWrap(True)
        self.preview = TemplatePreview()
        self.preview.setObjectName("template_preview")
        for widget in (self.title, self.approach, self.summary):
            side.addWidget(widget)
        side.addWidget(self.preview, 1)

        self.options = QFormLayout()
        self.position: dict[PartnerRole, PositionChoice] = {}
        self._position_labels: dict[PartnerRole, QLabel] = {}
        for role in PartnerRole:
            choice = PositionChoice(couple.partner(role).position)
            choice.setObjectName(f"template_position_{role.value}")
            choice.currentIndexChanged.connect(self._refresh_preview)
            label = QLabel(self.tr("{name} in the cycle").format(name=self._names[role]))
            label.setBuddy(choice)
            self.options.addRow(label, choice)
            self.position[role] = choice
            self._position_labels[role] = label
        self.one_partner = QComboBox()
        self.one_partner.setObjectName("template_partner")
        for role in PartnerRole:
            self.one_partner.addItem(self._names[role], role.value)
        self.one_partner.currentIndexChanged.connect(self._refresh_preview)
        self._one_label = QLabel(self.tr("For"))
        self._one_label.setBuddy(self.one_partner)
        self.options.addRow(self._one_label, self.one_partner)
        side.addLayout(self.options)

        self.problems = QLabel()
        self.problems.setObjectName("template_problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #8a5a12;")
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.problems)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.insert_button = self.buttons.addButton(self.tr("Insert"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.insert_button.setObjectName("insert_template")
        self.delete_button = QPushButton(self.tr("Delete template…"))
        self.delete_button.setObjectName("delete_template")
        self.delete_button.setAutoDefault(False)
        self.delete_button.setToolTip(self.tr("Only templates you saved yourself can be deleted."))
        self.delete_button.clicked.connect(self._ask_to_delete)
        self.buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.insert_button.setDefault(True)  # Enter inserts (only now is the button inside this dialog)

        self.set_library(library)
        self.templates.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- content -------------------------------------------------------------------------------------------------------
    def set_library(self, library: TemplateLibrary, select_key: str | None = None) -> None:
        """Show the library's templates (built-in first, then the therapist's own) and its problems."""
        self._library = library
        self.templates.blockSignals(True)
        self.templates.clear()
        chosen = None
        heading_shown = False
        for template in library.ordered():
            if template.user and not heading_shown:
                add_heading(self.templates, self.tr("Your templates"))
                heading_shown = True
            item = QListWidgetItem(template.title)
            item.setData(KEY_ROLE, template.key)
            item.setToolTip(template.approach)
            self.templates.addItem(item)
            if chosen is None or template.key == select_key:
                chosen = item
        if not heading_shown:
            hint = QListWidgetItem(self.tr("Your own templates will show here: save any board with "
                                           "Board ▸ Save board as template…"))
            hint.setFlags(Qt.ItemFlag.NoItemFlags)
            hint.setForeground(QColor("#8d877a"))
            hint.setSizeHint(QSize(0, 64))
            self.templates.addItem(hint)
            self.templates.setWordWrap(True)
        self.templates.blockSignals(False)
        self.templates.setCurrentItem(chosen)
        self._on_current_changed(chosen)
        if library.problems:
            self.problems.setText(
                self.tr("Left out because they could not be read: {problems}").format(
                    problems="; ".join(library.problems)
                )
            )
        self.problems.setVisible(bool(library.problems))

    def template_keys(self) -> list[str]:
        """The keys of the listed templates, in list order."""
        return listed_keys(self.templates)

    def select(self, key: str) -> None:
        set_current_key(self.templates, key)

    def chosen_template(self) -> Template | None:
        item = self.templates.currentItem()
        key = item.data(KEY_ROLE) if item is not None else None
        return self._library.templates.get(key) if key else None

    def positions(self) -> dict[PartnerRole, Position]:
        """The positions chosen for the partners."""
        return {role: choice.position() for role, choice in self.position.items()}

    def chosen_partner(self) -> PartnerRole:
        """The partner a one-partner template (the iceberg) is for."""
        return PartnerRole(self.one_partner.currentData())

    def couple_as_chosen(self) -> Couple:
        """A copy of the couple with the chosen positions."""
        couple = copy.deepcopy(self._couple)
        for role, position in self.positions().items():
            couple.partner(role).position = position
        return couple

    # -- slots ---------------------------------------------------------------------------------------------------------
    def _on_current_changed(self, item: QListWidgetItem | None, _previous=None) -> None:
        template = self.chosen_template()
        self.title.setText(template.title if template else "")
        self.approach.setText(template.approach if template else "")
        self.approach.setVisible(bool(template and template.approach))
        self.summary.setText(template.summary if template else "")
        self.summary.setVisible(bool(template and template.summary))
        uses_positions = bool(template and template.uses_positions)
        for role in PartnerRole:
            self.options.setRowVisible(self.position[role], uses_positions)
        self.options.setRowVisible(self.one_partner, bool(template and template.for_one_partner))
        self.insert_button.setEnabled(template is not None)
        self.delete_button.setEnabled(bool(template and template.user))
        self._refresh_preview()

    def _refresh_preview(self) -> None:
        self.preview.show_template(self.chosen_template(), self.couple_as_chosen(), self.chosen_partner())

    def _insert_if_template(self, item: QListWidgetItem) -> None:
        if item.data(KEY_ROLE):
            self.accept()

    def _ask_to_delete(self) -> QMessageBox | None:
        template = self.chosen_template()
        if template is None or not template.user:
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question, self.tr("Delete template"),
            self.tr("Delete your template “{title}”? Boards that already use it keep their cards.").format(
                title=template.title),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self,
        )
        box.setObjectName("confirm_delete_template")
        delete = box.button(QMessageBox.StandardButton.Yes)
        delete.setText(self.tr("Delete"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(lambda button: button is delete and self.delete_requested.emit(template))
        box.finished.connect(box.deleteLater)
        box.open()
        return box
