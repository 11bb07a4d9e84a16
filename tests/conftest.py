"""Test-wide set-up: Qt runs offscreen, and every test gets its own data folder."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


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
