"""Homework exercises (from the library) and their assignment to a session."""

from __future__ import annotations

import enum
import tomllib
from dataclasses import dataclass, field
from importlib import resources

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


@dataclass
class Assignment:
    """An exercise given to a couple at a session; `id` is None until stored."""

    session_id: int
    exercise_key: str
    who: Who = Who.BOTH
    note: str = ""
    position: int = 0
    id: int | None = None


class LibraryError(ValueError):
    """A library file that cannot be used; the message names the file and the key."""


_REQUIRED = ("title", "approach", "frequency", "duration", "who", "summary", "steps", "tracking")


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
    )


@dataclass
class HomeworkLibrary:
    """The exercises that can be assigned, by key, in a stable order, and the problems met while loading."""

    exercises: dict[str, Exercise] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def get(self, key: str) -> Exercise | None:
        return self.exercises.get(key)

    def add_from_toml(self, text: str, source: str) -> None:
        """Add every valid exercise of one TOML text; a bad one is reported and the rest still load."""
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


def load_builtin_library() -> HomeworkLibrary:
    """The homework library shipped under resources/homework/."""
    library = HomeworkLibrary()
    folder = resources.files("couplecanvas.resources").joinpath("homework")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            library.add_from_toml(entry.read_text(encoding="utf-8"), f"homework/{entry.name}")
    return library
