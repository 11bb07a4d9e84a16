"""Writing exported files safely: whole or not at all, and never through a trap laid in the folder.

The data goes to a new temporary file beside the target, made with O_CREAT | O_EXCL | O_NOFOLLOW under a random name
(so a planted `.NAME.partial` link is never followed), synced, then renamed over the target in one step.

A target that is a link the user made is written through: the file it points to gets the new contents and the link
stays a link (as a shell's `>` would do; the therapist may keep a link to a shared folder's file). A link made by
someone else (another account, e.g. in a shared /tmp) is refused: following it would let them choose which of the
user's files is overwritten. A folder, a FIFO or a device is never a place for a handout and is refused too.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path


class UnsafeTargetError(OSError):
    """The target is not a place to write a file to (a folder, a FIFO, a device, another account's link)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(errno.EINVAL, reason, str(path))


def writable_target(path: Path) -> Path:
    """The real file to write for `path`: itself, or what a link of the user's own points to; else UnsafeTargetError.

    Nothing is created or changed. A missing target (or a missing folder) is fine here: writing will say so.
    """
    path = Path(path)
    if not path.name or path.name in (".", ".."):
        raise UnsafeTargetError(path, "this is a folder, not a file name")
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        return path
    except OSError:
        return path  # e.g. a folder that cannot be searched: the write itself gives the clearer reason
    if stat.S_ISLNK(link.st_mode):
        if hasattr(os, "geteuid") and link.st_uid not in (os.geteuid(), 0):
            raise UnsafeTargetError(path, "this is a link made by another account; it was not followed")
        real = Path(os.path.realpath(path))
        _check_kind(real, path)
        return real
    _check_kind(path, path)
    return path


def _check_kind(real: Path, asked: Path) -> None:
    try:
        mode = os.stat(real).st_mode
    except OSError:
        return  # missing (a dangling link of the user's own, or a new file): created by the write
    if stat.S_ISDIR(mode):
        raise UnsafeTargetError(asked, "this is a folder; give a file name inside it")
    if stat.S_ISFIFO(mode):
        raise UnsafeTargetError(asked, "this is a pipe (FIFO), not a file; it was left as it is")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
        raise UnsafeTargetError(asked, "this is a device or a socket, not a file; it was left as it is")


def write_file_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` in one piece: a full disk never leaves half a file, and nothing else is touched.

    Raises OSError (UnsafeTargetError for a folder, a FIFO, a device or another account's link) and leaves no
    temporary file behind. A new file is readable by the user only (a handout holds a couple's clinical material);
    a replaced file keeps its permissions.
    """
    target = writable_target(Path(path))
    folder = target.parent
    # mkstemp opens with O_CREAT | O_EXCL (and O_NOFOLLOW where the system has it), mode 0o600, under a random name.
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".partial")
    try:
        try:
            with os.fdopen(descriptor, "wb") as handle:
                _keep_mode(target, handle.fileno())
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            os.unlink(temporary)
            raise
        _check_kind(target, Path(path))  # a FIFO or folder put there while we wrote is not replaced either
        os.replace(temporary, target)  # a rename never follows a link at the target: it replaces the entry
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(folder)


def _keep_mode(target: Path, descriptor: int) -> None:
    try:
        existing = os.stat(target)
    except OSError:
        return
    if stat.S_ISREG(existing.st_mode) and hasattr(os, "fchmod"):
        os.fchmod(descriptor, stat.S_IMODE(existing.st_mode))


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); where folders cannot be opened (Windows) the rename is enough."""
    if os.name != "posix":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
