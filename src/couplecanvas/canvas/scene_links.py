"""New arrows: their shape (curved where a straight line would hide under cards), and keyboard link picking.

Link picking: from one card, choose another with the arrow keys and connect the two (Ctrl+L, arrows, Enter or Esc).
Mixed into BoardScene (scene.py); the picked pair lives on the scene, and the card items read it as they paint."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainterPath, QPainterPathStroker

from couplecanvas.canvas.items import CardItem
from couplecanvas.domain.board import Card, Connector
from couplecanvas.domain.geometry import Rect, connector_segment, curve_control

ARROW_CLEARANCE = 4.0  # an arrow passing closer than this to a card's edge counts as running under it


def arrow_path(source: Rect, target: Rect, curved: bool) -> QPainterPath:
    """The line an arrow between two card rectangles is drawn along (as ConnectorItem draws it), without its head."""
    x1, y1, x2, y2 = connector_segment(source, target)
    path = QPainterPath(QPointF(x1, y1))
    if curved:
        path.quadTo(QPointF(*curve_control(x1, y1, x2, y2)), QPointF(x2, y2))
    else:
        path.lineTo(x2, y2)
    return path


class LinkPickMixin:
    """BoardScene's new arrows, arrow-key neighbours and link picking (Ctrl+L, arrows, Enter or Esc)."""

    def arrow_between(self, source_id: str, target_id: str, extra: Iterable[Card] = ()) -> Connector:
        """A new arrow between two cards, curved when that shows it better (not yet on the board).

        Curved when an arrow already runs back between the two cards (a straight one would lie on it), or when the
        straight line would run under other cards and the curve runs under fewer. `extra`: cards about to be added."""
        cards = {c.id: c for c in extra}
        board = self.document.board
        source = cards.get(source_id) or board.cards[source_id]
        target = cards.get(target_id) or board.cards[target_id]
        ends = {source_id, target_id}
        if board.has_connector(target_id, source_id):
            return Connector(source_id, target_id, curved=True)
        straight = self.cards_under(arrow_path(source.rect, target.rect, False), ends)
        if not straight:
            return Connector(source_id, target_id)
        curved = self.cards_under(arrow_path(source.rect, target.rect, True), ends)
        return Connector(source_id, target_id, curved=len(curved) < len(straight))

    def cards_under(self, path: QPainterPath, ends: set[str]) -> set[str]:
        """The cards (other than `ends`) that a line along `path` would run under, within ARROW_CLEARANCE."""
        stroker = QPainterPathStroker()
        stroker.setWidth(2 * ARROW_CLEARANCE)
        area = stroker.createStroke(path)
        return {i.card_id for i in self.items(area, Qt.ItemSelectionMode.IntersectsItemShape)
                if isinstance(i, CardItem) and i.card_id not in ends}

    def connect_cards(self, source_id: str, target_id: str) -> str | None:
        """Draw a new arrow (shaped by arrow_between); None when it would join a card to itself or repeat one."""
        board = self.document.board
        if source_id == target_id or board.has_connector(source_id, target_id):
            return None
        if source_id not in board.cards or target_id not in board.cards:
            return None
        connector = self.arrow_between(source_id, target_id)
        self.document.add_items([connector], "Connect cards")
        return connector.id

    def neighbour(self, card_id: str, dx: int, dy: int) -> str | None:
        """The nearest card in a direction (arrow keys), preferring cards straight ahead."""
        board = self.document.board
        cx, cy = board.cards[card_id].rect.center
        best, best_score = None, float("inf")
        for other in board.cards.values():
            if other.id == card_id:
                continue
            ox, oy = other.rect.center
            ahead = (ox - cx) * dx + (oy - cy) * dy
            if ahead <= 1:
                continue
            aside = abs((ox - cx) * dy) + abs((oy - cy) * dx)
            score = ahead + 2 * aside
            if score < best_score:
                best, best_score = other.id, score
        return best

    def start_link_pick(self, source_id: str) -> None:
        """Ctrl+L on one card: choose the card to connect to with the arrow keys, Enter to connect, Esc to stop."""
        self.link_source_id = source_id
        self.link_target_id = self.neighbour(source_id, 1, 0) or self.neighbour(source_id, 0, 1) or self.neighbour(
            source_id, -1, 0) or self.neighbour(source_id, 0, -1)
        self._refresh_link_pick()

    def move_link_pick(self, dx: int, dy: int) -> None:
        """Move the picked target to the nearest card in a direction (arrow keys); it stays where it is at the edge."""
        if self.link_target_id is not None:
            self.link_target_id = self.neighbour(self.link_target_id, dx, dy) or self.link_target_id
            self._refresh_link_pick()

    def finish_link_pick(self, connect: bool) -> str | None:
        """End the pick; with `connect`, draw the arrow (Enter). Returns the new arrow's id, if one was drawn."""
        source, target = self.link_source_id, self.link_target_id
        self.link_source_id = self.link_target_id = None
        self._refresh_link_pick()
        if connect and source and target and source != target:
            return self.connect_cards(source, target)
        return None

    def _refresh_link_pick(self) -> None:
        for item in self.card_items.values():
            item.update()
