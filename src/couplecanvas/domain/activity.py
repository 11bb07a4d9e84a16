"""The audit trail (HIPAA 164.312(b), audit controls): what was done with the records, when, to which couple, and with
which file; never any words of the record itself.

An entry names a couple by its id only and a file by its base name only (no folder: a path can name a client's
folder or the therapist's home). The trail is append-only; storage keeps it so (triggers refuse UPDATE and DELETE).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Action(StrEnum):
    """What was done; the values are short stable words, stored in the database and written to the exported CSV."""

    OPEN = "open"
    UNLOCK = "unlock"
    UNLOCK_FAILED = "unlock-failed"
    LOCK = "lock"
    EXPORT_HANDOUT = "export-handout"
    EXPORT_IMAGE = "export-image"
    EXPORT_COUPLE = "export-couple"
    PRINT = "print"
    IMPORT_COUPLE = "import-couple"
    DELETE_COUPLE = "delete-couple"
    SHARE_STARTED = "share-started"
    SHARE_ENDED = "share-ended"
    PASSPHRASE_SET = "passphrase-set"
    PASSPHRASE_CHANGED = "passphrase-changed"
    ACTIVITY_EXPORTED = "activity-exported"


_LABELS = {
    Action.OPEN: "Opened",
    Action.UNLOCK: "Unlocked",
    Action.UNLOCK_FAILED: "Failed to unlock (wrong passphrase)",
    Action.LOCK: "Locked",
    Action.EXPORT_HANDOUT: "Exported a handout",
    Action.EXPORT_IMAGE: "Exported the board as an image",
    Action.EXPORT_COUPLE: "Exported a couple file",
    Action.PRINT: "Printed a handout",
    Action.IMPORT_COUPLE: "Imported a couple file",
    Action.DELETE_COUPLE: "Deleted a couple",
    Action.SHARE_STARTED: "Opened the share window",
    Action.SHARE_ENDED: "Closed the share window",
    Action.PASSPHRASE_SET: "Set a passphrase",
    Action.PASSPHRASE_CHANGED: "Changed the passphrase",
    Action.ACTIVITY_EXPORTED: "Exported the activity log",
}


def describe(action: Action | str) -> str:
    """What the action was, in the therapist's words (an unknown word, from a newer version, is shown as it is)."""
    try:
        return _LABELS[Action(action)]
    except ValueError:
        return str(action)


def describe_entry(entry: ActivityEntry) -> str:
    """What an entry records, in the therapist's words: an open names what was opened."""
    if entry.action == Action.OPEN:
        return "Opened the couple's record" if entry.couple_id is not None else "Opened the database"
    return describe(entry.action)


def base_name(name: str | None) -> str | None:
    """The file's name without any folder, whichever separator the path uses (/ or \\); None for no name."""
    if name is None:
        return None
    tail = str(name).replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return tail or None


@dataclass(frozen=True)
class ActivityEntry:
    """One line of the audit trail: when (UTC, aware), what, which couple (by id) and which file (base name only)."""

    at: dt.datetime
    action: Action
    couple_id: int | None = None
    file_name: str | None = None

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError("an activity entry's time must be aware (UTC)")
        object.__setattr__(self, "at", self.at.astimezone(dt.UTC))
        object.__setattr__(self, "file_name", base_name(self.file_name))
