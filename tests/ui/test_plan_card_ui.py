"""The plan for the fridge in the handout preview, driven by real clicks and keys: on by default as the handout's last
page, left out with one click, the feeling words on the back page passed through, and 'Plan card only' shows, saves
(Ctrl+S) and prints exactly one page."""

from __future__ import annotations

import io

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QCheckBox, QFileDialog, QPushButton

import couplecanvas.export

PLAN_TITLE = "When our cycle starts"


def open_sample(window, qtbot) -> None:
    qtbot.mouseClick(window.welcome_page.findChild(QPushButton, "open_sample"), Qt.MouseButton.LeftButton)
    assert window.controller.document is not None


def press_ctrl_e(window, qtbot):
    window.board_page.view.setFocus()
    qtbot.keyClick(window.board_page.view.viewport(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    preview = window.exports.preview
    assert preview.is_shown
    return preview


def pages(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def click(qtbot, box: QCheckBox) -> None:
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center())


@pytest.fixture
def preview(make_window, qtbot):
    window = make_window()
    open_sample(window, qtbot)
    return press_ctrl_e(window, qtbot)


@pytest.fixture
def export_calls(monkeypatch):
    """Every call of export_handout the window makes, with its keyword arguments (the real handout is still made)."""
    calls: list[dict] = []
    real = couplecanvas.export.export_handout

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(couplecanvas.export, "export_handout", spy)
    return calls


def test_the_plan_is_the_last_page_by_default_and_one_click_leaves_it_out(preview, qtbot, export_calls):
    page = preview.page
    assert page.plan_box.isChecked() and page.plan_box.isVisible()
    assert not page.feelings_box.isChecked() and not page.plan_only_box.isChecked()
    shown = pages(preview.pdf)
    assert shown[-1].startswith(PLAN_TITLE) and "The Chase is here." in shown[-1]
    assert len(page.pages.images) == len(shown)

    click(qtbot, page.plan_box)
    assert not page.plan_box.isChecked()
    without = pages(preview.pdf)
    assert len(without) == len(shown) - 1 and all(PLAN_TITLE not in text for text in without)
    assert export_calls[-1]["plan_card"] is False

    click(qtbot, page.feelings_box)
    assert export_calls[-1]["feelings_page"] is True and export_calls[-1]["plan_card"] is False
    click(qtbot, page.plan_box)
    assert export_calls[-1]["plan_card"] is True and export_calls[-1]["feelings_page"] is True
    assert pages(preview.pdf)[len(shown) - 1].startswith(PLAN_TITLE)  # the plan, then the feeling words after it


def test_plan_card_only_is_shown_saved_with_ctrl_s_and_printed_alone(preview, qtbot, tmp_path, monkeypatch):
    window = preview.parent()
    page = preview.page
    click(qtbot, page.plan_only_box)
    assert page.plan_only_box.isChecked() and preview.plan_only
    (text,) = pages(preview.pdf)
    assert text.startswith(PLAN_TITLE) and "The Chase" in text and "Maya" in text
    assert len(page.pages.images) == 1
    assert "plan card" in page.subtitle.text() and "one page" in page.subtitle.text()
    assert not page.plan_box.isEnabled() and not page.feelings_box.isEnabled()

    # Ctrl+S: the dialog suggests a plan card's name; the file is exactly what is shown.
    asked: list[str] = []
    target = tmp_path / "fridge.pdf"

    def choose(parent, title, suggested, filters):
        asked.append(suggested)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    qtbot.keyClick(page.plan_only_box, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert asked and "plan-card-" in asked[0]
    assert target.read_bytes() == preview.pdf
    assert len(pypdf.PdfReader(str(target)).pages) == 1
    assert "Plan card saved" in window.statusBar().currentMessage()

    printed = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    assert preview.print_to(printer)
    assert len(pypdf.PdfReader(str(printed)).pages) == 1

    # The aliases follow the option here too.
    if page.alias_box.isEnabled():
        click(qtbot, page.alias_box)
        (aliased,) = pages(preview.pdf)
        assert "Partner 1" in aliased and "Maya" not in aliased
        click(qtbot, page.alias_box)

    # One more click: the whole handout again, plan last.
    click(qtbot, page.plan_only_box)
    assert not preview.plan_only and page.plan_box.isEnabled()
    full = pages(preview.pdf)
    assert len(full) > 1 and full[-1].startswith(PLAN_TITLE)


def test_the_options_start_fresh_each_time_the_preview_opens(preview, qtbot):
    window = preview.parent()
    page = preview.page
    click(qtbot, page.plan_only_box)
    click(qtbot, page.plan_only_box)
    click(qtbot, page.plan_box)
    click(qtbot, page.feelings_box)
    qtbot.keyClick(page.pages, Qt.Key.Key_Escape)
    assert not preview.is_shown
    press_ctrl_e(window, qtbot)
    assert page.plan_box.isChecked() and not page.feelings_box.isChecked() and not page.plan_only_box.isChecked()
