"""The Linux bundle: installer/build.sh builds it once per test run (PyInstaller, then the tar.gz), and its own
`couplecanvas --self-test` must pass in a clean environment: PATH=/usr/bin:/bin, a temporary HOME and data folder, no
VIRTUAL_ENV or PYTHONPATH, nothing of .venv anywhere, started from a folder outside the repository. A copy of the
bundle with a font taken out must fail the self-test with a line naming the font.

Slow (a PyInstaller build, about a minute; its cache in ~/.cache/pyinstaller makes later builds quicker): skip it
locally with -m 'not bundle'. CI always runs it.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

import couplecanvas

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the bundle built and run here is the Linux one"),
]

ROOT = Path(__file__).resolve().parents[2]
FONT = "DejaVuSans.ttf"


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The folder installer/build.sh built into: couplecanvas/ and the tar.gz."""
    folder = tmp_path_factory.mktemp("dist")
    work = tmp_path_factory.mktemp("pyinstaller-work")
    env = dict(os.environ, PYTHON=sys.executable)
    result = subprocess.run(["bash", str(ROOT / "installer" / "build.sh"), "--dist", str(folder), "--work", str(work)],
                            capture_output=True, text=True, timeout=900, env=env, cwd=ROOT)
    assert result.returncode == 0, (
        f"build.sh exited {result.returncode}\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}"
    )
    assert (folder / "couplecanvas" / "couplecanvas").is_file(), result.stdout[-3000:]
    return folder


def _clean_env(home: Path) -> dict[str, str]:
    """Only what a desktop session would give: no Python variables, no .venv, a HOME of its own."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "COUPLECANVAS_DATA_DIR": str(home / "data"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }


def _self_test(bundle: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    home = tmp_path / "home"
    home.mkdir()
    elsewhere = tmp_path / "elsewhere"  # the working folder: outside the repository
    elsewhere.mkdir()
    return subprocess.run([str(bundle / "couplecanvas"), "--self-test"], capture_output=True, text=True, timeout=120,
                          env=_clean_env(home), cwd=elsewhere)


def test_the_bundle_passes_its_self_test_in_a_clean_environment(dist, tmp_path):
    result = _self_test(dist / "couplecanvas", tmp_path)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert lines[0].startswith(f"Couple Canvas {couplecanvas.__version__} self-test (bundle,"), lines[0]
    assert lines[-1].startswith("all checks passed"), lines[-1]
    checks = lines[1:-1]
    assert [line for line in checks if not line.startswith("ok   ")] == []
    names = {line[5:].partition(":")[0] for line in checks}
    assert {"fonts", "database", "encryption", "keyring", "sample board", "handout", "handout text",
            "handout page drawn offscreen", "board drawn offscreen"} <= names
    assert "migrated to 0007" in result.stdout
    # The self-test works in a temporary folder of its own: the data folder it was given stays unmade.
    assert not (tmp_path / "home" / "data").exists()


def test_a_bundle_without_its_font_fails_the_self_test_naming_the_font(dist, tmp_path):
    broken = tmp_path / "broken"
    # Hard links: a cheap copy, and deleting a name from the copy leaves the built bundle whole.
    shutil.copytree(dist / "couplecanvas", broken, symlinks=True, copy_function=os.link)
    font = broken / "_internal" / "couplecanvas" / "resources" / "fonts" / FONT
    font.unlink()
    result = _self_test(broken, tmp_path)
    lines = result.stdout.splitlines()
    assert result.returncode == 1, result.stdout + result.stderr
    failed = [line for line in lines if line.startswith("FAIL ")]
    assert any(line.startswith(f"FAIL fonts: {FONT} missing from ") and str(font.parent) in line for line in failed), (
        lines
    )
    assert any(line.startswith("FAIL handout") for line in failed), lines
    assert lines[-1].startswith(f"{len(failed)} checks failed"), lines[-1]
    assert "Traceback" not in result.stdout + result.stderr
    assert (dist / "couplecanvas" / "_internal" / "couplecanvas" / "resources" / "fonts" / FONT).is_file()


def test_the_linux_archive_holds_the_bundle_the_desktop_file_and_the_icons(dist):
    archive = dist / f"couplecanvas-{couplecanvas.__version__}-linux-x86_64.tar.gz"
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        desktop_text = tar.extractfile("couplecanvas/share/applications/couplecanvas.desktop").read().decode()
        mode = tar.getmember("couplecanvas/couplecanvas").mode
    assert {"couplecanvas/couplecanvas", "couplecanvas/install.sh",
            "couplecanvas/_internal/couplecanvas/resources/fonts/DejaVuSans.ttf"} <= names
    assert mode & 0o111, "the executable lost its x bit in the archive"
    if (ROOT / "installer" / "make_icons.py").exists():
        for size in (16, 32, 48, 64, 128, 256):
            assert f"couplecanvas/share/icons/hicolor/{size}x{size}/apps/couplecanvas.png" in names
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str
    desktop.read_string(desktop_text)
    entry = desktop["Desktop Entry"]
    assert entry["Name"] == "Couple Canvas"
    assert entry["Exec"].split()[0] == "couplecanvas"
    assert entry["Icon"] == "couplecanvas"
    assert entry["Categories"] == "Office;MedicalSoftware;"


def test_the_bundle_leaves_out_the_qt_modules_it_does_not_use(dist):
    qt_lib = dist / "couplecanvas" / "_internal" / "PySide6" / "Qt" / "lib"
    present = {path.name.split(".so")[0] for path in qt_lib.iterdir()}
    assert {"libQt6Core", "libQt6Gui", "libQt6Widgets", "libQt6Svg", "libQt6PrintSupport"} <= present
    assert not {"libQt6Qml", "libQt6Quick", "libQt6Network", "libQt6Pdf", "libQt6Designer"} & present


def test_every_library_in_the_bundle_finds_what_it_needs(dist):
    """Trimming left no library or plugin without a library it links to (ldd: 'not found'). CUPS's own library is
    the system's by design (the spec leaves it out): where CUPS is not installed there are no printers to reach."""
    internal = dist / "couplecanvas" / "_internal"
    env = {"PATH": "/usr/bin:/bin", "LD_LIBRARY_PATH": f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}"}
    missing = []
    for path in sorted(internal.rglob("*.so*")):
        if path.is_symlink() or not path.is_file():
            continue
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env).stdout
        missing += [f"{path.relative_to(internal)}: {line.strip()}" for line in out.splitlines()
                    if "not found" in line and not line.strip().startswith("libcups.so.")]
    assert missing == []
