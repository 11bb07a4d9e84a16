"""The handout preview inside the real window: Ctrl+E shows the pages, the options make the handout again at once,
Save PDF writes exactly what is shown, Print sends it to a printer, and Esc returns to the board as it was."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pypdfium2
import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox, QPushButton, QToolBar

from couplecanvas.domain.homework import Assignment
from couplecanvas.domain.session import PrivateNote
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository

A4_RATIO = 297 / 210
LETTER_RATIO = 11 / 8.5
CANARY = "CANARY-preview-91c2"


def open_sample(window, qtbot) -> None:
    qtbot.mouseClick(window.welcome_page.findChild(QPushButton, "open_sample"), Qt.MouseButton.LeftButton)
    assert window.controller.document is not None


def press_ctrl_e(window, qtbot):
    """Export handout, as the therapist does it: Ctrl+E with the board in focus."""
    window.board_page.view.setFocus()
    qtbot.keyClick(window.board_page.view.viewport(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    preview = window.exports.preview
    assert preview.is_shown
    assert window.stack.currentWidget() is preview.page
    return preview


def pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def ink(image: QImage) -> float:
    """The share of pixels that are clearly not paper-white (probed on a grid)."""
    dark = total = 0
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            total += 1
            dark += image.pixelColor(x, y).lightness() < 200
    return dark / total


def ratio(image: QImage) -> float:
    return image.height() / image.width()


@pytest.fixture
def sample_window(make_window, qtbot):
    window = make_window()
    open_sample(window, qtbot)
    return window


def test_ctrl_e_shows_the_handout_pages_in_the_window(sample_window, qtbot):
    window = sample_window
    preview = press_ctrl_e(window, qtbot)
    images = preview.page.pages.images
    assert len(images) == len(pypdf.PdfReader(io.BytesIO(preview.pdf)).pages) >= 1
    for image in images:
        assert not image.isNull()
        assert ink(image) > 0.005  # a page with words and the map on it, not an empty sheet
    assert ink(images[0]) > 0.02
    # Fit to the width of the view, and legible: a page at least as wide as a printed page at 72 dpi.
    assert images[0].width() / images[0].devicePixelRatio() >= 595 - 1
    assert preview.page.pages.page_width() <= preview.page.pages.viewport().width()
    # The board's tools and undo are off while the handout is shown.
    assert not window.findChild(QToolBar, "board_toolbar").isEnabled()
    assert window.undo_group.activeStack() is None
    assert not window.connect_action.isEnabled()
    # The handout carries the board and the couple's names (the couple's own choice: first names).
    text = pdf_text(preview.pdf)
    assert "Maya" in text and "The Chase" in text


def test_letter_paper_changes_the_shape_of_the_pages(sample_window, qtbot):
    preview = press_ctrl_e(sample_window, qtbot)
    page = preview.page
    assert page.paper.currentData() == "A4"  # the practice's default
    assert ratio(page.pages.images[0]) == pytest.approx(A4_RATIO, abs=0.01)
    a4_pdf = preview.pdf
    page.paper.setCurrentIndex(page.paper.findData("Letter"))
    assert preview.pdf != a4_pdf  # made again at once
    for image in page.pages.images:
        assert ratio(image) == pytest.approx(LETTER_RATIO, abs=0.01)
    box = pypdf.PdfReader(io.BytesIO(preview.pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert "Letter" in page.subtitle.text()


def test_aliases_replace_first_names_in_the_handout(sample_window, qtbot):
    preview = press_ctrl_e(sample_window, qtbot)
    page = preview.page
    assert page.alias_box.isEnabled() and not page.alias_box.isChecked()
    names = pdf_text(preview.pdf)
    assert "Maya" in names and "Jordan" in names
    page.alias_box.setChecked(True)
    text = pdf_text(preview.pdf)
    assert "Partner 1" in text and "Partner 2" in text
    assert "Maya" not in text and "Jordan" not in text
    assert "Maya" not in page.subtitle.text()
    page.alias_box.setChecked(False)
    assert "Maya" in pdf_text(preview.pdf)


def test_large_print_makes_the_handout_again(sample_window, qtbot):
    preview = press_ctrl_e(sample_window, qtbot)
    normal = preview.pdf
    pages = len(preview.page.pages.images)
    preview.page.large_box.setChecked(True)
    assert preview.pdf != normal
    assert len(preview.page.pages.images) >= pages


def test_the_next_appointment_is_saved_to_the_session_and_printed(sample_window, qtbot, database_url):
    window = sample_window
    preview = press_ctrl_e(window, qtbot)
    page = preview.page
    assert not page.appointment_box.isChecked() and not page.appointment.isEnabled()
    when = dt.datetime(2031, 4, 15, 14, 30)
    page.appointment_box.setChecked(True)
    page.appointment.setDateTime(QDateTime(when))
    page.flush_pending()  # as Save and Print do: a time still being typed counts
    assert window.controller.session.next_appointment == when
    other = Repository(open_database(database_url))
    try:
        assert other.get_session(window.controller.session.id).next_appointment == when
    finally:
        other.database.dispose()
    text = pdf_text(preview.pdf)
    assert "15 April 2031" in text and "14:30" in text

    page.appointment_box.setChecked(False)  # "none"
    assert "15 April 2031" not in pdf_text(preview.pdf)
    other = Repository(open_database(database_url))
    try:
        assert other.get_session(window.controller.session.id).next_appointment is None
    finally:
        other.database.dispose()


def test_save_pdf_writes_exactly_the_previewed_handout(sample_window, qtbot, tmp_path):
    window = sample_window
    preview = press_ctrl_e(window, qtbot)
    preview.page.paper.setCurrentIndex(preview.page.paper.findData("Letter"))
    shown = preview.pdf
    path = tmp_path / "handout-letter.pdf"
    assert preview.save_to(path)
    assert path.read_bytes() == shown
    assert not (tmp_path / ".handout-letter.pdf.partial").exists()
    assert "handout-letter.pdf" in window.statusBar().currentMessage()
    assert preview.is_shown  # saving keeps the preview open

    # A folder that is not there: a clear message, no file, the preview as it was.
    missing = tmp_path / "not-there" / "handout.pdf"
    assert not preview.save_to(missing)
    box = window.findChild(QMessageBox, "file_not_written")
    assert box is not None and box.isVisible()
    assert str(missing) in box.text()
    assert not missing.exists()
    assert preview.pdf == shown
    box.close()


def test_print_sends_every_page_to_the_printer(sample_window, qtbot, tmp_path):
    window = sample_window
    preview = press_ctrl_e(window, qtbot)
    count = len(preview.page.pages.images)
    assert count >= 2
    out = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    assert preview.print_to(printer)
    printed = pypdf.PdfReader(str(out))
    assert len(printed.pages) == count
    document = pypdfium2.PdfDocument(str(out))
    try:
        image = document[0].render(scale=0.3).to_pil().convert("L")
    finally:
        document.close()
    assert sum(image.histogram()[:200]) > 0.01 * image.width * image.height  # the page is on the paper

    # Only the pages asked for.
    second = tmp_path / "second-page.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(second))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    assert preview.print_to(printer)
    assert len(pypdf.PdfReader(str(second)).pages) == 1


def test_escape_returns_to_the_same_board_as_it_was(sample_window, qtbot):
    window = sample_window
    view, scene, document = window.board_page.view, window.board_page.scene, window.controller.document
    card = next(iter(scene.selectedItems()), None) or next(
        item for item in scene.items() if item.flags() & item.GraphicsItemFlag.ItemIsSelectable
    )
    card.setSelected(True)
    view.zoom_by(1)
    before = (view.transform(), view.horizontalScrollBar().value(), view.verticalScrollBar().value(),
              list(scene.selectedItems()))
    undo_count = document.undo_stack.count()

    preview = press_ctrl_e(window, qtbot)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Escape)
    assert not preview.is_shown
    assert window.stack.currentWidget() is window.board_page
    assert window.board_page.scene is scene and window.controller.document is document
    after = (view.transform(), view.horizontalScrollBar().value(), view.verticalScrollBar().value(),
             list(scene.selectedItems()))
    assert after == before
    assert document.undo_stack.count() == undo_count
    assert window.findChild(QToolBar, "board_toolbar").isEnabled()
    assert window.undo_group.activeStack() is document.undo_stack
    assert window.connect_action.isEnabled()
    assert preview.pdf == b"" and preview.page.pages.images == []  # nothing of the handout stays behind


def test_the_back_button_and_the_story_page_leave_the_board_usable(sample_window, qtbot):
    window = sample_window
    preview = press_ctrl_e(window, qtbot)
    qtbot.mouseClick(preview.page.back_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.board_page
    assert window.findChild(QToolBar, "board_toolbar").isEnabled()

    # The story page opened over the preview, then left: the board comes back with its controls.
    preview = press_ctrl_e(window, qtbot)
    window.story_action.trigger()
    assert window.story.is_shown and not preview.is_shown
    assert not window.findChild(QToolBar, "board_toolbar").isEnabled()
    window.story.back_to_board()
    assert window.stack.currentWidget() is window.board_page
    assert window.findChild(QToolBar, "board_toolbar").isEnabled()
    assert window.undo_group.activeStack() is window.controller.document.undo_stack

    # And the other way round: Ctrl+E on the story page leaves it for the preview, Esc goes to the board.
    window.story_action.trigger()
    assert window.story.is_shown
    window.export_action.trigger()
    assert preview.is_shown and not window.story.is_shown
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.board_page
    assert window.findChild(QToolBar, "board_toolbar").isEnabled()


def test_homework_changes_and_private_notes(sample_window, qtbot):
    window = sample_window
    repository = window.repository
    repository.save_private_note(PrivateNote(window.controller.session.id, CANARY))
    preview = press_ctrl_e(window, qtbot)
    assert CANARY not in pdf_text(preview.pdf)
    assert CANARY.encode() not in preview.pdf
    titles = {
        window.controller.library.get(a.exercise_key).title
        for a in repository.list_assignments(window.controller.session.id)
    }
    new_key = next(key for key in window.controller.library.exercises
                   if key not in {a.exercise_key for a in repository.list_assignments(window.controller.session.id)})
    repository.add_assignment(Assignment(window.controller.session.id, new_key, position=9))
    window.homework_panel.changed.emit()
    text = pdf_text(preview.pdf)
    for title in (*titles, window.controller.library.get(new_key).title):
        assert " ".join(title.split()) in text, title


def test_opening_another_couple_lets_the_preview_go(sample_window, qtbot):
    from couplecanvas.domain.couple import Couple, Partner
    from couplecanvas.domain.session import Session

    window = sample_window
    other = window.repository.add_couple(Couple(Partner("Cleo"), Partner("Dan")))
    window.repository.add_session(Session(other.id, dt.date(2025, 5, 1)))
    preview = press_ctrl_e(window, qtbot)
    window.couples.reload(other.id)
    assert window.controller.couple.id == other.id and window.controller.document is not None
    assert window.stack.currentWidget() is window.board_page
    assert not preview.is_shown
    assert preview.pdf == b"" and preview.page.pages.images == [] and preview.page.subtitle.text() == ""
    assert window.findChild(QToolBar, "board_toolbar").isEnabled()
    assert window.undo_group.activeStack() is window.controller.document.undo_stack
    assert window.connect_action.isEnabled()
    # Their own handout, with their own names.
    preview = press_ctrl_e(window, qtbot)
    text = pdf_text(preview.pdf)
    assert "Cleo" in text and "Maya" not in text


def test_a_time_typed_just_before_esc_is_kept_and_a_refused_write_is_said(sample_window, qtbot, monkeypatch):
    from couplecanvas.storage.errors import DatabaseWriteError

    window = sample_window
    preview = press_ctrl_e(window, qtbot)
    page = preview.page
    page.appointment_box.setChecked(True)
    when = dt.datetime(2031, 6, 2, 9, 0)
    page.appointment.setDateTime(QDateTime(when))  # still settling when Esc comes
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.board_page
    assert window.repository.get_session(window.controller.session.id).next_appointment == when

    def refuse(session):
        raise DatabaseWriteError("The disk is full.")

    monkeypatch.setattr(window.repository, "update_session", refuse)
    preview = press_ctrl_e(window, qtbot)
    assert page.appointment_box.isChecked()
    shown = preview.pdf
    page.appointment_box.setChecked(False)
    assert page.problem.isVisible() and "disk is full" in page.problem.text()
    assert page.appointment_box.isChecked()  # back to what is saved
    assert page.options().next_appointment == when
    assert window.controller.session.next_appointment == when
    assert preview.pdf == shown
