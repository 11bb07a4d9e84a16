"""Where Couple Canvas keeps its data: the user's data folder, or COUPLECANVAS_DATA_DIR when set."""

from __future__ import annotations

import os
from pathlib import Path

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
