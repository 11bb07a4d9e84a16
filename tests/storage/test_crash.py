"""Crash tests: a child process writes through the app's save path and is killed with SIGKILL at random moments;
every acknowledged edit must be there afterwards, no edit half-applied, and the file sound. A migration killed
between steps leaves the old or the new revision, sound, and no empty backup."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from couplecanvas.domain.couple import Couple, Partner
from couplecanvas.domain.session import Session
from couplecanvas.storage import migrations_meta
from couplecanvas.storage.database import migrate, open_database, sqlite_url
from couplecanvas.storage.repository import Repository

CHILD = Path(__file__).with_name("crash_child.py")
KILLS = 50
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the crash tests fork and SIGKILL (POSIX)")


class Children:
    """The waiting process of crash_child.py, which forks a fresh child per order (start-up in milliseconds)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.runs = 0
        self.process = subprocess.Popen(
            [sys.executable, str(CHILD)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
        )
        assert self.process.stdout.readline() == "waiting\n"

    def start(self, *order: str) -> tuple[int, Path]:
        """Fork a child for `order`; its pid and its report file."""
        self.runs += 1
        report = self.folder / f"report-{self.runs}.txt"
        self.process.stdin.write(" ".join([*order, str(report)]) + "\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline()), report

    def wait_for(self, report: Path, line: str, timeout: float = 20) -> bool:
        """Wait until the child has reported `line` (False if it did not within `timeout`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if report.exists() and line in _lines(report):
                return True
            time.sleep(0.001)
        return False

    def kill(self, pid: int, report: Path) -> list[str]:
        """SIGKILL the child; the complete lines it had reported."""
        os.kill(pid, signal.SIGKILL)
        assert self.process.stdout.readline() == "reaped\n"
        return _lines(report) if report.exists() else []

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)
        self.process.stdout.close()


def _lines(report: Path) -> list[str]:
    text = report.read_text()
    return text.split("\n")[:-1]  # the last piece may be an unfinished line


@pytest.fixture
def children(tmp_path):
    kit = Children(tmp_path)
    yield kit
    kit.close()


def _integrity(path: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return [row[0] for row in connection.execute("PRAGMA integrity_check")]


def test_killed_writers_lose_no_acknowledged_edit_and_leave_none_half_done(tmp_path, children):
    seed = int(os.environ.get("COUPLECANVAS_CRASH_SEED", random.randrange(1 << 30)))
    print(f"crash test seed: {seed}")
    rng = random.Random(seed)
    path = tmp_path / "couplecanvas.db"
    repository = Repository(open_database(sqlite_url(path)))
    couple = repository.add_couple(Couple(Partner("Ana"), Partner("Ben")))
    assert repository.add_session(Session(couple.id, __import__("datetime").date(2026, 12, 3))).id == 1
    repository.close()

    acknowledged: set[int] = set()
    started = time.monotonic()
    mid_edit_kills = 0
    for kill in range(KILLS):
        with contextlib.closing(sqlite3.connect(path)) as connection:
            next_number = (connection.execute("SELECT max(x) FROM cards WHERE id LIKE 'a%'").fetchone()[0] or 0) + 1
        pid, report = children.start("edits", str(path), str(int(next_number)))
        if rng.random() < 0.2:
            time.sleep(rng.uniform(0, 0.05))  # sometimes while it opens the database
        else:
            assert children.wait_for(report, "ready")
            time.sleep(rng.uniform(0.01, 0.3))
        lines = children.kill(pid, report)
        numbers = [int(line) for line in lines if line.isdigit()]
        mid_edit_kills += "ready" in lines
        acknowledged.update(numbers)

        assert _integrity(path) == ["ok"], f"kill {kill}, seed {seed}"
        with contextlib.closing(sqlite3.connect(path)) as connection:
            connection.execute("PRAGMA foreign_keys=ON")
            cards = {row[0] for row in connection.execute("SELECT id FROM cards")}
            arrows = {row[0]: row[1:] for row in connection.execute("SELECT id, source_id, target_id FROM connectors")}
            counter = connection.execute("SELECT text FROM cards WHERE id = 'counter'").fetchone()
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = {int(card[1:]) for card in cards if card[0] == "a"}
        missing = sorted(acknowledged - stored)
        assert not missing, f"acknowledged edits lost after kill {kill} (seed {seed}): {missing[:10]}"
        for number in stored:  # all three rows of an edit, or none of them
            assert f"b{number}" in cards and arrows.get(f"k{number}") == (f"a{number}", f"b{number}"), number
        assert len(arrows) == len(stored) == len({c for c in cards if c[0] == "b"})
        if stored:
            assert int(counter[0]) == max(stored)  # the counter moved in the same transaction as the newest edit

    elapsed = time.monotonic() - started
    print(f"{KILLS} kills ({mid_edit_kills} in the edit loop), {len(acknowledged)} edits acknowledged, {elapsed:.1f} s")
    assert mid_edit_kills >= KILLS // 2 and len(acknowledged) >= KILLS // 2  # not vacuous: most kills hit edits
    database = open_database(sqlite_url(path))  # and the app opens it as always
    try:
        assert len(Repository(database).load_board(1).cards) == 2 * len(stored) + 1
    finally:
        database.dispose()


def _old_database(path: Path) -> None:
    """A 0001 database with a couple, a session and a board, as the first version of the app left it."""
    path.touch()
    migrate(f"sqlite:///{path}", "0001")
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("INSERT INTO couples (id, is_sample, use_aliases, archived) VALUES (1, 0, 0, 0)")
        connection.execute("INSERT INTO sessions (id, couple_id, date, title) VALUES (1, 1, '2026-01-02', '')")
        for card in ("a", "b"):
            connection.execute(
                "INSERT INTO cards (id, session_id, text, x, y, width, height, colour, partner, z) "
                "VALUES (?, 1, 'words', 0, 0, 10, 10, '#ffffff', NULL, 1)", (card,),
            )
        connection.execute(
            "INSERT INTO connectors (id, session_id, source_id, target_id, label) VALUES ('ab', 1, 'a', 'b', '')"
        )
        connection.commit()


def test_a_migration_killed_between_steps_leaves_the_old_or_the_new_revision(tmp_path, children):
    seed = int(os.environ.get("COUPLECANVAS_CRASH_SEED", random.randrange(1 << 30)))
    print(f"migration crash seed: {seed}")
    rng = random.Random(seed)
    revisions_seen = set()
    template = tmp_path / "template.db"
    _old_database(template)
    for attempt in range(6):
        path = tmp_path / f"attempt{attempt}" / "couplecanvas.db"
        path.parent.mkdir()
        path.write_bytes(template.read_bytes())
        pid, report = children.start("migrate", str(path))
        if attempt == 0:  # once after the end, to see the new revision too
            assert children.wait_for(report, "done")
        else:  # else after a random number of steps (0 to all), and a little more
            steps = rng.randrange(0, len(migrations_meta.REVISIONS))
            assert children.wait_for(report, "ready")
            deadline = time.monotonic() + 20
            while _lines(report).count("step") < steps and "done" not in _lines(report) and time.monotonic() < deadline:
                time.sleep(0.001)
            time.sleep(rng.uniform(0, 0.01))
        children.kill(pid, report)

        assert _integrity(path) == ["ok"]
        with contextlib.closing(sqlite3.connect(path)) as connection:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            assert connection.execute("SELECT count(*) FROM cards").fetchone()[0] == 2
            assert connection.execute("SELECT count(*) FROM connectors").fetchone()[0] == 1
        assert revision in ("0001", migrations_meta.HEAD), (attempt, seed)
        revisions_seen.add(revision)
        backups = path.parent / "backups"
        named = list(backups.glob("*.db")) if backups.exists() else []
        assert all(p.stat().st_size > 0 for p in named)  # a backup that exists by name is whole

        database = open_database(sqlite_url(path))  # the next start finishes the job and tidies leftovers
        database.dispose()
        assert [p.name for p in backups.iterdir() if p.stat().st_size == 0] == []
        assert not list(backups.glob("*.tmp")) and not list(backups.glob(".*"))
        with contextlib.closing(sqlite3.connect(path)) as connection:
            assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == migrations_meta.HEAD
            assert connection.execute("SELECT count(*) FROM cards").fetchone()[0] == 2
    print(f"revisions found after the kills: {sorted(revisions_seen)}")
