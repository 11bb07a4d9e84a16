"""The light sqlite3 reader used by the headless export returns exactly what the Repository returns."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
import subprocess
import sys

import pytest

from couplecanvas.domain import (
    Assignment,
    Board,
    Card,
    Connector,
    ConnectorKind,
    Couple,
    Partner,
    PartnerRole,
    Position,
    Session,
    Who,
)
from couplecanvas.domain.homework import Origin, Review, load_builtin_library
from couplecanvas.domain.practice import Practice
from couplecanvas.domain.sample import build_sample
from couplecanvas.storage import sqlite_file
from couplecanvas.storage.database import open_database, sqlite_url
from couplecanvas.storage.errors import DatabaseOpenError, NotFound
from couplecanvas.storage.export_reader import read_session_for_export
from couplecanvas.storage.repository import Repository

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(40))


@pytest.fixture
def filled(tmp_path):
    path = tmp_path / "couplecanvas.db"
    repository = Repository(open_database(sqlite_url(path)))
    repository.add_sample(build_sample())
    couple = repository.add_couple(
        Couple(Partner("Zoë", "P1", "#123456", Position.WITHDRAWER), Partner("José"), use_aliases=True)
    )
    session = repository.add_session(Session(couple.id, dt.date(2026, 3, 1), "second"))
    board = Board(session.id)
    a = Card("Ça me blesse 💔", 1.5, -2.25, 180, 95, "#ffeedd", PartnerRole.B, 3.0)
    b = Card("", 400, 0, role="preferred-story", hint="Our preferred story is called…")
    board.add_card(a)
    board.add_card(b)
    board.add_connector(Connector(a.id, b.id, "then"))
    board.add_connector(Connector(b.id, a.id, kind=ConnectorKind.REFRAME))
    repository.replace_board(session.id, board)
    repository.add_assignment(Assignment(session.id, "daily-check-in", Who.B, "gently"))
    repository.add_assignment(
        Assignment(session.id, "breathing-together", frequency="twice a day", review=Review.PARTLY, review_note="busy")
    )
    session.next_appointment = dt.datetime(2026, 3, 8, 17, 30)
    repository.update_session(session)
    repository.save_practice(Practice("Harbour Couples Practice", "0123 456\nhello@example.org", PNG, "Letter", True))
    builtin = load_builtin_library().get("daily-check-in")
    repository.save_exercise(dataclasses.replace(builtin, title="Our evening check-in", origin=Origin.EDITED))
    repository.save_exercise(dataclasses.replace(builtin, key="my-walk", title="A walk", origin=Origin.OWN,
                                                 steps=("Walk.", "Talk.")))
    yield path, repository
    repository.database.dispose()


def test_reader_equals_repository_for_every_session(filled):
    path, repository = filled
    sessions = [s for c in repository.list_couples() for s in repository.list_sessions(c.id)]
    assert len(sessions) == 2
    for session in sessions:
        found = read_session_for_export(path, session.id)
        assert found is not None
        assert found.session == repository.get_session(session.id)
        assert found.couple == repository.get_couple(session.couple_id)
        assert found.board == repository.load_board(session.id)
        assert found.assignments == repository.list_assignments(session.id)
        assert found.practice == repository.get_practice()
        assert found.own_exercises == repository.list_own_exercises()


def test_reader_names_a_missing_session(filled):
    path, _repository = filled
    with pytest.raises(NotFound, match="4242"):
        read_session_for_export(path, 4242)


def test_reader_defers_to_the_full_road_for_new_or_older_files(filled, tmp_path, monkeypatch):
    path, _repository = filled
    assert read_session_for_export(tmp_path / "none-yet.db", 1) is None
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0000'")
    monkeypatch.setattr(sqlite_file, "REVISIONS", ("0000", *sqlite_file.REVISIONS))
    assert read_session_for_export(path, 1) is None


def test_reader_refuses_what_open_database_refuses(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(DatabaseOpenError, match="not a Couple Canvas database"):
        read_session_for_export(path, 1)


def test_reader_does_not_import_sqlalchemy(filled):
    path, _repository = filled
    code = (
        "import sys; from pathlib import Path; "
        "from couplecanvas.storage.export_reader import read_session_for_export; "
        f"assert read_session_for_export(Path({str(path)!r}), 1) is not None; "
        "assert 'sqlalchemy' not in sys.modules, 'sqlalchemy was imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
