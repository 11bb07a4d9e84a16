"""'Our progress' on the handout: each partner's answers across the sessions, drawn with ReportLab's own charts.

The numbers are `domain.progress.progress_series` of this couple's sessions up to the handout's session, the same the
story page draws on screen: connection (0 to 10) as one line per partner in a LinePlot, a missing answer a gap
(each unbroken stretch is a line of its own); how often the cycle caught them and how quickly they found each other
again as two small LinePlots of marks, better answers higher. Only this couple's checks are ever read in, and a
check holds no note, so nothing private can reach the page.

`ProgressHandoutRenderer` is the handout's renderer with this section at the end, for a handout made with
"Include our progress".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.platypus.flowables import Flowable, KeepTogether

from couplecanvas.domain.couple import Couple, PartnerRole
from couplecanvas.domain.dates import short_date
from couplecanvas.domain.progress import (
    CAUGHT_LABELS,
    CONNECTION_MAX,
    CONNECTION_MIN,
    FOUND_AGAIN_LABELS,
    ProgressPoint,
    ProgressSeries,
    progress_series,
    runs,
)
from couplecanvas.domain.session import Session
from couplecanvas.export.bidi_text import TypedParagraph
from couplecanvas.export.board_map import parse_colour
from couplecanvas.export.fonts import REGULAR
from couplecanvas.export.handout_data import HandoutData
from couplecanvas.export.handout_pdf import HandoutRenderer
from couplecanvas.export.handout_style import INK, RULE, SOFT_INK

HEADING = "Our progress"
INTRO = ("How connected each of you felt, session by session (0 to 10), and below it how often the cycle caught you "
         "and how quickly you found each other again. Higher is better on all three; a gap means no answer that week.")
PARTNER_OFFSET = 0.06  # as on screen: the two partners' points either side of the session, so equal answers both show
LEFT = 96.0  # room for the small charts' words on the left
MAIN_HEIGHT = 120.0
MINI_HEIGHT = 34.0
GAP = 22.0
BOTTOM = 18.0  # the dates
MINI_LEVELS = 4


@dataclass(frozen=True)
class HandoutProgress:
    """What the handout's progress chart shows: the numbers, and the partners as the handout names them."""

    series: ProgressSeries
    names: tuple[str, str]
    colours: tuple[str, str]

    @property
    def is_empty(self) -> bool:
        return not self.series.has_answers

    def colour(self, role: PartnerRole) -> colors.Color:
        """The partner's colour as printed (the arrows' grey when theirs cannot be read)."""
        return parse_colour(self.colours[0 if role is PartnerRole.A else 1], fallback="#5b6670")


def handout_progress(couple: Couple, session: Session, history: Iterable[ProgressPoint],
                     use_alias: bool | None = None) -> HandoutProgress:
    """The couple's progress up to and including the handout's session: only this couple's sessions are kept."""
    alias = couple.use_aliases if use_alias is None else use_alias
    until = (session.date, session.id or 0)
    points = [p for p in history if p.session.couple_id == couple.id and (p.session.date, p.session.id or 0) <= until]
    return HandoutProgress(
        progress_series(points),
        (couple.partner_a.shown_name(alias), couple.partner_b.shown_name(alias)),
        (couple.partner_a.colour, couple.partner_b.colour),
    )


class ChartDrawing(Drawing):
    """A Drawing that remembers where on which page it was drawn (in points from the page's lower left corner)."""

    placed: tuple[int, float, float] | None = None

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802, N803 (ReportLab API)
        self.__dict__["placed"] = (canvas.getPageNumber(), x, y)  # past ReportLab's attribute checks
        return super().drawOn(canvas, x, y, _sW)


@dataclass
class ProgressDrawing:
    """The chart as a Drawing, with its three plots at hand (tests read their numbers back)."""

    drawing: ChartDrawing
    connection: LinePlot
    caught: LinePlot
    found_again: LinePlot
    partner_lines: dict[PartnerRole, list[int]] = field(default_factory=dict)
    """Which of `connection`'s lines belong to each partner (one line per unbroken stretch)."""

    def values(self, role: PartnerRole) -> list[list[tuple[float, float]]]:
        """A partner's connection lines as drawn: (session number from 1, answer) pairs, one list per stretch."""
        return [list(self.connection.data[i]) for i in self.partner_lines[role]]

    def point(self, plot: LinePlot, x: float, y: float) -> tuple[float, float]:
        """Where a value pair of `plot` lands in the drawing (points from its lower left corner)."""
        xa, ya = plot.xValueAxis, plot.yValueAxis
        return (plot.x + (x - xa.valueMin) / (xa.valueMax - xa.valueMin) * plot.width,
                plot.y + (y - ya.valueMin) / (ya.valueMax - ya.valueMin) * plot.height)


def _x(role: PartnerRole, index: int) -> float:
    return index + 1 + (-PARTNER_OFFSET if role is PartnerRole.A else PARTNER_OFFSET)


def _plot(x: float, y: float, width: float, height: float, count: int, y_min: float, y_max: float) -> LinePlot:
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = x, y, width, height
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = 0.5, count + 0.5
    plot.xValueAxis.valueSteps = list(range(1, count + 1))
    plot.xValueAxis.visibleLabels = False
    plot.xValueAxis.visibleTicks = False
    plot.xValueAxis.strokeColor = RULE
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax = y_min, y_max
    plot.yValueAxis.strokeColor = RULE
    plot.yValueAxis.visibleTicks = False
    plot.yValueAxis.visibleGrid = True
    plot.yValueAxis.gridStrokeColor = RULE
    plot.yValueAxis.gridStrokeWidth = 0.5
    plot.yValueAxis.labels.fontName = REGULAR
    plot.yValueAxis.labels.fontSize = 7.5
    plot.yValueAxis.labels.fillColor = SOFT_INK
    return plot


def _marks(plot: LinePlot, progress: HandoutProgress, levels: dict[PartnerRole, tuple[int | None, ...]]) -> None:
    """Each answer as a mark of its own (no line between): better answers higher (level 0 at the top)."""
    data, styles = [], []
    for role in PartnerRole:
        for index, level in enumerate(levels.get(role, ())):
            if level is not None:
                data.append([(_x(role, index), MINI_LEVELS - 1 - level)])
                styles.append(role)
    plot.data = data or [[(0.0, -1.0)]]  # ReportLab needs a line; an empty plot gets one out of sight
    for i, role in enumerate(styles):
        colour = progress.colour(role)
        plot.lines[i].strokeColor = colour
        plot.lines[i].symbol = makeMarker("FilledCircle", size=5, fillColor=colour, strokeColor=colors.white,
                                          strokeWidth=0.4)


def progress_drawing(progress: HandoutProgress, width: float) -> ProgressDrawing:
    """The chart at this width: connection above, the two small charts under it, the session dates at the foot."""
    series = progress.series
    count = max(1, len(series.dates))
    plot_width = width - LEFT - 8
    height = BOTTOM + 2 * (MINI_HEIGHT + GAP) + MAIN_HEIGHT + 6
    drawing = ChartDrawing(width, height)

    main = _plot(LEFT, BOTTOM + 2 * (MINI_HEIGHT + GAP), plot_width, MAIN_HEIGHT, count, CONNECTION_MIN,
                 CONNECTION_MAX)
    main.yValueAxis.valueSteps = [0, 5, 10]
    main.yValueAxis.labels.fontSize = 8
    data: list[list[tuple[float, float]]] = []
    lines: dict[PartnerRole, list[int]] = {role: [] for role in PartnerRole}
    for role in PartnerRole:
        for stretch in runs(series.connection.get(role, ())):
            lines[role].append(len(data))
            data.append([(_x(role, index), value) for index, value in stretch])
    main.data = data or [[(0.0, -1.0)]]
    for role, numbers in lines.items():
        colour = progress.colour(role)
        for i in numbers:
            main.lines[i].strokeColor = colour
            main.lines[i].strokeWidth = 1.8
            main.lines[i].symbol = makeMarker("FilledCircle", size=5.5, fillColor=colour, strokeColor=colors.white,
                                              strokeWidth=0.6)
    drawing.add(main)
    middle = BOTTOM + 2 * (MINI_HEIGHT + GAP) + MAIN_HEIGHT / 2
    for offset, words in ((4, "How connected"), (-7, "we felt (0–10)")):
        drawing.add(String(0, middle + offset, words, fontName=REGULAR, fontSize=8.5, fillColor=INK))

    minis = []
    titles: tuple[tuple[str, Mapping[Any, str]], ...] = (
        ("The cycle caught us", CAUGHT_LABELS),
        ("Found each other again", FOUND_AGAIN_LABELS),
    )
    for row, ((title, labels), levels) in enumerate(zip(titles, (series.caught, series.found_again))):
        bottom = BOTTOM + (1 - row) * (MINI_HEIGHT + GAP)
        mini = _plot(LEFT, bottom, plot_width, MINI_HEIGHT, count, -0.3, MINI_LEVELS - 1 + 0.3)
        mini.yValueAxis.valueSteps = [0, MINI_LEVELS - 1]
        level_words = list(labels.values())
        mini.yValueAxis.labelTextFormat = lambda v, words=level_words: words[MINI_LEVELS - 1 - round(v)]
        mini.yValueAxis.visibleGrid = False
        _marks(mini, progress, levels)
        drawing.add(mini)
        drawing.add(String(0, bottom + MINI_HEIGHT + 6, title, fontName=REGULAR, fontSize=8.5, fillColor=INK))
        minis.append(mini)

    step = plot_width / count
    every = max(1, int(44 // step) + (1 if 44 % step else 0))
    for index, date in enumerate(series.dates):
        if index % every and index != len(series.dates) - 1:
            continue
        x = LEFT + step * (index + 0.5)
        # In English whatever the locale (strftime's %b follows it): '3 Dec 26'.
        words = f"{short_date(date, with_year=False)} {date:%y}"
        drawing.add(String(x, 4, words, fontName=REGULAR, fontSize=7.5, fillColor=SOFT_INK, textAnchor="middle"))
    return ProgressDrawing(drawing, main, minis[0], minis[1], lines)


def progress_section(progress: HandoutProgress, styles: dict, chart: ProgressDrawing) -> list[Flowable]:
    """The section: its heading, a line on how to read it, the partners' colours and names, and the chart."""
    keys = []
    for role, name in zip(PartnerRole, progress.names):
        keys.append(f'<font color="#{progress.colour(role).hexval()[2:]}">●</font> {escape(name)}')
    return [KeepTogether([
        TypedParagraph(HEADING, styles["h2"]),
        TypedParagraph(INTRO, styles["intro"]),
        TypedParagraph("&nbsp;&nbsp;&nbsp;".join(keys), styles["legend"]),
        chart.drawing,
    ])]


class ProgressHandoutRenderer(HandoutRenderer):
    """The handout, with 'Our progress' at its end."""

    def __init__(self, data: HandoutData, progress: HandoutProgress, page_size: str = "A4",
                 large_print: bool = False) -> None:
        super().__init__(data, page_size, large_print)
        self.progress = progress
        self.chart: ProgressDrawing | None = None

    def body(self, frame_height: float) -> list[Flowable]:
        story = super().body(frame_height)
        if not self.progress.is_empty:
            self.chart = progress_drawing(self.progress, self.frame_size()[0])
            story.extend(progress_section(self.progress, self.styles, self.chart))
        return story


def progress_renderer(data: HandoutData, progress: HandoutProgress, *, page_size: str = "A4",
                      large_print: bool = False) -> ProgressHandoutRenderer:
    """The handout's renderer with 'Our progress' at its end; after `build()`, its `chart` is what was drawn."""
    return ProgressHandoutRenderer(data, progress, page_size, large_print)


def render_handout_with_progress(data: HandoutData, progress: HandoutProgress, *, page_size: str = "A4",
                                 large_print: bool = False, deterministic: bool = False) -> bytes:
    """The handout's PDF with 'Our progress' at its end (no section when neither partner has answered)."""
    return progress_renderer(data, progress, page_size=page_size, large_print=large_print).build(
        deterministic=deterministic)
