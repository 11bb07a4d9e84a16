"""The board painted in each theme: probed pixels of a real view, not golden screenshots."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage

from couplecanvas.canvas import style
from couplecanvas.canvas.image_export import board_to_png
from couplecanvas.canvas.items import fitting_font
from couplecanvas.domain import palette
from couplecanvas.domain.board import NEUTRAL_CARD_COLOUR, Board, Card, CardKind, Connector, Stroke
from couplecanvas.domain.couple import PartnerRole

NEUTRAL = (100, 100, 220, 80)
PARTNER = (100, 300, 220, 80)
LABEL = (420, 100, 300, 60)


def styled_board() -> Board:
    """A neutral card above a partner's card, an arrow between them, a text label and a black pen line."""
    board = Board()
    board.add_card(Card("I tell myself I do not matter", *NEUTRAL, id="plain"))
    board.add_card(Card("So I go quiet", *PARTNER, partner=PartnerRole.A, colour="#dbe8f7", id="mine"))
    board.add_card(Card("Our cycle", *LABEL, kind=CardKind.LABEL, colour="#ffffff", id="label"))
    board.add_connector(Connector("plain", "mine", id="arrow"))
    board.add_stroke(Stroke(tuple((500 + 4 * n, 400, 1.0) for n in range(40)), "#1f1f1f", 4.0, id="ink"))
    return board


def grab(view) -> QImage:
    view.viewport().repaint()
    return view.grab().toImage()


def pixel(view, image: QImage, x: float, y: float) -> QColor:
    point = view.mapFromScene(QPointF(x, y))
    return image.pixelColor(point.x() + view.viewport().x(), point.y() + view.viewport().y())


def column(view, image: QImage, x: float, y0: float, y1: float) -> list[QColor]:
    return [pixel(view, image, x, y0 + n) for n in range(int(y1 - y0) + 1)]


def row(view, image: QImage, y: float, x0: float, x1: float) -> list[QColor]:
    return [pixel(view, image, x0 + n, y) for n in range(int(x1 - x0) + 1)]


def box(view, image: QImage, rect: tuple[float, float, float, float]) -> list[QColor]:
    x, y, w, h = rect
    return [pixel(view, image, x + dx, y + dy) for dy in range(int(h)) for dx in range(int(w))]


def close(colour: QColor, hex_colour: str, tolerance: int = 3) -> bool:
    target = QColor(hex_colour)
    return all(abs(a - b) <= tolerance for a, b in zip(colour.getRgb()[:3], target.getRgb()[:3]))


def ink(colours: list[QColor], background: QColor) -> int:
    """How much darker than the background a run of pixels is, summed: thicker and darker lines score higher."""
    return sum(max(0, background.lightness() - c.lightness()) for c in colours)


def test_the_light_board_is_the_board_as_it_was(board_view):
    view = board_view(styled_board())
    scene = view.scene()
    assert scene.board_style is style.LIGHT_BOARD
    image = grab(view)
    assert close(pixel(view, image, 860, 530), "#fbfaf7")  # off the grid lines
    assert any(close(c, "#ece9e1") for c in row(view, image, 530, 836, 844))  # the grid line at x = 840
    assert close(pixel(view, image, 110, 172), NEUTRAL_CARD_COLOUR)
    border = column(view, image, 210, 94, 106)  # the plain card's top edge: a thin mid-tone line
    assert 100 < min(c.lightness() for c in border) < QColor(NEUTRAL_CARD_COLOUR).lightness() - 40


def test_high_contrast_draws_thick_dark_borders_and_arrows_without_a_grid(board_view):
    view = board_view(styled_board())
    scene = view.scene()
    light = grab(view)
    scene.set_board_style(style.board_style("high_contrast"))
    strong = grab(view)
    assert close(pixel(view, strong, 860, 530), "#ffffff")
    assert all(close(c, "#ffffff") for c in row(view, strong, 530, 820, 860))  # no grid
    # The plain card's top border: about 3 px of near-black (two solid, two half-covered), where the light board
    # has a thin mid-tone line.
    border = column(view, strong, 210, 94, 106)
    assert sum(c.lightness() < 60 for c in border) >= 2
    assert sum(c.lightness() < 160 for c in border) >= 3
    assert not any(c.lightness() < 100 for c in column(view, light, 210, 94, 106))
    # The arrow between the cards (x = 210, from y = 180 to 300; y = 250 is off the grid): darker and thicker.
    arrow_strong = ink(row(view, strong, 250, 196, 224), pixel(view, strong, 860, 530))
    assert arrow_strong > 1.5 * ink(row(view, light, 250, 196, 224), pixel(view, light, 860, 530))
    arrow = row(view, strong, 250, 196, 224)
    assert sum(c.lightness() < 40 for c in arrow) >= 2 and sum(c.lightness() < 160 for c in arrow) >= 4
    # Black card words on the (light) fill.
    assert sum(c.lightness() < 40 for c in box(view, strong, (110, 110, 200, 60))) > 40


def test_dark_board_keeps_light_cards_with_dark_words_and_light_labels(board_view):
    view = board_view(styled_board())
    view.scene().set_board_style(style.board_style("dark"))
    image = grab(view)
    background = pixel(view, image, 860, 530)
    assert close(background, palette.BOARD_BACKGROUNDS["dark"])
    assert close(pixel(view, image, 110, 172), NEUTRAL_CARD_COLOUR)  # the card stays light...
    assert sum(c.lightness() < 90 for c in box(view, image, (110, 110, 200, 60))) > 40  # ...with dark words
    label = box(view, image, (LABEL[0], LABEL[1], LABEL[2], LABEL[3]))
    assert sum(c.lightness() > 200 for c in label) > 40  # the label's words are light on the dark board
    assert not any(c.lightness() < background.lightness() - 4 for c in label)  # and nothing in it is darker
    # The arrow is light on the dark board.
    assert max(c.lightness() for c in row(view, image, 240, 196, 224)) > 170
    # The black pen line shows light, as chalk on a blackboard, and is still stored black.
    assert max(c.lightness() for c in column(view, image, 580, 392, 408)) > 200
    assert view.scene().document.board.strokes["ink"].colour == "#1f1f1f"


def test_label_words_read_on_the_board_in_every_theme(board_view):
    view = board_view(styled_board())
    for name in ("light", "dark", "high_contrast"):
        board = style.board_style(name)
        view.scene().set_board_style(board)
        image = grab(view)
        background = pixel(view, image, 860, 530)
        label = box(view, image, LABEL)
        strong = [c for c in label if abs(c.lightness() - background.lightness()) > 120]
        assert len(strong) > 40, name
        assert palette.contrast_ratio(board.label_text.name(), board.background.name()) >= 7.0, name


def test_switching_back_to_light_restores_the_same_pixels(board_view):
    view = board_view(styled_board())
    before = grab(view)
    view.scene().set_board_style(style.board_style("dark"))
    grab(view)
    view.scene().set_board_style(style.board_style("light"))
    assert grab(view) == before


def test_an_exported_picture_is_always_the_light_board(board_view):
    view = board_view(styled_board())
    view.scene().set_board_style(style.board_style("dark"))
    image = QImage.fromData(board_to_png(view.scene(), scale=1.0))
    assert image.pixelColor(2, 2).lightness() > 240  # white paper, not the dark board
    # The label (board x 420-720, y 100-160) sits 320 px right of and level with the top card, 40 px margin around.
    label = [image.pixelColor(x, y) for x in range(360, 660) for y in range(40, 100)]
    assert sum(c.lightness() < 90 for c in label) > 40  # its words are dark on the paper
    assert min(c.lightness() for c in label) < 60


def test_high_contrast_lightens_a_mid_tone_card_until_black_reads_at_seven_to_one(board_view):
    board = Board()
    board.add_card(Card("", 100, 100, 220, 80, colour="#6a8caf", id="mid"))
    view = board_view(board)
    image = grab(view)
    assert close(pixel(view, image, 112, 170), "#6a8caf")
    view.scene().set_board_style(style.board_style("high_contrast"))
    shown = pixel(view, grab(view), 112, 170)
    assert palette.contrast_ratio(shown.name(), "#000000") >= 7.0
    assert board.cards["mid"].colour == "#6a8caf"  # the card itself is unchanged


def test_large_text_starts_card_words_larger_and_never_cuts_them(qapp):
    words = "When you look at your phone while I talk I tell myself that I do not matter to you at all"
    small = QRectF(0, 0, 120, 40)
    roomy = QRectF(0, 0, 400, 200)
    normal, large = style.board_style("light"), style.board_style("light", large_text=True)
    assert fitting_font("Hi", roomy, False, normal).pointSize() == style.CARD_FONT_POINT_SIZE
    assert fitting_font("Hi", roomy, False, large).pointSize() == style.LARGE_TEXT_CARD_POINT_SIZE
    assert fitting_font("Hi", roomy, True, large).pointSize() == style.LARGE_TEXT_CARD_POINT_SIZE + 3  # a label
    # On a card too small for them, the words shrink as they always did rather than being cut off.
    assert fitting_font(words, small, False, large).pointSize() == fitting_font(words, small, False, normal).pointSize()
    assert style.board_style("dark", large_text=True) is style.board_style("dark", True)  # one value per choice
    assert style.board_style("nonsense") is style.LIGHT_BOARD
    assert style.board_style("dark", large_text=True).background == style.DARK_BOARD.background


def test_large_text_draws_bigger_words_on_screen(board_view):
    view = board_view(styled_board())

    def word_rows() -> int:
        image = grab(view)
        rows = [column(view, image, x, 102, 178) for x in range(112, 310, 2)]
        return sum(any(r[n].lightness() < 90 for r in rows) for n in range(len(rows[0])))

    normal = word_rows()
    view.scene().set_board_style(style.board_style("light", large_text=True))
    assert word_rows() > normal


@pytest.mark.parametrize("large", [False, True])
def test_minimum_shared_text_size(large):
    assert style.min_shared_text_px(large) == (22 if large else 16)
    assert style.MIN_SHARED_TEXT_PX == 16 and style.MIN_SHARED_TEXT_PX_LARGE == 22


def test_a_label_being_edited_on_the_dark_board_gets_a_light_ground_for_the_dark_typing(board_view):
    view = board_view(styled_board())
    scene = view.scene()
    scene.set_board_style(style.board_style("dark"))
    assert pixel(view, grab(view), LABEL[0] + 4, LABEL[1] + 30).lightness() < 40
    scene.start_editing("label")
    image = grab(view)
    assert pixel(view, image, LABEL[0] + 4, LABEL[1] + 30).lightness() > 230
    typed = box(view, image, LABEL)
    assert sum(c.lightness() < 90 for c in typed) > 40  # the editor's dark words show on it
