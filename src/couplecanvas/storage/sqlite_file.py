"""Looking at an SQLite file with the standard library only: is it SQLite, sound, ours, at which revision; backups.

Kept free of SQLAlchemy so the headless export can use it without paying for that import.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path

from couplecanvas.storage.errors import DatabaseOpenError, describe_operational_error
from couplecanvas.storage.migrations_meta import HEAD, REVISIONS

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite sees it; an empty or missing file is fine (new database)."""
    if not path.exists() or path.stat().st_size == 0:
        return
    if path.is_dir():
        raise DatabaseOpenError(f"{path} is a folder, not a Couple Canvas database.", str(path))
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseOpenError(f"{path} could not be read: {error.strerror}.", str(path)) from error
    if header != SQLITE_HEADER:
        raise DatabaseOpenError(
            f"{path} is not a Couple Canvas database (it is not an SQLite file). It was left untouched.", str(path)
        )


def damaged(where: str, detail: object) -> str:
    detail = " ".join(str(detail).split())
    return f"{where} is damaged and cannot be read ({detail}). It was left untouched; restore a backup."


def check_revision(revision: str | None, tables: set[str], where: str) -> str | None:
    if revision is None:
        if tables - {"sqlite_sequence", "alembic_version"}:
            raise DatabaseOpenError(
                f"{where} is an SQLite file of another program, not a Couple Canvas database. It was left untouched.",
                where,
            )
        return None
    if revision not in REVISIONS:
        raise DatabaseOpenError(
            f"{where} was written by a newer version of Couple Canvas (schema {revision}). "
            "Please update the app; the file was left untouched.",
            where,
        )
    return revision


def inspect_sqlite_file(path: Path) -> str | None:
    """Check an existing file read-only: sound, ours, and which schema revision it has."""
    where = str(path)
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as error:
        raise DatabaseOpenError(f"{where} could not be opened ({error}).", where) from error
    try:
        rows = [row[0] for row in connection.execute("PRAGMA quick_check")]
        if rows != ["ok"]:
            raise DatabaseOpenError(damaged(where, "; ".join(rows[:3])), where)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in tables:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = revision[0] if revision else None
    except sqlite3.OperationalError as error:
        raise DatabaseOpenError(f"{where} could not be opened. {describe_operational_error(error)}", where) from error
    except sqlite3.DatabaseError as error:
        raise DatabaseOpenError(damaged(where, error), where) from error
    finally:
        connection.close()
    return check_revision(revision, tables, where)


def backup_sqlite(path: Path, revision: str) -> Path:
    """Copy the database, consistently even in WAL mode, before a migration changes it."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.before-{HEAD}-from-{revision}-{stamp}{path.suffix}")
    source = sqlite3.connect(path)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    log.info("backed up %s to %s before migrating", path, target)
    return target
