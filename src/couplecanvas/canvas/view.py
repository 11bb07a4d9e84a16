"""BoardView: the widget that shows a BoardScene, with zoom, pan, a quiet grid and board keys."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QKeyEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QWidget

from couplecanvas.canvas.scene import BoardScene, Tool

MIN_ZOOM = 0.2
MAX_ZOOM = 4.0
MAX_FIT_ZOOM = 1.25  # a small board is shown a little larger, for legibility over a video call


class BoardView(QGraphicsView):
    """Shows one board. N adds a card, Enter/F2 edits, C toggles the connect tool, Delete removes the selection."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Board")

    def board_scene(self) -> BoardScene | None:
        scene = self.scene()
        return scene if isinstance(scene, BoardScene) else None

    # -- zoom ----------------------------------------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        self.scale(factor / self.zoom, factor / self.zoom)

    def fit_to_content(self) -> None:
        """Show every card, enlarged at most a little so a small board does not look blown up."""
        scene = self.board_scene()
        if scene is None:
            return
        bounds = scene.document.board.bounds()
        if bounds is None:
            self.resetTransform()
            self.centerOn(QPointF(800, 500))
            return
        rect = QRectF(bounds.x, bounds.y, bounds.w, bounds.h).adjusted(-40, -40, 40, 40)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom > MAX_FIT_ZOOM:
            self.set_zoom(MAX_FIT_ZOOM)
        elif self.zoom < MIN_ZOOM:
            self.set_zoom(MIN_ZOOM)
        self.centerOn(rect.center())

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            self.set_zoom(self.zoom * (1.15**steps))
            event.accept()
            return
        super().wheelEvent(event)

    # -- keys ----------------------------------------------------------------------------------------------------------
    def new_card(self) -> str | None:
        """Add a card where the therapist is looking (below the selected card if any) and start typing."""
        scene = self.board_scene()
        if scene is None:
            return None
        selected = scene.selected_card_ids()
        if selected:
            card = scene.document.board.cards[selected[-1]]
            centre = QPointF(card.x + card.width / 2, card.y + card.height * 1.5 + 40)
        else:
            centre = self.mapToScene(self.viewport().rect().center())
        return scene.add_card_at(centre)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        scene = self.board_scene()
        if scene is None or scene.editing_card_id is not None:
            return super().keyPressEvent(event)
        key, mods = event.key(), event.modifiers()
        plain = not (mods & ~Qt.KeyboardModifier.KeypadModifier)
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and plain:
            scene.delete_selection()
        elif key == Qt.Key.Key_N and plain:
            self.new_card()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2) and plain and len(scene.selected_card_ids()) == 1:
            scene.start_editing(scene.selected_card_ids()[0])
        elif key == Qt.Key.Key_C and plain:
            scene.set_tool(Tool.SELECT if scene.tool is Tool.CONNECT else Tool.CONNECT)
        elif key == Qt.Key.Key_L and plain:
            scene.connect_selected()
        elif key == Qt.Key.Key_Escape and plain:
            if scene.tool is Tool.CONNECT:
                scene.set_tool(Tool.SELECT)
            else:
                scene.clearSelection()
        else:
            return super().keyPressEvent(event)
        event.accept()
