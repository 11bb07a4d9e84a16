"""The board's colours as numbers: contrast, colour difference and colour-vision-deficiency simulation (pure Python).

Used to choose and check the partner colours and card fills, so that the board stays legible over a compressed video
call and the two partners stay apart for a viewer with a colour-vision deficiency. Colours are "#rrggbb" strings.

Sources:
- sRGB transfer function and WCAG 2.x relative luminance / contrast ratio: https://www.w3.org/TR/WCAG21/#dfn-relative-luminance
- CIELAB (D65 white) and CIEDE2000: G. Sharma, W. Wu, E. N. Dalal, "The CIEDE2000 color-difference formula:
  implementation notes, supplementary test data, and mathematical observations", Color Res. Appl. 30 (2005).
- Deficiency simulation: G. M. Machado, M. M. Oliveira, L. A. F. Fernandes, "A physiologically-based model for
  simulation of color vision deficiency", IEEE TVCG 15(6), 2009: the severity-1.0 matrices (dichromacy), applied to
  linear RGB as the authors (and colorspacious) do. The authors note their tritanopia model is the least validated.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

RGB = tuple[float, float, float]
Lab = tuple[float, float, float]

D65_WHITE = (0.95047, 1.0, 1.08883)  # XYZ of the D65 white, Y = 1

MIN_PARTNER_DELTA_E = 20.0
"""The floor for CIEDE2000 between the two partner colours, with normal vision and under each simulated deficiency."""
MIN_BORDER_CONTRAST = 3.0
"""WCAG's floor for graphical objects: a partner's border against the board background."""
MIN_CARD_TEXT_CONTRAST = 7.0
"""WCAG AAA for text: black card text on every card fill, in the high-contrast theme."""


class Deficiency(str, enum.Enum):
    """A colour-vision deficiency, simulated at full severity (dichromacy)."""

    PROTANOPIA = "protanopia"
    DEUTERANOPIA = "deuteranopia"
    TRITANOPIA = "tritanopia"


# Machado et al. 2009, severity 1.0 (rows give linear R', G', B' from linear R, G, B).
MACHADO_MATRICES: dict[Deficiency, tuple[RGB, RGB, RGB]] = {
    Deficiency.PROTANOPIA: (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    Deficiency.DEUTERANOPIA: (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    Deficiency.TRITANOPIA: (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


# -- sRGB --------------------------------------------------------------------------------------------------------------
def parse_hex(colour: str) -> RGB:
    """'#rrggbb' (or 'rrggbb') as three sRGB components in 0..1; ValueError on anything else."""
    text = colour.strip().lstrip("#")
    if len(text) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    value = int(text, 16)
    return ((value >> 16) & 255) / 255.0, ((value >> 8) & 255) / 255.0, (value & 255) / 255.0


def to_hex(rgb: RGB) -> str:
    """Three sRGB components in 0..1 (clipped) as '#rrggbb'."""
    return "#" + "".join(f"{round(min(1.0, max(0.0, c)) * 255):02x}" for c in rgb)


def to_linear(c: float) -> float:
    """One sRGB component (0..1) to linear light."""
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def from_linear(c: float) -> float:
    """One linear-light component to sRGB (0..1), clipped to the gamut."""
    c = min(1.0, max(0.0, c))
    return c * 12.92 if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def linear_rgb(colour: str) -> RGB:
    """A '#rrggbb' colour in linear RGB."""
    r, g, b = parse_hex(colour)
    return to_linear(r), to_linear(g), to_linear(b)


# -- WCAG --------------------------------------------------------------------------------------------------------------
def relative_luminance(colour: str) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""
    r, g, b = linear_rgb(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21 (order does not matter)."""
    a, b = relative_luminance(first), relative_luminance(second)
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


def mix(colour: str, other: str, amount: float) -> str:
    """`colour` moved `amount` (0..1) of the way towards `other`, in sRGB."""
    a, b = parse_hex(colour), parse_hex(other)
    return to_hex(tuple(x + (y - x) * amount for x, y in zip(a, b)))  # type: ignore[arg-type]


def fill_for_text(fill: str, text: str, minimum: float) -> str:
    """The fill itself when `text` on it reaches `minimum` contrast, else the nearest mix towards white (or black)
    that does."""
    if contrast_ratio(fill, text) >= minimum:
        return fill
    towards = "#ffffff" if relative_luminance(text) < 0.5 else "#000000"
    low, high = 0.0, 1.0
    for _ in range(20):  # bisection: contrast grows steadily as the fill moves away from the text
        middle = (low + high) / 2
        if contrast_ratio(mix(fill, towards, middle), text) >= minimum:
            high = middle
        else:
            low = middle
    return mix(fill, towards, high)


# -- CIELAB and colour difference --------------------------------------------------------------------------------------
def _xyz(linear: RGB) -> RGB:
    r, g, b = linear
    return (
        0.4124564 * r + 0.3575761 * g + 0.1804375 * b,
        0.2126729 * r + 0.7151522 * g + 0.0721750 * b,
        0.0193339 * r + 0.1191920 * g + 0.9503041 * b,
    )


def _lab_from_linear(linear: RGB) -> Lab:
    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    x, y, z = (v / w for v, w in zip(_xyz(linear), D65_WHITE))
    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def lab(colour: str) -> Lab:
    """CIELAB (D65) of a '#rrggbb' colour."""
    return _lab_from_linear(linear_rgb(colour))


def delta_e76(first: Lab, second: Lab) -> float:
    """CIE76 colour difference: the plain distance in CIELAB."""
    return math.dist(first, second)


def delta_e2000(first: Lab, second: Lab) -> float:
    """CIEDE2000 colour difference (kL = kC = kH = 1), as in Sharma, Wu and Dalal (2005)."""
    l1, a1, b1 = first
    l2, a2, b2 = second
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar**7 / (c_bar**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl = l2 - l1
    dc = c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    elif abs(h2p - h1p) <= 180:
        dh = h2p - h1p
    else:
        dh = h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360
    dH = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))  # noqa: N806 - the paper's name
    l_bar = (l1 + l2) / 2
    cp_bar = (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_bar - 30))
        + 0.24 * math.cos(math.radians(2 * h_bar))
        + 0.32 * math.cos(math.radians(3 * h_bar + 6))
        - 0.20 * math.cos(math.radians(4 * h_bar - 63))
    )
    d_theta = 30 * math.exp(-(((h_bar - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_bar**7 / (cp_bar**7 + 25**7))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    s_c = 1 + 0.045 * cp_bar
    s_h = 1 + 0.015 * cp_bar * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt(
        (dl / s_l) ** 2 + (dc / s_c) ** 2 + (dH / s_h) ** 2 + r_t * (dc / s_c) * (dH / s_h)
    )


def colour_difference(first: str, second: str, deficiency: Deficiency | None = None) -> float:
    """CIEDE2000 between two '#rrggbb' colours, as seen with normal vision or with the given deficiency."""
    if deficiency is None:
        return delta_e2000(lab(first), lab(second))
    return delta_e2000(lab(simulate(first, deficiency)), lab(simulate(second, deficiency)))


# -- colour-vision deficiencies ----------------------------------------------------------------------------------------
def simulate(colour: str, deficiency: Deficiency) -> str:
    """How a '#rrggbb' colour looks with the given deficiency (Machado et al. 2009, severity 1.0), as '#rrggbb'."""
    linear = linear_rgb(colour)
    rows = MACHADO_MATRICES[deficiency]
    seen = tuple(sum(m * c for m, c in zip(row, linear)) for row in rows)
    return to_hex(tuple(from_linear(c) for c in seen))  # type: ignore[arg-type]


# -- the palette -------------------------------------------------------------------------------------------------------
PARTNER_A_COLOUR = "#2f6fb0"
"""Partner 1's colour for a new couple: a mid blue (domain.couple.DEFAULT_COLOURS takes it from here)."""
PARTNER_B_COLOUR = "#c0631e"
"""Partner 2's colour for a new couple: a burnt orange. Blue against orange survives all three deficiencies."""

BOARD_BACKGROUNDS: dict[str, str] = {
    "light": "#fbfaf7",
    "dark": "#17181b",
    "high_contrast": "#ffffff",
}
"""The board's background in each theme (the canvas style uses these same values)."""


@dataclass(frozen=True)
class PairReport:
    """How far apart two partner colours are and how each stands out from the board, in figures."""

    delta_e: dict[str, float]
    """CIEDE2000 between the two, keyed "normal" and by each Deficiency's value."""
    border_contrast: dict[str, tuple[float, float]]
    """Contrast of each colour (first, second) against each theme's board background, keyed by theme."""

    @property
    def worst_delta_e(self) -> float:
        """The smallest difference over normal vision and the three deficiencies."""
        return min(self.delta_e.values())

    @property
    def worst_contrast(self) -> float:
        """The smallest border contrast over both colours and every theme."""
        return min(min(pair) for pair in self.border_contrast.values())


def pair_report(first: str, second: str, backgrounds: dict[str, str] | None = None) -> PairReport:
    """The figures for a pair of partner colours against the given (default: every theme's) board backgrounds."""
    delta = {"normal": colour_difference(first, second)}
    for deficiency in Deficiency:
        delta[deficiency.value] = colour_difference(first, second, deficiency)
    contrast = {
        theme: (contrast_ratio(first, background), contrast_ratio(second, background))
        for theme, background in (backgrounds or BOARD_BACKGROUNDS).items()
    }
    return PairReport(delta, contrast)


def pair_is_legible(first: str, second: str, backgrounds: dict[str, str] | None = None) -> bool:
    """True when the pair keeps the ΔE2000 floor under every vision and the border contrast floor on every board."""
    report = pair_report(first, second, backgrounds)
    return report.worst_delta_e >= MIN_PARTNER_DELTA_E and report.worst_contrast >= MIN_BORDER_CONTRAST
