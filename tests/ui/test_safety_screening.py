"""The safety screening record in the real window: recorded through its dialog, for the therapist alone (refused in
share mode, closed when share mode starts, never in the share window, never in a handout)."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
from pypdf.generic import StreamObject
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from couplecanvas.domain.safety import Outcome, Screening
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository
from couplecanvas.ui.screening_dialog import ScreeningDialog

NEW_NOTE = "turnip-canary each seen for forty minutes"


def stored_screening(database_url: str, couple_id: int) -> Screening:
    repository = Repository(open_database(database_url))
    try:
        return repository.get_screening(couple_id)
    finally:
        repository.close()


def open_couple(make_window, share_kit, qtbot):
    window = make_window()
    window.couples.reload(share_kit.practice.couple_id)
    assert window.controller.couple.id == share_kit.practice.couple_id
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    return window


def test_the_screening_is_read_and_recorded_through_its_dialog(make_window, share_kit, qtbot, database_url):
    window = open_couple(make_window, share_kit, qtbot)
    assert window.screening_action.isEnabled()
    homework_menu = next(a.menu() for a in window.menuBar().actions() if a.menu() and "work" in a.text())
    assert window.screening_action in homework_menu.actions()

    dialog = window.open_screening()
    assert isinstance(dialog, ScreeningDialog) and dialog.isVisible()
    assert dialog.parent() is window  # the therapist's window, never the shared one
    assert dialog.outcome.currentData() == Outcome.CONCERNS.value
    assert dialog.date.date() == QDate(2026, 11, 12)
    assert dialog.note.toPlainText() == share_kit.screening_canary
    assert "No override on record" in dialog.override.text()

    dialog.outcome.setCurrentIndex(dialog.outcome.findData(Outcome.NO_CONCERNS.value))
    dialog.date.setDate(QDate(2026, 11, 20))
    dialog.note.setFocus()
    dialog.note.selectAll()
    qtbot.keyClicks(dialog.note, NEW_NOTE)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert stored_screening(database_url, share_kit.practice.couple_id) == Screening(
        share_kit.practice.couple_id, Outcome.NO_CONCERNS, dt.date(2026, 11, 20), NEW_NOTE)


def test_not_done_keeps_no_date_and_a_future_date_is_refused(make_window, share_kit, qtbot, database_url):
    window = open_couple(make_window, share_kit, qtbot)
    dialog = window.open_screening()
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(Outcome.NOT_DONE.value))
    assert not dialog.date.isEnabled()
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert stored_screening(database_url, share_kit.practice.couple_id).screened_on is None

    dialog = window.open_screening()
    assert dialog.outcome.currentData() == Outcome.NOT_DONE.value
    refused = dialog.screening()
    refused = Screening(refused.couple_id, Outcome.CONCERNS, dt.date.today() + dt.timedelta(days=3))
    try:
        refused.check()
    except ValueError as error:
        assert "future" in str(error)
    else:
        raise AssertionError("a screening dated in the future was accepted")
    assert dialog.date.maximumDate() == QDate.currentDate()  # the dialog does not offer a future date at all
    dialog.reject()


def test_share_mode_refuses_the_screening_with_a_calm_note(make_window, share_kit, qtbot):
    window = open_couple(make_window, share_kit, qtbot)
    qtbot.keyClick(window.board_page.view, Qt.Key.Key_F6)
    assert window.controller.share_mode

    assert window.open_screening() is None
    assert window.findChild(ScreeningDialog) is None
    note = window.findChild(QMessageBox, "screening_not_in_share_mode")
    assert note is not None and note.isVisible()
    assert "for you alone" in note.text() and "share mode" in note.text()
    assert share_kit.canaries_in(share_kit.widget_texts(note)) == []
    note.button(QMessageBox.StandardButton.Ok).click()
    assert "fennel" not in "\n".join(share_kit.widget_texts(window))  # the whole walk: tests/ui/test_share_mode.py


def test_the_open_screening_closes_when_share_mode_starts_and_never_reaches_the_share_window(make_window, share_kit,
                                                                                            qtbot):
    window = open_couple(make_window, share_kit, qtbot)
    qtbot.keyClick(window.board_page.view, Qt.Key.Key_F5)
    share = window.share.share_window
    assert share is not None and share.isVisible()
    dialog = window.open_screening()
    assert dialog is not None and dialog.isVisible()
    assert share.findChild(ScreeningDialog) is None
    assert share_kit.screening_canary not in "\n".join(share_kit.widget_texts(share))
    assert share_kit.canaries_in(share_kit.widget_texts(share) + [share_kit.drawn_text(share.view)]) == []

    window.controller.set_share_mode(True)  # F6, as the controller hears it
    qtbot.waitUntil(lambda: not any(isinstance(w, ScreeningDialog) and w.isVisible()
                                    for w in QApplication.topLevelWidgets() + window.findChildren(ScreeningDialog)))
    assert "fennel" not in "\n".join(share_kit.widget_texts(window))


def test_the_screening_never_reaches_a_handout(make_window, share_kit, qtbot, tmp_path):
    window = open_couple(make_window, share_kit, qtbot)
    dialog = window.open_screening()
    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    path = tmp_path / "handout.pdf"
    assert window.export_handout_to(path)

    reader = pypdf.PdfReader(path)
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    assert "fennel" not in text and "Concerns" not in text
    for page in reader.pages:
        assert b"fennel" not in page.get_contents().get_data()
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            item = reader.get_object(number)
        except Exception:  # noqa: BLE001 - a free entry in the cross-reference table
            continue
        if isinstance(item, StreamObject):
            assert b"fennel" not in item.get_data().lower()
    assert all("fennel" not in str(value) for value in (reader.metadata or {}).values())

    window.export_action.trigger()  # the preview too
    preview = pypdf.PdfReader(io.BytesIO(window.exports.preview.pdf))
    preview_text = " ".join(page.extract_text() or "" for page in preview.pages)
    assert preview_text and "fennel" not in preview_text
