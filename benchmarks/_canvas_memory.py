"""A clean process for the memory figure of benchmarks/canvas.py: open the big board once, paint it, report peak RSS.

    python benchmarks/_canvas_memory.py app|floor DB_PATH SESSION_ID

`app` opens it as Couple Canvas does (repository, document, scene, view, fonts installed); `floor` as the raw floor
(sqlite3 SELECT, bare scene and view). Prints `peak <kB> rss <kB>` from /proc/self/status (or getrusage's maxrss).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

import _canvas_scenes as scenes  # this folder is on sys.path when run as a script


def memory_kb() -> tuple[int | None, int | None]:
    """(peak, current) resident set size of this process in kB."""
    status = Path("/proc/self/status")
    if status.exists():
        values = {k: int(v) for k, v in re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status.read_text(), re.M)}
        return values.get("VmHWM"), values.get("VmRSS")
    try:
        import resource
    except ImportError:  # Windows
        return None, None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (peak // 1024 if sys.platform == "darwin" else peak), None


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in ("app", "floor") or not argv[2].isdigit():
        sys.stderr.write("usage: _canvas_memory.py app|floor DB_PATH SESSION_ID\n")
        return 2
    kind, db_path, session_id = argv[0], Path(argv[1]), int(argv[2])
    app = QApplication(sys.argv[:1])
    if kind == "app":
        from couplecanvas.storage.database import open_database, sqlite_url
        from couplecanvas.storage.repository import Repository
        from couplecanvas.ui.fonts import install_fonts

        install_fonts(app)
        repository = Repository(open_database(sqlite_url(db_path), backup=False))
        opened = scenes.open_app(repository, session_id)
    else:
        opened = scenes.open_floor(scenes.raw_connection(db_path), session_id)
    scenes.settle()
    if not opened.painted:
        sys.stderr.write("the view never painted\n")
        return 1
    peak, rss = memory_kb()
    print(f"peak {peak if peak is not None else -1} rss {rss if rss is not None else -1}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
