"""Migrations follow SQLite's procedure for changing tables: foreign keys off outside the transaction, one
transaction, foreign_key_check before commit. A vanished file is an error; an invalid UTF-8 byte never stops a read."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
from pathlib import Path

import pytest

from couplecanvas.domain.board import Board, Card
from couplecanvas.domain.couple import Couple, Partner
from couplecanvas.domain.homework import Assignment
from couplecanvas.domain.session import PrivateNote, Session
from couplecanvas.storage.database import migrate, open_database, sqlite_url
from couplecanvas.storage.errors import DatabaseOpenError, MigrationError, StorageError
from couplecanvas.storage.repository import Repository


def _rows(path: Path) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("couples", "sessions", "cards", "connectors", "private_notes", "assignments")}


def _filled(path: Path) -> None:
    repository = Repository(open_database(sqlite_url(path)))
    try:
        couple = repository.add_couple(Couple(Partner("Ana"), Partner("Ben")))
        session = repository.add_session(Session(couple.id, dt.date(2026, 12, 1)))
        board = Board(session_id=session.id)
        for n in range(3):
            board.add_card(Card(text=f"card {n}", x=n * 100, y=0))
        repository.replace_board(session.id, board)
        repository.save_private_note(PrivateNote(session.id, "a note"))
        repository.add_assignment(Assignment(session.id, "time-out"))
    finally:
        repository.close()


def test_a_downgrade_that_rebuilds_tables_keeps_cards_notes_and_assignments(tmp_path):
    """Reproduced: with foreign keys on, rebuilding `sessions` in 0004 -> 0003 cascaded and emptied the children."""
    path = tmp_path / "couplecanvas.db"
    _filled(path)
    before = _rows(path)
    assert before["cards"] == 3 and before["private_notes"] == 1 and before["assignments"] == 1

    migrate(sqlite_url(path), "0003")
    assert _rows(path) == before
    migrate(sqlite_url(path), "head")
    assert _rows(path) == before
    with contextlib.closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_migration_that_would_leave_dangling_rows_is_rolled_back(tmp_path):
    path = tmp_path / "couplecanvas.db"
    _filled(path)
    migrate(sqlite_url(path), "0005")
    with contextlib.closing(sqlite3.connect(path)) as connection:  # a card whose session is gone (foreign keys off)
        connection.execute("INSERT INTO cards (id, session_id, text, x, y, width, height, colour, z, kind, role, hint, "
                           "group_id) VALUES ('lost', 99, 'x', 0, 0, 1, 1, '#fff', 1, 'card', '', '', NULL)")
        connection.commit()
    with pytest.raises(MigrationError, match="cards"):
        migrate(sqlite_url(path), "head")
    with contextlib.closing(sqlite3.connect(path)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0005",)
    with pytest.raises(DatabaseOpenError, match="left as it was"):
        open_database(sqlite_url(path))


def test_the_app_connections_have_foreign_keys_on_after_a_migration(tmp_path):
    path = tmp_path / "couplecanvas.db"
    _filled(path)
    migrate(sqlite_url(path), "0004")
    database = open_database(sqlite_url(path))
    try:
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        database.dispose()


def test_a_missing_file_is_an_error_naming_it_unless_creating_is_asked(tmp_path):
    path = tmp_path / "moved-away.db"
    with pytest.raises(DatabaseOpenError) as caught:
        open_database(sqlite_url(path), create=False)
    assert str(path) in str(caught.value) and "does not exist" in str(caught.value)
    assert not path.exists()


def test_a_file_that_vanishes_while_open_is_not_replaced_by_an_empty_one(tmp_path):
    path = tmp_path / "couplecanvas.db"
    _filled(path)
    repository = Repository(open_database(sqlite_url(path)))
    try:
        repository.database.engine.dispose()  # no connection kept: the next read must open the file again
        path.rename(tmp_path / "elsewhere.db")
        for name in ("couplecanvas.db-wal", "couplecanvas.db-shm"):
            (tmp_path / name).unlink(missing_ok=True)
        with pytest.raises(StorageError):
            repository.list_couples()
        assert not path.exists()
    finally:
        repository.close()


def test_an_invalid_utf8_byte_in_a_card_never_stops_the_session_opening(tmp_path, caplog):
    path = tmp_path / "couplecanvas.db"
    _filled(path)
    with contextlib.closing(sqlite3.connect(path)) as connection:
        card_id = connection.execute("SELECT id FROM cards ORDER BY x LIMIT 1").fetchone()[0]
        connection.execute("UPDATE cards SET text = CAST(X'7365637265742077C3B672647320FF2068657265' AS TEXT) "
                           "WHERE id = ?", (card_id,))  # 'secret wörds \xff here': one invalid byte
        connection.commit()
        assert connection.execute("PRAGMA quick_check").fetchone() == ("ok",)

    caplog.set_level(logging.WARNING)
    database = open_database(sqlite_url(path))
    try:
        board = Repository(database).load_board(1)
    finally:
        database.dispose()
    assert board.cards[card_id].text == "secret wörds \ufffd here"
    assert len(board.cards) == 3
    assert card_id in caplog.text and "secret" not in caplog.text
