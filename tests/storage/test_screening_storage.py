"""Screening records and the practice's support line in a real SQLite file: stored, read back, kept through the real
0004 -> 0005 upgrade, and never read by the handout's export reader."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from importlib import resources
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from couplecanvas.domain import Couple, Partner, Session
from couplecanvas.domain.practice import Practice
from couplecanvas.domain.safety import Outcome, Screening
from couplecanvas.storage.database import open_database, sqlite_url
from couplecanvas.storage.errors import DatabaseReadError, DatabaseWriteError
from couplecanvas.storage.export_reader import read_session_for_export
from couplecanvas.storage.migrations_meta import HEAD
from couplecanvas.storage.repository import Repository
from couplecanvas.storage.tables import Base

NOTE_CANARY = "fennel-canary screened apart"


@pytest.fixture
def repository(tmp_path):
    repository = Repository(open_database(sqlite_url(tmp_path / "couplecanvas.db")))
    yield repository
    repository.close()


def _couple(repository: Repository) -> int:
    couple = repository.add_couple(Couple(Partner("Ana"), Partner("Ben")))
    assert couple.id is not None
    return couple.id


def test_a_couple_with_no_record_reads_as_not_done(repository):
    couple_id = _couple(repository)

    assert repository.get_screening(couple_id) == Screening(couple_id)
    assert not repository.get_screening(couple_id).on_record


def test_a_screening_and_an_override_are_stored_and_read_back(repository):
    couple_id = _couple(repository)
    other_id = _couple(repository)
    screening = Screening(couple_id, Outcome.CONCERNS, dt.date(2026, 11, 20), NOTE_CANARY)
    repository.save_screening(screening)
    assert repository.get_screening(couple_id) == screening
    assert repository.get_screening(other_id) == Screening(other_id)  # one couple's record is its own

    overridden = screening.with_override(["revisiting-a-rocky-moment"], dt.date(2026, 12, 4))
    repository.save_screening(overridden)

    found = repository.get_screening(couple_id)
    assert found.overridden_on == dt.date(2026, 12, 4)
    assert found.overridden_for == "revisiting-a-rocky-moment"
    assert (found.outcome, found.screened_on, found.note) == (Outcome.CONCERNS, dt.date(2026, 11, 20), NOTE_CANARY)


def test_the_support_line_is_stored_with_the_practice_and_read_alike_by_the_export_reader(repository):
    couple_id = _couple(repository)
    session = repository.add_session(Session(couple_id, dt.date(2026, 12, 1)))
    practice = Practice("Harbour", "0123", page_size="Letter", support_line="Support line, any hour: 0800 123 456")
    repository.save_practice(practice)
    repository.save_screening(Screening(couple_id, Outcome.CONCERNS, dt.date(2026, 11, 20), NOTE_CANARY))

    assert repository.get_practice() == practice
    found = read_session_for_export(repository.database.path, session.id)
    assert found is not None
    assert found.practice == practice
    assert NOTE_CANARY not in repr(found)  # the handout's reader never reads the screening record


def test_a_screening_that_cannot_be_read_or_written_raises_a_storage_error(repository):
    couple_id = _couple(repository)
    with repository.database.engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE screenings RENAME TO screenings_moved")

    with pytest.raises(DatabaseReadError, match="Could not read the screening record"):
        repository.get_screening(couple_id)
    with pytest.raises(DatabaseWriteError):
        repository.save_screening(Screening(couple_id, Outcome.NO_CONCERNS, dt.date(2026, 11, 1)))


def _sqlite(path: Path):
    return contextlib.closing(sqlite3.connect(path))


def _alembic_config() -> Config:
    """Migrations from the installed package, no ini file (as the app runs them)."""
    config = Config()
    config.set_main_option("script_location", str(resources.files("couplecanvas.storage").joinpath("migrations")))
    return config


def _database_at(path: Path, revision: str) -> None:
    """An empty database built by Alembic up to an older `revision`, as an earlier version of the app left it."""
    engine = create_engine(sqlite_url(path))
    try:
        config = _alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def _dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of our tables, in a stable order."""
    with _sqlite(path) as connection:
        return {
            table: sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in sorted(set(Base.metadata.tables) | {"alembic_version"})
        }


def test_a_0004_database_upgrades_to_0005_keeping_everything(tmp_path):
    """The real upgrade: the 0004 schema built by Alembic and filled, then opened by the app."""
    path = tmp_path / "couplecanvas.db"
    _database_at(path, "0004")
    with _sqlite(path) as connection:
        connection.execute("INSERT INTO couples (id, is_sample, use_aliases, archived) VALUES (1, 0, 0, 0)")
        connection.execute(
            "INSERT INTO partners (couple_id, role, first_name, alias, colour, position) "
            "VALUES (1, 'a', 'Ana', '', '#111111', '')"
        )
        connection.execute("INSERT INTO sessions (id, couple_id, date, title) VALUES (1, 1, '2026-01-02', 'first')")
        connection.execute(
            "INSERT INTO assignments (id, session_id, exercise_key, who, note, position, frequency, review, "
            "review_note) VALUES (1, 1, 'daily-check-in', 'both', 'gently', 1, '', 'done', 'went well')"
        )
        connection.execute(
            "INSERT INTO practice (id, name, contact, logo, page_size, large_print) "
            "VALUES (1, 'Harbour', '0123', NULL, 'Letter', 1)"
        )
        connection.commit()
    before = _dump_0004(path)

    database = open_database(sqlite_url(path))
    try:
        repository = Repository(database)
        practice = repository.get_practice()
        screening = repository.get_screening(1)
        (assignment,) = repository.list_assignments(1)
    finally:
        database.dispose()

    assert practice == Practice("Harbour", "0123", b"", "Letter", True, "")
    assert screening == Screening(1)
    assert (assignment.note, assignment.review.value, assignment.review_note) == ("gently", "done", "went well")
    after = _dump(path)
    for table, rows in before.items():
        if table == "practice":
            assert [row + ("", "UK") for row in rows] == after[table]  # the new columns: no support line, UK (0006)
        elif table != "alembic_version":
            assert after[table] == rows, table
    assert after["alembic_version"] == [(HEAD,)]
    assert after["screenings"] == []
    assert list(tmp_path.glob("backups/couplecanvas-*-migration.db"))


def _dump_0004(path: Path) -> dict[str, list[tuple]]:
    with _sqlite(path) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr) for table in tables}


def test_0005_downgrades_to_0004_keeping_the_practice(tmp_path):
    path = tmp_path / "couplecanvas.db"
    repository = Repository(open_database(sqlite_url(path)))
    try:
        couple_id = _couple(repository)
        repository.save_practice(Practice("Harbour", support_line="Support line 0800"))
        repository.save_screening(Screening(couple_id, Outcome.NO_CONCERNS, dt.date(2026, 11, 1)))
    finally:
        repository.close()

    engine = create_engine(sqlite_url(path))
    try:
        config = _alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0004")
    finally:
        engine.dispose()

    with _sqlite(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "screenings" not in tables
        assert connection.execute("SELECT name FROM practice").fetchall() == [("Harbour",)]
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [("0004",)]
