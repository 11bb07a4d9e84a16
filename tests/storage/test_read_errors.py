"""Reads fail as writes do: a damaged, locked, altered or unreadable SQLite file gives a StorageError naming the file.

Every case breaks a real database file from outside (garbage bytes, a second connection's lock, tables renamed by
raw sqlite3, permissions), never a mock; and where the damage can be undone, the data is checked to be all there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

from couplecanvas.domain import Assignment, PartnerRole, Session, Who
from couplecanvas.domain.homework import Origin, load_builtin_library
from couplecanvas.domain.practice import Practice
from couplecanvas.domain.progress import Caught, ProgressCheck
from couplecanvas.domain.safety import Outcome, Screening
from couplecanvas.domain.sample import build_sample
from couplecanvas.storage.database import open_database
from couplecanvas.storage.errors import DatabaseReadError, DatabaseWriteError, StorageError
from couplecanvas.storage.repository import Repository


@dataclasses.dataclass
class Stored:
    """A repository on a real file, filled with one of everything, and the ids to read it back by."""

    repository: Repository
    path: Path
    couple_id: int
    first_id: int
    second: Session


# Every read of the Repository, with what its message names. Called with the Stored data.
READS: dict[str, tuple[str, Callable[[Stored], object]]] = {
    "count_couples": ("the number of couples", lambda s: s.repository.count_couples()),
    "list_couples": ("the couples", lambda s: s.repository.list_couples(include_archived=True)),
    "get_couple": ("the couple", lambda s: s.repository.get_couple(s.couple_id)),
    "list_sessions": ("the sessions", lambda s: s.repository.list_sessions(s.couple_id)),
    "get_session": ("the session", lambda s: s.repository.get_session(s.first_id)),
    "latest_earlier_session": ("the sessions", lambda s: s.repository.latest_earlier_session(s.second)),
    "load_board": ("the board", lambda s: s.repository.load_board(s.first_id)),
    "list_assignments": ("the homework", lambda s: s.repository.list_assignments(s.first_id)),
    "homework_history": ("the homework history", lambda s: s.repository.homework_history(s.couple_id)),
    "list_own_exercises": ("your exercises", lambda s: s.repository.list_own_exercises()),
    "get_practice": ("the practice's details", lambda s: s.repository.get_practice()),
    "get_screening": ("the screening record", lambda s: s.repository.get_screening(s.couple_id)),
    "load_private_note": ("the private note", lambda s: s.repository.load_private_note(s.first_id)),
    "progress_checks": ("the progress checks", lambda s: s.repository.progress_checks(s.second.id)),
    "progress_history": ("the progress checks", lambda s: s.repository.progress_history(s.couple_id)),
    "list_activity": ("the activity log", lambda s: s.repository.list_activity()),
}
# The rest of the Repository writes (and raises DatabaseWriteError); latest_earlier_session is a read made of reads.
WRITES = {
    "add_couple", "update_couple", "add_session", "update_session", "save_board_changes", "replace_board",
    "add_assignment", "update_assignment", "remove_assignment", "save_exercise", "delete_exercise", "save_practice",
    "save_private_note", "add_sample", "close", "save_screening", "save_progress_check", "import_couple",
    "delete_couple", "record_activity",
}
# Every table a read touches (alembic_version is read only when the database is opened).
TABLES = ("couples", "partners", "sessions", "cards", "connectors", "strokes", "assignments", "exercises", "practice",
          "private_notes", "screenings", "progress_checks", "activity")


@pytest.fixture
def stored(tmp_path) -> Iterator[Stored]:
    path = tmp_path / "drive" / "couplecanvas.db"  # a folder of its own, like a disk that can go away
    repository = Repository(open_database(f"sqlite:///{path}"))
    couple, first = repository.add_sample(build_sample())
    assert couple.id is not None and first.id is not None
    second = repository.add_session(Session(couple.id, first.date + dt.timedelta(days=7), "Second"),
                                    board_from=first.id)
    assert second.id is not None
    repository.add_assignment(Assignment(second.id, "daily-check-in", Who.BOTH, "after dinner"))
    builtin = load_builtin_library().get("daily-check-in")
    repository.save_exercise(dataclasses.replace(builtin, key="my-walk", title="A walk", origin=Origin.OWN))
    repository.save_practice(Practice("Harbour Couples", "0123 456"))
    repository.save_screening(Screening(couple.id, Outcome.NO_CONCERNS, first.date, "seen apart"))
    repository.save_progress_check(ProgressCheck(second.id, PartnerRole.A, 6, Caught.ONCE))
    yield Stored(repository, path, couple.id, first.id, second)
    repository.close()


def _everything(s: Stored) -> list[object]:
    """All the data, read back through every read."""
    return [read(s) for _what, read in READS.values()]


def _short_busy_timeout(repository: Repository) -> None:
    """Wait 50 ms rather than 5 s for a lock, on every connection from now on (SQLite's own busy_timeout pragma)."""

    def set_timeout(dbapi_connection, _record) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=50")

    event.listen(repository.database.engine, "connect", set_timeout, insert=True)
    repository.close()  # the pooled connections go; the next ones are made with the short timeout


def _assert_every_read_fails(s: Stored, reason: str) -> None:
    for name, (what, read) in READS.items():
        with pytest.raises(DatabaseReadError) as raised:
            read(s)
        message = str(raised.value)
        assert message.startswith(f"Could not read {what} from {s.path}: "), (name, message)
        assert reason in message, (name, message)
        assert raised.value.path == str(s.path)
        assert isinstance(raised.value, StorageError)


def test_every_public_method_is_known_as_a_read_or_a_write():
    public = {name for name in vars(Repository) if not name.startswith("_") and callable(getattr(Repository, name))}
    assert public == set(READS) | WRITES


def test_a_lock_held_by_another_program_fails_every_read_and_loses_nothing(stored):
    before = _everything(stored)
    _short_busy_timeout(stored.repository)
    other = sqlite3.connect(stored.path, isolation_level=None)
    try:
        # In WAL mode BEGIN EXCLUSIVE alone lets readers through; in exclusive locking mode the lock keeps them out.
        other.execute("PRAGMA locking_mode=EXCLUSIVE")
        other.execute("BEGIN EXCLUSIVE")
        other.execute("UPDATE sessions SET title = 'changed by another program'")
        _assert_every_read_fails(stored, "database is locked")
        with pytest.raises(DatabaseReadError, match="Another program is using the database"):
            stored.repository.list_couples()
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert _everything(stored) == before


def test_a_write_under_the_same_lock_still_fails_as_before(stored):
    _short_busy_timeout(stored.repository)
    other = sqlite3.connect(stored.path, isolation_level=None)
    try:
        other.execute("PRAGMA locking_mode=EXCLUSIVE")
        other.execute("BEGIN EXCLUSIVE")
        other.execute("UPDATE sessions SET title = title")
        with pytest.raises(DatabaseWriteError) as raised:
            stored.repository.save_practice(Practice("Elsewhere"))
        assert (
            str(raised.value) == "The database is busy in another program, so the last change could not be saved yet."
        )
    finally:
        other.close()
    assert stored.repository.get_practice().name == "Harbour Couples"


def _overwrite_pages(path: Path, pages: list[int]) -> None:
    """Write garbage over whole pages (numbered from 1, as SQLite does), as a failing disk or a stray program would."""
    page_size = sqlite3.connect(path).execute("PRAGMA page_size").fetchone()[0]
    with path.open("r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * page_size)
            handle.write(b"\xde\xad\xbe\xef" * (page_size // 4))


def _root_pages(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        return dict(connection.execute("SELECT name, rootpage FROM sqlite_master WHERE type = 'table'"))
    finally:
        connection.close()


def test_garbage_over_the_middle_of_the_file_fails_every_read_and_leaves_the_file_as_it_is(stored):
    stored.repository.close()  # every connection closed: the WAL is in the file, which is now whole
    page_count = stored.path.stat().st_size // 4096
    assert page_count > 10
    _overwrite_pages(stored.path, list(range(2, page_count)))  # all but the first page (the header) and the last
    damaged = stored.path.read_bytes()
    _assert_every_read_fails(stored, "database disk image is malformed")
    with pytest.raises(DatabaseReadError, match="The file is damaged"):
        stored.repository.list_couples()
    stored.repository.close()
    assert stored.path.read_bytes() == damaged  # reading changed nothing, not even the damage


def test_one_damaged_table_names_what_could_not_be_read_and_the_rest_still_reads(stored):
    couples = stored.repository.list_couples()
    stored.repository.close()
    _overwrite_pages(stored.path, [_root_pages(stored.path)["sessions"]])
    with pytest.raises(DatabaseReadError) as raised:
        stored.repository.list_sessions(stored.couple_id)
    assert str(raised.value).startswith(f"Could not read the sessions from {stored.path}: ")
    assert stored.repository.list_couples() == couples


def test_tables_renamed_under_the_open_repository_fail_every_read_and_lose_nothing(stored):
    before = _everything(stored)  # the repository's connections stay open while the tables move
    other = sqlite3.connect(stored.path, isolation_level=None)
    try:
        for table in TABLES:
            other.execute(f"ALTER TABLE {table} RENAME TO moved_{table}")
        _assert_every_read_fails(stored, "no such table")
        for table in TABLES:
            other.execute(f"ALTER TABLE moved_{table} RENAME TO {table}")
    finally:
        other.close()
    assert _everything(stored) == before


def test_a_dropped_table_fails_its_reads(stored):
    other = sqlite3.connect(stored.path, isolation_level=None)
    try:
        other.execute("DROP TABLE private_notes")
    finally:
        other.close()
    with pytest.raises(
        DatabaseReadError, match=r"^Could not read the private note from .*no such table: private_notes"
    ):
        stored.repository.load_private_note(stored.first_id)


def test_a_disk_that_went_away_fails_every_read_and_loses_nothing(stored):
    before = _everything(stored)
    stored.repository.close()
    drive = stored.path.parent
    drive.rename(drive.with_name("unplugged"))
    try:
        _assert_every_read_fails(stored, "unable to open database file")
        with pytest.raises(DatabaseReadError, match="Check that the file still exists"):
            stored.repository.get_practice()
        assert not drive.exists()  # reading did not make a new, empty database in its place
    finally:
        drive.with_name("unplugged").rename(drive)
    assert _everything(stored) == before


def test_a_file_that_cannot_be_opened_any_more_fails_every_read_and_loses_nothing(stored):
    before = _everything(stored)
    stored.repository.close()
    mode = stored.path.stat().st_mode
    stored.path.chmod(0)
    try:
        try:
            stored.path.open("rb").close()
        except PermissionError:
            pass
        else:
            pytest.skip("chmod 000 does not keep this user out (root)")
        _assert_every_read_fails(stored, "unable to open database file")
    finally:
        stored.path.chmod(mode)
    assert _everything(stored) == before


def test_a_missing_row_is_still_not_found_and_not_a_read_error(stored):
    from couplecanvas.storage.errors import NotFound

    with pytest.raises(NotFound):
        stored.repository.get_session(10_000)
    with pytest.raises(NotFound):
        stored.repository.get_couple(10_000)
