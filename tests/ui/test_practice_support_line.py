"""The practice's support or crisis line, typed in Practice details in the real window, at the foot of every page of the
handout; gone again when cleared; refused with a reason when too long."""

from __future__ import annotations

import io

import pypdf
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton

SUPPORT = "Support line, free, any hour: 0808 2000 247"


def pages(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_the_support_line_typed_in_practice_details_is_at_the_foot_of_every_page(make_window, qtbot):
    window = make_window()
    qtbot.mouseClick(window.welcome_page.findChild(QPushButton, "open_sample"), Qt.MouseButton.LeftButton)
    window.export_action.trigger()
    preview = window.exports.preview
    assert all("Support line" not in text for text in pages(preview.pdf))

    window.practice_action.trigger()
    dialog = next(w for w in window.findChildren(QDialog, "practice_dialog") if w.isVisible())
    assert dialog.support_line.text() == ""
    dialog.support_line.setFocus()
    qtbot.keyClicks(dialog.support_line, f"  {SUPPORT}  ")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert window.repository.get_practice().support_line == SUPPORT

    shown = pages(preview.pdf)  # the preview takes the new details up at once
    assert len(shown) >= 2
    assert all(text.endswith(SUPPORT) for text in shown)

    window.practice_action.trigger()
    dialog = next(w for w in window.findChildren(QDialog, "practice_dialog") if w.isVisible())
    assert dialog.support_line.text() == SUPPORT
    dialog.support_line.clear()
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert all("Support line" not in text for text in pages(preview.pdf))


def test_a_support_line_too_long_is_refused_in_the_dialog(make_window, qtbot):
    window = make_window()
    window.practice_action.trigger()
    dialog = next(w for w in window.findChildren(QDialog, "practice_dialog") if w.isVisible())
    dialog.support_line.setText("0808 2000 247 " * 12)
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.isVisible() and "support line" in dialog.problem.text()
    assert window.repository.get_practice().support_line == ""
    dialog.reject()
