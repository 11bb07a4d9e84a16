"""Every file the app writes is its owner's alone: the data folder 0700 and each file in it 0600, under umask 022."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from couplecanvas.app.paths import make_private
from couplecanvas.domain.sample import build_sample
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository


def _modes(folder: Path) -> dict[str, int]:
    """Every path under the folder (and the folder itself) with its permission bits."""
    found = {".": stat.S_IMODE(folder.stat().st_mode)}
    for path in folder.rglob("*"):
        found[str(path.relative_to(folder))] = stat.S_IMODE(path.lstat().st_mode)
    return found


def test_the_app_started_under_umask_022_keeps_every_file_private(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    # What an older version left under a loose umask: a database, a log and a backup anyone could read.
    repository = Repository(open_database(f"sqlite:///{folder / 'couplecanvas.db'}"))
    repository.add_sample(build_sample())
    repository.close()
    (folder / "couplecanvas.log").write_text("an older log line\n", encoding="utf-8")
    (folder / "backups").mkdir(mode=0o755)
    for path in (folder / "couplecanvas.db", folder / "couplecanvas.log", folder / "backups"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)

    env = dict(
        os.environ, COUPLECANVAS_DATA_DIR=str(folder), COUPLECANVAS_STARTUP_PROBE="1500", QT_QPA_PLATFORM="offscreen"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys; os.umask(0o022); from couplecanvas.app.main import main; sys.exit(main([]))",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    modes = _modes(folder)
    assert "settings.ini" in modes and "couplecanvas.log" in modes
    assert any(name.startswith("backups/") for name in modes), modes  # the day's backup was made
    loose = {name: oct(mode) for name, mode in modes.items() if mode & 0o077}
    assert not loose, f"readable by others under umask 022: {loose}"
    assert modes["."] == 0o700 and modes["backups"] == 0o700


def test_a_cli_export_under_umask_022_writes_a_private_file(tmp_path):
    folder = tmp_path / "data"
    repository = Repository(open_database(f"sqlite:///{folder / 'couplecanvas.db'}"))
    couple, _session = repository.add_sample(build_sample())
    repository.close()
    target = tmp_path / "out" / "couple.couple"
    target.parent.mkdir()
    env = dict(os.environ, COUPLECANVAS_DATA_DIR=str(folder))
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys; os.umask(0o022); from couplecanvas.app.main import main; sys.exit(main())",
            "export-couple",
            "--couple",
            str(couple.id),
            "-o",
            str(target),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_make_private_never_follows_a_symlink_out_of_the_folder(tmp_path):
    outside = tmp_path / "someone-elses.txt"
    outside.write_text("not ours", encoding="utf-8")
    os.chmod(outside, 0o644)
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "link").symlink_to(outside)
    (folder / "notes.txt").write_text("ours", encoding="utf-8")
    os.chmod(folder / "notes.txt", 0o664)

    assert make_private(folder) == []
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644
    assert stat.S_IMODE((folder / "notes.txt").stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
