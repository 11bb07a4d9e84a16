"""The handout from the window, private notes that stay private, and a database the app must refuse."""

from __future__ import annotations

import hashlib

import pypdf
import pypdfium2
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from couplecanvas.domain.sample import SAMPLE_NOTE

CANARY = "CANARY-private-7f3a"


def open_sample(window, qtbot) -> None:
    qtbot.mouseClick(window.welcome_page.findChild(QPushButton, "open_sample"), Qt.MouseButton.LeftButton)


def pdf_text(path) -> str:
    reader = pypdf.PdfReader(str(path))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_handout_from_the_window_has_the_board_and_homework_but_no_private_notes(make_window, qtbot, tmp_path):
    window = make_window()
    open_sample(window, qtbot)
    # Write a private note through the real editor.
    window.notes_toggle_action.trigger()
    assert window.notes_dock.isVisible()
    editor = window.notes_panel.editor
    editor.setFocus()
    qtbot.keyClicks(editor, f" {CANARY}")
    assert window.notes_panel.save()
    assert CANARY in window.repository.load_private_note(window.controller.session.id).text

    # Type a new card on the board, then export at once (the pending edit must reach the PDF).
    viewport = window.board_page.view.viewport()
    window.board_page.view.setFocus()
    window.board_page.scene.clearSelection()
    qtbot.keyClick(viewport, Qt.Key.Key_N)
    qtbot.keyClicks(viewport, "We both want closeness")
    path = tmp_path / "handout.pdf"
    assert window.export_handout_to(path)

    text = pdf_text(path)
    titles = [
        window.controller.library.get(a.exercise_key).title
        for a in window.repository.list_assignments(window.controller.session.id)
    ]
    assert len(titles) == 2
    for expected in ("Maya", "Jordan", "We both want closeness", "phone", *titles, "Mon", "Sun"):
        assert expected in text, expected
    assert CANARY not in text
    assert SAMPLE_NOTE not in text
    reader = pypdf.PdfReader(path)  # the pages are compressed: look inside every decompressed page stream too
    for page in reader.pages:
        assert CANARY.encode() not in page.get_contents().get_data()
    assert all(CANARY not in str(value) for value in (reader.metadata or {}).values())

    document = pypdfium2.PdfDocument(str(path))
    try:
        image = document[0].render(scale=0.5).to_pil().convert("L")
    finally:
        document.close()
    histogram = image.histogram()
    dark = sum(histogram[:200])
    assert dark > 0.01 * image.width * image.height


def test_private_notes_start_hidden_even_if_left_open(make_window, qtbot):
    window = make_window()
    open_sample(window, qtbot)
    window.notes_toggle_action.trigger()
    assert window.notes_dock.isVisible()
    window.close()
    again = make_window()
    assert not again.notes_dock.isVisible()


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(qtbot, tmp_path):
    from couplecanvas.app.settings import Settings
    from couplecanvas.storage.database import open_database
    from couplecanvas.storage.repository import Repository
    from couplecanvas.ui.main_window import MainWindow

    path = tmp_path / "notes.db"
    path.write_bytes(b"these are someone's precious notes, not SQLite\n" * 50)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    window = MainWindow(Settings(tmp_path / "settings.ini"), lambda: Repository(open_database(f"sqlite:///{path}")))
    qtbot.addWidget(window)
    window.show()
    window.load()
    box = window.findChild(QMessageBox, "database_error")
    assert box is not None and box.isVisible()
    assert str(path) in box.text()
    assert window.stack.currentWidget() is window.error_page
    assert not window.add_couple_action.isEnabled()
    box.close()
    window.close()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
