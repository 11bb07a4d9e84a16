"""Keyboard link picking: from one card, choose another with the arrow keys and connect the two.

Mixed into BoardScene (scene.py); the picked pair lives on the scene, and the card items read it as they paint."""

from __future__ import annotations


class LinkPickMixin:
    """BoardScene's arrow-key neighbours and link picking (L, arrows, Enter or Esc)."""

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
        """L on one card: choose the card to connect to with the arrow keys, Enter to connect, Esc to stop."""
        self.link_source_id = source_id
        self.link_target_id = self.neighbour(source_id, 1, 0) or self.neighbour(source_id, 0, 1) or self.neighbour(
            source_id, -1, 0) or self.neighbour(source_id, 0, -1)
        self._refresh_link_pick()

    def move_link_pick(self, dx: int, dy: int) -> None:
        if self.link_target_id is not None:
            self.link_target_id = self.neighbour(self.link_target_id, dx, dy) or self.link_target_id
            self._refresh_link_pick()

    def finish_link_pick(self, connect: bool) -> str | None:
        source, target = self.link_source_id, self.link_target_id
        self.link_source_id = self.link_target_id = None
        self._refresh_link_pick()
        if connect and source and target and source != target:
            return self.document.add_connector(source, target)
        return None

    def _refresh_link_pick(self) -> None:
        for item in self.card_items.values():
            item.update()
