"""Looking at an SQLite file with the standard library only: is it SQLite, sound, ours, at which revision; backups.

Kept free of SQLAlchemy so the headless export can use it without paying for that import. An encrypted file
(SQLCipher) is read with its key; without one it is reported as needing its passphrase, never as damaged.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from couplecanvas.storage import cipher
from couplecanvas.storage.cipher import SQLITE_HEADER
from couplecanvas.storage.errors import (
    DatabaseOpenError,
    KeyNeededError,
    WrongPassphraseError,
    describe_operational_error,
)
from couplecanvas.storage.migrations_meta import REVISIONS

log = logging.getLogger(__name__)

__all__ = ["SQLITE_HEADER", "WrongPassphraseError"]


def check_sqlite_file(path: Path, key: bytes | None = None) -> None:
    """Refuse a file that is not SQLite before SQLite sees it; an empty or missing file is fine (new database).

    An encrypted file is fine with a key; without one it raises KeyNeededError (`needs_key`, not `damaged`)."""
    if not path.exists() or path.stat().st_size == 0:
        return
    if path.is_dir():
        raise DatabaseOpenError(f"{path} is a folder, not a Couple Canvas database.", str(path))
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseOpenError(f"{path} could not be read: {error.strerror}.", str(path)) from error
    if header != SQLITE_HEADER and cipher.is_encrypted(path):
        if key is None:
            raise KeyNeededError(str(path))
        return
    if header != SQLITE_HEADER:
        raise DatabaseOpenError(
            f"{path} is not a Couple Canvas database (it is not an SQLite file). It was left untouched.", str(path)
        )


class RepairedText(str):
    """Stored text that held bytes that were not valid UTF-8, read with U+FFFD in their place."""


def read_text(data: bytes) -> str:
    """The connections' text_factory: UTF-8, and an invalid byte becomes U+FFFD instead of an error.

    Python's default would raise on the whole query, so one bad byte in one card would stop a session opening. The
    row mapping logs which row held it (by id, never its words)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return RepairedText(data.decode("utf-8", "replace"))


def damaged(where: str, detail: object) -> str:
    detail = " ".join(str(detail).split())
    return f"{where} is damaged and cannot be read ({detail}). It was left untouched; restore a backup."


CORE_TABLES = frozenset({"couples", "sessions", "cards"})
"""Tables every revision of ours has had since the first."""


def check_revision(revision: str | None, tables: set[str], where: str) -> str | None:
    if revision is None:
        if tables - {"sqlite_sequence", "alembic_version"}:
            raise DatabaseOpenError(
                f"{where} is an SQLite file of another program, not a Couple Canvas database. It was left untouched.",
                where,
            )
        return None
    if not tables & CORE_TABLES:
        # Stamped with one of our revisions but holding none of our tables: another program's file. Refused before any
        # engine connects, so its header is never rewritten (the app's connections switch a file to WAL).
        raise DatabaseOpenError(
            f"{where} is an SQLite file of another program, not a Couple Canvas database. It was left untouched.",
            where,
        )
    if revision not in REVISIONS:
        raise DatabaseOpenError(
            f"{where} was written by a newer version of Couple Canvas (schema {revision}). "
            "Please update the app; the file was left untouched.",
            where,
        )
    return revision


def _key_for(path: Path, key: bytes | None) -> bytes | None:
    """The key only for an encrypted file: a plain one (a new database, an older backup) is read without it."""
    return key if key is not None and cipher.is_encrypted(path) else None


def table_names(path: Path, key: bytes | None = None) -> set[str] | None:
    """The file's tables, read-only; None when SQLite cannot say (damaged, locked, no key): the other checks say why."""
    try:
        with contextlib.closing(cipher.connect(path, _key_for(path, key), read_only=True)) as db:
            return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except cipher.errors() + (OSError, ValueError, WrongPassphraseError):
        return None


def inspect_sqlite_file(path: Path, key: bytes | None = None) -> str | None:
    """Check an existing file read-only: sound, ours, and which schema revision it has.

    An encrypted file needs its key (KeyNeededError without one); a key that does not open it raises
    WrongPassphraseError, never a verdict of damage."""
    where = str(path)
    check_sqlite_file(path, key)
    try:
        connection = cipher.connect(path, _key_for(path, key), read_only=True)
    except cipher.errors("OperationalError") as error:
        raise DatabaseOpenError(f"{where} could not be opened. {describe_operational_error(error)}", where) from error
    except cipher.errors(
        "DatabaseError"
    ) as error:  # with a key, only when the key file vouches for it (cipher.connect)
        raise DatabaseOpenError(damaged(where, error), where, damaged=True) from error
    except cipher.errors() as error:
        raise DatabaseOpenError(f"{where} could not be opened ({error}).", where) from error
    try:
        rows = [row[0] for row in connection.execute("PRAGMA quick_check")]
        if rows != ["ok"]:
            raise DatabaseOpenError(damaged(where, "; ".join(rows[:3])), where, damaged=True)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in tables:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = revision[0] if revision else None
    except cipher.errors("OperationalError") as error:
        raise DatabaseOpenError(f"{where} could not be opened. {describe_operational_error(error)}", where) from error
    except cipher.errors("DatabaseError") as error:
        raise DatabaseOpenError(damaged(where, error), where, damaged=True) from error
    finally:
        connection.close()
    return check_revision(revision, tables, where)


def check_database(path: Path, key: bytes | None = None) -> list[str]:
    """Run `PRAGMA integrity_check` and `PRAGMA foreign_key_check` read-only; the problems found, in plain words.

    An encrypted file is read with `key`; it also gets SQLCipher's `cipher_integrity_check` (every page's HMAC)."""
    where = str(path)
    key = _key_for(path, key)
    if key is None and cipher.is_encrypted(path):
        return [f"{where} is encrypted: unlock it to check it."]
    try:
        connection = cipher.connect(path, key, read_only=True)
    except WrongPassphraseError as error:
        return [str(error)]
    except cipher.errors() as error:
        return [f"{where} could not be opened ({error})."]
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        problems = [] if problems == ["ok"] else [f"Damage: {p}" for p in problems[:20]]
        dangling: dict[str, int] = {}
        for table, *_rest in connection.execute("PRAGMA foreign_key_check"):
            dangling[table] = dangling.get(table, 0) + 1
        problems += [
            f"{count} rows in {table} point at rows that are gone." for table, count in sorted(dangling.items())
        ]
        if key is not None:
            problems += [f"Damage: {row}" for row in connection.execute("PRAGMA cipher_integrity_check")][:20]
    except cipher.errors("DatabaseError") as error:
        problems = [damaged(where, error)]
    finally:
        connection.close()
    return problems
