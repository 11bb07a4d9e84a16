"""The palette's colour maths against published values, and the floors the board's colours must keep."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest

from couplecanvas.domain import palette
from couplecanvas.domain.board import (
    HIGHLIGHTER_COLOURS,
    LABEL_COLOUR,
    NEUTRAL_CARD_COLOUR,
    PARTNER_CARD_COLOURS,
    STICKY_NOTE_COLOUR,
)
from couplecanvas.domain.couple import DEFAULT_COLOURS, Couple, Partner, PartnerRole
from couplecanvas.domain.palette import Deficiency

# Sharma, Wu and Dalal (2005), supplementary test data: (Lab 1, Lab 2, CIEDE2000), pairs 1, 7, 17, 25 and 34.
SHARMA_PAIRS = [
    ((50.0000, 2.6772, -79.7751), (50.0000, 0.0000, -82.7485), 2.0425),
    ((50.0000, 0.0000, 0.0000), (50.0000, -1.0000, 2.0000), 2.3669),
    ((50.0000, 2.5000, 0.0000), (73.0000, 25.0000, -18.0000), 27.1492),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
]


def _template_fills() -> set[str]:
    """Every card colour the built-in templates use."""
    fills = set()
    folder = resources.files("couplecanvas.resources").joinpath("templates")
    for entry in folder.iterdir():
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            for card in data.get("slot", []):
                if "colour" in card:
                    fills.add(card["colour"])
    return fills


CARD_FILLS = sorted(
    {NEUTRAL_CARD_COLOUR, STICKY_NOTE_COLOUR, LABEL_COLOUR, *PARTNER_CARD_COLOURS.values(), *HIGHLIGHTER_COLOURS}
    | _template_fills()
)


# -- the maths ---------------------------------------------------------------------------------------------------------
def test_contrast_ratio_matches_wcag():
    assert palette.contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert palette.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert palette.contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    # #767676 is the lightest grey that reaches 4.5:1 on white (a figure quoted by WebAIM); #777777 just misses.
    assert palette.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert palette.contrast_ratio("#777777", "#ffffff") < 4.5


def test_relative_luminance_and_linear_round_trip():
    assert palette.relative_luminance("#ffffff") == pytest.approx(1.0)
    assert palette.relative_luminance("#000000") == 0.0
    assert palette.relative_luminance("#808080") == pytest.approx(0.2159, abs=1e-4)
    for value in (0, 1, 10, 11, 128, 254, 255):
        c = value / 255
        assert palette.from_linear(palette.to_linear(c)) == pytest.approx(c, abs=1e-9)


def test_cielab_of_known_colours():
    assert palette.lab("#ffffff") == pytest.approx((100.0, 0.0, 0.0), abs=0.01)
    assert palette.lab("#000000") == pytest.approx((0.0, 0.0, 0.0), abs=0.01)
    assert palette.lab("#ff0000") == pytest.approx((53.24, 80.09, 67.20), abs=0.02)
    assert palette.lab("#0000ff") == pytest.approx((32.30, 79.19, -107.86), abs=0.02)


@pytest.mark.parametrize(("first", "second", "expected"), SHARMA_PAIRS)
def test_ciede2000_matches_sharma_test_data(first, second, expected):
    assert palette.delta_e2000(first, second) == pytest.approx(expected, abs=1e-4)
    assert palette.delta_e2000(second, first) == pytest.approx(expected, abs=1e-4)


def test_cie76_is_the_plain_distance():
    assert palette.delta_e76((50, 0, 0), (50, 3, 4)) == pytest.approx(5.0)


def test_simulation_keeps_greys_and_confuses_what_it_should():
    for deficiency in Deficiency:
        # Each Machado matrix maps white to white and leaves greys grey (its rows sum to 1).
        assert palette.simulate("#ffffff", deficiency) == "#ffffff"
        assert palette.colour_difference("#808080", palette.simulate("#808080", deficiency)) < 1.0
    # The classic confusions: red and green with a red or green deficiency, blue and green with tritanopia.
    red, green = "#d62728", "#2ca02c"
    assert palette.colour_difference(red, green) > 50
    assert palette.colour_difference(red, green, Deficiency.DEUTERANOPIA) < 20
    assert palette.colour_difference(red, green, Deficiency.PROTANOPIA) < 25
    blue, dark_green = "#0000ff", "#008000"
    assert palette.colour_difference(blue, dark_green, Deficiency.TRITANOPIA) < (
        palette.colour_difference(blue, dark_green) / 2
    )
    assert (
        palette.colour_difference(blue, dark_green, Deficiency.DEUTERANOPIA) > 50
    )  # a red-green deficiency keeps them


def test_fill_for_text_lightens_only_what_needs_it():
    assert palette.fill_for_text("#fff4c2", "#000000", 7.0) == "#fff4c2"
    lightened = palette.fill_for_text("#6a8caf", "#000000", 7.0)
    assert palette.contrast_ratio(lightened, "#000000") >= 7.0
    assert palette.contrast_ratio(palette.mix("#6a8caf", "#ffffff", 0.0), "#000000") < 7.0
    with pytest.raises(ValueError):
        palette.parse_hex("blue")


# -- the floors the palette keeps --------------------------------------------------------------------------------------
def test_default_partner_colours_come_from_the_palette():
    assert DEFAULT_COLOURS == {PartnerRole.A: palette.PARTNER_A_COLOUR, PartnerRole.B: palette.PARTNER_B_COLOUR}
    couple = Couple(Partner("Maya"), Partner("Jordan"))
    assert (couple.partner_a.colour, couple.partner_b.colour) == (palette.PARTNER_A_COLOUR, palette.PARTNER_B_COLOUR)


@pytest.mark.parametrize("deficiency", [None, *Deficiency], ids=lambda d: d.value if d else "normal")
def test_partner_colours_stay_apart_under_each_deficiency(deficiency):
    a, b = palette.PARTNER_A_COLOUR, palette.PARTNER_B_COLOUR
    assert palette.colour_difference(a, b, deficiency) >= palette.MIN_PARTNER_DELTA_E


@pytest.mark.parametrize("theme", sorted(palette.BOARD_BACKGROUNDS))
def test_partner_borders_stand_out_from_every_board(theme):
    background = palette.BOARD_BACKGROUNDS[theme]
    for colour in (palette.PARTNER_A_COLOUR, palette.PARTNER_B_COLOUR):
        assert palette.contrast_ratio(colour, background) >= palette.MIN_BORDER_CONTRAST, (theme, colour)


def test_pair_report_names_a_pair_that_fails():
    assert palette.pair_is_legible(palette.PARTNER_A_COLOUR, palette.PARTNER_B_COLOUR)
    report = palette.pair_report("#d62728", "#2ca02c")  # red and green: apart for most, not for a deuteranope
    assert report.delta_e["normal"] > 50
    assert report.worst_delta_e < palette.MIN_PARTNER_DELTA_E
    assert not palette.pair_is_legible("#d62728", "#2ca02c")
    assert not palette.pair_is_legible("#fff4c2", "#2f6fb0")  # a pale yellow border vanishes on the light board


def test_black_text_reads_at_seven_to_one_on_every_card_fill():
    assert len(CARD_FILLS) >= 10  # the templates' fills were found too
    for fill in CARD_FILLS:
        assert palette.contrast_ratio(fill, "#000000") >= palette.MIN_CARD_TEXT_CONTRAST, fill
        assert palette.contrast_ratio(fill, "#1f1f1f") >= palette.MIN_CARD_TEXT_CONTRAST, (
            fill
        )  # the light board's words


def test_the_readme_table_gives_the_palettes_figures():
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    a, b = palette.PARTNER_A_COLOUR, palette.PARTNER_B_COLOUR
    row = next(line for line in readme.splitlines() if line.startswith(f"| blue `{a}` vs orange `{b}`"))
    report = palette.pair_report(a, b)
    cells = [cell.strip() for cell in row.strip("|").split("|")][1:]
    differences = [report.delta_e[key] for key in ("normal", "protanopia", "deuteranopia", "tritanopia")]
    assert cells[:4] == [f"{value:.0f}" for value in differences]
    contrasts = [report.border_contrast[theme] for theme in ("light", "dark", "high_contrast")]
    assert cells[4:] == [f"{first:.1f} and {second:.1f} : 1" for first, second in contrasts]
