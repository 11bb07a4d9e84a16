"""The board exported as PNG and SVG: the whole board on white, no grid, no selection, files written whole."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from PySide6.QtGui import QImage

from couplecanvas.canvas.image_export import board_to_png, board_to_svg, content_rect
from couplecanvas.canvas.scene import BoardScene
from couplecanvas.document import BoardDocument
from couplecanvas.domain.board import STICKY_NOTE_COLOUR, Board, Card, CardKind, Connector, Stroke, StrokeKind

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CARD_COLOUR = "#dbe8f7"
SELECTION_BLUE = (0x1D, 0x5F, 0xD1)
FIRST_TEXT = "Phone"
NOTE_TEXT = "Lunch"
# A pen line well below the cards, from (60, 300) to (360, 300).
WAVE = tuple((60 + 15 * i, 300 + 25 * math.sin(i / 3), 0.4 + 0.03 * i) for i in range(21))


@pytest.fixture
def scene(qapp) -> BoardScene:
    board = Board()
    first = Card(FIRST_TEXT, x=0, y=0, width=200, height=90, colour=CARD_COLOUR, z=1)
    second = Card("Silence", x=400, y=0, width=200, height=90, z=2)
    note = Card(NOTE_TEXT, x=420, y=200, width=150, height=120, colour=STICKY_NOTE_COLOUR, kind=CardKind.NOTE, z=3)
    for card in (first, second, note):
        board.add_card(card)
    board.add_connector(Connector(first.id, second.id, label="then"))
    board.add_connector(Connector(second.id, note.id, curved=True))
    board.add_stroke(Stroke(WAVE, "#1f1f1f", 6.0, StrokeKind.PEN, z=4))
    board.add_stroke(Stroke(((0, 380, 1.0), (300, 380, 1.0)), "#fff176", 18.0, StrokeKind.HIGHLIGHTER, z=5))
    return BoardScene(BoardDocument(board))


def _decode(png: bytes) -> QImage:
    image = QImage.fromData(png, "PNG")
    assert not image.isNull()
    return image.convertToFormat(QImage.Format.Format_RGB888)


def _colours(
    image: QImage, left: int = 0, top: int = 0, width: int | None = None, height: int | None = None
) -> Counter:
    """How many pixels of each (r, g, b) colour lie in a rectangle of the picture."""
    width = image.width() - left if width is None else width
    height = image.height() - top if height is None else height
    data = bytes(image.constBits())
    stride = image.bytesPerLine()
    counts: Counter = Counter()
    for y in range(top, top + height):
        row = data[y * stride + left * 3 : y * stride + (left + width) * 3]
        counts.update(zip(row[0::3], row[1::3], row[2::3]))
    return counts


def _near(counts: Counter, target: tuple[int, int, int], tolerance: int = 10) -> int:
    return sum(n for pixel, n in counts.items() if all(abs(a - b) <= tolerance for a, b in zip(pixel, target)))


def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def test_png_is_the_whole_board_on_white(scene: BoardScene, tmp_path) -> None:
    target = tmp_path / "board.png"
    png = board_to_png(scene, target, scale=2.0, margin=40)
    assert png.startswith(PNG_SIGNATURE)
    assert target.read_bytes() == png
    assert [p.name for p in tmp_path.iterdir()] == ["board.png"]  # no partial file left behind

    image = _decode(png)
    bounds = scene.document.board.bounds()
    assert abs(image.width() - (bounds.w + 80) * 2) <= 12
    assert abs(image.height() - (bounds.h + 80) * 2) <= 12

    counts = _colours(image)
    assert _near(counts, _hex(CARD_COLOUR), 4) > 20_000  # the first card's fill, 200 x 90 at scale 2
    assert _near(counts, _hex(STICKY_NOTE_COLOUR), 4) > 15_000
    # The margin is plain white: no grid lines, no off-white board background.
    corner = _colours(image, 0, 0, 60, 60)
    assert corner == Counter({(255, 255, 255): 3600})
    assert counts[(0xFB, 0xFA, 0xF7)] == 0 and counts[(0xEC, 0xE9, 0xE1)] == 0
    # Dark ink where the pen line runs (x 60..360, y 275..325 on the board), below the cards and their words.
    left, top = round((60 - (bounds.x - 40)) * 2), round((275 - (bounds.y - 40)) * 2)
    ink = _colours(image, left, top, 600, 100)
    assert sum(n for pixel, n in ink.items() if max(pixel) < 70) > 1500


def test_selection_and_grid_are_not_exported_and_come_back(scene: BoardScene) -> None:
    grid = scene.backgroundBrush()
    first_id = next(iter(scene.card_items))
    scene.select_only([first_id], list(scene.stroke_items))
    for item in scene.connector_items.values():
        item.setSelected(True)
    selected_before = set(scene.selectedItems())
    heard = []
    scene.selectionChanged.connect(lambda: heard.append(True))

    image = _decode(board_to_png(scene, None, scale=1.0))

    assert _near(_colours(image), SELECTION_BLUE, 30) == 0
    assert set(scene.selectedItems()) == selected_before
    assert scene.selected_card_ids() == [first_id]
    assert heard == []
    assert scene.backgroundBrush() == grid


def test_export_while_typing_keeps_the_editor_open(scene: BoardScene) -> None:
    card_id = next(iter(scene.card_items))
    scene.start_editing(card_id)
    board_to_png(scene, None, scale=1.0)
    board_to_svg(scene, None)
    assert scene.editing_card_id == card_id
    assert scene.document.undo_stack.count() == 0
    scene.finish_editing()


def test_svg_is_a_titled_drawing_with_the_card_words(scene: BoardScene, tmp_path) -> None:
    target = tmp_path / "board.svg"
    svg = board_to_svg(scene, target, margin=40)
    assert target.read_bytes() == svg
    root = ET.fromstring(svg)
    ns = {"svg": "http://www.w3.org/2000/svg"}
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find("svg:title", ns).text == "Couple Canvas board"
    rect = content_rect(scene, 40)
    view_box = [float(v) for v in root.get("viewBox").split()]
    assert view_box[:2] == [0, 0]
    assert abs(view_box[2] - rect.width()) <= 1 and abs(view_box[3] - rect.height()) <= 1
    words = " ".join("".join(element.itertext()) for element in root.iter("{http://www.w3.org/2000/svg}text"))
    assert FIRST_TEXT in words and NOTE_TEXT in words and "then" in words
    assert len(root.findall(".//svg:path", ns)) >= 3  # arrows and ink are vector paths


def test_an_empty_board_is_a_small_blank_picture(qapp, tmp_path) -> None:
    scene = BoardScene(BoardDocument(Board()))
    image = _decode(board_to_png(scene, tmp_path / "empty.png", scale=2.0, margin=40))
    assert (image.width(), image.height()) == (160, 160)
    assert _colours(image) == Counter({(255, 255, 255): 160 * 160})
    ET.fromstring(board_to_svg(scene, None))


def test_a_bad_scale_is_refused(scene: BoardScene) -> None:
    with pytest.raises(ValueError):
        board_to_png(scene, None, scale=0)


def test_a_huge_board_is_scaled_down_to_a_sane_picture(qapp, monkeypatch) -> None:
    from couplecanvas.canvas import image_export

    monkeypatch.setattr(image_export, "MAX_SIDE", 3000)
    monkeypatch.setattr(image_export, "MAX_AREA", 1_000_000)
    board = Board()
    board.add_card(Card("far left", x=-20_000, y=0))
    board.add_card(Card("far right", x=20_000, y=5_000))
    scene = BoardScene(BoardDocument(board))
    image = _decode(board_to_png(scene, None, scale=2.0))
    assert image.width() <= 3000 and image.width() * image.height() <= 1_000_000
    assert abs(image.width() / image.height() - content_rect(scene).width() / content_rect(scene).height()) < 0.01


def test_an_exported_image_prints_prompts_but_not_the_invitation_to_type(qapp) -> None:
    board = Board()
    board.add_card(Card("", x=0, y=0, width=200, height=90, z=1))
    board.add_card(Card("", x=300, y=0, width=200, height=90, z=2, role="trigger", hint="When I see or hear..."))
    scene = BoardScene(BoardDocument(board))
    root = ET.fromstring(board_to_svg(scene, None))
    words = " ".join("".join(element.itertext()) for element in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "When I see or hear..." in words
    assert "Type here" not in words
    assert not scene.exporting  # the board on screen invites typing again
