"""Hostile or broken templates of the therapist's own are refused at the door, by file and key, and the rest still
load: NaN or infinite numbers (they reached the board and made every later autosave fail), nesting thousands deep
(RecursionError at every start), tens of thousands of slots (minutes), files too big, absurd sizes. The same for
boards pasted from the clipboard and for saving a board as a template."""

from __future__ import annotations

import json
import math
import os
import sys

import pytest

from couplecanvas.domain.board import Board, Card, Stroke
from couplecanvas.domain.board_copy import fresh_copies, payload_of
from couplecanvas.domain.templates import (
    MAX_ARROWS,
    MAX_FILE_BYTES,
    MAX_LINE_POINTS,
    MAX_LINES,
    MAX_SLOTS,
    TemplateError,
    TemplateLibrary,
    parse_template,
    template_from_board,
    template_to_toml,
)

GOOD = """
title = "Good"
[[slot]]
key = "one"
x = 10
y = 20
"""


def _slot(**values) -> str:
    fields = {"key": '"one"', **{name: str(value) for name, value in values.items()}}
    return 'title = "Hostile"\n[[slot]]\n' + "".join(f"{name} = {value}\n" for name, value in fields.items())


@pytest.mark.parametrize("name", ["x", "y", "width", "height"])
@pytest.mark.parametrize("value", ["nan", "+nan", "-nan", "inf", "-inf"])
def test_a_slot_number_that_is_not_finite_is_refused_by_file_and_key(name, value):
    with pytest.raises(TemplateError) as caught:
        parse_template(_slot(**{name: value}), "hostile.toml", "hostile", user=True)

    message = str(caught.value)
    assert message.startswith(f"hostile.toml: slot 1 ('one'): '{name}'")


def test_mirror_x_that_is_not_a_number_is_refused():
    with pytest.raises(TemplateError, match="'mirror_x' must be a finite number"):
        parse_template("mirror_x = nan\n" + _slot(partner='"both"'), "hostile.toml", "hostile", user=True)


@pytest.mark.parametrize("point", ["[nan, 0]", "[0, inf]", "[-inf, 1]", "[0, 1e300]", "[0, 99999999999999999999999]"])
def test_a_line_point_that_is_not_finite_or_is_too_far_is_refused(point):
    text = _slot() + f"[[line]]\npoints = [[0, 0], {point}]\n"
    with pytest.raises(TemplateError, match=r"^hostile.toml: line 1: point 2"):
        parse_template(text, "hostile.toml", "hostile", user=True)


@pytest.mark.parametrize(("values", "key"), [
    ({"width": 0}, "'width' must be from 10 to 10000"),
    ({"width": 5}, "'width' must be from 10 to 10000"),
    ({"height": 1e9}, "'height' must be from 10 to 10000"),
    ({"width": 10**400}, "'width' is too far out"),  # too big even to become a float
    ({"x": 1e6}, "'x' is too far out"),
])
def test_sizes_and_places_are_within_sane_ranges(values, key):
    with pytest.raises(TemplateError, match=key):
        parse_template(_slot(**values), "hostile.toml", "hostile", user=True)


@pytest.mark.parametrize("width", ["nan", "0", "1e6"])
def test_a_line_width_out_of_range_is_refused(width):
    text = _slot() + f"[[line]]\npoints = [[0, 0], [5, 5]]\nwidth = {width}\n"
    with pytest.raises(TemplateError, match=r"^hostile.toml: line 1: 'width'"):
        parse_template(text, "hostile.toml", "hostile", user=True)


@pytest.mark.parametrize("nested", [
    "x = " + "[" * 10_000 + "]" * 10_000,
    "x = " + "{a = " * 10_000 + "1" + "}" * 10_000,
    "x = " + "[ \n" * 10_000 + "]" * 10_000,
])
def test_nesting_thousands_deep_is_refused_not_a_recursion_error(nested):
    with pytest.raises(TemplateError, match=r"^deep.toml: "):
        parse_template('title = "Deep"\n' + nested + "\n", "deep.toml", "deep", user=True)


def test_forty_thousand_slots_are_refused_by_count():
    text = 'title = "Many"\n' + "".join(f'[[slot]]\nkey = "s{n}"\n' for n in range(40_000))
    assert len(text) < MAX_FILE_BYTES

    with pytest.raises(TemplateError, match=rf"^many.toml: 40000 \[\[slot\]\] tables; a template may have {MAX_SLOTS}"):
        parse_template(text, "many.toml", "many", user=True)


def test_the_largest_allowed_template_still_loads():
    text = 'title = "Big"\n' + "".join(f'[[slot]]\nkey = "s{n}"\nx = {n}\n' for n in range(MAX_SLOTS))
    assert len(parse_template(text, "big.toml", "big", user=True).slots) == MAX_SLOTS


@pytest.mark.parametrize(("table", "limit"), [("arrow", MAX_ARROWS), ("line", MAX_LINES)])
def test_too_many_arrows_or_lines_are_refused(table, limit):
    extra = {"arrow": '[[arrow]]\nfrom = "a"\nto = "b"\n', "line": "[[line]]\npoints = [[0, 0]]\n"}[table]
    text = 'title = "Many"\n[[slot]]\nkey = "a"\n[[slot]]\nkey = "b"\nx = 300\n' + extra * (limit + 1)
    with pytest.raises(TemplateError, match=rf"{limit + 1} \[\[{table}\]\] tables; a template may have {limit}"):
        parse_template(text, "many.toml", "many", user=True)


def test_too_many_points_on_one_line_are_refused():
    points = ", ".join(f"[{n}, 0]" for n in range(MAX_LINE_POINTS + 1))
    with pytest.raises(TemplateError, match=rf"line 1: {MAX_LINE_POINTS + 1} points"):
        parse_template(_slot() + f"[[line]]\npoints = [{points}]\n", "long.toml", "long", user=True)


def test_a_file_over_the_size_limit_is_refused():
    text = GOOD + "# " + "x" * MAX_FILE_BYTES + "\n"
    with pytest.raises(TemplateError, match=r"^big.toml: larger than 1 MB"):
        parse_template(text, "big.toml", "big", user=True)


def test_hostile_files_in_the_folder_are_skipped_and_the_rest_still_load(tmp_path):
    (tmp_path / "a-good.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "nan.toml").write_text(_slot(x="nan"), encoding="utf-8")
    (tmp_path / "deep.toml").write_text('title = "Deep"\nx = ' + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    (tmp_path / "many.toml").write_text(
        'title = "Many"\n' + "".join(f'[[slot]]\nkey = "s{n}"\n' for n in range(40_000)), encoding="utf-8"
    )
    (tmp_path / "huge.toml").write_text(GOOD + "#" * (MAX_FILE_BYTES + 1), encoding="utf-8")
    (tmp_path / "z-good.toml").write_text(GOOD.replace("Good", "Also good"), encoding="utf-8")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.toml")  # reading it would wait for ever

    library = TemplateLibrary()
    library.add_folder(tmp_path)

    assert sorted(t.title for t in library.templates.values()) == ["Also good", "Good"]
    problems = {p.split(":")[0] for p in library.problems}
    expected = {"nan.toml", "deep.toml", "many.toml", "huge.toml"} | ({"pipe.toml"} if hasattr(os, "mkfifo") else set())
    assert problems == expected
    assert any(p.startswith("nan.toml: slot 1 ('one'): 'x' must be a finite number") for p in library.problems)
    assert any(p.startswith("huge.toml: larger than 1 MB; skipped") for p in library.problems)


# -- saving a board as a template -------------------------------------------------------------------------------------
def test_a_board_with_a_card_placed_at_nan_is_not_saved_as_a_template():
    board = Board()
    board.add_card(Card(text="fine", x=0, y=0))
    board.add_card(Card(text="lost", x=math.nan, y=10))

    with pytest.raises(TemplateError, match="not a number"):
        template_from_board(board, "Mine", "mine")


def test_a_board_with_more_cards_than_a_template_holds_says_so():
    board = Board()
    for n in range(MAX_SLOTS + 1):
        board.add_card(Card(text=str(n), x=n * 10.0, y=0))

    with pytest.raises(TemplateError, match=rf"This board has {MAX_SLOTS + 1} cards; a template can hold {MAX_SLOTS}"):
        template_from_board(board, "Mine", "mine")


def test_a_board_with_a_line_at_infinity_is_not_saved_as_a_template():
    board = Board()
    board.add_card(Card(text="fine", x=0, y=0))
    board.add_stroke(Stroke(((0.0, 0.0, 0.5), (math.inf, 1.0, 0.5))))

    with pytest.raises(TemplateError, match="not a number"):
        template_from_board(board, "Mine", "mine")


def test_a_board_that_fits_is_saved_and_reads_back():
    board = Board()
    board.add_card(Card(text="fine", x=5, y=5))
    board.add_stroke(Stroke(((0.0, 0.0, 0.5), (40.0, 1.0, 0.5))))
    template = template_from_board(board, "Mine", "mine")
    assert parse_template(template_to_toml(template), "mine.toml", "mine", user=True).slots == template.slots


# -- pasting from the clipboard ---------------------------------------------------------------------------------------
def _payload(**card_values) -> dict:
    card = Card(text="pasted", x=1, y=2)
    data = payload_of([card], [], [Stroke(((0.0, 0.0, 0.5), (3.0, 4.0, 0.5)))])
    data["cards"][0].update(card_values)
    return json.loads(json.dumps(data))  # as the clipboard carries it


def test_a_sound_payload_is_pasted():
    cards, _connectors, strokes = fresh_copies(_payload(), (10, 10))
    assert (cards[0].x, cards[0].y) == (11, 12)
    assert strokes[0].points[1][:2] == (13, 14)


@pytest.mark.parametrize("values", [
    {"x": math.nan}, {"y": math.inf}, {"width": -math.inf}, {"height": math.nan}, {"z": math.nan},
    {"width": 0}, {"height": -5}, {"width": 1e12}, {"x": 1e300}, {"x": 10**400}, {"x": "12"}, {"x": True},
])
def test_a_pasted_card_with_a_number_that_is_not_sane_pastes_nothing(values):
    payload = json.loads(json.dumps(_payload(**values)))  # JSON spells NaN and Infinity: the clipboard may too
    with pytest.raises(ValueError):
        fresh_copies(payload, (0, 0))


@pytest.mark.parametrize("point", [[math.nan, 0, 0.5], [0, math.inf, 0.5], [0, 0, math.nan], [1e300, 0, 0.5]])
def test_a_pasted_line_with_a_point_that_is_not_sane_pastes_nothing(point):
    payload = _payload()
    payload["strokes"][0]["points"][1] = point
    with pytest.raises(ValueError):
        fresh_copies(payload, (0, 0))


def test_a_paste_that_would_push_a_card_out_of_range_pastes_nothing():
    with pytest.raises(ValueError):
        fresh_copies(_payload(x=999_999.0), (sys.float_info.max, 0))


@pytest.mark.parametrize("payload", [[], "cards", 3, {"cards": 5}, {"cards": [["x"]]}, {"strokes": [{"points": {}}]}])
def test_a_payload_of_another_shape_pastes_nothing(payload):
    with pytest.raises((ValueError, KeyError, TypeError)):  # what the clipboard's reader catches
        fresh_copies(payload, (0, 0))
