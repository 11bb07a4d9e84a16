"""The passphrase as the therapist meets it: setting one (with the recovery key to keep), unlocking, changing it.

Every dialog here works on the database file's key file through `storage.cipher`; none shows anything of the records.
The passphrase never leaves these widgets except into cipher's calls, and is never logged.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from couplecanvas.storage import cipher, keychain
from couplecanvas.storage.errors import StorageError
from couplecanvas.ui.recovery_key_page import RecoveryKeyPage

log = logging.getLogger(__name__)

MIN_LENGTH = 8
TRIES = 5
"""Wrong passphrases (or recovery keys) allowed per start before the app closes."""


class _Busy:
    """A wait cursor while a slow step runs (scrypt, rewriting the file)."""

    def __enter__(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *_exc) -> None:
        QApplication.restoreOverrideCursor()


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def _wrapped(text: str, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


def _page(text: str, field: QWidget) -> QWidget:
    """One step of a dialog: what to do, in words, above the field to do it in."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(_wrapped(text))
    layout.addWidget(field)
    return page


class NewPassphraseFields(QWidget):
    """A new passphrase typed twice, with a note saying what is still missing (length, or the two differ)."""

    validity_changed = Signal(bool)
    """The two fields now hold an acceptable passphrase (True), or no longer do."""

    def __init__(self, parent: QWidget | None = None, *, label: str = "") -> None:
        super().__init__(parent)
        self.first = _password_field("new_passphrase")
        self.second = _password_field("passphrase_again")
        self.note = _wrapped("", "passphrase_note")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(label or self.tr("Passphrase:"), self.first)
        form.addRow(self.tr("Again:"), self.second)
        form.addRow("", self.note)
        self._valid = False
        self.first.textChanged.connect(self._check)
        self.second.textChanged.connect(self._check)
        self._check()

    def passphrase(self) -> str:
        """The passphrase typed (check `is_valid` first)."""
        return self.first.text()

    def is_valid(self) -> bool:
        """Long enough, and the same in both fields."""
        return self._valid

    def clear(self) -> None:
        """Empty both fields (after use: the words need not stay in a widget)."""
        self.first.clear()
        self.second.clear()

    def _check(self) -> None:
        first, second = self.first.text(), self.second.text()
        if len(first) < MIN_LENGTH:
            note = self.tr("At least {0} characters; a few words you will remember are best ({1} more needed).").format(
                MIN_LENGTH, MIN_LENGTH - len(first))
        elif not second:
            note = self.tr("Type it again below.")
        elif first != second:
            note = self.tr("The two passphrases differ.")
        else:
            note = self.tr("The two passphrases match.")
        self.note.setText(note)
        valid = len(first) >= MIN_LENGTH and first == second
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)


class SetPassphraseDialog(QDialog):
    """Protect a plain database with a passphrase: say what a forgotten one means, convert, show the recovery key."""

    passphrase_set = Signal()
    """The database is encrypted now; `key` and `recovery_key` are set (and the key remembered if asked)."""

    def __init__(self, path: Path, parent: QWidget | None = None, *,
                 convert: Callable[[str], tuple[bytes, str]] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("set_passphrase_dialog")
        self.setWindowTitle(self.tr("Set a passphrase"))
        self._path = Path(path)
        self._convert = convert or (lambda passphrase: cipher.encrypt_database(self._path, passphrase))
        self.key: bytes | None = None
        self.recovery_key = ""
        self.remembered = False

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._choose_page())
        self.recovery_page = RecoveryKeyPage(self._path, self)
        self.stack.addWidget(self.recovery_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.not_now_button = QPushButton(self.tr("Not now"))
        self.not_now_button.setObjectName("not_now_button")
        self.set_button = QPushButton(self.tr("Set passphrase"))
        self.set_button.setObjectName("set_button")
        self.set_button.setDefault(True)
        self.set_button.setEnabled(False)
        self.finish_button = QPushButton(self.tr("Finish"))
        self.finish_button.setObjectName("finish_button")
        self.finish_button.hide()
        for button in (self.not_now_button, self.set_button, self.finish_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.not_now_button.clicked.connect(self.reject)
        self.set_button.clicked.connect(self.set_passphrase)
        self.finish_button.clicked.connect(self.accept)
        self.fields.validity_changed.connect(self.set_button.setEnabled)
        self.recovery_page.kept_changed.connect(self.finish_button.setEnabled)
        self.setMinimumWidth(560)
        self.adjustSize()

    def _choose_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        warning = _wrapped(self.tr(
            "<b>A forgotten passphrase cannot be recovered by anyone</b>: not by you, not by the makers of Couple "
            "Canvas, not by anyone else. Without it (or the recovery key) the records cannot be opened."), "warning")
        warning.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(warning)
        layout.addWidget(_wrapped(self.tr(
            "Next, Couple Canvas shows a recovery key: print it or save it, and keep it somewhere safe, away from this "
            "computer. It opens the records if the passphrase is ever forgotten.")))
        self.fields = NewPassphraseFields(page)
        layout.addWidget(self.fields)
        self.remember_box = QCheckBox(self.tr("Remember on this computer"))
        self.remember_box.setObjectName("remember_box")
        layout.addWidget(self.remember_box)
        usable, reason = keychain.available()
        self.keyring_reason = _wrapped(reason, "keyring_reason")
        layout.addWidget(self.keyring_reason)
        if usable:
            self.remember_box.setToolTip(self.tr(
                "The system keyring keeps the key, so Couple Canvas opens without asking while you are signed in to "
                "this computer."))
            self.keyring_reason.hide()
        else:
            self.remember_box.setEnabled(False)
            self.remember_box.setToolTip(reason)
        return page

    def set_passphrase(self) -> bool:
        """Convert the database with the passphrase typed; then show the recovery key. False if it was not set."""
        if not self.fields.is_valid():
            return False
        try:
            with _Busy():
                key, recovery = self._convert(self.fields.passphrase())
        except (StorageError, OSError) as error:
            log.error("the passphrase was not set on %s (%s)", self._path.name, type(error).__name__)
            box = QMessageBox(QMessageBox.Icon.Critical, self.tr("Set a passphrase"), self.tr(
                "The passphrase was not set on {0}; the database is as it was.\n\n{1}").format(self._path, error),
                QMessageBox.StandardButton.Ok, self)
            box.setObjectName("passphrase_message")
            box.open()
            return False
        self.fields.clear()
        self.key, self.recovery_key = key, recovery
        log.info("a passphrase was set on %s", self._path.name)
        if self.remember_box.isChecked():
            self.remembered = keychain.remember(self._path, key)
        self.recovery_page.show_key(recovery, remember_failed=self.remember_box.isChecked() and not self.remembered)
        self.stack.setCurrentWidget(self.recovery_page)
        self.not_now_button.hide()
        self.set_button.hide()
        self.finish_button.show()
        self.finish_button.setEnabled(False)
        self.setWindowTitle(self.tr("Keep your recovery key"))
        self.passphrase_set.emit()
        return True

    def reject(self) -> None:
        if self.key is not None and not self.recovery_page.kept():
            # The passphrase is set already: the recovery key is shown only now, so it is kept before the dialog goes.
            self.recovery_page.ask_to_keep()
            return
        super().reject()


class UnlockDialog(QDialog):
    """Ask for the passphrase of an encrypted database (or its recovery key); five wrong tries close the app."""

    def __init__(self, path: Path, parent: QWidget | None = None, *, tries: int = TRIES) -> None:
        super().__init__(parent)
        self.setObjectName("unlock_dialog")
        self.setWindowTitle(self.tr("Unlock Couple Canvas"))
        self._path = Path(path)
        self.key: bytes | None = None
        self.failures: list[dt.datetime] = []
        """When each wrong passphrase or recovery key was given (UTC)."""
        self.tries_left = tries
        self.locked_out = False

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._passphrase_page())
        self.stack.addWidget(self._recovery_page())
        self.stack.addWidget(self._new_passphrase_page())
        self.note = _wrapped("", "unlock_note")
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        layout.addWidget(self.note)
        buttons = QHBoxLayout()
        self.recovery_button = QPushButton(self.tr("Use the recovery key…"))
        self.recovery_button.setObjectName("recovery_button")
        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.setObjectName("back_button")
        self.back_button.hide()
        self.quit_button = QPushButton(self.tr("Quit"))
        self.quit_button.setObjectName("quit_button")
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setObjectName("unlock_button")
        self.unlock_button.setDefault(True)
        buttons.addWidget(self.recovery_button)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)
        self.recovery_button.clicked.connect(self._show_recovery)
        self.back_button.clicked.connect(self._show_passphrase)
        self.quit_button.clicked.connect(self.reject)
        self.unlock_button.clicked.connect(self._go)  # Return in a field presses it too: it is the default button
        self.setMinimumWidth(480)
        self.adjustSize()

    def _passphrase_page(self) -> QWidget:
        self.passphrase_field = _password_field("unlock_passphrase")
        return _page(self.tr("The records in {0} are protected by a passphrase. Type it to open them.")
                     .format(self._path.name), self.passphrase_field)

    def _recovery_page(self) -> QWidget:
        self.recovery_field = QLineEdit()
        self.recovery_field.setObjectName("recovery_key_field")
        return _page(self.tr(
            "Type the recovery key you printed or saved when the passphrase was set (the dashes may be left out). "
            "Then choose a new passphrase."), self.recovery_field)

    def _new_passphrase_page(self) -> QWidget:
        self.new_fields = NewPassphraseFields(label=self.tr("New passphrase:"))
        self.new_fields.validity_changed.connect(self._on_new_validity)
        return _page(self.tr(
            "The recovery key is right. Choose a new passphrase: it replaces the forgotten one, and the recovery key "
            "you kept stays the same."), self.new_fields)

    def _show_recovery(self) -> None:
        self.note.setText("")
        self.stack.setCurrentIndex(1)
        self.recovery_button.hide()
        self.back_button.show()
        self.unlock_button.setText(self.tr("Check"))
        self.recovery_field.setFocus()

    def _show_passphrase(self) -> None:
        self.note.setText("")
        self.stack.setCurrentIndex(0)
        self.recovery_button.show()
        self.back_button.hide()
        self.unlock_button.setText(self.tr("Unlock"))
        self.passphrase_field.setFocus()

    def _on_new_validity(self, valid: bool) -> None:
        if self.stack.currentIndex() == 2:
            self.unlock_button.setEnabled(valid)

    def _go(self) -> None:
        if self.locked_out:
            return
        page = self.stack.currentIndex()
        if page == 0:
            self._try_passphrase()
        elif page == 1:
            self._try_recovery_key()
        else:
            self._set_new_passphrase()

    def _try_passphrase(self) -> None:
        passphrase = self.passphrase_field.text()
        if not passphrase:
            return
        try:
            with _Busy():
                key = cipher.unlock(self._path, passphrase)
        except cipher.WrongPassphraseError:
            self.passphrase_field.clear()
            self._failed(self.tr("The passphrase is not right."))
            return
        except StorageError as error:  # the key file cannot be read: say so, count nothing
            self.note.setText(str(error))
            return
        self.passphrase_field.clear()
        self.key = key
        self.accept()

    def _try_recovery_key(self) -> None:
        recovery = self.recovery_field.text().strip()
        if not recovery:
            return
        try:
            with _Busy():
                key = cipher.unlock_with_recovery_key(self._path, recovery)
        except cipher.WrongPassphraseError:
            self._failed(self.tr("The recovery key is not right."))
            return
        except StorageError as error:
            self.note.setText(str(error))
            return
        self.recovery_field.clear()
        self._recovered = key
        self.note.setText("")
        self.stack.setCurrentIndex(2)
        self.back_button.hide()
        self.unlock_button.setText(self.tr("Set new passphrase"))
        self.unlock_button.setEnabled(False)
        self.new_fields.first.setFocus()

    def _set_new_passphrase(self) -> None:
        if not self.new_fields.is_valid():
            return
        try:
            with _Busy():
                cipher.change_passphrase(self._path, self._recovered, self.new_fields.passphrase())
        except (StorageError, OSError) as error:
            log.error("a new passphrase could not be set on %s (%s)", self._path.name, type(error).__name__)
            self.note.setText(self.tr("The new passphrase could not be saved; the old one still applies. {0}").format(
                error))
            return
        self.new_fields.clear()
        log.info("the passphrase of %s was replaced using the recovery key", self._path.name)
        self.key = self._recovered
        self.accept()

    def _failed(self, what: str) -> None:
        self.failures.append(dt.datetime.now(dt.UTC))
        self.tries_left -= 1
        log.warning("a wrong passphrase or recovery key for %s (%d tries left)", self._path.name, self.tries_left)
        if self.tries_left > 0:
            left = (self.tr("1 try left.") if self.tries_left == 1
                    else self.tr("{0} tries left.").format(self.tries_left))
            self.note.setText(f"{what} {left}")
            return
        self.locked_out = True
        self.note.setText(self.tr(
            "That was the last try. Couple Canvas will close now; nothing was opened or changed. Start it again to "
            "try once more."))
        for widget in (self.passphrase_field, self.recovery_field, self.unlock_button, self.recovery_button,
                       self.back_button):
            widget.setEnabled(False)
        self.quit_button.setText(self.tr("Close"))
        self.quit_button.setDefault(True)
        self.quit_button.setFocus()


class ChangePassphraseDialog(QDialog):
    """Replace the passphrase of an encrypted database: the current one, then the new one twice."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("change_passphrase_dialog")
        self.setWindowTitle(self.tr("Change passphrase"))
        self._path = Path(path)
        layout = QVBoxLayout(self)
        layout.addWidget(_wrapped(self.tr(
            "The records stay as they are; only the passphrase that opens them changes. The recovery key you kept "
            "still works.")))
        form = QFormLayout()
        self.current_field = _password_field("current_passphrase")
        form.addRow(self.tr("Current passphrase:"), self.current_field)
        layout.addLayout(form)
        self.fields = NewPassphraseFields(self, label=self.tr("New passphrase:"))
        layout.addWidget(self.fields)
        self.note = _wrapped("", "change_note")
        layout.addWidget(self.note)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setObjectName("cancel_button")
        self.change_button = QPushButton(self.tr("Change"))
        self.change_button.setObjectName("change_button")
        self.change_button.setDefault(True)
        self.change_button.setEnabled(False)
        buttons.addWidget(cancel)
        buttons.addWidget(self.change_button)
        layout.addLayout(buttons)
        cancel.clicked.connect(self.reject)
        self.change_button.clicked.connect(self.change)
        self.fields.validity_changed.connect(self.change_button.setEnabled)
        self.setMinimumWidth(480)
        self.adjustSize()

    def change(self) -> bool:
        """Check the current passphrase and put the new one in its place; False (with a note) if nothing changed."""
        if not self.fields.is_valid() or not self.current_field.text():
            return False
        try:
            with _Busy():
                key = cipher.unlock(self._path, self.current_field.text())
        except cipher.WrongPassphraseError:
            self.current_field.clear()
            self.note.setText(self.tr("The current passphrase is not right; nothing was changed."))
            self.current_field.setFocus()
            return False
        except StorageError as error:
            self.note.setText(str(error))
            return False
        if self.fields.passphrase() == self.current_field.text():
            self.note.setText(self.tr("The new passphrase is the same as the current one; nothing was changed."))
            return False
        try:
            with _Busy():
                cipher.change_passphrase(self._path, key, self.fields.passphrase())
        except (StorageError, OSError) as error:
            log.error("the passphrase of %s could not be changed (%s)", self._path.name, type(error).__name__)
            self.note.setText(self.tr("The passphrase could not be changed; the current one still applies. {0}")
                              .format(error))
            return False
        self.current_field.clear()
        self.fields.clear()
        log.info("the passphrase of %s was changed", self._path.name)
        self.accept()
        return True


def ask_to_unlock(path: Path, parent: QWidget | None, tries: int) -> UnlockDialog:
    """Show the unlock dialog (modal) and return it once closed: its `key` (None if not unlocked) and `failures`
    (when each wrong try was made)."""
    dialog = UnlockDialog(path, parent, tries=tries)
    dialog.exec()
    return dialog
