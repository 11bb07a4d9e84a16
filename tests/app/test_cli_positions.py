"""export-handout --positions / --no-positions, run for real in a subprocess with no display: who tends to pursue and
who tends to withdraw prints only when asked for, as with the preview's box."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from couplecanvas.domain.sample import build_sample
from couplecanvas.storage.database import open_database, sqlite_url
from couplecanvas.storage.repository import Repository


def _export(database: Path, session_id: int, output: Path, tmp_path: Path, *flags: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["COUPLECANVAS_DATA_DIR"] = str(tmp_path / "data")
    result = subprocess.run(
        [sys.executable, "-m", "couplecanvas", "--database", sqlite_url(database), "export-handout",
         "--session", str(session_id), "-o", str(output), *flags],
        env=env, cwd=tmp_path, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(output).pages)


def test_positions_print_only_with_the_flag(tmp_path) -> None:
    database = tmp_path / "practice.db"
    engine = open_database(sqlite_url(database))
    try:
        _, session = Repository(engine).add_sample(build_sample())  # Maya pursues, Jordan withdraws
    finally:
        engine.dispose()

    plain = _export(database, session.id, tmp_path / "plain.pdf", tmp_path)
    assert "Maya" in plain and "pursues" not in plain and "withdraws" not in plain
    shown = _export(database, session.id, tmp_path / "shown.pdf", tmp_path, "--positions")
    assert "Maya (pursues)" in shown and "Jordan (withdraws)" in shown
    again = _export(database, session.id, tmp_path / "again.pdf", tmp_path, "--positions", "--no-positions")
    assert "pursues" not in again
