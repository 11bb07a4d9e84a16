"""Opening the database at start-up so nothing is lost: a damaged file is moved aside untouched and the newest good
backup is offered; a daily backup is made while the app is in use."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from couplecanvas.app.startup import Target
from couplecanvas.storage.backups import (
    BackupError,
    BackupInfo,
    backup_if_due,
    backups_folder,
    move_aside,
    newest_good_backup,
    restore_backup,
)
from couplecanvas.storage.database import Database, open_database
from couplecanvas.storage.errors import DatabaseOpenError

log = logging.getLogger(__name__)

RESTORE, EMPTY, QUIT = "restore", "empty", "quit"

Chooser = Callable[[Path, "BackupInfo | None", str], str]
"""Asked (moved-aside file, newest good backup or None, what was wrong) -> RESTORE, EMPTY or QUIT."""


def open_safely(target: Target, choose: Chooser, *, key: bytes | None = None) -> Database:
    """Open the database (with `key` when it is encrypted); if its file is damaged, move it aside and do what the
    therapist chooses. The key must have been checked first: a wrong key must never make a sound file look damaged."""
    try:
        return open_database(target.url, create=target.create, key=key)
    except DatabaseOpenError as error:
        path = target.path
        if not error.damaged or path is None or not path.exists():
            raise
        problem = str(error)
    try:
        aside = move_aside(path)
    except OSError as error:
        raise DatabaseOpenError(
            f"{problem} It could not be moved aside either ({error.strerror}).", str(path)
        ) from error
    backup = newest_good_backup(backups_folder(path), key=key)
    choice = choose(aside, backup, problem)
    if choice == RESTORE and backup is not None:
        try:
            restore_backup(backup.path, path, key=key)
        except BackupError as error:
            raise DatabaseOpenError(f"{error} The damaged file was kept as {aside}.", str(path)) from error
        log.warning("restored %s from %s after moving the damaged file aside", path, backup.path)
    elif choice != EMPTY:
        raise DatabaseOpenError(
            f"{path} was damaged; it was moved aside untouched to {aside}. Nothing else was changed.", str(path)
        )
    # Restored from a backup made with the same key, or started empty: made with the key too, so the passphrase holds.
    return open_database(target.url, create=True, key=key)


def daily_backup(path: Path | None, key: bytes | None = None) -> Path | None:
    """Make today's backup if none was made yet (encrypted with `key` when the database is); a failure is logged,
    never in the therapist's way."""
    if path is None:
        return None
    try:
        return backup_if_due(path, key=key)
    except BackupError as error:
        log.warning("the daily backup failed: %s", error)
        return None
