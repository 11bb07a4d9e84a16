"""Emotion words in levels (surface, deeper, ...) and the slot roles that offer them, read from emotions.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import TypeGuard


@dataclass(frozen=True)
class WordLevel:
    """One level of words: its title, the slot roles that offer it, and the words in their file order."""

    key: str
    title: str
    roles: tuple[str, ...]
    words: tuple[str, ...]


@dataclass
class EmotionWords:
    """Every level by key, and the problems met while loading (a bad level is skipped, the rest still load)."""

    levels: dict[str, WordLevel] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def level_for_role(self, role: str) -> WordLevel | None:
        """The level a slot role offers, or None (then the card takes free text with no suggestions)."""
        if not role:
            return None
        for level in self.levels.values():
            if role in level.roles:
                return level
        return None

    def suggestions(self, role: str, typed: str, limit: int = 12) -> list[str]:
        """Words of the role's level that fit what is being typed: prefix matches first, then other matches."""
        level = self.level_for_role(role)
        if level is None:
            return []
        needle = typed.strip().casefold()
        if not needle:
            return list(level.words[:limit])
        starts = [w for w in level.words if w.casefold().startswith(needle)]
        inside = [w for w in level.words if needle in w.casefold() and w not in starts]
        return [w for w in (*starts, *inside) if w.casefold() != needle][:limit]

    def add_from_toml(self, text: str, source: str) -> None:
        """Add the levels of one TOML text; problems name the file and the key."""
        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            self.problems.append(f"{source}: not valid TOML ({error})")
            return
        for key, data in document.items():
            where = f"{source}: [{key}]"
            if not isinstance(data, dict):
                self.problems.append(f"{where} must be a table")
                continue
            title, roles, words = data.get("title"), data.get("roles"), data.get("words")
            if not isinstance(title, str) or not title.strip():
                self.problems.append(f"{where}: 'title' must be non-empty text")
            elif not _texts(roles):
                self.problems.append(f"{where}: 'roles' must be a non-empty list of text")
            elif not _texts(words):
                self.problems.append(f"{where}: 'words' must be a non-empty list of text")
            else:
                unique = tuple(dict.fromkeys(w.strip() for w in words))
                self.levels[key] = WordLevel(key, title.strip(), tuple(r.strip() for r in roles), unique)


def _texts(value: object) -> TypeGuard[list[str]]:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v.strip() for v in value)


def load_builtin_emotions() -> EmotionWords:
    """The emotion words shipped in resources/emotions.toml."""
    words = EmotionWords()
    entry = resources.files("couplecanvas.resources").joinpath("emotions.toml")
    words.add_from_toml(entry.read_text(encoding="utf-8"), "emotions.toml")
    return words
