"""Open the database: check it is ours and sound, set the pragmas, back it up and migrate it when needed."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from couplecanvas.storage import cipher
from couplecanvas.storage.backups import BackupError, make_backup
from couplecanvas.storage.errors import DatabaseOpenError, MigrationError, describe_operational_error
from couplecanvas.storage.migrations_meta import HEAD
from couplecanvas.storage.private_files import create_file, make_folder
from couplecanvas.storage.sqlite_file import check_revision, check_sqlite_file, damaged, inspect_sqlite_file, read_text

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 0.05
"""How long SQLite waits for another program's write lock before a write gives up as busy (DatabaseBusyError). Short:
the GUI thread writes, and must never wait on the database for more than 100 ms (a refused write costs the wait plus
about 10 ms of SQLite's sleeping and the rollback: 80 ms measured 85-96 ms, 50 ms measures 54-61 ms); the autosave
tries again later."""


@dataclass
class Database:
    """An open, migrated database: the engine and, for SQLite, the file it lives in."""

    engine: Engine
    path: Path | None
    key: bytes | None = field(default=None, repr=False)
    """The SQLCipher data key of an encrypted file (None: a plain file or a server); never logged or shown."""

    def dispose(self) -> None:
        """Close every pooled connection (the WAL is checkpointed by SQLite on last close)."""
        self.engine.dispose()


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of an SQLite file."""
    return f"sqlite:///{path}"


def _engine_url(path: Path) -> str:
    """The engine's URL for an existing file: `mode=rw`, so a file that vanishes is an error, never a new empty file."""
    return f"sqlite:///{path.resolve().as_uri()}?mode=rw&uri=true"


def _sqlite_engine(url: str, path: Path | None, key: bytes | None, timeout: float, **options) -> Engine:
    """An engine on an SQLite URL; with a key its connections are sqlcipher3's, keyed first thing (`creator`).

    The URL stays the file's (the sqlite dialect, `mode=rw`); `module` makes SQLAlchemy wrap sqlcipher3's errors as
    it wraps sqlite3's. SQL parameters (a note's words) never reach a log or an error message: hide_parameters."""
    if key is None or path is None:
        return create_engine(url, connect_args={"timeout": timeout}, hide_parameters=True, **options)

    def creator():
        return cipher.connect(path, key, timeout=timeout, check_same_thread=False)

    return create_engine(url, module=cipher.dbapi_module(key), creator=creator, hide_parameters=True, **options)


def _set_pragmas(dbapi_connection, *, foreign_keys: bool) -> None:
    """What every connection to the file sets, for the app and for migrating alike."""
    # One invalid byte in stored text must never stop a session opening: read it with a replacement mark.
    dbapi_connection.text_factory = read_text
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        # Freed pages are zeroed: a deleted note leaves no words behind in the file.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
    finally:
        cursor.close()


def _set_sqlite_pragmas(dbapi_connection, _record) -> None:
    _set_pragmas(dbapi_connection, foreign_keys=True)


def open_database(url: str, *, backup: bool = True, create: bool = True, key: bytes | None = None) -> Database:
    """Open and migrate the database at `url`; raise DatabaseOpenError with a clear message.

    A missing SQLite file is created only when `create` is true (the default database on first run), 0600 in a
    folder made 0700; otherwise it is an error naming the file. Once open, the engine reaches the file with `mode=rw`:
    if it vanishes, reads and writes fail instead of SQLite making a new empty file. Before a migration the file is
    backed up (backups.make_backup).

    `key` is the SQLCipher data key (cipher.unlock): an encrypted file needs it (KeyNeededError, `needs_key`, without
    it; WrongPassphraseError with one that does not open it: never `damaged`); a new file is created encrypted with
    it. A plain file opened with a key stays plain: `Database.key` is then None."""
    parsed = make_url(url)
    path: Path | None = None
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if is_sqlite and parsed.database and parsed.database != ":memory:" and not parsed.query.get("uri"):
        path = Path(parsed.database).expanduser()
        if key is not None and path.exists() and path.stat().st_size and not cipher.is_encrypted(path):
            log.warning("%s is not encrypted; it is opened without the key given", path.name)
            key = None
        check_sqlite_file(path, key)
        if not path.exists():
            if not create:
                raise DatabaseOpenError(
                    f"{path} does not exist. If it was moved or renamed, choose it again; nothing was created.",
                    str(path),
                )
            _create_file(path)
        url = _engine_url(path)
    where = str(path) if path else parsed.render_as_string(hide_password=True)
    if path is not None and path.stat().st_size:
        # Look before touching: the pragmas below (WAL) would rewrite the header of a file that is not ours.
        revision = inspect_sqlite_file(path, key)
    else:
        revision = None
    if is_sqlite:
        engine = _sqlite_engine(url, path, key, BUSY_TIMEOUT_S)
    else:
        engine = create_engine(url, hide_parameters=True)
        key = None
    if is_sqlite:
        event.listen(engine, "connect", _set_sqlite_pragmas)
    try:
        if path is None:
            revision = _read_revision(engine, where)
        if revision != HEAD:
            if revision is not None and path is not None and backup:
                try:
                    make_backup(path, "migration", key=key)
                except BackupError as error:
                    raise DatabaseOpenError(
                        f"{where} needs updating, but it could not be backed up first, so it was left as it was. "
                        f"{error}",
                        where,
                    ) from error
            engine.dispose()
            if key is None:  # the one-argument call of a plain file, as before (tests stand in for _upgrade)
                _upgrade(engine)
            else:
                _upgrade(engine, key)
            log.info("database %s migrated from %s to %s", where, revision, HEAD)
    except (DatabaseOpenError, cipher.WrongPassphraseError):
        engine.dispose()
        raise
    except MigrationError as error:
        engine.dispose()
        raise DatabaseOpenError(f"{where} could not be updated, so it was left as it was: {error}", where) from error
    except OperationalError as error:
        engine.dispose()
        raise DatabaseOpenError(f"{where} could not be opened. {describe_operational_error(error)}", where) from error
    except SADatabaseError as error:
        engine.dispose()
        raise DatabaseOpenError(damaged(where, error.orig), where, damaged=True) from error
    return Database(engine=engine, path=path, key=key)


def _create_file(path: Path) -> None:
    """Make the (empty) file of a new database, 0600 whatever the umask (SQLite gives its -wal and -shm the same
    mode), and its folder, 0700 when made here."""
    try:
        make_folder(path.parent)
    except OSError as error:
        raise DatabaseOpenError(f"The folder for {path} could not be created: {error.strerror}.", str(path)) from error
    try:
        create_file(path, exist_ok=True)
    except OSError as error:
        raise DatabaseOpenError(f"{path} could not be created ({error.strerror or error}).", str(path)) from error


def _read_revision(engine: Engine, where: str) -> str | None:
    """The same checks on a database that is not a local file (e.g. a server)."""
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        revision = None
        if "alembic_version" in tables:
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return check_revision(revision, tables, where)


def migrate(
    url, revision: str = "head", *, sqlite: bool = True, on_version_apply=None, key: bytes | None = None
) -> None:
    """Move the schema to `revision` (up or down) following SQLite's procedure for changing tables.

    Foreign keys are switched off outside the transaction (so rebuilding a table never cascades deletes), every step
    runs in one real transaction (BEGIN IMMEDIATE; pysqlite would otherwise commit before each DDL statement), and
    `PRAGMA foreign_key_check` runs before the commit: if it finds anything, all is rolled back (MigrationError).
    An encrypted file needs its `key`."""
    from importlib import resources

    from alembic import command
    from alembic.config import Config

    # Its own engine without a pool: these connections' settings (foreign keys off, our own BEGIN) must not be reused.
    if sqlite:
        engine = _sqlite_engine(str(url), _file_of(url) if key is not None else None, key, 5, poolclass=NullPool)
    else:
        engine = create_engine(url, poolclass=NullPool, hide_parameters=True)
    if sqlite:
        event.listen(engine, "connect", _migration_connection)
        event.listen(engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN IMMEDIATE"))
    config = Config()
    config.set_main_option("script_location", str(resources.files("couplecanvas.storage").joinpath("migrations")))
    if on_version_apply is not None:
        config.attributes["on_version_apply"] = on_version_apply
    try:
        with engine.connect() as connection, connection.begin():
            config.attributes["connection"] = connection
            if revision == "head" or _is_ahead(connection, revision):
                command.upgrade(config, revision)
            else:
                command.downgrade(config, revision)
            if sqlite:
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    tables = sorted({row[0] for row in problems})
                    raise MigrationError(
                        f"the update would leave {len(problems)} rows pointing at nothing (in {', '.join(tables)})"
                    )
    finally:
        engine.dispose()


def _is_ahead(connection, revision: str) -> bool:
    from couplecanvas.storage.migrations_meta import REVISIONS

    current = None
    if inspect(connection).has_table("alembic_version"):
        current = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return current is None or REVISIONS.index(revision) >= REVISIONS.index(current)


def _migration_connection(dbapi_connection, _record) -> None:
    """A connection for migrating: foreign keys off (outside any transaction), transactions begun by us."""
    dbapi_connection.isolation_level = None
    _set_pragmas(dbapi_connection, foreign_keys=False)


def _file_of(url) -> Path:
    """The file an SQLite URL names (plain `sqlite:///path` or this module's `file:` URI form)."""
    database = make_url(str(url)).database or ""
    if database.startswith("file:"):
        from urllib.parse import unquote, urlparse

        return Path(unquote(urlparse(database.partition("?")[0]).path))
    return Path(database).expanduser()


def _upgrade(engine: Engine, key: bytes | None = None) -> None:
    """Upgrade the database behind `engine` to head (kept for callers that hold an engine)."""
    migrate(engine.url, "head", sqlite=engine.dialect.name == "sqlite", key=key)
