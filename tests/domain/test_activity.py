"""The audit trail's words: the actions, their labels, and a file named without its folder."""

from __future__ import annotations

import datetime as dt

import pytest

from couplecanvas.domain.activity import Action, ActivityEntry, base_name, describe, describe_entry


def test_the_actions_are_the_agreed_ones_with_short_stable_words():
    assert {a.name: a.value for a in Action} == {
        "OPEN": "open", "UNLOCK": "unlock", "UNLOCK_FAILED": "unlock-failed", "LOCK": "lock",
        "EXPORT_HANDOUT": "export-handout", "EXPORT_IMAGE": "export-image", "EXPORT_COUPLE": "export-couple",
        "PRINT": "print", "IMPORT_COUPLE": "import-couple", "DELETE_COUPLE": "delete-couple",
        "SHARE_STARTED": "share-started", "SHARE_ENDED": "share-ended", "PASSPHRASE_SET": "passphrase-set",
        "PASSPHRASE_CHANGED": "passphrase-changed", "ACTIVITY_EXPORTED": "activity-exported",
    }
    assert Action("export-handout") is Action.EXPORT_HANDOUT and Action.PRINT == "print"


def test_every_action_has_its_own_readable_label():
    labels = [describe(a) for a in Action]
    assert len(set(labels)) == len(labels)
    assert all(label[0].isupper() and label not in {a.value for a in Action} for label in labels)
    assert describe(Action.EXPORT_HANDOUT) == "Exported a handout"
    assert describe("export-handout") == "Exported a handout"
    assert describe("something-newer") == "something-newer"


def test_an_open_says_what_was_opened():
    now = dt.datetime.now(dt.UTC)
    assert describe_entry(ActivityEntry(now, Action.OPEN, None, "couplecanvas.db")) == "Opened the database"
    assert describe_entry(ActivityEntry(now, Action.OPEN, 3)) == "Opened the couple's record"
    assert describe_entry(ActivityEntry(now, Action.PRINT, 3)) == "Printed a handout"


@pytest.mark.parametrize("given, kept", [
    ("/home/therapist/Clients/Maya/handout-2026-12-03.pdf", "handout-2026-12-03.pdf"),
    (r"C:\Users\Therapist\Documents\Maya Jordan\board.png", "board.png"),
    (r"\\server\share\folder/mixed\name.couple", "name.couple"),
    ("handout.pdf", "handout.pdf"),
    ("folder/", "folder"),
    ("", None),
    (None, None),
])
def test_a_file_is_named_without_its_folder(given, kept):
    assert base_name(given) == kept


def test_an_entry_is_in_utc_and_keeps_only_the_base_name():
    local = dt.datetime(2026, 12, 3, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    entry = ActivityEntry(local, Action.EXPORT_IMAGE, 2, "/tmp/x/board.svg")
    assert entry.at == dt.datetime(2026, 12, 3, 23, 0, tzinfo=dt.UTC) and entry.at.tzinfo == dt.UTC
    assert entry.file_name == "board.svg"
    with pytest.raises(ValueError):
        ActivityEntry(dt.datetime(2026, 12, 3, 18, 0), Action.OPEN)
