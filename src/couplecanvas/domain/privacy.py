"""Keeping first names off what leaves the room: what the couple may see, decided in one place.

`shown_to_couple` is that one place. The handout (every text it prints from the couple's or the therapist's words),
the board exported as PNG or SVG, the homework notes, and the screen in share mode (`ScreenWords`) all go through it,
and `names_to_check` uses the same matcher to find what it would not change on its own.

The rule, for each partner who has an alias (an alias applies only where one is set; without one the first name
stays, as the therapist chose):

- A name matches whatever its case and accents: the name and the text are compared after Unicode NFD, without
  combining marks, case-folded ("zoë", "ZOE" and "Zoe" are all "Zoë"; "Jose" is "José").
- As a whole word, with a possessive or plural ending: "Maya's", "Maya’s", "Mayas'", "Chris'", "the Mayas",
  "the Chrises". The alias takes the ending as written ("Partner 1's").
- A name of several parts ("Anne Marie", "Mary-Jane") matches with a space, a hyphen or nothing between the parts
  ("anne-marie", "MaryJane"), and each part of two letters or more also matches alone ("Anne").
- A name written in a script that does not put spaces between words (Chinese, Japanese, Korean, Thai, Lao, Khmer,
  Myanmar, Tibetan) matches wherever it stands, since such text has no word borders to look for.
- A name that is also a common English word (Will, May, Hope, Joy, Rose: `WORD_NAMES`) is replaced when it starts
  with a capital ("Will", "WILL"); written in lower case ("I will call") it is kept, and flagged for the therapist.
- A name run together with other letters ("Mayaandjordan", "#MayaTime", "maya123") is not replaced (the word around
  it is not a name), and it is flagged when the join shows: a digit or "_" touches the name, a capital marks a word
  border at it, the word is a hashtag or handle, the word holds a second name of the couple, or (for a name of four
  letters or more that is not a common word) the name starts or ends the word. A name inside an ordinary word
  ("Savannah" for Anna, "time" for Tim) is neither changed nor flagged.

The flags are for the therapist's eyes only: they hold the real name, and are never logged or printed.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from couplecanvas.domain.board import Board
from couplecanvas.domain.couple import Couple, PartnerRole
from couplecanvas.domain.session import Session

WORD_NAMES = frozenset("""
    al amber angel april art autumn bill bob brook buck candy carol cash chance chase cliff crystal daisy dale dawn
    destiny don dot drew dusty earl eve faith frank gene ginger glen grace guy harmony hazel heath heather holly honey
    hope hunter iris ivy jack jade jean joy june kit lance lily mark mason max may miles misty nick norm olive pat
    patience pearl penny pip rain ray river rob robin rose ruby rusty sage sandy sky sol star storm sue summer sunny
    violet wade will win woody
""".split())
"""First names that are also common English words: written in lower case they are kept and flagged, not replaced."""

RUN_TOGETHER_MIN = 4
"""A name this long or longer is flagged when it starts or ends a longer word without any other sign of a join; a
shorter one would flag ordinary words all day ("time" for Tim, "also" for Al)."""

_APOSTROPHES = "'’ʼ"
_ENDING = re.compile(rf"(?:[{_APOSTROPHES}]s?|es?[{_APOSTROPHES}]?|s[{_APOSTROPHES}]?)")
_SEPARATORS = r"[\s\-‐‑‒–—_.·]*"
_SIBILANT_ENDS = ("s", "x", "z", "ch", "sh")
_UNSPACED_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN",
                     "HALFWIDTH KATAKANA", "HALFWIDTH HANGUL", "IDEOGRAPHIC")


class FindingKind(str, enum.Enum):
    """Why a place is flagged."""

    RUN_TOGETHER = "run-together"
    """A name run together with other letters ("#MayaTime"): left as written."""
    ORDINARY_WORD = "ordinary-word"
    """A name that is also a word, written in lower case ("I will"): left as written."""


@dataclass(frozen=True)
class NameFinding:
    """A place where a partner's first name may still show with aliases on, for the therapist to check: `where` (the
    caller's words for the text), the real `name`, the `word` as written and a little `context` around it."""

    where: str
    name: str
    word: str
    context: str
    kind: FindingKind


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _APOSTROPHES + "‘":
        return "'"  # "D’Arcy" is "D'Arcy"
    stripped = "".join(c for c in unicodedata.normalize("NFD", char) if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", stripped).casefold()


def fold(text: str) -> str:
    """`text` as names are compared: without accents (NFD, combining marks left out) and case-folded."""
    return text.casefold() if text.isascii() else "".join(_fold_char(c) for c in text)


def _folded_with_origin(text: str) -> tuple[str, list[int] | None]:
    """The folded text, and for each of its characters the index of the character of `text` it came from (None: the
    same index, as for ASCII)."""
    if text.isascii():
        return text.lower(), None
    parts = list(map(_fold_char, text))
    folded = "".join(parts)
    if len(folded) == len(text) and "" not in parts:  # each character folded into one: the same indices
        return folded, None
    origin = []
    for index, part in enumerate(parts):
        origin.extend([index] * len(part))
    return folded, origin


@lru_cache(maxsize=4096)
def _is_word_char(char: str) -> bool:
    return char == "_" or unicodedata.category(char)[0] in "LMN"


def _unspaced(name: str) -> bool:
    """True for a name in a script that writes words without spaces between them."""
    return any(unicodedata.name(c, "").startswith(_UNSPACED_SCRIPTS) for c in name)


@dataclass(frozen=True)
class _Name:
    name: str
    alias: str
    key: str
    unspaced: bool


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    replacement: str | None
    """The words to put in place of text[start:end], or None to keep them (a flag)."""
    finding: tuple[str, str, FindingKind] | None = None
    """(real name, word as written, kind), when the place is flagged."""


def _key(folded: str) -> str:
    return re.sub(_SEPARATORS, "", folded)


class AliasRule:
    """One couple's names and aliases, compiled into one pattern (see the module docstring for the rule)."""

    def __init__(self, pairs: tuple[tuple[str, str], ...]) -> None:
        self._names: dict[str, _Name] = {}
        full: list[tuple[_Name, list[str]]] = []
        parts: list[tuple[_Name, list[str]]] = []
        for name, alias in pairs:
            name, alias = " ".join(name.split()), alias.strip()
            if not name or not alias or fold(name) == fold(alias):
                continue
            words = [w for w in re.split(r"[\s\-‐‑‒–—]+", fold(name)) if w]
            full.append((_Name(name, alias, _key(fold(name)), _unspaced(name)), words))
            if len(words) > 1:
                parts.extend((_Name(name, alias, w, _unspaced(w)), [w]) for w in words if len(w) >= 2)
        patterns = []
        for entry, words in full + parts:  # a full name wins over the same word as another name's part
            if entry.key and entry.key not in self._names:
                self._names[entry.key] = entry
                patterns.append((len(entry.key), _SEPARATORS.join(map(re.escape, words))))
        patterns.sort(key=lambda p: -p[0])  # the longest first, so "Anna" is tried before "Ann"
        self._pattern = re.compile("|".join(p for _, p in patterns)) if patterns else None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def apply(self, text: str) -> str:
        """`text` as the couple may see it: names replaced by aliases; flagged places kept as written."""
        if not text or self._pattern is None:
            return text
        hits = [hit for hit in self._hits(text) if hit.replacement is not None]
        if not hits:
            return text
        out, last = [], 0
        for hit in hits:
            out.append(text[last:hit.start])
            out.append(hit.replacement or "")  # never None: kept above only with a replacement
            last = hit.end
        out.append(text[last:])
        return "".join(out)

    def findings(self, text: str, where: str) -> list[NameFinding]:
        """The places in `text` left as written that may still show a name (see `names_to_check`)."""
        if not text or self._pattern is None:
            return []
        return [
            NameFinding(where, hit.finding[0], hit.finding[1], _context(text, hit.start, hit.end), hit.finding[2])
            for hit in self._hits(text) if hit.finding is not None
        ]

    # -- the matcher ---------------------------------------------------------------------------------------------------
    def _hits(self, text: str) -> Iterator[_Hit]:
        """Each place a name is found, in order, as a replacement or a flag (never overlapping)."""
        if self._pattern is None:
            return
        folded, origin = _folded_with_origin(text)

        def start_at(position: int) -> int:
            """The index in `text` where folded position `position` starts."""
            if origin is None or position >= len(folded):
                return min(position, len(text)) if origin is None else len(text)
            return origin[position]

        def end_at(position: int) -> int:
            """The index in `text` just after folded position `position - 1`, with any accents that follow it."""
            if origin is None:
                return position
            index = origin[position - 1] + 1 if position > 0 else 0
            while index < len(text) and not _fold_char(text[index]):
                index += 1
            return index

        done = 0  # folded position up to which the text is already taken by a replacement or a flagged word
        for match in self._pattern.finditer(folded):
            start, end = match.span()
            if start < done:
                continue
            entry = self._names[_key(match.group())]
            name_start, name_end = start_at(start), end_at(end)
            written = text[name_start:name_end]
            if entry.unspaced:
                done = end
                yield _Hit(name_start, name_end, entry.alias)
                continue
            ending = self._clean_ending(folded, start, end, entry)
            if ending is not None:
                done = end + ending
                if entry.key in WORD_NAMES and _lower_case(written):
                    yield _Hit(name_start, name_end, None, (entry.name, written, FindingKind.ORDINARY_WORD))
                else:
                    stop = end_at(end + ending)
                    yield _Hit(name_start, stop, entry.alias + _ending_for(entry, text[name_end:stop]))
                continue
            token = _token(folded, start, end)
            if not self._shows_join(text, folded, start, end, token, start_at, end_at, entry):
                continue
            done = token[1]
            word_start, word_end = start_at(token[0]), end_at(token[1])
            if word_start > 0 and text[word_start - 1] in "#@":
                word_start -= 1
            yield _Hit(word_start, word_end, None, (entry.name, text[word_start:word_end], FindingKind.RUN_TOGETHER))

    @staticmethod
    def _clean_ending(folded: str, start: int, end: int, entry: _Name) -> int | None:
        """The length of the possessive or plural ending after a whole-word name (0 for none), or None when the name
        is run together with other letters."""
        if start > 0 and _is_word_char(folded[start - 1]):
            return None
        found = _ENDING.match(folded, end)
        longest = found.end() - end if found else 0
        for length in range(longest, -1, -1):
            ending = folded[end:end + length]
            if ending[:1] == "e" and not (ending.startswith("es") and entry.key.endswith(_SIBILANT_ENDS)):
                continue  # "Janes" is not more than one Jan; "the Chrises" are more than one Chris
            after = end + length
            if after >= len(folded) or not _is_word_char(folded[after]):
                return length
        return None

    def _shows_join(self, text: str, folded: str, start: int, end: int, token: tuple[int, int],
                    start_at: Callable[[int], int], end_at: Callable[[int], int], entry: _Name) -> bool:
        """True when a name inside a longer word looks run together with other words (see the module docstring)."""
        if len(entry.key) < 2:
            return False
        before = folded[start - 1] if start > token[0] else ""
        after = folded[end] if end < token[1] else ""
        if any(c.isdigit() or c == "_" for c in before + after):
            return True
        word_start = start_at(token[0])
        if word_start > 0 and text[word_start - 1] in "#@":
            return True
        name_start, name_end = start_at(start), end_at(end)
        if before and text[name_start:name_start + 1].isupper() and text[name_start - 1:name_start].islower():
            return True
        if after and text[name_end:name_end + 1].isupper() and text[name_end - 1:name_end].islower():
            return True
        if self._two_names(folded[token[0]:token[1]]):
            return True
        at_edge = start == token[0] or end == token[1]
        return at_edge and len(entry.key) >= RUN_TOGETHER_MIN and entry.key not in WORD_NAMES

    def _two_names(self, word: str) -> bool:
        """True when a word is made of names run together: two names (of three letters or more) that touch, or one
        that starts the word and another that ends it ("mayaandjordan")."""
        if self._pattern is None:
            return False
        spans = [m.span() for m in self._pattern.finditer(word) if m.end() - m.start() >= 3]
        if len(spans) < 2:
            return False
        touching = any(a[1] == b[0] for a, b in zip(spans, spans[1:]))
        return touching or (spans[0][0] == 0 and spans[-1][1] == len(word))


def _ending_for(entry: _Name, ending: str) -> str:
    """The ending as the alias takes it: "Chris'" and "the Chrises" read "Partner 2's" and "the Partner 2s" unless the
    alias itself ends in such a sound."""
    if not ending or fold(entry.alias).endswith(_SIBILANT_ENDS):
        return ending
    if ending[0] in _APOSTROPHES and len(ending) == 1 and entry.key.endswith(_SIBILANT_ENDS):
        return ending + "s"
    if fold(ending[:2]) == "es":
        return ending[1:]
    return ending


def _token(folded: str, start: int, end: int) -> tuple[int, int]:
    """The whole word (a run of letters, digits, marks and '_') around folded[start:end]."""
    while start > 0 and _is_word_char(folded[start - 1]):
        start -= 1
    while end < len(folded) and _is_word_char(folded[end]):
        end += 1
    return start, end


def _lower_case(written: str) -> bool:
    first = next((c for c in written if c.isupper() or c.islower()), "")
    return first.islower()


def _context(text: str, start: int, end: int, reach: int = 30) -> str:
    """A little of the text around text[start:end], on one line, for the therapist to find the place."""
    left, right = max(0, start - reach), min(len(text), end + reach)
    words = " ".join(text[left:right].split())
    return ("…" if left > 0 else "") + words + ("…" if right < len(text) else "")


def _pairs(couple: Couple) -> tuple[tuple[str, str], ...]:
    return tuple((couple.partner(role).first_name, couple.partner(role).alias) for role in PartnerRole)


@lru_cache(maxsize=32)
def _rule(pairs: tuple[tuple[str, str], ...]) -> AliasRule:
    return AliasRule(pairs)


def alias_rule(couple: Couple) -> AliasRule:
    """The couple's compiled rule (one pattern per couple's names and aliases, made once and kept)."""
    return _rule(_pairs(couple))


def shown_to_couple(text: str, couple: Couple, use_alias: bool | None = None) -> str:
    """What the couple may see of `text`: with aliases (`use_alias`, by default the couple's own choice), each
    partner's first name gives way to their alias where one is set, by the rule in the module docstring."""
    alias = couple.use_aliases if use_alias is None else use_alias
    return alias_rule(couple).apply(text) if alias else text


def names_to_aliases(text: str, couple: Couple) -> str:
    """The text with each partner's first name replaced by their alias, where one is set (`shown_to_couple` with
    aliases on)."""
    return shown_to_couple(text, couple, True)


def names_to_check(texts: Iterable[tuple[str, str]], couple: Couple) -> tuple[NameFinding, ...]:
    """Where, in these (where, text) pairs, a name is left as written with aliases on: run together with other letters,
    or a name that is also a word written in lower case. For the therapist to check before export; never log them."""
    rule = alias_rule(couple)
    if not rule:
        return ()
    return tuple(finding for where, text in texts for finding in rule.findings(text, where))


def board_texts(board: Board) -> Iterator[tuple[str, str]]:
    """Every text of a board the couple may see, with where it is: cards, their prompts and arrow labels."""
    for card in board.cards_in_z_order():
        yield "a card", card.text
        if card.hint:
            yield "a card's prompt", card.hint
    for connector in board.connectors.values():
        if connector.label:
            yield "an arrow's words", connector.label


def board_with_aliases(board: Board, couple: Couple) -> Board:
    """A copy of the board whose cards, hints and arrow labels name the partners by their aliases only."""
    copy = board.clone()
    rule = alias_rule(couple)
    for card in copy.cards.values():
        card.text = rule.apply(card.text)
        card.hint = rule.apply(card.hint)
    for connector in copy.connectors.values():
        connector.label = rule.apply(connector.label)
    return copy


def couple_as_shown(couple: Couple, use_alias: bool) -> Couple:
    """A copy of the couple for showing only: with `use_alias`, each partner's first name is their alias, where set.

    Widgets that only show names (lists, headers, the homework panel, dialogs opened in share mode) take this copy, so
    no first name reaches the screen; nothing that writes a couple back may ever be given it.
    """
    copy = dataclasses.replace(
        couple,
        partner_a=dataclasses.replace(couple.partner_a),
        partner_b=dataclasses.replace(couple.partner_b),
    )
    if use_alias:
        for role in PartnerRole:
            partner = copy.partner(role)
            partner.first_name = partner.shown_name(True)
    return copy


def session_label(session: Session, show_title: bool) -> str:
    """A session as a list shows it: the date, then the title unless titles are hidden (share mode)."""
    return session.label() if show_title else Session(session.couple_id, session.date).label()


class ScreenWords:
    """Words as a shared screen shows them: `shown_to_couple` with aliases for one couple, remembered per text
    (painting asks for the same words at every frame, and matching per card per frame would cost a dragged board
    its smoothness)."""

    def __init__(self, couple: Couple) -> None:
        self._rule = alias_rule(couple)
        self._seen: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        shown = self._seen.get(text)
        if shown is None:
            if len(self._seen) > 20_000:  # a long session of typing: start again rather than grow without end
                self._seen.clear()
            shown = self._seen[text] = self._rule.apply(text)
        return shown
