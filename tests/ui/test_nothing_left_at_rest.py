"""After a whole session on an encrypted practice (typing on the board, a private note, a handout, a backup and a save
that failed while another program held the database), none of the couple's words is left readable at rest: not in
the database file, its WAL, the backups, the log, the settings or the temporary files. Checked by scanning bytes."""

from __future__ import annotations

import logging
import tempfile
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from couplecanvas.app.logging_setup import setup_logging
from couplecanvas.storage import cipher
from couplecanvas.storage.backups import make_backup
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository

PASSPHRASE = "a quiet harbour in winter"
CARD_CANARY = "lonely-lighthouse-keeper-7741"
NOTE_CANARY = "marmalade-process-note-5531"
LATE_CARD_CANARY = "unseen-at-dinner-2208"
LATE_NOTE_CANARY = "quince-second-note-9902"


def _variants(word: str) -> set[bytes]:
    """A word as bytes in the encodings a file could hold it in."""
    forms = {word, unicodedata.normalize("NFD", word), word.lower(), word.upper()}
    return {form.encode(codec) for form in forms for codec in ("utf-8", "utf-16-le")}


def _found_in(folder: Path, words: list[str], skip: Path) -> dict[str, list[str]]:
    """Which words are readable in which files under the folder (every file, byte by byte)."""
    found: dict[str, list[str]] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and skip not in p.parents):
        data = path.read_bytes()
        hits = [word for word in words if any(form in data for form in _variants(word))]
        if hits:
            found[str(path.relative_to(folder))] = hits
    return found


@pytest.fixture
def app_log(tmp_path):
    """The app's real rotating log file, in the test's folder (as the data folder holds it); a log file an earlier test
    of this run set up steps aside meanwhile."""
    root = logging.getLogger()
    earlier = [h for h in root.handlers if getattr(h, "_couplecanvas", False)]
    for handler in earlier:
        root.removeHandler(handler)
    path = setup_logging(tmp_path)
    assert path is not None
    yield path
    for handler in [h for h in root.handlers if getattr(h, "_couplecanvas", False)]:
        root.removeHandler(handler)
        handler.close()
    for handler in earlier:
        root.addHandler(handler)


def test_a_whole_session_leaves_no_words_readable_at_rest(qtbot, make_window, share_kit, database_url, tmp_path,
                                                          app_log, monkeypatch):
    path = tmp_path / "couplecanvas.db"
    practice = share_kit.practice
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    monkeypatch.setenv("TMPDIR", str(temporary))
    exports = tmp_path / "exports"  # where the therapist saves the handout: it is meant to hold the words
    exports.mkdir()

    # A backup from before the passphrase, and proof the scan finds words in a plain file.
    make_backup(path, "daily")
    secrets = [*share_kit.first_names, "marmalade-canary", "quince-canary", "fennel-canary"]
    assert _found_in(tmp_path, secrets, exports), "the scan finds nothing even in a plain file"
    key, _recovery = cipher.encrypt_database(path, PASSPHRASE)

    window = make_window(key=key)
    window.couples.reload(practice.couple_id)
    controller = window.controller
    assert controller.session is not None and controller.session.id == practice.session_ids[-1]

    # Typing on the board, and a private note.
    view = window.board_page.view
    view.setFocus()
    qtbot.keyClick(view.viewport(), Qt.Key.Key_N)
    qtbot.keyClicks(view.viewport(), CARD_CANARY)
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    window.notes_toggle_action.trigger()
    notes = window.notes_panel.editor
    notes.setFocus()
    qtbot.keyClicks(notes, f" {NOTE_CANARY}")
    assert window.notes_panel.save()

    # A handout saved where the therapist keeps handouts, and a backup.
    assert window.export_handout_to(exports / "handout.pdf")
    make_backup(path, "manual", key=key)

    # Another program holds the write lock: the next words cannot be written for a while, and the log says so.
    other = cipher.connect(path, key)
    other.isolation_level = None
    other.execute("BEGIN IMMEDIATE")
    waiting: list[str] = []
    controller.save_waiting.connect(waiting.append)
    try:
        view.setFocus()
        window.board_page.scene.clearSelection()  # N on a selected card would type the letter into it
        qtbot.keyClick(view.viewport(), Qt.Key.Key_N)
        qtbot.keyClicks(view.viewport(), LATE_CARD_CANARY)
        qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
        notes.setFocus()
        qtbot.keyClicks(notes, f" {LATE_NOTE_CANARY}")
        assert not window.notes_panel.save()  # refused while the lock is held
        qtbot.waitUntil(lambda: bool(waiting), timeout=5000)
    finally:
        other.rollback()
        other.close()
    assert window.notes_panel.save()
    qtbot.waitUntil(lambda: "saved" in window.save_label.text().lower(), timeout=5000)

    words = [*secrets, CARD_CANARY, NOTE_CANARY, LATE_CARD_CANARY, LATE_NOTE_CANARY]
    # While the app is open (the WAL holds the latest pages), and after it closed.
    assert (path.parent / f"{path.name}-wal").exists()
    assert _found_in(tmp_path, words, exports) == {}
    window.close()
    assert _found_in(tmp_path, words, exports) == {}

    logged = app_log.read_text(encoding="utf-8")
    assert "waits for the database" in logged  # the failed save did reach the log: the scan above covered it
    files = {p.name for p in tmp_path.rglob("*") if p.is_file()}
    assert {"couplecanvas.db", "couplecanvas.db.keys", "settings.ini", app_log.name} <= files
    assert list((tmp_path / "backups").iterdir())  # the manual backup (same-day backups are pruned to one)
    # The words are all there for the one who holds the key.
    repository = Repository(open_database(database_url, key=key))
    try:
        cards = [card.text for card in repository.load_board(practice.session_ids[-1]).cards.values()]
        note = repository.load_private_note(practice.session_ids[-1]).text
    finally:
        repository.close()
    assert CARD_CANARY in cards and LATE_CARD_CANARY in cards
    assert NOTE_CANARY in note and LATE_NOTE_CANARY in note
