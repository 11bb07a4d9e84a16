"""A board view on a real document, for gesture tests."""

from __future__ import annotations

import pytest

from couplecanvas.canvas import BoardScene, BoardView
from couplecanvas.document import BoardDocument
from couplecanvas.domain.board import Board


@pytest.fixture
def board_view(qtbot):
    """make(board) -> a shown, focused BoardView whose scene mirrors a BoardDocument on `board`."""

    def make(board: Board | None = None) -> BoardView:
        document = BoardDocument(board or Board())
        scene = BoardScene(document)
        view = BoardView()
        view.setScene(scene)
        view.resize(1200, 800)
        qtbot.addWidget(view)
        view.show()
        qtbot.waitExposed(view)
        view.windowHandle().requestActivate()
        qtbot.waitUntil(view.isActiveWindow, timeout=2000)
        view.setFocus()
        view.resetTransform()
        view.centerOn(500, 300)
        return view

    return make
