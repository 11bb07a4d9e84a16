"""A board view that only looks: it pans and zooms, never loses the board, keeps the words readable, and can be
linked to a second view so that two boards side by side move together."""

from __future__ import annotations

import logging

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QTransform, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QWidget

from couplecanvas.canvas import BoardScene, BoardView, style
from couplecanvas.canvas.items import fitting_font
from couplecanvas.canvas.view import MAX_FIT_ZOOM, MAX_ZOOM, MIN_ZOOM
from couplecanvas.domain.board import CardKind

log = logging.getLogger(__name__)

ZOOM_KEYS = {
    QKeySequence("Ctrl+="): 1,
    QKeySequence("Ctrl++"): 1,
    QKeySequence("Ctrl+Shift+="): 1,
    QKeySequence("Ctrl+-"): -1,
}
BOARD_MARGIN = 40.0  # board units of background kept around the board, as when the live board is fitted
LEGIBLE_WORDS_PX = 12.0
"""The height (the font's em, in screen pixels) the smallest card words get when a board is fitted: about 9 pt, what
a desktop uses for its own text, so the words read over a video call rather than show as grey bars."""


def smallest_words_pt(scene: BoardScene) -> float | None:
    """The point size the smallest card words are drawn at (at 100 %), or None when no card has words.

    The same font the cards choose (the largest that fits, down to the style's floor); prompts count only on a board
    of prompts.
    """
    board, board_style = scene.document.board, style.painted_style(scene)

    def sizes(with_hints: bool) -> list[float]:
        found = []
        for card in board.cards.values():
            words = card.text or (card.hint if with_hints else "")
            if not words:
                continue
            # As CardItem.paint lays the words out: inside the card's padding.
            rect = QRectF(0, 0, card.width, card.height).adjusted(
                style.CARD_PADDING, style.CARD_PADDING / 1.5, -style.CARD_PADDING, -style.CARD_PADDING / 1.5)
            found.append(fitting_font(words, rect, card.kind is CardKind.LABEL, board_style).pointSizeF())
        return found

    found = sizes(False) or sizes(True)
    return min(found) if found else None


class ReadOnlyBoardView(BoardView):
    """A board view that only looks: drag or scroll to pan, Ctrl+wheel or Ctrl+= / Ctrl+- to zoom, Ctrl+0 to fit.

    The scene gets no mouse or key events at all (the view is not interactive), so nothing can be selected,
    moved, typed or drawn; other keys go to the page around it. Panning stops at the board's edges and zooming out
    stops once the whole board shows, so the board can never be lost from sight. Linked to another view
    (`link_with`), each zoom or pan of one is done to the other: the same zoom, the same point of the board in the
    middle (as far as the other board reaches).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setInteractive(False)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        # Dragging moves around; scroll bars would only add noise to a shared screen.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)  # a board smaller than the view sits in its middle
        self.fitted = True  # follows the window's size until the therapist zooms
        self.partner: ReadOnlyBoardView | None = None
        self._following = False
        self._words_pt: float | None = None
        self.focus_area: QRectF | None = None  # where a fit that cannot show everything starts (side by side: changes)
        self.horizontalScrollBar().valueChanged.connect(self._on_view_moved)
        self.verticalScrollBar().valueChanged.connect(self._on_view_moved)
        self.zoom_changed.connect(self._on_view_moved)

    # -- the board and its bounds --------------------------------------------------------------------------------------
    def setScene(self, scene) -> None:  # noqa: N802
        """Show a board; panning is held to its bounds (plus a margin)."""
        super().setScene(scene)
        self.focus_area = None
        board_scene = self.board_scene()
        bounds = board_scene.document.board.bounds() if board_scene is not None else None
        self._words_pt = smallest_words_pt(board_scene) if board_scene is not None else None
        if bounds is None:
            self.setSceneRect(QRectF())  # back to following the scene (there is no board to hold on to)
        else:
            self.setSceneRect(QRectF(bounds.x, bounds.y, bounds.w, bounds.h).adjusted(
                -BOARD_MARGIN, -BOARD_MARGIN, BOARD_MARGIN, BOARD_MARGIN))

    def has_board(self) -> bool:
        return self.board_scene() is not None and not self.sceneRect().isEmpty()

    def visible_rect(self) -> QRectF:
        """The part of the board's coordinates the view shows now."""
        return self.mapToScene(self.viewport().rect()).boundingRect()

    # -- zoom levels ---------------------------------------------------------------------------------------------------
    def whole_zoom(self) -> float:
        """The zoom at which the whole board shows (at most a little enlarged, as on the live board)."""
        rect, port = self.sceneRect(), self.viewport().rect()
        if rect.isEmpty() or port.isEmpty():
            return 1.0
        return min(MAX_FIT_ZOOM, port.width() / rect.width(), port.height() / rect.height())

    def legible_zoom(self) -> float:
        """The zoom at which the board's smallest words are LEGIBLE_WORDS_PX tall on screen (at most MAX_FIT_ZOOM)."""
        if self._words_pt is None:
            return MIN_ZOOM
        pixels_at_100 = self._words_pt * self.viewport().logicalDpiY() / 72
        return min(MAX_FIT_ZOOM, LEGIBLE_WORDS_PX / pixels_at_100)

    def _views(self) -> list[ReadOnlyBoardView]:
        partner = self.partner
        return [self] + ([partner] if partner is not None and partner.has_board() else [])

    def min_zoom(self) -> float:
        """How far out this view (and a linked one) can zoom: until the whole board shows, or the words are small."""
        views = [v for v in self._views() if v.has_board()]
        if not views:
            return MIN_ZOOM
        return max(MIN_ZOOM, min(min(v.whole_zoom(), v.legible_zoom()) for v in views))

    def set_zoom(self, factor: float) -> None:
        """Zoom, but not out beyond where the whole board shows (that would only add empty space)."""
        super().set_zoom(min(MAX_ZOOM, max(self.min_zoom(), factor)))

    def fit_to_content(self) -> None:
        """Show the whole board if its words can be read that way, else as much as the words allow: the focus area
        (side by side: what changed) if there is one, else the board, from its top left (where reading starts) in
        each direction it does not fit.

        Linked, both views fit together: one zoom for both (readable on both sides), the middle of both boards."""
        views = [v for v in self._views() if v.has_board()]
        if not views:
            super().fit_to_content()
            self.fitted = True
            return
        zoom = max(min(v.whole_zoom() for v in views), max(v.legible_zoom() for v in views))
        areas = [v.focus_area for v in views if v.focus_area is not None] or [v.sceneRect() for v in views]
        area = areas[0]
        for other in areas[1:]:
            area = area.united(other)
        for view in views:
            view.fitted = True  # first: a linked view passes it on as it follows
        for view in views:
            port = view.viewport().rect()
            seen_w, seen_h = port.width() / zoom, port.height() / zoom
            x = area.center().x() if area.width() <= seen_w else area.left() + seen_w / 2
            y = area.center().y() if area.height() <= seen_h else area.top() + seen_h / 2
            view._place(zoom, QPointF(x, y))

    def _place(self, zoom: float, centre: QPointF) -> None:
        self._following = True  # one move, passed on once below
        try:
            self.setTransform(QTransform.fromScale(zoom, zoom))
            self.centerOn(centre)
        finally:
            self._following = False
        self.zoom_changed.emit(self.zoom)

    # -- linked views --------------------------------------------------------------------------------------------------
    def link_with(self, other: ReadOnlyBoardView | None) -> None:
        """Move together with another view from now on (None: on its own again)."""
        if self.partner is not None and self.partner is not other:
            self.partner.partner = None
        self.partner = other
        if other is not None:
            if other.partner is not None and other.partner is not self:
                other.partner.partner = None
            other.partner = self

    def _on_view_moved(self, *_args) -> None:
        partner = self.partner
        if self._following or partner is None or not partner.has_board() or not self.has_board():
            return
        partner.follow(self)

    def follow(self, leader: ReadOnlyBoardView) -> None:
        """Take the leader's zoom and the point it shows in its middle (held to this board's own edges)."""
        self._following = True
        try:
            if self.transform() != leader.transform():
                self.setTransform(leader.transform())
            self.centerOn(leader.visible_rect().center())
            self.fitted = leader.fitted
        finally:
            self._following = False

    # -- input: look, never change -------------------------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.fitted = False
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        pressed = QKeySequence(event.keyCombination())
        if pressed in ZOOM_KEYS:
            self.fitted = False
            self.zoom_by(ZOOM_KEYS[pressed])
        elif pressed == QKeySequence("Ctrl+0"):
            self.fit_to_content()
        else:
            event.ignore()  # never the board's editing keys
            return
        event.accept()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        event.ignore()

    def tabletEvent(self, event) -> None:  # noqa: N802
        event.ignore()  # a pen then acts as a mouse: it pans

    def focusNextPrevChild(self, next_: bool) -> bool:  # noqa: N802
        return QWidget.focusNextPrevChild(
            self, next_
        )  # Tab leaves a read-only board (on the live board it makes cards)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.fitted:
            self.fit_to_content()
