"""The share window (F5): a second view on the one scene, safe to show on a video call, in step with the main window."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from sqlalchemy import event

from couplecanvas.ui.pages import NEUTRAL_COLOUR
from couplecanvas.ui.share_window import SHARE_SIZE, TITLE, choose_place


@pytest.fixture
def make_shared(make_window, share_kit):
    """The main window with Zoë and José's latest session open (the couple whose aliases are switched on)."""

    def make():
        window = make_window()
        window.couples.reload(share_kit.practice.couple_id)
        assert window.controller.session.id == share_kit.practice.session_ids[-1]
        return window

    return make


def activate(window, qtbot) -> None:
    """Make a window the active one, as a click on it would (offscreen, activation is asked for)."""
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


def open_share(window, qtbot):
    """Press F5 in the main window, as the therapist would."""
    activate(window, qtbot)
    qtbot.keyClick(window.board_page.view, Qt.Key.Key_F5)
    share = window.share.share_window
    assert share is not None
    qtbot.waitUntil(lambda: share.windowHandle() is not None and share.windowHandle().isExposed(), timeout=3000)
    return share


def card_centre(view, card_id):
    item = view.scene().card_items[card_id]
    return view.mapFromScene(item.sceneBoundingRect().center())


def card_with(window, words):
    board = window.controller.document.board
    return next(card_id for card_id, card in board.cards.items() if card.text.startswith(words))


def is_neutral(widget) -> bool:
    image = widget.grab().toImage()
    neutral = QColor(NEUTRAL_COLOUR)
    points = [QPoint(x, y) for x in (5, image.width() // 2, image.width() - 5) for y in (5, image.height() // 2)]
    return all(image.pixelColor(point) == neutral for point in points)


def test_f5_opens_a_window_with_a_neutral_title_on_the_same_scene(make_shared, share_kit, qtbot):
    window = make_shared()
    share = open_share(window, qtbot)
    assert share.windowTitle() == TITLE
    assert share.isWindow() and share is not window
    assert share.view.scene() is window.board_page.view.scene() is window.controller.scene  # one scene, not a copy
    assert share.showing is share.view
    screen = QApplication.primaryScreen().availableGeometry()
    assert screen.adjusted(-8, -8, 8, 8).contains(share.geometry())  # give or take the window manager's frame
    assert share.width() <= SHARE_SIZE[0] and share.height() <= SHARE_SIZE[1]
    # F5 again (from the share window itself) closes it; the main window carries on.
    activate(share, qtbot)
    qtbot.keyClick(share.view, Qt.Key.Key_F5)
    assert window.share.share_window is None
    assert window.controller.scene is not None and window.board_page.view.scene() is window.controller.scene


def test_the_share_window_draws_aliases_and_never_another_couple_notes_or_titles(make_shared, share_kit, qtbot):
    window = make_shared()
    window.notes_toggle_action.trigger()  # the therapist has the notes open in the main window
    assert window.notes_dock.isVisible()
    share = open_share(window, qtbot)
    drawn = share_kit.drawn_text(share.view)
    assert "Sun feels unseen when Moon works late" in drawn
    assert "then Sun" in drawn  # an arrow's words too
    assert share_kit.canaries_in(drawn) == []
    assert share_kit.canaries_in(share_kit.widget_texts(share)) == []
    # The therapist's own window (not in share mode) shows the words as typed.
    assert share_kit.card_words in share_kit.drawn_text(window.board_page.view)


def test_typing_in_the_main_window_shows_aliases_in_the_share_window_even_mid_word(make_shared, share_kit, qtbot):
    window = make_shared()
    share = open_share(window, qtbot)
    view = window.board_page.view
    activate(window, qtbot)
    view.setFocus()
    window.controller.scene.clearSelection()
    qtbot.keyClick(view.viewport(), Qt.Key.Key_N)
    share_kit.type_text(
        qtbot, view.viewport(), "José said Zoë never listens"
    )  # still being typed: the editor is showing
    assert window.controller.scene.editing_card_id is not None
    drawn = share_kit.drawn_text(share.view)
    assert "Moon said Sun never listens" in drawn
    assert share_kit.canaries_in(drawn) == []
    assert "José said Zoë never listens" in share_kit.drawn_text(view)
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    stored = [card.text for card in window.controller.document.board.cards.values()]
    assert "José said Zoë never listens" in stored  # stored as typed: aliases are only drawn


def test_both_windows_stay_in_step_under_real_mouse_and_keys(make_shared, share_kit, qtbot):
    window = make_shared()
    share = open_share(window, qtbot)
    document = window.controller.document
    card_id = card_with(window, "We both long")
    before = (document.board.cards[card_id].x, document.board.cards[card_id].y)

    # Drag a card in the share window with the real mouse.
    activate(share, qtbot)
    share.view.setFocus()
    viewport = share.view.viewport()
    start = card_centre(share.view, card_id)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(viewport, start + QPoint(step * 12, step * 8))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(60, 40))
    after = (document.board.cards[card_id].x, document.board.cards[card_id].y)
    assert after != before
    main_item = window.board_page.view.scene().card_items[card_id]
    assert (main_item.pos().x(), main_item.pos().y()) == pytest.approx(after)

    # Type on the selected card in the share window: the words land in the one document.
    assert window.controller.scene.selected_card_ids() == [card_id]
    qtbot.keyClicks(viewport, "lonely")
    qtbot.keyClick(viewport, Qt.Key.Key_Return)
    assert document.board.cards[card_id].text.endswith("lonely")

    # Undo from the share window's keyboard undoes both steps in both windows.
    qtbot.keyClick(viewport, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not document.board.cards[card_id].text.endswith("lonely")
    qtbot.keyClick(viewport, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (document.board.cards[card_id].x, document.board.cards[card_id].y) == before

    # A new card typed in the main window appears in the share window's scene.
    activate(window, qtbot)
    main_view = window.board_page.view
    main_view.setFocus()
    window.controller.scene.clearSelection()
    qtbot.keyClick(main_view.viewport(), Qt.Key.Key_N)
    qtbot.keyClicks(main_view.viewport(), "We stay when it gets hard")
    qtbot.keyClick(main_view.viewport(), Qt.Key.Key_Return)
    new_id = card_with(window, "We stay when")
    assert new_id in share.view.scene().card_items
    assert "We stay when it gets hard" in share_kit.drawn_text(share.view) or not share.view.scene().card_items[
        new_id].isVisible()


def test_b_blanks_the_share_window_within_one_frame_and_brings_it_back(make_shared, share_kit, qtbot):
    window = make_shared()
    share = open_share(window, qtbot)
    activate(share, qtbot)
    share.view.setFocus()
    window.controller.scene.clearSelection()
    qtbot.keyClick(share.view.viewport(), Qt.Key.Key_B)
    assert window.controller.blanked
    assert share.showing is share.neutral
    assert is_neutral(share)  # the very next grab: no frame of the board
    assert share_kit.drawn_text(share.view) == "" or share.view.isHidden()
    qtbot.keyClick(share, Qt.Key.Key_B)  # the neutral page has no keys of its own: the window takes B
    assert not window.controller.blanked
    assert share.showing is share.view
    # Ctrl+Shift+B from the main window blanks it too (and the board stays in the main window: not in share mode).
    activate(window, qtbot)
    qtbot.keyClick(window.board_page.view, Qt.Key.Key_B,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.controller.blanked and share.showing is share.neutral
    assert window.stack.currentWidget() is window.board_page
    window.share.blank_action.trigger()
    assert not window.controller.blanked


def test_b_is_a_letter_while_typing_in_the_share_window(make_shared, share_kit, qtbot):
    window = make_shared()
    share = open_share(window, qtbot)
    card_id = card_with(window, "We both long")
    activate(share, qtbot)
    share.view.setFocus()
    window.controller.scene.select_only([card_id])
    qtbot.keyClick(share.view.viewport(), Qt.Key.Key_F2)
    qtbot.keyClicks(share.view.viewport(), " but both feel blamed")
    assert not window.controller.blanked
    qtbot.keyClick(share.view.viewport(), Qt.Key.Key_Return)
    assert window.controller.document.board.cards[card_id].text.endswith("but both feel blamed")


class PaintLog(QObject):
    """Notes which page of the share window paints, and which couple's scene its board shows, frame by frame."""

    def __init__(self, share) -> None:
        super().__init__()
        self.share = share
        self.frames: list[tuple[str, object]] = []
        for widget in (share.neutral, share.view.viewport(), share.pages.viewport()):
            widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            if watched is self.share.neutral:
                self.frames.append(("neutral", None))
            elif watched is self.share.view.viewport():
                self.frames.append(("board", self.share.view.scene()))
            else:
                self.frames.append(("handout", None))
        return False


def test_switching_couples_while_sharing_shows_no_frame_of_either_in_between(make_shared, share_kit, qtbot):
    window = make_shared()
    share = open_share(window, qtbot)
    old_scene = window.controller.scene
    log = PaintLog(share)
    couples = window.couples_panel.couples
    other_row = next(row for row in range(couples.count())
                     if couples.item(row).data(Qt.ItemDataRole.UserRole) == share_kit.practice.other_couple_id)
    couples.setCurrentRow(other_row)  # the other couple, chosen in the list
    assert window.controller.couple.id == share_kit.practice.other_couple_id
    new_scene = window.controller.scene
    assert new_scene is not None and new_scene is not old_scene
    qtbot.waitUntil(lambda: any(scene is new_scene for _page, scene in log.frames), timeout=3000)
    first_new = next(i for i, (_page, scene) in enumerate(log.frames) if scene is new_scene)
    assert ("neutral", None) in log.frames[:first_new]
    assert all(scene is not old_scene for _page, scene in log.frames)  # not one frame of the couple that left
    assert share.view.scene() is new_scene


def visible_area(view) -> QRectF:
    return view.mapToScene(view.viewport().rect()).boundingRect()


def test_the_share_window_follows_the_therapist_or_stays_put_and_keeps_text_legible(make_shared, share_kit, qtbot):
    window = make_shared()
    share = open_share(window, qtbot)
    main_view = window.board_page.view
    for zoom in (1.5, 0.3):
        main_view.set_zoom(zoom)
        main_view.centerOn(QPointF(300, 200))
        seen, shared = visible_area(main_view), visible_area(share.view)
        # The same part of the board, as large as the share window allows.
        assert abs(shared.center().x() - seen.center().x()) < 3 and abs(shared.center().y() - seen.center().y()) < 3
        assert shared.adjusted(-2, -2, 2, 2).contains(seen)  # all of what the therapist sees, fitted
        assert shared.width() <= seen.width() + 2 or shared.height() <= seen.height() + 2  # and no smaller than that
    share.set_min_text_px(22)  # the large-text preset
    main_view.set_zoom(0.1)
    assert share.view.zoom == pytest.approx(share.min_zoom())
    assert share.min_zoom() > 0.2
    window.share.follow_action.trigger()  # stay put from now on
    assert not share.follows and not window.settings.share_follows
    zoom = share.view.zoom
    main_view.set_zoom(2.0)
    assert share.view.zoom == pytest.approx(zoom)


def test_either_window_can_close_first(make_shared, share_kit, qtbot):
    window = make_shared()
    share = open_share(window, qtbot)
    share.close()
    assert window.share.share_window is None and not window.share.window_action.isChecked()
    assert window.board_page.view.scene() is window.controller.scene  # the board lives on in the main window
    share = open_share(window, qtbot)
    assert share.view.scene() is window.controller.scene
    window.close()
    assert window.share.share_window is None and not share.isVisible()


def test_the_share_window_reopens_where_it_was_and_on_the_primary_screen_if_that_one_is_gone(make_shared, share_kit,
                                                                                             qtbot):
    window = make_shared()
    share = open_share(window, qtbot)
    screen = QApplication.primaryScreen().availableGeometry()
    share.setGeometry(QRect(screen.x() + 20, screen.y() + 30, 500, 400))
    share.close()
    assert window.settings.share_window_rect == QRect(screen.x() + 20, screen.y() + 30, 500, 400)
    share = open_share(window, qtbot)
    assert share.geometry() == QRect(screen.x() + 20, screen.y() + 30, 500, 400)
    share.close()
    window.settings.share_window_screen = "HDMI-2 (unplugged)"
    window.settings.share_window_rect = QRect(3000, 200, 1280, 720)
    share = open_share(window, qtbot)
    assert screen.adjusted(-8, -8, 8, 8).contains(share.geometry())


def test_where_the_share_window_opens():
    laptop = {"eDP-1": QRect(0, 0, 1920, 1080)}
    main = QRect(0, 0, 600, 900)
    assert choose_place(laptop, "eDP-1", main, "", None) == QRect(600, 0, 1280, 720)  # beside, made for sharing
    wide_main = QRect(100, 50, 1500, 900)
    assert choose_place(laptop, "eDP-1", wide_main, "", None) == QRect(640, 50, 1280, 720)  # as far right as fits
    two = {"eDP-1": QRect(0, 0, 1920, 1080), "HDMI-1": QRect(1920, 0, 2560, 1440)}
    assert choose_place(two, "eDP-1", main, "", None) == QRect(1920 + 640, 360, 1280, 720)  # on the other screen
    saved = QRect(2000, 100, 1600, 900)
    assert choose_place(two, "eDP-1", main, "HDMI-1", saved) == saved
    assert choose_place(laptop, "eDP-1", main, "HDMI-1", saved) == QRect(600, 0, 1280, 720)  # unplugged since
    small = {"": QRect(0, 0, 800, 800)}
    assert choose_place(small, "", main, "", None) == QRect(0, 0, 800, 720)


def test_an_unreadable_database_turns_the_share_window_neutral_and_tells_only_the_therapist(make_shared, share_kit,
                                                                                           qtbot, tmp_path):
    window = make_shared()
    share = open_share(window, qtbot)
    # Another program takes the database and holds it: the next read fails (after 50 ms rather than 5 s).
    def short_timeout(dbapi_connection, _record) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=50")

    repository = window.controller.repository
    event.listen(repository.database.engine, "connect", short_timeout, insert=True)
    repository.database.engine.dispose()
    blocker = sqlite3.connect(tmp_path / "couplecanvas.db", isolation_level=None)
    blocker.execute("PRAGMA locking_mode=EXCLUSIVE")
    blocker.execute("BEGIN EXCLUSIVE")
    blocker.execute("UPDATE sessions SET title = 'changed by another program'")
    try:
        window.couples_panel.sessions.setCurrentRow(1)  # the earlier session
        qtbot.waitUntil(lambda: window.findChild(QMessageBox, "database_unreadable") is not None, timeout=10000)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert share.showing is share.neutral
    assert is_neutral(share)
    box = window.findChild(QMessageBox, "database_unreadable")
    assert box.parent() is window and "could not read" in box.text()
    assert share.findChildren(QDialog) == [] and share.findChildren(QMessageBox) == []
    assert all(w.window() is not share for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox))
    box.close()
    # The board that was open stays open; once the database can be read again, the share window comes back.
    assert window.controller.session.id == share_kit.practice.session_ids[-1]
    assert window.couples_panel.sessions.currentRow() == 0
    window.couples_panel.sessions.setCurrentRow(1)  # the therapist tries the earlier session again
    qtbot.waitUntil(lambda: share.showing is share.view, timeout=5000)
    assert window.controller.session.id == share_kit.practice.session_ids[0]


def test_the_share_window_shows_the_handout_preview_while_the_therapist_has_it_open(make_shared, share_kit, qtbot):
    window = make_shared()
    share = open_share(window, qtbot)
    activate(window, qtbot)
    qtbot.keyClick(window.board_page.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert window.exports.preview.is_shown
    assert share.showing is share.pages
    assert share.pages.images  # the pages themselves, without the options, buttons or file paths
    assert share_kit.canaries_in(share_kit.widget_texts(share)) == []
    assert share.findChildren(QWidget, "alias_box") == []
    qtbot.keyClick(window.exports.preview.page.pages, Qt.Key.Key_Escape)
    assert share.showing is share.view


def test_large_text_keeps_the_shared_card_words_legible_at_any_zoom_and_themes_reach_both_windows(make_shared,
                                                                                                  share_kit, qtbot):
    window = make_shared()
    share = open_share(window, qtbot)
    main_view = window.board_page.view
    main_view.set_zoom(0.15)  # the therapist looks at the whole board
    assert share.view.zoom < 0.5  # without the preset, the share window shows what they see
    window.appearance.large_text_action.trigger()
    scene = window.controller.scene
    assert scene.board_style.large_text
    point_size = scene.board_style.card_point_size
    assert point_size * 96 / 72 * share.view.zoom >= 22 - 0.01  # words of at least 22 px on the shared screen
    main_view.set_zoom(0.1)
    assert point_size * 96 / 72 * share.view.zoom >= 22 - 0.01
    window.appearance.theme_actions[next(t for t in window.appearance.theme_actions if t.value == "dark")].trigger()
    assert scene.board_style.dark
    image = share.view.viewport().grab().toImage()
    assert image.pixelColor(3, 3).lightness() < 80  # the shared board is dark too: one scene, one style
    window.appearance.large_text_action.trigger()
    window.appearance.theme_actions[next(t for t in window.appearance.theme_actions if t.value == "light")].trigger()
    main_view.set_zoom(0.1)
    assert share.view.zoom < 0.5


def test_the_share_window_shows_the_story_page_as_the_therapist_steps_through_it(make_shared, share_kit, qtbot):
    window = make_shared()
    share = open_share(window, qtbot)
    activate(window, qtbot)
    qtbot.keyClick(window.board_page.view, Qt.Key.Key_Y,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    page = window.story.page
    assert window.story.is_shown
    mirror = share.story
    assert share.showing is mirror
    assert mirror.shown == page.shown and mirror.sessions and len(mirror.sessions) == len(page.sessions)
    qtbot.keyClick(page, Qt.Key.Key_Left)  # the therapist steps back one session
    assert mirror.shown == page.shown == 0
    page.set_compare(True)
    assert (mirror.shown, mirror.compared) == (page.shown, page.compared)
    texts = share_kit.widget_texts(share)
    assert share_kit.canaries_in(texts) == []  # no title ("Disclosure of the affair"), no first names
    assert any("Sun" in text for text in texts)
    for pane in (mirror.left, mirror.right):
        drawn = share_kit.drawn_text(pane.view)
        assert "Sun feels unseen when Moon works late" in drawn and share_kit.canaries_in(drawn) == []
    assert not mirror.back_button.isVisible() and not mirror.compare_button.isVisible()
    qtbot.keyClick(page, Qt.Key.Key_Escape)
    assert share.showing is share.view and mirror.sessions == []


def test_an_arrows_words_are_asked_for_in_the_therapists_window_never_in_the_share_window(make_shared, share_kit,
                                                                                         qtbot):
    window = make_shared()
    share = open_share(window, qtbot)
    activate(share, qtbot)
    share.view.setFocus()
    scene = window.controller.scene
    connector_id = next(iter(window.controller.document.board.connectors))
    scene.clearSelection()
    scene.connector_items[connector_id].setSelected(True)
    seen = []

    def answer() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(20, answer)
            return
        seen.extend((dialog.parentWidget().window() is window, dialog.parentWidget().window() is share)
                    for dialog in dialogs)
        dialogs[0].reject()

    QTimer.singleShot(20, answer)
    window.board_actions.arrow_label.trigger()  # the menu entry, with the share window's board in focus
    assert seen and all(in_main and not in_share for in_main, in_share in seen)
    assert share.findChildren(QDialog) == []


def test_the_couples_progress_lines_show_on_the_story_page_in_both_windows(make_shared, share_kit, qtbot):
    from couplecanvas.domain.couple import PartnerRole
    from couplecanvas.domain.progress import ProgressCheck

    window = make_shared()
    first, latest = share_kit.practice.session_ids
    for session_id, a, b in ((first, 3, 5), (latest, 6, 7)):
        window.repository.save_progress_check(ProgressCheck(session_id, PartnerRole.A, connection=a))
        window.repository.save_progress_check(ProgressCheck(session_id, PartnerRole.B, connection=b))
    share = open_share(window, qtbot)
    activate(window, qtbot)
    qtbot.keyClick(window.board_page.view, Qt.Key.Key_Y,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    for page in (window.story.page, share.story):
        chart = page.progress
        assert chart.isVisible()
        image = chart.grab().toImage()
        for role, values in ((PartnerRole.A, (3, 6)), (PartnerRole.B, (5, 7))):
            colour = QColor(window.controller.couple.partner(role).colour)
            for index, value in enumerate(values):
                spot = chart.point(role, index, value).toPoint()
                near = [image.pixelColor(spot.x() + dx, spot.y() + dy) for dx in (-2, 0, 2) for dy in (-2, 0, 2)]
                assert any(abs(c.red() - colour.red()) + abs(c.green() - colour.green())
                           + abs(c.blue() - colour.blue()) < 60 for c in near), (role, index, value)
    assert share_kit.canaries_in(share_kit.widget_texts(share)) == []
