"""Tools: what a left-button gesture on the board does. The scene hands mouse (and tablet) events to the active one."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsSceneMouseEvent

from couplecanvas.canvas import style

if TYPE_CHECKING:
    from couplecanvas.canvas.scene import BoardScene


class Tool(enum.Enum):
    """The tools of the board, each with its key."""

    SELECT = "select"
    CONNECT = "connect"
    PEN = "pen"
    HIGHLIGHTER = "highlighter"
    ERASER = "eraser"
    LASER = "laser"


class BoardTool:
    """A tool gets the left-button gestures first; returning False lets the scene's default (select/move) act."""

    cursor = Qt.CursorShape.ArrowCursor
    items_movable = False

    def __init__(self, scene: BoardScene) -> None:
        self.scene = scene

    def press(self, pos: QPointF, event: QGraphicsSceneMouseEvent | None, pressure: float = 1.0) -> bool:
        return False

    def move(self, pos: QPointF, event: QGraphicsSceneMouseEvent | None, pressure: float = 1.0) -> bool:
        return False

    def release(self, pos: QPointF, event: QGraphicsSceneMouseEvent | None, pressure: float = 1.0) -> bool:
        return False

    def cancel(self) -> None:
        """Drop a gesture in progress (tool switched, Esc)."""


class SelectTool(BoardTool):
    """Click, shift-click, rubber band and drag are Qt's own; the scene turns a drop into one move command."""

    cursor = Qt.CursorShape.ArrowCursor
    items_movable = True


class ConnectTool(BoardTool):
    """Drag from one card to another to draw an arrow."""

    cursor = Qt.CursorShape.CrossCursor

    def __init__(self, scene: BoardScene) -> None:
        super().__init__(scene)
        self._source: str | None = None
        self._preview: QGraphicsLineItem | None = None

    def press(self, pos, event, pressure=1.0) -> bool:
        card = self.scene.card_at(pos)
        if card is None:
            return True  # a press on the empty board does nothing with this tool
        self._source = card.card_id
        centre = card.sceneBoundingRect().center()
        self._preview = self.scene.addLine(QLineF(centre, pos), QPen(style.SELECTION_COLOUR, 2, Qt.PenStyle.DashLine))
        self._preview.setZValue(1e9)
        return True

    def move(self, pos, event, pressure=1.0) -> bool:
        if self._preview is None:
            return False
        line = self._preview.line()
        line.setP2(pos)
        self._preview.setLine(line)
        return True

    def release(self, pos, event, pressure=1.0) -> bool:
        if self._preview is None:
            return True
        source = self._source
        self.cancel()
        target = self.scene.card_at(pos)
        if source is not None and target is not None and target.card_id != source:
            self.scene.connect_cards(source, target.card_id)
        return True

    def cancel(self) -> None:
        if self._preview is not None:
            self.scene.removeItem(self._preview)
        self._preview = None
        self._source = None
