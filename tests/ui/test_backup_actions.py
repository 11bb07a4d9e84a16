"""File > Restore from backup… and Help > Check database, driven with real clicks on a real file."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from couplecanvas.domain.couple import Couple, Partner
from couplecanvas.domain.session import Session
from couplecanvas.storage.backups import list_backups, make_backup
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository
from couplecanvas.ui.backup_actions import RestoreDialog


def _path(database_url: str) -> Path:
    return Path(database_url.removeprefix("sqlite:///"))


def _menu_action(window, menu_title: str, text: str):
    for menu_action in window.menuBar().actions():
        if menu_action.text().replace("&", "") == menu_title:
            for action in menu_action.menu().actions():
                if action.text() == text:
                    return action
    raise AssertionError(f"no {menu_title} > {text}")


def _message(qtbot) -> QMessageBox:
    found: list[QMessageBox] = []

    def shown() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
                    and w.objectName() == "backup_message"]
        return bool(found)

    qtbot.waitUntil(shown, timeout=5000)
    return found[0]


def test_restore_lists_backups_with_their_counts_and_brings_one_back(qtbot, make_window, database_url):
    repository = Repository(open_database(database_url))
    couple = repository.add_couple(Couple(Partner("Ana"), Partner("Ben")))
    repository.add_session(Session(couple.id, dt.date(2026, 12, 1)))
    repository.close()
    path = _path(database_url)
    make_backup(path, "daily", now=dt.datetime(2026, 12, 1, 9, 0))
    window = make_window()
    window.controller.repository.add_couple(Couple(Partner("Cleo"), Partner("Dan")))  # after the backup
    assert len(window.controller.list_couples()) == 2

    seen = {}

    def choose() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, RestoreDialog) and w.isVisible())
        table = dialog.table
        seen["rows"] = [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(100, choose)
    _menu_action(window, "File", "Restore from backup…").trigger()

    # Newest first; the one of 1 December holds one couple and one session.
    assert seen["rows"][-1][0] == "2026-12-01 09:00" and seen["rows"][-1][2:] == ["1", "1"]
    assert seen["rows"][-1][1].endswith("KB")
    message = _message(qtbot)
    assert "restored" in message.text()
    message.close()
    assert [c.display_name(False) for c in window.controller.list_couples()] == [
        c.display_name(False) for c in [couple]]
    safety = [info for info in list_backups(path.parent / "backups") if info.reason == "restore"]
    assert len(safety) == 1 and safety[0].couples == 2  # the database as it was, kept


def test_check_database_says_what_it_found(qtbot, make_window, database_url):
    window = make_window()
    action = _menu_action(window, "Help", "Check database")
    action.trigger()
    message = _message(qtbot)
    assert "no problems found" in message.text()
    message.close()
    qtbot.waitUntil(lambda: not message.isVisible())

    with contextlib.closing(sqlite3.connect(_path(database_url))) as connection:  # a card whose session is gone
        connection.execute("INSERT INTO cards (id, session_id, text, x, y, width, height, colour, z, kind, role, hint) "
                           "VALUES ('lost', 99, 'x', 0, 0, 1, 1, '#fff', 1, 'card', '', '')")
        connection.commit()
    action.trigger()
    message = _message(qtbot)
    assert "problems" in message.text() and "cards" in message.text()
    message.close()
