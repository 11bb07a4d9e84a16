"""Each template on the board read back as a worksheet for the handout: the iceberg's layers, the bids table, each
horseman beside its antidote, the speaker's and the listener's steps, the week, ... in the couple's own words.

Only words the couple (or the therapist) wrote are printed. An empty slot is a blank cell, which the handout prints as
a line to write on; a slot's prompt ("I tell myself...") is never printed as if someone had said it. A slot that holds
family or trauma history (domain.safety) prints only its words, when the therapist chose to print them: never a line
inviting the couple to write it down on a page others may find.

Templates are found from the cards' roles: a card knows the slot it was made for (its role, its prompt, its place), so
cards whose role only one template has say where that template sits; cards whose role several templates share (a need,
a raw spot, a repair phrase) go to the template whose slot they match by prompt or set words, else to the nearest one
that expects a card there.
"""

from __future__ import annotations

import enum
import logging
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from couplecanvas.domain.board import Board, Card, ConnectorKind
from couplecanvas.domain.couple import Couple, PartnerRole
from couplecanvas.domain.safety import SENSITIVE_ROLES
from couplecanvas.domain.spelling import to_spelling
from couplecanvas.domain.templates import BOTH, ONE, PARTNER_NAME, Slot, Template, load_builtin_templates

log = logging.getLogger(__name__)

# The worksheets' own words: plain, warm, to the couple, never about one partner. Written in UK spelling, turned to US
# spelling by to_spelling. None of them repeats a slot's prompt (a test checks), so a prompt never looks said.
TEXT: dict[str, Any] = {
    # the iceberg
    "iceberg_title": "{name}'s iceberg",
    "icebergs_title": "Your icebergs",
    "iceberg_intro": (
        "What shows sits above the waterline; what hides sits beneath it. What is still blank can be filled in "
        "at home, when you feel ready."
    ),
    "shows": "What can be seen from outside",
    "says": "The words that come out",
    "surface-feeling": "The feeling on top",
    "waterline": "the waterline: above it, what shows · below it, what hides",
    "underneath": "The softer feeling below",
    "fear": "The fear beneath it",
    "need": "What you need most then",
    "raw-spot": "Where this began",
    # reach and respond
    "reach_title": "Reaching and responding",
    "reach_intro": (
        "How you find your way back to each other: one of you reaches with a soft feeling, the other turns toward "
        "you, and you both feel safer."
    ),
    "reach-cue": "When the other reaches, you notice",
    "respond": "How you answer",
    "reach": "How you reach out",
    "reach_underneath": "The soft feeling you share",
    "reach_need": "What you ask for",
    "calm-body": "How your body settles",
    "safer": "How it feels afterwards",
    "reach_waterline": "above, what shows · below, what you share",
    "positive-name": "Your name for finding each other",
    "reach-it": "Words to answer a reach",
    # name it, re-author it
    "narrative_title": "Naming the problem, writing your own story",
    "narrative_intro": (
        "Once the problem has a name, it is no longer either of you. Then you can notice the times you beat it, "
        "and the story you would rather live by."
    ),
    "naming": "Naming it",
    "problem-story": "The story the problem tells",
    "problem-name": "Your name for the problem",
    "problem-tricks": "How it sneaks in between you",
    "problem-effects": "What it does to your life together",
    "evaluation": "Is that all right with you, and why",
    "reauthoring": "Writing your own story",
    "unique-outcomes": "Times you beat it, and what each of you did",
    "values": "What that says you care about",
    "preferred-story": "The story you would rather live by",
    "story-name": "Its name",
    "next-step": "A first step for the week ahead",
    # bids and horsemen
    "bids_title": "Bids, horsemen and repairs",
    "bids_intro": (
        "A bid is any small reach for each other: a look, a question, a touch. Each of you notes how you answered the "
        "other's bids; add a line whenever you notice one at home."
    ),
    "bids_who": "Who",
    "turn-toward": "Turned toward",
    "turn-away": "Turned away",
    "turn-against": "Turned against",
    "horsemen": "Each horseman, and what to try instead",
    "horseman": "The horseman",
    "antidote": "Try instead",
    "repair-phrases": "Your repair phrases",
    # harsh to soft
    "soft_title": "From a harsh start to a soft one",
    "soft_intro": (
        "Each of you takes a moment that began harshly and says it again, gently. It gets easier with practice."
    ),
    "soft-formula": "A gentle start",
    "harsh-start": "How it came out",
    "soft-start": "Said gently",
    # repair list
    "repairs_title": "Your repair list",
    "repairs_intro": (
        "When a talk starts to slide, one small phrase can turn it around. Tick the ones that sound like you, and "
        "add your own."
    ),
    "own_phrases": "Phrases of your own",
    # talk and listen
    "talk_title": "Talking and listening",
    "talk_intro": "One of you talks while the other listens; then you swap. The aim is to understand, not to win.",
    "talker": "The one who talks",
    "listener": "The one who listens",
    "first": "Before you start",
    "sender-words": "What you said",
    "talker_heard": "When you feel heard, say so. Then swap.",
    "swap": "Then change places, and take the same steps the other way round.",
    # talking through a hurt
    "hurt_title": "Talking through a hurt",
    "hurt_intro": (
        "A hurt heals one step at a time, at the pace the one who was hurt needs. If it gets heated, stop and bring "
        "it to your next session."
    ),
    "hurt-account": "What happened, and how it still touches the one who was hurt",
    "heard": "What was heard and understood, without defending",
    "own-part": "Your own part",
    "rebuilds-trust": "What would help trust grow again",
    "small-plan": "Your small plan for this week",
    # old wound
    "wound_title": "Tending old wounds",
    "wound_intro": "Old hurts you each carry, what touches them, and how you can look after them together.",
    "wound": "The old hurt",
    "touched-when": "What touches it",
    "wound_underneath": "What you feel then, underneath",
    "wound_need": "What helps then",
    "tending": "Caring for them together",
    # something new
    "new_title": "Something new together",
    "new_intro": "New good times, side by side with the old patterns. Try one this week and notice how it feels.",
    "new-ideas": "New things you would enjoy together",
    "chosen": "What you chose, and when",
    "enjoyed": "A moment you enjoyed, looking back",
    # being there
    "there_title": "Being there for each other",
    "there_intro": "Small promises, kept week after week, help you each trust that the other will be there.",
    "reach-helps": "What helps when you reach out",
    "small-promise": "A small promise to keep this week",
    "felt-there": "A moment the other was there for you",
    "when-it-slips": "When a promise slips",
    # our week together
    "week_title": "Your week together",
    "week_intro": (
        "A calm check-in once a week: begin with what was good, then take one issue, one of you talking and one "
        "listening."
    ),
    "appreciations": "Something you valued in each other",
    "went-well": "What went well",
    "one-issue": "One thing to talk through",
    "feel-loved": "What helps you feel loved, this week",
    "rituals": "Your daily rituals",
    "boundaries": "Boundaries that protect you",
    # a cycle drawn by hand (handout_data.drawn_cycles), laid out with the cycle
    "drawn_title": "The cycle you drew, step by step",
    "drawn_more": "Another cycle you drew, step by step",
    "drawn_loop": "After the last step, the first one starts again: the circle turns on.",
}

BIDS_BLANK_ROWS = 2
"""Blank rows each partner gets under their own bids, to log more at home."""


class RowKind(str, enum.Enum):
    """A row of words, a small heading across the table, or the iceberg's waterline."""

    WORDS = "words"
    SUBHEAD = "subhead"
    WATERLINE = "waterline"


@dataclass(frozen=True)
class Cell:
    """One box of a worksheet: `words` as written on the board ("" is a line to write on); `ours` marks a template's
    own set words left as they were (a horseman, the "I feel" formula), printed quieter; `caption` is a small label of
    ours above the words."""

    words: str = ""
    ours: bool = False
    caption: str = ""

    @property
    def is_blank(self) -> bool:
        return not self.words.strip()


@dataclass(frozen=True)
class WorksheetRow:
    """One row of a worksheet: its label (our words, e.g. "The feeling on top") and a cell per column; a single cell
    in a table of several columns spans them all (a shared slot)."""

    label: str
    cells: tuple[Cell, ...] = ()
    kind: RowKind = RowKind.WORDS

    @property
    def words(self) -> tuple[str, ...]:
        """The words of each cell ("" for a blank)."""
        return tuple(cell.words for cell in self.cells)


@dataclass(frozen=True)
class WorksheetTable:
    """A table of a worksheet: its small heading (or ""), the column headings (a partner's name, "Turned toward",
    "The one who listens"; all "" for no heading row), the partner each column belongs to (for its colour), whether
    rows carry a label on the left, and the rows."""

    columns: tuple[str, ...]
    rows: tuple[WorksheetRow, ...]
    heading: str = ""
    partners: tuple[PartnerRole | None, ...] = ()
    labels: bool = True


@dataclass(frozen=True)
class Worksheet:
    """One template's worksheet: what it is (`kind`, the template's key), its title and a line of introduction, its
    tables, and a last line of ours (or "")."""

    kind: str
    title: str
    intro: str
    tables: tuple[WorksheetTable, ...]
    outro: str = ""

    @property
    def rows(self) -> tuple[WorksheetRow, ...]:
        """Every row of every table, in order."""
        return tuple(row for table in self.tables for row in table.rows)


# -- the templates, as the handout reads them --------------------------------------------------------------------------
_SHARED_LAYOUT = {"our-icebergs": "iceberg"}
"""Templates read as another: our icebergs are two icebergs side by side (the same slots, mirrored)."""
_OWN_SECTION = "our-cycle"
"""The cycle has its section of its own (handout_data.assemble_cycle)."""


@cache
def _templates() -> dict[str, Template]:
    """The built-in templates the worksheets read, by key (the cycle and the ones read as another left out)."""
    library = load_builtin_templates().templates
    return {key: t for key, t in library.items() if key != _OWN_SECTION and key not in _SHARED_LAYOUT}


@cache
def _skipped_roles() -> frozenset[str]:
    """Roles no worksheet reads: the cycle's (its own section) and the partners' name labels."""
    cycle = load_builtin_templates().templates.get(_OWN_SECTION)
    return frozenset({"", PARTNER_NAME, *(s.role for s in (cycle.slots if cycle else ()))})


@cache
def _softened_roles() -> frozenset[str]:
    """The ends of the reframe arrows a worksheet prints itself (harsh start -> soft start), not the reframes."""
    template = _templates().get("harsh-to-soft")
    if template is None:
        return frozenset()
    by_key = {s.key: s.role for s in template.slots}
    return frozenset(
        by_key[end.removeprefix("other.")]
        for arrow in template.arrows
        if arrow.kind is ConnectorKind.REFRAME
        for end in (arrow.source, arrow.target)
    )


def printed_by_worksheet(old: Card, new: Card) -> bool:
    """True for a reframe pair a worksheet prints (a harsh start and its soft one): the reframes section leaves it."""
    roles = _softened_roles()
    return old.role in roles and new.role in roles


def _extent(template: Template) -> tuple[float, float]:
    """The width and height a template covers, its mirrored side included."""
    right = max(max(s.x + s.width, _slot_x(template, s, PartnerRole.B) + s.width) for s in template.slots)
    return right - min(s.x for s in template.slots), max(s.y + s.height for s in template.slots)


def _tolerance(template: Template) -> float:
    """How far a card may sit from where its template put it and still count as the same placing: half the smaller
    side of the template (two placings of one template rarely overlap more than that)."""
    return max(150.0, 0.5 * min(_extent(template)))


def _slot_x(template: Template, slot: Slot, partner: PartnerRole | None) -> float:
    if slot.partner == BOTH and partner is PartnerRole.B and template.mirror_x is not None:
        return 2 * template.mirror_x - slot.x - slot.width
    return slot.x


def _one_line(text: str) -> str:
    return " ".join(text.split())


@cache
def _prompt_pattern(hint: str) -> re.Pattern[str]:
    """A slot's prompt as a pattern: its placeholders ({name}, ...) match any name; spelling does not matter."""
    parts = re.split(r"\{(?:name|other|a|b|position)\}", _one_line(to_spelling(hint, "US")).casefold())
    return re.compile(".+?".join(map(re.escape, parts)))


def _same_words(text: str, model: str) -> bool:
    """True when `text` is `model` as written, in either spelling."""
    text = _one_line(text).casefold()
    return bool(text) and text in {_one_line(model).casefold(), _one_line(to_spelling(model, "US")).casefold()}


def _is_set_text(card: Card, slot: Slot) -> bool:
    """True while the card still holds its slot's own set words (a horseman, a repair phrase): our words."""
    return bool(slot.text) and "{" not in slot.text and _same_words(card.text, slot.text)


@dataclass(frozen=True)
class _Match:
    key: str
    slot: Slot
    origin: tuple[float, float]


def _matches(card: Card) -> list[_Match]:
    """Where the card could have come from: each template slot of its role, with the template's origin that slot
    implies. When its prompt or set words tell the slot, only that one (or those alike)."""
    found = []
    for key, template in _templates().items():
        for slot in template.slots:
            if slot.role != card.role:
                continue
            if slot.partner in (BOTH, ONE) and card.partner is None:
                continue
            origin = (card.x - _slot_x(template, slot, card.partner), card.y - slot.y)
            found.append(_Match(key, slot, origin))
    hint = _one_line(to_spelling(card.hint, "US")).casefold()
    told = [
        m for m in found
        if (hint and m.slot.hint and _prompt_pattern(m.slot.hint).fullmatch(hint)) or _is_set_text(card, m.slot)
    ]
    return told or found


@dataclass
class _Placed:
    """One placing of a template on the board: its origin and its cards by (slot key, partner)."""

    key: str
    origin: tuple[float, float]
    partner: PartnerRole | None = None
    """Whose iceberg (an iceberg is one partner's); None for the others."""
    cards: dict[tuple[str, PartnerRole | None], list[Card]] = field(default_factory=dict)

    def add(self, card: Card, slot: Slot) -> None:
        partner = card.partner if slot.partner in (BOTH, ONE) else None
        self.cards.setdefault((slot.key, partner), []).append(card)

    @property
    def top_left(self) -> tuple[float, float]:
        return min((c.y, c.x) for cards in self.cards.values() for c in cards)


def _fits(placed: _Placed, match: _Match, card: Card) -> float | None:
    """How far the card's implied origin is from the placing's, or None when it belongs elsewhere."""
    if placed.key != match.key or (placed.partner is not None and placed.partner is not card.partner):
        return None
    distance = math.dist(placed.origin, match.origin)
    return distance if distance <= _tolerance(_templates()[match.key]) else None


def _nearest(placings: list[_Placed], matches: list[_Match], card: Card) -> tuple[_Placed, _Match] | None:
    best: tuple[float, _Placed, _Match] | None = None
    for match in matches:
        for placed in placings:
            distance = _fits(placed, match, card)
            if distance is not None and (best is None or distance < best[0]):
                best = (distance, placed, match)
    return (best[1], best[2]) if best else None


def find_placings(board: Board, leave_out: Iterable[str] = ()) -> list[_Placed]:
    """The templates placed on the board, each with its cards, in reading order (`leave_out`: card ids printed
    elsewhere, the reframes' words)."""
    skipped = _skipped_roles()
    left_out = set(leave_out)
    cards = sorted(
        (c for c in board.cards.values() if c.role not in skipped and c.id not in left_out), key=lambda c: (c.y, c.x)
    )
    matched = [(card, _matches(card)) for card in cards]
    # Cards only one template can hold first (those that tell their slot first of all), then the shared ones.
    anchors = [(c, m) for c, m in matched if m and len({x.key for x in m}) == 1]
    shared = [(c, m) for c, m in matched if len({x.key for x in m}) > 1]
    anchors.sort(key=lambda pair: len(pair[1]))
    placings: list[_Placed] = []
    for card, matches in anchors:
        near = _nearest(placings, matches, card)
        if near is None:
            match = matches[0]
            one = any(s.partner == ONE for s in _templates()[match.key].slots)
            near = (_Placed(match.key, match.origin, card.partner if one else None), match)
            placings.append(near[0])
        near[0].add(card, near[1].slot)
    for card, matches in shared:
        near = _nearest(placings, matches, card)
        if near is None:
            log.debug("card %s (%s) fits no template on the board; left to the map", card.id, card.role)
            continue
        near[0].add(card, near[1].slot)
    return sorted(placings, key=lambda p: p.top_left)


# -- reading one placing -----------------------------------------------------------------------------------------------
class _Reader:
    """Reads the words of one or more placings of a template into cells and rows, in our words and spelling."""

    def __init__(self, placings: list[_Placed], spelling: str, names: tuple[str, ...]) -> None:
        self.placings = placings
        self.template = _templates()[placings[0].key]
        self.slots = {s.key: s for s in self.template.slots}
        self.spelling = spelling
        self.names = names

    def say(self, key: str, **values: str) -> str:
        """Our words for `key`, in the practice's spelling."""
        text = to_spelling(TEXT[key], self.spelling, self.names)
        return text.format(**values) if values else text

    def cards(self, key: str, partner: PartnerRole | None = None) -> list[Card]:
        return [c for p in self.placings for c in p.cards.get((key, partner), [])]

    def has(self, key: str, partners: Iterable[PartnerRole | None]) -> bool:
        return any(self.cards(key, partner) for partner in partners)

    def cell(self, key: str, partner: PartnerRole | None = None, caption: str = "") -> Cell:
        """The card's words, or its slot's set words (ours, in our spelling), or a blank."""
        cards = self.cards(key, partner)
        card = next((c for c in cards if c.text.strip()), cards[0] if cards else None)
        if card is None or not card.text.strip():
            return Cell(caption=caption)
        slot = self.slots[key]
        if _is_set_text(card, slot):
            return Cell(to_spelling(slot.text, self.spelling, self.names), ours=True, caption=caption)
        return Cell(card.text.strip(), caption=caption)

    def row(self, key: str, label: str, partners: tuple[PartnerRole | None, ...] = (None,)) -> WorksheetRow | None:
        """The slot's row (a cell per partner, one shared cell for a shared slot), or None when the template's card
        was taken off the board, or when it holds family or trauma history and has no words to print."""
        slot = self.slots[key]
        if slot.partner not in (BOTH, ONE):
            partners = (None,)
        if not self.has(key, partners):
            return None
        cells = tuple(self.cell(key, partner) for partner in partners)
        if slot.role in SENSITIVE_ROLES and all(c.is_blank for c in cells):
            return None
        return WorksheetRow(self.say(label), cells)

    def rows(self, wanted: Iterable[tuple[str, str]], partners: tuple[PartnerRole | None, ...]) -> list[WorksheetRow]:
        return [r for key, label in wanted if (r := self.row(key, label, partners)) is not None]

    def partners(self) -> tuple[PartnerRole, ...]:
        return (PartnerRole.A, PartnerRole.B)


def _name_of(role: PartnerRole, names: tuple[str, str]) -> str:
    return names[0 if role is PartnerRole.A else 1]


def _partner_table(
    rows: list[WorksheetRow],
    names: tuple[str, str],
    heading: str = "",
    roles: tuple[PartnerRole, ...] = tuple(PartnerRole),
) -> WorksheetTable:
    return WorksheetTable(tuple(_name_of(r, names) for r in roles), tuple(rows), heading, roles)


# -- one worksheet per template ----------------------------------------------------------------------------------------
_ICEBERG = (("see", "shows"), ("say", "says"), ("surface", "surface-feeling"))
_ICEBERG_BELOW = (("deeper", "underneath"), ("fear", "fear"), ("need", "need"), ("raw-spot", "raw-spot"))


def _iceberg(r: _Reader, names: tuple[str, str]) -> Worksheet:
    roles = tuple(p.partner or PartnerRole.A for p in r.placings)
    rows = r.rows(_ICEBERG, roles)
    rows.append(WorksheetRow(r.say("waterline"), kind=RowKind.WATERLINE))
    rows.extend(r.rows(_ICEBERG_BELOW, roles))
    title = r.say("icebergs_title") if len(roles) > 1 else r.say("iceberg_title", name=_name_of(roles[0], names))
    return Worksheet("iceberg", title, r.say("iceberg_intro"), (_partner_table(rows, names, roles=roles),))


def _reach(r: _Reader, names: tuple[str, str]) -> Worksheet:
    both = r.partners()
    rows = r.rows((("reached", "reach-cue"), ("respond", "respond"), ("reach", "reach")), both)
    rows.append(WorksheetRow(r.say("reach_waterline"), kind=RowKind.WATERLINE))
    rows += r.rows(
        (("soft", "reach_underneath"), ("need", "reach_need"), ("settle", "calm-body"), ("safer", "safer"),
         ("loop-name", "positive-name"), ("reach-it", "reach-it")),
        both,
    )
    return Worksheet("reach-and-respond", r.say("reach_title"), r.say("reach_intro"), (_partner_table(rows, names),))


def _narrative(r: _Reader, names: tuple[str, str]) -> Worksheet:
    rows = [WorksheetRow(r.say("naming"), kind=RowKind.SUBHEAD)]
    rows += r.rows(
        (("old-story", "problem-story"), ("problem-name", "problem-name"), ("tricks", "problem-tricks"),
         ("effects", "problem-effects"), ("evaluate", "evaluation")),
        (None,),
    )
    rows.append(WorksheetRow(r.say("reauthoring"), kind=RowKind.SUBHEAD))
    rows += r.rows(
        (("exceptions", "unique-outcomes"), ("values", "values"), ("preferred", "preferred-story"),
         ("story-name", "story-name"), ("next", "next-step")),
        (None,),
    )
    table = WorksheetTable(("",), tuple(rows))
    return Worksheet("name-it-reauthor-it", r.say("narrative_title"), r.say("narrative_intro"), (table,))


def _arrow_pairs(
    r: _Reader, board: Board, sources: Iterable[str], partner: PartnerRole | None
) -> list[tuple[str, str]]:
    """(source slot key, target slot key) of the template's arrows from the given slots, as drawn on the board:
    each source card with the card its arrow points to."""
    by_id = {c.id: key for p in r.placings for (key, who), cards in p.cards.items() if who is partner for c in cards}
    pairs = []
    for source in sources:
        for card in r.cards(source, partner):
            target = next(
                (by_id[c.target_id] for c in board.connectors.values()
                 if c.source_id == card.id and c.target_id in by_id),
                None,
            )
            pairs.append((source, target or ""))
    return pairs


def _bids(r: _Reader, names: tuple[str, str], board: Board) -> Worksheet:
    kinds = (("toward", "turn-toward"), ("away", "turn-away"), ("against", "turn-against"))
    bid_rows = []
    for partner in r.partners():
        if not any(r.has(key, (partner,)) for key, _ in kinds):
            continue
        name = _name_of(partner, names)
        bid_rows.append(WorksheetRow(name, tuple(r.cell(key, partner) for key, _ in kinds)))
        bid_rows += [WorksheetRow(name, (Cell(),) * len(kinds))] * BIDS_BLANK_ROWS
    tables = []
    if bid_rows:
        tables.append(WorksheetTable(tuple(r.say(label) for _, label in kinds), tuple(bid_rows)))
    horsemen = [key for key in ("criticism", "contempt", "defensiveness", "stonewalling") if r.has(key, (None,))]
    pairs = _arrow_pairs(r, board, horsemen, None)
    used = {target for _, target in pairs}
    # An antidote whose arrow was taken away still sits beside its horseman, in the template's order.
    spare = [k for k in ("gentle", "appreciation", "responsibility", "break") if k not in used and r.has(k, (None,))]
    rows = []
    for source, target in pairs:
        target = target or (spare.pop(0) if spare else "")
        rows.append(WorksheetRow("", (r.cell(source), r.cell(target) if target else Cell())))
    rows += [WorksheetRow("", (Cell(), r.cell(key))) for key in spare]
    if rows:
        tables.append(
            WorksheetTable((r.say("horseman"), r.say("antidote")), tuple(rows), r.say("horsemen"), labels=False)
        )
    repair = r.row("repair", "repair-phrases")
    if repair is not None:
        tables.append(WorksheetTable(("",), (repair,)))
    return Worksheet("bids-and-horsemen", r.say("bids_title"), r.say("bids_intro"), tuple(tables))


def _softly(r: _Reader, names: tuple[str, str]) -> Worksheet:
    rows = r.rows((("formula", "soft-formula"),), (None,))
    rows += r.rows(
        (("harsh-1", "harsh-start"), ("soft-1", "soft-start"), ("harsh-2", "harsh-start"), ("soft-2", "soft-start")),
        r.partners(),
    )
    return Worksheet("harsh-to-soft", r.say("soft_title"), r.say("soft_intro"), (_partner_table(rows, names),))


def _repairs(r: _Reader, names: tuple[str, str]) -> Worksheet:
    keys = ("slowing", "owning", "reaching", "feeling", "common", "lighter")
    phrases = [r.cell(key) for key in keys if r.has(key, (None,))]
    # Two phrases a row, as on the board; an odd last one keeps its neighbour's room empty rather than a line.
    rows = [WorksheetRow("", tuple(phrases[i : i + 2]) + ((Cell(ours=True),) if i + 1 == len(phrases) else ()))
            for i in range(0, len(phrases), 2)]
    tables = [WorksheetTable(("", ""), tuple(rows), labels=False)] if rows else []
    own = r.row("ours", "own_phrases")
    if own is not None:
        tables.append(WorksheetTable(("",), (own,)))
    return Worksheet("repair-list", r.say("repairs_title"), r.say("repairs_intro"), tuple(tables))


def _talk(r: _Reader, names: tuple[str, str]) -> Worksheet:
    rows = []
    if r.has("good-time", (None,)):
        rows.append(WorksheetRow("", (r.cell("good-time", caption=r.say("first")),)))
    said = r.cell("said", caption=r.say("sender-words")) if r.has("said", (None,)) else Cell(ours=True)
    steps = (
        (r.cell("i-feel") if r.has("i-feel", (None,)) else Cell(ours=True), "mirror"),
        (said, "validate"),
        (Cell(r.say("talker_heard"), ours=True), "empathise"),
    )
    for talker, step in steps:
        rows.append(WorksheetRow("", (talker, r.cell(step) if r.has(step, (None,)) else Cell(ours=True))))
    table = WorksheetTable((r.say("talker"), r.say("listener")), tuple(rows), labels=False)
    return Worksheet("talk-and-listen", r.say("talk_title"), r.say("talk_intro"), (table,), r.say("swap"))


def _hurt(r: _Reader, names: tuple[str, str]) -> Worksheet:
    both = r.partners()
    rows = r.rows(
        (("account", "hurt-account"), ("heard", "heard"), ("part", "own-part"), ("rebuilds", "rebuilds-trust"),
         ("plan", "small-plan")),
        both,
    )
    return Worksheet("talking-through-a-hurt", r.say("hurt_title"), r.say("hurt_intro"), (_partner_table(rows, names),))


def _wound(r: _Reader, names: tuple[str, str]) -> Worksheet:
    rows = r.rows(
        (("wound", "wound"), ("touched", "touched-when"), ("feel", "wound_underneath"), ("helps", "wound_need"),
         ("tending", "tending")),
        r.partners(),
    )
    return Worksheet("old-wound", r.say("wound_title"), r.say("wound_intro"), (_partner_table(rows, names),))


def _new(r: _Reader, names: tuple[str, str]) -> Worksheet:
    rows = r.rows((("ideas", "new-ideas"), ("chosen", "chosen"), ("enjoyed", "enjoyed")), r.partners())
    return Worksheet("something-new", r.say("new_title"), r.say("new_intro"), (_partner_table(rows, names),))


def _there(r: _Reader, names: tuple[str, str]) -> Worksheet:
    rows = r.rows(
        (("helps", "reach-helps"), ("promise", "small-promise"), ("felt-there", "felt-there"),
         ("slips", "when-it-slips")),
        r.partners(),
    )
    return Worksheet("being-there", r.say("there_title"), r.say("there_intro"), (_partner_table(rows, names),))


def _week(r: _Reader, names: tuple[str, str]) -> Worksheet:
    rows = r.rows(
        (("appreciations", "appreciations"), ("went-well", "went-well"), ("one-issue", "one-issue"),
         ("loved", "feel-loved"), ("rituals", "rituals"), ("boundaries", "boundaries")),
        r.partners(),
    )
    return Worksheet("our-week-together", r.say("week_title"), r.say("week_intro"), (_partner_table(rows, names),))


_BUILDERS = {
    "iceberg": _iceberg,
    "reach-and-respond": _reach,
    "name-it-reauthor-it": _narrative,
    "harsh-to-soft": _softly,
    "repair-list": _repairs,
    "talk-and-listen": _talk,
    "talking-through-a-hurt": _hurt,
    "old-wound": _wound,
    "something-new": _new,
    "being-there": _there,
    "our-week-together": _week,
}


def _groups(placings: list[_Placed]) -> Iterator[list[_Placed]]:
    """The placings as worksheets, in reading order. Icebergs go two by two, one for each partner, side by side as
    our icebergs do: first those level with each other (the nearest), then the others in reading order. Every other
    placing is a worksheet of its own."""
    icebergs = {role: [p for p in placings if p.key == "iceberg" and p.partner is role] for role in PartnerRole}
    tolerance = _tolerance(_templates()["iceberg"]) if "iceberg" in _templates() else 0.0
    paired: dict[int, list[_Placed]] = {}
    for a in icebergs[PartnerRole.A]:
        level = [b for b in icebergs[PartnerRole.B] if abs(b.origin[1] - a.origin[1]) <= tolerance]
        if level:
            b = min(level, key=lambda b: abs(b.origin[0] - a.origin[0]))
            icebergs[PartnerRole.B].remove(b)
            paired[id(a)] = paired[id(b)] = [a, b]
    lone_a = [a for a in icebergs[PartnerRole.A] if id(a) not in paired]
    for a, b in zip(lone_a, icebergs[PartnerRole.B], strict=False):
        paired[id(a)] = paired[id(b)] = [a, b]
    done: set[int] = set()
    for placed in placings:
        if id(placed) in done:
            continue
        group = paired.get(id(placed), [placed])
        done.update(id(p) for p in group)
        yield group


def reframe_card_ids(board: Board) -> set[str]:
    """The cards whose words the reframes section prints (a pair with words that no worksheet prints itself)."""
    return {
        card.id
        for old, new in board.reframes()
        if (old.text.strip() or new.text.strip()) and not printed_by_worksheet(old, new)
        for card in (old, new)
    }


def assemble_worksheets(
    board: Board, couple: Couple, names: tuple[str, str], spelling: str = "UK"
) -> tuple[Worksheet, ...]:
    """One worksheet per template found on the board, in reading order (the cycle and the reframes have sections of
    their own and are not repeated here)."""
    partners = (couple.partner_a, couple.partner_b)
    everyone = tuple(dict.fromkeys(n.strip() for n in (*names, *(x for p in partners for x in (p.first_name, p.alias)))
                                   if n.strip()))
    sheets = []
    for group in _groups(find_placings(board, reframe_card_ids(board))):
        reader = _Reader(group, spelling, everyone)
        if group[0].key == "bids-and-horsemen":
            sheet = _bids(reader, names, board)
        else:
            sheet = _BUILDERS[group[0].key](reader, names)
        if sheet.tables:
            sheets.append(sheet)
    return tuple(sheets)
