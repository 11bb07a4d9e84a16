"""Start the desktop app: QApplication, fonts, the main window; the database opens right after the first paint."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
import traceback

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from couplecanvas import __version__
from couplecanvas.app.paths import PRIVATE_UMASK, data_dir, make_private, templates_dir
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
    # Whatever the shell's umask, everything written from here on is the owner's alone (0600 files, 0700 folders).
    os.umask(PRIVATE_UMASK)
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

    from couplecanvas.app.startup import (
        RepositoryOpener,
        acquire_lock,
        database_target,
        describe_folder_error,
        lock_path,
        tr,
    )

    try:
        make_private(folder)  # also tightens what an older version wrote under a looser umask
    except OSError as error:
        _tell(QMessageBox.Icon.Critical, tr("Couple Canvas cannot use its folder"),
              describe_folder_error(folder, error.errno, error.strerror or str(error)))
        return 1
    target = database_target(args.database, folder)
    # One lock per database file, whether or not --database is given: two windows on one file overwrite edits.
    held = acquire_lock(lock_path(target, folder), str(target.path or target.url))
    if held.lock is None:
        icon = QMessageBox.Icon.Information if held.already_open else QMessageBox.Icon.Critical
        _tell(icon, held.title, held.message)
        return 1
    lock = held.lock
    window: MainWindow | None = None
    # Opens the database after the first paint; an encrypted one is unlocked first (keyring, or the passphrase asked
    # over the window, which shows nothing of the records meanwhile).
    open_repository = RepositoryOpener(
        target, lambda aside, backup, problem: _choose_after_damage(window, aside, backup, problem),
        lambda path, tries: _ask_passphrase(window, path, tries))

    window = MainWindow(settings, open_repository, templates_folder=templates_dir(folder), appearance=appearance)
    # The File menu's passphrase actions (ui.passphrase_actions.PassphraseActions, built by the window): a passphrase
    # set on the open file gives it a new key, which every later open (a restore) and the hourly backup must use.
    passphrase = window.passphrase
    passphrase.key_changed.connect(open_repository.use_key)
    probe = os.environ.get(PROBE_ENV)
    if probe:  # the start-up benchmark reads these lines from the standard output
        window.first_painted.connect(lambda: print(f"first-paint {time.monotonic():.6f}", flush=True))  # noqa: T201
        window.loaded.connect(lambda: print(f"ready {time.monotonic():.6f}", flush=True))  # noqa: T201
        if probe.isdigit():
            QTimer.singleShot(int(probe), app.quit)
    else:
        # Once the couples show: the cloud-folder warning (once per folder), then the first-start offer of a
        # passphrase; never in the start-up probe (nobody is there to answer). Each opens window-modal and returns at
        # once, so nothing waits on them; the offer follows the warning rather than stacking over it.
        checked = [folder] if target.path is None or target.path.parent == folder else [folder, target.path.parent]
        window.loaded.connect(lambda: QTimer.singleShot(0, lambda: _warn_then_offer(window, settings, checked)))
    # Open the database only after the first paint, so the window appears at once.
    window.first_painted.connect(lambda: QTimer.singleShot(0, window.load))
    window.loaded.connect(lambda: QTimer.singleShot(500, _return_freed_memory))
    if getattr(args, "share_window", False):
        window.loaded.connect(window.share.open_window)
        if probe:  # where it opened, for the test that grabs it from the screen
            window.share.share_window_shown.connect(
                lambda _shown: QTimer.singleShot(0, lambda: _print_share_place(window))
            )
    # The daily backup while the app is in use: checked every hour, made once a day (with the key the file opens with).
    backup_timer = QTimer(app)
    backup_timer.setInterval(60 * 60 * 1000)
    backup_timer.timeout.connect(lambda: _daily_backup(target.path, open_repository.key))
    backup_timer.start()
    window.show()
    code = app.exec()
    backup_timer.stop()
    if window.isVisible():
        window.close()
    _release_clipboard(app)
    lock.unlock()
    return code


def _warn_then_offer(window: MainWindow, settings: Settings, folders: list) -> None:
    """The cloud-folder warning if the data folder is synced (said once), then the passphrase offer (made once)."""
    from couplecanvas.app.cloud_sync import warn_once_if_synced

    box = warn_once_if_synced(window, settings, *folders)
    if box is None:
        window.passphrase.offer_once(settings)
    else:
        box.finished.connect(lambda _result: window.passphrase.offer_once(settings))


def _tell(icon: QMessageBox.Icon, title: str, message: str) -> None:
    """A message before any window exists (start-up problems), logged too."""
    log.warning("%s: %s", title, message)
    box = QMessageBox(icon, title, message, QMessageBox.StandardButton.Ok)
    box.setObjectName("startup_message")
    box.exec()


def _daily_backup(path, key: bytes | None) -> None:
    from couplecanvas.app.recovery import daily_backup

    daily_backup(path, key)


def _ask_passphrase(window, path, tries: int) -> tuple[bytes | None, list]:
    """Ask for the passphrase over the window (which shows only "Opening your practice…"); close the app if the
    therapist quits or runs out of tries."""
    from couplecanvas.ui.passphrase_dialog import ask_to_unlock

    dialog = ask_to_unlock(path, window, tries)
    if dialog.key is None:
        QTimer.singleShot(0, QApplication.quit)
    return dialog.key, dialog.failures


def _choose_after_damage(parent, aside, backup, problem: str) -> str:
    """Ask what to do about a damaged database moved aside: restore the newest good backup, start empty, or quit."""
    from couplecanvas.app.recovery import EMPTY, QUIT, RESTORE

    text = QApplication.translate("gui", "{problem}\n\nThe damaged file was moved aside untouched, as {aside}.").format(
        problem=problem, aside=aside
    )
    box = QMessageBox(QMessageBox.Icon.Warning, QApplication.translate("gui", "The database is damaged"), text,
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("damaged_database")
    restore = None
    if backup is not None:
        text = QApplication.translate("gui", "Restore the backup of {date} ({couples} couples, {sessions} sessions)")
        restore = box.addButton(text.format(date=backup.made.strftime("%Y-%m-%d %H:%M"), couples=backup.couples,
                                            sessions=backup.sessions), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(restore)
    else:
        box.setInformativeText(QApplication.translate("gui", "No good backup was found."))
    empty = box.addButton(
        QApplication.translate("gui", "Start with an empty database"), QMessageBox.ButtonRole.ResetRole
    )
    box.addButton(QApplication.translate("gui", "Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if restore is not None and clicked is restore:
        return RESTORE
    if clicked is empty:
        return EMPTY
    QTimer.singleShot(0, QApplication.quit)
    return QUIT


def _print_share_place(window: MainWindow) -> None:
    share = window.share.share_window
    if share is not None:
        place = share.geometry()
        print(f"share-window {place.x()} {place.y()} {place.width()} {place.height()}", flush=True)  # noqa: T201


def _release_clipboard(app: QApplication) -> None:
    """Board items copied in the app can only be pasted in the app: let them go before Qt shuts down.

    PySide6 6.11 crashes at exit while the clipboard holds a QMimeData made in Python; plain text copied elsewhere is
    left alone."""
    from couplecanvas.canvas.clipboard import MIME_TYPE

    mime = app.clipboard().mimeData()
    if mime is not None and mime.hasFormat(MIME_TYPE):
        app.clipboard().clear()
