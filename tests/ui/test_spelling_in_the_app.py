"""A practice that writes US spelling sees it in the app too: the homework as offered, and a template's words."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from couplecanvas.ui.assign_dialog import AssignDialog


def open_sample(window, qtbot):
    qtbot.mouseClick(window.welcome_page.findChild(QPushButton, "open_sample"), Qt.MouseButton.LeftButton)


def test_us_spelling_reaches_the_homework_offered_and_the_templates_inserted(make_window, qtbot):
    window = make_window()
    open_sample(window, qtbot)
    library = window.controller.library
    assert library.get("mirror-validate-empathise").title == "Mirror, validate, empathise"
    practice = window.repository.get_practice()
    window.repository.save_practice(dataclasses.replace(practice, spelling="US"))
    window.homework.reload_library()
    assert window.controller.library.get("mirror-validate-empathise").title == "Mirror, validate, empathize"
    qtbot.mouseClick(window.homework_panel.assign_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(AssignDialog)
    texts = [dialog.exercises.item(row).text() for row in range(dialog.exercises.count())]
    assert any("empathize" in text for text in texts) and not any("empathise" in text for text in texts)
    dialog.reject()

    window.board_actions.insert_template.trigger()
    from couplecanvas.ui.template_dialog import TemplateDialog

    picker = window.findChild(TemplateDialog)
    picker.select("talk-and-listen")
    before = set(window.controller.document.board.cards)
    picker.accept()
    words = " ".join(card.text + " " + card.hint for key, card in window.controller.document.board.cards.items()
                     if key not in before)
    assert "mpathize" in words and "mpathise" not in words
