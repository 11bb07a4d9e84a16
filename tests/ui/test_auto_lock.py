"""Auto-lock through the real window: the lock key and the idle timer save everything and cover both windows (no board,
no names, no notes, no dialog in sight; no shortcut fires), and unlocking brings back the very same view.

On an encrypted database the real passphrase (typed, then Enter), the recovery key or this computer's keyring unlocks;
a wrong passphrase says how many tries are left, and five wrong ones close the app with everything saved. Every lock,
unlock and failed unlock is in the activity log."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QGraphicsView, QLabel, QMessageBox, QVBoxLayout, QWidget

from couplecanvas.domain.activity import Action
from couplecanvas.storage import cipher, keychain
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository
from couplecanvas.ui.idle_lock import lock_keys
from couplecanvas.ui.session_controller import Page

CANARY = "CANARY-lonely-7431"
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def activate(window, qtbot) -> None:
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


def press_lock_key(widget, qtbot) -> None:
    """The lock key, pressed as a keyboard would, on the widget with the focus."""
    combination = lock_keys()[0][0]
    qtbot.keyClick(widget, combination.key(), combination.keyboardModifiers())


def open_with_canary(window, share_kit, qtbot):
    """Zoë and José's latest session, a new card typed with the canary, selected, at a zoom of our own."""
    window.couples.reload(share_kit.practice.couple_id)
    view = window.board_page.view
    activate(window, qtbot)
    view.setFocus()
    qtbot.keyClick(view.viewport(), Qt.Key.Key_N)  # a new card, ready for typing
    scene = window.controller.scene
    assert scene.editing_card_id is not None
    qtbot.keyClicks(view.viewport(), CANARY)
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    card_id = next(i for i, card in window.controller.document.board.cards.items() if card.text == CANARY)
    scene.select_only([card_id])
    view.set_zoom(1.7)
    view.centerOn(scene.card_items[card_id])
    return card_id


def the_view(window):
    """What the therapist sees and works on: the page, session, zoom, scroll, selection and open panels."""
    view = window.board_page.view
    return (window.controller.page, window.controller.session.id, round(view.zoom, 6),
            view.horizontalScrollBar().value(), view.verticalScrollBar().value(),
            tuple(window.controller.scene.selected_card_ids()), window.notes_dock.isVisible(),
            window.couples_dock.isVisible(), view.viewport().size().toTuple(), window.windowTitle())


def the_shared_view(share):
    view = share.view
    return share.showing, round(view.zoom, 6), view.mapToScene(view.viewport().rect().center()).toTuple()


def same_pixels(widget: QWidget, cover: QWidget) -> bool:
    """The widget, grabbed whole, shows exactly the cover's pixels (the cover fills it)."""
    shown = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    alone = cover.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    return shown.size() == alone.size() and shown == alone


def visible_texts(share_kit) -> list[str]:
    """Every word readable in every visible window of the app: titles, labels, fields, lists, tooltips, and the words
    every visible board view draws."""
    texts = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        shown = [widget for widget in [top, *top.findChildren(QWidget)] if widget.isVisible()]
        texts += [text for widget in shown for text in share_kit.widget_texts(widget)]
        texts += [share_kit.drawn_text(view) for view in shown if isinstance(view, QGraphicsView)]
    return texts


def test_the_lock_key_covers_both_windows_and_unlocking_brings_back_the_same_view(make_window, share_kit, qtbot):
    window = make_window()
    card_id = open_with_canary(window, share_kit, qtbot)
    window.notes_dock.show()  # the private notes are open: they too must go out of sight
    share = window.share.open_window()
    qtbot.waitUntil(lambda: share.windowHandle() is not None and share.windowHandle().isExposed(), timeout=3000)
    activate(window, qtbot)
    window.board_page.view.setFocus()
    before = the_view(window), the_shared_view(share)
    assert any(CANARY in text for text in visible_texts(share_kit))  # the check can see the canary when it is there
    assert share.showing is share.view

    press_lock_key(window.board_page.view, qtbot)

    assert window.controller.locked
    cover = window.window_lock.cover
    assert same_pixels(window, cover)  # the main window shows the cover only: no menu, panel or board
    assert share.showing is share.paused and same_pixels(share, share.paused)
    texts = visible_texts(share_kit)
    assert not any(CANARY in text for text in texts)
    assert share_kit.canaries_in(texts) == []  # no first name, note, title or other couple anywhere
    assert window.windowTitle() == "Couple Canvas" and "Sun" not in share.windowTitle()
    assert not window.menuBar().isEnabled()
    # The card was saved before the cover came: a fresh reading of the file holds it.
    repository = Repository(open_database(window.controller.repository.database.engine.url.render_as_string()))
    try:
        assert CANARY in [c.text for c in repository.load_board(window.controller.session.id).cards.values()]
    finally:
        repository.close()

    # Behind the cover, keys do nothing: Ctrl+E does not open the handout, F5 does not close the share window.
    field_or_button = QApplication.focusWidget()
    assert field_or_button is not None and cover.isAncestorOf(field_or_button)
    qtbot.keyClick(field_or_button, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field_or_button, Qt.Key.Key_F5)
    qtbot.keyClick(window.board_page.view.viewport(), Qt.Key.Key_Delete)  # sent straight at the hidden board
    assert window.controller.page == Page.BOARD and window.controller.handout_pdf == b""
    assert window.share.share_window is share and card_id in window.controller.document.board.cards

    # No passphrase is set: the cover says where one would be asked, and Unlock alone brings the view back.
    assert "Set a passphrase" in cover.hint.text() and not cover.passphrase.isVisible()
    qtbot.mouseClick(cover.unlock_button, Qt.MouseButton.LeftButton)
    assert not window.controller.locked
    assert (the_view(window), the_shared_view(share)) == before
    assert not cover.isVisible() and share.showing is share.view
    assert any(CANARY in text for text in visible_texts(share_kit))


def test_a_dialog_goes_out_of_sight_while_locked_and_comes_back(make_window, share_kit, qtbot):
    window = make_window()
    window.couples.reload(share_kit.practice.couple_id)
    dialog = QDialog(window)
    dialog.setWindowTitle("Zoë and José")
    QVBoxLayout(dialog).addWidget(QLabel(CANARY))
    dialog.open()
    qtbot.waitExposed(dialog)
    window.controller.lock()
    assert not dialog.isVisible()
    assert not any(CANARY in text or "Zoë" in text for text in visible_texts(share_kit))
    window.controller.unlock()
    assert dialog.isVisible()
    dialog.reject()
    # A window that opens while locked (the database could not be read, say) goes at once, and comes back on unlock.
    window.controller.lock()
    window.controller.storage_failed.emit(f"{CANARY} could not be read")
    box = window.findChild(QMessageBox, "database_unreadable")
    assert box is not None
    qtbot.waitUntil(lambda: not box.isVisible())
    assert not any(CANARY in text for text in visible_texts(share_kit))
    window.controller.unlock()
    assert box.isVisible()


def test_a_question_waiting_in_its_own_loop_is_cancelled_by_the_lock_and_not_shown_again(make_window, share_kit, qtbot):
    window = make_window()
    window.couples.reload(share_kit.practice.couple_id)
    box = QMessageBox(QMessageBox.Icon.Question, "Zoë", CANARY,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, window)
    window.idle_lock.timer.start(50)  # the idle minutes run out while the question waits
    answer = box.exec()
    assert window.controller.locked and answer != QMessageBox.StandardButton.Yes
    assert not box.isVisible() and QApplication.activeModalWidget() is None
    assert not any(CANARY in text for text in visible_texts(share_kit))
    window.controller.unlock()
    assert not box.isVisible()  # its question is over: what asked it was told "no"


@pytest.fixture
def app_state(qapp):
    """Put the application's style, palette and font back as they were after the test."""
    style_name, font = qapp.style().name(), qapp.font()
    yield qapp
    qapp.setStyle(style_name)
    qapp.setPalette(QPalette())
    qapp.setFont(font)


def test_an_open_menu_closes_and_the_cover_follows_the_theme(make_window, share_kit, app_state, qtbot):
    window = make_window()
    window.couples.reload(share_kit.practice.couple_id)
    colours = {}
    for theme in ("light", "dark"):
        window.appearance.set_theme(theme)
        wanted = QApplication.palette().color(QPalette.ColorRole.Window)
        qtbot.waitUntil(lambda: window.palette().color(QPalette.ColorRole.Window) == wanted)  # a posted change
        menu = window.menuBar().actions()[0].menu()
        menu.popup(window.mapToGlobal(window.rect().center()))
        qtbot.waitExposed(menu)
        window.controller.lock()
        assert not menu.isVisible() and QApplication.activePopupWidget() is None
        image = window.window_lock.cover.grab().toImage()
        colours[theme] = image.pixelColor(5, 5)
        assert colours[theme] == wanted
        window.controller.unlock()
        assert not menu.isVisible()
    assert colours["dark"].lightness() < colours["light"].lightness()
    heading = window.window_lock.cover.findChild(QLabel, "lock_state")
    size = heading.font().pointSizeF()
    window.appearance.set_large_text(True)
    qtbot.waitUntil(lambda: heading.font().pointSizeF() > size)  # large text: the cover's words grow too


def test_the_lock_key_while_typing_in_a_card_keeps_the_words(make_window, share_kit, qtbot, database_url):
    window = make_window()
    window.couples.reload(share_kit.practice.couple_id)
    view = window.board_page.view
    activate(window, qtbot)
    view.setFocus()
    qtbot.keyClick(view.viewport(), Qt.Key.Key_N)
    qtbot.keyClicks(view.viewport(), "lonely when the door closes")  # still typing: the editor is open
    assert window.controller.scene.editing_card_id is not None
    press_lock_key(QApplication.focusWidget(), qtbot)
    assert window.controller.locked
    repository = Repository(open_database(database_url))
    try:
        cards = repository.load_board(window.controller.session.id).cards.values()
        assert "lonely when the door closes" in [card.text for card in cards]
    finally:
        repository.close()


def test_the_idle_timer_locks_after_the_chosen_minutes_and_real_input_restarts_it(make_window, share_kit, qtbot):
    window = make_window()
    window.couples.reload(share_kit.practice.couple_id)
    idle = window.idle_lock
    assert window.settings.lock_minutes == 10 and idle.timer.isActive()
    window.lock_actions.minute_actions[0].trigger()  # File > Lock after… > Never
    assert window.settings.lock_minutes == 0 and not idle.timer.isActive()
    window.lock_actions.minute_actions[5].trigger()
    assert window.settings.lock_minutes == 5 and idle.timer.interval() == 5 * 60_000 and idle.timer.isActive()
    idle.timer.stop()  # as if it were about to run out: a real key press starts it again
    activate(window, qtbot)
    qtbot.keyClick(window.board_page.view.viewport(), Qt.Key.Key_Escape)
    assert idle.timer.isActive()
    idle.timer.stop()
    qtbot.mouseClick(window.board_page.view.viewport(), Qt.MouseButton.LeftButton)
    assert idle.timer.isActive()
    assert not window.controller.locked
    idle.timer.start(10)  # the five minutes, made short
    qtbot.waitUntil(lambda: window.controller.locked, timeout=3000)
    assert window.window_lock.cover.isVisible() and not idle.timer.isActive()  # no idle time counts while locked
    assert window.windowTitle() == "Couple Canvas"


# -- with a passphrase -------------------------------------------------------------------------------------------------
PASSPHRASE = "lonely harbour at dawn 7431"




@pytest.fixture
def encrypted(share_kit, database_url, tmp_path):
    """The practice's database, encrypted with the passphrase: (its path, its data key, its recovery key)."""
    path = tmp_path / "couplecanvas.db"
    key, recovery = cipher.encrypt_database(path, PASSPHRASE)
    assert cipher.has_passphrase(path)
    return path, key, recovery


@pytest.fixture
def encrypted_window(make_window, encrypted):
    """The main window on the encrypted database, opened with its key (as after the start-up's passphrase)."""
    return lambda: make_window(key=encrypted[1])


def actions_logged(window) -> list[str]:
    """The activity log's actions, oldest first."""
    return [str(entry.action) for entry in reversed(window.controller.repository.list_activity())]


def read_back(encrypted, what):
    """Read the encrypted file afresh, as another program would (with the key)."""
    repository = Repository(open_database(f"sqlite:///{encrypted[0]}", key=encrypted[1]))
    try:
        return what(repository)
    finally:
        repository.close()


def type_into_cover(window, qtbot, text: str) -> None:
    field = window.window_lock.cover.passphrase
    assert field.isVisible() and field.hasFocus()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_the_passphrase_brings_back_the_same_view_and_a_wrong_one_says_the_tries_left(
        encrypted_window, share_kit, use_keyring, qtbot):
    window = encrypted_window()
    open_with_canary(window, share_kit, qtbot)
    share = window.share.open_window()
    qtbot.waitUntil(lambda: share.windowHandle() is not None and share.windowHandle().isExposed(), timeout=3000)
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.board_page.view.setFocus()
    before = the_view(window)

    press_lock_key(window.board_page.view, qtbot)
    cover = window.window_lock.cover
    assert window.controller.locked and same_pixels(window, cover) and same_pixels(share, share.paused)
    assert not any(CANARY in text for text in visible_texts(share_kit))
    assert not cover.keyring_button.isVisible()  # no keyring on this computer
    assert "Set a passphrase" not in cover.hint.text()

    qtbot.keyClick(cover.passphrase, Qt.Key.Key_Return)  # Enter on an empty field costs no try
    assert cover.message.text() == "Type your passphrase first."
    type_into_cover(window, qtbot, "lonely harbour at dusk")
    assert window.controller.locked
    assert cover.message.text() == "The passphrase is not right. 4 tries left."
    assert cover.passphrase.text() == ""  # nothing typed stays in the field
    type_into_cover(window, qtbot, PASSPHRASE.upper())
    assert cover.message.text() == "The passphrase is not right. 3 tries left."
    assert window.controller.locked and same_pixels(window, cover)

    type_into_cover(window, qtbot, PASSPHRASE)
    assert not window.controller.locked
    assert the_view(window) == before and share.showing is share.view
    assert any(CANARY in text for text in visible_texts(share_kit))
    logged = actions_logged(window)
    assert logged[-4:] == [Action.LOCK, Action.UNLOCK_FAILED, Action.UNLOCK_FAILED, Action.UNLOCK]
    couple_ids = {entry.couple_id for entry in window.controller.repository.list_activity(limit=4)}
    assert couple_ids == {share_kit.practice.couple_id}

    # Locked again from the share window's own keyboard; the count of tries starts afresh.
    share.windowHandle().requestActivate()
    qtbot.waitUntil(share.isActiveWindow, timeout=2000)
    press_lock_key(share.view, qtbot)
    assert window.controller.locked and share.showing is share.paused
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    cover.focus()
    type_into_cover(window, qtbot, "lonely")
    assert cover.message.text() == "The passphrase is not right. 4 tries left."


def test_the_recovery_key_also_unlocks(encrypted_window, encrypted, share_kit, use_keyring, qtbot):
    window = encrypted_window()
    window.couples.reload(share_kit.practice.couple_id)
    window.controller.lock()
    type_into_cover(window, qtbot, encrypted[2].lower())
    assert not window.controller.locked


def test_five_wrong_passphrases_close_the_app_with_everything_saved(
        encrypted_window, encrypted, share_kit, use_keyring, qtbot):
    window = encrypted_window()
    open_with_canary(window, share_kit, qtbot)
    window.notes_dock.show()
    notes = window.notes_panel.editor
    notes.setFocus()
    qtbot.keyClicks(notes, " lonely-note-7431")  # typed, not yet written (the notes wait before they save)
    press_lock_key(notes, qtbot)
    session_id = share_kit.practice.session_ids[-1]
    assert "lonely-note-7431" in read_back(encrypted, lambda r: r.load_private_note(session_id).text)  # saved first
    cover = window.window_lock.cover
    for attempt in range(4):
        type_into_cover(window, qtbot, f"lonely {attempt}")
    assert cover.message.text() == "The passphrase is not right. One try left."
    assert window.isVisible()
    type_into_cover(window, qtbot, "lonely 4")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=3000)
    assert window.repository is None  # closed, after writing everything
    assert CANARY in read_back(encrypted, lambda r: [card.text for card in r.load_board(session_id).cards.values()])
    logged = read_back(encrypted, lambda r: [str(entry.action) for entry in reversed(r.list_activity())])
    assert logged[-6:] == [Action.LOCK] + [Action.UNLOCK_FAILED] * 5
    assert QApplication.activeModalWidget() is None


def test_the_keyring_unlocks_when_it_holds_the_open_key(
    encrypted_window, encrypted, share_kit, use_keyring, qtbot, memory_keyring
):
    path, key, _recovery = encrypted
    assert keychain.remember(path, key)
    window = encrypted_window()
    window.couples.reload(share_kit.practice.couple_id)
    window.controller.lock()
    cover = window.window_lock.cover
    assert cover.keyring_button.isVisible() and cover.passphrase.isVisible()
    qtbot.mouseClick(cover.keyring_button, Qt.MouseButton.LeftButton)
    assert not window.controller.locked
    # Another key in the keyring (an older file's) does not unlock, and is not offered.
    assert keychain.remember(path, bytes(32))
    window.controller.lock()
    assert not cover.keyring_button.isVisible()
    assert window.controller.locked
