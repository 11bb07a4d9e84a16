"""Backups of the database file: made with SQLite's backup API, kept by date in `backups/`, pruned, restored.

Standard library only (like sqlite_file.py), so the headless paths can use it without SQLAlchemy.

A backup is written under a temporary name, flushed to disk and only then renamed to its real name, so a backup that
exists by name is whole: a kill or a full disk leaves at most a `.tmp` leftover, which `prune` removes.

Rotation keeps the newest backup of each of the last 7 days that have one, the newest of each of the last 4 weeks
that have one, and the newest backup made before a migration (the only copy in the old schema). The backup just made
is never pruned.

A backup of an encrypted database is encrypted with the same key (SQLite's backup API between two connections keyed
alike); each function takes that `key`. Backups and their folder are private (0600 / 0700, whatever the umask). An
encrypted backup that cannot be read with the key given is never pruned as unreadable: it may be another key's.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from couplecanvas.storage import cipher
from couplecanvas.storage.errors import StorageError
from couplecanvas.storage.private_files import create_file, fsync_file, fsync_folder, make_folder

log = logging.getLogger(__name__)

BACKUPS_FOLDER = "backups"
DAILY_KEPT = 7
WEEKLY_KEPT = 4
_STAMP = "%Y-%m-%d_%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{4}-\d\d-\d\d_\d{6})(?:-(?P<n>\d+))?-(?P<reason>[a-z]+)\.db$")
TEMP_SUFFIX = ".tmp"


class BackupError(Exception):
    """A backup could not be made or restored; `str(error)` says why, fit to show."""


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: when it was made and why, its size, and what it holds (None when it cannot be read)."""

    path: Path
    made: dt.datetime
    reason: str
    size: int
    couples: int | None
    sessions: int | None

    @property
    def readable(self) -> bool:
        """The file opened and its counts could be read."""
        return self.couples is not None


def backups_folder(database: Path) -> Path:
    """The folder that holds the backups of this database file: `backups/` beside it."""
    return database.parent / BACKUPS_FOLDER




def is_backup_name(path: Path) -> bool:
    """The file's name is a backup's (`<stem>-<date>_<time>[-n]-<reason>.db`)."""
    return _parse(path) is not None


def _key_for(path: Path, key: bytes | None) -> bytes | None:
    """The key to read this file with: `key` for an encrypted file, none for a plain one (an older backup)."""
    return key if cipher.is_encrypted(path) else None


def _connect_ro(path: Path, key: bytes | None = None):
    return cipher.connect(path, _key_for(path, key), read_only=True, timeout=5)


def _backup_api(source: Path, target: Path, key: bytes | None = None) -> None:
    """Copy `source` into `target` with SQLite's online backup API (consistent even while the app writes, WAL too).

    With a key both ends are keyed alike, so the copy is encrypted with the same key (SQLCipher 4 copies pages
    between connections with the same key; `target` gets its own salt)."""
    connection = cipher.connect(source, key, timeout=10)
    try:
        destination = cipher.connect(target, key, create=True, timeout=10)
        try:
            connection.backup(destination)
            # A backup is one self-contained file: no -wal beside it.
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
    finally:
        connection.close()


def make_backup(path: Path, reason: str, *, folder: Path | None = None, now: dt.datetime | None = None,
                key: bytes | None = None, prune_old: bool = True) -> Path:
    """Back up the database at `path` into the backups folder (named with the date and `reason`); prune old ones.

    `reason` is one word: "daily", "migration", "import", "restore". With the key of an encrypted database the backup
    is encrypted with it. `prune_old=False` keeps every older backup (while one of them is being restored).
    Returns the new backup's path."""
    path = Path(path)
    key = _key_for(path, key)
    reason = re.sub(r"[^a-z]", "", reason.lower()) or "manual"
    folder = folder if folder is not None else backups_folder(path)
    now = now or dt.datetime.now()
    try:
        make_folder(folder)
        stamp = now.strftime(_STAMP)
        target = folder / f"{path.stem}-{stamp}-{reason}.db"
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{path.stem}-{stamp}-{n}-{reason}.db"
        temp = folder / f".{target.name}{TEMP_SUFFIX}"
        temp.unlink(missing_ok=True)
        try:
            create_file(temp)  # 0600 before SQLite opens it, whatever the umask
            if key is None:
                _backup_api(path, temp)
            else:
                _backup_api(path, temp, key)
            fsync_file(temp)
            os.replace(temp, target)
            fsync_folder(folder)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    except cipher.errors() as error:
        raise BackupError(f"{path} could not be backed up into {folder} ({error}).") from error
    except cipher.WrongPassphraseError as error:
        raise BackupError(f"{path} could not be backed up: {error}") from error
    except OSError as error:
        raise BackupError(f"{path} could not be backed up into {folder}: {error.strerror or error}.") from error
    log.info("backed up %s to %s (%s)", path, target, reason)
    if not prune_old:
        return target
    try:
        _remove_empty_old_style(path)
        prune(folder, keep=target, key=key)
    except OSError as error:  # a backup was made; old ones stay a little longer
        log.warning("could not prune old backups in %s: %s", folder, error)
    return target


def _remove_empty_old_style(path: Path) -> None:
    """Earlier versions copied `<name>.before-<rev>-from-<rev>-<stamp>.db` beside the database; a killed migration left
    some of them empty. Empty ones hold nothing and are removed; the others are left for the therapist."""
    for old in path.parent.glob(f"{path.stem}.before-*{path.suffix}"):
        if old.is_file() and old.stat().st_size == 0:
            old.unlink(missing_ok=True)
            log.info("removed the empty leftover %s", old.name)


def _parse(path: Path) -> tuple[dt.datetime, str] | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        made = dt.datetime.strptime(match["stamp"], _STAMP)
    except ValueError:
        return None
    return made, match["reason"]


def _counts(path: Path, key: bytes | None = None) -> tuple[int, int] | None:
    """How many couples and sessions the backup holds; None when it cannot be read."""
    try:
        connection = _connect_ro(path, key)
    except cipher.errors() + (cipher.WrongPassphraseError, ValueError):
        return None
    try:
        couples = connection.execute("SELECT count(*) FROM couples").fetchone()[0]
        sessions = connection.execute("SELECT count(*) FROM sessions").fetchone()[0]
        return couples, sessions
    except cipher.errors():
        return None
    finally:
        connection.close()


def list_backups(folder: Path, key: bytes | None = None, *, counts: bool = True) -> list[BackupInfo]:
    """The backups in `folder`, newest first, with their counts read from each file (encrypted ones with `key`);
    without `counts`, from their names alone (no file is opened)."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        parsed = _parse(path)
        if parsed is None or not path.is_file():
            continue
        size = path.stat().st_size
        read = _counts(path, key) if size and counts else None
        found.append(BackupInfo(path, parsed[0], parsed[1], size, *(read or (None, None))))
    found.sort(key=lambda info: (info.made, info.path.name), reverse=True)
    return found


def is_sound(path: Path, key: bytes | None = None) -> bool:
    """The file is a readable SQLite database that passes `PRAGMA integrity_check` (encrypted: with `key`)."""
    try:
        connection = _connect_ro(path, key)
    except cipher.errors() + (cipher.WrongPassphraseError, ValueError):
        return False
    try:
        return [row[0] for row in connection.execute("PRAGMA integrity_check")] == ["ok"]
    except cipher.errors():
        return False
    finally:
        connection.close()


def newest_good_backup(folder: Path, key: bytes | None = None) -> BackupInfo | None:
    """The newest backup that is whole (integrity_check ok) and holds our tables, or None (encrypted: with `key`)."""
    for info in list_backups(folder, key):
        if info.readable and is_sound(info.path, key):
            return info
    return None


def prune(folder: Path, *, keep: Path | None = None, today: dt.date | None = None,
          key: bytes | None = None) -> list[Path]:
    """Remove leftovers (temporary, empty or unreadable files) and backups beyond the rotation; return what went.

    An encrypted backup that `key` does not open is left alone (it may be readable with another key)."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for path in folder.iterdir():
        if path.name.endswith(TEMP_SUFFIX) and path.is_file():
            path.unlink(missing_ok=True)
            removed.append(path)
    backups = list_backups(folder, key)
    good = []
    for info in backups:
        if info.path == keep:
            good.append(info)
        elif not info.readable and cipher.is_encrypted(info.path):
            continue
        elif info.size == 0 or not info.readable:
            info.path.unlink(missing_ok=True)
            removed.append(info.path)
        else:
            good.append(info)
    kept = kept_by_rotation(good)
    if keep is not None:
        kept.add(keep)
    for info in good:
        if info.path not in kept:
            info.path.unlink(missing_ok=True)
            removed.append(info.path)
    for path in removed:
        log.info("removed old backup %s", path.name)
    return removed


def kept_by_rotation(backups: list[BackupInfo]) -> set[Path]:
    """The rotation: newest per day for the last 7 days that have one, newest per week for 4 weeks, newest migration."""
    kept: set[Path] = set()
    days: dict[dt.date, BackupInfo] = {}
    weeks: dict[tuple[int, int], BackupInfo] = {}
    for info in backups:  # newest first, so the first seen of each day or week is its newest
        days.setdefault(info.made.date(), info)
        weeks.setdefault(info.made.isocalendar()[:2], info)
    kept.update(info.path for _, info in sorted(days.items(), reverse=True)[:DAILY_KEPT])
    kept.update(info.path for _, info in sorted(weeks.items(), reverse=True)[:WEEKLY_KEPT])
    migrations = [info for info in backups if info.reason == "migration"]
    if migrations:
        kept.add(migrations[0].path)
    return kept


def backup_if_due(path: Path, *, now: dt.datetime | None = None, key: bytes | None = None) -> Path | None:
    """The daily backup: made when no backup of this file was made today; returns it, or None when not due."""
    now = now or dt.datetime.now()
    if not path.is_file() or path.stat().st_size == 0:
        return None
    for info in list_backups(backups_folder(path)):
        if info.made.date() == now.date() and info.path.name.startswith(f"{path.stem}-") and info.size:
            return None
    return make_backup(path, "daily", now=now, key=key)


def restore_backup(backup: Path, target: Path, key: bytes | None = None) -> Path | None:
    """Put the backup's contents into `target` (nothing may have it open); the current file is backed up first.

    Returns the backup made of the current file (or, if it could not be read whole, the name it was moved aside to;
    None when there was no file). Nothing is overwritten without a copy. The restored file is
    checked with `integrity_check`; BackupError says why when anything fails, and the current file is then as it was
    or, if the copy itself failed midway, can be brought back from the returned backup.

    With `key` (an encrypted database) the restored file is encrypted with it, even from an older plain backup."""
    if cipher.is_encrypted(backup) and key is None:
        raise BackupError(f"The backup {backup.name} is encrypted: unlock the database with its passphrase first.")
    if not is_sound(backup, key):
        raise BackupError(f"The backup {backup.name} is damaged and cannot be restored. Choose another one.")
    before = None
    if target.exists() and target.stat().st_size:
        try:
            # Not pruned now: the rotation could remove the very backup being restored (same day).
            before = make_backup(target, "restore", key=key, prune_old=False)
        except BackupError as error:  # the current file cannot be read whole: keep it untouched under another name
            log.warning("could not back up %s before restoring (%s); moving it aside", target, error)
            before = move_aside(target)
    try:
        if key is None:
            _restore_in_place(backup, target)
        else:
            _restore_encrypted(backup, target, key)
    except cipher.errors() as error:
        raise BackupError(f"{backup.name} could not be restored into {target} ({error}).") from error
    except (OSError, StorageError) as error:
        raise BackupError(f"{backup.name} could not be restored into {target} ({error}).") from error
    if not is_sound(target, key):
        raise BackupError(f"{target} failed its check after restoring {backup.name}.")
    log.info("restored %s from %s", target, backup)
    return before


def _restore_in_place(backup: Path, target: Path) -> None:
    """A plain backup into a plain database, with the backup API (the file made 0600 if it is new)."""
    if not target.exists():
        create_file(target)
    source = _connect_ro(backup)
    try:
        destination = sqlite3.connect(f"{target.resolve().as_uri()}?mode=rwc", uri=True, timeout=10)
        try:
            source.backup(destination)
            destination.execute("PRAGMA journal_mode=WAL")
            destination.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            destination.close()
    finally:
        source.close()


def _restore_encrypted(backup: Path, target: Path, key: bytes) -> None:
    """The backup, encrypted with `key`, into a new file beside `target` that then replaces it (a plain backup is
    encrypted on the way with sqlcipher_export and checked)."""
    from couplecanvas.storage.cipher_convert import export_encrypted

    temp = target.with_name(f".{target.name}.restoring{TEMP_SUFFIX}")
    temp.unlink(missing_ok=True)
    try:
        if cipher.is_encrypted(backup):
            create_file(temp)
            _backup_api(backup, temp, key)
            fsync_file(temp)
        else:
            export_encrypted(backup, temp, key)
        for suffix in ("-wal", "-shm"):
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_folder(target.parent)


def move_aside(path: Path, *, now: dt.datetime | None = None) -> Path:
    """Rename a damaged database (and its -wal/-shm files) to `<name>.damaged-<date>`, untouched; return its path."""
    stamp = (now or dt.datetime.now()).strftime(_STAMP)
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            os.replace(extra, aside.with_name(aside.name + suffix))
    os.replace(path, aside)
    fsync_folder(path.parent)
    log.warning("moved the damaged database %s aside to %s", path, aside)
    return aside
