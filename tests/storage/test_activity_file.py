"""The light writer of the activity log (for the headless export): the same row the Repository writes, in a plain or
an encrypted file, without importing SQLAlchemy; a failure never raises and logs no file name."""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
import sys

import pytest

from couplecanvas.domain.activity import Action
from couplecanvas.storage import cipher
from couplecanvas.storage.activity import record_in_file
from couplecanvas.storage.database import open_database, sqlite_url
from couplecanvas.storage.repository import Repository


def _entries(path, key=None):
    repository = Repository(open_database(sqlite_url(path), key=key))
    try:
        return repository.list_activity()
    finally:
        repository.close()


def test_a_line_written_to_the_file_reads_back_through_the_repository(tmp_path):
    path = tmp_path / "couplecanvas.db"
    open_database(sqlite_url(path)).dispose()
    before = dt.datetime.now(dt.UTC)

    record_in_file(path, None, Action.EXPORT_HANDOUT, 12, "/home/therapist/Clients/handout-2026-12-03.pdf")

    (entry,) = _entries(path)
    assert (entry.action, entry.couple_id, entry.file_name) == (Action.EXPORT_HANDOUT, 12, "handout-2026-12-03.pdf")
    assert before - dt.timedelta(seconds=1) <= entry.at <= dt.datetime.now(dt.UTC)


def test_an_encrypted_file_gets_its_line_with_the_key(tmp_path):
    path = tmp_path / "couplecanvas.db"
    open_database(sqlite_url(path)).dispose()
    key, _recovery = cipher.encrypt_database(path, "a long and lonely passphrase")

    record_in_file(path, key, Action.EXPORT_HANDOUT, 3, "handout.pdf")

    assert [(e.action, e.couple_id, e.file_name) for e in _entries(path, key)] == [
        (Action.EXPORT_HANDOUT, 3, "handout.pdf")]
    assert b"handout.pdf" not in path.read_bytes()
    connection = cipher.connect(path, key)  # the conversion kept the triggers: the trail stays append-only
    try:
        with pytest.raises(cipher.errors("DatabaseError"), match="append-only"):
            connection.execute("DELETE FROM activity")
    finally:
        connection.close()


def test_a_line_that_cannot_be_written_raises_nothing_and_logs_no_file_name(tmp_path, caplog):
    path = tmp_path / "couplecanvas.db"
    open_database(sqlite_url(path)).dispose()
    key, _recovery = cipher.encrypt_database(path, "a long and lonely passphrase")

    with caplog.at_level(logging.DEBUG):
        record_in_file(path, None, Action.EXPORT_HANDOUT, 3, "maya-and-jordan.pdf")  # no key for an encrypted file
        record_in_file(tmp_path / "missing.db", None, Action.PRINT, 3, "maya-and-jordan.pdf")

    assert caplog.text.count("could not record") == 2 and "export-handout" in caplog.text
    assert "maya" not in caplog.text
    assert _entries(path, key) == []
    assert not (tmp_path / "missing.db").exists()


def test_the_light_writer_does_not_load_sqlalchemy():
    code = "import sys, couplecanvas.storage.activity; print('sqlalchemy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
