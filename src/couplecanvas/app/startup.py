"""Start-up checks with a clear reason: which database, its single-instance lock, and why a lock could not be taken.

One lock per database file (beside it, keyed by its resolved path), whether or not `--database` is given: two windows
on one file would overwrite each other's saved edits.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile

from couplecanvas.app.paths import DATABASE_FILE

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
