"""File > Delete couple… through the window's own menu action, answered with real clicks and typing, on a real file:
both questions, what they name (aliases in share mode), the backups note, the couple gone from the list, every table and
the file's bytes; the first "No", the second "Cancel" and a busy database each leave everything as it was."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from couplecanvas.domain.couple import PartnerRole
from couplecanvas.domain.homework import Assignment, Who
from couplecanvas.domain.progress import Caught, FoundAgain, ProgressCheck
from couplecanvas.storage import backups
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository
from couplecanvas.ui.delete_couple import BackupsHolding, TypeToDeleteDialog, backups_holding

NOW = dt.datetime(2026, 12, 3, 10, 0)
HOMEWORK_CANARY = "greengage-canary after the school run"


@pytest.fixture
def kit(make_window, share_kit, database_url, tmp_path):
    """The practice (Zoë & José, aliases Sun & Moon, with homework and checks added; Harriet & Ignatius), two daily
    backups, and the window with that couple open and its File > Delete couple… action."""
    practice = share_kit.practice
    path = tmp_path / "couplecanvas.db"
    repository = Repository(open_database(database_url))
    try:
        for session_id in practice.session_ids:
            repository.add_assignment(Assignment(session_id, "state-of-the-union", Who.BOTH, HOMEWORK_CANARY))
            repository.save_progress_check(ProgressCheck(session_id, PartnerRole.A, 6, Caught.ONCE, FoundAgain.HOURS))
    finally:
        repository.close()
    for day in (2, 3):
        backups.make_backup(path, "daily", now=dt.datetime(2026, 12, day, 9, 0))
    window = make_window()
    window.couples.switch_to(practice.couple_id)
    deleter = window.delete_couple
    deleter.now = lambda: NOW
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    [action] = [a for a in file_menu.actions() if a.objectName() == "delete_couple_action"]
    assert action.text() == "Delete couple…" and action.isEnabled()
    share_kit.path, share_kit.window, share_kit.action, share_kit.deleter = path, window, action, deleter
    return share_kit


def table_rows(path: Path) -> dict[str, list]:
    """Every row of every table in the file (read by another connection, as committed)."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: sorted(map(repr, connection.execute(f'SELECT * FROM "{t}"'))) for t in tables}


def rows_naming(path: Path, couple_id: int, session_ids: list[int]) -> dict[str, int]:
    """How many rows of each table name the couple or one of its sessions (columns found from the schema)."""
    found = {}
    with contextlib.closing(sqlite3.connect(path)) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            columns = {row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')}
            wanted = [("couple_id", [couple_id])] * ("couple_id" in columns)
            wanted += [("session_id", session_ids)] * ("session_id" in columns)
            wanted += {"couples": [("id", [couple_id])], "sessions": [("id", session_ids)]}.get(table, [])
            for column, values in wanted:
                count = connection.execute(
                    f'SELECT count(*) FROM "{table}" WHERE "{column}" IN ({",".join("?" * len(values))})',
                    values).fetchone()[0]
                if count:
                    found[table] = found.get(table, 0) + count
    return found


def gone(widget) -> bool:
    """The dialog was closed (and perhaps deleted already: they delete themselves on close)."""
    return not shiboken6.isValid(widget) or not widget.isVisible()


def first_question(qtbot, kit) -> QMessageBox:
    kit.action.trigger()
    box = kit.deleter.shown
    assert box.objectName() == "delete_couple_question"
    qtbot.waitUntil(box.isVisible, timeout=2000)
    return box


def second_question(qtbot, kit, box: QMessageBox) -> TypeToDeleteDialog:
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    dialog = kit.deleter.shown
    assert isinstance(dialog, TypeToDeleteDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    return dialog


def test_deleting_through_both_questions_removes_the_couple_for_good(qtbot, kit):
    window, practice = kit.window, kit.practice
    assert rows_naming(kit.path, practice.couple_id, practice.session_ids)
    box = first_question(qtbot, kit)
    text = box.text()
    for expected in ("Sun & Moon", "2 sessions", "2 boards with 6 cards in all", "2 homework assignments",
                     "2 private notes", "2 progress checks", "the safety screening record", "cannot undo"):
        assert expected in text, expected
    assert not kit.canaries_in([text, box.windowTitle()])  # the therapist sees the names as the screen shows them
    note = box.informativeText()
    assert "Backups made before now still hold this couple" in note and "the last on 10 December 2026" in note
    assert str(kit.path.parent / "backups") in note

    dialog = second_question(qtbot, kit, box)
    assert "type DELETE" in dialog.findChild(QLabel).text() and dialog.focusWidget() is dialog.typed
    qtbot.keyClicks(dialog.typed, "delete me")
    qtbot.keyClick(dialog.typed, Qt.Key.Key_Return)  # the wrong words: the button stays off, Return does nothing
    assert dialog.isVisible() and not dialog.delete_button.isEnabled()
    dialog.typed.clear()
    qtbot.keyClicks(dialog.typed, "DELETE")
    assert dialog.delete_button.isEnabled()
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)

    done = kit.deleter.shown
    qtbot.waitUntil(lambda: done.objectName() == "delete_couple_message" and done.isVisible(), timeout=2000)
    assert "Sun & Moon and everything recorded with them were deleted" in done.text()
    assert "10 December 2026" in done.informativeText() and done.icon() == QMessageBox.Icon.Information
    panel = window.couples_panel.couples
    listed = [panel.item(row).text() for row in range(panel.count())]
    assert listed == ["Harriet & Ignatius"]
    assert window.controller.couple is None or window.controller.couple.id == practice.other_couple_id
    assert not any(name in window.windowTitle() for name in kit.first_names)
    assert "deleted" in window.statusBar().currentMessage()

    # Every table, found from the file's schema: only the activity log's line about the deletion names the couple.
    assert set(rows_naming(kit.path, practice.couple_id, practice.session_ids)) == {"activity"}  # the audit lines only
    done.close()
    window.close()  # the last connection writes the -wal into the file
    data = b"".join(p.read_bytes() for p in kit.path.parent.glob("couplecanvas.db*") if p.is_file())
    assert b"quince-canary" in data and b"Harriet" in data  # the couple who stay, read back from the same bytes
    for word in (kit.card_words, "marmalade-canary", "fennel-canary", HOMEWORK_CANARY, "Disclosure of the affair",
                 *kit.first_names):
        assert word.encode() not in data, word


def test_no_at_the_first_question_leaves_everything(qtbot, kit):
    before = table_rows(kit.path)
    box = first_question(qtbot, kit)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gone(box), timeout=2000)
    assert not [d for d in kit.window.findChildren(TypeToDeleteDialog) if d.isVisible()]
    assert table_rows(kit.path) == before
    assert kit.window.controller.couple.id == kit.practice.couple_id
    assert "Nothing was deleted" in kit.window.statusBar().currentMessage()


def test_cancel_at_the_second_question_leaves_everything(qtbot, kit):
    before = table_rows(kit.path)
    dialog = second_question(qtbot, kit, first_question(qtbot, kit))
    qtbot.keyClicks(dialog.typed, "DELETE")
    cancel = next(b for b in dialog.findChildren(type(dialog.delete_button)) if b.text() == "Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gone(dialog), timeout=2000)
    assert table_rows(kit.path) == before
    assert kit.window.controller.couple.id == kit.practice.couple_id and kit.window.controller.session is not None

    dialog = second_question(qtbot, kit, first_question(qtbot, kit))  # Escape is Cancel too
    qtbot.keyClick(dialog.typed, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: gone(dialog), timeout=2000)
    assert table_rows(kit.path) == before


def test_in_share_mode_the_questions_show_aliases_and_no_folder(qtbot, kit):
    kit.window.controller.set_share_mode(True)
    box = first_question(qtbot, kit)
    shown = kit.widget_texts(box) + [box.informativeText()]
    assert "Sun & Moon" in box.text() and not kit.canaries_in(shown)
    assert str(kit.path.parent) not in "\n".join(shown) and "10 December 2026" in box.informativeText()
    dialog = second_question(qtbot, kit, box)
    assert not kit.canaries_in(kit.widget_texts(dialog)) and "Sun & Moon" in "\n".join(kit.widget_texts(dialog))
    dialog.reject()


def test_a_busy_database_deletes_nothing_and_says_so(qtbot, kit):
    before = table_rows(kit.path)
    dialog = second_question(qtbot, kit, first_question(qtbot, kit))
    qtbot.keyClicks(dialog.typed, "DELETE")
    holder = sqlite3.connect(kit.path, timeout=0, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
        box = kit.deleter.shown
        qtbot.waitUntil(lambda: box.objectName() == "delete_couple_message" and box.isVisible(), timeout=3000)
        assert (
            box.windowTitle() == "Couple not deleted" and "could not be deleted, and nothing of them was" in box.text()
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert table_rows(kit.path) == before
    assert kit.window.controller.couple.id == kit.practice.couple_id  # opened again, as it was
    box.close()


def test_the_action_waits_for_an_open_couple(kit):
    kit.window.controller.open_couple(None)
    assert not kit.action.isEnabled()
    kit.window.couples.switch_to(kit.practice.other_couple_id)
    assert kit.action.isEnabled()


# -- when the backups let go of a deleted couple -----------------------------------------------------------------------
def make_backups(folder: Path, days: list[dt.datetime], reason: str = "daily") -> None:
    folder.mkdir(exist_ok=True)
    for when in days:
        path = folder / f"couplecanvas-{when:%Y-%m-%d_%H%M%S}-{reason}.db"
        with contextlib.closing(sqlite3.connect(path)) as connection:
            connection.executescript("CREATE TABLE couples(id); CREATE TABLE sessions(id);")


def test_daily_use_for_weeks_keeps_the_couple_until_the_fourth_week_after(tmp_path):
    folder = tmp_path / "backups"
    make_backups(folder, [NOW - dt.timedelta(days=k, hours=1) for k in range(40)])
    backups.prune(folder)  # as the app keeps them: 7 days and 4 weeks
    holding = backups_holding(folder, NOW)
    # Thursday 3 December is in ISO week 49; Sunday 29 November is week 48's newest and stays until week 52 begins.
    assert holding.count == 9
    assert holding.last_removed == dt.date(2026, 12, 21) and not holding.migration_copy


def test_a_backup_from_before_a_migration_is_kept_until_the_next_one(tmp_path):
    folder = tmp_path / "backups"
    make_backups(folder, [NOW - dt.timedelta(hours=1)])
    make_backups(folder, [NOW - dt.timedelta(days=90)], "migration")
    holding = backups_holding(folder, NOW)
    assert holding.count == 2 and holding.migration_copy and holding.last_removed == dt.date(2026, 12, 10)


def test_no_backups_hold_nothing(tmp_path):
    assert backups_holding(tmp_path / "backups", NOW) == BackupsHolding(0, None, False)
