"""What changed between two boards of a couple: cards new, gone, reworded or moved far, and arrows new or gone.

A new session usually starts as a copy of the board before it, and the copy gives every card a new id
(`board_copy.copy_board`), so cards are matched by what they are rather than by id. Each card is matched at most once,
by the first of these rules that pairs it, and within one rule the closest pairs go first:

1. the same id (the same board on both sides);
2. the same words (spaces and case aside), the same slot (`role`) and the same kind of card;
3. the same spot: the same kind of card, its centre within `SAME_SPOT` board units (its words edited in place);
4. similar words: the same kind of card, words at least `SIMILAR_WORDS` alike (edited, and perhaps moved too);
5. the same template slot: the same non-empty role for the same partner (a slot filled in anew somewhere else).

A matched pair whose words differ (spaces aside) is "changed"; one whose centre moved more than `MOVED_FAR` units is
"moved". The rest of the earlier board is "gone", the rest of the later board "new". An arrow is kept when the later
board has an arrow of the same kind in the same direction between the matched cards; its words are not compared.
Nothing here changes either board.
"""

from __future__ import annotations

import enum
import math
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TypeVar

from couplecanvas.domain.board import Board, Card

SAME_SPOT = 40.0  # board units between centres: a card edited in place stays put (a copy keeps every position)
MOVED_FAR = 120.0  # board units between centres: more than half a standard card's width is "moved a lot"
SIMILAR_WORDS = 0.6  # difflib ratio from which two cards' words count as the same words, edited
MAX_PAIRS = 200_000  # beyond this many candidate pairs a rule pairs in reading order, so huge boards stay quick


class Change(str, enum.Enum):
    """How a card differs from the other board: new (later only), changed words, moved far, or gone (earlier only)."""

    NEW = "new"
    CHANGED = "changed"
    MOVED = "moved"
    GONE = "gone"


@dataclass(frozen=True)
class CardMatch:
    """One card on both boards: its id on each, and what happened to it in between."""

    earlier_id: str
    later_id: str
    words_changed: bool
    moved: bool


@dataclass(frozen=True)
class BoardDiff:
    """The difference from an earlier board to a later one, by card and arrow ids of each board."""

    matches: tuple[CardMatch, ...] = ()
    added: tuple[str, ...] = ()  # card ids of the later board
    removed: tuple[str, ...] = ()  # card ids of the earlier board
    arrows_added: tuple[str, ...] = ()  # connector ids of the later board
    arrows_removed: tuple[str, ...] = ()  # connector ids of the earlier board

    @property
    def changed(self) -> tuple[CardMatch, ...]:
        """Matched cards whose words changed (moved or not)."""
        return tuple(m for m in self.matches if m.words_changed)

    @property
    def moved(self) -> tuple[CardMatch, ...]:
        """Matched cards with the same words that moved far."""
        return tuple(m for m in self.matches if m.moved and not m.words_changed)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.moved or self.arrows_added
                    or self.arrows_removed)

    def later_marks(self) -> dict[str, Change]:
        """The later board's cards that differ, by id: new, changed (words) or moved."""
        marks = dict.fromkeys(self.added, Change.NEW)
        for match in self.matches:
            if match.words_changed:
                marks[match.later_id] = Change.CHANGED
            elif match.moved:
                marks[match.later_id] = Change.MOVED
        return marks

    def earlier_marks(self) -> dict[str, Change]:
        """The earlier board's cards that are gone from the later one, by id."""
        return dict.fromkeys(self.removed, Change.GONE)


def diff_boards(earlier: Board, later: Board) -> BoardDiff:
    """Compare two boards (neither is changed); see the module's docstring for how cards are matched."""
    left = dict(earlier.cards)
    right = dict(later.cards)
    pairs: list[tuple[str, str]] = []

    def take(found: Iterable[tuple[str, str]]) -> None:
        for a, b in found:
            pairs.append((a, b))
            del left[a], right[b]

    take([(card_id, card_id) for card_id in list(left) if card_id in right])
    take(_pair_by_key(left, right, lambda c: (_words(c.text).casefold(), c.role, c.kind)))
    take(_pair_near(left, right))
    take(_pair_similar(left, right))
    take(_pair_by_key(left, right, lambda c: (c.role, c.partner, c.kind) if c.role else None))

    matches = tuple(
        CardMatch(a, b, _words(earlier.cards[a].text) != _words(later.cards[b].text),
                  _distance(earlier.cards[a], later.cards[b]) > MOVED_FAR)
        for a, b in pairs
    )
    arrows_added, arrows_removed = _arrow_changes(earlier, later, dict(pairs))
    return BoardDiff(
        matches=matches,
        added=tuple(card_id for card_id in later.cards if card_id in right),
        removed=tuple(card_id for card_id in earlier.cards if card_id in left),
        arrows_added=arrows_added,
        arrows_removed=arrows_removed,
    )


def _words(text: str) -> str:
    """The words as written, runs of spaces and line breaks as one space, each letter in one Unicode spelling (NFC)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _distance(a: Card, b: Card) -> float:
    (ax, ay), (bx, by) = a.rect.center, b.rect.center
    return math.hypot(ax - bx, ay - by)


def _reading_order(card: Card) -> tuple[float, float]:
    return (card.y, card.x)


_Score = TypeVar("_Score", float, tuple[float, float])  # a distance, or (likeness, distance)


def _closest_first(candidates: list[tuple[_Score, str, str]]) -> list[tuple[str, str]]:
    """Greedy pairing: the best-scored pair first, each card used once (ties keep their order)."""
    candidates.sort(key=lambda c: c[0])
    used_a: set[str] = set()
    used_b: set[str] = set()
    found = []
    for _score, a, b in candidates:
        if a not in used_a and b not in used_b:
            used_a.add(a)
            used_b.add(b)
            found.append((a, b))
    return found


def _pair_by_key(left: dict[str, Card], right: dict[str, Card], key: Callable[[Card], object]) -> list[tuple[str, str]]:
    """Pair cards with equal keys (None never pairs), the closest first."""
    groups: dict[object, tuple[list[Card], list[Card]]] = {}
    for side, cards in ((0, left), (1, right)):
        for card in cards.values():
            value = key(card)
            if value is not None:
                groups.setdefault(value, ([], []))[side].append(card)
    found: list[tuple[str, str]] = []
    for olds, news in groups.values():
        if not olds or not news:
            continue
        if len(olds) * len(news) > MAX_PAIRS:
            olds.sort(key=_reading_order)
            news.sort(key=_reading_order)
            found.extend((a.id, b.id) for a, b in zip(olds, news))
            continue
        found.extend(_closest_first([(_distance(a, b), a.id, b.id) for a in olds for b in news]))
    return found


def _pair_near(left: dict[str, Card], right: dict[str, Card]) -> list[tuple[str, str]]:
    """Pair cards of the same kind whose centres are within SAME_SPOT of each other, the closest first."""
    cells: dict[tuple[int, int], list[Card]] = {}
    for card in right.values():
        cx, cy = card.rect.center
        cells.setdefault((int(cx // SAME_SPOT), int(cy // SAME_SPOT)), []).append(card)
    candidates = []
    for a in left.values():
        cx, cy = a.rect.center
        col, row = int(cx // SAME_SPOT), int(cy // SAME_SPOT)
        for dc in (-1, 0, 1):
            for dr in (-1, 0, 1):
                for b in cells.get((col + dc, row + dr), ()):
                    distance = _distance(a, b)
                    if b.kind is a.kind and distance <= SAME_SPOT:
                        candidates.append((distance, a.id, b.id))
    return _closest_first(candidates)


def _pair_similar(left: dict[str, Card], right: dict[str, Card]) -> list[tuple[str, str]]:
    """Pair cards of the same kind whose words are alike, the most alike (then the closest) first."""
    olds = [c for c in left.values() if _words(c.text)]
    news = [c for c in right.values() if _words(c.text)]
    if not olds or not news or len(olds) * len(news) > MAX_PAIRS:
        return []
    candidates = []
    for a in olds:
        matcher = SequenceMatcher(None, b=_words(a.text).casefold(), autojunk=False)
        for b in news:
            if b.kind is not a.kind:
                continue
            matcher.set_seq1(_words(b.text).casefold())
            if matcher.real_quick_ratio() < SIMILAR_WORDS or matcher.quick_ratio() < SIMILAR_WORDS:
                continue
            ratio = matcher.ratio()
            if ratio >= SIMILAR_WORDS:
                candidates.append(((-ratio, _distance(a, b)), a.id, b.id))
    return _closest_first(candidates)


def _arrow_changes(earlier: Board, later: Board, pairs: dict[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Later arrows with no earlier counterpart, and earlier arrows with no later one."""
    waiting: dict[tuple, list[str]] = {}
    for connector in later.connectors.values():
        waiting.setdefault((connector.source_id, connector.target_id, connector.kind), []).append(connector.id)
    removed = []
    for connector in earlier.connectors.values():
        key = (pairs.get(connector.source_id), pairs.get(connector.target_id), connector.kind)
        if None not in key[:2] and waiting.get(key):
            waiting[key].pop(0)
        else:
            removed.append(connector.id)
    unanswered = {connector_id for ids in waiting.values() for connector_id in ids}
    added = tuple(connector_id for connector_id in later.connectors if connector_id in unanswered)
    return added, tuple(removed)
