"""Where Couple Canvas keeps its data: the user's data folder, or COUPLECANVAS_DATA_DIR when set."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)

DATA_DIR_ENV = "COUPLECANVAS_DATA_DIR"
DATABASE_FILE = "couplecanvas.db"
TEMPLATES_FOLDER = "templates"


def data_dir() -> Path:
    """The folder holding the database, settings and logs (not created here)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("CoupleCanvas", appauthor=False))


def templates_dir(folder: Path | None = None) -> Path:
    """The therapist's own board templates (TOML files), kept in the data folder so an upgrade never touches them."""
    return (folder if folder is not None else data_dir()) / TEMPLATES_FOLDER


def default_database_url() -> str:
    """The SQLAlchemy URL of the default database file."""
    return f"sqlite:///{data_dir() / DATABASE_FILE}"


PRIVATE_UMASK = 0o077
"""The process's umask from the start: whatever the therapist's shell says, every file the app writes (database, WAL,
backups, key file, log, settings, exports) is readable by its owner only, and every folder it makes is 0700."""


def make_private(folder: Path) -> list[str]:
    """Create the data folder if needed, and keep it private: the folder (and its subfolders) 0700, every file 0600.

    Files an older version wrote under a loose umask (0644) are tightened here at every start. A symlink is never
    followed (it could point anywhere). Returns the names that could not be changed (logged; never in the way)."""
    from couplecanvas.storage.private_files import FILE_MODE, FOLDER_MODE, make_folder

    make_folder(folder)
    failed: list[str] = []
    _tighten(folder, FOLDER_MODE, failed)
    for root, folders, files in os.walk(folder):
        base = Path(root)
        for name in folders:
            _tighten(base / name, FOLDER_MODE, failed)
        for name in files:
            _tighten(base / name, FILE_MODE, failed)
    if failed:
        log.warning("could not make private: %s", ", ".join(failed))
    return failed


def _tighten(path: Path, mode: int, failed: list[str]) -> None:
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode) or stat.S_IMODE(info.st_mode) & ~mode == 0:
            return
        os.chmod(path, stat.S_IMODE(info.st_mode) & mode, follow_symlinks=False)
    except NotImplementedError:  # a system without lchmod: the path is not a symlink (checked above)
        try:
            os.chmod(path, stat.S_IMODE(path.lstat().st_mode) & mode)
        except OSError:
            failed.append(path.name)
    except OSError:
        failed.append(path.name)
