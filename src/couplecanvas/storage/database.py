"""Open the database: check it is ours and sound, set the pragmas, back it up and migrate it when needed."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError

from couplecanvas.storage.errors import DatabaseOpenError, describe_operational_error
from couplecanvas.storage.migrations_meta import HEAD
from couplecanvas.storage.sqlite_file import backup_sqlite, check_revision, check_sqlite_file, damaged, inspect_sqlite_file

log = logging.getLogger(__name__)

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


def open_database(url: str, *, backup: bool = True) -> Database:
    """Open (creating if new) and migrate the database at `url`; raise DatabaseOpenError with a clear message."""
    parsed = make_url(url)
    path: Path | None = None
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if is_sqlite and parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database).expanduser()
        check_sqlite_file(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseOpenError(f"The folder for {path} could not be created: {error.strerror}.", str(path)) from error
    where = str(path) if path else parsed.render_as_string(hide_password=True)
    if path is not None and path.exists():
        # Look before touching: the pragmas below (WAL) would rewrite the header of a file that is not ours.
        revision = inspect_sqlite_file(path)
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
                backup_sqlite(path, revision)
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
        raise DatabaseOpenError(damaged(where, error.orig), where) from error
    return Database(engine=engine, path=path)


def _read_revision(engine: Engine, where: str) -> str | None:
    """The same checks on a database that is not a local file (e.g. a server)."""
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        revision = None
        if "alembic_version" in tables:
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return check_revision(revision, tables, where)


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
