"""What leaves the app from the open session: the take-home handout (PDF) and the board as an image (PNG or SVG)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox

log = logging.getLogger(__name__)


class Exports(QObject):
    """Asks where, writes the file, and says how it went; reads the open session from the main window."""

    def __init__(self, window, scene: Callable) -> None:
        super().__init__(window)
        self._window = window
        self._scene = scene  # the open board's scene, or None

    def suggested_path(self, stem: str, suffix: str) -> Path:
        """`<Documents>/<stem>-<session date>.<suffix>`, where a save dialog starts."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        session = self._window.session
        date = session.date.isoformat() if session else dt.date.today().isoformat()
        return Path(folder) / f"{stem}-{date}.{suffix}"

    # -- board image ---------------------------------------------------------------------------------------------------
    def choose_and_export_image(self, kind: str) -> None:
        if self._scene() is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self._window, self.tr("Export board"), str(self.suggested_path("board", kind)),
            self.tr("PNG images (*.png)") if kind == "png" else self.tr("SVG drawings (*.svg)"),
        )
        if path:
            self.export_image_to(Path(path if path.lower().endswith(f".{kind}") else f"{path}.{kind}"), kind)

    def export_image_to(self, path: Path, kind: str) -> bool:
        """Write the open board as a PNG or SVG image (for email or a report)."""
        from couplecanvas.canvas.image_export import board_to_png, board_to_svg

        scene = self._scene()
        if scene is None:
            return False
        scene.finish_editing()
        try:
            (board_to_png if kind == "png" else board_to_svg)(scene, path)
        except OSError as error:
            self._not_written(self.tr("Image not saved"),
                              self.tr("The image could not be written to {path}:\n{reason}"), path, error)
            return False
        self._window.statusBar().showMessage(self.tr("Board saved to {path}").format(path=path), 8000)
        return True

    # -- handout -------------------------------------------------------------------------------------------------------
    def choose_and_export_handout(self) -> None:
        if self._window.session is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self._window, self.tr("Export handout"), str(self.suggested_path("handout", "pdf")),
            self.tr("PDF files (*.pdf)"),
        )
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self.export_handout_to(Path(path))

    def export_handout_to(self, path: Path) -> bool:
        """Write the open session's handout (never the private notes) to a PDF file."""
        from couplecanvas.export import export_handout
        from couplecanvas.export.files import write_file_atomically

        window = self._window
        if window.session is None or window.document is None:
            return False
        if self._scene() is not None:
            self._scene().finish_editing()
        window.document.flush()
        pdf = export_handout(
            window.couple, window.session, window.document.board, window.repository.list_assignments(window.session.id),
            window.library,
        )
        try:
            write_file_atomically(path, pdf)
        except OSError as error:
            self._not_written(self.tr("Handout not saved"),
                              self.tr("The handout could not be written to {path}:\n{reason}"), path, error)
            return False
        window.statusBar().showMessage(self.tr("Handout saved to {path}").format(path=path), 8000)
        return True

    def _not_written(self, title: str, text: str, path: Path, error: OSError) -> None:
        log.warning("could not write %s: %s", path, error)
        QMessageBox.warning(self._window, title, text.format(path=path, reason=error.strerror or error))
