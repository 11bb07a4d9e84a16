"""Backups: made with the backup API under a temporary name, kept by date (7 daily, 4 weekly), listed with their
counts, pruned of leftovers, restored after backing up the current file; and a damaged file moved aside untouched."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest

from couplecanvas.domain.couple import Couple, Partner
from couplecanvas.domain.sample import build_sample
from couplecanvas.domain.session import Session
from couplecanvas.storage import backups as backups_module
from couplecanvas.storage.backups import (
    BackupError,
    backup_if_due,
    backups_folder,
    list_backups,
    make_backup,
    move_aside,
    newest_good_backup,
    prune,
    restore_backup,
)
from couplecanvas.storage.database import open_database, sqlite_url
from couplecanvas.storage.repository import Repository


def _database(path: Path, couples: int = 1) -> None:
    repository = Repository(open_database(sqlite_url(path)))
    try:
        for n in range(couples):
            couple = repository.add_couple(Couple(Partner(f"A{n}"), Partner(f"B{n}")))
            repository.add_session(Session(couple.id, dt.date(2026, 12, 1)))
    finally:
        repository.close()


def _count(path: Path, table: str) -> int:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_backup_is_whole_named_by_date_and_reason_and_listed_with_its_counts(tmp_path):
    path = tmp_path / "couplecanvas.db"
    database = open_database(sqlite_url(path))
    try:  # the app holds the file open and its last rows are still in the -wal file
        Repository(database).add_sample(build_sample())
        made = make_backup(path, "import", now=dt.datetime(2026, 12, 3, 9, 30, 5))
    finally:
        database.dispose()

    assert made == tmp_path / "backups" / "couplecanvas-2026-12-03_093005-import.db"
    assert not list(made.parent.glob("*-wal")) and not list(made.parent.glob(".*"))
    [info] = list_backups(backups_folder(path))
    assert (info.path, info.made, info.reason) == (made, dt.datetime(2026, 12, 3, 9, 30, 5), "import")
    assert info.size == made.stat().st_size > 0
    assert (info.couples, info.sessions) == (_count(path, "couples"), _count(path, "sessions")) == (1, 1)
    assert _count(made, "cards") == _count(path, "cards") > 20


def test_a_failed_backup_leaves_no_file_by_a_backup_name(tmp_path, monkeypatch):
    path = tmp_path / "couplecanvas.db"
    _database(path)

    def full_disk(source, target):
        Path(target).write_bytes(b"")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backups_module, "_backup_api", full_disk)
    with pytest.raises(BackupError, match="disk is full"):
        make_backup(path, "daily")
    assert list((tmp_path / "backups").iterdir()) == []


def test_rotation_keeps_seven_days_and_four_weeks_and_the_one_just_made(tmp_path):
    path = tmp_path / "couplecanvas.db"
    _database(path)
    start = dt.datetime(2026, 10, 1, 12, 0)
    for day in range(35):  # two a day for five weeks
        for hour in (9, 17):
            make_backup(path, "daily", now=start + dt.timedelta(days=day, hours=hour - 12))
    kept = list_backups(backups_folder(path))
    days = sorted({info.made.date() for info in kept}, reverse=True)
    newest_day = dt.date(2026, 11, 4)
    assert days[:7] == [newest_day - dt.timedelta(days=n) for n in range(7)]
    assert all(info.made.hour == 17 for info in kept)  # the newest of each day
    weeks = {info.made.isocalendar()[:2] for info in kept}
    assert len(weeks) == 4 and len(kept) <= 7 + 4
    # An older backup made now (a clock turned back) is still never pruned as it is made.
    old = make_backup(path, "restore", now=dt.datetime(2026, 1, 1))
    assert old.exists()


def test_the_newest_migration_backup_is_kept_however_old(tmp_path):
    path = tmp_path / "couplecanvas.db"
    _database(path)
    migration = make_backup(path, "migration", now=dt.datetime(2026, 1, 5))
    for day in range(40):
        make_backup(path, "daily", now=dt.datetime(2026, 3, 1) + dt.timedelta(days=day))
    assert migration.exists()


def test_prune_removes_empty_unreadable_and_temporary_leftovers(tmp_path):
    path = tmp_path / "couplecanvas.db"
    _database(path)
    good = make_backup(path, "daily")
    folder = good.parent
    (folder / "couplecanvas-2026-12-01_100000-migration.db").write_bytes(b"")  # a killed copy of old
    (folder / "couplecanvas-2026-12-02_100000-daily.db").write_bytes(b"SQLite format 3\x00" + b"\x07" * 500)
    (folder / ".couplecanvas-2026-12-03_100000-daily.db.tmp").write_bytes(b"half")
    (folder / "notes.txt").write_text("the therapist's own file")

    removed = prune(folder)

    assert len(removed) == 3
    assert sorted(p.name for p in folder.iterdir()) == sorted([good.name, "notes.txt"])


def test_empty_backups_left_beside_the_database_by_earlier_versions_go_at_the_next_backup(tmp_path):
    path = tmp_path / "couplecanvas.db"
    _database(path)
    empty = tmp_path / "couplecanvas.before-0006-from-0005-20261201-100000.db"
    empty.write_bytes(b"")
    whole = tmp_path / "couplecanvas.before-0005-from-0004-20261101-100000.db"
    whole.write_bytes(path.read_bytes())

    make_backup(path, "daily")

    assert not empty.exists() and whole.exists()


def test_the_daily_backup_is_made_once_a_day(tmp_path):
    path = tmp_path / "couplecanvas.db"
    _database(path)
    morning = dt.datetime(2026, 12, 3, 8, 0)
    first = backup_if_due(path, now=morning)
    assert first is not None and first.name.endswith("-daily.db")
    assert backup_if_due(path, now=morning + dt.timedelta(hours=9)) is None
    assert backup_if_due(path, now=morning + dt.timedelta(days=1)) is not None


def test_restore_backs_up_the_current_file_first_then_brings_the_backup_back(tmp_path):
    path = tmp_path / "couplecanvas.db"
    _database(path, couples=1)
    one_couple = make_backup(path, "daily", now=dt.datetime(2026, 12, 1, 9))
    _database(path, couples=2)  # three couples now
    assert _count(path, "couples") == 3

    before = restore_backup(one_couple, path)

    assert _count(path, "couples") == 1
    assert before is not None and before.name.endswith("-restore.db") and _count(before, "couples") == 3
    database = open_database(sqlite_url(path))  # the app opens it as always
    try:
        assert len(Repository(database).list_couples()) == 1
    finally:
        database.dispose()


def test_a_damaged_backup_is_not_restored_and_the_current_file_is_kept(tmp_path):
    path = tmp_path / "couplecanvas.db"
    _database(path, couples=2)
    bad = backups_folder(path) / "couplecanvas-2026-12-01_090000-daily.db"
    bad.parent.mkdir()
    bad.write_bytes(b"SQLite format 3\x00" + b"\x01" * 4000)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()

    with pytest.raises(BackupError, match="damaged"):
        restore_backup(bad, path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_a_damaged_file_is_moved_aside_untouched_and_the_newest_good_backup_found(tmp_path):
    path = tmp_path / "couplecanvas.db"
    _database(path)
    good = make_backup(path, "daily", now=dt.datetime(2026, 12, 1, 9))
    newer_bad = good.with_name("couplecanvas-2026-12-02_090000-daily.db")
    newer_bad.write_bytes(good.read_bytes()[:3000])  # cut short
    data = path.read_bytes()

    aside = move_aside(path, now=dt.datetime(2026, 12, 3, 10))

    assert aside.name == "couplecanvas.db.damaged-2026-12-03_100000"
    assert aside.read_bytes() == data and not path.exists()
    assert newest_good_backup(backups_folder(path)).path == good


def test_a_damaged_current_file_is_moved_aside_before_a_restore_never_overwritten(tmp_path):
    path = tmp_path / "couplecanvas.db"
    _database(path)
    good = make_backup(path, "daily", now=dt.datetime(2026, 12, 1, 9))
    path.write_bytes(b"SQLite format 3\x00" + b"\x05" * 8000)
    data = path.read_bytes()

    kept = restore_backup(good, path)

    assert kept is not None and kept.read_bytes() == data and ".damaged-" in kept.name
    assert _count(path, "couples") == 1
