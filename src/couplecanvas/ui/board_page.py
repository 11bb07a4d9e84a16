"""The centre of the window while a session is open: whose board it is, and the board itself."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from couplecanvas.canvas import BoardScene, BoardView
from couplecanvas.canvas.keys import main_key
from couplecanvas.canvas.scene import Tool
from couplecanvas.document import BoardDocument
from couplecanvas.ui.parts import set_bold


class BoardPage(QWidget):
    """A header with the couple's shown names and the session, over the board view."""

    story_requested = Signal()
    """The therapist wants to look back over this couple's earlier boards."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        header = QVBoxLayout()
        header.setContentsMargins(12, 6, 12, 4)
        header.setSpacing(0)
        self.title = QLabel()
        self.title.setObjectName("board_title")
        set_bold(self.title, larger=3)
        hint = self.tr("Double-click or {new}: new card · {tab}: connected card · {enter}: card below · select and "
                       "type to edit · {link}: connect · {pen}: pen · {laser}: laser · {sheet}: all keys")
        self.hint = QLabel(hint.format(
            new=main_key("new_card"), tab=main_key("connected_card"), enter=main_key("sibling_card"),
            link=main_key("connect"), pen=main_key("tool_pen"), laser=main_key("laser"), sheet=main_key("key_sheet")))
        self.hint.setStyleSheet("color: #6f6a5f;")
        self.hint.setWordWrap(True)  # a narrow window wraps the hint rather than growing
        header.addWidget(self.title)
        header.addWidget(self.hint)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 12, 0)
        top.addLayout(header, 1)
        self.story_button = QPushButton(self.tr("Story over time"))
        self.story_button.setObjectName("story_button")
        self.story_button.setToolTip(self.tr("Look back over this couple's boards, session by session (Ctrl+Shift+Y)"))
        self.story_button.setMinimumHeight(34)
        self.story_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay on the board
        self.story_button.clicked.connect(self.story_requested)
        top.addWidget(self.story_button)
        layout.addLayout(top)
        self.view = BoardView()
        self.view.setObjectName("board_view")
        layout.addWidget(self.view)
        self.document: BoardDocument | None = None
        self.scene: BoardScene | None = None

    def show_scene(self, scene: BoardScene) -> None:
        """Show the open session's scene (the session controller owns it; a share window may show it too)."""
        self.scene = scene
        self.document = scene.document
        self.view.setScene(scene)
        self.view.fit_to_content()
        # Fit again once the layout has given the view its real size.
        QTimer.singleShot(0, self.view.fit_to_content)

    def set_title(self, text: str) -> None:
        """The header: whose board it is and which session, as this screen may show them."""
        self.title.setText(text)

    def clear(self) -> None:
        """Let go of the scene (it is the session controller's to delete)."""
        self.view.setScene(None)
        self.view.screen_words = None
        self.document = None
        self.scene = None

    def set_connect_tool(self, on: bool) -> None:
        if self.scene is not None:
            self.scene.set_tool(Tool.CONNECT if on else Tool.SELECT)
