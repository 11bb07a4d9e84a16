"""Progress checks and the practice's spelling in a real SQLite file: stored per session and partner, missing answers
kept missing (never 0), read back alike by the Repository and the export reader, and kept through the real
0005 -> 0006 upgrade."""

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

from couplecanvas.domain import Couple, Partner, PartnerRole, Session
from couplecanvas.domain.practice import Practice
from couplecanvas.domain.progress import Caught, FoundAgain, ProgressCheck, progress_series
from couplecanvas.storage.database import open_database, sqlite_url
from couplecanvas.storage.export_reader import read_session_for_export
from couplecanvas.storage.migrations_meta import HEAD
from couplecanvas.storage.repository import Repository

A, B = PartnerRole.A, PartnerRole.B


@pytest.fixture
def repository(tmp_path):
    repository = Repository(open_database(sqlite_url(tmp_path / "couplecanvas.db")))
    yield repository
    repository.close()


def _couple_with_sessions(repository: Repository, count: int = 3) -> tuple[int, list[int]]:
    couple = repository.add_couple(Couple(Partner("Ana"), Partner("Ben")))
    ids = []
    for week in range(count):
        session = repository.add_session(Session(couple.id, dt.date(2026, 1, 5) + dt.timedelta(weeks=week)))
        ids.append(session.id)
    return couple.id, ids


def _sqlite(path: Path):
    return contextlib.closing(sqlite3.connect(path))


def test_each_partners_check_is_stored_for_its_session_and_read_back(repository, tmp_path):
    couple_id, (first, second, third) = _couple_with_sessions(repository)
    repository.save_progress_check(ProgressCheck(first, A, 4, Caught.MOST_DAYS, FoundAgain.DAY_OR_MORE))
    repository.save_progress_check(ProgressCheck(first, B, 0, Caught.A_FEW_TIMES, FoundAgain.NOT_YET))
    repository.save_progress_check(ProgressCheck(third, A, 8))

    assert repository.progress_checks(first) == {
        A: ProgressCheck(first, A, 4, Caught.MOST_DAYS, FoundAgain.DAY_OR_MORE),
        B: ProgressCheck(first, B, 0, Caught.A_FEW_TIMES, FoundAgain.NOT_YET),
    }
    assert repository.progress_checks(second) == {}
    assert repository.progress_checks(third) == {A: ProgressCheck(third, A, 8, None, None)}

    with _sqlite(tmp_path / "couplecanvas.db") as connection:
        rows = connection.execute(
            "SELECT session_id, role, connection, caught, found_again FROM progress_checks ORDER BY session_id, role"
        ).fetchall()
    # A 0 is a real answer; a missing one is NULL, never 0.
    assert rows == [
        (first, "a", 4, "most-days", "day-or-more"),
        (first, "b", 0, "a-few-times", "not-yet"),
        (third, "a", 8, None, None),
    ]

    history = repository.progress_history(couple_id)
    assert [p.session.id for p in history] == [first, second, third]
    series = progress_series(history)
    assert series.connection == {A: (4, None, 8), B: (0, None, None)}
    assert series.caught == {A: (3, None, None), B: (2, None, None)}
    assert series.found_again == {A: (2, None, None), B: (3, None, None)}


def test_a_second_save_replaces_the_partners_answers_and_can_take_one_back(repository):
    _couple_id, (first, *_rest) = _couple_with_sessions(repository, 1)
    repository.save_progress_check(ProgressCheck(first, A, 5, Caught.ONCE))
    repository.save_progress_check(ProgressCheck(first, A, 7, Caught.ONCE, FoundAgain.MINUTES))
    repository.save_progress_check(ProgressCheck(first, A, None, Caught.ONCE, FoundAgain.MINUTES))
    assert repository.progress_checks(first) == {A: ProgressCheck(first, A, None, Caught.ONCE, FoundAgain.MINUTES)}


def test_an_answer_out_of_range_is_refused_and_nothing_is_written(repository):
    _couple_id, (first, *_rest) = _couple_with_sessions(repository, 1)
    for wrong in (11, -1):
        with pytest.raises(ValueError, match="0 to 10"):
            repository.save_progress_check(ProgressCheck(first, A, wrong))
    assert repository.progress_checks(first) == {}


def test_the_practices_spelling_is_stored_and_checked(repository):
    repository.save_practice(Practice("Harbour", spelling="US"))
    assert repository.get_practice().spelling == "US"
    assert Practice(spelling="US").check().spelling == "US"
    with pytest.raises(ValueError, match="UK, US"):
        Practice(spelling="CA").check()
    assert Practice().spelling == "UK"


def test_the_export_reader_reads_the_same_progress_and_spelling(repository, tmp_path):
    couple_id, (first, second) = _couple_with_sessions(repository, 2)
    other, (elsewhere,) = _couple_with_sessions(repository, 1)
    repository.save_progress_check(ProgressCheck(first, B, 3, None, FoundAgain.HOURS))
    repository.save_progress_check(ProgressCheck(second, A, 9, Caught.NOT_AT_ALL))
    repository.save_progress_check(ProgressCheck(elsewhere, A, 1))  # another couple: never in this one's handout
    repository.save_practice(Practice("Harbour", spelling="US"))

    found = read_session_for_export(tmp_path / "couplecanvas.db", second)
    assert found is not None
    assert found.progress == repository.progress_history(couple_id)
    assert found.practice == repository.get_practice()
    assert found.practice.spelling == "US"
    assert all(p.session.couple_id == couple_id for p in found.progress)


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("couplecanvas.storage").joinpath("migrations")))
    return config


def _alembic(path: Path, action, revision: str) -> None:
    engine = create_engine(sqlite_url(path))
    try:
        config = _alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            action(config, revision)
    finally:
        engine.dispose()


def _dump(path: Path) -> dict[str, list[tuple]]:
    with _sqlite(path) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr) for table in tables}


def test_a_0005_database_upgrades_to_0006_keeping_everything(tmp_path):
    """The real upgrade: the 0005 schema built by Alembic and filled, then opened by the app."""
    path = tmp_path / "couplecanvas.db"
    _alembic(path, command.upgrade, "0005")
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
            "INSERT INTO practice (id, name, contact, logo, page_size, large_print, support_line) "
            "VALUES (1, 'Harbour', '0123', NULL, 'Letter', 1, 'Call 0800')"
        )
        connection.execute("INSERT INTO screenings (couple_id, outcome, note, overridden_for) "
                           "VALUES (1, 'no-concerns', 'apart', '')")
        connection.commit()
    before = _dump(path)
    assert "progress_checks" not in before

    database = open_database(sqlite_url(path))
    try:
        repository = Repository(database)
        practice = repository.get_practice()
        checks = repository.progress_checks(1)
        repository.save_progress_check(ProgressCheck(1, A, 6))
        history = repository.progress_history(1)
    finally:
        database.dispose()

    assert practice == Practice("Harbour", "0123", b"", "Letter", True, "Call 0800", "UK")
    assert checks == {}
    assert [p.checks for p in history] == [{A: ProgressCheck(1, A, 6)}]
    after = _dump(path)
    for table, rows in before.items():
        if table == "practice":
            assert [row + ("UK",) for row in rows] == after[table]  # the new column: UK, as before
        elif table != "alembic_version":
            assert after[table] == rows, table
    assert after["alembic_version"] == [(HEAD,)]
    assert [row[:5] for row in after["progress_checks"]] == [(1, "a", 6, None, None)]
    assert list(tmp_path.glob("backups/couplecanvas-*-migration.db"))


def test_0006_downgrades_to_0005_keeping_the_practice_and_sessions(tmp_path):
    path = tmp_path / "couplecanvas.db"
    repository = Repository(open_database(sqlite_url(path)))
    try:
        _couple_id, (first, *_rest) = _couple_with_sessions(repository, 1)
        repository.save_practice(Practice("Harbour", support_line="0800", spelling="US"))
        repository.save_progress_check(ProgressCheck(first, B, 2))
    finally:
        repository.close()

    _alembic(path, command.downgrade, "0005")

    with _sqlite(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "progress_checks" not in tables
        assert connection.execute("SELECT name, support_line FROM practice").fetchall() == [("Harbour", "0800")]
        assert connection.execute("SELECT id FROM sessions").fetchall() == [(first,)]
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [("0005",)]
