"""Colours, fonts and sizes of the board, chosen to stay legible over a compressed video call."""

from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QPixmap

CARD_RADIUS = 10.0
CARD_PADDING = 12.0
CARD_FONT_POINT_SIZE = 13
MIN_CARD_FONT_POINT_SIZE = 8
BORDER_COLOUR = QColor("#8a8067")
SELECTION_COLOUR = QColor("#1d5fd1")
ARROW_COLOUR = QColor("#4a4a4a")
TEXT_COLOUR = QColor("#1f1f1f")
BACKGROUND_COLOUR = QColor("#fbfaf7")
GRID_COLOUR = QColor("#ece9e1")
GRID_STEP = 40
ARROW_WIDTH = 2.2
ARROW_HEAD = 13.0


def card_font(point_size: int = CARD_FONT_POINT_SIZE) -> QFont:
    """The card font: the application's family (the bundled sans) at a size readable over video."""
    font = QFont()
    font.setPointSize(point_size)
    return font


def grid_brush() -> QBrush:
    """The board's background: one grid cell drawn once and tiled by Qt (no full-screen cache to keep in memory)."""
    tile = QPixmap(GRID_STEP, GRID_STEP)
    tile.fill(BACKGROUND_COLOUR)
    painter = QPainter(tile)
    painter.setPen(QPen(GRID_COLOUR, 1))
    painter.drawLine(0, 0, GRID_STEP, 0)
    painter.drawLine(0, 0, 0, GRID_STEP)
    painter.end()
    return QBrush(tile)
