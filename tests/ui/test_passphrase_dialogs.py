"""The passphrase dialogs driven with real typing and clicks on a real database file: setting one converts the file
and shows a recovery key that opens it; unlocking counts wrong tries; the recovery key brings a new passphrase; the
passphrase can be changed; no keyring means the "Remember" box says why."""

from __future__ import annotations

import os
import re
import sqlite3
import stat

import pytest
from keyring.backends import fail
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QMessageBox

from couplecanvas.domain.couple import Couple, Partner
from couplecanvas.storage import cipher, keychain
from couplecanvas.storage.database import open_database, sqlite_url
from couplecanvas.storage.repository import Repository
from couplecanvas.ui.passphrase_dialog import ChangePassphraseDialog, SetPassphraseDialog, UnlockDialog

PASSPHRASE = "quiet harbour 1987"




@pytest.fixture
def plain_file(tmp_path):
    """A plain database holding one couple."""
    path = tmp_path / "couplecanvas.db"
    repository = Repository(open_database(sqlite_url(path)))
    repository.add_couple(Couple(Partner("Marisol"), Partner("Teodor")))
    repository.close()
    return path


@pytest.fixture
def encrypted_file(plain_file):
    """The same database with the passphrase set; (path, key, recovery key)."""
    key, recovery = cipher.encrypt_database(plain_file, PASSPHRASE)
    return plain_file, key, recovery


def _names(path, key) -> list[str]:
    connection = cipher.connect(path, key, read_only=True)
    try:
        return [row[0] for row in connection.execute("SELECT first_name FROM partners ORDER BY first_name")]
    finally:
        connection.close()


def _type(qtbot, field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field, text)


def _tick(qtbot, box) -> None:
    """Click a check box on its box (the middle of a wide check box may be empty space)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def _message(qtbot, name: str) -> QMessageBox:
    found: list[QMessageBox] = []

    def shown() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets()
                    if isinstance(w, QMessageBox) and w.isVisible() and w.objectName() == name]
        return bool(found)

    qtbot.waitUntil(shown, timeout=3000)
    return found[0]


def test_setting_a_passphrase_converts_the_file_and_shows_a_recovery_key_that_opens_it(
        qtbot, plain_file, use_keyring):
    use_keyring(fail.Keyring())
    dialog = SetPassphraseDialog(plain_file)
    qtbot.addWidget(dialog)
    dialog.show()
    text = " ".join(label.text() for label in dialog.stack.widget(0).findChildren(type(dialog.keyring_reason)))
    # Said first, plainly: nobody can recover it; a recovery key follows.
    assert text.index("cannot be recovered by anyone") < text.index("recovery key") < text.index("Passphrase:")
    fields = dialog.fields
    _type(qtbot, fields.first, "harbour")
    assert not dialog.set_button.isEnabled()
    assert "At least 8 characters" in fields.note.text()
    _type(qtbot, fields.first, PASSPHRASE)
    _type(qtbot, fields.second, "quiet harbour 1978")
    assert fields.note.text() == "The two passphrases differ."
    assert not dialog.set_button.isEnabled()
    _type(qtbot, fields.second, PASSPHRASE)
    assert fields.note.text() == "The two passphrases match."
    assert plain_file.read_bytes()[:16] == b"SQLite format 3\x00"

    qtbot.mouseClick(dialog.set_button, Qt.MouseButton.LeftButton)

    assert plain_file.read_bytes()[:16] != b"SQLite format 3\x00"
    assert b"Marisol" not in plain_file.read_bytes()
    page = dialog.recovery_page
    assert dialog.stack.currentWidget() is page
    shown_key = page.key_label.text()
    assert shown_key == dialog.recovery_key and shown_key.count("-") >= 10
    assert page.key_label.font().pointSize() >= 16 and QFontInfo(page.key_label.font()).fixedPitch()
    assert cipher.unlock_with_recovery_key(plain_file, shown_key) == dialog.key
    assert _names(plain_file, cipher.unlock_with_recovery_key(plain_file, shown_key)) == ["Marisol", "Teodor"]
    assert cipher.unlock(plain_file, PASSPHRASE) == dialog.key
    assert fields.first.text() == "" and fields.second.text() == ""  # the words do not stay in the widgets

    # Finishing needs "I have kept the recovery key"; Escape does not close the dialog before that.
    assert not dialog.finish_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    _message(qtbot, "keep_recovery_key_message").close()
    _tick(qtbot, page.kept_box)
    assert dialog.finish_button.isEnabled()
    qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == SetPassphraseDialog.DialogCode.Accepted


def test_no_keyring_disables_remember_and_says_why(qtbot, plain_file, use_keyring):
    use_keyring(fail.Keyring())  # this machine has none: the real fail backend
    dialog = SetPassphraseDialog(plain_file)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.remember_box.isEnabled()
    assert dialog.keyring_reason.isVisible()
    assert "no keyring service" in dialog.keyring_reason.text()
    assert dialog.remember_box.toolTip() == keychain.NO_KEYRING


def test_remember_on_this_computer_keeps_the_key_in_the_keyring(qtbot, plain_file, use_keyring, memory_keyring):
    dialog = SetPassphraseDialog(plain_file)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.remember_box.isEnabled() and not dialog.keyring_reason.isVisible()
    qtbot.keyClicks(dialog.fields.first, PASSPHRASE)
    qtbot.keyClicks(dialog.fields.second, PASSPHRASE)
    _tick(qtbot, dialog.remember_box)
    qtbot.mouseClick(dialog.set_button, Qt.MouseButton.LeftButton)
    assert dialog.key is not None and dialog.remembered
    assert keychain.recall(plain_file) == dialog.key


def test_the_recovery_key_prints_and_saves_with_nothing_of_the_records(qtbot, encrypted_file, tmp_path):
    import pypdf

    path, key, recovery = encrypted_file
    dialog = SetPassphraseDialog(path)
    qtbot.addWidget(dialog)
    page = dialog.recovery_page
    page.show_key(recovery)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "recovery.pdf"))
    page.print_to(printer)
    printed = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(tmp_path / "recovery.pdf").pages)
    assert "Couple Canvas recovery key" in printed
    pieces = re.split(r"[\s-]+", printed)
    assert all(group in pieces for group in recovery.split("-"))  # no group is broken across lines
    assert recovery.replace("-", "") in printed.replace("-", "").replace(" ", "")
    assert "if its passphrase is forgotten" in printed
    assert "Marisol" not in printed and "Teodor" not in printed

    saved = tmp_path / "kept" / "recovery key.txt"
    saved.parent.mkdir()
    os.umask(old := os.umask(0o022))
    try:
        assert page.save_to(saved)
    finally:
        os.umask(old)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    text = saved.read_text()
    assert recovery in text and "Marisol" not in text
    assert cipher.unlock_with_recovery_key(path, text.split("\n")[3].strip()) == key
    assert "Move it off this computer" in _message(qtbot, "recovery_save_message").text()


def test_a_wrong_passphrase_says_how_many_tries_are_left_and_the_fifth_ends(qtbot, encrypted_file):
    path, _key, _recovery = encrypted_file
    before = path.read_bytes()
    dialog = UnlockDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    for attempt, word in enumerate(("quiet harbor 1987", "Quiet harbour 1987", "lighthouse", "harbour quiet"), 1):
        _type(qtbot, dialog.passphrase_field, word)
        qtbot.keyClick(dialog.passphrase_field, Qt.Key.Key_Return)
        left = 5 - attempt
        expected = "1 try left." if left == 1 else f"{left} tries left."
        assert dialog.note.text() == f"The passphrase is not right. {expected}"
        assert dialog.isVisible() and dialog.passphrase_field.text() == ""
    _type(qtbot, dialog.passphrase_field, "quiet  harbour 1987")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.locked_out and len(dialog.failures) == 5 and dialog.key is None
    assert "will close now" in dialog.note.text() and "nothing was opened or changed" in dialog.note.text()
    assert not dialog.passphrase_field.isEnabled() and not dialog.unlock_button.isEnabled()
    assert dialog.quit_button.text() == "Close"
    qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == UnlockDialog.DialogCode.Rejected
    assert path.read_bytes() == before


def test_the_right_passphrase_unlocks(qtbot, encrypted_file):
    path, key, _recovery = encrypted_file
    dialog = UnlockDialog(path, tries=2)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "couplecanvas.db" in " ".join(label.text() for label in dialog.findChildren(type(dialog.note)))
    qtbot.keyClicks(dialog.passphrase_field, "quiet harbour")
    qtbot.keyClick(dialog.passphrase_field, Qt.Key.Key_Return)
    assert dialog.note.text() == "The passphrase is not right. 1 try left."
    qtbot.keyClicks(dialog.passphrase_field, PASSPHRASE)
    qtbot.keyClick(dialog.passphrase_field, Qt.Key.Key_Return)
    assert dialog.result() == UnlockDialog.DialogCode.Accepted
    assert dialog.key == key and len(dialog.failures) == 1


def test_the_recovery_key_opens_and_asks_for_a_new_passphrase(qtbot, encrypted_file):
    path, key, recovery = encrypted_file
    dialog = UnlockDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.recovery_button, Qt.MouseButton.LeftButton)
    assert dialog.recovery_field.isVisible()
    wrong = recovery[:-2] + ("AA" if not recovery.endswith("AA") else "BB")
    qtbot.keyClicks(dialog.recovery_field, wrong)
    qtbot.keyClick(dialog.recovery_field, Qt.Key.Key_Return)
    assert dialog.note.text() == "The recovery key is not right. 4 tries left."
    _type(qtbot, dialog.recovery_field, recovery.lower().replace("-", " "))  # as typed from paper
    qtbot.keyClick(dialog.recovery_field, Qt.Key.Key_Return)
    assert dialog.new_fields.isVisible() and not dialog.unlock_button.isEnabled()
    qtbot.keyClicks(dialog.new_fields.first, "lantern by the sea")
    qtbot.keyClicks(dialog.new_fields.second, "lantern by the sea")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == UnlockDialog.DialogCode.Accepted and dialog.key == key
    assert cipher.unlock(path, "lantern by the sea") == key
    with pytest.raises(cipher.WrongPassphraseError):
        cipher.unlock(path, PASSPHRASE)
    assert _names(path, key) == ["Marisol", "Teodor"]


def test_the_passphrase_is_changed_only_with_the_current_one(qtbot, encrypted_file):
    path, key, _recovery = encrypted_file
    dialog = ChangePassphraseDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.current_field, "quiet harbour 1986")
    qtbot.keyClicks(dialog.fields.first, "lantern by the sea")
    qtbot.keyClicks(dialog.fields.second, "lantern by the sea")
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert dialog.note.text() == "The current passphrase is not right; nothing was changed."
    assert dialog.isVisible()
    assert cipher.unlock(path, PASSPHRASE) == key
    qtbot.keyClicks(dialog.current_field, PASSPHRASE)
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == ChangePassphraseDialog.DialogCode.Accepted
    assert cipher.unlock(path, "lantern by the sea") == key
    with pytest.raises(cipher.WrongPassphraseError):
        cipher.unlock(path, PASSPHRASE)


def test_a_conversion_that_fails_leaves_the_file_as_it_was_and_says_so(qtbot, plain_file):
    # Another program holds the file open for writing in a transaction: the conversion must not go ahead over it.
    before = plain_file.read_bytes()
    holder = sqlite3.connect(plain_file)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        dialog = SetPassphraseDialog(plain_file)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.fields.first, PASSPHRASE)
        qtbot.keyClicks(dialog.fields.second, PASSPHRASE)
        qtbot.mouseClick(dialog.set_button, Qt.MouseButton.LeftButton)
        message = _message(qtbot, "passphrase_message")
    finally:
        holder.rollback()
        holder.close()
    assert "couplecanvas.db" in message.text() and "as it was" in message.text()
    assert dialog.key is None and dialog.stack.currentIndex() == 0
    assert plain_file.read_bytes()[:16] == before[:16] == b"SQLite format 3\x00"
