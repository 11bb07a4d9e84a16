"""Templates through the real window: the picker, positions, the iceberg, broken files, your own templates, reframes."""

from __future__ import annotations

import datetime as dt
import errno
import os

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QMessageBox

from couplecanvas.domain.board import CardKind, ConnectorKind
from couplecanvas.domain.couple import Couple, Partner, PartnerRole, Position
from couplecanvas.domain.session import Session
from couplecanvas.domain.templates import load_builtin_templates
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository
from couplecanvas.ui.couple_dialog import CoupleDialog
from couplecanvas.ui.template_dialog import TemplateDialog

BUILT_IN = [template.key for template in load_builtin_templates().ordered()]


def add_couple(window, first_a: str, first_b: str) -> Couple:
    """A couple with one session, shown in the window with its (empty) board open."""
    couple = window.repository.add_couple(Couple(Partner(first_a), Partner(first_b)))
    window.repository.add_session(Session(couple.id, dt.date(2025, 3, 4)))
    window.couples.reload(couple.id)
    assert window.controller.couple.id == couple.id and window.controller.document is not None
    return couple


def open_picker(window, qtbot) -> TemplateDialog:
    """Ctrl+Shift+T on the board opens the picker."""
    view = window.board_page.view
    view.setFocus()
    qtbot.keyClick(
        view.viewport(), Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    (dialog,) = [d for d in window.findChildren(TemplateDialog) if d.isVisible()]
    return dialog


def choose_position(dialog: TemplateDialog, role: PartnerRole, position: Position) -> None:
    combo = dialog.position[role]
    combo.setCurrentIndex(combo.findData(position.value))


def press_enter(qtbot, dialog: TemplateDialog) -> None:
    dialog.templates.setFocus()
    qtbot.keyClick(dialog.templates, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)


def texts(window) -> list[str]:
    return sorted(card.text for card in window.controller.document.board.cards.values())


def save_board_as(window, title: str) -> None:
    window.board_actions.save_template.trigger()
    (ask,) = [d for d in window.findChildren(QInputDialog, "save_template_dialog") if d.isVisible()]
    ask.setTextValue(title)
    ask.accept()


def test_our_cycle_with_positions_lands_as_mirrored_columns_and_keeps_the_positions(make_window, qtbot, database_url):
    window = make_window()
    couple = add_couple(window, "Maya", "Jordan")
    dialog = open_picker(window, qtbot)
    assert dialog.template_keys() == BUILT_IN
    assert not dialog.problems.isVisible()
    dialog.templates.setCurrentRow(0)
    assert dialog.chosen_template().key == "our-cycle"
    assert not dialog.delete_button.isEnabled()  # built-in templates cannot be deleted
    assert dialog.position[PartnerRole.A].isVisibleTo(dialog)
    assert not dialog.one_partner.isVisibleTo(dialog)
    choose_position(dialog, PartnerRole.A, Position.PURSUER)
    choose_position(dialog, PartnerRole.B, Position.WITHDRAWER)
    assert dialog.preview.card_count() > 14
    press_enter(qtbot, dialog)

    board = window.controller.document.board
    for role in ("trigger", "meaning", "surface-emotion", "deeper-emotion", "longing", "action"):
        (a_card,) = board.cards_with_role(role, PartnerRole.A)
        (b_card,) = board.cards_with_role(role, PartnerRole.B)
        assert a_card.y == b_card.y and a_card.x < b_card.x  # the same step, mirrored across the middle
        assert a_card.text == "" and a_card.hint
    names = {c.partner: c.text for c in board.cards_with_role("partner-name")}
    assert names == {PartnerRole.A: "Maya (pursues)", PartnerRole.B: "Jordan (withdraws)"}
    (action_a,) = board.cards_with_role("action", PartnerRole.A)
    (trigger_b,) = board.cards_with_role("trigger", PartnerRole.B)
    assert board.has_connector(action_a.id, trigger_b.id)  # the loop closes across the couple
    assert set(window.board_page.scene.selected_card_ids()) == set(board.cards)
    visible = window.board_page.view.mapToScene(window.board_page.view.viewport().rect()).boundingRect()
    assert visible.contains(QPointF(action_a.x, action_a.y))
    assert window.controller.couple.partner(PartnerRole.A).position is Position.PURSUER

    # The positions are kept with the couple, not only drawn.
    stored = Repository(open_database(database_url)).get_couple(couple.id)
    assert [stored.partner(r).position for r in PartnerRole] == [Position.PURSUER, Position.WITHDRAWER]

    # One undo takes the whole template away.
    window.undo_action.trigger()
    assert window.controller.document.board.cards == {} and window.controller.document.board.connectors == {}
    window.redo_action.trigger()
    assert len(window.controller.document.board.cards) == len(board.cards)


def test_the_picker_remembers_positions_and_the_couple_dialog_edits_them(make_window, qtbot, database_url):
    window = make_window()
    couple = add_couple(window, "Maya", "Jordan")
    dialog = window.couples.edit_couple()
    assert dialog.position[PartnerRole.B].position() is Position.UNSET
    dialog.position[PartnerRole.B].set_position(Position.WITHDRAWER)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    stored = Repository(open_database(database_url)).get_couple(couple.id)
    assert stored.partner(PartnerRole.B).position is Position.WITHDRAWER
    assert stored.partner(PartnerRole.A).position is Position.UNSET

    picker = open_picker(window, qtbot)
    assert picker.position[PartnerRole.B].position() is Position.WITHDRAWER
    picker.reject()

    window.close()
    again = make_window()
    dialog = again.couples.edit_couple()
    assert isinstance(dialog, CoupleDialog)
    assert dialog.position[PartnerRole.B].position() is Position.WITHDRAWER


def test_iceberg_for_the_second_partner(make_window, qtbot):
    window = make_window()
    add_couple(window, "Maya", "Jordan")
    dialog = open_picker(window, qtbot)
    dialog.select("iceberg")
    assert dialog.one_partner.isVisibleTo(dialog)
    assert not dialog.position[PartnerRole.A].isVisibleTo(dialog)
    dialog.one_partner.setCurrentIndex(dialog.one_partner.findData(PartnerRole.B.value))
    press_enter(qtbot, dialog)
    cards = window.controller.document.board.cards.values()
    assert len(cards) > 6 and {c.partner for c in cards} - {None} == {PartnerRole.B}
    assert "Jordan's iceberg" in texts(window)
    assert not any("Maya" in t for t in texts(window))


def test_broken_template_files_are_named_and_the_rest_still_load(make_window, qtbot, tmp_path):
    folder = tmp_path / "templates"  # beside the test's settings file: the window's default
    folder.mkdir()
    (folder / "broken.toml").write_text('title = "Unfinished\n[[slot]\n', encoding="utf-8")
    (folder / "wide.toml").write_text('title = "Too wide"\n[[slot]]\nkey = "first"\nwidth = "very"\n', encoding="utf-8")
    (folder / "mine.toml").write_text('title = "A card of mine"\n[[slot]]\nkey = "one"\ntext = "Hello {a}"\n',
                                      encoding="utf-8")
    window = make_window()
    add_couple(window, "Maya", "Jordan")
    dialog = open_picker(window, qtbot)
    assert dialog.template_keys() == [*BUILT_IN, "mine"]
    assert dialog.problems.isVisible()
    problems = dialog.problems.text()
    assert "broken.toml" in problems and "wide.toml" in problems and "'width'" in problems
    headings = [dialog.templates.item(r).text() for r in range(dialog.templates.count())
                if not dialog.templates.item(r).flags() & Qt.ItemFlag.ItemIsSelectable]
    assert headings == ["Your templates"]

    # Arrow keys walk past the heading: from the last built-in straight to the user's template.
    dialog.select("our-week-together")
    qtbot.keyClick(dialog.templates, Qt.Key.Key_Down)
    assert dialog.chosen_template().key == "mine"
    assert dialog.delete_button.isEnabled()


def test_save_board_as_template_then_use_it_for_another_couple(make_window, qtbot, tmp_path):
    window = make_window()
    add_couple(window, "Maya", "Jordan")
    scene = window.board_page.scene
    card_id = scene.add_card_at(QPointF(0, 0), edit=False)
    window.controller.document.set_card_text(card_id, "Maya goes quiet when Jordan sighs")
    scene.add_card_at(QPointF(300, 0), text="What helps us", edit=False, kind=CardKind.NOTE)
    scene.select_only([card_id, scene.selected_card_ids()[0]])
    assert scene.mark_reframe() is not None
    save_board_as(window, "Our evenings")

    path = tmp_path / "templates" / "our-evenings.toml"
    assert path.is_file()
    saved = path.read_text(encoding="utf-8")
    assert "{a} goes quiet when {b} sighs" in saved and "Maya" not in saved and "Jordan" not in saved
    save_board_as(window, "Our evenings")  # the same name again never overwrites the first file
    assert (tmp_path / "templates" / "our-evenings-2.toml").is_file()
    assert path.read_text(encoding="utf-8") == saved
    assert window.template_shelf.library.templates["our-evenings-2"].title == "Our evenings (2)"

    add_couple(window, "Ana", "Ben")
    dialog = open_picker(window, qtbot)
    assert dialog.template_keys() == [*BUILT_IN, "our-evenings", "our-evenings-2"]  # by title
    dialog.select("our-evenings")
    assert not dialog.position[PartnerRole.A].isVisibleTo(dialog)
    press_enter(qtbot, dialog)
    assert texts(window) == ["Ana goes quiet when Ben sighs", "What helps us"]
    (reframe,) = window.controller.document.board.connectors.values()
    assert reframe.kind is ConnectorKind.REFRAME
    assert window.controller.document.board.cards[reframe.source_id].text.startswith("Ana")


def test_deleting_your_own_template_removes_its_file(make_window, qtbot, tmp_path):
    window = make_window()
    add_couple(window, "Maya", "Jordan")
    window.board_page.scene.add_card_at(QPointF(0, 0), text="Our weekly walk", edit=False)
    save_board_as(window, "Walks")
    path = tmp_path / "templates" / "walks.toml"
    assert path.is_file()

    dialog = open_picker(window, qtbot)
    dialog.select("walks")
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    confirm = dialog.findChild(QMessageBox, "confirm_delete_template")
    assert confirm is not None and confirm.isVisible()
    assert path.is_file()  # nothing happens before the therapist confirms
    qtbot.mouseClick(confirm.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert not path.exists()
    assert dialog.template_keys() == BUILT_IN
    assert not dialog.delete_button.isEnabled()
    assert list((tmp_path / "templates").iterdir()) == []


def test_saving_into_a_read_only_folder_says_so_and_writes_nothing(make_window, qtbot, tmp_path, monkeypatch):
    folder = tmp_path / "templates"
    folder.mkdir()
    folder.chmod(0o555)
    if os.access(folder, os.W_OK):  # running as root: the folder stays writable, so the system says no instead
        import couplecanvas.export.files as files

        def refuse(path, data):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

        monkeypatch.setattr(files, "write_file_atomically", refuse)
    window = make_window()
    add_couple(window, "Maya", "Jordan")
    window.board_page.scene.add_card_at(QPointF(0, 0), text="A card", edit=False)
    try:
        save_board_as(window, "Mine")
        box = window.findChild(QMessageBox, "template_not_saved")
        assert box is not None and box.isVisible()
        assert str(folder) in box.text() and "Nothing was changed" in box.text()
        assert list(folder.iterdir()) == []
        assert "mine" not in window.template_shelf.library.templates
    finally:
        folder.chmod(0o755)


def test_saving_where_the_folder_cannot_be_made_says_so(make_window, qtbot, tmp_path):
    (tmp_path / "templates").write_text("not a folder", encoding="utf-8")
    window = make_window()
    add_couple(window, "Maya", "Jordan")
    window.board_page.scene.add_card_at(QPointF(0, 0), text="A card", edit=False)
    save_board_as(window, "Mine")
    box = window.findChild(QMessageBox, "template_not_saved")
    assert box is not None and box.isVisible()
    assert (tmp_path / "templates").read_text(encoding="utf-8") == "not a folder"


def test_an_empty_board_is_not_saved_as_a_template(make_window, qtbot):
    window = make_window()
    add_couple(window, "Maya", "Jordan")
    window.board_actions.save_template.trigger()
    assert window.findChild(QInputDialog, "save_template_dialog") is None
    assert "card" in window.statusBar().currentMessage()


def test_mark_as_reframe_with_ctrl_r(make_window, qtbot):
    window = make_window()
    add_couple(window, "Maya", "Jordan")
    scene = window.board_page.scene
    view = window.board_page.view
    old = scene.add_card_at(QPointF(0, 0), text="We always fight about money", edit=False)
    new = scene.add_card_at(QPointF(400, 0), text="We care about feeling safe", edit=False)

    # Click the old story, Shift+click the new one, Ctrl+R.
    def centre(card_id: str) -> QPoint:
        card = window.controller.document.board.cards[card_id]
        return view.mapFromScene(card.x + card.width / 2, card.y + card.height / 2)

    view.setFocus()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre(old))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, centre(new))
    assert scene.selected_card_ids() == [old, new]
    qtbot.keyClick(view.viewport(), Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    (reframe,) = window.controller.document.board.connectors.values()
    assert (reframe.source_id, reframe.target_id, reframe.kind) == (old, new, ConnectorKind.REFRAME)
    assert "old story" in window.statusBar().currentMessage()

    # One card is not a pair: a calm word in the status bar, and nothing changes.
    scene.select_only([old])
    window.statusBar().clearMessage()
    qtbot.keyClick(view.viewport(), Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert len(window.controller.document.board.connectors) == 1
    assert "Shift+click its new story" in window.statusBar().currentMessage()


def test_template_keys_are_on_the_sheet_and_clash_with_nothing(make_window):
    from couplecanvas.ui.shortcuts_dialog import SHORTCUTS

    window = make_window()
    keys = [entry[0] for _, entries in SHORTCUTS for entry in entries]
    assert "Ctrl+Shift+T" in keys and "Ctrl+R" in keys
    seen: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for shortcut in action.shortcuts():
            text = shortcut.toString(QKeySequence.SequenceFormat.PortableText)
            assert text not in seen or seen[text] == action.text(), (text, seen.get(text), action.text())
            seen[text] = action.text()
    assert seen["Ctrl+Shift+T"] == "Insert template…" and seen["Ctrl+R"] == "Mark as reframe"


@pytest.mark.parametrize("title", ["   ", ""])
def test_a_blank_name_saves_nothing(make_window, tmp_path, title):
    window = make_window()
    add_couple(window, "Maya", "Jordan")
    window.board_page.scene.add_card_at(QPointF(0, 0), text="A card", edit=False)
    assert window.template_shelf.save_board_as_template(title) is None
    assert not (tmp_path / "templates").exists()
