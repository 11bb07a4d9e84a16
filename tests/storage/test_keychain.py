"""The data key in the system keyring: kept per database file, read back, forgotten; no keyring and a failing keyring
are treated as holding nothing, and nothing secret reaches the log."""

from __future__ import annotations

import logging
import os

from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import KeyringError

from couplecanvas.storage import keychain

KEY = os.urandom(32)


class BrokenKeyring(KeyringBackend):
    """A keyring that is there but refuses everything (a locked wallet, a D-Bus error)."""

    priority = 1

    def get_password(self, service, username):
        raise KeyringError("the wallet is locked")

    def set_password(self, service, username, password):
        raise KeyringError("the wallet is locked")

    def delete_password(self, service, username):
        raise KeyringError("the wallet is locked")



def test_a_key_is_kept_per_file_read_back_and_forgotten(tmp_path, use_keyring, monkeypatch, memory_keyring):
    memory = memory_keyring
    first, second = tmp_path / "practice.db", tmp_path / "other" / "practice.db"
    assert keychain.available() == (True, "")
    assert keychain.recall(first) is None
    assert keychain.remember(first, KEY)
    other_key = os.urandom(32)
    assert keychain.remember(second, other_key)
    assert keychain.recall(first) == KEY
    assert keychain.recall(second) == other_key
    # Named by the resolved path: the same file reached by a relative path is the same entry.
    monkeypatch.chdir(tmp_path)
    assert keychain.recall(first.relative_to(tmp_path)) == KEY
    assert (keychain.SERVICE, str(first.resolve())) in memory.passwords
    assert KEY not in {value.encode() for value in memory.passwords.values()}  # stored as text (base64), not raw bytes

    keychain.forget(first)
    assert keychain.recall(first) is None
    assert keychain.recall(second) == other_key
    keychain.forget(first)  # forgetting twice is fine


def test_no_keyring_on_this_machine_says_why_and_keeps_nothing(tmp_path, use_keyring):
    use_keyring(fail.Keyring())
    usable, reason = keychain.available()
    assert not usable
    assert "no keyring service" in reason and "ask for the passphrase each time" in reason
    assert not keychain.remember(tmp_path / "practice.db", KEY)
    assert keychain.recall(tmp_path / "practice.db") is None
    keychain.forget(tmp_path / "practice.db")


def test_a_keyring_of_priority_zero_is_not_used(tmp_path, use_keyring, memory_keyring):
    class Unsure(type(memory_keyring)):
        priority = 0

    use_keyring(Unsure())
    assert keychain.available()[0] is False
    assert not keychain.remember(tmp_path / "practice.db", KEY)


def test_a_failing_keyring_is_logged_without_the_key_and_treated_as_empty(tmp_path, use_keyring, caplog):
    use_keyring(BrokenKeyring())
    path = tmp_path / "practice.db"
    with caplog.at_level(logging.DEBUG, logger="couplecanvas.storage.keychain"):
        assert not keychain.remember(path, KEY)
        assert keychain.recall(path) is None
        keychain.forget(path)
    assert "practice.db" in caplog.text and "KeyringError" in caplog.text
    import base64

    assert base64.b64encode(KEY).decode() not in caplog.text
    assert "wallet" not in caplog.text  # the backend's own words are not repeated (they might hold anything)


def test_something_unreadable_in_the_keyring_is_ignored(tmp_path, use_keyring, memory_keyring):
    memory = memory_keyring
    path = tmp_path / "practice.db"
    memory.set_password(keychain.SERVICE, str(path.resolve()), "not base64 at all!")
    assert keychain.recall(path) is None
