"""Homework exercises (from the library) and their assignment to a session.

A library file (resources/homework/*.toml) holds one table per exercise, written to the couple in the second person:

    [exercise.state-of-the-union]     # the key: lower-case letters, digits and dashes
    title = "State of the Union meeting"
    approach = "Gottman Method"
    frequency = "Once a week"
    duration = "About 45 minutes"
    who = "both"                      # both, a or b: who it is given to unless the therapist says otherwise
    summary = "Once a week you meet..."
    steps = ["Start by...", "..."]    # 3 to 6 steps, each short enough for a handout line or two
    tracking = "Tick the day you..."
    conflict_talk = true              # optional: it asks the couple to talk about a conflict or a hurt (screening
                                      # is asked about before it is given; the handout prints the stop rule with it)
    two_person = true                 # optional: written for the two together, so never given to one partner alone
                                      # (then who must be "both")
    log = ["When", "What happened", "What you did"]
                                      # optional: the exercise asks the couple to note things down; the handout gives
                                      # them a small table with these 2 to 4 column headings and a few blank rows

A broken table is reported with the file and the key, and the rest of the file still loads.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field, replace
from typing import Any

from couplecanvas.domain.couple import Couple, PartnerRole

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class Who(str, enum.Enum):
    """Who an exercise is for."""

    BOTH = "both"
    A = "a"
    B = "b"

    def describe(self, couple: Couple, use_alias: bool | None = None) -> str:
        """'Both of you' or the one partner's shown name."""
        if self is Who.BOTH:
            return "Both of you"
        alias = couple.use_aliases if use_alias is None else use_alias
        return couple.partner(PartnerRole(self.value)).shown_name(alias)


class Origin(str, enum.Enum):
    """Where an exercise's words come from: the shipped library, the therapist's edit of it, or the therapist alone."""

    BUILTIN = "builtin"
    EDITED = "edited"
    OWN = "own"
    RETIRED = "retired"
    """One of the therapist's own exercises, deleted from the library but kept for the sessions that gave it."""


class Review(str, enum.Enum):
    """How an assignment went, as the couple told it at the next session."""

    NOT_YET = ""
    DONE = "done"
    PARTLY = "partly"
    NOT_DONE = "not-done"

    @property
    def label(self) -> str:
        return {"": "Not reviewed yet", "done": "Done", "partly": "Partly", "not-done": "Not done"}[self.value]


@dataclass(frozen=True)
class Exercise:
    """One exercise of the homework library, written to the couple in the second person."""

    key: str
    title: str
    approach: str
    frequency: str
    duration: str
    who: Who
    summary: str
    steps: tuple[str, ...]
    tracking: str
    origin: Origin = Origin.BUILTIN
    conflict_talk: bool = False
    """True when the exercise asks the couple to talk about a conflict or a hurt: the app asks about the safety
    screening before giving it, and the handout prints the stop rule with it."""
    two_person: bool = False
    """True when the exercise is written for the two partners together and cannot be given to one of them alone."""
    log: tuple[str, ...] = ()
    """The column headings of a small table to write in, for an exercise that asks the couple to note things down
    (a journal, a log); () for the others."""

    @property
    def allows_one_partner(self) -> bool:
        """True when the exercise may be given to one partner alone: its words never make that one 'the problem'."""
        return not self.two_person

    def allows(self, who: Who) -> bool:
        """True when the exercise may be given to `who` (both partners always; one partner unless it is for two)."""
        return who is Who.BOTH or self.allows_one_partner


@dataclass
class Assignment:
    """An exercise given to a couple at a session; `id` is None until stored."""

    session_id: int
    exercise_key: str
    who: Who = Who.BOTH
    note: str = ""
    position: int = 0
    id: int | None = None
    frequency: str = ""
    """How often, when the therapist asks for something other than the exercise's own frequency."""
    review: Review = Review.NOT_YET
    review_note: str = ""
    """What the couple said about it at the next session."""


class LibraryError(ValueError):
    """A library file that cannot be used; the message names the file and the key."""


_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
_REQUIRED = ("title", "approach", "frequency", "duration", "who", "summary", "steps", "tracking")
_FLAGS = ("conflict_talk", "two_person")
"""Optional true/false keys of an exercise table; left out, they are false."""
LOG_COLUMNS = (2, 4)
"""How few and how many column headings a `log` may have: enough to be a table, few enough to write in by hand."""
LOG_HEADING_LENGTH = 40
"""The longest column heading of a `log`, in characters: it must fit a narrow column of a printed page."""


def parse_exercise(key: str, data: object, source: str) -> Exercise:
    """Validate one [exercise.KEY] table and build the Exercise, or raise LibraryError naming file and key."""
    where = f"{source}: exercise '{key}'"
    if not isinstance(data, dict):
        raise LibraryError(f"{where} must be a table")
    for name in _REQUIRED:
        if name not in data:
            raise LibraryError(f"{where} is missing '{name}'")
    for name in _REQUIRED:
        if name == "steps":
            continue
        if not isinstance(data[name], str) or not data[name].strip():
            raise LibraryError(f"{where}: '{name}' must be non-empty text")
    steps = data["steps"]
    if not isinstance(steps, list) or not steps or not all(isinstance(s, str) and s.strip() for s in steps):
        raise LibraryError(f"{where}: 'steps' must be a non-empty list of text")
    try:
        who = Who(data["who"])
    except ValueError:
        raise LibraryError(f"{where}: 'who' must be one of both, a, b") from None
    flags: dict[str, Any] = {}
    for name in _FLAGS:
        value = data.get(name, False)
        if not isinstance(value, bool):
            raise LibraryError(f"{where}: '{name}' must be true or false")
        flags[name] = value
    if flags["two_person"] and who is not Who.BOTH:
        raise LibraryError(f"{where}: 'who' must be both when 'two_person' is true")
    log = _log_columns(data.get("log", []), where)
    return Exercise(
        key=key,
        title=data["title"].strip(),
        approach=data["approach"].strip(),
        frequency=data["frequency"].strip(),
        duration=data["duration"].strip(),
        who=who,
        summary=data["summary"].strip(),
        steps=tuple(s.strip() for s in steps),
        tracking=data["tracking"].strip(),
        log=log,
        **flags,
    )


def _log_columns(value: object, where: str) -> tuple[str, ...]:
    """The `log` key's column headings, tidied, or LibraryError naming file, exercise and key."""
    low, high = LOG_COLUMNS
    if value == []:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LibraryError(f'{where}: \'log\' must be a list of column headings (text), like ["When", "What happened"]')
    if not low <= len(value) <= high:
        raise LibraryError(f"{where}: 'log' must have {low} to {high} column headings, not {len(value)}")
    columns = tuple(" ".join(v.split()) for v in value)
    for column in columns:
        if len(column) > LOG_HEADING_LENGTH:
            raise LibraryError(
                f"{where}: 'log' heading \"{column[:20]}...\" is longer than {LOG_HEADING_LENGTH} characters"
            )
    if len({c.casefold() for c in columns}) < len(columns):
        raise LibraryError(f"{where}: 'log' has the same column heading twice")
    return columns


@dataclass
class HomeworkLibrary:
    """The exercises that can be assigned, by key, in a stable order, and the problems met while loading."""

    exercises: dict[str, Exercise] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    retired: dict[str, Exercise] = field(default_factory=dict)
    """Deleted exercises of the therapist's own: never offered again, still read (and printed) for old homework."""

    def get(self, key: str) -> Exercise | None:
        """The exercise by key, a retired one included (old homework still needs its words)."""
        return self.exercises.get(key) or self.retired.get(key)

    def keys_in_use(self) -> set[str]:
        """Every key a new exercise must not take, the retired ones' included."""
        return set(self.exercises) | set(self.retired)

    def add_from_toml(self, text: str, source: str) -> None:
        """Add every valid exercise of one TOML text; a bad one is reported and the rest still load."""
        import tomllib  # only when a library is read, not when the app merely names an assignment's review

        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            self.problems.append(f"{source}: not valid TOML ({error})")
            return
        table = document.get("exercise")
        if not isinstance(table, dict):
            self.problems.append(f"{source}: no [exercise.<key>] tables")
            return
        for key, data in table.items():
            try:
                self.exercises[key] = parse_exercise(key, data, source)
            except LibraryError as error:
                self.problems.append(str(error))


    def with_own(self, own: list[Exercise]) -> HomeworkLibrary:
        """The library as this therapist uses it: their edits replace the built-in words, their own exercises are added.

        Built-in exercises come from the app and change with upgrades; the edits and own exercises live in the
        therapist's database, so an upgrade brings new built-in words without touching what the therapist wrote.
        An edit keeps the built-in's flags (talk about conflict, for two only) and its log table: the database has no
        place for them, and new words do not make a hard conversation safe or a two-person exercise fit for one.
        """
        merged = HomeworkLibrary(dict(self.exercises), list(self.problems), dict(self.retired))
        for exercise in own:
            if exercise.origin is Origin.RETIRED:
                merged.retired[exercise.key] = exercise
                continue
            builtin = self.exercises.get(exercise.key)
            if exercise.origin is Origin.EDITED and builtin is None:
                exercise = replace(exercise, origin=Origin.OWN)  # the built-in it edited is gone: keep it as theirs
            elif exercise.origin is Origin.EDITED and builtin is not None:
                exercise = with_flags_of(exercise, builtin)
            merged.exercises[exercise.key] = exercise
        return merged

    def ordered(self) -> list[Exercise]:
        """Exercises by approach, then title: the order a picker shows them in."""
        return sorted(self.exercises.values(), key=lambda e: (e.approach.casefold(), e.title.casefold()))


def with_flags_of(exercise: Exercise, builtin: Exercise) -> Exercise:
    """The therapist's edit with the flags of the built-in it rewords (for two only: given to both by default) and
    its log table: new words still ask the couple to note the same things down."""
    who = Who.BOTH if builtin.two_person else exercise.who
    return replace(
        exercise, conflict_talk=builtin.conflict_talk, two_person=builtin.two_person, who=who, log=builtin.log
    )


def check_assignment(exercise: Exercise, who: Who) -> None:
    """Nothing when the exercise may be given to `who`; else ValueError with a message for the therapist."""
    if not exercise.allows(who):
        raise ValueError(
            f"\"{exercise.title}\" is written for the two partners together, so it can only be given to both."
        )


def check_exercise(exercise: Exercise) -> Exercise:
    """The exercise with tidy whitespace, or ValueError with a message for the therapist."""
    fields = {name: getattr(exercise, name).strip() for name in _REQUIRED if name != "steps" and name != "who"}
    for name, value in fields.items():
        if not value:
            raise ValueError(f"The {name} cannot be empty.")
    steps = tuple(s.strip() for s in exercise.steps if s.strip())
    if not steps:
        raise ValueError("An exercise needs at least one step.")
    if not _KEY.match(exercise.key):
        raise ValueError("The exercise's key must be lower-case letters, digits and dashes.")
    return replace(exercise, steps=steps, **fields)


def new_exercise_key(title: str, taken: set[str]) -> str:
    """A key for a therapist's own exercise, made from its title and not yet in `taken`."""
    base = "my-" + (re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")[:40] or "exercise")
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def adherence(assignments: list[Assignment]) -> dict[Review, int]:
    """How many reviewed assignments were done, partly done and not done (unreviewed ones are left out)."""
    counts = dict.fromkeys((Review.DONE, Review.PARTLY, Review.NOT_DONE), 0)
    for assignment in assignments:
        if assignment.review in counts:
            counts[assignment.review] += 1
    return counts


def load_builtin_library() -> HomeworkLibrary:
    """The homework library shipped under resources/homework/."""
    library = HomeworkLibrary()
    from importlib import resources

    folder = resources.files("couplecanvas.resources").joinpath("homework")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            library.add_from_toml(entry.read_text(encoding="utf-8"), f"homework/{entry.name}")
    return library
