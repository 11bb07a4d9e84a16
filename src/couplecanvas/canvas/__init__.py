"""The Graphics View projection of a board: items that paint, a scene that mirrors the document, a view."""

from couplecanvas.canvas.scene import BoardScene
from couplecanvas.canvas.view import BoardView

__all__ = ["BoardScene", "BoardView"]
