"""Start-up: one lock per database file (with or without --database), the real reason when the lock cannot be taken,
and a damaged database moved aside with the newest good backup offered."""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from couplecanvas.app import gui, startup
from couplecanvas.app.recovery import EMPTY, QUIT, RESTORE, open_safely
from couplecanvas.app.startup import Target, acquire_lock, database_target, describe_folder_error, lock_path
from couplecanvas.domain.couple import Couple, Partner
from couplecanvas.storage.backups import make_backup
from couplecanvas.storage.database import open_database, sqlite_url
from couplecanvas.storage.errors import DatabaseOpenError
from couplecanvas.storage.repository import Repository


@pytest.fixture
def told(monkeypatch):
    """The start-up messages shown (title, text) instead of modal boxes; no log handler left behind."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(gui, "_tell", lambda icon, title, text: shown.append((title, text, icon)))
    monkeypatch.setattr("couplecanvas.app.logging_setup.setup_logging", lambda folder: None)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    return shown


def _args(database: str | None) -> argparse.Namespace:
    return argparse.Namespace(database=database, share_window=False, command=None)


def test_the_same_file_under_two_names_has_one_lock(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    path = tmp_path / "practice.db"
    monkeypatch.chdir(tmp_path)
    by_absolute = database_target(f"sqlite:///{path}", folder)
    by_relative = database_target("sqlite:///practice.db", folder)
    assert lock_path(by_absolute, folder) == lock_path(by_relative, folder) == tmp_path / "practice.db.lock"
    default = database_target(None, folder)
    assert default.create and not by_absolute.create
    assert lock_path(default, folder) == folder / "couplecanvas.db.lock"


def test_a_second_window_on_a_database_given_with_database_is_refused(qapp, tmp_path, told):
    """Reproduced: --database skipped the lock, and two windows on one file overwrote a saved edit."""
    path = tmp_path / "practice.db"
    open_database(sqlite_url(path)).dispose()
    first = acquire_lock(lock_path(database_target(sqlite_url(path), tmp_path), tmp_path), str(path))
    assert first.lock is not None
    try:
        assert gui.run_gui(_args(sqlite_url(path))) == 1
    finally:
        first.lock.unlock()
    [(title, text, icon)] = told
    assert "already open" in title and str(path) in text and icon == QMessageBox.Icon.Information


def test_the_default_database_is_locked_too(qapp, tmp_path, told, _private_data_dir):
    held = acquire_lock(_private_data_dir / "couplecanvas.db.lock", "the default database")
    try:
        assert gui.run_gui(_args(None)) == 1
    finally:
        held.lock.unlock()
    assert "already open" in told[0][0]


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs a read-only folder even root cannot write")
def test_a_read_only_folder_is_not_called_already_open(qapp, tmp_path, told, monkeypatch):
    """Reproduced: a read-only data folder said "Couple Canvas is already open"."""
    monkeypatch.setenv("COUPLECANVAS_DATA_DIR", "/sys/kernel")
    assert gui.run_gui(_args(None)) == 1
    [(title, text, icon)] = told
    assert "already open" not in title + text and icon == QMessageBox.Icon.Critical
    assert "/sys/kernel" in text and "read-only" in text


def test_a_full_disk_is_named(qapp, tmp_path, monkeypatch):
    """A full disk: QLockFile says only UnknownError, so the folder is probed and the real reason told."""
    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(startup.os, "write", full)
    message = startup.folder_problem(tmp_path)
    assert "full" in message and str(tmp_path) in message and "already open" not in message
    assert "read-only" in describe_folder_error(tmp_path, errno.EROFS, "Read-only file system")
    assert list(tmp_path.iterdir()) == []  # the probe file was removed


def _damaged(path: Path) -> bytes:
    repository = Repository(open_database(sqlite_url(path)))
    for name in ("Ana", "Cleo"):
        repository.add_couple(Couple(Partner(name), Partner("B")))
    repository.close()
    make_backup(path, "daily", now=dt.datetime(2026, 12, 1, 9))
    repository = Repository(open_database(sqlite_url(path)))
    from couplecanvas.domain.board import Card
    from couplecanvas.domain.session import Session
    session = repository.add_session(Session(1, dt.date(2026, 12, 2)))
    repository.save_board_changes(session.id, cards=[Card(text="x" * 500) for _ in range(60)])
    repository.close()
    data = bytearray(path.read_bytes())
    data[8192:12288] = bytes((i * 37 + 11) % 256 for i in range(4096))
    path.write_bytes(bytes(data))
    return bytes(data)


@pytest.mark.parametrize("choice", [RESTORE, EMPTY, QUIT])
def test_a_damaged_database_is_moved_aside_and_the_newest_good_backup_offered(tmp_path, choice):
    path = tmp_path / "couplecanvas.db"
    data = _damaged(path)
    asked = []

    def choose(aside, backup, problem):
        asked.append((aside, backup, problem))
        return choice

    target = Target(sqlite_url(path), path, True)
    if choice == QUIT:
        with pytest.raises(DatabaseOpenError, match="moved aside"):
            open_safely(target, choose)
        assert not path.exists()
    else:
        database = open_safely(target, choose)
        try:
            couples = Repository(database).list_couples()
        finally:
            database.dispose()
        assert len(couples) == (2 if choice == RESTORE else 0)
    [(aside, backup, problem)] = asked
    assert aside.name.startswith("couplecanvas.db.damaged-") and aside.read_bytes() == data
    assert backup is not None and backup.couples == 2 and "damaged" in problem
