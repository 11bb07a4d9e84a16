"""How the app looks: light, dark (or following the computer), high contrast, and large text for a shared screen.

One Appearance object owns the choice, keeps it in the settings, dresses the application (style, palette, font) and
tells the boards which BoardStyle to paint in. Nothing here is global: the choice lives in the object and the settings.
"""

from __future__ import annotations

import enum
import logging

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from couplecanvas.canvas import style
from couplecanvas.canvas.style import BoardStyle

log = logging.getLogger(__name__)

LARGE_TEXT_FACTOR = 1.25
"""How much larger the app's own words get with large text on."""


class Theme(str, enum.Enum):
    """The therapist's choice of theme, as kept in the settings."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"
    HIGH_CONTRAST = "high_contrast"


class Appearance(QObject):
    """The theme and large-text choice: kept in the settings, applied to the application, announced to the boards."""

    board_style_changed = Signal(object)
    """The boards should paint in another style (a canvas.style.BoardStyle): give it to every open scene."""
    theme_changed = Signal(str)
    """The theme in effect changed: "light", "dark" or "high_contrast" (System resolved to what the computer uses)."""
    large_text_changed = Signal(bool)
    """Large text was switched on (True) or off (False)."""

    def __init__(self, settings, app: QApplication | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._app = app or QApplication.instance()
        hints = QGuiApplication.styleHints()
        self._system_scheme = hints.colorScheme()
        hints.colorSchemeChanged.connect(self._on_color_scheme_changed)
        # What the app looked like before any theme was applied: "light" on a light desktop goes back to exactly this.
        self._native_style = self._app.style().name()
        self._base_font = QFont(self._app.font())
        self._chrome = "native"
        self._font_large = False
        try:
            self._theme = Theme(settings.theme)
        except ValueError:
            self._theme = Theme.SYSTEM
        self._large = bool(settings.large_text)
        self._board = self._wanted_board_style()
        self._resolved = self.resolved_theme()

        self._theme_group = QActionGroup(self)
        self.theme_actions: dict[Theme, QAction] = {}
        """One checkable action for each theme (exclusive)."""
        labels = {
            Theme.SYSTEM: (self.tr("System"), self.tr("Light or dark, as the computer is set")),
            Theme.LIGHT: (self.tr("Light"), self.tr("A light window and board")),
            Theme.DARK: (self.tr("Dark"), self.tr("A dark window and board; cards stay light with dark words")),
            Theme.HIGH_CONTRAST: (self.tr("High contrast"),
                                  self.tr("Black on white, thick borders and arrows: best over a weak video call")),
        }
        for theme, (label, tip) in labels.items():
            action = QAction(label, self)
            action.setObjectName(f"theme_{theme.value}")
            action.setCheckable(True)
            action.setChecked(theme is self._theme)
            action.setStatusTip(tip)
            action.setToolTip(tip)
            action.triggered.connect(lambda _=False, t=theme: self.set_theme(t))
            self._theme_group.addAction(action)
            self.theme_actions[theme] = action
        self.large_text_action = QAction(self.tr("Large text"), self)
        """Checkable: larger words in the window and on the board."""
        self.large_text_action.setObjectName("large_text")
        self.large_text_action.setCheckable(True)
        self.large_text_action.setChecked(self._large)
        self.large_text_action.setStatusTip(self.tr("Larger words in the window and on the board, for a shared screen"))
        self.large_text_action.toggled.connect(self.set_large_text)

    # -- the choice ----------------------------------------------------------------------------------------------------
    def theme(self) -> Theme:
        """The chosen theme (System included)."""
        return self._theme

    def large_text(self) -> bool:
        """Whether large text is on."""
        return self._large

    def resolved_theme(self) -> str:
        """The theme in effect: "light", "dark" or "high_contrast" (System follows the computer's colour scheme)."""
        if self._theme is Theme.SYSTEM:
            return "dark" if self._system_scheme == Qt.ColorScheme.Dark else "light"
        return self._theme.value

    def current_board_style(self) -> BoardStyle:
        """The style boards should paint in now."""
        return self._board

    def min_shared_text_px(self) -> int:
        """The smallest card text (screen pixels) a shared window should show with the current choice."""
        return style.min_shared_text_px(self._large)

    def set_theme(self, theme: Theme | str) -> None:
        """Choose a theme; it is kept in the settings and applied at once."""
        theme = Theme(theme)
        if theme is not self._theme:
            self._theme = theme
            self._settings.theme = theme.value
            log.info("theme: %s", theme.value)
        self.theme_actions[theme].setChecked(True)
        self.apply()

    def set_large_text(self, on: bool) -> None:
        """Switch large text on or off; kept in the settings and applied at once."""
        on = bool(on)
        if on != self.large_text_action.isChecked():
            self.large_text_action.setChecked(on)  # comes back here through toggled
            return
        if on == self._large:
            return
        self._large = on
        self._settings.large_text = on
        log.info("large text: %s", on)
        self.apply()
        self.large_text_changed.emit(on)

    # -- applying ------------------------------------------------------------------------------------------------------
    def apply(self) -> None:
        """Dress the application (style, palette, font) for the current choice; tell the boards if their style changed.

        Does nothing that is already in place, so calling it at start-up on a light desktop leaves the native look."""
        chrome = self._wanted_chrome()
        if chrome != self._chrome:
            self._apply_chrome(chrome)
            self._chrome = chrome
        if self._large != self._font_large:
            font = QFont(self._base_font)
            font.setPointSizeF(self._base_font.pointSizeF() * (LARGE_TEXT_FACTOR if self._large else 1.0))
            self._app.setFont(font)
            self._font_large = self._large
        resolved = self.resolved_theme()
        if resolved != self._resolved:
            self._resolved = resolved
            self.theme_changed.emit(resolved)
        board = self._wanted_board_style()
        if board is not self._board:
            self._board = board
            self.board_style_changed.emit(board)

    def apply_to_scene(self, scene) -> None:
        """Paint this board scene (a canvas BoardScene) in the current style; use it for every scene that opens."""
        scene.set_board_style(self._board)

    def menu(self, parent: QWidget | None = None) -> QMenu:
        """An "Appearance" menu: the four themes (one checked) and Large text. Its actions are shared by every copy."""
        menu = QMenu(self.tr("Appearance"), parent)
        menu.setObjectName("appearance_menu")
        menu.addActions(self._theme_group.actions())
        menu.addSeparator()
        menu.addAction(self.large_text_action)
        return menu

    def _on_color_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        """The computer switched between light and dark: follow it when the choice is System."""
        self._system_scheme = scheme
        self.apply()

    def _wanted_board_style(self) -> BoardStyle:
        return style.board_style(self.resolved_theme(), self._large)

    def _wanted_chrome(self) -> str:
        resolved = self.resolved_theme()
        if resolved == "light" and self._system_scheme != Qt.ColorScheme.Dark:
            return "native"  # the platform's own light look, as the app had before themes
        return resolved

    def _apply_chrome(self, chrome: str) -> None:
        if chrome == "native":
            self._app.setStyle(self._native_style)
            self._app.setPalette(QPalette())  # back to the style's and platform's own colours
        else:
            self._app.setStyle("Fusion")  # draws every widget from the palette, on every platform
            self._app.setPalette(chrome_palette(chrome))


def _palette(colours: dict[QPalette.ColorRole, str], disabled: str) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return palette


def chrome_palette(theme: str) -> QPalette:
    """The application palette of a theme ("light", "dark" or "high_contrast") for the Fusion style."""
    role = QPalette.ColorRole
    if theme == "dark":
        return _palette({
            role.Window: "#2a2b2f", role.WindowText: "#ececec", role.Base: "#1f2023", role.AlternateBase: "#292a2e",
            role.ToolTipBase: "#2a2b2f", role.ToolTipText: "#ececec", role.PlaceholderText: "#9c9c9c",
            role.Text: "#ececec", role.Button: "#34363b", role.ButtonText: "#ececec", role.BrightText: "#ff8a80",
            role.Light: "#4a4c52", role.Midlight: "#3e4045", role.Mid: "#26272b", role.Dark: "#151618",
            role.Shadow: "#0b0b0c", role.Highlight: "#3d7be0", role.HighlightedText: "#ffffff",
            role.Link: "#8ab8ff", role.LinkVisited: "#c19cff", role.Accent: "#3d7be0",
        }, disabled="#7d7d7d")
    if theme == "high_contrast":
        # Black on white; Fusion draws frames from Mid/Dark/Shadow, so black there gives every field a dark outline.
        return _palette({
            role.Window: "#ffffff", role.WindowText: "#000000", role.Base: "#ffffff", role.AlternateBase: "#f2f2f2",
            role.ToolTipBase: "#ffffff", role.ToolTipText: "#000000", role.PlaceholderText: "#4d4d4d",
            role.Text: "#000000", role.Button: "#ffffff", role.ButtonText: "#000000", role.BrightText: "#b00020",
            role.Light: "#ffffff", role.Midlight: "#e6e6e6", role.Mid: "#000000", role.Dark: "#000000",
            role.Shadow: "#000000", role.Highlight: "#0b3d91", role.HighlightedText: "#ffffff",
            role.Link: "#0033aa", role.LinkVisited: "#551a8b", role.Accent: "#0b3d91",
        }, disabled="#595959")
    return _palette({
        role.Window: "#efefef", role.WindowText: "#1f1f1f", role.Base: "#ffffff", role.AlternateBase: "#f6f6f6",
        role.ToolTipBase: "#ffffdc", role.ToolTipText: "#1f1f1f", role.PlaceholderText: "#6e6e6e",
        role.Text: "#1f1f1f", role.Button: "#efefef", role.ButtonText: "#1f1f1f", role.BrightText: "#ffffff",
        role.Light: "#ffffff", role.Midlight: "#e3e3e3", role.Mid: "#b8b8b8", role.Dark: "#9f9f9f",
        role.Shadow: "#767676", role.Highlight: "#1d5fd1", role.HighlightedText: "#ffffff",
        role.Link: "#1d5fd1", role.LinkVisited: "#6a3fb5", role.Accent: "#1d5fd1",
    }, disabled="#8c8c8c")
