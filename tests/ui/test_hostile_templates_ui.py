"""Hostile template files of the therapist's own through the real window: the picker still opens, names each file
left out, and the sound templates (and the board's autosave) work as before."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from couplecanvas.domain.couple import Couple, Partner
from couplecanvas.domain.session import Session
from couplecanvas.ui.template_dialog import TemplateDialog


def test_a_deep_and_a_nan_template_are_named_and_the_picker_still_opens(make_window, qtbot, tmp_path):
    folder = tmp_path / "templates"  # beside the test's settings file: the window's default
    folder.mkdir()
    (folder / "deep.toml").write_text('title = "Deep"\nx = ' + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    (folder / "nan.toml").write_text('title = "Lost"\n[[slot]]\nkey = "one"\nx = nan\n', encoding="utf-8")
    (folder / "mine.toml").write_text('title = "A card of mine"\n[[slot]]\nkey = "one"\ntext = "Hello {a}"\n',
                                      encoding="utf-8")
    window = make_window()
    couple = window.repository.add_couple(Couple(Partner("Maya"), Partner("Jordan")))
    window.repository.add_session(Session(couple.id, dt.date(2025, 3, 4)))
    window.couples.reload(couple.id)

    view = window.board_page.view
    view.setFocus()
    qtbot.keyClick(
        view.viewport(), Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    (dialog,) = [d for d in window.findChildren(TemplateDialog) if d.isVisible()]

    assert "mine" in dialog.template_keys()
    assert "lost" not in dialog.template_keys() and "deep" not in dialog.template_keys()
    problems = dialog.problems.text()
    assert dialog.problems.isVisible()
    assert "deep.toml: lists or tables nested too deeply" in problems
    assert "nan.toml: slot 1 ('one'): 'x' must be a finite number" in problems
