"""Files only the therapist's account can read: folders 0700 and files 0600 whatever the umask, written atomically.

Standard library only, like sqlite_file.py and backups.py. On Windows the modes mean little (the user's profile folder
is private already); the calls are harmless there.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def make_folder(folder: Path) -> None:
    """Create `folder` (and its parents) if missing; a folder made here is 0700. An existing folder is left alone."""
    missing = []
    current = Path(folder)
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    for made in missing:
        with contextlib.suppress(OSError):  # made by another process meanwhile, or a file system without modes
            os.chmod(made, FOLDER_MODE)


def create_file(path: Path, *, exist_ok: bool = False) -> None:
    """Create an empty file with mode 0600 (not left to the umask), so SQLite and its -wal/-shm inherit that mode."""
    flags = os.O_WRONLY | os.O_CREAT | (0 if exist_ok else os.O_EXCL) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, FILE_MODE)
    try:
        if hasattr(os, "fchmod"):  # an existing file (exist_ok) is made private too
            with contextlib.suppress(OSError):
                os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    """Flush a file's contents to the disk."""
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles to sync, and needs none."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` 0600: a temporary file beside it, fsync, rename over, fsync the folder.

    A kill at any point leaves either the old file or the new one whole, never half of one."""
    temp = path.with_name(f".{path.name}.tmp")
    temp.unlink(missing_ok=True)
    try:
        create_file(temp)
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)
