"""Themes and large text, driven through the real Appearance menu, seen on a real board view and in the app palette."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from couplecanvas.app.settings import Settings
from couplecanvas.canvas import BoardScene, BoardView, style
from couplecanvas.document import BoardDocument
from couplecanvas.domain import palette
from couplecanvas.domain.board import Board, Card, CardKind
from couplecanvas.ui.appearance import LARGE_TEXT_FACTOR, Appearance, Theme

LABEL = (420, 100, 300, 60)


@pytest.fixture
def app_state(qapp):
    """Put the application's style, palette and font back as they were after the test."""
    style_name, font = qapp.style().name(), qapp.font()
    yield qapp
    qapp.setStyle(style_name)
    qapp.setPalette(QPalette())
    qapp.setFont(font)


@pytest.fixture
def make_appearance(app_state, tmp_path):
    """make(theme=None, large=None) -> an Appearance on a settings file in the test's folder (values written first)."""
    made: list[Appearance] = []

    def make(theme: str | None = None, large: bool | None = None) -> Appearance:
        settings = Settings(tmp_path / "settings.ini")
        if theme is not None:
            settings.theme = theme
        if large is not None:
            settings.large_text = large
        appearance = Appearance(settings, app_state)
        appearance.apply()
        made.append(appearance)
        return appearance

    yield make
    for appearance in made:
        appearance.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def board(qtbot, make_appearance):
    """(appearance, view): a shown board view whose scene follows the Appearance as the lead's window will."""
    appearance = make_appearance()
    document = BoardDocument(Board())
    document.board.add_card(Card("I tell myself I do not matter", 100, 100, 220, 80, id="plain"))
    document.board.add_card(Card("Our cycle", *LABEL, kind=CardKind.LABEL, colour="#ffffff", id="label"))
    scene = BoardScene(document)
    appearance.apply_to_scene(scene)
    appearance.board_style_changed.connect(scene.set_board_style)
    view = BoardView()
    view.setScene(scene)
    view.resize(1200, 800)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.resetTransform()
    view.centerOn(500, 300)
    return appearance, view


def action(appearance: Appearance, text: str):
    """The action of that name in a freshly built Appearance menu (as the View menu will hold it)."""
    menu = appearance.menu()
    found = [a for a in menu.actions() if a.text() == text]
    assert len(found) == 1, [a.text() for a in menu.actions()]
    return found[0]


def grab(view) -> QImage:
    view.viewport().repaint()
    return view.grab().toImage()


def at(view, image: QImage, x: float, y: float) -> QColor:
    point = view.mapFromScene(QPointF(x, y)) + view.viewport().pos()
    return image.pixelColor(point)


def label_pixels(view, image: QImage) -> list[QColor]:
    x, y, w, h = LABEL
    return [at(view, image, x + dx, y + dy) for dy in range(h) for dx in range(w)]


def window_colours(app) -> tuple[QColor, QColor]:
    pal = app.palette()
    return pal.color(QPalette.ColorRole.Window), pal.color(QPalette.ColorRole.WindowText)


def test_the_menu_offers_four_themes_and_large_text(make_appearance):
    appearance = make_appearance()
    menu = appearance.menu()
    assert menu.title() == "Appearance"
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["System", "Light", "Dark", "High contrast", "Large text"]
    assert all(a.isCheckable() for a in menu.actions() if not a.isSeparator())
    assert [a.text() for a in menu.actions() if a.isChecked()] == ["System"]
    assert appearance.theme() is Theme.SYSTEM and not appearance.large_text()


def test_the_default_choice_on_a_light_desktop_leaves_the_app_as_it_was(app_state, tmp_path):
    before_style, before = app_state.style(), window_colours(app_state)
    appearance = Appearance(Settings(tmp_path / "settings.ini"), app_state)
    appearance._on_color_scheme_changed(Qt.ColorScheme.Light)
    appearance.apply()
    assert app_state.style() is before_style  # not even re-created
    assert window_colours(app_state) == before
    assert appearance.current_board_style() is style.LIGHT_BOARD


def test_dark_from_the_menu_darkens_the_window_and_the_board(board, app_state, tmp_path):
    appearance, view = board
    light = grab(view)
    assert at(view, light, 860, 530).lightness() > 240
    action(appearance, "Dark").trigger()
    assert appearance.theme() is Theme.DARK
    window, words = window_colours(app_state)
    assert window.lightness() < 60 and app_state.style().name().lower() == "fusion"
    assert palette.contrast_ratio(words.name(), window.name()) >= 7.0
    image = grab(view)
    background = at(view, image, 860, 530)
    assert background.name() == palette.BOARD_BACKGROUNDS["dark"]
    assert sum(c.lightness() > 200 for c in label_pixels(view, image)) > 40  # light words on the dark board
    assert at(view, image, 110, 172).lightness() > 200  # the card itself stays light
    assert Settings(tmp_path / "settings.ini").theme == "dark"
    menu = appearance.menu()
    assert [a.text() for a in menu.actions() if a.isChecked()] == ["Dark"]


def test_high_contrast_from_the_menu(board, app_state):
    appearance, view = board
    received = []
    appearance.board_style_changed.connect(received.append)
    action(appearance, "High contrast").trigger()
    assert received == [style.board_style("high_contrast")]
    window, words = window_colours(app_state)
    assert (window.name(), words.name()) == ("#ffffff", "#000000")
    image = grab(view)
    assert at(view, image, 860, 530).name() == "#ffffff"
    assert all(at(view, image, x, 530).name() == "#ffffff" for x in range(830, 850))  # no grid line at x = 840
    border = [at(view, image, 210, y) for y in range(94, 107)]  # the card's top edge
    assert sum(c.lightness() < 60 for c in border) >= 2
    assert sum(c.lightness() < 60 for c in label_pixels(view, image)) > 40


def test_system_follows_the_computer_light_and_dark(board, app_state):
    appearance, view = board
    themes = []
    appearance.theme_changed.connect(themes.append)
    native = window_colours(app_state)
    appearance._on_color_scheme_changed(Qt.ColorScheme.Dark)  # what colorSchemeChanged delivers
    assert appearance.resolved_theme() == "dark"
    assert appearance.current_board_style() is style.DARK_BOARD
    assert window_colours(app_state)[0].lightness() < 60
    assert at(view, grab(view), 860, 530).name() == palette.BOARD_BACKGROUNDS["dark"]
    appearance._on_color_scheme_changed(Qt.ColorScheme.Light)
    assert appearance.current_board_style() is style.LIGHT_BOARD
    assert window_colours(app_state) == native  # back to the platform's own colours
    assert at(view, grab(view), 860, 530).name() == "#fbfaf7"
    assert themes == ["dark", "light"]


def test_an_explicit_choice_does_not_follow_the_computer(board, app_state):
    appearance, view = board
    action(appearance, "Light").trigger()
    appearance._on_color_scheme_changed(Qt.ColorScheme.Dark)
    assert appearance.current_board_style() is style.LIGHT_BOARD
    window, words = window_colours(app_state)  # a light window even on a dark desktop
    assert window.lightness() > 200 and palette.contrast_ratio(words.name(), window.name()) >= 7.0
    action(appearance, "High contrast").trigger()
    appearance._on_color_scheme_changed(Qt.ColorScheme.Light)
    assert appearance.resolved_theme() == "high_contrast"


def test_large_text_from_the_menu(board, app_state, tmp_path):
    appearance, view = board
    base = app_state.font().pointSizeF()
    sizes = []
    appearance.large_text_changed.connect(sizes.append)
    large = action(appearance, "Large text")
    large.trigger()
    assert large.isChecked() and appearance.large_text()
    assert app_state.font().pointSizeF() == pytest.approx(base * LARGE_TEXT_FACTOR)
    board_style = appearance.current_board_style()
    assert board_style.large_text and board_style.card_point_size == style.LARGE_TEXT_CARD_POINT_SIZE
    assert view.scene().board_style is board_style
    assert appearance.min_shared_text_px() == style.MIN_SHARED_TEXT_PX_LARGE == 22
    assert Settings(tmp_path / "settings.ini").large_text
    large.trigger()
    assert app_state.font().pointSizeF() == pytest.approx(base)
    assert appearance.min_shared_text_px() == 16
    assert view.scene().board_style is style.LIGHT_BOARD
    assert sizes == [True, False]


def test_the_choice_comes_back_from_the_settings(make_appearance, app_state):
    appearance = make_appearance("high_contrast", True)
    assert appearance.current_board_style() is style.board_style("high_contrast", large_text=True)
    assert appearance.theme_actions[Theme.HIGH_CONTRAST].isChecked()
    assert appearance.large_text_action.isChecked()
    assert window_colours(app_state)[0].name() == "#ffffff"
    assert make_appearance("purple").theme() is Theme.SYSTEM  # an unknown value in a hand-edited file
