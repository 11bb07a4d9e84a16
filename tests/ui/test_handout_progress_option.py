"""'Include our progress' in the real handout preview: off each time the preview opens; ticked, the handout ends with
the couple's progress chart (answers given with real keys in the review section), names as the handout prints them,
and no private note; Save PDF writes exactly that handout."""

from __future__ import annotations

import io

import pypdf
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from couplecanvas.domain.couple import PartnerRole
from couplecanvas.domain.progress import Caught, ProgressCheck
from couplecanvas.domain.session import PrivateNote

CANARY = "CANARY-progress-note-5e1"


def open_sample(window, qtbot) -> None:
    qtbot.mouseClick(window.welcome_page.findChild(QPushButton, "open_sample"), Qt.MouseButton.LeftButton)
    assert window.controller.document is not None


def press_ctrl_e(window, qtbot):
    """Export handout as the therapist does it: Ctrl+E with the board in focus."""
    window.board_page.view.setFocus()
    qtbot.keyClick(window.board_page.view.viewport(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    preview = window.exports.preview
    assert preview.is_shown and window.stack.currentWidget() is preview.page
    return preview


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_include_our_progress_adds_the_chart_and_nothing_private(make_window, qtbot, tmp_path):
    window = make_window()
    open_sample(window, qtbot)
    session_id = window.controller.session.id
    window.repository.save_private_note(PrivateNote(session_id, CANARY))
    # Both partners answer in the review section, with the keyboard.
    row = window.homework_panel.review.check.partners[PartnerRole.A].rows["connection"]
    row.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(row.hasFocus)
    for key in (Qt.Key.Key_6, Qt.Key.Key_Tab, Qt.Key.Key_2, Qt.Key.Key_Tab, Qt.Key.Key_Tab, Qt.Key.Key_8):
        qtbot.keyClick(QApplication.focusWidget(), key)
    assert window.repository.progress_checks(session_id) == {
        PartnerRole.A: ProgressCheck(session_id, PartnerRole.A, 6, Caught.ONCE),
        PartnerRole.B: ProgressCheck(session_id, PartnerRole.B, 8),
    }

    preview = press_ctrl_e(window, qtbot)
    page = preview.page
    assert not page.progress_box.isChecked()  # off each time the preview opens
    assert "Our progress" not in _text(preview.pdf)
    without = preview.pdf

    qtbot.mouseClick(page.progress_box, Qt.MouseButton.LeftButton)
    assert page.progress_box.isChecked() and preview.pdf != without
    text = _text(preview.pdf)
    assert "Our progress" in text and "Maya" in text
    assert CANARY not in text
    assert len(page.pages.images) == len(pypdf.PdfReader(io.BytesIO(preview.pdf)).pages)

    page.alias_box.setChecked(True)  # the chart's names follow the handout's
    text = _text(preview.pdf)
    assert "Our progress" in text and "Partner 1" in text and "Maya" not in text

    path = tmp_path / "handout.pdf"
    assert preview.save_to(path) and path.read_bytes() == preview.pdf

    qtbot.keyClick(page, Qt.Key.Key_Escape)
    preview = press_ctrl_e(window, qtbot)
    assert not preview.page.progress_box.isChecked() and "Our progress" not in _text(preview.pdf)
