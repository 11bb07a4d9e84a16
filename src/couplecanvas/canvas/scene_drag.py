"""A drag of cards and strokes: the big-board preview while it runs, one move command when it ends.

Mixed into BoardScene (scene.py), whose mouse events call these methods."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QGraphicsItem

from couplecanvas.canvas import style
from couplecanvas.canvas.arrange import snapped
from couplecanvas.canvas.ink import StrokeItem
from couplecanvas.canvas.items import CardItem, ConnectorItem

DRAG_PREVIEW_MIN_ITEMS = 400  # from this many items, a drag paints over a snapshot of the still part of the board


class DragMixin:
    """BoardScene's drag preview (a big board is not repainted under a moving card) and the move it ends in."""

    def begin_drag_preview(self, moving: list[QGraphicsItem]) -> bool:
        """Snapshot everything that stays still and hide it, so each step of a drag paints only what moves.

        On a board of thousands of items one step would otherwise repaint most of the screen (an arrow spanning the
        board dirties all it crosses). Small boards skip this: repainting them is already quick."""
        if self._frozen or len(self.items()) < DRAG_PREVIEW_MIN_ITEMS or not self.views():
            return False
        moving_set = set(moving)
        for item in moving:
            if isinstance(item, CardItem):
                moving_set.update(self.connector_items[c] for c in self._connectors_by_card.get(item.card_id, ()))
        # Opacity, not visibility: hiding would take the mouse grab from the dragged card and the selection from others.
        for view in self.views():
            for item in moving_set:
                item.setOpacity(0.0)
            view.take_snapshot()
            for item in moving_set:
                item.setOpacity(1.0)
        still = [i for i in (*self.card_items.values(), *self.connector_items.values(), *self.stroke_items.values())
                 if i not in moving_set and i.isVisible() and i.opacity() > 0]
        # The still items leave the scene for the drag, not only the picture: every view's paint looks its exposed
        # area up in the scene's index and sorts what it finds, and an arrow spanning the board exposes most of it, so
        # transparent items still cost each view a few milliseconds a step (the share window doubles that). Selected
        # ones stay, transparent: leaving the scene would take them out of the selection.
        stacked = sorted(still, key=lambda i: i.zValue())
        self._removed = [i for i in stacked if not i.isSelected()]
        for item in stacked:
            if item.isSelected():
                item.setOpacity(0.0)
        for item in self._removed:
            self.removeItem(item)
        self._frozen = still
        self._drag_arrows = [i for i in moving_set if isinstance(i, ConnectorItem)]
        return True

    def end_drag_preview(self) -> None:
        """Bring the still items back and drop the snapshots."""
        frozen, self._frozen = self._frozen, []
        removed, self._removed = self._removed, []
        if not frozen:
            return
        for item in removed:  # in their stacking order; an item the document dropped meanwhile stays out
            if self._still_owned(item):
                self.addItem(item)
        for item in frozen:
            if item.scene() is self:
                item.setOpacity(1.0)
        for view in self.views():
            view.drop_snapshot()
        arrows, self._drag_arrows = self._drag_arrows, []
        for item in arrows:  # straight while they moved: routed around the cards where they landed
            if self._still_owned(item):
                item.sync()

    def _still_owned(self, item: QGraphicsItem) -> bool:
        """The item still stands for something on the board (the document may have dropped it during the drag)."""
        if isinstance(item, CardItem):
            return self.card_items.get(item.card_id) is item
        if isinstance(item, StrokeItem):
            return self.stroke_items.get(item.stroke_id) is item
        return self.connector_items.get(getattr(item, "connector_id", None)) is item

    def _finish_drag(self) -> None:
        """Turn a finished drag into one move command (snapped to the grid when asked)."""
        start, self._drag_start = self._drag_start, {}
        moved = {item: item.pos() - origin for item, origin in start.items() if item.scene() is self}
        if not moved or all(delta.isNull() for delta in moved.values()):
            return
        delta = next(iter(moved.values()))
        if self.snap_to_grid:
            anchor = (
                self._drag_anchor if isinstance(self._drag_anchor, CardItem) and self._drag_anchor in start else None
            )
            anchor = anchor or next((i for i in start if isinstance(i, CardItem)), None)
            if anchor is not None:
                target = start[anchor] + delta
                delta = (
                    QPointF(snapped(target.x(), style.GRID_STEP), snapped(target.y(), style.GRID_STEP)) - start[anchor]
                )
        dx, dy = round(delta.x()), round(delta.y())
        board = self.document.board
        cards = {}
        strokes = {}
        for item in start:
            if isinstance(item, CardItem) and item.card_id in board.cards:
                card = board.cards[item.card_id]
                cards[item.card_id] = (card.x + dx, card.y + dy)
            elif isinstance(item, StrokeItem) and item.stroke_id in board.strokes:
                strokes[item.stroke_id] = (dx, dy)
        self.document.move_items(cards, strokes, "Move" if len(cards) + len(strokes) > 1 else "Move card")
        for item in start:  # put items back where the domain says (a click that moved nothing, a snap)
            if item.scene() is self:
                item.sync()
                if isinstance(item, CardItem):
                    self.card_item_moved(item.card_id)
