"""The main window's side of the handout preview: open it over the open board, make the handout once per change of
an option, save or print exactly what is shown, and come back to the board as it was."""

from __future__ import annotations

import dataclasses
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication, QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox

from couplecanvas.domain.practice import Practice
from couplecanvas.storage.errors import StorageError
from couplecanvas.ui.handout_preview import HandoutOptions, suggested_appointment
from couplecanvas.ui.story_mode import set_board_controls

if TYPE_CHECKING:
    from couplecanvas.ui.exports import Exports
    from couplecanvas.ui.handout_preview import HandoutPreviewPage

log = logging.getLogger(__name__)

PAGE_SIZE_IDS = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}


class HandoutMode(QObject):
    """Shows the handout preview page in the window's stack, in place of the open board."""

    def __init__(self, window, exports: Exports) -> None:
        super().__init__(window)
        self._window = window
        self._exports = exports
        self._page: HandoutPreviewPage | None = None
        self._shown = False
        self._practice = Practice()
        self.pdf = b""
        """The handout as shown now: what Save PDF writes and Print prints."""
        self.build_ms = 0.0
        """How long the last handout took to make and draw (PDF, then its pages as pictures)."""
        window.stack.currentChanged.connect(self._on_stack_changed)
        window.homework_panel.changed.connect(self._on_homework_changed)

    @property
    def page(self) -> HandoutPreviewPage:
        """The preview page (built on first use)."""
        if self._page is None:
            from couplecanvas.ui.handout_preview import HandoutPreviewPage

            self._page = HandoutPreviewPage()
            self._page.back_requested.connect(self.back_to_board)
            self._page.options_changed.connect(self._on_options_changed)
            self._page.save_requested.connect(self.choose_and_save)
            self._page.print_requested.connect(self.choose_and_print)
            self._page.practice_requested.connect(self._exports.edit_practice)
            self._window.stack.addWidget(self._page)
        return self._page

    @property
    def is_shown(self) -> bool:
        return self._shown and self._window.stack.currentWidget() is self._page

    # -- opening and closing -------------------------------------------------------------------------------------------
    def show(self) -> None:
        """Show the open session's handout, with the couple's and the practice's own choices."""
        window = self._window
        if window.document is None or window.session is None or window.couple is None:
            return
        if self.is_shown:
            self.page.pages.setFocus()
            return
        if window.story.is_shown:
            window.story.back_to_board()
        try:
            self._practice = window.repository.get_practice()
        except StorageError as error:
            log.warning("could not read the practice: %s", error)
            self._practice = Practice()
        couple, session = window.couple, window.session
        options = HandoutOptions(couple.use_aliases, self._practice.page_size, self._practice.large_print,
                                 session.next_appointment)
        aliases = bool(couple.partner_a.alias.strip() or couple.partner_b.alias.strip())
        self.page.set_options(options, aliases, suggested_appointment(session.date))
        set_board_controls(window, False)
        self._shown = True
        window.stack.setCurrentWidget(self.page)
        self.rebuild()
        self.page.pages.setFocus()

    def back_to_board(self) -> None:
        """Return to the open board, exactly where it was."""
        window = self._window
        if not self.is_shown:
            return
        if self.page.take_pending():
            self._save_appointment()  # a time typed just before Esc still counts
        if window.document is not None:
            window.stack.setCurrentWidget(window.board_page)  # _on_stack_changed lets the preview go
            window.board_page.view.setFocus()

    def _on_stack_changed(self, _index: int) -> None:
        """Whatever replaced the preview (the board, the story page, another couple's session), it lets go."""
        if not self._shown or self._window.stack.currentWidget() is self._page:
            return
        self._shown = False
        self.pdf = b""
        self._page.clear()
        if not self._window.story.is_shown:  # the story page keeps the board's controls off itself
            set_board_controls(self._window, True)

    # -- making the handout --------------------------------------------------------------------------------------------
    def rebuild(self) -> None:
        """Make the handout with the options shown and show its pages."""
        if not self.is_shown:
            return
        page, window = self.page, self._window
        options = page.options()
        started = time.perf_counter()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.pdf = self._exports.handout_pdf(options, self._practice)
            names = window.couple.display_name(options.use_alias)
            page.show_pdf(self.pdf)
            count = len(page.pages.images)
            pages = self.tr("one page") if count == 1 else self.tr("{count} pages").format(count=count)
            page.subtitle.setText(f"{names} · {window.session.label()} · {options.page_size} · {pages}")
        except Exception:  # a handout that cannot be made must not take the session with it
            log.exception("could not make the handout")
            self.pdf = b""
            page.show_problem(self.tr("The handout could not be made. The log file has the details; "
                                      "the board and homework are safe."))
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.build_ms = (time.perf_counter() - started) * 1000
        log.debug("handout preview made in %.0f ms", self.build_ms)

    def _on_options_changed(self) -> None:
        if self._save_appointment():
            self.rebuild()

    def _save_appointment(self) -> bool:
        """Store the next appointment shown on the session, if it changed; False (after saying so) if it could not be."""
        window = self._window
        wanted = self.page.options().next_appointment
        if window.session is None or wanted == window.session.next_appointment:
            return True
        changed = dataclasses.replace(window.session, next_appointment=wanted)
        try:
            window.repository.update_session(changed)
        except StorageError as error:
            log.warning("could not save the next appointment: %s", error)
            self.page.set_message(self.tr("The next appointment could not be saved: {error}").format(error=error))
            self._reset_appointment()
            return False
        window.session.next_appointment = wanted
        return True

    def _reset_appointment(self) -> None:
        window = self._window
        options = dataclasses.replace(self.page.options(), next_appointment=window.session.next_appointment)
        aliases = self.page.alias_box.isEnabled()
        self.page.set_options(options, aliases, suggested_appointment(window.session.date))

    def _on_homework_changed(self) -> None:
        if self.is_shown:
            self.rebuild()

    def practice_saved(self, practice: Practice) -> None:
        """New practice details: the next handout carries them; a new paper or print size is taken up at once."""
        old, self._practice = self._practice, practice
        if not self.is_shown:
            return
        options = self.page.options()
        if practice.page_size != old.page_size:
            options = dataclasses.replace(options, page_size=practice.page_size)
        if practice.large_print != old.large_print:
            options = dataclasses.replace(options, large_print=practice.large_print)
        window = self._window
        self.page.set_options(options, self.page.alias_box.isEnabled(), suggested_appointment(window.session.date))
        self.rebuild()

    # -- saving and printing -------------------------------------------------------------------------------------------
    def choose_and_save(self) -> None:
        self.page.flush_pending()
        if not self.pdf:
            return
        path, _ = QFileDialog.getSaveFileName(
            self._window, self.tr("Save handout"), str(self._exports.suggested_path("handout", "pdf")),
            self.tr("PDF files (*.pdf)"),
        )
        if path:
            self.save_to(Path(path if path.lower().endswith(".pdf") else f"{path}.pdf"))

    def save_to(self, path: Path) -> bool:
        """Write the handout exactly as previewed to `path`."""
        self.page.flush_pending()
        if not self.pdf:
            return False
        return self._exports.write_handout(path, self.pdf)

    def choose_and_print(self) -> QPrintDialog | None:
        self.page.flush_pending()
        if not self.pdf:
            return None
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.tr("Handout"))
        printer.setPageSize(QPageSize(PAGE_SIZE_IDS.get(self.page.options().page_size, QPageSize.PageSizeId.A4)))
        dialog = QPrintDialog(printer, self._window)
        dialog.setObjectName("handout_print_dialog")
        dialog.setMinMax(1, len(self.page.pages.images) or 1)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)
        return dialog

    def print_to(self, printer: QPrinter) -> bool:
        """Print the handout exactly as previewed; a printer that fails gets a clear message."""
        from couplecanvas.ui.pdf_pages import PrintError, print_pdf

        self.page.flush_pending()
        if not self.pdf:
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            sent = print_pdf(self.pdf, printer)
        except PrintError as error:
            log.warning("printing failed: %s", error)
            QGuiApplication.restoreOverrideCursor()
            self._exports.tell(
                "handout_not_printed", QMessageBox.Icon.Warning, self.tr("Handout not printed"),
                self.tr("The printer could not print the handout. Check that it is switched on and "
                             "connected, or save the PDF and print it from there."),
            )
            return False
        QGuiApplication.restoreOverrideCursor()
        self._window.statusBar().showMessage(
            self.tr("Handout sent to the printer (one page)") if sent == 1
            else self.tr("Handout sent to the printer ({count} pages)").format(count=sent), 8000
        )
        return True
