"""Start the desktop app: QApplication, fonts, the main window; the database opens right after the first paint."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
import traceback

from PySide6.QtCore import QLockFile, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from couplecanvas import __version__
from couplecanvas.app.paths import data_dir, default_database_url, templates_dir
from couplecanvas.app.settings import Settings
from couplecanvas.ui.appearance import Appearance
from couplecanvas.ui.fonts import install_fonts
from couplecanvas.ui.main_window import MainWindow

log = logging.getLogger(__name__)

PROBE_ENV = "COUPLECANVAS_STARTUP_PROBE"


def _install_excepthook(app: QApplication) -> None:
    """Log any unexpected error and tell the therapist calmly, instead of vanishing."""

    def hook(kind, value, tb) -> None:
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        if QApplication.instance() is not None and not os.environ.get(PROBE_ENV):
            QMessageBox.warning(
                None,
                "Something went wrong",
                "Couple Canvas met an unexpected problem. Your saved work is safe.\n\n"
                f"{value}\n\nDetails are in the log file in the data folder.",
            )

    sys.excepthook = hook


def _return_freed_memory() -> None:
    """Give the heap pages freed after start-up (imports, first layout) back to the system (glibc only)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def run_gui(args: argparse.Namespace) -> int:
    from couplecanvas.app.logging_setup import setup_logging

    folder = data_dir()
    setup_logging(folder)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Couple Canvas")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("CoupleCanvas")
    install_fonts(app)
    _install_excepthook(app)
    settings = Settings(folder / "settings.ini")
    # The theme and large text, before the first window is built (on a light desktop with the default choice: nothing).
    appearance = Appearance(settings, app, parent=app)
    appearance.apply()

    folder.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(folder / "couplecanvas.lock"))
    lock.setStaleLockTime(0)
    if not args.database and not lock.tryLock(100):
        QMessageBox.information(
            None, "Couple Canvas is already open",
            "Couple Canvas is already open on this computer. Switch to that window: two windows on the same "
            "records could overwrite each other's changes.",
        )
        return 1

    url = args.database or default_database_url()

    def open_repository():
        from couplecanvas.storage.database import open_database
        from couplecanvas.storage.repository import Repository

        return Repository(open_database(url))

    window = MainWindow(settings, open_repository, templates_folder=templates_dir(folder), appearance=appearance)
    probe = os.environ.get(PROBE_ENV)
    if probe:
        window.first_painted.connect(lambda: print(f"first-paint {time.monotonic():.6f}", flush=True))
        window.loaded.connect(lambda: print(f"ready {time.monotonic():.6f}", flush=True))
        if probe.isdigit():
            QTimer.singleShot(int(probe), app.quit)
    # Open the database only after the first paint, so the window appears at once.
    window.first_painted.connect(lambda: QTimer.singleShot(0, window.load))
    window.loaded.connect(lambda: QTimer.singleShot(500, _return_freed_memory))
    if getattr(args, "share_window", False):
        window.loaded.connect(window.share.open_window)
        if probe:  # where it opened, for the test that grabs it from the screen
            window.share.share_window_shown.connect(lambda _shown: QTimer.singleShot(0, lambda: _print_share_place(window)))
    window.show()
    code = app.exec()
    if window.isVisible():
        window.close()
    _release_clipboard(app)
    lock.unlock()
    return code


def _print_share_place(window: MainWindow) -> None:
    share = window.share.share_window
    if share is not None:
        place = share.geometry()
        print(f"share-window {place.x()} {place.y()} {place.width()} {place.height()}", flush=True)


def _release_clipboard(app: QApplication) -> None:
    """Board items copied in the app can only be pasted in the app: let them go before Qt shuts down.

    PySide6 6.11 crashes at exit while the clipboard holds a QMimeData made in Python; plain text copied elsewhere is
    left alone."""
    from couplecanvas.canvas.clipboard import MIME_TYPE

    mime = app.clipboard().mimeData()
    if mime is not None and mime.hasFormat(MIME_TYPE):
        app.clipboard().clear()
