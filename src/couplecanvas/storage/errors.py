"""Errors a user can cause or meet, each with a message fit to show them."""

from __future__ import annotations


class StorageError(Exception):
    """A problem with the database; `str(error)` is a calm message for the user."""


class DatabaseOpenError(StorageError):
    """The database file cannot be used: not SQLite, damaged, or from a newer version. Nothing was changed."""

    def __init__(
        self, message: str, path: str | None = None, *, damaged: bool = False, needs_key: bool = False
    ) -> None:
        super().__init__(message)
        self.path = path
        self.damaged = damaged
        """The file is SQLite but fails its check (or cannot be read as a database): a backup may bring it back."""
        self.needs_key = needs_key
        """The file is encrypted and no key was given: ask for the passphrase; the file is not damaged."""


class KeyNeededError(DatabaseOpenError):
    """The database file is encrypted (SQLCipher) and was opened without its key. Nothing was changed."""

    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path} is encrypted: its passphrase (or recovery key) is needed to open it. It was left untouched.",
            path,
            needs_key=True,
        )


class WrongPassphraseError(StorageError):
    """The passphrase, recovery key or key given does not open this database. Nothing was changed."""


class KeyFileError(StorageError):
    """The key file beside an encrypted database is missing or cannot be read; the recovery key still opens it."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class EncryptionError(StorageError):
    """A database could not be encrypted (or re-keyed); the file named was left as it was."""


class MigrationError(StorageError):
    """A schema change was refused and rolled back (it would have left rows pointing at nothing)."""


class NotFound(StorageError, LookupError):
    """The asked-for couple or session does not exist."""


class DatabaseWriteError(StorageError):
    """A change could not be written (disk full, file locked, read-only). The change is kept in memory."""


class DatabaseBusyError(DatabaseWriteError):
    """Another program holds the database's write lock past the app's short wait: the change is kept in memory and
    can simply be tried again in a moment (the GUI thread never waits long on the database)."""


class DatabaseReadError(StorageError):
    """Stored data could not be read (file damaged, locked or gone). Nothing was changed."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


def describe_operational_error(error: BaseException) -> str:
    """Turn a low-level SQLite error into a sentence a therapist can act on."""
    text = str(getattr(error, "orig", error)).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return (
            "The disk is full, so the last change could not be saved. Free some space; nothing already saved is lost."
        )
    if "locked" in text or "busy" in text:
        return "The database is busy in another program, so the last change could not be saved yet."
    if "readonly" in text or "read-only" in text:
        return "The database file is read-only, so changes cannot be saved. Check the file's permissions."
    if "unable to open" in text:
        return "The database file could not be opened. Check that its folder exists and can be written."
    return f"The change could not be saved ({text})."


def describe_read_error(what: str, where: str, error: BaseException) -> str:
    """Say what could not be read from which database, why (SQLite's own words) and what the therapist can do."""
    detail = " ".join(str(getattr(error, "orig", error)).split())
    text = detail.lower()
    if "locked" in text or "busy" in text:
        advice = "Another program is using the database; try again in a moment. Nothing was changed."
    elif "malformed" in text or "not a database" in text:
        advice = "The file is damaged. Nothing was changed; close Couple Canvas and restore a backup."
    elif "disk i/o" in text:
        advice = "The disk could not be read; check that it is still connected. Nothing was changed."
    elif "no such table" in text or "no such column" in text:
        advice = "The file was changed by another program. Nothing was changed; restore a backup."
    elif "unable to open" in text:
        advice = "Check that the file still exists and that it can be read."
    else:
        advice = "Nothing was changed."
    return f"Could not read {what} from {where}: {detail}. {advice}"
