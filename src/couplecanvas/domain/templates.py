"""Board templates: the map of an approach as data (TOML), laid out on a board as cards that know their role.

A template file holds a title, an approach, and lists of slots, arrows and lines:

    [[slot]]                      # one card; partner "both" makes a mirrored pair (needs mirror_x)
    key = "trigger"
    role = "trigger"              # the slot's meaning: the handout and the emotion picker read it
    partner = "both"              # "a", "b", "both", "one" (the partner chosen on insert), or left out (shared)
    kind = "card"                 # card, note or label
    text = ""                     # {name}, {other}, {a}, {b} and {position} are filled in for this couple
    hint = "When I see or hear..."
    sensitive = false             # true for a slot that may hold family or trauma history (the iceberg's raw spot)
    x = 0                         # place and size in board units, relative to the template's top-left corner
    y = 60
    width = 220
    height = 80

    [[arrow]]
    from = "trigger"              # a slot key; with each = true, "key" is this partner's card and "other.key" the
    to = "meaning"                # other partner's, and the arrow is made once for each partner
    each = true
    kind = "arrow"                # or "reframe" (from an old story to its new story)

    [[line]]                      # a freehand line: points [[x, y], ...]

A therapist's own file is checked at the door (see the limits below), so a hostile or broken one is skipped with a
message naming the file and the key, and never reaches the board, the database or the start-up.
"""

from __future__ import annotations

import math
import re
import stat
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from couplecanvas.domain.board import (
    MAX_CARD_TEXT,
    Board,
    Card,
    CardKind,
    Connector,
    ConnectorKind,
    Stroke,
    StrokeKind,
    default_card_colour,
)
from couplecanvas.domain.couple import Couple, PartnerRole, Position

# Limits at the door, far above any real map (the largest built-in template has 15 slots, 8 arrows, 2 lines):
MAX_FILE_BYTES = 1_000_000  # read no more than this: a bigger file is refused before it is read
MAX_SLOTS = 400  # every slot is a card on the board; more would bury the map and slow the picker
MAX_ARROWS = 800
MAX_LINES = 400
MAX_LINE_POINTS = 5_000  # one freehand line of a saved board (points are kept 1.5 screen pixels apart)
MAX_POINTS = 50_000  # all lines together
MAX_COORDINATE = 100_000.0  # board units from the template's corner, either way
MIN_SIDE, MAX_SIDE = 10.0, 10_000.0  # a slot's width and height
MIN_LINE_WIDTH, MAX_LINE_WIDTH = 0.1, 200.0

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
BOTH = "both"
ONE = "one"

# The steps of the couple's cycle (EFT), one column per partner, in reading order: the handout's "our cycle" table.
CYCLE_STEPS = ("trigger", "meaning", "body", "surface-emotion", "deeper-emotion", "longing", "action")
CYCLE_NAME = "cycle-name"
SPOT_IT = "spot-it"
PARTNER_NAME = "partner-name"


class TemplateError(ValueError):
    """A template file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Slot:
    """One card of a template; `partner` is "a", "b", "both", "one" or "" (shared)."""

    key: str
    role: str
    partner: str
    kind: CardKind
    text: str
    hint: str
    x: float
    y: float
    width: float
    height: float
    colour: str = ""
    sensitive: bool = False
    """True when the slot may hold family or trauma history, printed only when the therapist chooses."""


@dataclass(frozen=True)
class TemplateArrow:
    """An arrow between two slots (see the module docstring for `each`)."""

    source: str
    target: str
    label: str = ""
    curved: bool = False
    kind: ConnectorKind = ConnectorKind.ARROW
    each: bool = False


@dataclass(frozen=True)
class TemplateLine:
    """A freehand line of a template, in template units."""

    points: tuple[tuple[float, float], ...]
    colour: str
    width: float
    kind: StrokeKind = StrokeKind.PEN


@dataclass(frozen=True)
class Template:
    """A ready map: its slots, arrows and lines. `user` is True for the therapist's own templates."""

    key: str
    title: str
    approach: str
    summary: str
    slots: tuple[Slot, ...]
    arrows: tuple[TemplateArrow, ...] = ()
    lines: tuple[TemplateLine, ...] = ()
    mirror_x: float | None = None
    order: int = 100
    user: bool = False
    source: str = ""

    @property
    def uses_positions(self) -> bool:
        """True when the template shows the partners' positions (pursuer, withdrawer)."""
        return any("{position}" in s.text for s in self.slots)

    @property
    def for_one_partner(self) -> bool:
        """True when the template is about one partner, chosen when it is inserted (the iceberg)."""
        return any(s.partner == ONE for s in self.slots)


# -- reading ----------------------------------------------------------------------------------------------------------
def parse_template(text: str, source: str, key: str, user: bool = False) -> Template:
    """Validate one template file and build the Template, or raise TemplateError naming the file and the key."""
    if len(text) > MAX_FILE_BYTES:
        raise TemplateError(f"{source}: larger than {MAX_FILE_BYTES // 1_000_000} MB; a template is far smaller")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TemplateError(f"{source}: not valid TOML ({error})") from None
    except RecursionError:  # tomllib recurses once per nested array or table: thousands deep end here
        raise TemplateError(f"{source}: lists or tables nested too deeply") from None
    key = data.get("key", key)
    if not isinstance(key, str) or not _KEY.match(key):
        raise TemplateError(f"{source}: 'key' must be lower-case letters, digits and dashes")
    title = _text(data, "title", source, required=True)
    approach = _text(data, "approach", source)
    summary = _text(data, "summary", source)
    order = data.get("order", 100)
    if not isinstance(order, int) or isinstance(order, bool):
        raise TemplateError(f"{source}: 'order' must be a whole number")
    mirror_x = data.get("mirror_x")
    if mirror_x is not None:
        mirror_x = _number(data, "mirror_x", source)
    raw_slots = data.get("slot")
    if not isinstance(raw_slots, list) or not raw_slots:
        raise TemplateError(f"{source}: needs at least one [[slot]]")
    _at_most(raw_slots, MAX_SLOTS, "slot", source)
    raw_arrows = _at_most(_tables(data, "arrow", source), MAX_ARROWS, "arrow", source)
    raw_lines = _at_most(_tables(data, "line", source), MAX_LINES, "line", source)
    slots = tuple(_parse_slot(s, f"{source}: slot {n + 1}", mirror_x) for n, s in enumerate(raw_slots))
    for duplicate, times in Counter(s.key for s in slots).items():
        if times > 1:
            raise TemplateError(f"{source}: slot key '{duplicate}' is used twice")
    by_key = {s.key: s for s in slots}
    arrows = tuple(_parse_arrow(a, f"{source}: arrow {n + 1}", by_key) for n, a in enumerate(raw_arrows))
    lines = tuple(_parse_line(d, f"{source}: line {n + 1}") for n, d in enumerate(raw_lines))
    points = sum(len(line.points) for line in lines)
    if points > MAX_POINTS:
        raise TemplateError(f"{source}: its lines have {points} points together; a template may have {MAX_POINTS}")
    return Template(key, title, approach, summary, slots, arrows, lines, mirror_x, order, user, source)


def _at_most(items: list, limit: int, name: str, source: str) -> list:
    if len(items) > limit:
        raise TemplateError(f"{source}: {len(items)} [[{name}]] tables; a template may have {limit}")
    return items


def _tables(data: dict, name: str, source: str) -> list[dict]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise TemplateError(f"{source}: '{name}' must be a list of [[{name}]] tables")
    return value


def _text(data: dict, name: str, where: str, required: bool = False, limit: int = 400) -> str:
    value = data.get(name, "")
    if not isinstance(value, str):
        raise TemplateError(f"{where}: '{name}' must be text")
    if required and not value.strip():
        raise TemplateError(f"{where}: '{name}' is missing")
    if len(value) > limit:
        raise TemplateError(f"{where}: '{name}' is longer than {limit} characters")
    return value.strip()


def _number(
    data: dict, name: str, where: str, default: float | None = None, within: tuple[float, float] | None = None
) -> float:
    """A finite number (never NaN: it would reach the board and every later autosave), within `within` when given,
    else within MAX_COORDINATE of the template's corner."""
    value = _finite(data.get(name, default), f"{where}: '{name}'")
    if within is not None:
        low, high = within
        if not low <= value <= high:
            raise TemplateError(f"{where}: '{name}' must be from {low:g} to {high:g}")
    elif abs(value) > MAX_COORDINATE:
        raise TemplateError(f"{where}: '{name}' is too far out")
    return value


def _finite(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TemplateError(f"{what} must be a number")
    if isinstance(value, int) and abs(value) > MAX_COORDINATE * 1000:  # float() of a huge int would overflow
        raise TemplateError(f"{what} is too far out")
    if not math.isfinite(value):
        raise TemplateError(f"{what} must be a finite number, not {value}")
    return float(value)


def _parse_slot(data: object, where: str, mirror_x: float | None) -> Slot:
    if not isinstance(data, dict):
        raise TemplateError(f"{where} must be a table")
    key = data.get("key")
    if not isinstance(key, str) or not _KEY.match(key):
        raise TemplateError(f"{where}: 'key' must be lower-case letters, digits and dashes")
    where = f"{where} ('{key}')"
    role = data.get("role", "")
    if not isinstance(role, str) or (role and not _KEY.match(role)):
        raise TemplateError(f"{where}: 'role' must be lower-case letters, digits and dashes")
    partner = data.get("partner", "")
    if partner not in ("", "a", "b", BOTH, ONE):
        raise TemplateError(f"{where}: 'partner' must be one of a, b, both, one")
    if partner == BOTH and mirror_x is None:
        raise TemplateError(f"{where}: partner 'both' needs 'mirror_x' at the top of the file")
    try:
        kind = CardKind(data.get("kind", "card"))
    except ValueError:
        raise TemplateError(f"{where}: 'kind' must be one of card, note, label") from None
    colour = data.get("colour", "")
    if not isinstance(colour, str) or (colour and not _COLOUR.match(colour)):
        raise TemplateError(f"{where}: 'colour' must look like #a1b2c3")
    sensitive = data.get("sensitive", False)
    if not isinstance(sensitive, bool):
        raise TemplateError(f"{where}: 'sensitive' must be true or false")
    return Slot(
        key=key,
        role=role,
        partner=partner,
        kind=kind,
        text=_text(data, "text", where, limit=MAX_CARD_TEXT),
        hint=_text(data, "hint", where, limit=200),
        x=_number(data, "x", where, 0.0),
        y=_number(data, "y", where, 0.0),
        width=_number(data, "width", where, 220.0, within=(MIN_SIDE, MAX_SIDE)),
        height=_number(data, "height", where, 80.0, within=(MIN_SIDE, MAX_SIDE)),
        colour=colour,
        sensitive=sensitive,
    )


def _parse_arrow(data: dict, where: str, slots: dict[str, Slot]) -> TemplateArrow:
    each = data.get("each", False)
    if not isinstance(each, bool):
        raise TemplateError(f"{where}: 'each' must be true or false")
    ends = []
    for name in ("from", "to"):
        value = data.get(name)
        if not isinstance(value, str):
            raise TemplateError(f"{where}: '{name}' must name a slot")
        base = value.removeprefix("other.") if each else value
        if base not in slots:
            raise TemplateError(f"{where}: '{name}' names no slot ('{value}')")
        if each and slots[base].partner != BOTH:
            raise TemplateError(f"{where}: with each = true, '{name}' must name a slot with partner 'both'")
        if not each and slots[base].partner == BOTH:
            raise TemplateError(f"{where}: '{name}' names a mirrored slot; add each = true")
        ends.append(value)
    if ends[0] == ends[1]:
        raise TemplateError(f"{where}: an arrow needs two different slots")
    try:
        kind = ConnectorKind(data.get("kind", "arrow"))
    except ValueError:
        raise TemplateError(f"{where}: 'kind' must be arrow or reframe") from None
    curved = data.get("curved", False)
    if not isinstance(curved, bool):
        raise TemplateError(f"{where}: 'curved' must be true or false")
    return TemplateArrow(ends[0], ends[1], _text(data, "label", where), curved, kind, each)


def _parse_line(data: dict, where: str) -> TemplateLine:
    points = data.get("points")
    if not isinstance(points, list) or not points:
        raise TemplateError(f"{where}: 'points' must be a list of [x, y] pairs")
    if len(points) > MAX_LINE_POINTS:
        raise TemplateError(f"{where}: {len(points)} points; a line may have {MAX_LINE_POINTS}")
    pairs = []
    for n, point in enumerate(points, start=1):
        if not isinstance(point, list) or len(point) != 2:
            raise TemplateError(f"{where}: 'points' must be a list of [x, y] pairs")
        x, y = (_finite(v, f"{where}: point {n}") for v in point)
        if abs(x) > MAX_COORDINATE or abs(y) > MAX_COORDINATE:
            raise TemplateError(f"{where}: point {n} is too far out")
        pairs.append((x, y))
    colour = data.get("colour", "#1f1f1f")
    if not isinstance(colour, str) or not _COLOUR.match(colour):
        raise TemplateError(f"{where}: 'colour' must look like #a1b2c3")
    try:
        kind = StrokeKind(data.get("kind", "pen"))
    except ValueError:
        raise TemplateError(f"{where}: 'kind' must be pen or highlighter") from None
    width = _number(data, "width", where, 2.0, within=(MIN_LINE_WIDTH, MAX_LINE_WIDTH))
    return TemplateLine(tuple(pairs), colour, width, kind)


@dataclass
class TemplateLibrary:
    """Templates by key (built-in first, then the therapist's own), and the problems met while loading."""

    templates: dict[str, Template] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def ordered(self) -> list[Template]:
        """Built-in templates in their order, then the therapist's own by title."""
        return sorted(self.templates.values(), key=lambda t: (t.user, t.order, t.title.casefold()))

    def add(self, text: str, source: str, key: str, user: bool = False) -> Template | None:
        """Add one template file; a broken one is reported in `problems` and skipped."""
        try:
            template = parse_template(text, source, key, user)
        except TemplateError as error:
            self.problems.append(str(error))
            return None
        if user and template.key in self.templates and not self.templates[template.key].user:
            template = _with_key(template, f"my-{template.key}"[:40])
        if user and template.key in self.templates:
            self.problems.append(
                f"{source}: key '{template.key}' is already used by {self.templates[template.key].source}; skipped"
            )
            return None
        self.templates[template.key] = template
        return template

    def add_folder(self, folder: Path) -> None:
        """Add the therapist's own templates from a folder of .toml files (a missing folder holds none)."""
        if not folder.is_dir():
            return
        for path in sorted(folder.glob("*.toml")):
            try:
                status = path.stat()
                if not stat.S_ISREG(status.st_mode):  # a FIFO named like a template would block the start for ever
                    self.problems.append(f"{path.name}: not a file; skipped")
                    continue
                if status.st_size > MAX_FILE_BYTES:
                    self.problems.append(f"{path.name}: larger than {MAX_FILE_BYTES // 1_000_000} MB; skipped")
                    continue
                with path.open("rb") as handle:
                    text = handle.read(MAX_FILE_BYTES + 1).decode("utf-8")  # it may have grown since
            except (OSError, UnicodeDecodeError) as error:
                self.problems.append(f"{path.name}: could not be read ({error})")
                continue
            self.add(text, path.name, path.stem, user=True)


def _with_key(template: Template, key: str) -> Template:
    from dataclasses import replace

    return replace(template, key=key)


def load_builtin_templates() -> TemplateLibrary:
    """The templates shipped under resources/templates/."""
    library = TemplateLibrary()
    folder = resources.files("couplecanvas.resources").joinpath("templates")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            library.add(entry.read_text(encoding="utf-8"), f"templates/{entry.name}", entry.name[:-5])
    return library


# -- laying out -------------------------------------------------------------------------------------------------------
def instantiate(
    template: Template,
    couple: Couple,
    origin: tuple[float, float] = (0.0, 0.0),
    use_alias: bool | None = None,
    one: PartnerRole = PartnerRole.A,
) -> tuple[list[Card], list[Connector], list[Stroke]]:
    """New board items for the template at `origin`, filled in with this couple's names and positions.

    `one` is the partner that slots for "one" partner belong to (the iceberg's partner).
    """
    alias = couple.use_aliases if use_alias is None else use_alias
    ox, oy = origin
    names = {role: couple.partner(role).shown_name(alias) for role in PartnerRole}
    cards: list[Card] = []
    ids: dict[str, str] = {}
    for slot in template.slots:
        partners: list[PartnerRole | None]
        if slot.partner == BOTH:
            partners = [PartnerRole.A, PartnerRole.B]
        elif slot.partner == ONE:
            partners = [one]
        else:
            partners = [PartnerRole(slot.partner) if slot.partner else None]
        for partner in partners:
            x = slot.x
            if slot.partner == BOTH and partner is PartnerRole.B:
                assert template.mirror_x is not None  # the parser refuses a "both" slot without it
                x = 2 * template.mirror_x - slot.x - slot.width
            card = Card(
                text=_fill(slot.text, couple, names, partner),
                x=ox + x,
                y=oy + slot.y,
                width=slot.width,
                height=slot.height,
                colour=slot.colour or default_card_colour(slot.kind, partner),
                partner=partner,
                z=float(len(cards)),
                kind=slot.kind,
                role=slot.role,
                hint=_fill(slot.hint, couple, names, partner),
            )
            cards.append(card)
            ids[_instance_key(slot.key, partner if slot.partner == BOTH else None)] = card.id
    connectors: list[Connector] = []
    for arrow in template.arrows:
        for partner in (PartnerRole.A, PartnerRole.B) if arrow.each else (None,):
            source = ids[_arrow_end(arrow.source, partner)]
            target = ids[_arrow_end(arrow.target, partner)]
            connectors.append(Connector(source, target, arrow.label, curved=arrow.curved, kind=arrow.kind))
    strokes = [
        Stroke(
            tuple((ox + x, oy + y, 0.5) for x, y in line.points),
            line.colour,
            line.width,
            line.kind,
            z=-1.0 - n,
        )
        for n, line in enumerate(template.lines)
    ]
    return cards, connectors, strokes


def _instance_key(key: str, partner: PartnerRole | None) -> str:
    return f"{partner.value}.{key}" if partner else key


def _arrow_end(name: str, partner: PartnerRole | None) -> str:
    if partner is None:
        return name
    if name.startswith("other."):
        return _instance_key(name.removeprefix("other."), partner.other)
    return _instance_key(name, partner)


def _fill(text: str, couple: Couple, names: dict[PartnerRole, str], partner: PartnerRole | None) -> str:
    if "{" not in text:
        return text
    values = {"{a}": names[PartnerRole.A], "{b}": names[PartnerRole.B]}
    if partner is not None:
        position = couple.partner(partner).position
        values.update(
            {
                "{name}": names[partner],
                "{other}": names[partner.other],
                "{position}": f"({position.label})" if position.label else "",
            }
        )
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


# -- saving a board as a template -------------------------------------------------------------------------------------
def template_from_board(board: Board, title: str, key: str, couple: Couple | None = None) -> Template:
    """The board as a template of the therapist's own: every card, arrow and line, moved to start at (0, 0).

    The partners' names in the cards become {a} and {b} again when the couple is given, so the template fits any couple.
    A board the template file could not hold (too many items, a place that is not a number) raises TemplateError.
    """
    _check_board_fits(board)
    bounds = board.bounds()
    ox, oy = (bounds.x, bounds.y) if bounds else (0.0, 0.0)
    slots = []
    keys: dict[str, str] = {}
    for n, card in enumerate(board.cards_in_z_order(), start=1):
        keys[card.id] = f"card-{n}"
        slots.append(
            Slot(
                key=keys[card.id],
                role=card.role,
                partner=card.partner.value if card.partner else "",
                kind=card.kind,
                text=_name_card(card, couple) or _unfill(card.text, couple),
                hint=_unfill(card.hint, couple),
                x=round(card.x - ox, 1),
                y=round(card.y - oy, 1),
                width=round(card.width, 1),
                height=round(card.height, 1),
                colour=card.colour if card.colour != default_card_colour(card.kind, card.partner) else "",
            )
        )
    arrows = tuple(
        TemplateArrow(keys[c.source_id], keys[c.target_id], c.label, c.curved, c.kind)
        for c in board.connectors.values()
    )
    lines = tuple(
        TemplateLine(tuple((round(x - ox, 1), round(y - oy, 1)) for x, y, _p in s.points), s.colour, s.width, s.kind)
        for s in sorted(board.strokes.values(), key=lambda s: s.z)
    )
    if not slots:
        raise TemplateError("A template needs at least one card on the board.")
    return Template(key, title.strip(), "My templates", "", tuple(slots), arrows, lines, user=True)


def _check_board_fits(board: Board) -> None:
    """The limits parse_template applies at the door, said in the board's terms before anything is written."""
    for count, limit, what in (
        (len(board.cards), MAX_SLOTS, "cards"),
        (len(board.connectors), MAX_ARROWS, "arrows"),
        (len(board.strokes), MAX_LINES, "lines"),
    ):
        if count > limit:
            raise TemplateError(f"This board has {count} {what}; a template can hold {limit}. Save a smaller board.")
    for card in board.cards.values():
        if not all(math.isfinite(v) for v in (card.x, card.y, card.width, card.height)):
            raise TemplateError("A card on this board has a place or size that is not a number, so it cannot be "
                                "saved as a template.")
    points = 0
    for stroke in board.strokes.values():
        points += len(stroke.points)
        if len(stroke.points) > MAX_LINE_POINTS or points > MAX_POINTS:
            raise TemplateError(f"The lines on this board have too many points for a template ({MAX_LINE_POINTS} a "
                                f"line, {MAX_POINTS} in all). Remove the longest drawings, then save again.")
        if not math.isfinite(stroke.width) or not all(math.isfinite(v) for x, y, _p in stroke.points for v in (x, y)):
            raise TemplateError("A line on this board has a point that is not a number, so it cannot be saved as a "
                                "template.")


def _name_card(card: Card, couple: Couple | None) -> str:
    """A partner's name card as a template made it ("Maya (pursues)") becomes "{name} {position}" again."""
    if card.role != PARTNER_NAME or card.partner is None or couple is None:
        return ""
    partner = couple.partner(card.partner)
    names = "|".join(re.escape(n) for n in {partner.first_name.strip(), partner.alias.strip()} - {""})
    positions = "|".join(re.escape(f"({p.label})") for p in Position if p.label)
    if names and re.fullmatch(rf"(?:{names})(?: (?:{positions}))?", card.text.strip()):
        return "{name} {position}"
    return ""


def _unfill(text: str, couple: Couple | None) -> str:
    if couple is None or not text:
        return text
    for role, placeholder in ((PartnerRole.A, "{a}"), (PartnerRole.B, "{b}")):
        partner = couple.partner(role)
        for name in {partner.first_name.strip(), partner.alias.strip()} - {""}:
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", placeholder, text)
    return text


def template_to_toml(template: Template) -> str:
    """The template as a TOML file that `parse_template` reads back to an equal template."""
    import tomli_w

    document: dict = {"key": template.key, "title": template.title}
    if template.approach:
        document["approach"] = template.approach
    if template.summary:
        document["summary"] = template.summary
    document["slot"] = [
        {
            name: value
            for name, value in (
                ("key", s.key), ("role", s.role), ("partner", s.partner), ("kind", s.kind.value), ("text", s.text),
                ("hint", s.hint), ("x", s.x), ("y", s.y), ("width", s.width), ("height", s.height),
                ("colour", s.colour),
            )
            if value != "" or name == "key"
        }
        for s in template.slots
    ]
    if template.arrows:
        document["arrow"] = [
            {"from": a.source, "to": a.target, "label": a.label, "curved": a.curved, "kind": a.kind.value}
            for a in template.arrows
        ]
    if template.lines:
        document["line"] = [
            {"points": [list(p) for p in line.points], "colour": line.colour, "width": line.width,
             "kind": line.kind.value}
            for line in template.lines
        ]
    header = "# A board template of your own, saved by Couple Canvas. Upgrades never change this file.\n"
    return header + tomli_w.dumps(document)


def template_file_key(title: str, taken: set[str]) -> str:
    """A file-safe key for a new template of the therapist's own, not yet in `taken`."""
    base = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")[:32] or "template"
    if not base[0].isalnum():
        base = f"t-{base}"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key
