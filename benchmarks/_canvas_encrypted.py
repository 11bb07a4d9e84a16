"""Figure 9 of benchmarks/canvas.py: the 2,000-card board opened and one edit saved, encrypted (SQLCipher) vs plain.

    .venv/bin/python benchmarks/_canvas_encrypted.py [--quick]    (this figure alone: builds the board, then measures)

Both files hold the same board: the plain one as written, the encrypted one converted from a copy of it with
`cipher.encrypt_database`. Open = `open_database` (header, integrity quick_check, schema revision: every page read, so
every page decrypted), a Repository, and figure 1's `open_app` (load_board, document, scene, view shown and painted),
with the data key given as from the keyring (no scrypt). Edit = `set_card_text` + `flush` (one short transaction,
WAL, synchronous=FULL). Plain and encrypted runs alternate (which goes first alternates too), after one warm-up round
of each. Target: encrypted at most 1.3x plain, both figures.
"""

from __future__ import annotations

import contextlib
import gc
import sqlite3
import sys
import time
from pathlib import Path

import _canvas_scenes as scenes
from _report import median, ratio, spread
from couplecanvas.storage import cipher
from couplecanvas.storage.database import open_database, sqlite_url
from couplecanvas.storage.repository import Repository

ENCRYPTED_MAX_RATIO = 1.3


def _open(path: Path, key: bytes | None, session_id: int):
    """Open the database and the board as the app does; (repository, board, ms)."""
    t0 = time.perf_counter()
    repository = Repository(open_database(sqlite_url(path), backup=False, key=key))
    opened = scenes.open_app(repository, session_id)
    return repository, opened, (time.perf_counter() - t0) * 1e3


def _edits(opened, card_id: str, runs: int, tag: str) -> tuple[list[float], bool]:
    original = opened.document.board.cards[card_id].text
    times, saved = [], True
    for i in range(runs):
        t0 = time.perf_counter()
        opened.document.set_card_text(card_id, f"{original[:60]} ({tag} edit {i + 1})")
        saved &= opened.document.flush()
        times.append((time.perf_counter() - t0) * 1e3)
        scenes.settle(1)
    return times, saved


def measure_encrypted(plain: Path, session_id: int, card_id: str, open_runs: int, edit_runs: int) -> dict:
    """Interleaved plain/encrypted opens and edits; the figures, and whether everything opened, painted and saved."""
    encrypted = plain.with_name("encrypted.db")
    # A consistent copy even while other connections hold part of the board in the WAL (the backup API).
    with contextlib.closing(sqlite3.connect(plain)) as source, contextlib.closing(sqlite3.connect(encrypted)) as copy:
        source.backup(copy)
    t0 = time.perf_counter()
    key, _recovery = cipher.encrypt_database(encrypted, "benchmark passphrase")
    convert_s = time.perf_counter() - t0
    result: dict = {"open": {"plain": [], "encrypted": []}, "edit": {"plain": [], "encrypted": []}, "ok": True,
                    "convert_s": convert_s, "encrypted_on_disk": cipher.is_encrypted(encrypted),
                    "sizes_mb": (plain.stat().st_size / 1e6, encrypted.stat().st_size / 1e6)}
    for run in range(open_runs + 1):  # the first round warms both up (imports, caches) and is not counted
        order = (("plain", plain, None), ("encrypted", encrypted, key))
        for name, path, path_key in order if run % 2 else order[::-1]:
            gc.collect()
            repository, opened, elapsed = _open(path, path_key, session_id)
            result["ok"] &= opened.painted and len(opened.scene.card_items) == len(opened.document.board.cards)
            times, saved = _edits(opened, card_id, max(1, edit_runs // open_runs), name)
            if run:
                result["open"][name].append(elapsed)
                result["edit"][name] += times
            result["ok"] &= saved
            scenes.close_app(opened)
            repository.close()
            scenes.settle()
    return result


def report(result: dict, row) -> tuple[bool, str]:
    """Print figure 9's rows through `row` (canvas.py's Report.row); returns (target met, summary line)."""
    open_plain, open_enc = median(result["open"]["plain"]), median(result["open"]["encrypted"])
    edit_plain, edit_enc = median(result["edit"]["plain"]), median(result["edit"]["encrypted"])
    row("plain: open database + board, painted", f"{open_plain:.0f}", spread(result["open"]["plain"]))
    row("encrypted: open database + board, painted", f"{open_enc:.0f}", spread(result["open"]["encrypted"]),
        f"{open_plain:.0f}", ratio(open_enc, open_plain), f"<= {ENCRYPTED_MAX_RATIO:g}x")
    row("plain: one edit saved (set text + flush)", f"{edit_plain:.2f}", spread(result["edit"]["plain"], 2))
    row("encrypted: one edit saved", f"{edit_enc:.2f}", spread(result["edit"]["encrypted"], 2), f"{edit_plain:.2f}",
        ratio(edit_enc, edit_plain), f"<= {ENCRYPTED_MAX_RATIO:g}x")
    row("converting the plain file (encrypt_database)", f"{result['convert_s'] * 1e3:.0f}", "", "", "",
        f"(informational; {result['sizes_mb'][0]:.1f} MB plain, {result['sizes_mb'][1]:.1f} MB encrypted)")
    ok = (result["ok"] and result["encrypted_on_disk"] and open_enc / open_plain <= ENCRYPTED_MAX_RATIO
          and edit_enc / edit_plain <= ENCRYPTED_MAX_RATIO)
    line = (f"encrypt  open plain {open_plain:.0f} ms | encrypted {open_enc:.0f} ms ({ratio(open_enc, open_plain)}); "
            f"edit plain {edit_plain:.2f} ms | encrypted {edit_enc:.2f} ms ({ratio(edit_enc, edit_plain)}); "
            f"target <= {ENCRYPTED_MAX_RATIO:g}x both")
    return ok, line


def main(argv: list[str]) -> int:
    import os
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from couplecanvas.ui.fonts import install_fonts

    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_fonts(app)
    import canvas  # its build_board and Report (importing it runs nothing)

    with tempfile.TemporaryDirectory(prefix="couplecanvas-encrypted-bench-") as tmp:
        db_path = Path(tmp) / "couplecanvas.db"
        bench = canvas.build_board(db_path)
        quick = "--quick" in argv
        result = measure_encrypted(db_path, bench["session_id"], bench["edit_card_id"], 3 if quick else 5,
                                   10 if quick else 20)
        canvas.Report.header("9. encrypted at rest (ms, medians; plain and encrypted runs alternate)")
        ok, line = report(result, canvas.Report.row)
        print("\n" + line + f": {'meets target' if ok else 'MISSES target'}")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
