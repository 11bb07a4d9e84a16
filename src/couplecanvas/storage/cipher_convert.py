"""Converting a plain database and its backups to SQLCipher, checked before anything old is touched.

The new file is written beside the old one with `sqlcipher_export`, then verified (integrity_check,
cipher_integrity_check, the same schema, user_version and rows in every table); only then is the key file written and
the new file renamed over the old. Anything that fails before the rename leaves the old file byte for byte as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import secrets
from pathlib import Path

from couplecanvas.storage import cipher
from couplecanvas.storage.errors import EncryptionError
from couplecanvas.storage.private_files import create_file, fsync_file, fsync_folder

log = logging.getLogger(__name__)

_TEMP = ".encrypting.tmp"


def encrypt_database(path: Path, passphrase: str) -> tuple[bytes, str]:
    """Encrypt the plain database at `path` with a new random data key wrapped by `passphrase`; then its backups.

    Returns (data key, recovery key text). EncryptionError (naming the file) when it cannot be done; the old file is
    then untouched and no temporary file is left. A backup that cannot be converted stays as it was and is logged
    (`cipher.plain_backups` lists them). Nothing may have the database open meanwhile."""
    if not passphrase:
        raise ValueError("the passphrase is empty")
    path = Path(path)
    if cipher.is_encrypted(path):
        raise EncryptionError(f"{path} is already encrypted; change its passphrase instead.")
    if not path.is_file() or path.stat().st_size == 0:
        raise EncryptionError(f"There is no database at {path} to encrypt.")
    key = secrets.token_bytes(cipher.KEY_BYTES)
    _checkpoint(path)
    temp = path.with_name(f".{path.name}{_TEMP}")
    keys_written = False
    try:
        export_encrypted(path, temp, key)
        keys = cipher.key_file(path)
        try:
            cipher.write_key_file(path, key, passphrase)
        except OSError as error:
            raise EncryptionError(f"The key file {keys} could not be written ({error.strerror or error}); "
                                  f"{path} was left as it was, unencrypted.") from error
        keys_written = True
        for suffix in ("-wal", "-shm"):  # checkpointed and empty: they belong to the plain file
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        os.replace(temp, path)
    except BaseException:
        _remove(temp)
        if keys_written:
            cipher.key_file(path).unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)
    log.info("encrypted %s", path.name)
    _encrypt_backups(path, key)
    return key, cipher.format_recovery_key(key)


def _remove(temp: Path) -> None:
    for name in (temp, temp.with_name(temp.name + "-journal"), temp.with_name(temp.name + "-wal"),
                 temp.with_name(temp.name + "-shm")):
        with contextlib.suppress(OSError):
            name.unlink(missing_ok=True)


def _checkpoint(path: Path) -> None:
    """Fold the plain file's WAL into it (TRUNCATE), so the file alone holds everything; busy means another program
    has it open, and then nothing is converted."""
    try:
        connection = cipher.connect(path, None, timeout=5)
        try:
            busy, _log, _done = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            connection.close()
    except cipher.errors() as error:
        raise EncryptionError(f"{path} could not be read to encrypt it ({error}). It was left as it was.") from error
    if busy:
        raise EncryptionError(f"{path} is open in another program; close it and try again. It was left as it was.")


def export_encrypted(source: Path, target: Path, key: bytes, source_key: bytes | None = None) -> None:
    """Write `source` into the new file `target` (0600) encrypted with `key`, verify it, and flush it to disk."""
    where = source.name
    _remove(target)
    try:
        create_file(target)
    except OSError as error:
        raise EncryptionError(f"{source} could not be encrypted: the new file {target.name} could not be made in "
                              f"{target.parent} ({error.strerror or error}). It was left as it was.") from error
    try:
        # An sqlcipher3 connection even when the source is plain: only it can ATTACH with a KEY. Not read-only: an
        # attached file is opened with the main file's flags. sqlcipher_export only reads the source.
        if source_key is None:
            connection = cipher.dbapi_module(key).connect(f"{source.resolve().as_uri()}?mode=rw", uri=True, timeout=5)
        else:
            connection = cipher.connect(source, source_key, timeout=5)
        try:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise EncryptionError(f"{source} is damaged ({'; '.join(problems[:3])}), so it was not encrypted. "
                                      "It was left as it was; restore a backup first.")
            connection.execute("ATTACH DATABASE ? AS enc KEY ?", (str(target), f"x'{key.hex()}'"))
            connection.execute("SELECT sqlcipher_export('enc')")
            version = connection.execute("PRAGMA main.user_version").fetchone()[0]
            application = connection.execute("PRAGMA main.application_id").fetchone()[0]
            connection.execute(f"PRAGMA enc.user_version = {int(version)}")
            connection.execute(f"PRAGMA enc.application_id = {int(application)}")
            connection.execute("DETACH DATABASE enc")
        finally:
            connection.close()
        differences = _differences(source, source_key, target, key)
    except cipher.errors() as error:
        raise EncryptionError(f"{where} could not be encrypted ({error}). It was left as it was.") from error
    if differences:
        raise EncryptionError(f"The encrypted copy of {where} did not match it ({differences[0]}), so {where} was "
                              "left as it was, unencrypted.")
    fsync_file(target)


def _differences(old: Path, old_key: bytes | None, new: Path, new_key: bytes) -> list[str]:
    """What differs between the two files' contents (empty: the new one is sound and holds the same)."""
    before = _fingerprint(old, old_key)
    after = _fingerprint(new, new_key, check_cipher=True)
    if after.get("!check"):
        return [f"the copy failed its check: {after['!check']}"]
    return [f"table {name} differs" for name in sorted(set(before) | set(after)) if before.get(name) != after.get(name)]


def _fingerprint(path: Path, key: bytes | None, *, check_cipher: bool = False) -> dict[str, str]:
    """A digest of the schema, user_version and every table's rows (ordered by all columns, so row order and rowid
    do not matter; text as raw bytes, so no decoding hides a difference)."""
    # Not read-only: a read-only connection cannot tidy a WAL file's -wal/-shm away when it closes.
    connection = cipher.connect(path, key, timeout=5)
    result: dict[str, str] = {}
    try:
        if check_cipher:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            problems = [] if problems == ["ok"] else problems
            problems += [str(row) for row in connection.execute("PRAGMA cipher_integrity_check")]
            if problems:
                return {"!check": "; ".join(problems[:3])}
        connection.text_factory = bytes
        schema = sorted(connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                                           "WHERE name NOT LIKE 'sqlite_autoindex_%'").fetchall())
        result["!schema"] = repr(schema)
        result["!user_version"] = repr(connection.execute("PRAGMA user_version").fetchone())
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
            table = name.decode() if isinstance(name, bytes) else name
            quoted = '"' + table.replace('"', '""') + '"'
            columns = len(connection.execute(f"SELECT * FROM {quoted} LIMIT 0").description)
            order = ", ".join(str(n) for n in range(1, columns + 1))
            digest = hashlib.sha256()
            count = 0
            for row in connection.execute(f"SELECT * FROM {quoted} ORDER BY {order}"):
                digest.update(repr(row).encode())
                count += 1
            result[table] = f"{count}:{digest.hexdigest()}"
    finally:
        connection.close()
    return result


def _backups(path: Path) -> list[Path]:
    from couplecanvas.storage.backups import backups_folder, is_backup_name

    folder = backups_folder(path)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and is_backup_name(p) and p.name.startswith(path.stem))


def plain_backups(path: Path) -> list[Path]:
    """The backups of `path` that are plain SQLite files."""
    plain = []
    for backup in _backups(path):
        with contextlib.suppress(OSError), backup.open("rb") as handle:
            if handle.read(len(cipher.SQLITE_HEADER)) == cipher.SQLITE_HEADER:
                plain.append(backup)
    return plain


def _encrypt_backups(path: Path, key: bytes) -> list[Path]:
    """Encrypt every plain backup of `path` with the same key, each checked before it replaces the plain one."""
    failed = []
    for backup in plain_backups(path):
        temp = backup.with_name(f".{backup.name}{_TEMP}")
        try:
            export_encrypted(backup, temp, key)
            os.replace(temp, backup)
            fsync_folder(backup.parent)
            log.info("encrypted the backup %s", backup.name)
        except (EncryptionError, OSError) as error:
            _remove(temp)
            failed.append(backup)
            log.warning("the backup %s could not be encrypted and stays plain: %s", backup.name, error)
    return failed
