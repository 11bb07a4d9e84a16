"""Reframe pairs on the board: which cards are an old story or a new story, and how their tags and arrows look.

The marks are derived from the board's reframe arrows by the scene (`StoryMarks`); items only ask and paint.
"""

from __future__ import annotations

import enum
import math
from collections import Counter

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

from couplecanvas.canvas import style
from couplecanvas.domain.board import OLD_STORY_COLOUR, REFRAME_COLOUR, Connector, ConnectorKind

REFRAME_QCOLOUR = QColor(REFRAME_COLOUR)
OLD_STORY_QCOLOUR = QColor(OLD_STORY_COLOUR)
OLD_STORY_TAG_QCOLOUR = QColor(OLD_STORY_COLOUR).darker(125)  # white words on the plain grey are too faint
NEW_STORY_BORDER = QPen(REFRAME_QCOLOUR, 3.0)
OLD_STORY_BORDER = QPen(OLD_STORY_QCOLOUR, 2.5, Qt.PenStyle.DashLine)
TAG_HEIGHT = 20.0
TAG_RISE = 11.0  # how far a tag reaches above the card's top edge
TAG_INSET = 12.0
TAG_GAP = 6.0
TAG_POINT_SIZE = 10

# A reframe arrow is a broad double line in the reframe colour with a larger head.
REFRAME_LINE_WIDTH = 7.0
REFRAME_INNER_WIDTH = 2.4
REFRAME_HEAD = style.ARROW_HEAD * 1.4
REFRAME_SHAFT_STOP = REFRAME_HEAD * 0.6  # the double line stops inside the head, where the head is wider than it
REFRAME_INNER_COLOUR = QColor("#ffffff")


class StoryMark(enum.IntFlag):
    """What a card is in the board's reframe pairs: an old story, a new story, or (in a chain) both."""

    NONE = 0
    OLD = 1
    NEW = 2


class StoryMarks:
    """The story marks of every card, kept up to date from the reframe arrows as they come, change and go."""

    def __init__(self) -> None:
        self._ends: dict[str, tuple[str, str]] = {}
        self._old: Counter[str] = Counter()
        self._new: Counter[str] = Counter()
        self._marks: dict[str, StoryMark] = {}

    def of(self, card_id: str) -> StoryMark:
        """The card's mark (NONE for most cards)."""
        return self._marks.get(card_id, StoryMark.NONE)

    def connector_set(self, connector: Connector) -> set[str]:
        """An arrow was added or changed; returns the cards whose mark changed."""
        touched = self._drop(connector.id)
        if connector.kind is ConnectorKind.REFRAME:
            self._ends[connector.id] = (connector.source_id, connector.target_id)
            self._old[connector.source_id] += 1
            self._new[connector.target_id] += 1
            touched |= {connector.source_id, connector.target_id}
        return self._recompute(touched)

    def connector_removed(self, connector_id: str) -> set[str]:
        """An arrow left the board; returns the cards whose mark changed."""
        return self._recompute(self._drop(connector_id))

    def _drop(self, connector_id: str) -> set[str]:
        ends = self._ends.pop(connector_id, None)
        if ends is None:
            return set()
        source, target = ends
        self._old[source] -= 1
        self._new[target] -= 1
        return {source, target}

    def _recompute(self, card_ids: set[str]) -> set[str]:
        changed = set()
        for card_id in card_ids:
            mark = StoryMark.NONE
            if self._old[card_id] > 0:
                mark |= StoryMark.OLD
            else:
                del self._old[card_id]
            if self._new[card_id] > 0:
                mark |= StoryMark.NEW
            else:
                del self._new[card_id]
            if mark != self._marks.get(card_id, StoryMark.NONE):
                changed.add(card_id)
            if mark:
                self._marks[card_id] = mark
            else:
                self._marks.pop(card_id, None)
        return changed


def border_pen(mark: StoryMark) -> QPen:
    """A marked card's border: the new story's colour wins in a chain (that card is where the story got to)."""
    return NEW_STORY_BORDER if mark & StoryMark.NEW else OLD_STORY_BORDER


def border_colour(mark: StoryMark) -> QColor:
    return REFRAME_QCOLOUR if mark & StoryMark.NEW else OLD_STORY_QCOLOUR


_tags: dict[StoryMark, tuple[str, float, QColor]] = {}
_tag_font: list[QFont] = []


def _tag_font_now() -> QFont:
    if not _tag_font:  # made on first paint: a QFont needs the application's default family
        font = style.card_font(TAG_POINT_SIZE)
        font.setBold(True)
        _tag_font.append(font)
    return _tag_font[0]


def _tag(mark: StoryMark) -> tuple[str, float, QColor]:
    tag = _tags.get(mark)
    if tag is None:
        if mark is StoryMark.OLD:
            text, colour = QCoreApplication.translate("BoardCanvas", "old story"), OLD_STORY_TAG_QCOLOUR
        else:
            text, colour = QCoreApplication.translate("BoardCanvas", "new story"), REFRAME_QCOLOUR
        width = QFontMetricsF(_tag_font_now()).horizontalAdvance(text) + 14
        tag = _tags[mark] = (text, width, colour)
    return tag


def tag_texts(mark: StoryMark) -> list[str]:
    """The words of the tags a card with this mark shows, left to right (the old story first)."""
    return [_tag(m)[0] for m in (StoryMark.OLD, StoryMark.NEW) if mark & m]


def paint_tags(painter: QPainter, width: float, mark: StoryMark) -> None:
    """Small filled tags straddling the card's top edge, from its left corner: "old story", "new story"."""
    painter.setFont(_tag_font_now())
    x = TAG_INSET
    for single in (StoryMark.OLD, StoryMark.NEW):
        if not mark & single:
            continue
        text, tag_width, colour = _tag(single)
        box = QRectF(x, -TAG_RISE, min(tag_width, max(width - x - 4, 20.0)), TAG_HEIGHT)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(box, TAG_HEIGHT / 2, TAG_HEIGHT / 2)
        painter.setPen(REFRAME_INNER_COLOUR)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        x += tag_width + TAG_GAP


def reframe_label() -> str:
    """The words a reframe arrow shows when it has no label of its own."""
    return QCoreApplication.translate("BoardCanvas", "reframe")


def shaft(x1: float, y1: float, x2: float, y2: float, control: QPointF | None) -> QPainterPath:
    """The reframe arrow's line, stopped short of the tip so its broad ends hide inside the head."""
    path = QPainterPath(QPointF(x1, y1))
    if control is None:
        length = math.hypot(x2 - x1, y2 - y1)
        keep = max(0.0, length - REFRAME_SHAFT_STOP) / length if length else 0.0
        path.lineTo(x1 + (x2 - x1) * keep, y1 + (y2 - y1) * keep)
        return path
    cx, cy = control.x(), control.y()

    def point(t: float) -> tuple[float, float]:
        u = 1 - t
        return (u * u * x1 + 2 * u * t * cx + t * t * x2, u * u * y1 + 2 * u * t * cy + t * t * y2)

    low, high = 0.0, 1.0
    for _ in range(16):  # the t where the curve is REFRAME_SHAFT_STOP away from the tip
        mid = (low + high) / 2
        px, py = point(mid)
        if math.hypot(x2 - px, y2 - py) > REFRAME_SHAFT_STOP:
            low = mid
        else:
            high = mid
    t = low
    # de Casteljau: the first part of the curve, up to t, is again a quadratic curve
    path.quadTo(QPointF(x1 + (cx - x1) * t, y1 + (cy - y1) * t), QPointF(*point(t)))
    return path
