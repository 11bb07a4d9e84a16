"""Start-up checks with a clear reason: which database, its single-instance lock, why a lock could not be taken; and
the opener that finds an encrypted database's key (held, from the keyring, or asked) before opening it.

One lock per database file (beside it, keyed by its resolved path), whether or not `--database` is given: two windows
on one file would overwrite each other's saved edits.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile

from couplecanvas.app.paths import DATABASE_FILE
from couplecanvas.storage.errors import StorageError

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("startup", text)


@dataclass(frozen=True)
class Target:
    """The database the app will open: its URL, its file (None for a server), and whether a missing file is made."""

    url: str
    path: Path | None
    create: bool


def database_target(given: str | None, folder: Path) -> Target:
    """The `--database` URL or the default file in the data folder (the only one created when missing)."""
    if not given:
        path = folder / DATABASE_FILE
        return Target(f"sqlite:///{path}", path, True)
    from sqlalchemy.engine import make_url

    parsed = make_url(given)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database).expanduser().resolve()
        return Target(given, path, False)
    return Target(given, None, True)


def lock_path(target: Target, folder: Path) -> Path:
    """Where the lock of this database lives: beside its file, or in the data folder keyed by the server's URL."""
    if target.path is not None:
        resolved = target.path.resolve()
        return resolved.with_name(resolved.name + ".lock")
    key = hashlib.sha256(target.url.encode()).hexdigest()[:16]
    return folder / f"couplecanvas-{key}.lock"


@dataclass
class LockResult:
    """The held lock, or a title and message saying why it could not be taken."""

    lock: QLockFile | None
    title: str = ""
    message: str = ""
    already_open: bool = False


def acquire_lock(path: Path, database: str) -> LockResult:
    """Take the single-instance lock at `path`; tell "already open" apart from a folder that cannot be written."""
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)  # a lock left by a crashed app is taken over (Qt checks the pid is gone)
    if lock.tryLock(100):
        return LockResult(lock)
    error = lock.error()
    if error == QLockFile.LockError.LockFailedError:
        return LockResult(
            None,
            tr("Couple Canvas is already open"),
            tr("Couple Canvas already has {0} open on this computer. Switch to that window: two windows on the same "
               "records could overwrite each other's changes.").format(database),
            already_open=True,
        )
    folder = path.parent
    reason = folder_problem(folder)
    log.error("could not take the lock %s (%s): %s", path, error, reason)
    return LockResult(None, tr("Couple Canvas cannot use its folder"), reason)


def folder_problem(folder: Path) -> str:
    """Why nothing can be written in `folder`, found by trying: missing, read-only, full disk, or the system's words."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".couplecanvas-probe-", dir=folder)
        try:
            os.write(handle, b"x" * 4096)
            os.fsync(handle)
        finally:
            os.close(handle)
            os.unlink(name)
    except OSError as error:
        return describe_folder_error(folder, error.errno, error.strerror or str(error))
    return tr("Couple Canvas could not create its lock file in the folder {0}. Check that the folder can be written, "
              "then start again.").format(folder)


def describe_folder_error(folder: Path, number: int | None, words: str) -> str:
    """A sentence naming the folder and the real reason."""
    if number == errno.ENOSPC or number == getattr(errno, "EDQUOT", -1):
        return tr("The disk holding the folder {0} is full, so Couple Canvas cannot save anything there. "
                  "Free some space and start again; nothing already saved is lost.").format(folder)
    if number in (errno.EACCES, errno.EPERM, errno.EROFS):
        return tr("Couple Canvas cannot write in the folder {0} (it is read-only: {1}). Check the folder's permissions "
                  "or choose another data folder, then start again.").format(folder, words)
    if number in (errno.ENOENT, errno.ENOTDIR):
        return tr("The folder {0} does not exist and cannot be made ({1}). Check the path, then start again.").format(
            folder, words)
    return tr("Couple Canvas cannot write in the folder {0} ({1}).").format(folder, words)


KeyAsker = Callable[[Path, int], "tuple[bytes | None, list[dt.datetime]]"]
"""Asked (database file, tries left) -> (its key, or None when not unlocked; when each wrong try was made)."""


class NotUnlocked(StorageError):
    """The passphrase was not given, or was wrong too often: nothing was opened or changed."""


class RepositoryOpener:
    """Opens the target's repository for the session controller, finding the key of an encrypted file first: the key
    it already holds, else the keyring's, else the passphrase asked from the therapist (`ask`).

    It is called again after a restore or a conversion, and keeps the key it last used (or was given by `use_key`),
    so the passphrase is asked once per start. The sqlalchemy-heavy modules are imported only when it opens (after the
    window's first paint)."""

    TRIES = 5

    def __init__(self, target: Target, choose, ask: KeyAsker) -> None:
        self.target = target
        self._choose = choose
        self._ask = ask
        self.key: bytes | None = None
        """The key the database was last opened with (None: a plain file)."""
        self.tries_left = self.TRIES
        self._failures: list[dt.datetime] = []  # wrong tries not yet in the activity log (it is inside the database)

    def use_key(self, key: bytes) -> None:
        """Open with this key from now on (a passphrase was just set: the file has a new key)."""
        self.key = key

    def find_key(self) -> bytes | None:
        """The key that opens the target (None for a plain file or a server); NotUnlocked if none was given."""
        from couplecanvas.storage import cipher, keychain

        path = self.target.path
        if path is None or not cipher.has_passphrase(path):
            self.key = None
            return None
        if self.key is not None and _key_opens(path, self.key):
            return self.key
        recalled = keychain.recall(path)
        if recalled is not None:
            if _key_opens(path, recalled):
                log.info("%s unlocked with the key from the keyring", path.name)
                return recalled
            log.warning("the keyring's key does not open %s; it is forgotten and the passphrase asked", path.name)
            keychain.forget(path)
        if self.tries_left <= 0:
            raise NotUnlocked(tr("The passphrase was not right {0} times, so {1} was not opened; nothing was changed. "
                                 "Start Couple Canvas again to try once more.").format(self.TRIES, path.name))
        key, failures = self._ask(path, self.tries_left)
        self.tries_left -= len(failures)
        self._failures += failures
        if key is None:
            log.warning("%s was not unlocked (%d wrong tries)", path.name, len(self._failures))
            raise NotUnlocked(tr("{0} is protected by a passphrase and was not unlocked, so nothing was opened or "
                                 "changed.").format(path.name))
        return key

    def __call__(self):
        """The open repository (raises StorageError, NotUnlocked included, when it cannot be opened)."""
        from couplecanvas.app.recovery import daily_backup, open_safely
        from couplecanvas.domain.activity import Action
        from couplecanvas.storage.repository import Repository

        key = self.find_key()
        database = open_safely(self.target, self._choose, key=key)
        self.key = database.key
        daily_backup(database.path, database.key)
        repository = Repository(database)
        # The wrong tries before this open, with their times, now that there is a log to keep them (the open itself is
        # recorded by the window's ActivityRecorder when the controller says the repository is open).
        name = database.path.name if database.path is not None else None
        for at in self._failures:
            repository.record_activity(Action.UNLOCK_FAILED, file_name=name, at=at)
        self._failures = []
        return repository


def _key_opens(path: Path, key: bytes) -> bool:
    """The key is this file's: checked against the key file (no database work), or by opening it when there is none."""
    from couplecanvas.storage import cipher

    matches = cipher.key_matches_file(path, key)
    if matches is not None:
        return matches
    try:
        cipher.connect(path, key, read_only=True).close()
    except cipher.WrongPassphraseError:
        return False
    except cipher.errors():
        return True  # the key is not refused; the file has another problem, which opening it will say
    return True
