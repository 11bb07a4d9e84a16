"""What leaves the app from the open session: the take-home handout (PDF, previewed first, saved or printed) and the
board as an image (PNG or SVG); and the practice details printed on every handout."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QStackedWidget, QWidget

from couplecanvas.domain.activity import Action
from couplecanvas.domain.practice import Practice
from couplecanvas.storage.errors import StorageError
from couplecanvas.ui.activity_recorder import record
from couplecanvas.ui.session_controller import SessionController

if TYPE_CHECKING:
    from couplecanvas.ui.handout_mode import HandoutMode
    from couplecanvas.ui.handout_preview import HandoutOptions
    from couplecanvas.ui.practice_dialog import PracticeDialog

log = logging.getLogger(__name__)


class Exports(QObject):
    """Asks where, writes the file, and says how it went; reads the open session from the session controller."""

    message = Signal(str)
    """A short note for the therapist's status bar."""
    practice_saved = Signal()
    """The practice details were saved (the spelling of the app's own words may have changed)."""

    def __init__(self, controller: SessionController, stack: QStackedWidget, parent: QWidget) -> None:
        super().__init__(parent)
        self._controller = controller
        self._stack = stack
        self._parent = parent  # dialogs open over the therapist's window, never over the shared one
        self._preview: HandoutMode | None = None
        self.ask_before_showing: Callable[[str], bool] = lambda _what: True
        """Asked before a file dialog shows folders (share mode asks the therapist first)."""

    @property
    def preview(self) -> HandoutMode:
        """The handout preview inside the window (set up on first use)."""
        if self._preview is None:
            from couplecanvas.ui.handout_mode import HandoutMode

            self._preview = HandoutMode(self._controller, self, self._stack, self._parent)
        return self._preview

    def suggested_path(self, stem: str, suffix: str) -> Path:
        """`<Documents>/<stem>-<session date>.<suffix>`, where a save dialog starts."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        session = self._controller.session
        date = session.date.isoformat() if session else dt.date.today().isoformat()
        return Path(folder) / f"{stem}-{date}.{suffix}"

    # -- board image ---------------------------------------------------------------------------------------------------
    def choose_and_export_image(self, kind: str) -> None:
        if self._controller.scene is None or not self.image_names_checked():
            return
        if not self.ask_before_showing(self.tr("A file dialog shows your folders.")):
            return
        path, _ = QFileDialog.getSaveFileName(
            self._parent, self.tr("Export board"), str(self.suggested_path("board", kind)),
            self.tr("PNG images (*.png)") if kind == "png" else self.tr("SVG drawings (*.svg)"),
        )
        if path:
            self.export_image_to(Path(path if path.lower().endswith(f".{kind}") else f"{path}.{kind}"), kind)

    def export_image_to(self, path: Path, kind: str) -> bool:
        """Write the open board as a PNG or SVG image (for email or a report)."""
        from couplecanvas.canvas.image_export import board_to_png, board_to_svg

        scene = self._controller.scene
        if scene is None:
            return False
        scene.finish_editing()
        controller = self._controller
        try:
            (board_to_png if kind == "png" else board_to_svg)(scene, path, couple=controller.couple,
                                                               use_alias=controller.aliases_on_screen)
        except OSError as error:
            self._not_written(self.tr("Image not saved"),
                              self.tr("The image could not be written to {path}:\n{reason}"), path, error)
            return False
        self.record(Action.EXPORT_IMAGE, path.name)
        self.message.emit(self.tr("Board saved to {path}").format(path=path))
        return True

    def image_names_checked(self) -> bool:
        """With aliases on, the therapist has looked at any place on the board where a name may still show (run
        into other words): True to go on with the image."""
        from couplecanvas.domain.privacy import board_texts, names_to_check
        from couplecanvas.ui.alias_check import confirm_before_export

        controller = self._controller
        if controller.couple is None or controller.document is None or not controller.aliases_on_screen:
            return True
        if controller.scene is not None:
            controller.scene.finish_editing()
        findings = names_to_check(board_texts(controller.document.board), controller.couple)
        return confirm_before_export(self._parent, findings, controller.share_mode)

    # -- handout -------------------------------------------------------------------------------------------------------
    def choose_and_export_handout(self) -> None:
        """Show the handout preview (Ctrl+E): the couple sees it, then the therapist saves or prints it."""
        self.preview.show()

    def handout_pdf(self, options: HandoutOptions, practice: Practice) -> bytes:
        """The open session's handout as PDF bytes, made with these options (never with the private notes); raises
        StorageError (announced by the controller) when its homework cannot be read."""
        return self._handout_pdf(options, practice, self._controller.read)

    def _handout_pdf(self, options: HandoutOptions, practice: Practice, read: Callable) -> bytes:
        from couplecanvas.export import export_handout

        controller = self._controller
        if controller.scene is not None:
            controller.scene.finish_editing()
        controller.document.flush()
        if options.plan_only:
            return self._plan_card_pdf(options, practice)
        session_id, couple_id = controller.session.id, controller.couple.id
        library = controller.library.with_own(read(lambda r: r.list_own_exercises()))
        progress = None
        if options.include_progress:
            progress = read(lambda repository: repository.progress_history(couple_id))
        return export_handout(
            controller.couple, controller.session, controller.document.board,
            read(lambda r: r.list_assignments(session_id)), library,
            use_alias=options.use_alias, page_size=options.page_size, practice=practice,
            large_print=options.large_print, print_sensitive=options.print_sensitive,
            show_positions=options.show_positions, progress=progress,
            plan_card=options.plan_card, feelings_page=options.feelings_page,
        )

    def handout_names_checked(self, options: HandoutOptions, practice: Practice) -> bool:
        """With aliases on, the therapist has looked at any place in this handout where a name may still show (run
        into other words, or a word-name in lower case): True to go on and save or print it. A part that cannot be
        read is announced by the controller, and nothing leaves unchecked."""
        from couplecanvas.export.handout_data import assemble_handout, names_to_check_in_handout
        from couplecanvas.ui.alias_check import confirm_before_export

        controller = self._controller
        if not options.use_alias or controller.couple is None or controller.session is None:
            return True
        session_id = controller.session.id
        try:
            library = controller.library.with_own(controller.read(lambda r: r.list_own_exercises()))
            assignments = () if options.plan_only else controller.read(lambda r: r.list_assignments(session_id))
        except StorageError:
            return False
        data = assemble_handout(
            controller.couple, controller.session, controller.document.board, assignments, library,
            use_alias=True, practice=practice, print_sensitive=options.print_sensitive,
            show_positions=options.show_positions, plan_card=options.plan_card or options.plan_only,
        )
        findings = names_to_check_in_handout(data, controller.couple)
        return confirm_before_export(self._parent, findings, controller.share_mode)

    def _plan_card_pdf(self, options: HandoutOptions, practice: Practice) -> bytes:
        """The plan for the fridge alone, one page: it needs the board only (no homework is read)."""
        from couplecanvas.export.handout_data import assemble_handout
        from couplecanvas.export.plan_card import render_plan_card

        controller = self._controller
        data = assemble_handout(
            controller.couple, controller.session, controller.document.board, (), controller.library,
            use_alias=options.use_alias, practice=practice, print_sensitive=options.print_sensitive,
            show_positions=options.show_positions, plan_card=True,
        )
        return render_plan_card(data, page_size=options.page_size, large_print=options.large_print)

    def export_handout_to(self, path: Path) -> bool:
        """Write the open session's handout, with the couple's and the practice's own choices, to a PDF file; if a
        part of it cannot be read, say what and write nothing."""
        from couplecanvas.ui.handout_preview import HandoutOptions

        controller = self._controller
        if controller.session is None or controller.document is None or controller.repository is None:
            return False
        repository = controller.repository

        def read(what: Callable):
            return what(repository)  # not announced as well: the one message below says what and why

        try:
            practice = read(lambda r: r.get_practice())
            options = HandoutOptions(controller.couple.use_aliases, practice.page_size, practice.large_print,
                                     controller.session.next_appointment)
            pdf = self._handout_pdf(options, practice, read)
        except StorageError as error:
            log.error("handout for %s not made: %s", path, error)
            self.tell("file_not_written", QMessageBox.Icon.Warning, self.tr("Handout not saved"),
                      self.tr("The handout was not written to {path}, because part of it could not be read from "
                              "the database:\n{reason}").format(path=path, reason=error))
            return False
        return self.write_handout(path, pdf)

    def write_handout(self, path: Path, pdf: bytes, plan_only: bool = False) -> bool:
        """Write a made handout (or the plan card alone) to `path` in one piece; a failed write leaves no half file and
        says why."""
        from couplecanvas.export.files import write_file_atomically

        try:
            write_file_atomically(path, pdf)
        except OSError as error:
            if plan_only:
                self._not_written(self.tr("Plan card not saved"),
                                  self.tr("The plan card could not be written to {path}:\n{reason}"), path, error)
            else:
                self._not_written(self.tr("Handout not saved"),
                                  self.tr("The handout could not be written to {path}:\n{reason}"), path, error)
            return False
        self.record(Action.EXPORT_HANDOUT, path.name)
        saved = self.tr("Plan card saved to {path}") if plan_only else self.tr("Handout saved to {path}")
        self.message.emit(saved.format(path=path))
        return True

    def record(self, action: Action, file_name: str | None = None) -> None:
        """Note in the activity log what left the app from the open couple's session (file: its base name only)."""
        record(self._controller, action, file_name)

    # -- the practice --------------------------------------------------------------------------------------------------
    def edit_practice(self) -> PracticeDialog | None:
        """Open the practice details (name, contact, logo, paper); the preview takes them up when saved."""
        from couplecanvas.ui.practice_dialog import PracticeDialog

        repository = self._controller.repository
        if repository is None:
            return None
        try:
            practice = repository.get_practice()  # not announced as well: the one message below says what and why
        except StorageError as error:
            log.error("could not read the practice's details: %s", error)
            self.tell("practice_not_read", QMessageBox.Icon.Warning, self.tr("Practice details not read"),
                      self.tr("Your practice details could not be read, so they cannot be changed now. "
                              "Nothing was changed.\n\n{error}").format(error=error))
            return None
        dialog = PracticeDialog(repository, practice, self._parent)
        dialog.ask_before_showing = self.ask_before_showing
        # The library first (its words follow the practice's spelling), then the preview made again with it.
        dialog.saved.connect(lambda _practice: self.practice_saved.emit())
        dialog.saved.connect(lambda practice: self.preview.practice_saved(practice))
        dialog.open()
        return dialog

    # -- messages ------------------------------------------------------------------------------------------------------
    def tell(self, name: str, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        """A message box that does not block (tests and the event loop go on); found by its object name."""
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._parent)
        box.setObjectName(name)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def _not_written(self, title: str, text: str, path: Path, error: OSError) -> None:
        log.warning("could not write %s: %s", path, error)
        self.tell("file_not_written", QMessageBox.Icon.Warning, title,
                  text.format(path=path, reason=error.strerror or error))
