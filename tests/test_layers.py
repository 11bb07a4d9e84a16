"""A layer rule import-linter cannot state: the board document uses QtCore and QtGui only, never QtWidgets.

(import-linter cannot forbid a subpackage of an external package such as `PySide6.QtWidgets`; the other layer rules
are its contracts in pyproject.toml, run by ./run-tests.)
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "couplecanvas"
FORBIDDEN = "PySide6.QtWidgets"


def imported_modules(source: str) -> set[str]:
    """Every module an import statement in `source` names, anywhere in the file (`from a import b` gives a and a.b)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def widget_imports(package: Path) -> list[str]:
    """`file: module` for each import of QtWidgets (or a name inside it) in the package's modules."""
    return [
        f"{path.relative_to(package.parent)}: {module}"
        for path in sorted(package.rglob("*.py"))
        for module in sorted(imported_modules(path.read_text(encoding="utf-8")))
        if module == FORBIDDEN or module.startswith(FORBIDDEN + ".")
    ]


def test_the_scan_sees_every_way_of_importing_qtwidgets() -> None:
    for source in (
        "import PySide6.QtWidgets",
        "from PySide6 import QtWidgets",
        "from PySide6.QtWidgets import QWidget",
        "def later():\n    from PySide6.QtWidgets import QApplication\n",
    ):
        assert any(m == FORBIDDEN or m.startswith(FORBIDDEN + ".") for m in imported_modules(source)), source
    assert not {m for m in imported_modules("from PySide6.QtGui import QUndoStack") if m.startswith(FORBIDDEN)}


def test_the_document_imports_no_qtwidgets() -> None:
    document = SRC / "document"
    assert list(document.glob("*.py")), f"no modules found in {document}"
    assert widget_imports(document) == []
