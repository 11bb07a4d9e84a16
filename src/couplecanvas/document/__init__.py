"""The document layer: one board, its undo stack, its commands and its autosave (QtCore/QtGui only)."""

from couplecanvas.document.board_document import BoardDocument, BoardSaver

__all__ = ["BoardDocument", "BoardSaver"]
