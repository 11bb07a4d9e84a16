"""File > Set a passphrase… on the open database, through the real window: the file is converted while the window lets
it go, opened again with the new key, and the couples come back; then Change passphrase… and Remember passphrase on
this computer; and the first-start offer is made once."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import QPoint, Qt

from couplecanvas.app.settings import Settings
from couplecanvas.app.startup import RepositoryOpener, Target
from couplecanvas.domain.activity import Action
from couplecanvas.domain.couple import Couple, Partner
from couplecanvas.storage import cipher, keychain
from couplecanvas.storage.database import open_database, sqlite_url
from couplecanvas.storage.repository import Repository
from couplecanvas.ui.main_window import MainWindow
from couplecanvas.ui.passphrase_actions import PassphraseActions
from couplecanvas.ui.passphrase_dialog import ChangePassphraseDialog, SetPassphraseDialog

PASSPHRASE = "quiet harbour 1987"




@pytest.fixture
def window(qtbot, tmp_path):
    """The window on a plain practice with one couple, opened as run_gui opens it; its passphrase actions."""
    path = tmp_path / "couplecanvas.db"
    repository = Repository(open_database(sqlite_url(path)))
    repository.add_couple(Couple(Partner("Marisol"), Partner("Teodor")))
    repository.close()

    def never(_path, _tries):
        raise AssertionError("the passphrase was asked")

    opener = RepositoryOpener(Target(sqlite_url(path), path, False), lambda *_: "quit", never)
    window = MainWindow(Settings(tmp_path / "settings.ini"), opener)
    qtbot.addWidget(window)
    actions = getattr(window, "passphrase", None)
    if actions is None:  # built here until the window builds its own
        actions = PassphraseActions(window.controller, window, reload=window.couples.reload)
        window.passphrase = actions
    actions.key_changed.connect(opener.use_key)
    window.opener = opener
    window.show()
    qtbot.waitExposed(window)
    window.load()
    yield window
    if window.controller.repository is not None:
        window.close()


def _tick(qtbot, box) -> None:
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def test_setting_a_passphrase_on_the_open_database_converts_it_and_opens_it_again(qtbot, window, memory_keyring):
    actions = window.passphrase
    path = window.controller.repository.database.path
    assert actions.passphrase_action.text() == "Set a passphrase…" and actions.passphrase_action.isEnabled()
    assert not actions.remember_action.isEnabled()  # nothing to remember before there is a passphrase
    window.couples_panel.couples.setCurrentRow(0)
    qtbot.waitUntil(lambda: window.controller.couple is not None)

    actions.passphrase_action.trigger()
    dialog = actions.dialog
    assert isinstance(dialog, SetPassphraseDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.fields.first, PASSPHRASE)
    qtbot.keyClicks(dialog.fields.second, PASSPHRASE)
    qtbot.mouseClick(dialog.set_button, Qt.MouseButton.LeftButton)

    assert path.read_bytes()[:16] != b"SQLite format 3\x00"
    database = window.controller.repository.database
    assert database.key == dialog.key is not None
    assert window.couples_panel.couples.item(0).text() == "Marisol & Teodor"
    assert window.controller.couple is not None and window.controller.couple.partner_a.first_name == "Marisol"
    assert cipher.unlock_with_recovery_key(path, dialog.recovery_page.key_label.text()) == dialog.key
    actions_done = [entry.action for entry in window.controller.repository.list_activity()]
    assert Action.PASSPHRASE_SET in actions_done
    assert actions.passphrase_action.text() == "Change passphrase…"
    assert actions.remember_action.isEnabled() and not actions.remember_action.isChecked()
    _tick(qtbot, dialog.recovery_page.kept_box)
    qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)

    # Remember, then forget, the key in the keyring.
    actions.remember_action.trigger()
    assert keychain.recall(path) == dialog.key
    actions.remember_action.trigger()
    assert keychain.recall(path) is None
    assert window.opener.key == dialog.key  # what the hourly backup and any later open (a restore) use


def test_change_passphrase_from_the_menu(qtbot, window, memory_keyring):
    actions = window.passphrase
    path = window.controller.repository.database.path
    actions.set_passphrase()
    dialog = actions.dialog
    qtbot.keyClicks(dialog.fields.first, PASSPHRASE)
    qtbot.keyClicks(dialog.fields.second, PASSPHRASE)
    qtbot.mouseClick(dialog.set_button, Qt.MouseButton.LeftButton)
    key = dialog.key
    _tick(qtbot, dialog.recovery_page.kept_box)
    qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)

    actions.passphrase_action.trigger()
    change = actions.dialog
    assert isinstance(change, ChangePassphraseDialog) and change.isVisible()
    qtbot.keyClicks(change.current_field, PASSPHRASE)
    qtbot.keyClicks(change.fields.first, "lantern by the sea")
    qtbot.keyClicks(change.fields.second, "lantern by the sea")
    qtbot.mouseClick(change.change_button, Qt.MouseButton.LeftButton)
    assert cipher.unlock(path, "lantern by the sea") == key
    assert Action.PASSPHRASE_CHANGED in [entry.action for entry in window.controller.repository.list_activity()]


def test_the_first_start_offer_is_made_once(qtbot, window, tmp_path):
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        settings = Settings(tmp_path / "settings.ini")
        assert not settings.passphrase_offered
        dialog = window.passphrase.offer_once(settings)
        assert dialog is not None and dialog.isVisible()
        assert not dialog.remember_box.isEnabled()
        qtbot.mouseClick(dialog.not_now_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()
        assert Settings(tmp_path / "settings.ini").passphrase_offered
        assert window.passphrase.offer_once(settings) is None
        path = window.controller.repository.database.path
        assert path.read_bytes()[:16] == b"SQLite format 3\x00"  # "Not now" changed nothing
    finally:
        keyring.set_keyring(before)
