"""BoardView: the widget that shows a BoardScene: zoom, pan, pen tablets, and the board's keys."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPixmap, QTabletEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QInputDialog, QWidget

from couplecanvas.canvas import keys
from couplecanvas.canvas.key_events import key_command
from couplecanvas.canvas.scene import BoardScene
from couplecanvas.canvas.screen_words import ScreenWords
from couplecanvas.canvas.tools import Tool
from couplecanvas.domain.board import CARD_HEIGHT, CARD_WIDTH, CardKind

MIN_ZOOM = 0.1
MAX_ZOOM = 4.0
MAX_FIT_ZOOM = 1.25  # a small board is shown a little larger, for legibility over a video call
ZOOM_STEP = 1.2

TOOL_COMMANDS = {b.id: Tool(b.tool) for b in keys.KEYS.values() if b.tool}  # the tool keys of canvas/keys.py
ARROWS = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, -1),
    Qt.Key.Key_Down: (0, 1),
}
NEW_CARD_KINDS = {"new_card": CardKind.CARD, "new_note": CardKind.NOTE, "new_label": CardKind.LABEL}
_SHIFT = Qt.KeyboardModifier.ShiftModifier
_TYPING_MODIFIERS = Qt.KeyboardModifier.NoModifier | _SHIFT  # what may be held while a letter is typed


class BoardView(QGraphicsView):
    """Shows one board. See `?` (the shortcut sheet) for its keys."""

    shortcuts_requested = Signal()
    """The therapist pressed `?`: show the sheet of keys."""
    zoom_changed = Signal(float)
    """The zoom factor changed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setOptimizationFlags(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Board")
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.grabGesture(Qt.GestureType.PinchGesture)
        self.screen_words: ScreenWords | None = None
        """How this view shows the words on cards (aliases for first names where others may see it); None: as typed."""
        self._space_down = False
        self._panning_from: QPointF | None = None
        self._snapshot: QPixmap | None = None
        self._snapshot_at: tuple | None = None
        self.horizontalScrollBar().valueChanged.connect(self._on_scrolled)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)

    def setScene(self, scene) -> None:  # noqa: N802
        """Show another scene; typing in the one shown so far ends first, its words kept (and its word list goes)."""
        old = self.board_scene()
        if old is not None and old is not scene:
            old.finish_editing()
        super().setScene(scene)

    def board_scene(self) -> BoardScene | None:
        scene = self.scene()
        return scene if isinstance(scene, BoardScene) else None

    # -- drag snapshot (see BoardScene.begin_drag_preview) -------------------------------------------------------------
    def _where(self) -> tuple:
        return (self.horizontalScrollBar().value(), self.verticalScrollBar().value(), self.transform())

    def take_snapshot(self) -> None:
        """Paint the board as it is now into a pixmap that stands in for the background while something moves."""
        self._snapshot = None
        self._snapshot = self.viewport().grab()
        self._snapshot_at = self._where()
        self.viewport().update()

    def drop_snapshot(self) -> None:
        if self._snapshot is not None:
            self._snapshot = None
            self.viewport().update()

    def _on_scrolled(self) -> None:
        if self._snapshot is not None and self._snapshot_at != self._where():
            scene = self.board_scene()
            if scene is not None:
                scene.end_drag_preview()  # the snapshot no longer matches the screen

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        if self._snapshot is not None and self._snapshot_at == self._where():
            target = QRectF(self.mapFromScene(rect).boundingRect())
            ratio = self._snapshot.devicePixelRatio()
            painter.save()
            painter.resetTransform()
            painter.drawPixmap(target, self._snapshot, QRectF(target.x() * ratio, target.y() * ratio,
                                                               target.width() * ratio, target.height() * ratio))
            painter.restore()
            return
        super().drawBackground(painter, rect)

    # -- zoom ----------------------------------------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        if factor != self.zoom:
            self.scale(factor / self.zoom, factor / self.zoom)
            self.zoom_changed.emit(self.zoom)

    def zoom_by(self, steps: float) -> None:
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.set_zoom(self.zoom * (ZOOM_STEP**steps))
        self.setTransformationAnchor(anchor)

    def show_rect(self, rect: QRectF, max_zoom: float = MAX_FIT_ZOOM) -> None:
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom > max_zoom:
            self.set_zoom(max_zoom)
        elif self.zoom < MIN_ZOOM:
            self.set_zoom(MIN_ZOOM)
        self.centerOn(rect.center())
        self.zoom_changed.emit(self.zoom)

    def fit_to_content(self) -> None:
        """Show every card and stroke, enlarged at most a little so a small board does not look blown up."""
        scene = self.board_scene()
        if scene is None:
            return
        bounds = scene.document.board.bounds()
        if bounds is None:
            self.resetTransform()
            self.centerOn(QPointF(800, 500))
            self.zoom_changed.emit(self.zoom)
            return
        self.show_rect(QRectF(bounds.x, bounds.y, bounds.w, bounds.h).adjusted(-40, -40, 40, 40))

    def zoom_to_selection(self) -> None:
        scene = self.board_scene()
        if scene is None or not scene.selectedItems():
            return
        rect = QRectF()
        for item in scene.selectedItems():
            rect = rect.united(item.sceneBoundingRect())
        self.show_rect(rect.adjusted(-40, -40, 40, 40), MAX_ZOOM / 2)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.set_zoom(self.zoom * (ZOOM_STEP ** (event.angleDelta().y() / 120)))
            event.accept()
            return
        super().wheelEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Gesture:
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if pinch is not None:
                self.set_zoom(self.zoom * pinch.scaleFactor())
                return True
        if event.type() == QEvent.Type.NativeGesture and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture:
            self.set_zoom(self.zoom * (1 + event.value()))
            return True
        return super().viewportEvent(event)

    # -- pan: space-drag or the middle button --------------------------------------------------------------------------
    def _start_pan(self, pos: QPointF) -> None:
        self._panning_from = pos
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.MiddleButton or (
            self._space_down and event.button() == Qt.MouseButton.LeftButton
        ):
            self._start_pan(event.position())
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._panning_from is not None:
            delta = event.position() - self._panning_from
            self._panning_from = event.position()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - round(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - round(delta.y()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._panning_from is not None:
            self._panning_from = None
            self._restore_cursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def _restore_cursor(self) -> None:
        scene = self.board_scene()
        cursor = Qt.CursorShape.OpenHandCursor if self._space_down else (
            scene.tool_object.cursor if scene else Qt.CursorShape.ArrowCursor
        )
        self.viewport().setCursor(cursor)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = False
            self._restore_cursor()
            self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
            event.accept()
            return
        super().keyReleaseEvent(event)

    # -- pen tablets: real pressure ------------------------------------------------------------------------------------
    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802
        scene = self.board_scene()
        kinds = {
            QEvent.Type.TabletPress: "press",
            QEvent.Type.TabletMove: "move",
            QEvent.Type.TabletRelease: "release",
        }
        kind = kinds.get(event.type())
        if scene is None or kind is None or scene.tool in (Tool.SELECT, Tool.CONNECT):
            event.ignore()  # Qt then sends the matching mouse event
            return
        # Qt hands tablet events to the view in the view's own coordinates (not the viewport's).
        local = self.viewport().mapFrom(self, event.position())
        pos = self.viewportTransform().inverted()[0].map(local)
        if scene.tablet_event(kind, QPointF(pos), event.pressure()):
            event.accept()
        else:
            event.ignore()

    # -- keys ----------------------------------------------------------------------------------------------------------
    def focusNextPrevChild(self, next_: bool) -> bool:  # noqa: N802
        return False  # Tab belongs to the board (a new connected card), not to focus moves

    def new_card(self, kind: CardKind = CardKind.CARD) -> str | None:
        """Add a card where the therapist is looking (below the selected card if any), on a free spot, and type."""
        scene = self.board_scene()
        if scene is None:
            return None
        selected = scene.selected_card_ids()
        if selected:
            card = scene.document.board.cards[selected[-1]]
            centre = QPointF(card.x + card.width / 2, card.y + card.height * 1.5 + 40)
        else:
            centre = self.mapToScene(self.viewport().rect().center())
        # Never on top of another card: the first free spot at or below the wanted one.
        x, y = scene.free_spot(centre.x() - CARD_WIDTH / 2, centre.y() - CARD_HEIGHT / 2, CARD_WIDTH, CARD_HEIGHT)
        return scene.add_card_at(QPointF(x + CARD_WIDTH / 2, y + CARD_HEIGHT / 2), kind=kind)

    def edit_connector_label(self, connector_id: str) -> None:
        scene = self.board_scene()
        if scene is None or connector_id not in scene.document.board.connectors:
            return
        current = scene.document.board.connectors[connector_id].label
        text, ok = QInputDialog.getText(self, self.tr("Arrow label"), self.tr("Words on the arrow:"), text=current)
        if ok:
            scene.document.set_connector(connector_id, label=text.strip())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        scene = self.board_scene()
        if scene is None or scene.editing_card_id is not None:
            return super().keyPressEvent(event)
        if self._handle_key(scene, event):
            event.accept()
        else:
            super().keyPressEvent(event)

    def _handle_key(self, scene: BoardScene, event: QKeyEvent) -> bool:
        cards = scene.selected_card_ids()
        if scene.link_source_id is not None:
            command = key_command(event, "pick")
            if command == "pick_move":
                scene.move_link_pick(*ARROWS[Qt.Key(event.key())])
            elif command in ("pick_done", "pick_cancel"):
                scene.finish_link_pick(command == "pick_done")
            return True  # nothing else happens on the board until the pick ends
        command = key_command(event)
        if command == "pan":
            if not event.isAutoRepeat():
                self._space_down = True
                self.setDragMode(QGraphicsView.DragMode.NoDrag)
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            return True
        # With one card selected, typing goes into the card, like writing on a sticky note: a word that begins with a
        # key's letter ("lonely", "calm", "numb", "?") is typed, never taken as that key. Keys that cannot be typed
        # (Ctrl+L, F2, Tab, Enter, Delete, arrows) still act.
        text = event.text()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if len(cards) == 1 and text and text.isprintable() and not text.isspace() and not mods & ~_TYPING_MODIFIERS:
            scene.start_editing(cards[0], initial_text=text)
            return True
        if command is None:
            return False
        return self._run_command(scene, command, cards, Qt.Key(event.key()))

    def _run_command(self, scene: BoardScene, command: str, cards: list[str], key: Qt.Key) -> bool:
        """Do what a binding of canvas/keys.py says; False when it does not apply now (the key goes on to Qt)."""
        one = len(cards) == 1
        if command in TOOL_COMMANDS:
            scene.set_tool(TOOL_COMMANDS[command])
        elif command in NEW_CARD_KINDS:
            self.new_card(NEW_CARD_KINDS[command])
        elif command == "key_sheet":
            self.shortcuts_requested.emit()
        elif command == "delete":
            scene.delete_selection()
        elif command == "connected_card" and one:
            scene.add_connected_card(cards[0])
        elif command == "sibling_card" and one:
            scene.add_sibling_card(cards[0])
        elif command == "edit_text" and one:
            scene.start_editing(cards[0])
        elif command == "connect" and cards:  # Ctrl+L: one card or many
            if one:
                scene.start_link_pick(cards[0])
            else:
                scene.connect_selected()
        elif command == "connect_picked" and len(cards) > 1:  # L: never on one card, where it is typed
            scene.connect_selected()
        elif command in ("jump", "jump_add") and cards:
            target = scene.neighbour(cards[-1], *ARROWS[key])
            if target is not None:
                if command == "jump":
                    scene.clearSelection()
                scene.card_items[target].setSelected(True)
                self.ensureVisible(scene.card_items[target])
        elif command in ("nudge", "nudge_more") and (cards or scene.selected_stroke_ids()):
            dx, dy = ARROWS[key]
            step = 10 if command == "nudge_more" else 1
            scene.nudge(dx * step, dy * step)
        elif command == "escape":
            if scene.tool is not Tool.SELECT:
                scene.set_tool(Tool.SELECT)
            else:
                scene.clearSelection()
        elif command == "snap":
            scene.snap_to_grid = not scene.snap_to_grid
        else:
            return False  # not for now (Tab on no card, arrows with nothing selected: Qt scrolls), or an action's key
        return True
