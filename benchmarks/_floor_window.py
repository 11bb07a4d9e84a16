"""The raw floor for start-up: bare PySide6, an empty QMainWindow shown, nothing of Couple Canvas imported.

Prints `first-paint <time.monotonic()>` on the window's first Paint event, like the app's start-up probe, then quits
(at once, or after `--hold-ms` so a memory reading can be taken). Run by benchmarks/startup.py.
"""

from __future__ import annotations

import sys
import time

import PySide6.QtWidgets  # noqa: F401  (the import is part of what the floor measures)
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

# The app's default window size, so both paint the same area.
WIDTH, HEIGHT = 1440, 900


class FloorWindow(QMainWindow):
    """An empty main window that reports its first paint."""

    def __init__(self, hold_ms: int) -> None:
        super().__init__()
        self._painted = False
        self._hold_ms = hold_ms

    def event(self, event: QEvent) -> bool:
        result = super().event(event)
        if not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            print(f"first-paint {time.monotonic():.6f}", flush=True)
            QTimer.singleShot(self._hold_ms, QApplication.quit)
        return result


def main(argv: list[str]) -> int:
    hold_ms = 0
    if len(argv) == 2 and argv[0] == "--hold-ms" and argv[1].isdigit():
        hold_ms = int(argv[1])
    elif argv:
        sys.stderr.write("usage: _floor_window.py [--hold-ms MS]\n")
        return 2
    app = QApplication(sys.argv[:1])
    window = FloorWindow(hold_ms)
    window.resize(WIDTH, HEIGHT)
    window.show()
    # A safety net: never hang a benchmark if no Paint event ever arrives.
    QTimer.singleShot(hold_ms + 10_000, app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
