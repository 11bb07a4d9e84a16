"""A line of the activity log written with the standard library's sqlite3 (or sqlcipher3) only, for the headless
export, which reads the file without SQLAlchemy (storage/export_reader.py) and must not pay for importing it just to
note what it wrote. The app and the other commands use `Repository.record_activity`; both write the same row."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from couplecanvas.domain.activity import Action, base_name
from couplecanvas.storage import cipher

log = logging.getLogger(__name__)


def stored_time(at: dt.datetime | None = None) -> str:
    """An aware time (default now) as the activity table keeps it: naive UTC, in SQLAlchemy's SQLite format."""
    when = dt.datetime.now(dt.UTC) if at is None else at
    if when.tzinfo is None:
        raise ValueError("an activity entry's time must be aware")
    return when.astimezone(dt.UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def record_in_file(path: Path, key: bytes | None, action: str, couple_id: int | None = None,
                   file_name: str | None = None) -> None:
    """Add a line to the activity log of the database file at `path` (opened with `key` when it is encrypted).
    Never raises: a failure is logged by the action's name only."""
    try:
        values = (stored_time(), Action(action).value, couple_id, base_name(file_name))
        connection = cipher.connect(Path(path), key)
        try:
            with connection:  # one transaction, committed on leaving
                connection.execute("INSERT INTO activity (at, action, couple_id, file_name) VALUES (?, ?, ?, ?)",
                                   values)
        finally:
            connection.close()
    except Exception as error:  # noqa: BLE001 - the trail must never stop the work it records
        log.error("could not record %s in the activity log (%s)", str(action)[:40], type(error).__name__)
