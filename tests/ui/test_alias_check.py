"""Before export with aliases on, the therapist is asked about places where a name may still show: the real dialog,
its buttons clicked, its words read; and its wiring: a name run into other words on the board stops Save PDF, Print
and the image export until the therapist answers, and the board picture carries the aliases."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton

from couplecanvas.domain.board import Card
from couplecanvas.domain.couple import Couple, Partner
from couplecanvas.domain.privacy import fold, names_to_check
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository
from couplecanvas.ui.alias_check import SHOWN_AT_MOST, check_text, confirm_before_export

COUPLE = Couple(Partner("Maya", alias="Partner 1"), Partner("Will", alias="Partner 2"), use_aliases=True)


def _findings(*texts: str):
    return names_to_check([("a card", text) for text in texts], COUPLE)


def _answer_with(qtbot, button_name: str, seen: list[str]) -> None:
    """Click `button_name` in the dialog once it shows (it runs its own event loop), keeping its words."""

    def click() -> None:
        box = next((w for w in QApplication.topLevelWidgets() if w.objectName() == "alias_check" and w.isVisible()),
                   None)
        if box is None:
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        qtbot.mouseClick(box.findChild(QPushButton, button_name), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, click)


def test_nothing_to_check_asks_nothing(qtbot):
    assert confirm_before_export(None, _findings("Maya's turn, then Partner 2")) is True


def test_go_back_and_edit_stops_the_export_and_names_the_places(qtbot):
    seen: list[str] = []
    _answer_with(qtbot, "alias_check_back", seen)
    assert confirm_before_export(None, _findings("we love #MayaTime", "I will call")) is False
    assert "#MayaTime" in seen[0] and "“will” in “I will call”" in seen[0]
    assert "a card" in seen[0]


def test_export_anyway_goes_on(qtbot):
    seen: list[str] = []
    _answer_with(qtbot, "alias_check_export", seen)
    assert confirm_before_export(None, _findings("maya123 is home")) is True
    assert "maya123" in seen[0]


def test_while_sharing_the_places_are_named_but_not_the_words(qtbot):
    text = check_text(_findings("we love #MayaTime", "I will call"), share_mode=True)
    assert "a card" in text and "MayaTime" not in text and "will call" not in text


def test_a_long_list_is_cut_short():
    text = check_text(_findings(*[f"maya{n} here" for n in range(SHOWN_AT_MOST + 5)]))
    assert text.count("•") == SHOWN_AT_MOST + 1 and "and 5 more" in text


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
    _answer_with(qtbot, "alias_check_back", seen)
    preview.choose_and_save()
    assert "#ZoeTime" in seen[0] and asked == []  # no file dialog after 'Go back and edit'
    _answer_with(qtbot, "alias_check_back", seen)
    assert preview.choose_and_print() is None
    _answer_with(qtbot, "alias_check_export", seen)
    preview.choose_and_save()
    assert len(asked) == 1  # 'Export anyway' goes on to the file dialog
    preview.back_to_board()
    _answer_with(qtbot, "alias_check_back", seen)
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
