"""Opening an encrypted database at start: the key from the keyring opens it without a word; otherwise the unlock
dialog asks over a window that shows nothing of the records, counts wrong tries (kept in the activity log once the
database is open) and after the fifth nothing is opened; a stale keyring key is forgotten; restore and check work on
the encrypted file."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from couplecanvas.app.settings import Settings
from couplecanvas.app.startup import NotUnlocked, RepositoryOpener, Target
from couplecanvas.domain.activity import Action
from couplecanvas.domain.couple import Couple, Partner
from couplecanvas.storage import cipher, keychain
from couplecanvas.storage.backups import backups_folder, list_backups, make_backup
from couplecanvas.storage.database import open_database, sqlite_url
from couplecanvas.storage.repository import Repository
from couplecanvas.ui.main_window import MainWindow
from couplecanvas.ui.passphrase_dialog import UnlockDialog, ask_to_unlock

PASSPHRASE = "quiet harbour 1987"




@pytest.fixture
def encrypted(tmp_path):
    """An encrypted practice with one couple: (path, key)."""
    path = tmp_path / "couplecanvas.db"
    repository = Repository(open_database(sqlite_url(path)))
    repository.add_couple(Couple(Partner("Marisol"), Partner("Teodor")))
    repository.close()
    key, _recovery = cipher.encrypt_database(path, PASSPHRASE)
    return path, key


def _ask(window):
    """Ask over `window`, as run_gui does."""

    def ask(path, tries):
        dialog = ask_to_unlock(path, window, tries)
        return dialog.key, dialog.failures

    return ask


def _never(path, tries):
    raise AssertionError("the passphrase was asked")


@pytest.fixture
def start(qtbot, tmp_path, use_keyring):
    """Build the window on `path` with the start-up opener, as run_gui does, and load it."""
    windows: list[MainWindow] = []

    def make(path, ask=None) -> tuple[MainWindow, RepositoryOpener]:
        window: MainWindow | None = None
        opener = RepositoryOpener(Target(sqlite_url(path), path, False), lambda *_: "quit",
                                  ask or (lambda path, tries: _ask(window)(path, tries)))
        window = MainWindow(Settings(tmp_path / "settings.ini"), opener)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        window.load()
        return window, opener

    yield make
    for window in windows:
        if window.controller.repository is not None:
            window.close()


def _answer(qtbot, words: list[str], seen: dict) -> None:
    """Once the unlock dialog shows (it runs modal), type each passphrase and press Return; note what it says."""

    def step() -> None:
        dialog = next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, UnlockDialog) and w.isVisible()), None
        )
        if dialog is None:
            QTimer.singleShot(10, step)
            return
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        seen["behind"] = (window.stack.currentWidget() is window.loading_page, window.couples_panel.couples.count(),
                          window.windowTitle())
        seen["notes"] = []
        for word in words:
            dialog.passphrase_field.setFocus()
            qtbot.keyClicks(dialog.passphrase_field, word)
            qtbot.keyClick(dialog.passphrase_field, Qt.Key.Key_Return)
            seen["notes"].append(dialog.note.text())
        if dialog.isVisible():
            seen["last"] = dialog.quit_button.text()
            qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, step)


def test_wrong_passphrases_say_the_tries_left_then_the_right_one_opens_the_couples(qtbot, start, encrypted):
    path, key = encrypted
    seen: dict = {}
    _answer(qtbot, ["quiet harbor 1987", "lighthouse", PASSPHRASE], seen)
    before = dt.datetime.now(dt.UTC)
    window, opener = start(path)
    assert seen["behind"] == (True, 0, "Couple Canvas")  # nothing of the records behind the dialog
    assert seen["notes"][:2] == ["The passphrase is not right. 4 tries left.",
                                 "The passphrase is not right. 3 tries left."]
    assert window.couples_panel.couples.item(0).text() == "Marisol & Teodor"
    assert window.controller.repository.database.key == key == opener.key
    failed = [entry for entry in window.controller.repository.list_activity() if entry.action == Action.UNLOCK_FAILED]
    assert len(failed) == 2 and all(entry.at >= before.replace(microsecond=0) for entry in failed)
    assert {entry.file_name for entry in failed} == {"couplecanvas.db"}


def test_the_fifth_wrong_passphrase_ends_with_nothing_opened_or_changed(qtbot, start, encrypted):
    path, _key = encrypted
    before = path.read_bytes()
    seen: dict = {}
    _answer(qtbot, ["one wrong guess", "two wrong guesses", "three", "four guesses", "the fifth guess"], seen)
    window, opener = start(path)
    assert seen["notes"][3] == "The passphrase is not right. 1 try left."
    assert "will close now" in seen["notes"][4] and seen["last"] == "Close"
    assert window.controller.repository is None
    assert window.stack.currentWidget() is window.error_page
    assert "was not unlocked, so nothing was opened or changed" in window.error_page.label.text()
    assert path.read_bytes() == before
    with pytest.raises(NotUnlocked):  # no more tries in this start, and nothing asked again
        RepositoryOpener.find_key(opener)


def test_the_keyring_key_opens_without_asking(qtbot, start, encrypted, use_keyring, memory_keyring):
    path, key = encrypted
    assert keychain.remember(path, key)
    window, opener = start(path, ask=_never)
    assert window.couples_panel.couples.item(0).text() == "Marisol & Teodor"
    assert opener.key == key


def test_a_stale_keyring_key_is_forgotten_and_the_passphrase_asked(
    qtbot, start, encrypted, use_keyring, memory_keyring
):
    path, key = encrypted
    keychain.remember(path, os.urandom(32))  # the key of a database this file replaced
    seen: dict = {}
    _answer(qtbot, [PASSPHRASE], seen)
    window, _opener = start(path)
    assert seen["notes"] == [""]
    assert window.couples_panel.couples.item(0).text() == "Marisol & Teodor"
    assert keychain.recall(path) is None


def test_restore_and_check_work_on_the_encrypted_file(qtbot, start, encrypted, use_keyring, memory_keyring):
    path, key = encrypted
    make_backup(path, "daily", key=key, now=dt.datetime(2026, 12, 1, 9, 0))
    keychain.remember(path, key)
    window, _opener = start(path, ask=_never)
    window.controller.repository.add_couple(Couple(Partner("Ines"), Partner("Oskar")))
    assert window.couples_panel.couples.count() in (1, 2)
    backups = list_backups(backups_folder(path), key=key)
    assert len(backups) == 2 and all(info.couples == 1 for info in backups)  # that one, and today's made at the start
    assert all(info.path.read_bytes()[:16] != b"SQLite format 3\x00" for info in backups)
    keychain.forget(path)  # the reopen after the restore uses the key the opener holds, not the keyring
    assert window.backups.restore(next(info for info in backups if info.made == dt.datetime(2026, 12, 1, 9, 0)))
    assert [c.partner_a.first_name for c in window.controller.list_couples()] == ["Marisol"]
    assert window.controller.repository.database.key == key
    assert window.backups.check() == []


ENV_KEYRING = '''
import os
from keyring.backend import KeyringBackend


class EnvKeyring(KeyringBackend):
    """A keyring whose one entry is given in the environment (for a child process)."""

    priority = 1

    def get_password(self, service, username):
        return os.environ.get("TEST_KEYRING_ENTRY") if service == "Couple Canvas" else None

    def set_password(self, service, username, password):
        raise NotImplementedError

    def delete_password(self, service, username):
        raise NotImplementedError
'''


def test_the_app_starts_on_an_encrypted_database_with_the_key_from_the_keyring(tmp_path, _private_data_dir):
    """Through the real entry point: the start-up probe reaches "ready" with no dialog in its way."""
    import base64
    import subprocess
    import sys

    path = _private_data_dir / "couplecanvas.db"
    repository = Repository(open_database(sqlite_url(path)))
    repository.add_couple(Couple(Partner("Marisol"), Partner("Teodor")))
    repository.close()
    key, _recovery = cipher.encrypt_database(path, PASSPHRASE)
    (tmp_path / "env_keyring.py").write_text(ENV_KEYRING)
    env = dict(os.environ, PYTHONPATH=str(tmp_path), PYTHON_KEYRING_BACKEND="env_keyring.EnvKeyring",
               TEST_KEYRING_ENTRY=base64.b64encode(key).decode(), COUPLECANVAS_STARTUP_PROBE="4000",
               QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "couplecanvas"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "first-paint" in done.stdout and "ready" in done.stdout
    log = (_private_data_dir / "couplecanvas.log").read_text()
    assert "couplecanvas.db unlocked with the key from the keyring" in log
    assert "could not open the database" not in log
    assert PASSPHRASE not in log and base64.b64encode(key).decode() not in log
    assert not Settings(_private_data_dir / "settings.ini").passphrase_offered  # never offered in the probe
