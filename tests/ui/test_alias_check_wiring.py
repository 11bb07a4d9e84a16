"""Wiring of the alias check (for tests/ui/): with aliases on, a name run into other words on the board stops Save
PDF, Print and the image export until the therapist answers; the board picture carries the aliases."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton

from couplecanvas.domain.board import Card
from couplecanvas.domain.privacy import fold
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository


def _answer(qtbot, button: str, seen: list[str]) -> None:
    def click() -> None:
        box = next((w for w in QApplication.topLevelWidgets() if w.objectName() == "alias_check" and w.isVisible()),
                   None)
        if box is None:
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        qtbot.mouseClick(box.findChild(QPushButton, button), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, click)


def _window_with_a_hashtag(make_window, share_kit, database_url):
    """The couple's latest board with a card the therapist wrote a hashtag on, then the window opened on it."""
    repository = Repository(open_database(database_url))
    try:
        session_id = share_kit.practice.session_ids[-1]
        board = repository.load_board(session_id)
        board.add_card(Card("#ZoeTime on Sundays", x=100, y=600))
        repository.replace_board(session_id, board)
    finally:
        repository.close()
    window = make_window()
    window.couples.reload(share_kit.practice.couple_id)
    return window


def test_go_back_and_edit_stops_save_print_and_image(make_window, share_kit, qtbot, monkeypatch, database_url):
    window = _window_with_a_hashtag(make_window, share_kit, database_url)
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a) or ("", ""))
    window.board_page.view.setFocus()
    qtbot.keyClick(window.board_page.view.viewport(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    preview = window.exports.preview
    seen: list[str] = []
    _answer(qtbot, "alias_check_back", seen)
    preview.choose_and_save()
    assert "#ZoeTime" in seen[0] and asked == []  # no file dialog after 'Go back and edit'
    _answer(qtbot, "alias_check_back", seen)
    assert preview.choose_and_print() is None
    _answer(qtbot, "alias_check_export", seen)
    preview.choose_and_save()
    assert len(asked) == 1  # 'Export anyway' goes on to the file dialog
    preview.back_to_board()
    _answer(qtbot, "alias_check_back", seen)
    window.exports.choose_and_export_image("svg")
    assert len(seen) == 4 and len(asked) == 1


def test_the_board_image_names_the_couple_by_their_aliases(make_window, share_kit, qtbot, tmp_path):
    window = make_window()
    window.couples.reload(share_kit.practice.couple_id)
    assert window.exports.export_image_to(tmp_path / "board.svg", "svg")
    root = ET.fromstring((tmp_path / "board.svg").read_bytes())
    words = " ".join("".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text"))
    assert share_kit.aliases[0] in words and share_kit.aliases[1] in words
    assert "zoe" not in fold(words) and "jose" not in fold(words)
