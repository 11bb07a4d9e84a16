"""The Graphics View projection of a board: items that paint, a scene that mirrors the document, a view.

`BoardScene` and `BoardView` load on first use, so importing a small canvas module stays cheap at start-up."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["BoardScene", "BoardView"]

if TYPE_CHECKING:
    from couplecanvas.canvas.scene import BoardScene
    from couplecanvas.canvas.view import BoardView


def __getattr__(name: str) -> Any:
    if name == "BoardScene":
        from couplecanvas.canvas.scene import BoardScene

        return BoardScene
    if name == "BoardView":
        from couplecanvas.canvas.view import BoardView

        return BoardView
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
