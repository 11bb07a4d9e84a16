"""Practice details in the real window: saved through the dialog, refused with a clear message when they cannot be
used (nothing changes then), and printed on the next handout."""

from __future__ import annotations

import io

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog, QPushButton

from couplecanvas.domain.practice import MAX_LOGO_BYTES, Practice
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository

NAME = "Riverside Couples Counselling"
CONTACT = "12 Mill Lane, Riverside\n  0123 456 789  \n\nhello@riverside.example"


def open_sample(window, qtbot) -> None:
    qtbot.mouseClick(window.welcome_page.findChild(QPushButton, "open_sample"), Qt.MouseButton.LeftButton)


def stored_practice(database_url: str) -> Practice:
    """The practice as a fresh reader of the database sees it."""
    repository = Repository(open_database(database_url))
    try:
        return repository.get_practice()
    finally:
        repository.database.dispose()


def pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def pdf_image_count(pdf: bytes) -> int:
    return sum(len(page.images) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def logo_png(tmp_path):
    image = QImage(240, 120, QImage.Format.Format_RGB32)
    image.fill(QColor("#2f5d50"))
    path = tmp_path / "logo.png"
    assert image.save(str(path))
    return path


def open_dialog(window):
    window.practice_action.trigger()
    dialog = window.findChild(QDialog, "practice_dialog")
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_practice_details_are_saved_and_reach_the_next_handout(make_window, qtbot, database_url, logo_png):
    window = make_window()
    open_sample(window, qtbot)
    preview = window.exports.preview
    window.export_action.trigger()
    assert NAME not in pdf_text(preview.pdf)
    images_before = pdf_image_count(preview.pdf)

    dialog = open_dialog(window)
    assert dialog.name.text() == "" and dialog.logo == b""
    assert not dialog.remove_logo_button.isEnabled()
    dialog.name.setText(f"  {NAME} ")
    dialog.contact.setPlainText(CONTACT)
    assert dialog.load_logo(logo_png)
    assert not dialog.logo_preview.pixmap().isNull()  # shown small in the dialog
    assert dialog.logo_preview.pixmap().height() <= 60 * dialog.devicePixelRatioF()
    dialog.large_print.setChecked(True)
    dialog.page_size.setCurrentIndex(dialog.page_size.findData("Letter"))
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert not dialog.isVisible()

    stored = stored_practice(database_url)
    assert stored.name == NAME  # tidied by Practice.check()
    assert stored.contact == "12 Mill Lane, Riverside\n0123 456 789\n\nhello@riverside.example"
    assert stored.logo == logo_png.read_bytes()
    assert (stored.page_size, stored.large_print) == ("Letter", True)

    # The preview that was open takes up the new paper and print size at once, and the new details.
    page = preview.page
    assert page.paper.currentData() == "Letter" and page.large_box.isChecked()
    text = pdf_text(preview.pdf)
    assert NAME in text
    assert "hello@riverside.example" in text and "0123 456 789" in text
    assert pdf_image_count(preview.pdf) == images_before + 1  # the logo

    # A fresh preview starts from the practice's defaults.
    preview.back_to_board()
    window.export_action.trigger()
    assert page.paper.currentData() == "Letter" and page.large_box.isChecked()
    assert NAME in pdf_text(preview.pdf)


def test_the_practice_dialog_opens_from_the_preview(make_window, qtbot):
    window = make_window()
    open_sample(window, qtbot)
    window.export_action.trigger()
    qtbot.mouseClick(window.exports.preview.page.practice_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(QDialog, "practice_dialog")
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    assert window.exports.preview.is_shown


@pytest.mark.parametrize("kind", ["not a picture", "too big", "missing", "damaged png"])
def test_a_logo_that_cannot_be_used_is_refused_and_nothing_changes(make_window, qtbot, database_url, logo_png,
                                                                  tmp_path, kind):
    window = make_window()
    window.repository.save_practice(Practice("Before", logo=logo_png.read_bytes()))
    dialog = open_dialog(window)
    assert dialog.logo == logo_png.read_bytes()
    bad = tmp_path / "bad.png"
    if kind == "not a picture":
        bad.write_text("these are notes, not a picture\n")
    elif kind == "too big":
        bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * MAX_LOGO_BYTES)
    elif kind == "damaged png":
        bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"no real picture follows")
    assert not dialog.load_logo(bad)
    assert dialog.problem.isVisible()
    message = dialog.problem.text()
    assert message
    if kind == "too big":
        assert "2 MB" in message
    elif kind == "missing":
        assert "could not be read" in message
    else:
        assert "PNG or JPEG" in message
    assert dialog.logo == logo_png.read_bytes()  # the logo as it was
    assert not dialog.logo_preview.pixmap().isNull()
    dialog.reject()
    assert stored_practice(database_url).logo == logo_png.read_bytes()


def test_details_that_do_not_pass_the_check_are_shown_and_not_saved(make_window, qtbot, database_url):
    window = make_window()
    dialog = open_dialog(window)
    dialog.name.setText("x" * 201)
    assert dialog.problem.isVisible() and "200" in dialog.problem.text()
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.isVisible()  # stays open to be put right
    assert stored_practice(database_url) == Practice()
    dialog.name.setText("Short and fine")
    assert not dialog.problem.isVisible()
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert not dialog.isVisible()
    assert stored_practice(database_url).name == "Short and fine"


def test_removing_the_logo(make_window, qtbot, database_url, logo_png):
    window = make_window()
    window.repository.save_practice(Practice("With logo", logo=logo_png.read_bytes()))
    dialog = open_dialog(window)
    assert dialog.remove_logo_button.isEnabled()
    qtbot.mouseClick(dialog.remove_logo_button, Qt.MouseButton.LeftButton)
    assert dialog.logo == b"" and dialog.logo_preview.pixmap().isNull()
    dialog.accept()
    stored = stored_practice(database_url)
    assert stored.logo == b"" and stored.name == "With logo"
