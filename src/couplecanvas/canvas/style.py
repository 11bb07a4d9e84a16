"""Colours, fonts and sizes of the board, chosen to stay legible over a compressed video call.

The module constants are the light board as it always was; a BoardStyle gathers what differs between themes (light,
dark, high contrast, each with or without large text). A scene holds one (`scene.board_style`) and its items read it
as they paint, so a change of theme is a new value handed to the scene, never a change of these constants.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QPixmap

from couplecanvas.domain import palette
from couplecanvas.domain.board import HINT_COLOUR

CARD_RADIUS = 10.0
CARD_PADDING = 12.0
CARD_FONT_POINT_SIZE = 13
MIN_CARD_FONT_POINT_SIZE = 8
BORDER_COLOUR = QColor("#8a8067")
SELECTION_COLOUR = QColor("#1d5fd1")
ARROW_COLOUR = QColor("#4a4a4a")
TEXT_COLOUR = QColor("#1f1f1f")
BACKGROUND_COLOUR = QColor(palette.BOARD_BACKGROUNDS["light"])
GRID_COLOUR = QColor("#ece9e1")
GRID_STEP = 40
ARROW_WIDTH = 2.2
ARROW_HEAD = 13.0

MIN_SHARED_TEXT_PX = 16
"""The smallest card text, in screen pixels, the shared window should show (normal text)."""
MIN_SHARED_TEXT_PX_LARGE = 22
"""The same floor with the large-text preset on."""

LARGE_TEXT_CARD_POINT_SIZE = 16
"""Card words start at this size with large text (and shrink, as always, only as far as the card needs)."""


def min_shared_text_px(large: bool) -> int:
    """The smallest on-screen card text (px) the shared window should allow, with or without large text."""
    return MIN_SHARED_TEXT_PX_LARGE if large else MIN_SHARED_TEXT_PX


@dataclass(frozen=True, eq=False)
class BoardStyle:
    """How a board paints in one theme: every colour, line width and text size that differs between themes.

    Immutable; compared by identity (QColor cannot be hashed), so `board_style()` hands out one value per choice."""

    name: str
    """"light", "dark" or "high_contrast"."""
    dark: bool
    """A dark board: light words on the board itself (labels), ink lightened where it would vanish."""
    background: QColor
    grid: QColor | None
    """The grid's lines, or None for no grid."""
    text: QColor
    """Words on a card's fill (fills stay light in every theme, so this is always dark)."""
    label_text: QColor
    """Words of a text label, drawn straight on the board."""
    hint: QColor
    placeholder: QColor
    border: QColor
    border_width: float
    partner_border_width: float
    note_border_width: float
    note_border_darker: int
    """A sticky note's border is its own colour darkened by this factor (QColor.darker)."""
    arrow: QColor
    arrow_width: float
    arrow_label_fill: QColor
    reframe_inner: QColor
    """The thin line that hollows out a reframe arrow."""
    selection: QColor
    selection_width: float
    far_text: QColor
    """The grey strokes that stand for words on a board seen from afar."""
    min_fill_contrast: float
    """Card fills are lightened until `text` reaches this contrast on them (0: fills are shown as stored)."""
    card_point_size: int = CARD_FONT_POINT_SIZE
    """The size card words start at; they shrink only as far as the card needs."""
    min_card_point_size: int = MIN_CARD_FONT_POINT_SIZE
    """The floor they shrink to. Large text leaves it as it is: a higher floor would cut words off a small card."""
    large_text: bool = False

    def card_fill(self, colour: str) -> QColor:
        """The fill a card of this stored colour is painted with."""
        if not self.min_fill_contrast:
            return QColor(colour)
        return QColor(_card_fill(self, colour))  # a copy: the cached colour is shared

    def ink(self, colour: QColor) -> QColor:
        """A freehand line's colour as shown: on a dark board, black or grey ink shows as the labels' light colour
        (chalk on a blackboard) and dark coloured ink is lightened until it stands out."""
        if not self.dark or colour.alpha() < 255:
            return colour
        return QColor(_shown_ink(self, colour.rgba()))  # a copy: the cached colour is shared


# Both are read as items paint (every card, every stroke): worked out once per style and stored colour, not per paint.
@functools.lru_cache(maxsize=512)
def _card_fill(board: BoardStyle, colour: str) -> QColor:
    try:
        return QColor(palette.fill_for_text(QColor(colour).name(), board.text.name(), board.min_fill_contrast))
    except ValueError:
        return QColor(colour)


@functools.lru_cache(maxsize=256)
def _shown_ink(board: BoardStyle, rgba: int) -> QColor:
    return QColor(_ink(QColor.fromRgba(rgba).name(), board.background.name(), board.label_text.name()))


def _ink(colour: str, background: str, light: str) -> str:
    if palette.contrast_ratio(colour, background) >= palette.MIN_BORDER_CONTRAST:
        return colour
    _, a, b = palette.lab(colour)
    if (a * a + b * b) ** 0.5 < 12:  # black or grey ink, with hardly any colour of its own
        return light
    low, high = 0.0, 1.0
    for _ in range(16):
        middle = (low + high) / 2
        if palette.contrast_ratio(palette.mix(colour, "#ffffff", middle), background) >= 4.5:
            high = middle
        else:
            low = middle
    return palette.mix(colour, "#ffffff", high)


LIGHT_BOARD = BoardStyle(
    name="light",
    dark=False,
    background=BACKGROUND_COLOUR,
    grid=GRID_COLOUR,
    text=TEXT_COLOUR,
    label_text=TEXT_COLOUR,
    hint=QColor(HINT_COLOUR),
    placeholder=QColor("#9a9488"),  # "Type here" on an empty card that has no hint of its own
    border=BORDER_COLOUR,
    border_width=1.2,
    partner_border_width=2.0,
    note_border_width=1.0,
    note_border_darker=125,
    arrow=ARROW_COLOUR,
    arrow_width=ARROW_WIDTH,
    arrow_label_fill=QColor(255, 255, 255, 235),
    reframe_inner=QColor("#ffffff"),
    selection=SELECTION_COLOUR,
    selection_width=3.0,
    far_text=QColor(60, 60, 60, 70),
    min_fill_contrast=0.0,
)
"""The board as it has always looked: warm off-white, a faint grid, pastel cards with near-black words."""

# Dark: the board goes dark, but cards keep their light pastel fills and dark words. Over a compressed video call
# luminance carries legibility (colour is sent at a quarter of the resolution): dark words on a light card reach 13:1
# or more, where light words on darkened fills would lose thin strokes to the chroma smear and make the card colours
# (blue for one partner, orange for the other) muddy and hard to tell apart. The cards also look the same as on the
# printed handout. Only what sits straight on the board (labels, arrows, their words, the grid) turns light.
DARK_BOARD = BoardStyle(
    name="dark",
    dark=True,
    background=QColor(palette.BOARD_BACKGROUNDS["dark"]),
    grid=QColor("#24262a"),
    text=TEXT_COLOUR,
    label_text=QColor("#ececec"),
    hint=QColor(HINT_COLOUR),
    placeholder=QColor("#9a9488"),
    border=BORDER_COLOUR,
    border_width=1.2,
    partner_border_width=2.5,
    note_border_width=1.0,
    note_border_darker=125,
    arrow=QColor("#c8c8c8"),
    arrow_width=2.4,
    arrow_label_fill=QColor(23, 24, 27, 235),
    reframe_inner=QColor(palette.BOARD_BACKGROUNDS["dark"]),
    selection=QColor("#6ea8ff"),
    selection_width=3.0,
    far_text=QColor(140, 140, 140, 120),
    min_fill_contrast=palette.MIN_CARD_TEXT_CONTRAST,
)
"""A dark board for a dark desktop: light words on the board, pastel cards with dark words."""

HIGH_CONTRAST_BOARD = BoardStyle(
    name="high_contrast",
    dark=False,
    background=QColor(palette.BOARD_BACKGROUNDS["high_contrast"]),
    grid=None,
    text=QColor("#000000"),
    label_text=QColor("#000000"),
    hint=QColor("#4d4940"),
    placeholder=QColor("#4d4940"),
    border=QColor("#1a1a1a"),
    border_width=3.0,
    partner_border_width=3.5,
    note_border_width=3.0,
    note_border_darker=250,
    arrow=QColor("#000000"),
    arrow_width=3.5,
    arrow_label_fill=QColor(255, 255, 255, 250),
    reframe_inner=QColor("#ffffff"),
    selection=QColor("#c2185b"),
    selection_width=4.5,
    far_text=QColor(0, 0, 0, 120),
    min_fill_contrast=palette.MIN_CARD_TEXT_CONTRAST,
)
"""White board, no grid, black words, thick dark borders and arrows: for a poor connection or weak eyes."""

BOARD_STYLES = {style.name: style for style in (LIGHT_BOARD, DARK_BOARD, HIGH_CONTRAST_BOARD)}


def board_style(name: str, large_text: bool = False) -> BoardStyle:
    """The board style of a theme ("light", "dark", "high_contrast"; anything else reads as light), large text or not.

    The same choice always gives the same object, so a scene can tell a real change by identity."""
    base = BOARD_STYLES.get(name, LIGHT_BOARD)
    return _large(base) if large_text else base


@functools.cache
def _large(base: BoardStyle) -> BoardStyle:
    return replace(base, card_point_size=LARGE_TEXT_CARD_POINT_SIZE, large_text=True)


def painted_style(scene) -> BoardStyle:
    """The style a BoardScene's items paint in: its own, but the light board while an image is exported (on white)."""
    return LIGHT_BOARD if scene.exporting else scene.board_style


def card_font(point_size: int = CARD_FONT_POINT_SIZE) -> QFont:
    """The card font: the application's family (the bundled sans) at a size readable over video."""
    font = QFont()
    font.setPointSize(point_size)
    return font


def grid_brush(board: BoardStyle = LIGHT_BOARD) -> QBrush:
    """The board's background: one grid cell drawn once and tiled by Qt (no full-screen cache to keep in memory)."""
    if board.grid is None:
        return QBrush(board.background)
    tile = QPixmap(GRID_STEP, GRID_STEP)
    tile.fill(board.background)
    painter = QPainter(tile)
    painter.setPen(QPen(board.grid, 1))
    painter.drawLine(0, 0, GRID_STEP, 0)
    painter.drawLine(0, 0, 0, GRID_STEP)
    painter.end()
    return QBrush(tile)
