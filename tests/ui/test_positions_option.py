"""From the real window: who tends to pursue and who tends to withdraw prints only when the therapist ticks it in the
handout preview (off each time the preview opens), and the practice's spelling (Practice details) reaches the
handout's own words. The PDFs shown, saved and read back."""

from __future__ import annotations

import io

import pypdf
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QPushButton


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def open_sample_preview(make_window, qtbot):
    window = make_window()
    qtbot.mouseClick(window.welcome_page.findChild(QPushButton, "open_sample"), Qt.MouseButton.LeftButton)
    window.export_action.trigger()
    return window, window.exports.preview


def test_positions_print_only_when_ticked_and_the_box_starts_off_each_time(make_window, qtbot, tmp_path) -> None:
    window, preview = open_sample_preview(make_window, qtbot)
    box = preview.page.findChild(QCheckBox, "handout_positions")
    assert box is not None and box.isVisible() and not box.isChecked()
    shown = text_of(preview.pdf)
    assert "Maya" in shown and "Jordan" in shown  # the sample couple: Maya pursues, Jordan withdraws
    assert "pursues" not in shown and "withdraws" not in shown

    box.click()  # as the therapist does: the handout is made again at once
    assert preview.page.options().show_positions
    shown = text_of(preview.pdf)
    assert "Maya (pursues)" in shown and "Jordan (withdraws)" in shown
    saved = tmp_path / "handout.pdf"
    assert preview.save_to(saved)
    assert "Maya (pursues)" in text_of(saved.read_bytes())  # what is saved is what was shown

    preview.back_to_board()
    window.export_action.trigger()
    assert not box.isChecked()  # a choice for that handout only
    assert "pursues" not in text_of(preview.pdf)


def test_the_practice_spelling_reaches_the_handout(make_window, qtbot) -> None:
    window, preview = open_sample_preview(make_window, qtbot)
    shown = text_of(preview.pdf)
    assert "Small steps, practised often" in shown and "return the favour" in shown  # UK until chosen

    window.practice_action.trigger()
    dialog = next(w for w in window.findChildren(QDialog, "practice_dialog") if w.isVisible())
    assert dialog.spelling.currentData() == "UK"
    dialog.spelling.setCurrentIndex(dialog.spelling.findData("US"))
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert window.repository.get_practice().spelling == "US"

    shown = text_of(preview.pdf)  # the preview takes the new spelling up at once
    assert "Small steps, practiced often" in shown and "return the favor" in shown
    assert "practised" not in shown and "favour" not in shown
    assert "Maya" in shown  # names as given

    window.practice_action.trigger()
    dialog = next(w for w in window.findChildren(QDialog, "practice_dialog") if w.isVisible())
    assert dialog.spelling.currentData() == "US"  # read back from the database
    dialog.spelling.setCurrentIndex(dialog.spelling.findData("UK"))
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert "return the favour" in text_of(preview.pdf)
