"""Share mode (F6), for sharing the whole screen: only the open couple, under their aliases, no private notes, no
homework history, no session titles, and a question before anything would show other clients or folders."""

from __future__ import annotations

import sqlite3

import pypdf
import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QDialog, QListWidget, QMenu, QMessageBox, QWidget

from couplecanvas.ui.pages import NEUTRAL_COLOUR


@pytest.fixture
def shared_screen(make_window, share_kit, qtbot):
    """The main window on Zoë and José's latest session, private notes open, then share mode switched on with F6."""
    window = make_window()
    window.couples.reload(share_kit.practice.couple_id)
    window.notes_toggle_action.trigger()
    assert window.notes_dock.isVisible()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window.board_page.view, Qt.Key.Key_F6)
    assert window.controller.share_mode
    return window


def answer_next_question(button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Click `button` in the next question box as soon as it shows (the question waits for an answer)."""

    def click() -> None:
        box = next((w for w in QApplication.topLevelWidgets()
                    if isinstance(w, QMessageBox) and w.objectName() == "share_mode_question" and w.isVisible()), None)
        if box is None:
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        box.button(button).click()

    QTimer.singleShot(20, click)


def menu_texts(window) -> list[str]:
    texts = []
    for menu in window.menuBar().findChildren(QMenu):
        texts += [menu.title(), *(action.text() for action in menu.actions())]
    return texts


def test_the_canary_walk_finds_nothing_on_the_whole_screen(shared_screen, share_kit, qtbot):
    window = shared_screen
    assert window.share_banner.isVisible() and "Share mode" in window.share_banner.text()
    couples = window.couples_panel.couples
    assert [couples.item(row).text() for row in range(couples.count())] == ["Sun & Moon"]
    sessions = window.couples_panel.sessions
    assert sessions.count() == 2 and all("·" not in sessions.item(row).text() for row in range(sessions.count()))
    assert window.windowTitle() == "Sun & Moon · Couple Canvas"
    assert window.board_page.title.text().startswith("Sun & Moon · ")
    assert not window.notes_dock.isVisible() and not window.notes_toggle_action.isEnabled()
    qtbot.keyClick(window.board_page.view, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not window.notes_dock.isVisible()
    assert not window.homework_panel.history_button.isEnabled()
    assert not window.homework.history_action.isEnabled()
    assert window.homework.open_history() is None

    texts = share_kit.widget_texts(window) + menu_texts(window)
    assert share_kit.canaries_in(texts) == []
    assert "Give to Sun" in texts  # the board's menu names the partners by their aliases too
    drawn = share_kit.drawn_text(window.board_page.view)
    assert "Sun feels unseen when Moon works late" in drawn
    assert share_kit.canaries_in(drawn) == []
    # ... and with the share window open too.
    qtbot.keyClick(window.board_page.view, Qt.Key.Key_F5)
    share = window.share.share_window
    assert share_kit.canaries_in(share_kit.widget_texts(share) + [share_kit.drawn_text(share.view)]) == []


def test_typing_a_first_name_in_share_mode_shows_the_alias_and_stores_the_name(shared_screen, share_kit, qtbot):
    window = shared_screen
    view = window.board_page.view
    view.setFocus()
    window.controller.scene.clearSelection()
    qtbot.keyClick(view.viewport(), Qt.Key.Key_N)
    share_kit.type_text(qtbot, view.viewport(), "Zoë wants José to turn toward her bids")
    assert "Sun wants Moon to turn toward her bids" in share_kit.drawn_text(view)
    assert share_kit.canaries_in(share_kit.drawn_text(view)) == []
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    texts = [card.text for card in window.controller.document.board.cards.values()]
    assert "Zoë wants José to turn toward her bids" in texts


def test_share_mode_ends_with_f6_and_everything_comes_back(shared_screen, share_kit, qtbot):
    window = shared_screen
    qtbot.keyClick(window.board_page.view, Qt.Key.Key_F6)
    assert not window.controller.share_mode and not window.share_banner.isVisible()
    assert window.couples_panel.couples.count() == 2
    assert window.notes_toggle_action.isEnabled()
    assert window.homework_panel.history_button.isEnabled()
    sessions = window.couples_panel.sessions
    assert any("Disclosure" in sessions.item(row).text() for row in range(sessions.count()))
    assert share_kit.card_words in share_kit.drawn_text(window.board_page.view)


def test_the_handout_preview_in_share_mode_uses_the_aliases_and_cannot_be_switched_back(shared_screen, share_kit,
                                                                                       qtbot):
    window = shared_screen
    qtbot.keyClick(window.board_page.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    preview = window.exports.preview
    assert preview.is_shown
    assert preview.page.alias_box.isChecked() and not preview.page.alias_box.isEnabled()
    assert "Sun & Moon" in preview.page.subtitle.text()
    assert share_kit.canaries_in(share_kit.widget_texts(window)) == []
    import io

    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(preview.pdf)).pages)
    assert "Sun" in text and "Moon" in text
    assert share_kit.canaries_in(text) == []


def test_dialogs_that_would_show_names_or_folders_ask_first(shared_screen, share_kit, qtbot):
    window = shared_screen
    seen: list[str] = []
    answer_next_question(QMessageBox.StandardButton.No, seen)
    assert window.couples.edit_couple() is None  # "No": the rename dialog with first names never shows
    assert seen and "first names" in seen[0]
    assert window.findChild(QDialog, "") is None or not any(
        isinstance(w, QDialog) and w.isVisible() and w.objectName() != "" for w in window.findChildren(QDialog))
    answer_next_question(QMessageBox.StandardButton.No, seen)
    window.exports.choose_and_export_image("png")  # a file dialog: asked first, and "No" shows none
    assert len(seen) == 2 and "folders" in seen[1]
    answer_next_question(QMessageBox.StandardButton.Yes, seen)
    dialog = window.couples.edit_couple()
    assert dialog is not None and dialog.isVisible()
    dialog.reject()


def test_another_couple_is_opened_from_a_list_asked_for_first_and_never_shown_in_between(shared_screen, share_kit,
                                                                                       qtbot):
    window = shared_screen
    seen: list[str] = []
    shown_pages: list[QWidget] = []
    window.stack.currentChanged.connect(lambda _i: shown_pages.append(window.stack.currentWidget()))
    answer_next_question(QMessageBox.StandardButton.Yes, seen)
    window.other_couple_action.trigger()
    assert "all your clients" in seen[0]
    dialog = window.findChild(QDialog, "choose_couple_dialog")
    listing = dialog.findChild(QListWidget, "choose_couple_list")
    row = next(r for r in range(listing.count())
               if listing.item(r).data(Qt.ItemDataRole.UserRole) == share_kit.practice.other_couple_id)
    listing.setCurrentRow(row)
    dialog.accept()
    assert window.controller.couple.id == share_kit.practice.other_couple_id
    assert window.neutral_page in shown_pages
    assert shown_pages.index(window.neutral_page) < len(shown_pages) - 1
    assert shown_pages[-1] is window.board_page
    couples = window.couples_panel.couples
    assert [couples.item(r).text() for r in range(couples.count())] == ["Harriet & Ignatius"]  # no aliases: names
    assert not window.notes_dock.isVisible()


def test_share_mode_blanks_the_main_board_too(shared_screen, share_kit, qtbot):
    window = shared_screen
    keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.board_page.view, Qt.Key.Key_B, keys)
    assert window.controller.blanked
    assert window.stack.currentWidget() is window.neutral_page
    image = window.stack.grab().toImage()
    centre = QPoint(image.width() // 2, image.height() // 2)
    assert image.pixelColor(centre) == QColor(NEUTRAL_COLOUR)
    window.share.blank_action.trigger()
    assert window.stack.currentWidget() is window.board_page


def test_the_homework_history_closes_when_share_mode_starts(make_window, share_kit, qtbot):
    window = make_window()
    window.couples.reload(share_kit.practice.couple_id)
    dialog = window.homework.open_history()
    assert dialog is not None and dialog.isVisible()
    window.share.mode_action.trigger()
    assert not dialog.isVisible()


def test_a_couple_deleted_behind_the_app_while_sharing_leaves_a_neutral_share_window(make_window, share_kit, qtbot,
                                                                                    tmp_path):
    window = make_window()
    window.couples.reload(share_kit.practice.couple_id)
    window.share.open_window()
    share = window.share.share_window
    # Another program (or a colleague's copy on the practice server) removes the earlier session under us.
    with sqlite3.connect(tmp_path / "couplecanvas.db") as other:
        other.execute("PRAGMA foreign_keys = ON")
        other.execute("DELETE FROM sessions WHERE id = ?", (share_kit.practice.session_ids[0],))
    window.couples_panel.sessions.setCurrentRow(1)
    assert window.controller.session is None or window.controller.session.id != share_kit.practice.session_ids[0]
    assert share.showing is share.neutral
    box = window.findChild(QMessageBox, "database_unreadable")
    assert box is not None and share.findChildren(QMessageBox) == []


def test_the_story_page_in_share_mode_names_no_one_and_shows_no_titles(shared_screen, share_kit, qtbot):
    window = shared_screen
    qtbot.keyClick(window.board_page.view, Qt.Key.Key_Y,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    page = window.story.page
    assert window.story.is_shown
    page.set_compare(True)
    texts = share_kit.widget_texts(window)
    assert share_kit.canaries_in(texts) == []
    assert any("Sun & Moon" in text for text in texts)
    for pane in (page.left, page.right):
        drawn = share_kit.drawn_text(pane.view)
        assert "Sun feels unseen when Moon works late" in drawn and share_kit.canaries_in(drawn) == []


def test_share_mode_keeps_the_sessions_the_story_page_shows(make_window, share_kit, qtbot):
    window = make_window()
    window.couples.reload(share_kit.practice.couple_id)
    window.story.show()
    page = window.story.page
    page.set_compare(True)
    before = (page.shown, page.compared)
    assert before[1] >= 0
    window.share.mode_action.trigger()
    assert window.controller.share_mode and window.story.is_shown
    assert (page.shown, page.compared) == before and page.comparing
    assert share_kit.canaries_in(share_kit.widget_texts(window)) == []


def test_a_couple_added_in_share_mode_is_asked_about_first_and_becomes_the_only_one_listed(shared_screen, share_kit,
                                                                                          qtbot):
    from couplecanvas.ui.couple_dialog import CoupleDialog

    window = shared_screen
    seen: list[str] = []
    answer_next_question(QMessageBox.StandardButton.Yes, seen)
    dialog = window.couples.add_couple()
    assert "names" in seen[0] and isinstance(dialog, CoupleDialog)
    share_kit.type_text(qtbot, dialog.first_name_edit("a"), "Renée")
    share_kit.type_text(qtbot, dialog.first_name_edit("b"), "Kwame")
    dialog.accept()
    assert window.controller.share_mode
    assert window.controller.couple.partner_a.first_name == "Renée"
    couples = window.couples_panel.couples
    assert [couples.item(row).text() for row in range(couples.count())] == ["Renée & Kwame"]
    assert share_kit.canaries_in(share_kit.widget_texts(window)) == []
