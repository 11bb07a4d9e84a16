"""The audit trail through the real window: each action, driven as the therapist drives it (file dialogs answered by a
stub), leaves one line with the couple's id and the file's base name; Help > Activity log… shows them read-only and
exports them as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import stat

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QFileDialog, QMessageBox

from couplecanvas.domain.activity import Action, describe_entry
from couplecanvas.ui.activity_log import ActivityLogAction, ActivityLogDialog, local_time
from couplecanvas.ui.activity_recorder import ActivityRecorder
from couplecanvas.ui.couple_file_actions import ExportCoupleDialog
from couplecanvas.ui.main_window import MainWindow


@pytest.fixture
def window(make_window, share_kit, monkeypatch):
    """The window with the recorder and the Help menu's Activity log… as the lead wires them (made here until then:
    the recorder must exist before the database opens)."""
    load = MainWindow.load

    def load_with_recorder(self) -> None:
        if getattr(self, "activity_recorder", None) is None:
            self.activity_recorder = ActivityRecorder(self.controller, self.share, self)
        if getattr(self, "activity_log", None) is None:
            self.activity_log = ActivityLogAction(self.controller, self)
            help_menu = next(a.menu() for a in self.menuBar().actions() if a.text() == "&Help")
            help_menu.addAction(self.activity_log.action)
        load(self)

    monkeypatch.setattr(MainWindow, "load", load_with_recorder)
    window = make_window()
    window.activity_log.ask_before_showing = window.share.ask_before_showing
    return window


def lines(window):
    return window.repository.list_activity()


def of(window, action: Action):
    return [(e.couple_id, e.file_name) for e in lines(window) if e.action is action]


def answer_file_dialog(monkeypatch, which: str, path) -> list:
    asked = []

    def stub(parent, caption, folder, filters, *rest):
        asked.append(folder)
        return str(path), filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, which, staticmethod(stub))
    return asked


def open_couple(window, couple_id: int) -> None:
    window.couples.switch_to(couple_id)
    assert window.controller.couple.id == couple_id and window.controller.document is not None


def test_opening_the_database_and_a_couple_is_recorded(window, share_kit):
    first = window.controller.couple.id  # the window opens the first couple of the list by itself
    assert first == share_kit.practice.other_couple_id
    assert of(window, Action.OPEN) == [(first, None), (None, "couplecanvas.db")]

    open_couple(window, share_kit.practice.couple_id)

    assert of(window, Action.OPEN) == [(share_kit.practice.couple_id, None), (first, None), (None, "couplecanvas.db")]


def test_a_handout_saved_from_the_preview_is_recorded_once(window, share_kit, qtbot, monkeypatch, tmp_path):
    couple_id = share_kit.practice.couple_id
    open_couple(window, couple_id)
    window.export_action.trigger()
    preview = window.exports.preview
    assert preview.is_shown
    folder = tmp_path / "Clients" / "Zoë and José"
    folder.mkdir(parents=True)
    answer_file_dialog(monkeypatch, "getSaveFileName", folder / "handout-2026-11-26.pdf")

    qtbot.mouseClick(preview.page.save_button, Qt.MouseButton.LeftButton)

    assert (folder / "handout-2026-11-26.pdf").read_bytes().startswith(b"%PDF")
    assert of(window, Action.EXPORT_HANDOUT) == [(couple_id, "handout-2026-11-26.pdf")]
    assert all("Clients" not in (e.file_name or "") for e in lines(window))


def test_a_printed_handout_is_recorded_once(window, share_kit, tmp_path):
    couple_id = share_kit.practice.couple_id
    open_couple(window, couple_id)
    window.export_action.trigger()
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "spool" / "printed.pdf"))
    (tmp_path / "spool").mkdir()

    assert window.exports.preview.print_to(printer)

    assert of(window, Action.PRINT) == [(couple_id, "printed.pdf")]
    assert of(window, Action.EXPORT_HANDOUT) == []


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_a_board_image_exported_from_the_menu_is_recorded_once(window, share_kit, monkeypatch, tmp_path, kind):
    couple_id = share_kit.practice.couple_id
    open_couple(window, couple_id)
    answer_file_dialog(monkeypatch, "getSaveFileName", tmp_path / "out" / f"board-2026-11-26.{kind}")
    (tmp_path / "out").mkdir()

    (window.board_actions.export_png if kind == "png" else window.board_actions.export_svg).trigger()

    assert (tmp_path / "out" / f"board-2026-11-26.{kind}").stat().st_size > 0
    assert of(window, Action.EXPORT_IMAGE) == [(couple_id, f"board-2026-11-26.{kind}")]


def test_a_couple_file_exported_and_imported_is_recorded_with_each_couple(window, share_kit, qtbot, monkeypatch,
                                                                          tmp_path):
    couple_id = share_kit.practice.couple_id
    open_couple(window, couple_id)
    answer_file_dialog(monkeypatch, "getSaveFileName", tmp_path / "moving" / "sun-and-moon")
    (tmp_path / "moving").mkdir()
    window.couple_files.export_action.trigger()
    dialog = window.findChild(ExportCoupleDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert (tmp_path / "moving" / "sun-and-moon.couple").is_file()
    assert of(window, Action.EXPORT_COUPLE) == [(couple_id, "sun-and-moon.couple")]

    answer_file_dialog(monkeypatch, "getOpenFileName", tmp_path / "moving" / "sun-and-moon.couple")
    window.couple_files.import_action.trigger()

    new_id = window.controller.couple.id
    assert new_id not in (couple_id, None)
    assert of(window, Action.IMPORT_COUPLE) == [(new_id, "sun-and-moon.couple")]
    assert of(window, Action.EXPORT_COUPLE) == [(couple_id, "sun-and-moon.couple")]


def test_a_refused_import_is_not_recorded(window, monkeypatch, tmp_path):
    bad = tmp_path / "not-a-couple.couple"
    bad.write_bytes(b"these are not the bytes of a couple file")
    answer_file_dialog(monkeypatch, "getOpenFileName", bad)

    window.couple_files.import_action.trigger()

    assert window.couple_files.shown_message is not None
    assert of(window, Action.IMPORT_COUPLE) == []


def test_a_share_window_session_is_recorded_when_it_starts_and_when_it_ends(window, share_kit, qtbot):
    couple_id = share_kit.practice.couple_id
    open_couple(window, couple_id)

    window.share.window_action.trigger()
    qtbot.waitUntil(lambda: window.share.share_window is not None and window.share.share_window.isVisible(),
                    timeout=2000)
    assert of(window, Action.SHARE_STARTED) == [(couple_id, None)] and of(window, Action.SHARE_ENDED) == []

    window.share.window_action.trigger()
    qtbot.waitUntil(lambda: window.share.share_window is None, timeout=2000)
    assert of(window, Action.SHARE_STARTED) == [(couple_id, None)]
    assert of(window, Action.SHARE_ENDED) == [(couple_id, None)]


# -- the dialog -------------------------------------------------------------------------------------------------------


def open_dialog(window, qtbot) -> ActivityLogDialog:
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    action = next(a for a in help_menu.actions() if a.text() == "Activity log…")
    action.trigger()
    dialog = window.activity_log.dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=2000)
    return dialog


def cell(dialog: ActivityLogDialog, row: int, column: int) -> str:
    return dialog.model.index(row, column).data()


def test_the_dialog_shows_the_trail_newest_first_and_offers_no_way_to_change_it(window, share_kit, qtbot):
    kit = share_kit.practice
    open_couple(window, kit.couple_id)
    window.repository.record_activity(Action.EXPORT_HANDOUT, kit.other_couple_id, "/somewhere/handout.pdf")
    entries = lines(window)

    dialog = open_dialog(window, qtbot)

    table = dialog.table
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    count = dialog.model.rowCount()
    assert count == len(entries) == 4  # the export, two couples opened, the database opened
    assert [cell(dialog, r, 0) for r in range(count)] == [local_time(e.at) for e in entries]
    assert [cell(dialog, r, 1) for r in range(count)] == [describe_entry(e) for e in entries] == [
        "Exported a handout", "Opened the couple's record", "Opened the couple's record", "Opened the database"]
    assert [cell(dialog, r, 2) for r in range(count)] == [
        f"{kit.other_couple_id} · Harriet & Ignatius", f"{kit.couple_id} · Sun & Moon",  # as the couples list shows
        f"{kit.other_couple_id} · Harriet & Ignatius", ""]
    assert [cell(dialog, r, 3) for r in range(count)] == ["handout.pdf", "", "", "couplecanvas.db"]
    for row in range(count):
        for column in range(4):
            assert not dialog.model.flags(dialog.model.index(row, column)) & Qt.ItemFlag.ItemIsEditable
    buttons = sorted(b.text() for b in dialog.findChildren(QAbstractButton) if b.isVisible())
    assert buttons == ["Close", "Export…"]

    before = [[cell(dialog, r, c) for c in range(4)] for r in range(count)]
    table.setFocus()
    table.setCurrentIndex(dialog.model.index(0, 3))
    for key in (Qt.Key.Key_F2, Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
        qtbot.keyClick(table, key)
    qtbot.keyClicks(table, "lonely")
    rect = table.visualRect(dialog.model.index(0, 3))
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClicks(table, "lonely")
    assert table.state() != QAbstractItemView.State.EditingState
    assert [[cell(dialog, r, c) for c in range(4)] for r in range(count)] == before
    assert lines(window) == entries


def test_in_share_mode_couples_are_shown_by_id_only(window, share_kit, qtbot, monkeypatch):
    kit = share_kit.practice
    open_couple(window, kit.couple_id)
    window.controller.set_share_mode(True)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)  # "Show it anyway?"

    dialog = open_dialog(window, qtbot)

    assert cell(dialog, 0, 2) == str(kit.couple_id)
    texts = " ".join(cell(dialog, r, c) for r in range(dialog.model.rowCount()) for c in range(4))
    assert not share_kit.canaries_in([texts]) and "Sun" not in texts and "Harriet" not in texts


def test_share_mode_closes_the_open_dialog(window, share_kit, qtbot):
    open_dialog(window, qtbot)

    window.controller.set_share_mode(True)

    qtbot.waitUntil(lambda: window.activity_log.dialog is None, timeout=2000)


def test_a_deleted_couple_is_shown_by_its_id(window, share_kit, qtbot):
    kit = share_kit.practice
    window.repository.record_activity(Action.EXPORT_COUPLE, kit.other_couple_id, "harriet.couple")
    window.repository.delete_couple(kit.other_couple_id)

    dialog = open_dialog(window, qtbot)

    assert cell(dialog, 0, 1) == "Deleted a couple" and cell(dialog, 0, 2) == f"{kit.other_couple_id} (deleted)"
    assert cell(dialog, 1, 2) == f"{kit.other_couple_id} (deleted)" and cell(dialog, 1, 3) == "harriet.couple"


def test_export_writes_the_entries_as_csv_readable_by_the_therapist_only(window, share_kit, qtbot, monkeypatch,
                                                                         tmp_path):
    kit = share_kit.practice
    open_couple(window, kit.couple_id)
    window.repository.record_activity(Action.EXPORT_IMAGE, kit.couple_id, "board, \"final\" — Zoë.png")
    dialog = open_dialog(window, qtbot)
    entries = list(dialog.entries)
    target = tmp_path / "audit" / "activity.csv"
    target.parent.mkdir()
    target.write_text("an older export, readable by all")
    os.chmod(target, 0o644)
    answer_file_dialog(monkeypatch, "getSaveFileName", target)
    old_umask = os.umask(0o022)
    try:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    finally:
        os.umask(old_umask)

    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8"), newline="")))
    assert rows[0] == ["time_utc", "action", "what", "couple_id", "file"]
    assert rows[1:] == [[e.at.strftime("%Y-%m-%dT%H:%M:%SZ"), e.action.value, describe_entry(e),
                         "" if e.couple_id is None else str(e.couple_id), e.file_name or ""] for e in entries]
    assert rows[1][4] == "board, \"final\" — Zoë.png"
    assert all(dt.datetime.strptime(r[0], "%Y-%m-%dT%H:%M:%SZ") for r in rows[1:])
    assert b"Sun" not in target.read_bytes()  # ids only: no names leave the app in the log
    assert of(window, Action.ACTIVITY_EXPORTED) == [(None, "activity.csv")]
    assert cell(dialog, 0, 1) == "Exported the activity log" and dialog.model.rowCount() == len(entries) + 1


def test_an_export_that_cannot_be_written_says_so_naming_the_file(window, qtbot, monkeypatch, tmp_path):
    dialog = open_dialog(window, qtbot)
    target = tmp_path / "no such folder" / "activity.csv"
    answer_file_dialog(monkeypatch, "getSaveFileName", target)

    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    box = dialog.shown_message
    assert box is not None and box.objectName() == "activity_export_failed"
    assert str(target) in box.text()
    assert of(window, Action.ACTIVITY_EXPORTED) == []
    assert not target.parent.exists()
