"""Test-wide set-up: Qt runs offscreen, and every test gets its own data folder."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):
    """Point the app's data folder (database, settings, log) at a fresh temporary folder."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("COUPLECANVAS_DATA_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def _umask_as_it_was():
    """The app's entry point tightens the process's umask (0077); a test that calls it leaves the next test as it found
    it."""
    before = os.umask(0o022)
    os.umask(before)
    yield
    os.umask(before)


@pytest.fixture
def database_url(tmp_path) -> str:
    """A real SQLite file in the test's own folder."""
    return f"sqlite:///{tmp_path / 'couplecanvas.db'}"


@pytest.fixture(scope="session", autouse=True)
def _empty_clipboard_at_the_end():
    """Empty the clipboard before Qt shuts down: PySide6 6.11 crashes at exit while the clipboard holds a QMimeData."""
    yield
    if "PySide6.QtWidgets" in sys.modules:  # domain, storage and export runs never load Qt
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            app.clipboard().clear()


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that keeps its passwords in a dict (one per test)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.passwords.get((service, username))

    def set_password(self, service, username, password):
        self.passwords[(service, username)] = password

    def delete_password(self, service, username):
        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError("not there")


@pytest.fixture
def use_keyring():
    """Choose this test's keyring: none at first (this machine's own fail backend: no keyring service) until the test
    sets one with the function given; the keyring before the test is put back afterwards."""
    import keyring
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield keyring.set_keyring
    keyring.set_keyring(before)


@pytest.fixture
def memory_keyring(use_keyring) -> MemoryKeyring:
    """A keyring holding its passwords in memory, in use for this test."""
    memory = MemoryKeyring()
    use_keyring(memory)
    return memory
