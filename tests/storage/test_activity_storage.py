"""The activity log in the database: lines go in and come back newest first; nothing can change or delete them, not
even raw SQL on the file; deleting a couple removes every row of theirs and leaves the deletion on record."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
from pathlib import Path

import pytest

from couplecanvas.domain.activity import Action, ActivityEntry
from couplecanvas.domain.couple import Couple, Partner
from couplecanvas.storage.database import migrate, open_database, sqlite_url
from couplecanvas.storage.errors import DatabaseWriteError, NotFound
from couplecanvas.storage.repository import Repository

TRIGGERS = {"activity_no_update", "activity_no_delete"}


@pytest.fixture
def opened(tmp_path):
    path = tmp_path / "couplecanvas.db"
    repository = Repository(open_database(sqlite_url(path)))
    yield path, repository
    repository.close()


def _sqlite(path: Path):
    return contextlib.closing(sqlite3.connect(path))


def _all_bytes(path: Path) -> bytes:
    """The database file and its -wal and -shm files, if any."""
    return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")))


def _schema_names(path: Path, kind: str) -> set[str]:
    with _sqlite(path) as connection:
        return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,))}


def test_lines_come_back_newest_first_with_base_names_and_utc_times(opened):
    _, repository = opened
    before = dt.datetime.now(dt.UTC)
    repository.record_activity(Action.OPEN, file_name="/home/therapist/data/couplecanvas.db")
    repository.record_activity(Action.EXPORT_HANDOUT, 7, r"C:\Users\Therapist\Documents\handout-2026-12-03.pdf")
    repository.record_activity("export-image", 7, "board-2026-12-03.png")
    earlier = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    repository.record_activity(Action.UNLOCK_FAILED, at=earlier)

    entries = repository.list_activity()

    assert [(e.action, e.couple_id, e.file_name) for e in entries] == [
        (Action.EXPORT_IMAGE, 7, "board-2026-12-03.png"),
        (Action.EXPORT_HANDOUT, 7, "handout-2026-12-03.pdf"),
        (Action.OPEN, None, "couplecanvas.db"),
        (Action.UNLOCK_FAILED, None, None),
    ]
    assert all(isinstance(e, ActivityEntry) and e.at.tzinfo == dt.UTC for e in entries)
    assert before - dt.timedelta(seconds=1) <= entries[-2].at <= dt.datetime.now(dt.UTC)
    assert entries[-1].at == dt.datetime(2026, 12, 1, 7, 30, tzinfo=dt.UTC)
    assert [e.action for e in repository.list_activity(limit=2)] == [Action.EXPORT_IMAGE, Action.EXPORT_HANDOUT]


def test_the_file_holds_no_folder_of_a_recorded_path(opened):
    path, repository = opened
    repository.record_activity(Action.EXPORT_COUPLE, 3, "/home/therapist/Clients/Okafor-private/maya-and-jordan.couple")
    repository.close()

    with _sqlite(path) as connection:
        rows = connection.execute("SELECT action, couple_id, file_name FROM activity").fetchall()
    assert rows == [("export-couple", 3, "maya-and-jordan.couple")]
    assert b"Okafor-private" not in _all_bytes(path)


@pytest.mark.parametrize("statement", [
    "UPDATE activity SET file_name = 'nothing.pdf'",
    "UPDATE activity SET action = 'open' WHERE action = 'export-handout'",
    "DELETE FROM activity",
    "DELETE FROM activity WHERE couple_id = 4",
])
def test_raw_sql_on_the_file_cannot_change_or_delete_a_line(opened, statement):
    path, repository = opened
    repository.record_activity(Action.EXPORT_HANDOUT, 4, "handout.pdf")
    repository.record_activity(Action.PRINT, 4)
    repository.close()

    with _sqlite(path) as connection:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            connection.execute(statement)
        connection.rollback()
        assert connection.execute("SELECT action, couple_id, file_name FROM activity ORDER BY id").fetchall() == [
            ("export-handout", 4, "handout.pdf"), ("print", 4, None)]


def test_the_apps_own_engine_is_refused_too(opened):
    _, repository = opened
    repository.record_activity(Action.OPEN)
    with pytest.raises(Exception, match="append-only"), repository.database.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM activity")
    assert [e.action for e in repository.list_activity()] == [Action.OPEN]


def test_a_line_that_cannot_be_written_is_logged_by_its_action_only_and_raises_nothing(opened, caplog):
    path, repository = opened
    repository.close()
    with _sqlite(path) as connection:  # a damaged trail: the table is gone
        connection.execute("DROP TABLE activity")
        connection.commit()
    repository = Repository(open_database(sqlite_url(path)))
    try:
        with caplog.at_level(logging.DEBUG):
            repository.record_activity(Action.EXPORT_COUPLE, 5, "/home/t/maya-and-jordan.couple")
            repository.record_activity("made-up-action", 5, "secret-name.pdf")
    finally:
        repository.close()

    logged = caplog.text
    assert "export-couple" in logged and "activity log" in logged
    assert "maya" not in logged and "secret-name" not in logged and "/home/t" not in logged


# -- deleting a couple ------------------------------------------------------------------------------------------------


def _rows_naming(path: Path, couple_id: int, session_ids: set[int]) -> dict[str, int]:
    """How many rows of each table belong to the couple: by a couple_id column, a session_id column, or the couples
    table's own id. Every table in the file is scanned, whatever its name."""
    found: dict[str, int] = {}
    with _sqlite(path) as connection:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            columns = {r[1] for r in connection.execute(f'PRAGMA table_info("{table}")')}
            count = 0
            if "couple_id" in columns:
                count += connection.execute(
                    f'SELECT count(*) FROM "{table}" WHERE couple_id = ?', (couple_id,)
                ).fetchone()[0]
            if "session_id" in columns and session_ids:
                marks = ",".join("?" * len(session_ids))
                count += connection.execute(f'SELECT count(*) FROM "{table}" WHERE session_id IN ({marks})',
                                            tuple(session_ids)).fetchone()[0]
            if table in ("couples", "sessions"):
                column, wanted = ("id", couple_id) if table == "couples" else ("couple_id", couple_id)
                count += connection.execute(f'SELECT count(*) FROM "{table}" WHERE {column} = ?', (wanted,)).fetchone()[
                    0
                ]
            found[table] = count
    return found


def test_deleting_a_couple_leaves_no_row_of_theirs_but_keeps_the_trail(opened, couple_kit):
    path, repository = opened
    couple = couple_kit.store_full_couple(repository)
    other = repository.add_couple(Couple(Partner("Rosa"), Partner("Tomás")))
    session_ids = {s.id for s in repository.list_sessions(couple.id)}
    repository.record_activity(Action.EXPORT_HANDOUT, couple.id, "handout-2026-12-03.pdf")
    before = _rows_naming(path, couple.id, session_ids)
    for table in ("couples", "partners", "sessions", "cards", "connectors", "strokes", "assignments",
                  "private_notes", "progress_checks", "screenings", "activity"):
        assert before[table] > 0, table  # the scan finds what it looks for

    repository.delete_couple(couple.id)

    after = _rows_naming(path, couple.id, session_ids)
    assert {table: n for table, n in after.items() if n} == {"activity": 2}
    trail = repository.list_activity()
    assert [(e.action, e.couple_id) for e in trail] == [(Action.DELETE_COUPLE, couple.id),
                                                        (Action.EXPORT_HANDOUT, couple.id)]
    assert [c.id for c in repository.list_couples(include_archived=True)] == [other.id]
    assert repository.get_couple(other.id).partner_a.first_name == "Rosa"
    assert repository.list_own_exercises()  # the therapist's own exercises are the practice's, not the couple's
    data = _all_bytes(path)  # while the database is open: the write-ahead log is there too
    assert couple_kit.NOTE.encode() not in data and couple_kit.SCREENING_NOTE.encode() not in data


def test_deleting_a_couple_that_is_not_there_changes_nothing(opened):
    _, repository = opened
    with pytest.raises(NotFound):
        repository.delete_couple(404)
    assert repository.list_activity() == []


def test_a_deletion_that_cannot_be_recorded_does_not_happen(opened):
    """The deletion and its line are one transaction: without the line, the couple stays."""
    path, repository = opened
    couple = repository.add_couple(Couple(Partner("Ana"), Partner("Ben")))
    repository.close()
    with _sqlite(path) as connection:
        connection.execute("DROP TABLE activity")
        connection.commit()
    repository = Repository(open_database(sqlite_url(path)))
    try:
        with pytest.raises(DatabaseWriteError):
            repository.delete_couple(couple.id)
        assert repository.get_couple(couple.id).partner_b.first_name == "Ben"
    finally:
        repository.close()


# -- the migration ----------------------------------------------------------------------------------------------------


def test_migration_0007_adds_the_table_and_its_triggers_and_takes_them_away_again(opened):
    path, repository = opened
    repository.record_activity(Action.OPEN)
    repository.close()
    assert "activity" in _schema_names(path, "table") and _schema_names(path, "trigger") == TRIGGERS

    migrate(sqlite_url(path), "0006")
    assert "activity" not in _schema_names(path, "table") and _schema_names(path, "trigger") == set()

    migrate(sqlite_url(path), "head")
    assert "activity" in _schema_names(path, "table") and _schema_names(path, "trigger") == TRIGGERS
    with _sqlite(path) as connection:
        connection.execute("INSERT INTO activity (at, action) VALUES ('2026-12-03 10:00:00', 'open')")
        connection.commit()
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            connection.execute("DELETE FROM activity")
