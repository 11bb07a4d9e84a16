"""Where Couple Canvas keeps its data: the user's data folder, or COUPLECANVAS_DATA_DIR when set."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "COUPLECANVAS_DATA_DIR"
DATABASE_FILE = "couplecanvas.db"


def data_dir() -> Path:
    """The folder holding the database, settings and logs (not created here)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("CoupleCanvas", appauthor=False))


def default_database_url() -> str:
    """The SQLAlchemy URL of the default database file."""
    return f"sqlite:///{data_dir() / DATABASE_FILE}"
