"""Everything a take-home handout shows, gathered from domain objects before any layout happens.

The handout is built only from what is handed in here: the couple, the session, its board and its homework.
Private notes are a separate domain object and this module neither accepts nor imports them.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from couplecanvas.domain.board import Board, Card, CardKind, ConnectorKind, StrokeKind
from couplecanvas.domain.couple import Couple, PartnerRole, Position
from couplecanvas.domain.dates import appointment_in, date_in  # still importable from here
from couplecanvas.domain.geometry import Rect, connector_segment, curve_control, line_rect
from couplecanvas.domain.homework import Assignment, HomeworkLibrary
from couplecanvas.domain.practice import Practice
from couplecanvas.domain.privacy import NameFinding, board_with_aliases, names_to_check
from couplecanvas.domain.safety import board_without_sensitive_words
from couplecanvas.domain.session import Session
from couplecanvas.domain.spelling import spelling_of, to_spelling
from couplecanvas.domain.templates import CYCLE_NAME, CYCLE_STEPS, SPOT_IT
from couplecanvas.export.homework_data import STOP_RULE, HomeworkEntry, assemble_homework  # noqa: F401 (importable from here)
from couplecanvas.export.map_geometry import quad_bounds
from couplecanvas.export.plan_data import PlanCard, assemble_plan
from couplecanvas.export.worksheets import Worksheet, assemble_worksheets, printed_by_worksheet

log = logging.getLogger(__name__)

HANDOUT_TITLE = "Our session together"

# A plain title for each step of the cycle, for a row whose cards carry no prompt of their own.
STEP_TITLES = {
    "trigger": "What sets it off",
    "meaning": "What I tell myself",
    "body": "What I notice in my body",
    "surface-emotion": "What I feel on the surface",
    "deeper-emotion": "What I feel deep down",
    "longing": "What I long for",
    "action": "What I do then",
}


class Story(str, enum.Enum):
    """A card's part in a reframe: the old story, the new story that answers it, or neither."""

    NONE = ""
    OLD = "old"
    NEW = "new"


@dataclass(frozen=True)
class MapCard:
    """A card as the handout draws it: its words, outline, fill, the partner it belongs to (if any) and its look;
    `hint` is the prompt printed while the card is empty, `story` its part in a reframe."""

    text: str
    rect: Rect
    colour: str
    partner: PartnerRole | None = None
    kind: CardKind = CardKind.CARD
    z: float = 0.0
    hint: str = ""
    story: Story = Story.NONE


@dataclass(frozen=True)
class MapConnector:
    """An arrow between two card outlines, with its optional label; `curved` bends it gently to its left."""

    source: Rect
    target: Rect
    label: str = ""
    curved: bool = False
    kind: ConnectorKind = ConnectorKind.ARROW

    def curve_bounds(self) -> Rect | None:
        """The rectangle around a curved arrow (it may bulge past the cards), or None for a straight one."""
        if not self.curved:
            return None
        x1, y1, x2, y2 = connector_segment(self.source, self.target)
        return quad_bounds((x1, y1), curve_control(x1, y1, x2, y2), (x2, y2))


@dataclass(frozen=True)
class MapStroke:
    """A freehand line: points (x, y, pressure) in board units, its colour, width, kind and stacking."""

    points: tuple[tuple[float, float, float], ...]
    colour: str
    width: float
    kind: StrokeKind = StrokeKind.PEN
    z: float = 0.0

    @property
    def rect(self) -> Rect:
        """The rectangle the line covers, its width included."""
        return line_rect(self.points, self.width)


@dataclass(frozen=True)
class BoardSnapshot:
    """A frozen copy of a board: cards and strokes bottom to top, and the connectors, so later edits cannot change a
    handout."""

    cards: tuple[MapCard, ...] = ()
    connectors: tuple[MapConnector, ...] = ()
    strokes: tuple[MapStroke, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.cards and not self.strokes

    def bounds(self) -> Rect | None:
        """The rectangle holding every card, stroke and curved arrow, or None when there is nothing."""
        rects = [card.rect for card in self.cards]
        rects.extend(stroke.rect for stroke in self.strokes)
        rects.extend(r for r in (c.curve_bounds() for c in self.connectors) if r is not None)
        rect: Rect | None = None
        for other in rects:
            if all(math.isfinite(v) for v in (other.x, other.y, other.w, other.h)):
                rect = other if rect is None else rect.united(other)
        return rect

    @classmethod
    def of(cls, board: Board) -> BoardSnapshot:
        """Copy what the handout needs from a domain board."""
        connectors = []
        stories: dict[str, Story] = {}
        for connector in board.connectors.values():
            source = board.cards.get(connector.source_id)
            target = board.cards.get(connector.target_id)
            if source is None or target is None:
                log.warning("connector %s has a missing end; left off the handout", connector.id)
                continue
            if connector.kind is ConnectorKind.REFRAME:
                stories.setdefault(source.id, Story.OLD)
                stories[target.id] = Story.NEW  # a story that answers one and is answered again reads as new
            connectors.append(
                MapConnector(source.rect, target.rect, connector.label.strip(), connector.curved, connector.kind)
            )
        cards = tuple(
            MapCard(c.text, c.rect, c.colour, c.partner, c.kind, c.z, c.hint.strip(), stories.get(c.id, Story.NONE))
            for c in board.cards_in_z_order()
        )
        strokes = tuple(
            MapStroke(tuple((p[0], p[1], p[2]) for p in s.points), s.colour, s.width, s.kind, s.z)
            for s in sorted(board.strokes.values(), key=lambda s: s.z)
            if s.points
        )
        return cls(cards, tuple(connectors), strokes)


@dataclass(frozen=True)
class CycleColumn:
    """One partner's column of the cycle: the name shown on the handout and their position ("pursues"), if set."""

    name: str
    position: str = ""

    @property
    def heading(self) -> str:
        """'Zoë (pursues)', or just 'Zoë' while the position is unset."""
        return f"{self.name} ({self.position})" if self.position else self.name


@dataclass(frozen=True)
class CycleRow:
    """One step of the cycle: its label (the slot's prompt) and each partner's words, partner A first."""

    step: str
    label: str
    words: tuple[str, str]


@dataclass(frozen=True)
class DrawnStep:
    """One step of a cycle drawn by hand: the card's words ("" while empty) and whose step it is ("" for no one)."""

    words: str
    name: str = ""
    partner: PartnerRole | None = None


@dataclass(frozen=True)
class DrawnCycle:
    """A cycle drawn by hand: plain cards (no template slot) joined by arrows into a loop, in the order of its
    arrows from its top-left card."""

    steps: tuple[DrawnStep, ...]


@dataclass(frozen=True)
class CycleSection:
    """The couple's cycle read from the template slots on the board: two columns of steps, its name, the words
    to say when they spot it; and any cycle drawn by hand, step by step."""

    columns: tuple[CycleColumn, CycleColumn]
    rows: tuple[CycleRow, ...] = ()
    name: str = ""
    spot_it: str = ""
    drawn: tuple[DrawnCycle, ...] = ()
    """Loops of plain cards joined by arrows, in reading order of their first step."""

    @property
    def is_blank(self) -> bool:
        """True while nothing of the cycle has been filled in yet (and none was drawn by hand)."""
        return not self.rows and not self.name and not self.spot_it and not self.drawn


@dataclass(frozen=True)
class Reframe:
    """An old story and the new story that answers it, in the couple's words (either may still be empty)."""

    old: str
    new: str


@dataclass(frozen=True)
class HandoutData:
    """The content of one handout, and nothing else: no surnames, no private notes, no diagnoses."""

    title: str
    partner_names: tuple[str, str]
    session_date: dt.date
    date_text: str
    board: BoardSnapshot
    partner_colours: tuple[str, str]
    homework: tuple[HomeworkEntry, ...] = ()
    cycle: CycleSection | None = None
    """None when the board holds no cycle slots."""
    reframes: tuple[Reframe, ...] = ()
    practice: Practice = field(default_factory=Practice)
    """The practice's name, contact lines and logo for the heading; its print settings are the renderer's business."""
    next_appointment: dt.datetime | None = None
    spelling: str = "UK"
    """How the handout's own words are spelled ("UK" or "US"); the homework, prompts and step titles already are."""
    worksheets: tuple[Worksheet, ...] = ()
    """Each template on the board (but the cycle and the reframes) as a worksheet in words."""
    plan: PlanCard | None = None
    """'When our cycle starts', the page for the fridge; None when the therapist leaves it out."""
    feelings_page: bool = False
    """True to end the handout with the feeling words by level, for practice at home."""

    @property
    def next_appointment_text(self) -> str:
        """'Thursday 3 December 2026 at 17:30' ('Thursday, December 3, 2026 at 5:30 PM' in US spelling), or '' when
        no next appointment is set."""
        if self.next_appointment is None:
            return ""
        return appointment_in(self.next_appointment, self.spelling)

    @property
    def contact_lines(self) -> tuple[str, ...]:
        """The practice's contact details, one tidy line each, blank lines left out."""
        return tuple(" ".join(line.split()) for line in self.practice.contact.splitlines() if line.strip())

    @property
    def practice_name(self) -> str:
        """The practice's name on one line ('' when unset)."""
        return " ".join(self.practice.name.split())

    @property
    def couple_names(self) -> str:
        """'Zoë & José'."""
        return f"{self.partner_names[0]} & {self.partner_names[1]}"

    def colour_of(self, role: PartnerRole) -> str:
        """The colour of the partner in the given role."""
        return self.partner_colours[0 if role is PartnerRole.A else 1]


def assemble_handout(
    couple: Couple,
    session: Session,
    board: Board,
    assignments: Iterable[Assignment],
    library: HomeworkLibrary,
    use_alias: bool | None = None,
    practice: Practice | None = None,
    print_sensitive: bool = False,
    show_positions: bool = False,
    plan_card: bool = True,
    feelings_page: bool = False,
) -> HandoutData:
    """Gather a session's handout content; `use_alias` defaults to the couple's own choice.

    With aliases, every first name in what the couple or the therapist wrote (cards, prompts, arrow labels, and so
    the cycle, reframes, worksheets and plan made from them; homework notes and the therapist's own exercises) gives
    way to the partner's alias, by the one rule of domain.privacy.shown_to_couple; `names_to_check_in_handout` finds
    what that rule leaves for the therapist to look at. The practice's own details are the therapist's, not aliased.
    Cards that hold family or trauma history (domain.safety.is_sensitive) keep their place and prompt but print no
    words, unless the therapist chose `print_sensitive` for this handout: a handout can be found by others.
    Who tends to pursue and who tends to withdraw prints only with `show_positions` (see `without_positions`).
    Our own words (built-in exercises, prompts, step titles) follow the practice's spelling; what the couple or the
    therapist wrote is printed as written. The plan for the fridge ("When our cycle starts") comes with `plan_card`,
    the feeling words by level on a back page with `feelings_page`.
    """
    spelling = spelling_of(practice)
    everyone = _all_names(couple)
    if not print_sensitive:
        board = board_without_sensitive_words(board)
    alias = couple.use_aliases if use_alias is None else use_alias
    names = (couple.partner_a.shown_name(alias), couple.partner_b.shown_name(alias))
    if alias:
        board = board_with_aliases(board, couple)
    entries = assemble_homework(assignments, library, couple, alias, names, spelling, session.date)
    return HandoutData(
        title=HANDOUT_TITLE,
        partner_names=names,
        session_date=session.date,
        date_text=date_in(session.date, spelling),
        board=_printed_board(BoardSnapshot.of(board), everyone, show_positions, spelling),
        partner_colours=(couple.partner_a.colour, couple.partner_b.colour),
        homework=tuple(entries),
        cycle=assemble_cycle(board, couple, names, show_positions, spelling),
        reframes=assemble_reframes(board),
        practice=replace(practice) if practice is not None else Practice(),  # a copy: later edits stay out
        next_appointment=session.next_appointment,
        spelling=spelling,
        worksheets=assemble_worksheets(board, couple, names, spelling),
        plan=assemble_plan(board, couple, names, spelling) if plan_card else None,
        feelings_page=feelings_page,
    )


def handout_texts(data: HandoutData) -> Iterator[tuple[str, str]]:
    """Every text of a handout that came from the couple's or the therapist's words, with where it is, in words the
    therapist knows. The cycle, reframes, worksheets and plan print the board's cards, so the cards stand for them."""
    for card in data.board.cards:
        yield "a card", card.text
        if card.hint:
            yield "a card's prompt", card.hint
    for connector in data.board.connectors:
        if connector.label:
            yield "an arrow's words", connector.label
    for entry in data.homework:
        where = f"homework “{entry.title}”"
        yield f"{where}: your note", entry.note
        for text in (entry.title, entry.frequency, entry.duration, entry.summary, *entry.steps, entry.tracking,
                     *entry.log):
            yield where, text


def names_to_check_in_handout(data: HandoutData, couple: Couple) -> tuple[NameFinding, ...]:
    """Where an assembled handout may still show a partner's name (run together with other letters, or a word-name
    in lower case), each place once, for the therapist to check before it is saved or printed."""
    seen: set[tuple[str, str]] = set()
    found = []
    for finding in names_to_check(handout_texts(data), couple):
        if (finding.word, finding.context) not in seen:
            seen.add((finding.word, finding.context))
            found.append(finding)
    return tuple(found)


def _all_names(couple: Couple) -> tuple[str, ...]:
    """Every first name and alias of the two partners (a name is never respelled, and a position follows one)."""
    partners = (couple.partner_a, couple.partner_b)
    return tuple(dict.fromkeys(n.strip() for p in partners for n in (p.first_name, p.alias) if n.strip()))


_POSITIONS = "|".join(re.escape(p.label) for p in Position if p.label)


def without_positions(text: str, names: Iterable[str]) -> str:
    """`text` without the position a template wrote after a partner's name: "Maya (pursues)" -> "Maya".

    The cycle template fills its name cards with "{name} {position}", so the position sits in the card's words; the
    handout prints it only when the therapist chooses to. Only "(pursues)" or "(withdraws)" right after a name goes.
    """
    names = sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True)
    if not names or "(" not in text:
        return text
    pattern = rf"(?<!\w)({'|'.join(map(re.escape, names))})[ \t]*\((?:{_POSITIONS})\)"
    return re.sub(pattern, r"\1", text)


def _printed_board(
    snapshot: BoardSnapshot, names: tuple[str, ...], show_positions: bool, spelling: str
) -> BoardSnapshot:
    """The board as printed: the prompts of empty cards (our words) in the practice's spelling, and the positions
    written into the cards' words left out unless chosen. The couple's words are otherwise untouched."""
    cards = tuple(
        replace(
            card,
            text=card.text if show_positions else without_positions(card.text, names),
            hint=to_spelling(card.hint, spelling, names),
        )
        for card in snapshot.cards
    )
    return replace(snapshot, cards=cards) if cards != snapshot.cards else snapshot


def _first(cards: list[Card]) -> Card | None:
    """The first card with words, in reading order; else the first one (so a slot still counts while empty)."""
    return next((card for card in cards if card.text.strip()), cards[0] if cards else None)


def assemble_cycle(
    board: Board, couple: Couple, names: tuple[str, str], show_positions: bool = False, spelling: str = "UK"
) -> CycleSection | None:
    """The cycle from the board's cycle slots, or None when it has none.

    Per step and partner the first card with words in reading order counts: a second cycle template stays on the
    map only, and an empty iceberg beside the cycle (its slots share some roles) cannot blank out the cycle's words.
    A step neither partner has words for is left out. The row label is the prompt of the slot the words came from,
    else a plain title, in the practice's spelling. The partners' positions head the columns only with
    `show_positions`. A cycle drawn by hand (plain cards joined by arrows into a loop, see `drawn_cycles`) comes
    with it, or makes a cycle section of its own when the board holds no cycle slots.
    """
    everyone = _all_names(couple)
    found = False
    rows = []
    for step in CYCLE_STEPS:
        cards = (
            _first(board.cards_with_role(step, PartnerRole.A)),
            _first(board.cards_with_role(step, PartnerRole.B)),
        )
        if all(card is None for card in cards):
            continue
        found = True
        words = (cards[0].text.strip() if cards[0] else "", cards[1].text.strip() if cards[1] else "")
        if not any(words):
            continue
        speaking = [c for c in cards if c is not None and c.text.strip()]
        hint = next((c.hint.strip() for c in speaking if c.hint.strip()), "")
        rows.append(CycleRow(step, to_spelling(hint or STEP_TITLES[step], spelling, everyone), words))
    name_card = _first(board.cards_with_role(CYCLE_NAME))
    spot_card = _first(board.cards_with_role(SPOT_IT))
    drawn = tuple(
        DrawnCycle(tuple(DrawnStep(card.text.strip(), _name_in(card, names), card.partner) for card in loop))
        for loop in drawn_cycles(board)
    )
    if not found and name_card is None and spot_card is None and not drawn:
        return None
    columns = (
        CycleColumn(names[0], couple.partner_a.position.label if show_positions else ""),
        CycleColumn(names[1], couple.partner_b.position.label if show_positions else ""),
    )
    return CycleSection(
        columns=columns,
        rows=tuple(rows),
        name=name_card.text.strip() if name_card else "",
        spot_it=spot_card.text.strip() if spot_card else "",
        drawn=drawn,
    )


def _name_in(card: Card, names: tuple[str, str]) -> str:
    if card.partner is None:
        return ""
    return names[0 if card.partner is PartnerRole.A else 1]


LOOP_SEARCH_LIMIT = 20_000
"""Steps the search for the longest loop may take in one tangle of arrows (a drawn cycle has a handful of cards)."""


def drawn_cycles(board: Board) -> list[list[Card]]:
    """Cycles drawn by hand: cards made for no template slot (no role), joined by plain arrows into a loop.

    Each loop starts at its top-left card (the leftmost of the cards level with the topmost) and follows the arrows
    from there; where the arrows tangle, the longest way round back to the start counts. Loops come in reading order.
    """
    plain = {card.id: card for card in board.cards.values() if not card.role}
    after: dict[str, list[str]] = {card_id: [] for card_id in plain}
    for connector in board.connectors.values():
        source, target = connector.source_id, connector.target_id
        if (
            connector.kind is ConnectorKind.ARROW
            and source in plain
            and target in plain
            and target not in after[source]
        ):
            after[source].append(target)
    for targets in after.values():
        targets.sort(key=lambda card_id: (plain[card_id].y, plain[card_id].x))
    loops = []
    for tangle in _tangles(after):
        if len(tangle) < 2:
            continue
        cards = [plain[card_id] for card_id in tangle]
        top = min(card.y for card in cards)
        start = min((c for c in cards if c.y < top + c.height / 2), key=lambda c: (c.x, c.y))
        loop = _longest_loop(start.id, after, set(tangle))
        if len(loop) >= 2:
            loops.append([plain[card_id] for card_id in loop])
    return sorted(loops, key=lambda loop: (loop[0].y, loop[0].x))


def _tangles(after: dict[str, list[str]]) -> list[list[str]]:
    """The strongly connected groups of cards (Tarjan's algorithm, without recursion): cards that reach each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in after:
        if root in index:
            continue
        work = [(root, iter(after[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(after[target])))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                groups.append(group)
    return groups


def _longest_loop(start: str, after: dict[str, list[str]], within: set[str]) -> list[str]:
    """The longest way from `start` along the arrows back to it, visiting no card twice (a bounded search)."""
    best: list[str] = []
    path = [start]
    seen = {start}
    budget = LOOP_SEARCH_LIMIT
    work = [iter(after[start])]
    while work and budget > 0:
        budget -= 1
        target = next(work[-1], None)
        if target is None:
            work.pop()
            seen.discard(path.pop())
            continue
        if target == start:
            if len(path) > len(best):
                best = list(path)
            continue
        if target in within and target not in seen:
            path.append(target)
            seen.add(target)
            work.append(iter(after[target]))
    return best


def assemble_reframes(board: Board) -> tuple[Reframe, ...]:
    """Each old story with its new story, in reading order; a pair with no words on either side is left out, and so
    is a pair a worksheet prints in its own place (a harsh start and how to say it softly)."""
    return tuple(
        Reframe(old.text.strip(), new.text.strip())
        for old, new in board.reframes()
        if (old.text.strip() or new.text.strip()) and not printed_by_worksheet(old, new)
    )
