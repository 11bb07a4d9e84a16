"""Another program holds the database's write lock: the window never waits on it for long, the change waits in memory
with a calm word in the status bar, and it is saved as soon as the lock is gone."""

from __future__ import annotations

import sqlite3
import time

from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QPushButton

from couplecanvas.storage.database import BUSY_TIMEOUT_S, open_database
from couplecanvas.storage.errors import DatabaseBusyError
from couplecanvas.storage.repository import Repository

WORDS = "lonely and unseen"


def stored_text(database_url: str, session_id: int, card_id: str) -> str:
    repository = Repository(open_database(database_url))
    try:
        return repository.load_board(session_id).cards[card_id].text
    finally:
        repository.close()


def test_a_locked_database_never_freezes_the_window_and_the_edit_lands_later(
    make_window, qtbot, database_url, tmp_path
):
    window = make_window()
    qtbot.mouseClick(window.welcome_page.findChild(QPushButton, "open_sample"), Qt.MouseButton.LeftButton)
    controller = window.controller
    session_id = controller.session.id
    repository = controller.repository

    # Time every write the GUI thread makes (the document's autosave calls the repository directly).
    calls: list[tuple[float, str]] = []
    save = repository.save_board_changes

    def timed_save(*args, **kwargs):
        start = time.perf_counter()
        outcome = "ok"
        try:
            save(*args, **kwargs)
        except DatabaseBusyError:
            outcome = "busy"
            raise
        finally:
            calls.append((time.perf_counter() - start, outcome))

    repository.save_board_changes = timed_save
    waiting, failed = [], []
    controller.save_waiting.connect(waiting.append)
    controller.save_failed.connect(failed.append)

    # Another program takes the write lock and keeps it.
    other = sqlite3.connect(tmp_path / "couplecanvas.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        view = window.board_page.view
        card = next(c for c in controller.document.board.cards.values() if c.text and c.width >= 150)
        before = card.text
        point = QPointF(card.x + card.width / 2, card.y + card.height / 2)
        view.centerOn(point)
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(point))
        qtbot.keyClicks(view.viewport(), WORDS)
        qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
        expected = f"{before} {WORDS}"

        # While it waits, the event loop keeps turning: the longest pause between ticks of a 5 ms timer.
        ticks: list[float] = []
        ticker = QTimer()
        ticker.timeout.connect(lambda: ticks.append(time.perf_counter()))
        ticker.start(5)
        qtbot.wait(1500)
        ticker.stop()
        assert [outcome for _, outcome in calls].count("busy") >= 3, calls
        assert all(outcome == "busy" for _, outcome in calls)
        longest = max(seconds for seconds, _ in calls)
        print(f"longest write under the lock: {longest * 1000:.1f} ms over {len(calls)} tries; longest pause of the "
              f"event loop: {max(b - a for a, b in zip(ticks, ticks[1:])) * 1000:.1f} ms")
        # The figure is printed above (58-62 ms here); the test holds what makes it short, not a timing: SQLite's wait
        # is set under the 100 ms budget, and no write sat out the old 5 s timeout (a loaded machine may add a little).
        assert BUSY_TIMEOUT_S * 1000 <= 80
        assert longest < 1.0, f"a write held the GUI thread {longest * 1000:.0f} ms"
        assert len(waiting) == 1 and not failed, "said once, calmly; no failure"
        assert window.save_label.text() == "Waiting for the database…"
        assert window.findChild(QMessageBox) is None
        assert controller.document.board.cards[card.id].text == expected  # kept in memory
        assert stored_text(database_url, session_id, card.id) == before  # readers still read (WAL)
    finally:
        other.rollback()
        other.close()

    qtbot.waitUntil(lambda: stored_text(database_url, session_id, card.id) == expected, timeout=8000)
    assert calls[-1][1] == "ok" and not controller.document.has_unsaved_changes
    assert window.save_label.text().startswith("Saved")
    assert not failed and len(waiting) == 1
