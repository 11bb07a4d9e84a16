"""Fixtures that build real main windows on a real SQLite file."""

from __future__ import annotations

import pytest

from couplecanvas.app.settings import Settings
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository
from couplecanvas.ui.main_window import MainWindow


@pytest.fixture
def make_window(qtbot, database_url, tmp_path):
    """Build a loaded MainWindow on the test's database; call again for a 'relaunch' on the same file."""
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        settings = Settings(tmp_path / "settings.ini")
        window = MainWindow(settings, lambda: Repository(open_database(database_url)))
        qtbot.addWidget(window)
        window.resize(1400, 900)
        window.show()
        qtbot.waitExposed(window)
        # The offscreen platform activates a window only when asked; shortcuts need an active window.
        window.windowHandle().requestActivate()
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)
        window.load()
        windows.append(window)
        return window

    yield make
    for window in windows:
        if window.repository is not None:
            window.close()
