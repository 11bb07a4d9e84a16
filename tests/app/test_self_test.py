"""`couplecanvas --self-test` from this (editable) install: every check passes, and the data folder is not touched."""

from __future__ import annotations

import os
import subprocess
import sys

import couplecanvas


def test_the_self_test_passes_from_the_editable_install(tmp_path):
    data = tmp_path / "data"
    env = dict(os.environ, COUPLECANVAS_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-m", "couplecanvas", "--self-test"], capture_output=True, text=True,
                            timeout=120, env=env, cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert lines[0].startswith(f"Couple Canvas {couplecanvas.__version__} self-test (python package,")
    assert lines[-1].startswith("all checks passed")
    assert all(line.startswith("ok   ") for line in lines[1:-1]), lines
    assert len(lines) >= 12
    assert any(line.startswith("ok   handout text: ") for line in lines)
    assert not data.exists()


def test_a_failed_check_names_what_failed_and_the_others_still_run(tmp_path):
    """A copy of the package (found before the editable install, through PYTHONPATH) whose homework folder holds a
    file that is not TOML: the resources line names it, the checks that need resources say why they did not run, the
    rest still run."""
    import shutil

    package = tmp_path / "site" / "couplecanvas"
    source = os.path.dirname(couplecanvas.__file__)
    shutil.copytree(source, package, ignore=shutil.ignore_patterns("__pycache__"))
    from importlib import resources

    shutil.copytree(str(resources.files("couplecanvas.resources")), package / "resources",
                    ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
    (package / "resources" / "homework" / "zz-broken.toml").write_text("title = \n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(package.parent), COUPLECANVAS_DATA_DIR=str(tmp_path / "data"),
               QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-m", "couplecanvas", "--self-test"], capture_output=True, text=True,
                            timeout=120, env=env, cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert result.returncode == 1, result.stdout + result.stderr
    assert "(python package," in lines[0]
    resources_line = next(line for line in lines if line.startswith(("ok   resources", "FAIL resources")))
    assert resources_line.startswith("FAIL resources: ") and "zz-broken.toml" in resources_line, resources_line
    assert "FAIL sample board: not run: resources failed" in lines
    assert any(line.startswith("ok   database: migrated to ") for line in lines)
    assert "Traceback" not in result.stdout + result.stderr
