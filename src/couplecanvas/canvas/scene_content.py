"""Requests that put new things on a board: cards typed in place, arrows, reframes, templates, copies.

Mixed into BoardScene (scene.py), whose document, items and selection these methods use; the items hold no state."""

from __future__ import annotations

import dataclasses
import math

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QGuiApplication

from couplecanvas.canvas.clipboard import from_mime, to_mime
from couplecanvas.canvas.ink import StrokeItem
from couplecanvas.canvas.items import CardItem
from couplecanvas.domain.board import (
    CARD_HEIGHT,
    CARD_WIDTH,
    Card,
    CardKind,
    Connector,
    ConnectorKind,
    default_card_colour,
)
from couplecanvas.domain.board_copy import fresh_copies, payload_of
from couplecanvas.domain.couple import Couple, PartnerRole
from couplecanvas.domain.templates import Template, instantiate

PASTE_OFFSET = 24.0
CAPTURE_GAP = 70.0
FREE_MARGIN = 8.0  # a new card keeps at least this far from every other card

# Tab lays a chain of cards around a ring, so a cycle typed from the keyboard stays on one screen and its closing arrow
# runs across the open middle, not back behind the row. The ring turns counter-clockwise on screen (card 1 at its left,
# then down and along the bottom, up the right side, back over the top): a curved arrow (domain.geometry.curve_control)
# bows to the right of its direction of travel, which on this ring is away from the cards already placed.
RING_SLOTS = 8
RING_RADII = (440.0, 260.0)  # card centres on an ellipse: 8 cards of 200 x 90 take about 1,080 x 610
RING_GROWTH = (270.0, 190.0)  # a chain longer than the ring goes on around a wider one, outside the first


class ContentMixin:
    """BoardScene's adding and marking of content: new cards and arrows, reframes, templates, copy, cut and paste."""

    def add_card_at(self, centre: QPointF, text: str = "", edit: bool = True, kind: CardKind = CardKind.CARD) -> str:
        """Make a card centred on a board point and, by default, start typing in it."""
        card = Card(text=text, x=round(centre.x() - CARD_WIDTH / 2), y=round(centre.y() - CARD_HEIGHT / 2), kind=kind,
                    colour=default_card_colour(kind, None))
        card_id = self.document.add_card(card)
        self.select_only([card_id])
        if edit:
            self.start_editing(card_id)
        return card_id

    def free_spot(self, x: float, y: float, width: float, height: float) -> tuple[float, float]:
        """The first place at or below (x, y) where a card of this size overlaps no other card.

        Far down a crowded column, the place right of every card is taken instead: free by construction."""
        for _ in range(60):
            if self._is_free(x, y, width, height):
                return x, y
            y += height / 2
        taken = QRectF()
        for item in self.card_items.values():
            taken = taken.united(item.sceneBoundingRect())
        return taken.right() + CAPTURE_GAP, y

    def _is_free(self, x: float, y: float, width: float, height: float) -> bool:
        """No card (nor the one being typed in, grown or not) within FREE_MARGIN of this rectangle."""
        rect = QRectF(x, y, width, height).adjusted(-FREE_MARGIN, -FREE_MARGIN, FREE_MARGIN, FREE_MARGIN)
        return not any(isinstance(i, CardItem) for i in self.items(rect))

    def _chain_index(self, card_id: str) -> int:
        """How many cards feed this one in a single file (0 for a card that no arrow, or several, lead to)."""
        board = self.document.board
        seen = {card_id}
        current, index = card_id, 0
        while True:
            feeding = [c.source_id for c in board.connectors.values()
                       if c.target_id == current and c.kind is ConnectorKind.ARROW]
            if len(feeding) != 1 or feeding[0] in seen:
                return index
            current = feeding[0]
            seen.add(current)
            index += 1

    def add_connected_card(self, from_id: str) -> str:
        """Tab: a new card one step on round the ring from `from_id`, fed by it, ready for typing (one undo step)."""
        origin = self.document.board.cards[from_id]
        here, there = ring_slot(self._chain_index(from_id)), ring_slot(self._chain_index(from_id) + 1)
        x = round(origin.x + origin.width / 2 + there[0] - here[0] - origin.width / 2)
        y = round(origin.y + origin.height / 2 + there[1] - here[1] - CARD_HEIGHT / 2)
        if not self._is_free(x, y, origin.width, CARD_HEIGHT):
            x, y = self.free_spot(x, y, origin.width, CARD_HEIGHT)
        card = Card(x=x, y=y, width=origin.width, height=CARD_HEIGHT, z=self.document.board.next_z())
        self.document.add_items([card, self.arrow_between(from_id, card.id, extra=[card])], "Add connected card")
        self.select_only([card.id])
        self._show_in_views(card.id)
        self.start_editing(card.id)
        return card.id

    def _show_in_views(self, card_id: str) -> None:
        """Scroll every view on this board so the card is in sight (Tab walks off the screen otherwise)."""
        rect = self.card_items[card_id].sceneBoundingRect()
        for view in self.views():
            view.ensureVisible(rect, 40, 40)

    def add_sibling_card(self, of_id: str) -> str:
        """Enter: a new card below `of_id`, fed by the same card(s) that feed it, ready for typing (one undo step)."""
        board = self.document.board
        origin = board.cards[of_id]
        x, y = self.free_spot(origin.x, origin.y + origin.height + CAPTURE_GAP / 2, origin.width, origin.height)
        card = Card(x=x, y=y, width=origin.width, height=CARD_HEIGHT, z=board.next_z(), partner=origin.partner,
                    colour=origin.colour, kind=origin.kind)
        parents = [c.source_id for c in board.connectors.values() if c.target_id == of_id]
        arrows = [self.arrow_between(p, card.id, extra=[card]) for p in parents]
        self.document.add_items([card, *arrows], "Add card")
        self.select_only([card.id])
        self._show_in_views(card.id)
        self.start_editing(card.id)
        return card.id

    def connect_selected(self) -> list[str]:
        """Connect the selected cards one after another, in the order they were selected."""
        ids = self.selected_card_ids()
        pairs = [(a, b) for a, b in zip(ids, ids[1:]) if not self.document.board.has_connector(a, b)]
        connectors = [self.arrow_between(a, b) for a, b in pairs]
        self.document.add_items(connectors, "Connect cards")
        return [c.id for c in connectors]

    def mark_reframe(self) -> str | None:
        """Two selected cards become a reframe pair: the first picked is the old story, the second its new story.

        An arrow already running between them becomes the reframe; otherwise a reframe arrow is added. One undo step.
        Returns the reframe's connector id, or None unless exactly two cards are selected.
        """
        ids = self.selected_card_ids()
        if len(ids) != 2:
            return None
        old, new = ids
        board = self.document.board
        for connector in board.connectors.values():
            if {connector.source_id, connector.target_id} == {old, new}:
                changed = dataclasses.replace(connector, source_id=old, target_id=new, kind=ConnectorKind.REFRAME)
                self.document.change([(connector, changed)], "Mark as reframe")
                return connector.id
        reframe = Connector(old, new, kind=ConnectorKind.REFRAME)
        self.document.add_items([reframe], "Mark as reframe")
        return reframe.id

    def insert_template(self, template: Template, couple: Couple, near: QPointF,
                        one: PartnerRole = PartnerRole.A) -> list[str]:
        """Lay a template out as one undo step, centred near a board point but clear of existing cards; select it."""
        cards, connectors, strokes = instantiate(template, couple, (0.0, 0.0), one=one)
        rect = QRectF()
        for card in cards:
            rect = rect.united(QRectF(card.x, card.y, card.width, card.height))
        x, y = round(near.x() - rect.width() / 2), round(near.y() - rect.height() / 2)
        wanted = QRectF(x, y, rect.width(), rect.height()).adjusted(-40, -40, 40, 40)
        # The scene's index answers "is anything there?" at once; only then is the whole board measured (in C++).
        if any(isinstance(i, (CardItem, StrokeItem)) for i in self.items(wanted)):
            taken = self.itemsBoundingRect()
            x, y = round(taken.right() + 80), round(taken.top() + 40)
        top, low = self.document.board.next_z(), self.document.board.bottom_z()
        for n, card in enumerate(cards):
            card.x, card.y, card.z = card.x + x, card.y + y, top + n
        for n, stroke in enumerate(strokes):
            stroke.points, stroke.z = stroke.translated(x, y), low - n
        self.document.add_items([*cards, *strokes, *connectors], f"Insert template: {template.title}")
        self.select_only([c.id for c in cards])
        return [c.id for c in cards]

    # -- clipboard -----------------------------------------------------------------------------------------------------
    def _selection_payload(self):
        board = self.document.board
        cards = [board.cards[i] for i in self.selected_card_ids()]
        ids = {c.id for c in cards}
        connectors = [c for c in board.connectors.values() if c.source_id in ids and c.target_id in ids]
        strokes = [board.strokes[i] for i in self.selected_stroke_ids()]
        return cards, connectors, strokes

    def copy_selection(self) -> bool:
        cards, connectors, strokes = self._selection_payload()
        if not cards and not strokes:
            return False
        QGuiApplication.clipboard().setMimeData(to_mime(cards, connectors, strokes))
        return True

    def cut_selection(self) -> None:
        if self.copy_selection():
            cards, _connectors, strokes = self._selection_payload()
            self.document.remove([c.id for c in cards], (), [s.id for s in strokes], text="Cut")

    def paste(self, offset: tuple[float, float] = (PASTE_OFFSET, PASTE_OFFSET)) -> list[str]:
        """Paste items copied from this or another board, shifted so they do not hide the originals."""
        return self._add_copies(*from_mime(QGuiApplication.clipboard().mimeData(), offset), "Paste")

    def duplicate_selection(self) -> list[str]:
        cards, connectors, strokes = self._selection_payload()
        if not cards and not strokes:
            return []
        return self._add_copies(*fresh_copies(payload_of(cards, connectors, strokes), (PASTE_OFFSET, PASTE_OFFSET)),
                                "Duplicate")

    def _add_copies(self, cards, connectors, strokes, text: str) -> list[str]:
        """Put fresh copies on top of the board as one step and select them."""
        top = self.document.board.next_z()
        for n, item in enumerate((*cards, *strokes)):
            item.z = top + n
        self.document.add_items([*cards, *strokes, *connectors], text)
        self.select_only([c.id for c in cards], [s.id for s in strokes])
        return [c.id for c in cards]


def ring_slot(index: int) -> tuple[float, float]:
    """Where the centre of the index-th card of a Tab chain sits, relative to the ring's centre (see RING_SLOTS)."""
    lap, slot = divmod(index, RING_SLOTS)
    angle = math.pi - 2 * math.pi * slot / RING_SLOTS  # decreasing: counter-clockwise on a screen whose y runs down
    rx, ry = RING_RADII[0] + lap * RING_GROWTH[0], RING_RADII[1] + lap * RING_GROWTH[1]
    return rx * math.cos(angle), ry * math.sin(angle)
