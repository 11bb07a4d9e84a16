"""The wheel a packager would ship: built once from a copy of the project's files, checked for what it must carry, then
installed with the hashed runtime lock into a clean virtualenv (no system site-packages, nothing of .venv on PATH or
PYTHONPATH) whose `couplecanvas --self-test` must pass from a folder outside the repository.

Slow the first time on a machine (pip downloads the runtime packages; later runs take them from pip's cache):
skip it locally with -m 'not wheel'. CI always runs it.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

pytestmark = pytest.mark.wheel

ROOT = Path(__file__).resolve().parents[2]
# What setuptools reads to build the wheel. Copied, so the build leaves no build/ or egg-info in the working tree and
# nothing outside these files can slip into the wheel.
BUILD_INPUTS = ("pyproject.toml", "README.md", "LICENSE", "src", "resources")
BIN = "Scripts" if sys.platform == "win32" else "bin"
EXE = ".exe" if sys.platform == "win32" else ""


def _run(command: list[str | Path], **kwargs) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True, timeout=900, **kwargs)
    assert result.returncode == 0, (
        f"{' '.join(map(str, command))} exited {result.returncode}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    )
    return result


def _outside_env(**extra: str) -> dict[str, str]:
    """This process's environment less everything that could lead back to the repo's .venv or source folder."""
    venv_bin = str(ROOT / ".venv" / BIN)
    env = {key: value for key, value in os.environ.items()
           if key not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP", "PYTHONUSERBASE"}}
    env["PATH"] = os.pathsep.join(
        part for part in env.get("PATH", os.defpath).split(os.pathsep)
        if part and os.path.realpath(part) != os.path.realpath(venv_bin))
    env["PYTHONNOUSERSITE"] = "1"
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The project's wheel, built once without isolation by this interpreter's setuptools (bootstrap.sh installs the
    one pinned in requirements/build.lock), so the build fetches nothing."""
    from importlib.metadata import version

    from packaging.version import Version

    found = Version(version("setuptools"))
    assert found >= Version("77"), f"setuptools {found} here cannot build the wheel: run scripts/bootstrap.sh test"
    source = tmp_path_factory.mktemp("wheel-source")
    for name in BUILD_INPUTS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
        else:
            shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
          "--wheel-dir", out, source])
    (built,) = out.glob("couplecanvas-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A clean virtualenv with requirements/app.lock (every file checked against its hash) and the wheel."""
    venv = tmp_path_factory.mktemp("wheel-venv") / "venv"
    env = _outside_env()  # the real HOME: pip's cache makes the install fast after the first run
    _run([getattr(sys, "_base_executable", sys.executable), "-m", "venv", venv], env=env)
    python = venv / BIN / f"python{EXE}"
    _run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--require-hashes",
          "-r", ROOT / "requirements" / "app.lock"], env=env, cwd=venv)
    _run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "--no-index",
          wheel], env=env, cwd=venv)
    return venv


def _wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def _dist_info_file(wheel: Path, name: str) -> str:
    with zipfile.ZipFile(wheel) as archive:
        (path,) = [item for item in archive.namelist() if item.split("/")[0].endswith(".dist-info")
                   and item.split("/", 1)[1] == name]
        return archive.read(path).decode("utf-8")


def test_the_wheel_carries_the_resources_fonts_and_migrations(wheel):
    names = _wheel_names(wheel)
    wanted = {f"couplecanvas/resources/{path.relative_to(ROOT / 'resources').as_posix()}"
              for pattern in ("*.toml", "fonts/*") for path in (ROOT / "resources").glob(pattern)}
    wanted |= {f"couplecanvas/resources/{sub}/{path.name}"
               for sub in ("homework", "templates") for path in (ROOT / "resources" / sub).glob("*.toml")}
    versions = ROOT / "src" / "couplecanvas" / "storage" / "migrations" / "versions"
    wanted |= {f"couplecanvas/storage/migrations/versions/{path.name}" for path in versions.glob("*.py")}
    wanted |= {"couplecanvas/storage/migrations/env.py", "couplecanvas/storage/migrations/script.py.mako"}
    assert any(name.endswith(".ttf") for name in wanted)
    assert any("/templates/" in name for name in wanted) and any("/homework/" in name for name in wanted)
    assert sum("/versions/0" in name for name in wanted) >= 7
    assert not wanted - names, f"missing from the wheel: {sorted(wanted - names)}"
    assert not [name for name in names if name.startswith(("tests/", "benchmarks/", "installer/"))]


def test_the_wheel_declares_its_licence_entry_points_and_dependencies(wheel):
    assert _dist_info_file(wheel, "licenses/LICENSE") == (ROOT / "LICENSE").read_text(encoding="utf-8")
    metadata = Parser().parsestr(_dist_info_file(wheel, "METADATA"))
    assert metadata["License-Expression"] == "LicenseRef-Proprietary"
    assert metadata["License-File"] == "LICENSE"
    assert any(dependency.lower().startswith("pillow") for dependency in metadata.get_all("Requires-Dist"))
    entry_points = configparser.ConfigParser()
    entry_points.read_string(_dist_info_file(wheel, "entry_points.txt"))
    assert dict(entry_points["console_scripts"]) == {"couplecanvas": "couplecanvas.app.main:main"}
    assert dict(entry_points["gui_scripts"]) == {"couplecanvas-app": "couplecanvas.app.main:main"}


def test_the_installed_wheel_passes_its_self_test_outside_the_repo(installed, tmp_path):
    work, home, data = tmp_path / "work", tmp_path / "home", tmp_path / "data"
    for folder in (work, home, data):
        folder.mkdir()
    env = _outside_env(HOME=str(home), COUPLECANVAS_DATA_DIR=str(data))
    scripts = installed / BIN

    located = _run([scripts / f"python{EXE}", "-c", "import couplecanvas; print(couplecanvas.__file__)"],
                   env=env, cwd=work)
    assert Path(located.stdout.strip()).is_relative_to(installed), located.stdout  # the wheel, not the repo's src/
    assert (scripts / f"couplecanvas-app{EXE}").is_file()

    result = _run([scripts / f"couplecanvas{EXE}", "--self-test"], env=env, cwd=work)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Couple Canvas ") and "python package" in lines[0], lines[0]
    checks = lines[1:-1]
    assert len(checks) >= 8 and all(line.startswith("ok   ") for line in checks), result.stdout
    for name in ("resources", "fonts", "database", "handout text", "handout page drawn offscreen"):
        assert any(line.startswith(f"ok   {name}") for line in checks), f"no passing {name!r} check:\n{result.stdout}"
    assert lines[-1].startswith("all checks passed"), result.stdout
    assert list(work.iterdir()) == []  # the self-test leaves the working folder as it found it
