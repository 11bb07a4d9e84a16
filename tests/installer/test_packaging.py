"""The packaging holds together, read from the files alone (no build, no network): every third-party package that
src/ imports is declared in pyproject.toml, the locks pin every package with hashes and within pyproject's ranges, and
the build backend's floor is the first setuptools that reads the SPDX licence."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LOCKS = ROOT / "requirements"
SETUPTOOLS_FLOOR = Version("77")  # the first setuptools that accepts `license = "<SPDX expression>"` and license-files


def _requirements(specs: list[str]) -> dict[str, Requirement]:
    return {canonicalize_name(req.name): req for req in map(Requirement, specs)}


RUNTIME = _requirements(PYPROJECT["project"]["dependencies"])
TEST = _requirements(PYPROJECT["project"]["optional-dependencies"]["test"])
BUILD = _requirements(PYPROJECT["build-system"]["requires"])


def _lock_entries(name: str) -> list[str]:
    """The requirement entries of a lock, each with its continuation lines joined (comments dropped)."""
    text = (LOCKS / name).read_text(encoding="utf-8")
    lines = [line.split(" #", 1)[0].rstrip() for line in text.splitlines() if not line.lstrip().startswith("#")]
    return [entry.strip() for entry in re.sub(r"\\\n", " ", "\n".join(lines)).splitlines() if entry.strip()]


def _pins(name: str) -> dict[str, list[Version]]:
    """Every `name==version` pin of a lock (a universal lock may pin one package twice, under exclusive markers)."""
    pins: dict[str, list[Version]] = {}
    for entry in _lock_entries(name):
        match = re.match(r"([A-Za-z0-9._-]+)==([^\s;]+)", entry)
        assert match, f"{name}: not an exact pin: {entry[:80]}"
        pins.setdefault(canonicalize_name(match[1]), []).append(Version(match[2]))
    return pins


def _third_party_imports() -> dict[str, list[str]]:
    """Top-level names imported by src/ that are neither the standard library nor the package: name -> files."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "src").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.partition(".")[0]
                if top not in sys.stdlib_module_names and top != "couplecanvas":
                    found.setdefault(top, []).append(str(path.relative_to(ROOT)))
    return found


def test_every_third_party_import_in_src_is_a_declared_runtime_dependency():
    module_to_dists = packages_distributions()
    imports = _third_party_imports()
    assert {"PySide6", "sqlalchemy", "reportlab", "PIL"} <= imports.keys()  # the scan sees the real imports
    undeclared = []
    for module, files in sorted(imports.items()):
        dists = {canonicalize_name(dist) for dist in module_to_dists.get(module, [])}
        assert dists, f"`import {module}` ({files[0]}) comes from no installed distribution"
        if not dists & RUNTIME.keys():
            undeclared.append(f"{module} (from {', '.join(sorted(dists))}; imported in {files[0]})")
    assert not undeclared, "imported by src/ but not in [project] dependencies: " + "; ".join(undeclared)


@pytest.mark.parametrize("lock", ["app.lock", "test.lock", "build.lock"])
def test_every_pin_of_each_lock_carries_hashes(lock):
    entries = _lock_entries(lock)
    assert entries
    for entry in entries:
        assert not entry.startswith(("-e", "-r", "--")), f"{lock}: {entry[:80]}"
        hashes = re.findall(r"--hash=sha256:([0-9a-f]+)", entry)
        assert hashes, f"{lock}: no hash for {entry.split()[0]}"
        assert all(len(digest) == 64 for digest in hashes), f"{lock}: a malformed hash for {entry.split()[0]}"


@pytest.mark.parametrize(
    ("lock", "declared"),
    [("app.lock", RUNTIME), ("test.lock", RUNTIME | TEST), ("build.lock", BUILD)],
    ids=["app", "test", "build"],
)
def test_each_lock_pins_every_declared_package_within_its_range(lock, declared):
    pins = _pins(lock)
    for name, requirement in declared.items():
        assert name in pins, f"{lock} has no pin for {requirement}: run scripts/lock.sh"
        for version in pins[name]:
            assert requirement.specifier.contains(version, prereleases=True), (
                f"{lock} pins {name}=={version}, outside pyproject.toml's {requirement}: run scripts/lock.sh"
            )


def test_the_test_lock_pins_the_app_lock_packages_alike():
    app, test = _pins("app.lock"), _pins("test.lock")
    assert {name: app[name] for name in app} == {name: test.get(name) for name in app}
    # and the build backend the editable install and the wheel test use is the one PyInstaller gets
    assert _pins("build.lock")["setuptools"] == test["setuptools"]


def test_the_build_backend_floor_reads_the_spdx_licence():
    setuptools = BUILD["setuptools"]
    assert PYPROJECT["build-system"]["build-backend"] == "setuptools.build_meta"
    assert isinstance(PYPROJECT["project"]["license"], str)  # an SPDX expression, which needs the floor below
    for older in ("61.0", "69.5.1", "76.1.0"):
        assert not setuptools.specifier.contains(older), f"{setuptools} allows setuptools {older}"
    assert setuptools.specifier.contains(str(SETUPTOOLS_FLOOR))
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"] and (ROOT / "LICENSE").is_file()


def test_the_command_line_has_a_console_script_beside_the_gui_one():
    console, gui = PYPROJECT["project"]["scripts"], PYPROJECT["project"]["gui-scripts"]
    assert console["couplecanvas"] == gui["couplecanvas-app"] == "couplecanvas.app.main:main"
