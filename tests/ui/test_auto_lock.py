"""Auto-lock through the real window: the lock key and the idle timer save everything and cover both windows (no board,
no names, no notes, no dialog in sight; no shortcut fires), and unlocking brings back the very same view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDialog, QGraphicsView, QLabel, QVBoxLayout, QWidget

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
    before = the_view(window)
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
    assert the_view(window) == before
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
