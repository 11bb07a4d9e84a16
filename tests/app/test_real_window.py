"""The app in a real X window under Xvfb, with the sample couple, grabbed from outside like a screenshot."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import ImageGrab

from couplecanvas.domain.sample import build_sample
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository

pytestmark = pytest.mark.xvfb


def _free_display() -> int:
    for number in range(140, 400):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise RuntimeError("no free X display number")


@pytest.fixture
def xvfb_display():
    """A private Xvfb screen; skipped where Xvfb is missing (run-tests installs it on Debian/Ubuntu as root)."""
    binary = shutil.which("Xvfb")
    if binary is None:
        pytest.skip("Xvfb is not installed")
    number = _free_display()
    server = subprocess.Popen(
        [binary, f":{number}", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            pytest.fail("Xvfb did not start")
        time.sleep(0.05)
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def test_the_sample_board_in_a_real_window(xvfb_display, tmp_path, _private_data_dir):
    repository = Repository(open_database(f"sqlite:///{_private_data_dir / 'couplecanvas.db'}"))
    repository.add_sample(build_sample())
    repository.database.dispose()

    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb", COUPLECANVAS_STARTUP_PROBE="20000")
    app = subprocess.Popen(
        [sys.executable, "-m", "couplecanvas"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        lines = []
        for line in app.stdout:
            lines.append(line)
            if line.startswith("ready"):
                break
        assert any(line.startswith("first-paint") for line in lines), (lines, app.stderr.read() if app.poll() else "")
        assert any(line.startswith("ready") for line in lines)
        time.sleep(1.0)  # let the board paint after the data arrived
        shot = ImageGrab.grab(xdisplay=xvfb_display).convert("RGB")
    finally:
        app.terminate()
        app.communicate(timeout=10)
    shot.save(tmp_path / "screen.png")

    colours = shot.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50, "the screen looks blank"
    counts = {colour: count for count, colour in colours}
    partner_a_card = (0xDB, 0xE8, 0xF7)
    partner_b_card = (0xF9, 0xE0, 0xCC)
    assert counts.get(partner_a_card, 0) > 2000, "no card of the first partner on screen"
    assert counts.get(partner_b_card, 0) > 2000, "no card of the second partner on screen"


def test_the_share_window_in_a_real_window_shows_the_board_with_aliases(xvfb_display, tmp_path, _private_data_dir):
    repository = Repository(open_database(f"sqlite:///{_private_data_dir / 'couplecanvas.db'}"))
    couple, _session = repository.add_sample(build_sample())
    couple = repository.get_couple(couple.id)
    couple.partner_a.alias, couple.partner_b.alias = "Sun", "Moon"
    repository.update_couple(couple)
    repository.close()

    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb", COUPLECANVAS_STARTUP_PROBE="20000")
    app = subprocess.Popen([sys.executable, "-m", "couplecanvas", "--share-window"], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        place = None
        for line in app.stdout:
            if line.startswith("share-window"):
                place = [int(n) for n in line.split()[1:]]
                break
        assert place is not None, app.stderr.read() if app.poll() is not None else "no share window"
        time.sleep(1.5)  # let it paint the board
        x, y, width, height = place
        shot = ImageGrab.grab(xdisplay=xvfb_display).convert("RGB").crop((x, y, x + width, y + height))
    finally:
        app.terminate()
        app.communicate(timeout=10)
    shot.save(tmp_path / "share-window.png")
    assert (width, height) == (1280, 720)  # a size video calls send without shrinking
    counts = {colour: count for count, colour in shot.getcolors(maxcolors=1 << 20)}
    assert counts.get((0xDB, 0xE8, 0xF7), 0) > 2000, "no card of the first partner in the share window"
    assert counts.get((0xF9, 0xE0, 0xCC), 0) > 2000, "no card of the second partner in the share window"
    highlight = sum(count for colour, count in counts.items() if colour[2] > 150 and colour[0] < 80)
    assert highlight < 0.02 * width * height  # no selected row of a list (there is none in this window)
