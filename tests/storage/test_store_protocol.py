"""The Store protocol: the Repository fulfils it to the letter, and it holds exactly what the app calls."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from couplecanvas.storage.repository import Repository
from couplecanvas.storage.store import Store

SOURCE = Path(__file__).resolve().parents[2] / "src" / "couplecanvas"

def _members(cls: type) -> list[str]:
    return sorted(name for name, value in vars(cls).items() if callable(value) and not name.startswith("_"))


def _called_by_the_app() -> set[str]:
    """Every method the ui, app and document layers call on a repository (or on the document's saver)."""
    called: set[str] = set()
    for layer in ("ui", "app", "document"):
        for path in (SOURCE / layer).rglob("*.py"):
            called.update(re.findall(r"(?:repository|saver)\.(\w+)\(", path.read_text(encoding="utf-8")))
    return called


STORE_MEMBERS = _members(Store)


def test_the_scans_find_what_they_look_for():
    assert {"load_board", "save_board_changes", "list_couples"} <= set(STORE_MEMBERS) & _called_by_the_app()


@pytest.mark.parametrize("name", STORE_MEMBERS)
def test_the_repository_has_each_member_with_the_same_signature_and_types(name):
    wanted, found = getattr(Store, name), getattr(Repository, name, None)
    assert callable(found), f"Repository has no {name}()"
    assert inspect.signature(found).parameters.keys() == inspect.signature(wanted).parameters.keys()
    for mine, theirs in zip(inspect.signature(found).parameters.values(),
                            inspect.signature(wanted).parameters.values()):
        assert (mine.kind, mine.default) == (theirs.kind, theirs.default), f"{name}({mine.name})"
    assert typing.get_type_hints(found) == typing.get_type_hints(wanted), name
    assert inspect.getdoc(wanted), f"Store.{name} has no docstring"


@pytest.mark.parametrize("name", STORE_MEMBERS)
def test_each_member_is_fully_typed(name):
    signature = inspect.signature(getattr(Store, name))
    hints = typing.get_type_hints(getattr(Store, name))
    assert "return" in hints
    assert all(parameter in hints for parameter in signature.parameters if parameter != "self"), name


def test_the_store_holds_what_the_app_calls_and_nothing_more():
    called = _called_by_the_app()
    unused = {name for name in STORE_MEMBERS if name not in called}
    assert unused == set()


def test_the_app_calls_no_repository_method_outside_the_store():
    called = _called_by_the_app()
    outside = {name for name in _members(Repository) if name in called and name not in STORE_MEMBERS}
    assert outside == set()


def test_the_store_module_does_not_load_sqlalchemy():
    """The UI may name the Store type; that must not pull the database layer into the UI."""
    code = "import sys, couplecanvas.storage.store; print('sqlalchemy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
