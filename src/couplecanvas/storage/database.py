"""Open the database: check it is ours and sound, set the pragmas, back it up and migrate it when needed."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError

from couplecanvas.storage.errors import DatabaseOpenError, describe_operational_error
from couplecanvas.storage.migrations_meta import HEAD, REVISIONS

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
OUR_TABLES = {"couples", "partners", "sessions", "private_notes", "cards", "connectors", "assignments"}


@dataclass
class Database:
    """An open, migrated database: the engine and, for SQLite, the file it lives in."""

    engine: Engine
    path: Path | None

    def dispose(self) -> None:
        """Close every pooled connection (the WAL is checkpointed by SQLite on last close)."""
        self.engine.dispose()


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of an SQLite file."""
    return f"sqlite:///{path}"


def _set_sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
    finally:
        cursor.close()


def _check_sqlite_file(path: Path) -> None:
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


def open_database(url: str, *, backup: bool = True) -> Database:
    """Open (creating if new) and migrate the database at `url`; raise DatabaseOpenError with a clear message."""
    parsed = make_url(url)
    path: Path | None = None
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if is_sqlite and parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database).expanduser()
        _check_sqlite_file(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseOpenError(f"The folder for {path} could not be created: {error.strerror}.", str(path)) from error
    where = str(path) if path else parsed.render_as_string(hide_password=True)
    if path is not None and path.exists():
        # Look before touching: the pragmas below (WAL) would rewrite the header of a file that is not ours.
        revision = _inspect_sqlite_file(path)
    else:
        revision = None
    engine = create_engine(url, connect_args={"timeout": 5} if is_sqlite else {})
    if is_sqlite:
        event.listen(engine, "connect", _set_sqlite_pragmas)
    try:
        if path is None:
            revision = _read_revision(engine, where)
        if revision != HEAD:
            if revision is not None and path is not None and backup:
                _backup_sqlite(path, revision)
            _upgrade(engine)
            log.info("database %s migrated from %s to %s", where, revision, HEAD)
    except DatabaseOpenError:
        engine.dispose()
        raise
    except OperationalError as error:
        engine.dispose()
        raise DatabaseOpenError(f"{where} could not be opened. {describe_operational_error(error)}", where) from error
    except SADatabaseError as error:
        engine.dispose()
        raise DatabaseOpenError(_damaged(where, error.orig), where) from error
    return Database(engine=engine, path=path)


def _damaged(where: str, detail: object) -> str:
    detail = " ".join(str(detail).split())
    return f"{where} is damaged and cannot be read ({detail}). It was left untouched; restore a backup."


def _check_revision(revision: str | None, tables: set[str], where: str) -> str | None:
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


def _inspect_sqlite_file(path: Path) -> str | None:
    """Check an existing file read-only: sound, ours, and which schema revision it has."""
    where = str(path)
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as error:
        raise DatabaseOpenError(f"{where} could not be opened ({error}).", where) from error
    try:
        rows = [row[0] for row in connection.execute("PRAGMA quick_check")]
        if rows != ["ok"]:
            raise DatabaseOpenError(_damaged(where, "; ".join(rows[:3])), where)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in tables:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = revision[0] if revision else None
    except sqlite3.OperationalError as error:
        raise DatabaseOpenError(f"{where} could not be opened. {describe_operational_error(error)}", where) from error
    except sqlite3.DatabaseError as error:
        raise DatabaseOpenError(_damaged(where, error), where) from error
    finally:
        connection.close()
    return _check_revision(revision, tables, where)


def _read_revision(engine: Engine, where: str) -> str | None:
    """The same checks on a database that is not a local file (e.g. a server)."""
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        revision = None
        if "alembic_version" in tables:
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return _check_revision(revision, tables, where)


def _backup_sqlite(path: Path, revision: str) -> Path:
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


def _upgrade(engine: Engine) -> None:
    """Run Alembic's upgrade to head on this engine. Imported lazily: start-up of an up-to-date file skips Alembic."""
    from importlib import resources

    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("couplecanvas.storage").joinpath("migrations")))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
