"""The command line given what it cannot use: an overflowing session number, an empty or unsafe -o, a malformed or
server --database, a missing file, another program's file stamped with our revision. Each is one calm line on stderr,
exit code 2, no traceback, and every file left byte for byte as it was (nothing created either)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from couplecanvas.app.cli import OUR_TABLES
from couplecanvas.app.main import main
from couplecanvas.domain.sample import build_sample
from couplecanvas.storage.database import open_database, sqlite_url
from couplecanvas.storage.migrations_meta import HEAD
from couplecanvas.storage.repository import Repository

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and links as on POSIX")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def practice(tmp_path, monkeypatch) -> tuple[Path, int]:
    """The sample couple in a database file of its own; the data folder (log file) is the test's."""
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("COUPLECANVAS_DATA_DIR", str(data))
    path = tmp_path / "work" / "practice.db"
    path.parent.mkdir()
    repository = Repository(open_database(sqlite_url(path)))
    try:
        _, session = repository.add_sample(build_sample())
    finally:
        repository.close()
    return path, session.id


def _one_calm_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("couplecanvas: ")
    assert "Traceback" not in captured.err
    assert captured.out == ""
    return lines[0]


def test_an_overflowing_session_number_is_no_session(practice, tmp_path, capsys):
    path, _ = practice
    before = _digest(path)
    output = tmp_path / "out.pdf"

    code = main(["--database", sqlite_url(path), "export-handout", "--session", "99999999999999999999999",
                 "-o", str(output)])

    assert code == 2
    line = _one_calm_line(capsys)
    assert "No session with id 99999999999999999999999" in line
    assert "list-sessions" in line
    assert _digest(path) == before
    assert not output.exists()


@pytest.mark.parametrize("session", ["0", "-3"])
def test_a_session_number_below_one_is_no_session(practice, tmp_path, capsys, session):
    path, _ = practice
    code = main(["--database", sqlite_url(path), "export-handout", f"--session={session}", "-o",
                 str(tmp_path / "out.pdf")])
    assert code == 2
    assert f"No session with id {session}" in _one_calm_line(capsys)


@pytest.mark.parametrize("output", ["", " "])
def test_an_empty_output_name_is_refused(practice, capsys, output, tmp_path, monkeypatch):
    path, session_id = practice
    monkeypatch.chdir(tmp_path)
    before = _listing(tmp_path)

    code = main(["--database", sqlite_url(path), "export-handout", "--session", str(session_id), "-o", output])

    assert code == 2
    assert "-o needs a file name" in _one_calm_line(capsys)
    assert _listing(tmp_path) == before


def test_an_output_that_is_a_folder_is_refused(practice, capsys, tmp_path):
    path, session_id = practice
    folder = tmp_path / "handouts"
    folder.mkdir()

    code = main(["--database", sqlite_url(path), "export-handout", "--session", str(session_id), "-o", str(folder)])

    assert code == 2
    line = _one_calm_line(capsys)
    assert f"could not write {folder}" in line
    assert "folder" in line
    assert list(folder.iterdir()) == []


@posix_only
def test_an_output_that_is_a_fifo_is_refused_and_stays_a_fifo(practice, capsys, tmp_path):
    path, session_id = practice
    fifo = tmp_path / "out.pdf"
    os.mkfifo(fifo)

    code = main(["--database", sqlite_url(path), "export-handout", "--session", str(session_id), "-o", str(fifo)])

    assert code == 2
    assert "pipe" in _one_calm_line(capsys)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@posix_only
def test_an_output_link_of_the_users_own_is_written_through(practice, capsys, tmp_path):
    path, session_id = practice
    real = tmp_path / "shared" / "handout.pdf"
    real.parent.mkdir()
    real.write_bytes(b"last week's")
    link = tmp_path / "out.pdf"
    link.symlink_to(real)

    code = main(["--database", sqlite_url(path), "export-handout", "--session", str(session_id), "-o", str(link)])

    assert code == 0, capsys.readouterr().err
    assert link.is_symlink()
    assert real.read_bytes().startswith(b"%PDF-")


@posix_only
def test_a_planted_partial_link_is_not_followed(practice, capsys, tmp_path):
    path, session_id = practice
    victim = tmp_path / "precious.txt"
    victim.write_bytes(b"keep me")
    (tmp_path / ".out.pdf.partial").symlink_to(victim)

    code = main(["--database", sqlite_url(path), "export-handout", "--session", str(session_id), "-o",
                 str(tmp_path / "out.pdf")])

    assert code == 0, capsys.readouterr().err
    assert victim.read_bytes() == b"keep me"
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF-")


MALFORMED = [
    pytest.param("sqlite:////nonexistent\x00", "NUL", id="nul-in-path"),
    pytest.param("not a url", "--database takes a database URL", id="not-a-url"),
    pytest.param("sqlite://", "names no database file", id="no-file"),
    pytest.param("sqlite:///:memory:", "names no database file", id="memory"),
    pytest.param("sqlite:///practice.db?mode=rwc", "options after '?'", id="options"),
    pytest.param("://x", "--database takes a database URL", id="no-scheme"),
]


@pytest.mark.parametrize("command", ["list-sessions", "export-handout"])
@pytest.mark.parametrize(("url", "said"), MALFORMED)
def test_a_malformed_database_url_is_one_calm_line(tmp_path, monkeypatch, capsys, url, said, command):
    monkeypatch.setenv("COUPLECANVAS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    arguments = ["--session", "1", "-o", str(tmp_path / "out.pdf")] if command == "export-handout" else []

    code = main(["--database", url, command, *arguments])

    assert code == 2
    assert said in _one_calm_line(capsys)
    assert _listing(tmp_path) == []  # no database, no folder, no log file made for a URL that names nothing
    assert not Path("/nonexistent").exists()


@pytest.mark.parametrize("command", ["list-sessions", "export-handout"])
@pytest.mark.parametrize("url", ["postgresql://u@localhost/x", "postgresql+psycopg2://u:s3cret@db.example:5432/x?sslmode=require"])
def test_a_server_url_says_this_build_works_with_sqlite_files(tmp_path, monkeypatch, capsys, url, command):
    monkeypatch.setenv("COUPLECANVAS_DATA_DIR", str(tmp_path / "data"))
    arguments = ["--session", "1", "-o", str(tmp_path / "out.pdf")] if command == "export-handout" else []

    code = main(["--database", url, command, *arguments])

    assert code == 2
    line = _one_calm_line(capsys)
    assert "works with SQLite files only" in line
    assert url.split("?")[0].replace(":s3cret", "") in line  # named, without its password
    assert "s3cret" not in line
    assert "sslmode" not in line


@pytest.mark.parametrize("command", ["list-sessions", "export-handout"])
def test_a_mistyped_database_path_is_named_and_never_created(tmp_path, monkeypatch, capsys, command):
    monkeypatch.setenv("COUPLECANVAS_DATA_DIR", str(tmp_path / "data"))
    missing = tmp_path / "typo" / "folders" / "practise.db"
    arguments = ["--session", "1", "-o", str(tmp_path / "out.pdf")] if command == "export-handout" else []

    code = main(["--database", sqlite_url(missing), command, *arguments])

    assert code == 2
    line = _one_calm_line(capsys)
    assert f"No database at {missing}" in line
    assert not (tmp_path / "typo").exists()
    assert not (tmp_path / "data" / "couplecanvas.db").exists()


@pytest.mark.parametrize("command", ["list-sessions", "export-handout"])
def test_an_empty_file_is_not_made_into_a_database(tmp_path, monkeypatch, capsys, command):
    monkeypatch.setenv("COUPLECANVAS_DATA_DIR", str(tmp_path / "data"))
    empty = tmp_path / "empty.db"
    empty.touch()
    arguments = ["--session", "1", "-o", str(tmp_path / "out.pdf")] if command == "export-handout" else []

    code = main(["--database", sqlite_url(empty), command, *arguments])

    assert code == 2
    assert "is empty" in _one_calm_line(capsys)
    assert empty.read_bytes() == b""


@posix_only
@pytest.mark.parametrize("command", ["list-sessions", "export-handout"])
def test_a_fifo_as_database_is_refused_without_waiting(tmp_path, monkeypatch, capsys, command):
    monkeypatch.setenv("COUPLECANVAS_DATA_DIR", str(tmp_path / "data"))
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    arguments = ["--session", "1", "-o", str(tmp_path / "out.pdf")] if command == "export-handout" else []

    code = main(["--database", sqlite_url(fifo), command, *arguments])

    assert code == 2
    assert "not a file" in _one_calm_line(capsys)


def _foreign_file_stamped_with_our_revision(path: Path) -> None:
    """Another program's database that happens to use Alembic and to be at a revision named like our head."""
    with contextlib.closing(sqlite3.connect(path)) as other:
        other.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        other.execute("INSERT INTO alembic_version VALUES (?)", (HEAD,))
        other.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
        other.executemany("INSERT INTO invoices (amount) VALUES (?)", [(n * 1.5,) for n in range(200)])
        other.commit()


@pytest.mark.parametrize("command", ["list-sessions", "export-handout"])
def test_another_programs_file_stamped_with_our_revision_is_left_byte_for_byte(tmp_path, monkeypatch, capsys,
                                                                                 command):
    monkeypatch.setenv("COUPLECANVAS_DATA_DIR", str(tmp_path / "data"))
    foreign = tmp_path / "accounts.db"
    _foreign_file_stamped_with_our_revision(foreign)
    before = _digest(foreign)
    assert foreign.read_bytes()[18:20] == b"\x01\x01"  # a rollback-journal file: WAL would make this 2, 2
    arguments = ["--session", "1", "-o", str(tmp_path / "out.pdf")] if command == "export-handout" else []

    code = main(["--database", sqlite_url(foreign), command, *arguments])

    assert code == 2
    line = _one_calm_line(capsys)
    assert f"{foreign} is an SQLite file of another program" in line
    assert _digest(foreign) == before
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == ["accounts.db"]  # no -wal, -shm or output


def test_the_tables_that_mark_our_files_are_ours():
    from couplecanvas.storage.tables import Base

    assert OUR_TABLES <= set(Base.metadata.tables)


def test_a_tilde_in_the_path_means_home(practice, tmp_path, monkeypatch, capsys):
    path, session_id = practice
    monkeypatch.setenv("HOME", str(path.parent))
    output = tmp_path / "out.pdf"

    code = main(["--database", "sqlite:///~/practice.db", "export-handout", "--session", str(session_id),
                 "-o", str(output)])

    assert code == 0, capsys.readouterr().err
    assert output.read_bytes().startswith(b"%PDF-")


def test_in_a_subprocess_the_overflow_and_the_server_url_print_no_traceback(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env["COUPLECANVAS_DATA_DIR"] = str(tmp_path / "data")
    for arguments in (
        ["export-handout", "--session", "99999999999999999999999", "-o", "out.pdf"],
        ["--database", "postgresql://u:pw@localhost/x", "list-sessions"],
        ["--database", "not a url", "list-sessions"],  # (a NUL cannot pass through a real argv: tested in-process)
        ["export-handout", "--session", "1", "-o", ""],
    ):
        result = subprocess.run([sys.executable, "-m", "couplecanvas", *arguments], env=env, cwd=tmp_path,
                                capture_output=True, text=True, encoding="utf-8", timeout=120)
        assert result.returncode == 2, (arguments, result.stderr)
        assert len(result.stderr.splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr
