"""Encryption at rest: the database is an SQLCipher file keyed with a random data key; the passphrase only wraps it.

- The DATA KEY (32 random bytes) is the raw SQLCipher key (`PRAGMA key = "x'<hex>'"`), so opening runs no key
  derivation at all: a key recalled from the keyring opens the database as fast as a plain file.
- The KEY FILE `<db>.keys` (JSON, version 1, mode 0600) holds the data key wrapped by the passphrase: scrypt (n=2**15,
  r=8, p=1) of the NFC-normalised passphrase with a fresh 16-byte salt gives 64 bytes; the first 32 XOR the data key
  (`wrapped`), the last 32 are an HMAC-SHA256 key over `wrapped` (`check`), so a wrong passphrase is known without
  touching the database. `key_id` (an HMAC of a fixed label under the data key) tells a wrong key from a damaged file.
- The RECOVERY KEY is the data key itself with a 2-byte checksum, in base32 groups of four. It opens the database
  even when the key file is lost; changing the passphrase does not change it.

Standard library only at import time; `sqlcipher3` is imported when a key is first used.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import sqlite3
import sys
import unicodedata
from pathlib import Path
from typing import Any

from couplecanvas.storage.errors import KeyFileError, StorageError, WrongPassphraseError
from couplecanvas.storage.private_files import write_atomically

__all__ = [
    "KeyFileError", "WrongPassphraseError", "is_encrypted", "has_passphrase", "key_file", "encrypt_database",
    "plain_backups", "unlock", "unlock_with_recovery_key", "change_passphrase", "format_recovery_key",
    "parse_recovery_key", "connect", "errors",
]

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
KEY_BYTES = 32
KEY_FILE_SUFFIX = ".keys"
KEY_FILE_VERSION = 1
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_SCRYPT_MAXMEM = 128 * SCRYPT_R * SCRYPT_N * 2  # twice what n and r need (32 MiB); hashlib's default is exactly 32
_KEY_ID_LABEL = b"couplecanvas data key id v1"
_CHECKSUM_BYTES = 2
_SQLITE_NOTADB = 26
_SMALLEST_PAGE = 512
WRONG_PASSPHRASE = "The passphrase is not right."


def key_file(path: Path) -> Path:
    """The key file beside the database: `<name>.keys`."""
    path = Path(path)
    return path.with_name(path.name + KEY_FILE_SUFFIX)


def is_encrypted(path: Path) -> bool:
    """The file exists, is not empty, and is not plain SQLite: an SQLCipher file (its first 16 bytes are a salt).

    A file that is neither (a PDF chosen by mistake) is told apart where possible: an SQLCipher file is whole pages
    long, or has its key file beside it."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file() or size == 0:
            return False
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError:
        return False
    if header == SQLITE_HEADER:
        return False
    return size % _SMALLEST_PAGE == 0 or key_file(path).is_file()


def has_passphrase(path: Path) -> bool:
    """The database at `path` is encrypted: it opens only with its passphrase (or its recovery key).

    A key file beside a plain file (a conversion stopped before the switch) does not count: that file is plain."""
    return is_encrypted(path)


def _nfc(passphrase: str) -> bytes:
    """The same passphrase typed on any keyboard or system gives the same bytes (é composed or not)."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _derive(passphrase: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> bytes:
    return hashlib.scrypt(_nfc(passphrase), salt=salt, n=n, r=r, p=p, maxmem=max(_SCRYPT_MAXMEM, 256 * r * n),
                          dklen=64)


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


def _key_id(key: bytes) -> bytes:
    return hmac.new(key, _KEY_ID_LABEL, hashlib.sha256).digest()[:16]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def write_key_file(path: Path, key: bytes, passphrase: str) -> None:
    """Wrap `key` with `passphrase` (fresh salt) into the key file beside `path`, atomically, mode 0600."""
    if len(key) != KEY_BYTES:
        raise ValueError("a data key is 32 bytes")
    if not passphrase:
        raise ValueError("the passphrase is empty")
    salt = secrets.token_bytes(16)
    derived = _derive(passphrase, salt)
    wrapped = _xor(derived[:KEY_BYTES], key)
    document = {
        "version": KEY_FILE_VERSION,
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": _b64(salt)},
        "wrapped": _b64(wrapped),
        "check": _b64(hmac.new(derived[KEY_BYTES:], wrapped, hashlib.sha256).digest()),
        "key_id": _b64(_key_id(key)),
    }
    write_atomically(key_file(path), (json.dumps(document, indent=2) + "\n").encode("ascii"))
    log.info("wrote the key file %s", key_file(path).name)


def _read_key_file(path: Path) -> dict:
    """The key file's fields, decoded and checked; KeyFileError naming the file when it is missing or unreadable."""
    keys = key_file(path)
    recovery = "The recovery key still opens the database."
    try:
        raw = keys.read_bytes()
    except FileNotFoundError as error:
        raise KeyFileError(f"The key file {keys} is missing, so the passphrase cannot open {Path(path).name}. "
                           f"{recovery}", str(keys)) from error
    except OSError as error:
        raise KeyFileError(f"The key file {keys} could not be read: {error.strerror or error}. {recovery}",
                           str(keys)) from error
    try:
        document = json.loads(raw)
        if document["version"] != KEY_FILE_VERSION or document["kdf"]["name"] != "scrypt":
            raise ValueError("unknown version")
        kdf = document["kdf"]
        fields: dict[str, Any] = {
            "salt": base64.b64decode(kdf["salt"], validate=True),
            "n": int(kdf["n"]), "r": int(kdf["r"]), "p": int(kdf["p"]),
            "wrapped": base64.b64decode(document["wrapped"], validate=True),
            "check": base64.b64decode(document["check"], validate=True),
            "key_id": base64.b64decode(document.get("key_id", ""), validate=True),
        }
        if len(fields["wrapped"]) != KEY_BYTES or len(fields["check"]) != 32 or not 2 <= fields["n"] <= 2**20:
            raise ValueError("wrong sizes")
        if fields["r"] not in range(1, 33) or fields["p"] not in range(1, 17) or fields["n"] & (fields["n"] - 1):
            raise ValueError("unusual scrypt parameters")
    except (ValueError, KeyError, TypeError) as error:
        raise KeyFileError(f"The key file {keys} is damaged ({error}). {recovery}", str(keys)) from error
    return fields


def key_matches_file(path: Path, key: bytes) -> bool | None:
    """Whether `key` is the one the key file wraps (None when there is no readable key file to say)."""
    try:
        fields = _read_key_file(path)
    except KeyFileError:
        return None
    if not fields["key_id"]:
        return None
    return hmac.compare_digest(fields["key_id"], _key_id(key))


def unlock(path: Path, passphrase: str) -> bytes:
    """The data key of the database at `path`, unwrapped with `passphrase` (about 0.1 s of scrypt).

    WrongPassphraseError when the passphrase is not right; KeyFileError when the key file is missing or damaged.
    The database itself is not touched."""
    fields = _read_key_file(path)
    derived = _derive(passphrase, fields["salt"], fields["n"], fields["r"], fields["p"])
    check = hmac.new(derived[KEY_BYTES:], fields["wrapped"], hashlib.sha256).digest()
    if not hmac.compare_digest(check, fields["check"]):
        log.info("a wrong passphrase was given for %s", Path(path).name)
        raise WrongPassphraseError(WRONG_PASSPHRASE)
    return _xor(derived[:KEY_BYTES], fields["wrapped"])


def format_recovery_key(key: bytes) -> str:
    """The recovery key to print and keep: the data key and a 2-byte checksum, base32 in dash-separated groups of 4.

    It is the data key itself, so it opens the database even without the key file; changing the passphrase does not
    change it (only re-encrypting with a new data key would)."""
    if len(key) != KEY_BYTES:
        raise ValueError("a data key is 32 bytes")
    text = base64.b32encode(key + hashlib.sha256(key).digest()[:_CHECKSUM_BYTES]).decode("ascii").rstrip("=")
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes:
    """The data key in a recovery key as typed: case, spaces and dashes do not matter (nor 0/1/8 for O/I/B).

    WrongPassphraseError when it is not a recovery key (wrong length, letters, or checksum)."""
    cleaned = "".join(text.split()).replace("-", "").upper().translate(str.maketrans("018", "OIB"))
    try:
        raw = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except ValueError as error:
        raise WrongPassphraseError("That is not a recovery key: check the letters and try again.") from error
    key, checksum = raw[:KEY_BYTES], raw[KEY_BYTES:]
    if len(raw) != KEY_BYTES + _CHECKSUM_BYTES or hashlib.sha256(key).digest()[:_CHECKSUM_BYTES] != checksum:
        raise WrongPassphraseError("That is not the recovery key: a letter is missing or mistyped. Try again.")
    return key


def unlock_with_recovery_key(path: Path, recovery: str) -> bytes:
    """The data key in the recovery key, checked by opening the database with it (no key file needed)."""
    key = parse_recovery_key(recovery)
    try:
        connect(path, key, read_only=True).close()
    except WrongPassphraseError:
        raise WrongPassphraseError(f"That recovery key does not open {Path(path).name}.") from None
    except errors() as error:
        raise WrongPassphraseError(f"{Path(path).name} could not be opened with the recovery key ({error}).") from error
    return key


def change_passphrase(path: Path, key: bytes, new_passphrase: str) -> None:
    """Wrap the data key with `new_passphrase` in a new key file (fresh salt); the database is not rewritten.

    The key is first checked to open the database, so a wrong key is never written. The recovery key stays the
    same; a lost key file is made anew this way (after unlock_with_recovery_key)."""
    if not new_passphrase:
        raise ValueError("the passphrase is empty")
    try:
        connect(path, key, read_only=True).close()
    except errors() + (WrongPassphraseError,) as error:
        raise StorageError(f"{path} could not be opened to check its key ({error}); the passphrase was not changed.") \
            from error
    try:
        write_key_file(path, key, new_passphrase)
    except OSError as error:
        raise KeyFileError(f"The key file {key_file(path)} could not be written: {error.strerror or error}. "
                           "The old passphrase still works.", str(key_file(path))) from error


def encrypt_database(path: Path, passphrase: str) -> tuple[bytes, str]:
    """Convert the plain database at `path` (and its plain backups) to SQLCipher; returns (data key, recovery key).

    Nothing may have the file open. See cipher_convert.encrypt_database for the steps and guarantees."""
    from couplecanvas.storage.cipher_convert import encrypt_database as convert

    return convert(Path(path), passphrase)


def plain_backups(path: Path) -> list[Path]:
    """Backups of the database at `path` that are still plain SQLite (a conversion could not encrypt them)."""
    from couplecanvas.storage.cipher_convert import plain_backups as find

    return find(Path(path))


def errors(kind: str = "Error") -> tuple[type[BaseException], ...]:
    """The DBAPI exception classes named `kind` of both drivers in use, for `except` clauses (sqlite3's, and
    sqlcipher3's once it is imported: only then can it raise)."""
    found: list[type[BaseException]] = [getattr(sqlite3, kind)]
    module = sys.modules.get("sqlcipher3.dbapi2")
    if module is not None:
        found.append(getattr(module, kind))
    return tuple(found)


_quiet = False


def _driver():
    """sqlcipher3's DBAPI module; its own error logging on stderr is switched off once (messages are ours)."""
    global _quiet
    from sqlcipher3 import dbapi2

    if not _quiet:
        # SQLCipher writes "hmac check failed" lines to stderr for a wrong key: the CLI's stderr is one calm line.
        probe = dbapi2.connect(":memory:")
        try:
            probe.execute("PRAGMA cipher_log_level = NONE")
        finally:
            probe.close()
        _quiet = True
    return dbapi2


def dbapi_module(key: bytes | None):
    """The DBAPI module that opens a database with this key (None: plain sqlite3)."""
    return sqlite3 if key is None else _driver()


def connect(path: Path, key: bytes | None, *, read_only: bool = False, timeout: float = 5.0, create: bool = False,
            check_same_thread: bool = True):
    """A DBAPI connection to the file at `path`: sqlcipher3 keyed with the raw data key, or plain sqlite3 (key None).

    The file must exist unless `create` (mode=ro / rw / rwc). A keyed connection is checked at once: a key that
    does not open the file raises WrongPassphraseError, unless the key file says the key is right (then the file is
    damaged and SQLite's own error comes through)."""
    mode = "ro" if read_only else ("rwc" if create else "rw")
    uri = f"{Path(path).resolve().as_uri()}?mode={mode}"
    if key is None:
        return sqlite3.connect(uri, uri=True, timeout=timeout, check_same_thread=check_same_thread)
    if len(key) != KEY_BYTES:
        raise ValueError("a data key is 32 bytes")
    driver = _driver()
    connection = driver.connect(uri, uri=True, timeout=timeout, check_same_thread=check_same_thread)
    try:
        # The key must be the first statement; x'..' makes it a raw key (no key derivation).
        connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except driver.DatabaseError as error:
        connection.close()
        if getattr(error, "sqlite_errorcode", None) == _SQLITE_NOTADB and key_matches_file(path, key) is not True:
            raise WrongPassphraseError(f"The key does not open {Path(path).name}.") from None
        raise
    return connection
