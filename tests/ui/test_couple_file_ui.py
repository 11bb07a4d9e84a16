"""File > Export couple… and Import couple…: triggered as the menu would, with the file dialog answered by a stub (the
one part not driven by keys); the export dialog is answered with the keyboard."""

from __future__ import annotations

import hashlib
import zipfile

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from couplecanvas.ui.couple_file_actions import CoupleFileActions, ExportCoupleDialog


@pytest.fixture
def window_with_actions(make_window, share_kit):
    window = make_window()
    window.couples.switch_to(share_kit.practice.couple_id)  # Zoë & José: notes and a screening record on file
    actions = window.couple_files  # as the window wires them: in its File menu, after Practice details…
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    assert [a.text() for a in file_menu.actions() if "port couple…" in a.text()] == ["Export couple…", "Import couple…"]
    assert isinstance(actions, CoupleFileActions) and actions.actions == [a for a in file_menu.actions()
                                                                       if a in actions.actions]
    messages: list[str] = []
    actions.message.connect(messages.append)
    return window, actions, messages, share_kit


def answer_file_dialog(monkeypatch, which: str, path) -> list:
    asked = []

    def stub(parent, caption, folder, filters, *rest):
        asked.append((caption, folder, filters))
        return str(path), filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, which, staticmethod(stub))
    return asked


def export_with_keys(qtbot, window, actions, tick: bool) -> ExportCoupleDialog:
    actions.export_action.trigger()
    dialog = window.findChild(ExportCoupleDialog)
    qtbot.waitUntil(lambda: dialog.isVisible(), timeout=2000)
    assert "private notes" in dialog.include_private.text() and not dialog.include_private.isChecked()
    if tick:
        dialog.include_private.setFocus()
        qtbot.keyClick(dialog.include_private, Qt.Key.Key_Space)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    return dialog


def test_export_then_import_shows_the_new_couple(qtbot, window_with_actions, monkeypatch, tmp_path):
    window, actions, messages, kit = window_with_actions
    opened = window.controller.couple.id
    target = tmp_path / "exported"
    asked = answer_file_dialog(monkeypatch, "getSaveFileName", target)
    export_with_keys(qtbot, window, actions, tick=False)
    written = tmp_path / "exported.couple"
    assert asked and asked[0][1].endswith(".couple") and zipfile.is_zipfile(written)
    assert "Exported to exported.couple, without your private notes" in messages[-1]
    data = b"".join(zipfile.ZipFile(written).read(n) for n in ("manifest.json", "couple.json"))
    assert b"marmalade" not in data and b"fennel" not in data  # the note and screening canaries stayed home

    before = len(window.controller.list_couples())
    answer_file_dialog(monkeypatch, "getOpenFileName", written)
    actions.import_action.trigger()
    qtbot.waitUntil(lambda: len(window.controller.list_couples()) == before + 1, timeout=2000)
    assert window.controller.couple.id not in (opened, None)
    panel = window.couples_panel.couples
    assert panel.count() == before + 1
    assert "Imported" in messages[-1] and "exported.couple" in messages[-1]


def test_ticking_the_box_takes_the_private_records_along(qtbot, window_with_actions, monkeypatch, tmp_path):
    window, actions, messages, _kit = window_with_actions
    answer_file_dialog(monkeypatch, "getSaveFileName", tmp_path / "all.couple")
    export_with_keys(qtbot, window, actions, tick=True)
    content = zipfile.ZipFile(tmp_path / "all.couple").read("couple.json")
    assert b"marmalade" in content and b"fennel" in content
    assert "with your private notes" in messages[-1]


def test_a_hostile_file_is_refused_by_name_and_nothing_changes(qtbot, window_with_actions, monkeypatch, tmp_path,
                                                             database_url):
    window, actions, messages, _kit = window_with_actions
    couples = [c.id for c in window.controller.list_couples()]
    hostile = tmp_path / "bomb.couple"
    with zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", '{"format": "couplecanvas-couple", "schema_version": 1}')
        archive.writestr("couple.json", b" " * (60 * 2**20))
    db = tmp_path / "couplecanvas.db"
    answer_file_dialog(monkeypatch, "getOpenFileName", hostile)
    actions.import_action.trigger()
    box = actions.shown_message
    qtbot.waitUntil(lambda: box is not None and box.isVisible(), timeout=2000)
    assert box.windowTitle() == "Couple not imported"
    assert "“bomb.couple” cannot be imported" in box.text() and "Nothing was changed" in box.text()
    assert [c.id for c in window.controller.list_couples()] == couples
    assert not (db.parent / "backups").exists()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=2000)


def test_cancelling_the_file_dialog_writes_nothing(qtbot, window_with_actions, monkeypatch, tmp_path):
    window, actions, messages, _kit = window_with_actions
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args: ("", "")))
    export_with_keys(qtbot, window, actions, tick=False)
    assert not list(tmp_path.glob("*.couple")) and messages == []


def test_escape_closes_the_export_dialog_without_asking_where(qtbot, window_with_actions, monkeypatch):
    window, actions, _messages, _kit = window_with_actions
    asked = answer_file_dialog(monkeypatch, "getSaveFileName", "never")
    actions.export_action.trigger()
    dialog = window.findChild(ExportCoupleDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    assert asked == []


def test_the_file_on_disk_is_unchanged_by_a_refused_import(qtbot, window_with_actions, monkeypatch, tmp_path):
    window, actions, _messages, _kit = window_with_actions
    window.controller.save_open_session()
    path = tmp_path / "letter.couple"
    path.write_text("not a couple")
    db = tmp_path / "couplecanvas.db"
    wal = db.with_name(db.name + "-wal")
    before = [hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else None for p in (db, wal)]
    assert actions.import_from(path) is None
    after = [hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else None for p in (db, wal)]
    assert after == before
    assert "not a zip archive" in actions.shown_message.text()
