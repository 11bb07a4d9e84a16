"""The board exported as PNG and SVG with aliases: the SVG's words hold no first name and the aliases instead, and the
PNG is the very picture of the same board typed with the aliases (and not the picture of the names)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtGui import QImage

from couplecanvas.canvas.image_export import board_to_png, board_to_svg
from couplecanvas.canvas.scene import BoardScene
from couplecanvas.document import BoardDocument
from couplecanvas.domain.board import Board, Card, Connector, ConnectorKind
from couplecanvas.domain.couple import Couple, Partner
from couplecanvas.domain.privacy import fold

SVG_TEXT = "{http://www.w3.org/2000/svg}text"
NAMED = ("zoe's phone at dinner", "JOSÉ goes quiet", "Zoë")
ALIASED = ("Blue's phone at dinner", "Orange goes quiet", "Blue")
LABEL = ("zoë sighs at José", "Blue sighs at Orange")
HINT = ("What José longs for", "What Orange longs for")


def _couple(use_aliases: bool = True) -> Couple:
    return Couple(Partner("Zoë", alias="Blue"), Partner("José", alias="Orange"), use_aliases=use_aliases)


def _scene(words: tuple[str, ...], label: str, hint: str) -> BoardScene:
    board = Board()
    cards = [Card(text, x=260 * i, y=0, width=220, height=90, z=i, id=f"card-{i}") for i, text in enumerate(words)]
    cards.append(Card("", x=0, y=200, width=220, height=90, z=9, id="card-hint", role="longing", hint=hint))
    for card in cards:
        board.add_card(card)
    board.add_connector(Connector(cards[0].id, cards[1].id, label=label, id="arrow"))
    board.add_connector(Connector(cards[1].id, cards[2].id, kind=ConnectorKind.REFRAME, id="reframe"))
    return BoardScene(BoardDocument(board))


def _svg_words(svg: bytes) -> str:
    root = ET.fromstring(svg)
    return " ".join(" ".join("".join(e.itertext()).split()) for e in root.iter(SVG_TEXT))


def _pixels(png: bytes) -> bytes:
    image = QImage.fromData(png, "PNG").convertToFormat(QImage.Format.Format_RGB888)
    return bytes(image.constBits())


def test_the_svg_names_the_partners_by_their_aliases(qapp):
    scene = _scene(NAMED, LABEL[0], HINT[0])
    plain = _svg_words(board_to_svg(scene, None))
    assert "zoe" in fold(plain) and "jose" in fold(plain)  # without the couple, the words as typed
    words = _svg_words(board_to_svg(scene, None, couple=_couple()))
    assert "zoe" not in fold(words) and "jose" not in fold(words), words
    for text in (*ALIASED, LABEL[1], HINT[1]):
        assert text in words
    assert _svg_words(board_to_svg(scene, None, couple=_couple(), use_alias=False)) == plain


def test_the_png_is_the_picture_of_the_aliases(qapp, tmp_path):
    named = _scene(NAMED, LABEL[0], HINT[0])
    typed = _scene(ALIASED, LABEL[1], HINT[1])
    with_aliases = board_to_png(named, tmp_path / "board.png", scale=1.0, couple=_couple())
    assert (tmp_path / "board.png").read_bytes() == with_aliases
    as_typed = board_to_png(typed, None, scale=1.0)
    with_names = board_to_png(named, None, scale=1.0)
    assert _pixels(with_aliases) == _pixels(as_typed)
    assert _pixels(with_aliases) != _pixels(with_names)
    # The couple's own choice is the default; their choice of names leaves the picture as typed.
    assert _pixels(board_to_png(named, None, scale=1.0, couple=_couple(use_aliases=False))) == _pixels(with_names)


def test_after_the_export_the_screen_shows_the_words_as_typed(qapp):
    scene = _scene(NAMED, LABEL[0], HINT[0])
    board_to_svg(scene, None, couple=_couple())
    assert "zoe" in fold(_svg_words(board_to_svg(scene, None)))
