"""The couple's progress on the story page: each partner's line across the sessions, drawn with QPainter.

Connection (0 to 10) is the main chart, one line per partner in their colour; how often the cycle caught them and how
quickly they found each other again are two small rows of marks below it, better answers higher, as on the main
chart. A missing answer is a gap, never 0. The numbers come from `domain.progress.progress_series`, the same the
handout prints. The session shown below is marked with a band, so the chart and the board tell one story.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from couplecanvas.domain.couple import PartnerRole
from couplecanvas.domain.progress import CONNECTION_MAX, CONNECTION_MIN, ProgressSeries, runs

LABELS_WIDTH = 178  # the row titles on the left
RIGHT = 18
LEGEND_HEIGHT = 22
MAIN_HEIGHT = 104
MINI_HEIGHT = 38
MINI_GAP = 8
DATES_HEIGHT = 18
HEIGHT = LEGEND_HEIGHT + MAIN_HEIGHT + 2 * (MINI_GAP + MINI_HEIGHT) + DATES_HEIGHT + 6
PARTNER_OFFSET = 3.0  # the two partners' points sit this far either side of the session, so equal answers both show
MINI_LEVELS = 4
INK = QColor("#3d3a33")
MUTED = QColor("#6f6a5f")
GRID = QColor("#e4dfd3")
BAND = QColor(47, 93, 80, 34)  # the shown session (the story page's accent, faint)


class ProgressChart(QWidget):
    """Each partner's answers across the sessions (oldest on the left); gaps where an answer is missing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("story_progress")
        self.setFixedHeight(HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.series = ProgressSeries()
        self.names: dict[PartnerRole, str] = {}
        self.colours: dict[PartnerRole, QColor] = {}
        self.marked = -1
        self.setAccessibleName(self.tr("Our progress"))

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(800, HEIGHT)

    # -- what is drawn -----------------------------------------------------------------------------------------------
    def set_series(
        self, series: ProgressSeries, names: dict[PartnerRole, str], colours: dict[PartnerRole, str]
    ) -> None:
        """Draw these numbers, the partners named and coloured as the page shows them."""
        self.series = series
        self.names = dict(names)
        self.colours = {role: QColor(colour) for role, colour in colours.items()}
        self.setAccessibleDescription(self.describe())
        self.update()

    def clear(self) -> None:
        """Forget the couple's numbers and names."""
        self.set_series(ProgressSeries(), {}, {})
        self.marked = -1

    def set_marked(self, index: int) -> None:
        """Mark the session shown below (-1: none)."""
        self.marked = index
        self.update()

    def describe(self) -> str:
        """The chart in words, for a screen reader: each partner's connection, session by session."""
        parts = []
        for role in PartnerRole:
            values = self.series.connection.get(role, ())
            shown = ", ".join("no answer" if v is None else str(v) for v in values)
            if values:
                parts.append(f"{self.names.get(role, '')}: {shown}")
        return "; ".join(parts)

    # -- geometry (public: tests probe the pixels where a point should be) ---------------------------------------------
    def plot_rect(self) -> QRectF:
        """The main chart's area: 0 at its bottom, 10 at its top."""
        return QRectF(LABELS_WIDTH, LEGEND_HEIGHT + 6, max(10.0, self.width() - LABELS_WIDTH - RIGHT), MAIN_HEIGHT - 12)

    def mini_rect(self, row: int) -> QRectF:
        """A small chart's area (row 0: the cycle caught us; 1: found each other again); better answers higher."""
        top = LEGEND_HEIGHT + MAIN_HEIGHT + MINI_GAP + row * (MINI_HEIGHT + MINI_GAP)
        return QRectF(LABELS_WIDTH, top + 4, self.plot_rect().width(), MINI_HEIGHT - 8)

    def session_x(self, index: int) -> float:
        """The x of a session (oldest first)."""
        plot = self.plot_rect()
        count = len(self.series.dates)
        if count <= 1:
            return plot.center().x()
        pad = min(40.0, plot.width() / (2 * count))
        return plot.left() + pad + (plot.width() - 2 * pad) * index / (count - 1)

    def point(self, role: PartnerRole, index: int, value: int) -> QPointF:
        """Where a partner's connection `value` at a session is drawn."""
        plot = self.plot_rect()
        share = (value - CONNECTION_MIN) / (CONNECTION_MAX - CONNECTION_MIN)
        return QPointF(self._x(role, index), plot.bottom() - share * plot.height())

    def mark(self, row: int, role: PartnerRole, index: int, level: int) -> QPointF:
        """Where a partner's answer (its level, 0 best) on a small chart is drawn."""
        rect = self.mini_rect(row)
        return QPointF(self._x(role, index), rect.top() + rect.height() * level / (MINI_LEVELS - 1))

    def _x(self, role: PartnerRole, index: int) -> float:
        return self.session_x(index) + (-PARTNER_OFFSET if role is PartnerRole.A else PARTNER_OFFSET)

    # -- painting ------------------------------------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#fbfaf6"))
        self._paint_frame(painter)
        count = len(self.series.dates)
        if 0 <= self.marked < count:
            x = self.session_x(self.marked)
            half = min(16.0, self.plot_rect().width() / max(2, 2 * count))
            painter.fillRect(QRectF(x - half, LEGEND_HEIGHT + 2, 2 * half,
                                    self.mini_rect(1).bottom() + 2 - LEGEND_HEIGHT), BAND)
        for role in PartnerRole:
            self._paint_connection(painter, role)
            for row, levels in enumerate((self.series.caught, self.series.found_again)):
                self._paint_marks(painter, row, role, levels.get(role, ()))
        self._paint_dates(painter)
        painter.end()

    def _paint_frame(self, painter: QPainter) -> None:
        small = self._small_font()
        bold = QFont(self.font())
        bold.setBold(True)
        # The legend: each partner's colour and name, in the same order and room.
        painter.setFont(bold)
        painter.setPen(INK)
        painter.drawText(QRectF(6, 0, LABELS_WIDTH - 8, LEGEND_HEIGHT), Qt.AlignmentFlag.AlignVCenter,
                         self.tr("Our progress"))
        x = float(LABELS_WIDTH)
        for role in PartnerRole:
            colour = self.colours.get(role, MUTED)
            painter.setPen(QPen(colour, 3))
            painter.drawLine(QPointF(x, LEGEND_HEIGHT / 2), QPointF(x + 18, LEGEND_HEIGHT / 2))
            painter.setBrush(colour)
            painter.drawEllipse(QPointF(x + 9, LEGEND_HEIGHT / 2), 3.5, 3.5)
            painter.setPen(INK)
            name = self.names.get(role, "")
            painter.drawText(QRectF(x + 24, 0, 200, LEGEND_HEIGHT), Qt.AlignmentFlag.AlignVCenter, name)
            x += 24 + painter.fontMetrics().horizontalAdvance(name) + 22
        painter.setFont(small)
        painter.setPen(MUTED)
        painter.drawText(QRectF(x, 0, max(0.0, self.width() - x - RIGHT), LEGEND_HEIGHT),
                         int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
                         self.tr("higher is better · a gap: no answer that week"))

        plot = self.plot_rect()
        painter.setFont(self.font())
        painter.setPen(INK)
        painter.drawText(QRectF(6, plot.top(), LABELS_WIDTH - 40, plot.height()),
                         int(Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap),
                         self.tr("How connected we felt (0–10)"))
        painter.setFont(small)
        for value in (CONNECTION_MIN, 5, CONNECTION_MAX):
            y = plot.bottom() - (value - CONNECTION_MIN) / (CONNECTION_MAX - CONNECTION_MIN) * plot.height()
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(MUTED)
            painter.drawText(QRectF(LABELS_WIDTH - 30, y - 8, 24, 16),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight), str(value))
        titles = ((self.tr("The cycle caught us"), self.tr("top: not at all")),
                  (self.tr("Found each other again"), self.tr("top: within minutes")))
        for row, (title, key) in enumerate(titles):
            rect = self.mini_rect(row)
            painter.setPen(QPen(GRID, 1))
            for level in range(MINI_LEVELS):
                y = rect.top() + rect.height() * level / (MINI_LEVELS - 1)
                painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            painter.setFont(self.font())
            painter.setPen(INK)
            label = QRectF(6, rect.top() - 4, LABELS_WIDTH - 12, rect.height() + 8)
            painter.drawText(label, int(Qt.AlignmentFlag.AlignTop), title)
            painter.setFont(small)
            painter.setPen(MUTED)
            painter.drawText(label, int(Qt.AlignmentFlag.AlignBottom), key)

    def _small_font(self) -> QFont:
        """The font of the keys, scale numbers and dates: a point smaller than the widget's, never under 8 pt."""
        small = QFont(self.font())
        small.setPointSizeF(max(8.0, self.font().pointSizeF() - 1))
        return small

    def _paint_connection(self, painter: QPainter, role: PartnerRole) -> None:
        colour = self.colours.get(role, MUTED)
        values = self.series.connection.get(role, ())
        for stretch in runs(values):
            if len(stretch) > 1:
                path = QPainterPath(self.point(role, *stretch[0]))
                for index, value in stretch[1:]:
                    path.lineTo(self.point(role, index, value))
                painter.setPen(QPen(colour, 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                                    Qt.PenJoinStyle.RoundJoin))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPath(path)
            painter.setPen(QPen(QColor("white"), 1.5))
            painter.setBrush(colour)
            for index, value in stretch:
                painter.drawEllipse(self.point(role, index, value), 5.0, 5.0)

    def _paint_marks(self, painter: QPainter, row: int, role: PartnerRole, levels: tuple) -> None:
        colour = self.colours.get(role, MUTED)
        painter.setPen(QPen(QColor("white"), 1.0))
        painter.setBrush(colour)
        for index, level in enumerate(levels):
            if level is not None:
                painter.drawEllipse(self.mark(row, role, index, level), 4.0, 4.0)

    def _paint_dates(self, painter: QPainter) -> None:
        count = len(self.series.dates)
        if not count:
            return
        painter.setFont(self._small_font())
        painter.setPen(MUTED)
        width = painter.fontMetrics().horizontalAdvance("30 Sep 00") + 8
        spacing = (self.session_x(1) - self.session_x(0)) if count > 1 else width
        every = max(1, int(width // max(1.0, spacing)) + (1 if width % max(1.0, spacing) else 0))
        top = self.mini_rect(1).bottom() + 4
        for index, date in enumerate(self.series.dates):
            if index % every and index != count - 1:
                continue
            x = self.session_x(index)
            painter.drawText(QRectF(x - width / 2, top, width, DATES_HEIGHT), int(Qt.AlignmentFlag.AlignCenter),
                             f"{date.day} {date:%b %y}")
