"""Slot hints painted on empty cards, and reframe pairs drawn apart from ordinary arrows (screen and image export)."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from couplecanvas.canvas.image_export import board_to_png, content_rect
from couplecanvas.canvas.reframes import TAG_RISE
from couplecanvas.domain.board import (
    HINT_COLOUR,
    OLD_STORY_COLOUR,
    REFRAME_COLOUR,
    Board,
    Card,
    Connector,
    ConnectorKind,
)

HINT = "On the surface I feel..."


def board_of(*cards: Card, connectors=()) -> Board:
    board = Board()
    for card in cards:
        board.add_card(card)
    for connector in connectors:
        board.add_connector(connector)
    return board


def render(scene, rect: QRectF, scale: float = 2.0) -> QImage:
    """The scene under `rect` (board units) as it is on screen now, `scale` pixels a unit."""
    image = QImage(int(rect.width() * scale), int(rect.height() * scale), QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, QRectF(0, 0, image.width(), image.height()), rect)
    painter.end()
    return image


def pixels_of(image: QImage, colour: str, tolerance: int = 10) -> int:
    """How many pixels are (nearly) exactly this colour."""
    want = QColor(colour)
    near = [range(max(0, c - tolerance), min(255, c + tolerance) + 1) for c in (want.red(), want.green(), want.blue())]
    accepted = {0xFF000000 | r << 16 | g << 8 | b for r in near[0] for g in near[1] for b in near[2]}
    opaque = image.convertToFormat(QImage.Format.Format_RGB32)
    counts = Counter(memoryview(opaque.constBits()).cast("I"))
    return sum(n for value, n in counts.items() if value in accepted)


def on_screen(view, qtbot, rect: QRectF, colour: str, tolerance: int = 10) -> int:
    """Pixels of this colour in what the window really shows under `rect` (board units), once pending paints ran:
    catches an item that changed its look but never asked to be repainted."""
    qtbot.wait(30)
    shown = view.screen().grabWindow(view.winId()).toImage()
    area = view.mapFromScene(rect).boundingRect().translated(view.viewport().pos())
    return pixels_of(shown.copy(area), colour, tolerance)


def card_area(card: Card) -> QRectF:
    return QRectF(card.x, card.y, card.width, card.height)


# -- hints ---------------------------------------------------------------------------------------------------------
def test_an_empty_slot_shows_its_hint_and_typing_makes_it_go(board_view, qtbot):
    card = Card(x=100, y=100, width=240, height=76, role="surface-emotion", hint=HINT)
    view = board_view(board_of(card))
    scene = view.board_scene()
    item = scene.card_items[card.id]
    assert item.shown_hint() == HINT and scene.document.board.cards[card.id].text == ""
    assert pixels_of(render(scene, card_area(card)), HINT_COLOUR, 4) > 500
    point = view.mapFromScene(QPointF(card.x + 100, card.y + 38))
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert scene.editing_card_id == card.id
    assert item.shown_hint() == HINT  # a placeholder until the first character
    assert pixels_of(render(scene, card_area(card)), HINT_COLOUR, 4) > 500
    qtbot.keyClicks(view.viewport(), "x")
    assert item.shown_hint() == ""
    assert on_screen(view, qtbot, card_area(card), HINT_COLOUR, 4) == 0
    assert pixels_of(render(scene, card_area(card)), HINT_COLOUR, 4) == 0
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Backspace)
    assert item.shown_hint() == HINT
    qtbot.keyClicks(view.viewport(), "sad")
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    assert scene.document.board.cards[card.id].text == "sad"
    assert item.shown_hint() == "" and pixels_of(render(scene, card_area(card)), HINT_COLOUR, 4) == 0
    scene.document.undo_stack.undo()
    assert item.shown_hint() == HINT


def test_a_hint_is_never_stored_as_the_cards_words(board_view, qtbot):
    card = Card(x=100, y=100, role="trigger", hint="When I see or hear...")
    view = board_view(board_of(card))
    scene = view.board_scene()
    scene.start_editing(card.id)
    qtbot.keyClick(view.viewport(), Qt.Key.Key_Return)
    assert scene.document.board.cards[card.id].text == "" and scene.document.undo_stack.count() == 0


def test_a_card_without_a_hint_shows_none(board_view):
    card = Card(x=100, y=100)
    scene = board_view(board_of(card)).board_scene()
    assert scene.card_items[card.id].shown_hint() == ""
    assert pixels_of(render(scene, card_area(card)), HINT_COLOUR, 4) == 0


# -- reframes ------------------------------------------------------------------------------------------------------
def pair() -> tuple[Card, Card]:
    return Card("We just can't talk", 100, 100), Card("We are learning to slow down", 500, 100)


def test_marking_a_reframe_draws_the_arrow_and_tags_and_undo_takes_them_away(board_view):
    old, new = pair()
    view = board_view(board_of(old, new))
    scene = view.board_scene()
    whole = QRectF(80, 70, 640, 140)
    assert pixels_of(render(scene, whole), REFRAME_COLOUR) == 0
    scene.select_only([old.id, new.id])
    connector_id = scene.mark_reframe()
    arrow = scene.connector_items[connector_id]
    assert arrow.is_reframe and arrow.shown_label == "reframe"
    assert scene.card_items[old.id].story_tags() == ["old story"]
    assert scene.card_items[new.id].story_tags() == ["new story"]
    scene.clearSelection()
    image = render(scene, whole)
    assert pixels_of(image, REFRAME_COLOUR) > 400  # the double line, its head, the new story's border and tag
    between = render(scene, QRectF(310, 130, 180, 30))  # the arrow alone, between the cards
    assert pixels_of(between, REFRAME_COLOUR) > 100
    tag_strip = QRectF(old.x, old.y - 10, 120, 14)  # the old story's tag straddles its top edge
    assert pixels_of(render(scene, tag_strip), QColor(OLD_STORY_COLOUR).darker(125).name()) > 30
    scene.document.undo_stack.undo()
    assert connector_id not in scene.connector_items
    assert scene.card_items[old.id].story_tags() == [] and scene.card_items[new.id].story_tags() == []
    assert pixels_of(render(scene, whole), REFRAME_COLOUR) == 0
    scene.document.undo_stack.redo()
    assert scene.card_items[new.id].story_tags() == ["new story"]
    assert pixels_of(render(scene, whole), REFRAME_COLOUR) > 400


def test_an_ordinary_arrow_that_becomes_a_reframe_changes_its_look_and_back_on_undo(board_view):
    old, new = pair()
    arrow = Connector(new.id, old.id, label="")
    view = board_view(board_of(old, new, connectors=[arrow]))
    scene = view.board_scene()
    item = scene.connector_items[arrow.id]
    assert not item.is_reframe and item.shown_label == ""
    scene.select_only([old.id, new.id])
    assert scene.mark_reframe() == arrow.id
    assert item.is_reframe and scene.card_items[old.id].story_tags() == ["old story"]
    scene.document.undo_stack.undo()
    assert not item.is_reframe and scene.card_items[old.id].story_tags() == []


def test_a_reframe_with_its_own_label_shows_that_label(board_view):
    old, new = pair()
    reframe = Connector(old.id, new.id, label="what we found", kind=ConnectorKind.REFRAME)
    scene = board_view(board_of(old, new, connectors=[reframe])).board_scene()
    assert scene.connector_items[reframe.id].shown_label == "what we found"
    scene.document.set_connector(reframe.id, label="")
    assert scene.connector_items[reframe.id].shown_label == "reframe"


def test_deleting_one_story_drops_the_other_ones_tag_until_undo(board_view):
    old, new = pair()
    reframe = Connector(old.id, new.id, kind=ConnectorKind.REFRAME)
    scene = board_view(board_of(old, new, connectors=[reframe])).board_scene()  # loaded with the board
    assert scene.card_items[old.id].story_tags() == ["old story"]
    scene.document.remove([new.id])
    assert scene.card_items[old.id].story_tags() == []
    scene.document.undo_stack.undo()
    assert scene.card_items[old.id].story_tags() == ["old story"]
    assert scene.card_items[new.id].story_tags() == ["new story"]


def test_a_card_in_a_chain_of_reframes_is_both_stories(board_view):
    first, middle = pair()
    last = Card("We choose each other", 900, 100)
    links = [Connector(first.id, middle.id, kind=ConnectorKind.REFRAME),
             Connector(middle.id, last.id, kind=ConnectorKind.REFRAME)]
    scene = board_view(board_of(first, middle, last, connectors=links)).board_scene()
    assert scene.card_items[middle.id].story_tags() == ["old story", "new story"]
    scene.document.remove((), [links[1].id])
    assert scene.card_items[middle.id].story_tags() == ["new story"]


def test_the_board_picture_shows_the_reframe(board_view):
    old, new = pair()
    reframe = Connector(old.id, new.id, kind=ConnectorKind.REFRAME)
    plain_old, plain_new = Card("a", 100, 400), Card("b", 500, 400)
    plain = Connector(plain_old.id, plain_new.id)
    scene = board_view(board_of(old, new, plain_old, plain_new, connectors=[reframe, plain])).board_scene()
    image = QImage.fromData(board_to_png(scene, scale=1.0, margin=0))
    drawn = content_rect(scene, 0)
    assert drawn.top() == old.y - TAG_RISE  # the tags are in the picture
    assert pixels_of(image, REFRAME_COLOUR) > 200
    between = image.copy(int(310 - drawn.left()), int(old.y + 30 - drawn.top()), 180, 30)
    assert pixels_of(between, REFRAME_COLOUR) > 100  # the reframe arrow itself
    assert pixels_of(image.copy(0, 0, 200, 20), QColor(OLD_STORY_COLOUR).darker(125).name()) > 30  # the old story tag
    # only the reframe is green: the ordinary arrow below it is not
    lower = image.copy(0, image.height() // 2 + 20, image.width(), image.height() // 2 - 20)
    assert pixels_of(lower, REFRAME_COLOUR) == 0


def test_the_screen_repaints_the_tags_when_the_pair_comes_and_goes(board_view, qtbot):
    old, new = pair()
    arrow = Connector(old.id, new.id)
    view = board_view(board_of(old, new, connectors=[arrow]))
    scene = view.board_scene()
    tag, grey = QRectF(old.x, old.y - 10, 120, 20), QColor(OLD_STORY_COLOUR).darker(125).name()
    assert on_screen(view, qtbot, tag, grey) == 0
    scene.select_only([old.id, new.id])
    scene.mark_reframe()
    assert on_screen(view, qtbot, tag, grey) > 30
    scene.document.undo_stack.undo()
    assert on_screen(view, qtbot, tag, grey) == 0
