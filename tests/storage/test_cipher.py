"""Encryption at rest: canaries absent from the encrypted file, its WAL and its backups; passphrases; the recovery key;
converting a plain database (and its backups) with equal contents; failures that leave the old file as it was."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from couplecanvas.domain.board import Board, Card
from couplecanvas.domain.couple import Couple, Partner
from couplecanvas.domain.session import PrivateNote, Session
from couplecanvas.storage import cipher
from couplecanvas.storage.backups import backups_folder, list_backups, make_backup, newest_good_backup, restore_backup
from couplecanvas.storage.database import open_database, sqlite_url
from couplecanvas.storage.errors import EncryptionError, KeyFileError, KeyNeededError, WrongPassphraseError
from couplecanvas.storage.migrations_meta import HEAD
from couplecanvas.storage.repository import Repository
from couplecanvas.storage.sqlite_file import check_database, inspect_sqlite_file

NOTE_CANARY = "damson-canary, said only to the therapist"
CARD_CANARY = "quince-canary on the board"
PASSPHRASE = "lonely river at dusk"


def _fill(repository: Repository) -> int:
    """A couple, a session with a card and a private note holding the canaries; returns the session's id."""
    couple = repository.add_couple(Couple(Partner("Maya", "Sun"), Partner("Jordan", "Moon")))
    session = repository.add_session(Session(couple.id, dt.date(2026, 12, 1), "First map"))
    board = Board(session_id=session.id)
    board.add_card(Card(text=CARD_CANARY, x=10, y=20))
    repository.replace_board(session.id, board)
    repository.save_private_note(PrivateNote(session.id, NOTE_CANARY))
    return session.id


def _plain_database(path: Path) -> None:
    repository = Repository(open_database(sqlite_url(path)))
    try:
        _fill(repository)
    finally:
        repository.close()


def _holds_canary(path: Path) -> bool:
    data = path.read_bytes()
    return any(canary.encode() in data for canary in (NOTE_CANARY, CARD_CANARY, "damson-canary", "quince-canary"))


def _dump(path: Path, key: bytes | None) -> dict[str, list]:
    """Every table's rows, sorted, and the schema."""
    connection = cipher.connect(path, key, read_only=True)
    try:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY 1")]
        dump = {table: sorted(map(repr, connection.execute(f'SELECT * FROM "{table}"'))) for table in tables}
        dump["!schema"] = sorted(connection.execute("SELECT type, name, sql FROM sqlite_master"))
    finally:
        connection.close()
    return dump


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_plain_database_shows_its_canaries_and_the_encrypted_one_hides_them_in_file_wal_and_backup(tmp_path):
    plain = tmp_path / "plain" / "couplecanvas.db"
    _plain_database(plain)
    assert _holds_canary(plain)  # the scan finds what is there

    path = tmp_path / "enc" / "couplecanvas.db"
    key = os.urandom(32)
    repository = Repository(open_database(sqlite_url(path), key=key))
    try:
        session_id = _fill(repository)
        wal = path.with_name(path.name + "-wal")
        assert wal.stat().st_size > 0  # the open connection's changes sit in the WAL
        assert not _holds_canary(path) and not _holds_canary(wal)
        backup = make_backup(path, "daily", key=key)
        assert not _holds_canary(backup)
        assert repository.database.key == key
        assert repository.load_private_note(session_id).text == NOTE_CANARY
    finally:
        repository.close()
    assert cipher.is_encrypted(path) and cipher.is_encrypted(backup)
    assert not _holds_canary(path)
    assert [info.couples for info in list_backups(backups_folder(path), key)] == [1]
    assert _dump(backup, key) == _dump(path, key)


def test_converting_keeps_every_table_equal_and_encrypts_the_plain_backups(tmp_path):
    path = tmp_path / "couplecanvas.db"
    _plain_database(path)
    backup = make_backup(path, "daily")
    before, backup_before = _dump(path, None), _dump(backup, None)
    assert _holds_canary(backup)

    key, recovery = cipher.encrypt_database(path, PASSPHRASE)

    assert cipher.is_encrypted(path) and cipher.has_passphrase(path)
    assert _dump(path, key) == before
    assert not _holds_canary(path)
    assert cipher.plain_backups(path) == []
    assert cipher.is_encrypted(backup) and not _holds_canary(backup)
    assert _dump(backup, key) == backup_before
    assert cipher.unlock(path, PASSPHRASE) == key
    assert cipher.parse_recovery_key(recovery) == key
    assert [p.name for p in tmp_path.iterdir() if "tmp" in p.name] == []
    with pytest.raises(KeyNeededError):
        open_database(sqlite_url(path))
    database = open_database(sqlite_url(path), key=key)
    try:
        assert Repository(database).load_private_note(1).text == NOTE_CANARY
    finally:
        database.dispose()


def test_a_wrong_passphrase_or_key_is_refused_and_nothing_is_written(tmp_path):
    path = tmp_path / "couplecanvas.db"
    _plain_database(path)
    key, _ = cipher.encrypt_database(path, PASSPHRASE)
    digest, keys = _digest(path), _digest(cipher.key_file(path))
    with pytest.raises(WrongPassphraseError, match="The passphrase is not right."):
        cipher.unlock(path, "lonely river at dawn")
    with pytest.raises(WrongPassphraseError) as raised:
        open_database(sqlite_url(path), key=os.urandom(32))
    assert not getattr(raised.value, "damaged", False)
    assert (_digest(path), _digest(cipher.key_file(path))) == (digest, keys)
    # The same passphrase, composed differently (NFC), is the same passphrase.
    cipher.change_passphrase(path, key, "caf\u00e9 au lait")
    assert cipher.unlock(path, "cafe\u0301 au lait") == key


def test_changing_the_passphrase_rewraps_the_key_only(tmp_path):
    path = tmp_path / "couplecanvas.db"
    _plain_database(path)
    key, recovery = cipher.encrypt_database(path, PASSPHRASE)
    digest, old_keys = _digest(path), cipher.key_file(path).read_bytes()

    cipher.change_passphrase(path, key, "a new and longer passphrase")

    with pytest.raises(WrongPassphraseError):
        cipher.unlock(path, PASSPHRASE)
    assert cipher.unlock(path, "a new and longer passphrase") == key
    assert cipher.unlock_with_recovery_key(path, recovery) == key
    assert _digest(path) == digest
    assert cipher.key_file(path).read_bytes() != old_keys  # a fresh salt
    with pytest.raises(Exception, match="not changed"):
        cipher.change_passphrase(path, os.urandom(32), "never written")
    assert cipher.unlock(path, "a new and longer passphrase") == key


def test_a_lost_key_file_is_named_and_the_recovery_key_still_opens_the_database(tmp_path):
    path = tmp_path / "couplecanvas.db"
    _plain_database(path)
    key, recovery = cipher.encrypt_database(path, PASSPHRASE)
    cipher.key_file(path).unlink()
    with pytest.raises(KeyFileError, match=r"couplecanvas\.db\.keys.*recovery key"):
        cipher.unlock(path, PASSPHRASE)
    typed = recovery.lower().replace("-", " ")  # as a therapist might type it from paper
    assert cipher.unlock_with_recovery_key(path, typed) == key
    wrong = cipher.format_recovery_key(os.urandom(32))
    with pytest.raises(WrongPassphraseError):
        cipher.unlock_with_recovery_key(path, wrong)
    with pytest.raises(WrongPassphraseError):
        cipher.unlock_with_recovery_key(path, recovery[:-2] + ("AA" if not recovery.endswith("AA") else "BB"))
    cipher.change_passphrase(path, key, "made anew")
    assert cipher.unlock(path, "made anew") == key


def test_a_damaged_key_file_is_named(tmp_path):
    path = tmp_path / "couplecanvas.db"
    _plain_database(path)
    cipher.encrypt_database(path, PASSPHRASE)
    cipher.key_file(path).write_text('{"version": 1, "kdf": {}}')
    with pytest.raises(KeyFileError, match="damaged.*recovery key"):
        cipher.unlock(path, PASSPHRASE)


def test_a_failure_after_the_check_leaves_the_old_file_byte_identical(tmp_path):
    path = tmp_path / "couplecanvas.db"
    _plain_database(path)
    make_backup(path, "daily")
    digest = _digest(path)
    blocker = cipher.key_file(path)
    blocker.mkdir()
    (blocker / "in-the-way").write_text("a folder where the key file goes")
    with pytest.raises(EncryptionError, match=r"couplecanvas\.db\.keys"):
        cipher.encrypt_database(path, PASSPHRASE)
    assert _digest(path) == digest and not cipher.is_encrypted(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "couplecanvas.db", "couplecanvas.db.keys"]
    assert len(cipher.plain_backups(path)) == 1  # the backups are converted only after the database


def test_a_damaged_plain_file_is_not_converted_and_is_left_as_it_was(tmp_path):
    path = tmp_path / "couplecanvas.db"
    _plain_database(path)
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name='cards'").fetchone()[0]
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    data[start + 8:start + 200] = b"\xff" * 192  # the cards table's page is garbage
    path.write_bytes(bytes(data))
    digest = _digest(path)
    with pytest.raises(EncryptionError, match=r"couplecanvas\.db"):
        cipher.encrypt_database(path, PASSPHRASE)
    assert _digest(path) == digest
    assert not cipher.key_file(path).exists()
    assert [p.name for p in tmp_path.iterdir()] == ["couplecanvas.db"]


def test_an_encrypted_file_without_its_key_needs_a_passphrase_and_is_never_called_damaged(tmp_path):
    path = tmp_path / "couplecanvas.db"
    _plain_database(path)
    key, _ = cipher.encrypt_database(path, PASSPHRASE)
    with pytest.raises(KeyNeededError) as raised:
        open_database(sqlite_url(path))
    assert raised.value.needs_key and not raised.value.damaged
    assert "passphrase" in str(raised.value)
    with pytest.raises(KeyNeededError):
        inspect_sqlite_file(path)
    assert "encrypted" in check_database(path)[0]
    assert inspect_sqlite_file(path, key) == HEAD
    assert check_database(path, key) == []


def test_a_damaged_encrypted_file_with_the_right_key_is_damaged(tmp_path):
    path = tmp_path / "couplecanvas.db"
    _plain_database(path)
    key, _ = cipher.encrypt_database(path, PASSPHRASE)
    data = bytearray(path.read_bytes())
    data[100:200] = bytes(100)  # page 1 no longer passes its HMAC
    path.write_bytes(bytes(data))
    with pytest.raises(Exception) as raised:
        open_database(sqlite_url(path), key=key)
    assert getattr(raised.value, "damaged", False)


def test_backups_of_an_encrypted_database_are_checked_and_restored_with_the_key(tmp_path):
    path = tmp_path / "couplecanvas.db"
    _plain_database(path)
    key, _ = cipher.encrypt_database(path, PASSPHRASE)
    backup = make_backup(path, "daily", key=key)
    assert newest_good_backup(backups_folder(path)) is None  # unreadable without the key, and never pruned
    assert backup.exists()
    assert newest_good_backup(backups_folder(path), key).path == backup
    database = open_database(sqlite_url(path), key=key)
    Repository(database).save_private_note(PrivateNote(1, "changed after the backup"))
    database.dispose()
    restore_backup(backup, path, key)
    assert cipher.is_encrypted(path)
    database = open_database(sqlite_url(path), key=key)
    try:
        assert Repository(database).load_private_note(1).text == NOTE_CANARY
    finally:
        database.dispose()


def test_files_and_folders_are_private_whatever_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        path = tmp_path / "data" / "couplecanvas.db"
        database = open_database(sqlite_url(path))
        try:
            Repository(database).add_couple(Couple(Partner("Maya"), Partner("Jordan")))
            made = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
            assert [stat.S_IMODE(p.stat().st_mode) for p in made] == [0o600] * 3
        finally:
            database.dispose()
        backup = make_backup(path, "daily")
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE(backup.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
        cipher.encrypt_database(path, PASSPHRASE)
        for made in (path, cipher.key_file(path), backup):
            assert stat.S_IMODE(made.stat().st_mode) == 0o600, made.name
    finally:
        os.umask(old)


def test_engines_hide_sql_parameters(tmp_path):
    database = open_database(sqlite_url(tmp_path / "couplecanvas.db"), key=os.urandom(32))
    try:
        assert database.engine.hide_parameters
        assert "key" not in repr(database) or database.key.hex() not in repr(database)
    finally:
        database.dispose()


def test_the_recovery_key_reads_back_however_it_is_typed():
    key = bytes(range(32))
    text = cipher.format_recovery_key(key)
    groups = text.split("-")
    assert all(len(group) == 4 for group in groups[:-1]) and text == text.upper()
    assert cipher.parse_recovery_key(text) == key
    assert cipher.parse_recovery_key(" ".join(groups).lower()) == key
    assert cipher.parse_recovery_key(text.replace("O", "0").replace("I", "1")) == key
    with pytest.raises(WrongPassphraseError):
        cipher.parse_recovery_key(text[:-1])


def test_an_encrypted_database_of_an_older_schema_is_backed_up_encrypted_and_migrated(tmp_path):
    from couplecanvas.storage.database import migrate

    path = tmp_path / "couplecanvas.db"
    path.touch()
    migrate(f"sqlite:///{path}", "0001")
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("INSERT INTO couples (id, is_sample, use_aliases, archived) VALUES (1, 0, 0, 0)")
        connection.execute("INSERT INTO sessions (id, couple_id, date, title) VALUES (1, 1, '2026-01-02', '')")
        connection.commit()
    key, _ = cipher.encrypt_database(path, PASSPHRASE)
    assert inspect_sqlite_file(path, key) == "0001"

    database = open_database(sqlite_url(path), key=key)
    try:
        assert [session.id for session in Repository(database).list_sessions(1)] == [1]
    finally:
        database.dispose()
    assert inspect_sqlite_file(path, key) == HEAD
    [backup] = list((tmp_path / "backups").glob("*-migration.db"))
    assert cipher.is_encrypted(backup) and inspect_sqlite_file(backup, key) == "0001"


def test_a_failed_save_names_no_words_of_the_note(tmp_path):
    from couplecanvas.storage.errors import DatabaseWriteError

    path = tmp_path / "couplecanvas.db"
    _plain_database(path)
    database = open_database(sqlite_url(path))
    blocker = sqlite3.connect(path, timeout=0)
    try:
        blocker.execute("BEGIN EXCLUSIVE")
        with pytest.raises(DatabaseWriteError) as raised:
            Repository(database).save_private_note(PrivateNote(1, f"{NOTE_CANARY} again"))
        told = f"{raised.value} {raised.value.__cause__!r} {raised.value.__cause__}"
        assert "damson" not in told and "database is locked" in told.lower()
    finally:
        blocker.rollback()
        blocker.close()
        database.dispose()
