"""File > Set a passphrase… (or Change passphrase…) and Remember passphrase on this computer.

They observe the session controller: they apply to the open database when it is an SQLite file on this computer.
Setting a passphrase rewrites the file, so the controller lets the database go around the conversion and opens it
again with the new key (told first through `key_changed`, so whatever opens the database uses it from then on).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from couplecanvas.domain.activity import Action
from couplecanvas.storage import cipher, keychain
from couplecanvas.storage.errors import StorageError
from couplecanvas.ui.session_controller import SessionController

if TYPE_CHECKING:  # the dialogs (and the printing module behind them) load when first asked for, not at start-up
    from couplecanvas.ui.passphrase_dialog import ChangePassphraseDialog, SetPassphraseDialog

log = logging.getLogger(__name__)


class PassphraseActions(QObject):
    """Builds `passphrase_action` and `remember_action` for the File menu; runs their dialogs."""

    key_changed = Signal(bytes)
    """The open database has a new data key (a passphrase was set on it): it opens with this key from now on."""
    passphrase_set = Signal()
    """A passphrase was set on the open database: it is encrypted now."""

    def __init__(self, controller: SessionController, parent: QWidget,
                 reload: Callable[[int | None], None] | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._parent = parent
        self._reload = reload
        self.passphrase_action = QAction(self.tr("Set a passphrase…"), parent)
        self.passphrase_action.setObjectName("passphrase_action")
        self.passphrase_action.triggered.connect(self.choose_passphrase)
        self.remember_action = QAction(self.tr("Remember passphrase on this computer"), parent)
        self.remember_action.setObjectName("remember_passphrase_action")
        self.remember_action.setCheckable(True)
        self.remember_action.toggled.connect(self._on_remember_toggled)
        self.actions = [self.passphrase_action, self.remember_action]
        self.dialog: SetPassphraseDialog | ChangePassphraseDialog | None = None
        """The dialog open now (or last opened)."""
        controller.repository_opened.connect(self.refresh)
        self.refresh()

    def fill_menu(self, menu: QMenu) -> None:
        """Add the two actions to `menu`."""
        menu.addActions(self.actions)

    # -- the open database ---------------------------------------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        """The open database's file (None when nothing is open or it is a server)."""
        path = getattr(getattr(self._controller.repository, "database", None), "path", None)
        return Path(path) if path is not None else None

    @property
    def key(self) -> bytes | None:
        """The open database's key (None when it is plain)."""
        return getattr(getattr(self._controller.repository, "database", None), "key", None)

    def refresh(self) -> None:
        """Name and enable the actions for the database open now."""
        path, key = self.path, self.key
        encrypted = key is not None
        self.passphrase_action.setText(self.tr("Change passphrase…") if encrypted else self.tr("Set a passphrase…"))
        self.passphrase_action.setEnabled(path is not None)
        # Only an encrypted file asks the keyring: loading it costs 150-300 ms here, which a plain start need not pay.
        usable, reason = keychain.available() if path is not None and encrypted else (False, "")
        remembered = encrypted and usable and keychain.recall(path) == key
        self.remember_action.setEnabled(encrypted and usable)
        self.remember_action.blockSignals(True)
        self.remember_action.setChecked(remembered)
        self.remember_action.blockSignals(False)
        if encrypted and not usable:
            tip = reason
        elif not encrypted:
            tip = self.tr("Set a passphrase first; then it can be remembered on this computer.")
        else:
            tip = self.tr("Keep the key in this computer's keyring, so Couple Canvas opens without asking.")
        self.remember_action.setToolTip(tip)
        self.remember_action.setStatusTip(tip)

    def _say(self, icon: QMessageBox.Icon, title: str, text: str) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._parent)
        box.setObjectName("passphrase_message")
        box.open()

    # -- setting and changing ------------------------------------------------------------------------------------------
    def choose_passphrase(self) -> QWidget | None:
        """Set a passphrase on a plain database, or change the passphrase of an encrypted one."""
        return self.change_passphrase() if self.key is not None else self.set_passphrase()

    def set_passphrase(self) -> SetPassphraseDialog | None:
        """Open the dialog that protects the open database with a passphrase (window-modal; returns at once)."""
        path = self.path
        if path is None:
            return None
        from couplecanvas.ui.passphrase_dialog import SetPassphraseDialog

        dialog = SetPassphraseDialog(path, self._parent, convert=self._convert)
        dialog.passphrase_set.connect(self._on_passphrase_set)
        self.dialog = dialog
        dialog.open()
        return dialog

    def offer_once(self, settings) -> SetPassphraseDialog | None:
        """At first start: offer a passphrase for a plain database file, once ("Not now" is an answer too)."""
        if settings.passphrase_offered:
            return None
        path = self.path
        if path is None or self.key is not None:
            return None
        settings.passphrase_offered = True
        settings.sync()
        return self.set_passphrase()

    def _convert(self, passphrase: str) -> tuple[bytes, str]:
        """Let the database go, encrypt its file, and open it again with the new key (as it was, if that failed)."""
        controller = self._controller
        path = self.path
        if path is None:
            raise StorageError(self.tr("No database file is open."))
        if not controller.save_open_session():
            raise StorageError(self.tr(
                "The open session's last changes could not be saved, so the passphrase was not set. Try again in a "
                "moment."))
        couple_id = controller.couple.id if controller.couple is not None else None
        controller.close_session()
        controller.open_couple(None)
        controller.close()
        try:
            key, recovery = cipher.encrypt_database(path, passphrase)
        except BaseException:
            self._reopen(couple_id)
            raise
        self.key_changed.emit(key)
        self._reopen(couple_id)
        return key, recovery

    def _reopen(self, couple_id: int | None) -> None:
        self._controller.open()
        if self._reload is not None:
            self._reload(couple_id)

    def _on_passphrase_set(self) -> None:
        self._record(Action.PASSPHRASE_SET)
        self.refresh()
        self.passphrase_set.emit()

    def change_passphrase(self) -> ChangePassphraseDialog | None:
        """Open the dialog that replaces the passphrase (window-modal; returns at once)."""
        path = self.path
        if path is None:
            return None
        from couplecanvas.ui.passphrase_dialog import ChangePassphraseDialog

        dialog = ChangePassphraseDialog(path, self._parent)
        dialog.accepted.connect(lambda: self._record(Action.PASSPHRASE_CHANGED))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _record(self, action: Action) -> None:
        repository = self._controller.repository
        if repository is not None:
            repository.record_activity(action, file_name=self.path.name if self.path is not None else None)

    # -- the keyring ---------------------------------------------------------------------------------------------------
    def _on_remember_toggled(self, checked: bool) -> None:
        path, key = self.path, self.key
        if path is None or key is None:
            return
        if not checked:
            keychain.forget(path)
            return
        if not keychain.remember(path, key):
            self.remember_action.blockSignals(True)
            self.remember_action.setChecked(False)
            self.remember_action.blockSignals(False)
            usable, reason = keychain.available()
            self._say(QMessageBox.Icon.Warning, self.tr("Remember passphrase"), reason if not usable else self.tr(
                "The system keyring did not keep the key (it may be locked), so Couple Canvas will ask for the "
                "passphrase. Details are in the log."))
