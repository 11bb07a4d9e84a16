"""The command line on a database that opens but cannot be read (a table moved away by another program): one calm
line on stderr naming the file and what could not be read, exit code 2, no half output, and the file untouched."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from couplecanvas.domain.sample import build_sample
from couplecanvas.storage.database import open_database, sqlite_url
from couplecanvas.storage.repository import Repository

_NO_DISPLAY = ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")


def _run(args: list[str], data_dir: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in _NO_DISPLAY}
    env["COUPLECANVAS_DATA_DIR"] = str(data_dir)
    return subprocess.run([sys.executable, "-m", "couplecanvas", *args], env=env, cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sample_with_a_table_moved(path: Path, table: str) -> int:
    """The sample couple in a new file, then another program renames one table; returns the session's id."""
    repository = Repository(open_database(sqlite_url(path)))
    try:
        _, session = repository.add_sample(build_sample())
    finally:
        repository.close()
    with contextlib.closing(sqlite3.connect(path)) as other:
        other.execute(f"ALTER TABLE {table} RENAME TO moved_{table}")
        other.commit()
    return session.id


@pytest.fixture
def folders(tmp_path) -> tuple[Path, Path]:
    data_dir, work = tmp_path / "data", tmp_path / "work"
    data_dir.mkdir()
    work.mkdir()
    return data_dir, work


def test_list_sessions_that_cannot_be_read_prints_one_line_and_no_half_list(folders):
    data_dir, work = folders
    database = work / "practice.db"
    _sample_with_a_table_moved(database, "sessions")  # the couples still read; their sessions do not
    before = _digest(database)

    result = _run(["--database", sqlite_url(database), "list-sessions"], data_dir, work)

    assert result.returncode == 2
    assert result.stdout == ""  # not the couples without their sessions, as if that were all
    assert result.stderr.splitlines() == [
        f"couplecanvas: Could not read the sessions from {database}: no such table: sessions. "
        "The file was changed by another program. Nothing was changed; restore a backup."
    ]
    assert _digest(database) == before
    assert "no such table: sessions" in (data_dir / "couplecanvas.log").read_text(encoding="utf-8")  # details: the log


def test_list_sessions_reads_once_the_table_is_back(folders):
    data_dir, work = folders
    database = work / "practice.db"
    session_id = _sample_with_a_table_moved(database, "sessions")
    with contextlib.closing(sqlite3.connect(database)) as other:
        other.execute("ALTER TABLE moved_sessions RENAME TO sessions")
        other.commit()

    result = _run(["--database", sqlite_url(database), "list-sessions"], data_dir, work)

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Maya & Jordan" in result.stdout and f"  {session_id:>5}  " in result.stdout


@pytest.mark.parametrize("table, what", [("sessions", "the session"), ("assignments", "the session")])
def test_export_handout_that_cannot_be_read_prints_one_line_and_writes_nothing(folders, table, what):
    data_dir, work = folders
    database = work / "practice.db"
    session_id = _sample_with_a_table_moved(database, table)
    before = _digest(database)
    output = work / "out.pdf"

    result = _run(["--database", sqlite_url(database), "export-handout", "--session", str(session_id), "-o",
                   str(output)], data_dir, work)

    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"couplecanvas: Could not read {what} from {database}: no such table: {table}.")
    assert lines[0].endswith("The file was changed by another program. Nothing was changed; restore a backup.")
    assert _digest(database) == before
    assert not output.exists()
    assert [p.name for p in work.iterdir() if not p.name.startswith("practice.db")] == []  # nor a half file
