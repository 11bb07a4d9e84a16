"""Deleting a couple for good, on a real file: no row of any table refers to the couple afterwards, and its words are
gone from the file's bytes (secure_delete), earlier versions of edited words included; the other couple is untouched
and a backup made before still holds the couple (the delete dialog says until when)."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from couplecanvas.domain.activity import Action
from couplecanvas.domain.board import Board, Card
from couplecanvas.domain.couple import Couple, Partner
from couplecanvas.domain.session import PrivateNote, Session
from couplecanvas.storage.backups import make_backup
from couplecanvas.storage.database import open_database, sqlite_url
from couplecanvas.storage.errors import NotFound
from couplecanvas.storage.repository import Repository

OTHER_CANARY = "damson-canary about the couple who stay"


def references(path: Path, couple_id: int, session_ids: list[int]) -> dict[str, int]:
    """For every table in the file: how many of its rows name the couple (by couple_id, or the couples table's own id)
    or one of its sessions (by session_id, or the sessions table's own id). Found from the schema, not a list."""
    found: dict[str, int] = {}
    with contextlib.closing(sqlite3.connect(path)) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        assert {"couples", "partners", "sessions", "cards", "private_notes", "screenings"} <= set(tables)
        for table in tables:
            columns = {row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')}
            checks = []
            if "couple_id" in columns:
                checks.append(("couple_id", [couple_id]))
            if "session_id" in columns:
                checks.append(("session_id", session_ids))
            if table == "couples":
                checks.append(("id", [couple_id]))
            if table == "sessions":
                checks.append(("id", session_ids))
            for column, values in checks:
                marks = ",".join("?" * len(values))
                count = connection.execute(f'SELECT count(*) FROM "{table}" WHERE "{column}" IN ({marks})',
                                           values).fetchone()[0]
                if count:
                    found[table] = found.get(table, 0) + count
    return found


def file_bytes(path: Path) -> bytes:
    """The database file and whatever lies beside it (-wal, -shm, -journal)."""
    return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")) if p.is_file())


@pytest.fixture
def practice(tmp_path, couple_kit):
    """Maya & Jordan with everything a couple holds (the note edited twice before), and a couple who stay."""
    path = tmp_path / "couplecanvas.db"
    repository = Repository(open_database(sqlite_url(path)))
    couple = couple_kit.store_full_couple(repository)
    sessions = [s.id for s in repository.list_sessions(couple.id)]
    for draft in ("first draft, longer than the last: " + "we met again " * 30 + "quince-canary",
                  "second draft, longer still: " + "they argued " * 40 + "medlar-canary"):
        repository.save_private_note(PrivateNote(sessions[0], draft))
    repository.save_private_note(PrivateNote(sessions[0], couple_kit.NOTE))
    other = repository.add_couple(Couple(Partner("Harriet"), Partner("Ignatius")))
    other_session = repository.add_session(Session(other.id, dt.date(2026, 11, 30)))
    board = Board(session_id=other_session.id)
    board.add_card(Card(text=OTHER_CANARY, x=0, y=0))
    repository.replace_board(other_session.id, board)
    yield repository, path, couple.id, sessions, other.id
    repository.close()


def test_deleting_a_couple_leaves_no_row_that_refers_to_it(practice):
    repository, path, couple_id, sessions, other_id = practice
    before = references(path, couple_id, sessions)
    assert {"couples", "partners", "sessions", "cards", "connectors", "strokes", "assignments", "progress_checks",
            "private_notes", "screenings"} <= set(before)

    repository.delete_couple(couple_id)

    after = references(path, couple_id, sessions)
    # The activity log keeps its line about the deletion: the couple's id and the action, never a word of the record.
    assert after == {"activity": 1}, after
    entries = [e for e in repository.list_activity() if e.couple_id == couple_id]
    assert [e.action for e in entries] == [Action.DELETE_COUPLE]
    assert [c.id for c in repository.list_couples()] == [other_id]
    with pytest.raises(NotFound):
        repository.get_couple(couple_id)
    with pytest.raises(NotFound):
        repository.delete_couple(couple_id)


def test_the_couples_words_are_gone_from_the_files_bytes(practice, couple_kit):
    repository, path, couple_id, _sessions, _other_id = practice
    words = [couple_kit.NOTE, couple_kit.SCREENING_NOTE, "quince-canary", "medlar-canary",
             "Maya pushes, Jordan withdraws", "after dinner", "once, it rained", "First map", "Maya", "Jordan"]
    present = file_bytes(path)
    assert all(word.encode() in present for word in words[:2])  # the scan sees the words while they are stored

    repository.delete_couple(couple_id)
    repository.close()  # the last connection checkpoints the -wal into the file

    data = file_bytes(path)
    assert OTHER_CANARY.encode() in data and b"Harriet" in data  # the couple who stay are read back from the bytes
    left = [word for word in words if word.encode() in data or word.encode("utf-16-le") in data]
    assert left == [], f"still in the file's bytes: {left}"


def test_the_words_are_gone_while_the_app_still_holds_the_file_open(practice, couple_kit):
    repository, path, couple_id, _sessions, _other_id = practice
    repository.delete_couple(couple_id)  # checkpoints itself: the app keeps running after a deletion
    data = file_bytes(path)
    assert OTHER_CANARY.encode() in data
    assert couple_kit.NOTE.encode() not in data and b"medlar-canary" not in data and b"Maya" not in data


def test_a_backup_made_before_still_holds_the_couple(practice, couple_kit):
    repository, path, couple_id, _sessions, _other_id = practice
    backup = make_backup(path, "daily", now=dt.datetime(2026, 12, 3, 9, 0))
    repository.delete_couple(couple_id)
    with contextlib.closing(sqlite3.connect(backup)) as connection:
        assert connection.execute("SELECT count(*) FROM couples WHERE id = ?", (couple_id,)).fetchone()[0] == 1
    assert couple_kit.NOTE.encode() in backup.read_bytes()  # until the rotation removes it: the dialog says when
