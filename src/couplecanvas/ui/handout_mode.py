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
from PySide6.QtWidgets import QFileDialog, QMessageBox, QStackedWidget, QWidget

from couplecanvas.domain.activity import Action
from couplecanvas.domain.practice import Practice
from couplecanvas.storage.errors import StorageError
from couplecanvas.ui.handout_preview import HandoutOptions, suggested_appointment
from couplecanvas.ui.session_controller import Page, SessionController

if TYPE_CHECKING:
    from couplecanvas.ui.exports import Exports
    from couplecanvas.ui.handout_preview import HandoutPreviewPage

log = logging.getLogger(__name__)

PAGE_SIZE_IDS = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}


class HandoutMode(QObject):
    """Shows the handout preview page in the window's stack, in place of the open board."""

    def __init__(self, controller: SessionController, exports: Exports, stack: QStackedWidget, parent: QWidget) -> None:
        super().__init__(parent)
        self._controller = controller
        self._exports = exports
        self._stack = stack
        self._parent = parent
        self._page: HandoutPreviewPage | None = None
        self._practice = Practice()
        self.pdf = b""
        """The handout as shown now: what Save PDF writes and Print prints."""
        self.build_ms = 0.0
        """How long the last handout took to make and draw (PDF, then its pages as pictures)."""
        controller.page_changed.connect(self._on_page_changed)
        controller.homework_changed.connect(self._on_homework_changed)
        controller.share_mode_changed.connect(self._on_share_mode_changed)

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
            self._stack.addWidget(self._page)
        return self._page

    @property
    def is_shown(self) -> bool:
        return self._page is not None and self._controller.page == Page.HANDOUT

    # -- opening and closing -------------------------------------------------------------------------------------------
    def show(self) -> None:
        """Show the open session's handout, with the couple's and the practice's own choices."""
        controller = self._controller
        if controller.document is None or controller.session is None or controller.couple is None:
            return
        if self.is_shown:
            self.page.pages.setFocus()
            return
        try:
            self._practice = controller.read(lambda r: r.get_practice())
        except StorageError as error:
            log.warning("could not read the practice: %s", error)
            self._practice = Practice()
        couple, session = controller.couple, controller.session
        options = HandoutOptions(couple.use_aliases, self._practice.page_size, self._practice.large_print,
                                 session.next_appointment)
        self._set_options(options)
        controller.set_page(Page.HANDOUT)
        self.rebuild()
        self.page.pages.setFocus()

    def _set_options(self, options: HandoutOptions) -> None:
        """Show these options; in share mode the handout uses the aliases, and the box that would undo it is locked."""
        controller = self._controller
        couple = controller.couple
        aliases = bool(couple.partner_a.alias.strip() or couple.partner_b.alias.strip())
        if controller.share_mode:
            options = dataclasses.replace(options, use_alias=True)
        self.page.set_options(options, aliases, suggested_appointment(controller.session.date),
                              aliases_locked=controller.share_mode)

    def _on_share_mode_changed(self, _on: bool) -> None:
        if self.is_shown:
            self._set_options(self.page.options())
            self.rebuild()

    def back_to_board(self) -> None:
        """Return to the open board, exactly where it was."""
        if not self.is_shown:
            return
        if self.page.take_pending():
            self._save_appointment()  # a time typed just before Esc still counts
        if self._controller.document is not None:
            self._controller.set_page(Page.BOARD)  # _on_page_changed lets the preview go

    def _on_page_changed(self, page: str) -> None:
        """Whatever replaced the preview (the board, the story page, another couple's session), it lets go."""
        if page == Page.HANDOUT or self._page is None or not self.pdf:
            return
        self.pdf = b""
        self._page.clear()
        self._controller.set_handout(b"")

    # -- making the handout --------------------------------------------------------------------------------------------
    def rebuild(self) -> None:
        """Make the handout with the options shown and show its pages."""
        if not self.is_shown:
            return
        page, controller = self.page, self._controller
        options = page.options()
        started = time.perf_counter()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.pdf = self._exports.handout_pdf(options, self._practice)
            names = controller.couple.display_name(options.use_alias or controller.share_mode)
            page.show_pdf(self.pdf)
            count = len(page.pages.images)
            pages = self.tr("one page") if count == 1 else self.tr("{count} pages").format(count=count)
            what = f"{self.tr('plan card')} · " if options.plan_only else ""
            page.subtitle.setText(f"{names} · {controller.session_label()} · {what}{options.page_size} · {pages}")
        except Exception:  # a handout that cannot be made must not take the session with it
            log.exception("could not make the handout")
            self.pdf = b""
            page.show_problem(self.tr("The handout could not be made. The log file has the details; "
                                      "the board and homework are safe."))
        finally:
            QGuiApplication.restoreOverrideCursor()
        controller.set_handout(self.pdf)
        self.build_ms = (time.perf_counter() - started) * 1000
        log.debug("handout preview made in %.0f ms", self.build_ms)

    def _on_options_changed(self) -> None:
        if self._save_appointment():
            self.rebuild()

    def _save_appointment(self) -> bool:
        """Store the next appointment shown on the session if it changed; False (after saying so) if it could not."""
        controller = self._controller
        wanted = self.page.options().next_appointment
        if controller.session is None or wanted == controller.session.next_appointment:
            return True
        changed = dataclasses.replace(controller.session, next_appointment=wanted)
        try:
            controller.update_session(changed)
        except StorageError as error:
            log.warning("could not save the next appointment: %s", error)
            self.page.set_message(self.tr("The next appointment could not be saved: {error}").format(error=error))
            self._reset_appointment()
            return False
        return True

    def _reset_appointment(self) -> None:
        options = dataclasses.replace(self.page.options(), next_appointment=self._controller.session.next_appointment)
        self._set_options(options)

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
        self._set_options(options)
        self.rebuild()

    # -- saving and printing -------------------------------------------------------------------------------------------
    @property
    def plan_only(self) -> bool:
        """True while the preview shows the plan card alone (what Save PDF writes and Print prints)."""
        return self._page is not None and self._page.options().plan_only

    def choose_and_save(self) -> None:
        self.page.flush_pending()
        if not self.pdf or not self._exports.handout_names_checked(self.page.options(), self._practice):
            return
        if not self._exports.ask_before_showing(self.tr("A file dialog shows your folders.")):
            return
        plan_only = self.plan_only
        path, _ = QFileDialog.getSaveFileName(
            self._parent, self.tr("Save plan card") if plan_only else self.tr("Save handout"),
            str(self._exports.suggested_path("plan-card" if plan_only else "handout", "pdf")),
            self.tr("PDF files (*.pdf)"),
        )
        if path:
            self.save_to(Path(path if path.lower().endswith(".pdf") else f"{path}.pdf"))

    def save_to(self, path: Path) -> bool:
        """Write the handout (or the plan card alone) exactly as previewed to `path`."""
        self.page.flush_pending()
        if not self.pdf:
            return False
        return self._exports.write_handout(path, self.pdf, self.plan_only)

    def choose_and_print(self) -> QPrintDialog | None:
        self.page.flush_pending()
        if not self.pdf or not self._exports.handout_names_checked(self.page.options(), self._practice):
            return None
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.tr("Plan card") if self.plan_only else self.tr("Handout"))
        printer.setPageSize(QPageSize(PAGE_SIZE_IDS.get(self.page.options().page_size, QPageSize.PageSizeId.A4)))
        dialog = QPrintDialog(printer, self._parent)
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
        self._exports.record(Action.PRINT, printer.outputFileName() or None)
        if self.plan_only:
            self._exports.message.emit(self.tr("Plan card sent to the printer"))
        else:
            self._exports.message.emit(
                self.tr("Handout sent to the printer (one page)") if sent == 1
                else self.tr("Handout sent to the printer ({count} pages)").format(count=sent)
            )
        return True
