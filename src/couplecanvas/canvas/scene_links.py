"""Arrows: where each one runs (routed around the cards in its way), new arrows' shape (curved where a straight line
would hide under cards), and keyboard link picking.

Link picking: from one card, choose another with the arrow keys and connect the two (Ctrl+L, arrows, Enter or Esc).
Mixed into BoardScene (scene.py); the picked pair lives on the scene, and the card items read it as they paint."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, QPointF, Qt
from PySide6.QtGui import QPainterPath, QPainterPathStroker

from couplecanvas.canvas.items import CardItem
from couplecanvas.domain.board import Card, Connector
from couplecanvas.domain.geometry import (
    RUN_UNDER_MARGIN,
    ArrowCourse,
    Rect,
    RectIndex,
    arrow_course,
    connector_segment,
    curve_control,
)

ARROW_CLEARANCE = RUN_UNDER_MARGIN  # an arrow passing closer than this to a card's edge counts as running under it


def arrow_path(source: Rect, target: Rect, curved: bool) -> QPainterPath:
    """The line an arrow between two card rectangles is drawn along (as ConnectorItem draws it), without its head."""
    x1, y1, x2, y2 = connector_segment(source, target)
    path = QPainterPath(QPointF(x1, y1))
    if curved:
        path.quadTo(QPointF(*curve_control(x1, y1, x2, y2)), QPointF(x2, y2))
    else:
        path.lineTo(x2, y2)
    return path


NO_CARDS = RectIndex()
"""Nothing to route around (never filled)."""


class ArrowRouting(QObject):
    """What the scene's arrows are routed against: the cards (where the document has them) in a RectIndex, and each
    arrow's reach (the area where a card moving in or out could change its course), so a card that moves, arrives or
    goes redraws only the arrows near it. An arrow's course is otherwise kept as it was drawn (the item's path): it is
    worked out again only when one of its cards, or a card in its reach, moves. A child of the scene, so its
    connections to the document go with the scene."""

    def __init__(self, scene: LinkPickMixin) -> None:
        super().__init__(scene)
        self.scene = scene
        self.cards = RectIndex()
        self.reaches = RectIndex()
        document = scene.document
        for card in document.board.cards.values():
            self.cards.put(card.id, card.rect)
        document.card_added.connect(self._on_card_changed)
        document.card_changed.connect(self._on_card_changed)
        document.card_removed.connect(self._on_card_removed)
        document.connector_removed.connect(self._on_connector_removed)

    def _on_connector_removed(self, connector_id: str) -> None:
        self.reaches.remove(connector_id)

    def _on_card_changed(self, card_id: str) -> None:
        card = self.scene.document.board.cards.get(card_id)
        old = self.cards.rects.get(card_id)
        if card is None or card.rect == old:
            return
        self.cards.put(card_id, card.rect)
        self._redraw_near(card_id, (old, card.rect))

    def _on_card_removed(self, card_id: str) -> None:
        old = self.cards.rects.get(card_id)
        self.cards.remove(card_id)
        self._redraw_near(card_id, (old,))

    def _redraw_near(self, card_id: str, rects) -> None:
        """Arrows whose reach a card entered or left (its own arrows follow it anyway, through the scene)."""
        own = self.scene._connectors_by_card.get(card_id, set())
        items = self.scene.connector_items
        near = {k for rect in rects if rect is not None for k in self.reaches.keys_in(rect)}
        for connector_id in sorted(near - own):
            item = items.get(connector_id)
            board = self.scene.document.board
            if item is not None and item.scene() is self.scene and connector_id in board.connectors:
                item.sync()


class LinkPickMixin:
    """BoardScene's arrow courses, new arrows, arrow-key neighbours and link picking (Ctrl+L, arrows, Enter or Esc)."""

    def arrow_course_of(self, connector: Connector, source: Rect, target: Rect) -> ArrowCourse:
        """Where an arrow between two card rectangles (as they are on screen) runs: `domain.geometry.arrow_course`
        against the board's other cards, as the PDF draws it. Remembers the arrow's reach for later moves."""
        routing = self.__dict__.get("_arrow_routing")
        if routing is None:
            routing = self._arrow_routing = ArrowRouting(self)
        ends = (connector.source_id, connector.target_id)
        if self._frozen or connector.id in self._unrouted:
            # A big board's drag preview: the moving card's arrows run straight (or curved) while it moves, and are
            # routed again once, where it lands (end_drag_preview). Routing them at every step of the mouse costs a
            # board-spanning arrow tens of milliseconds a step. A big board that has just opened is routed a few
            # arrows at a time (BoardScene._route_some).
            return arrow_course(source, target, connector.curved, NO_CARDS, ends)
        course = arrow_course(source, target, connector.curved, routing.cards, ends)
        routing.reaches.put(connector.id, course.reach or source.united(target))
        return course

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
