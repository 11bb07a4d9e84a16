"""A couple in therapy: two partners, each with a first name, an optional alias and a colour."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from couplecanvas.domain.palette import PARTNER_A_COLOUR, PARTNER_B_COLOUR


class PartnerRole(str, enum.Enum):
    """Which of the two partners; stable across renames."""

    A = "a"
    B = "b"

    @property
    def other(self) -> PartnerRole:
        """The other partner."""
        return PartnerRole.B if self is PartnerRole.A else PartnerRole.A


class Position(str, enum.Enum):
    """A partner's usual move in the couple's cycle (EFT); unset until the therapist sees it."""

    UNSET = ""
    PURSUER = "pursuer"
    WITHDRAWER = "withdrawer"

    @property
    def label(self) -> str:
        """How the position reads on the board and the handout."""
        return {"": "", "pursuer": "pursues", "withdrawer": "withdraws"}[self.value]


# A blue and an orange that stay apart under the common colour-vision deficiencies: the figures are in domain.palette.
DEFAULT_COLOURS = {PartnerRole.A: PARTNER_A_COLOUR, PartnerRole.B: PARTNER_B_COLOUR}


@dataclass
class Partner:
    """One partner. The alias, when set, replaces the first name on a shared screen or a handout."""

    first_name: str
    alias: str = ""
    colour: str = ""
    position: Position = Position.UNSET

    def shown_name(self, use_alias: bool) -> str:
        """The name to show: the alias when asked for and present, else the first name."""
        if use_alias and self.alias.strip():
            return self.alias.strip()
        return self.first_name.strip()


@dataclass
class Couple:
    """Two partners seen together; `id` is None until stored."""

    partner_a: Partner
    partner_b: Partner
    id: int | None = None
    is_sample: bool = False
    use_aliases: bool = False
    archived: bool = False

    def __post_init__(self) -> None:
        for role in PartnerRole:
            partner = self.partner(role)
            if not partner.colour:
                partner.colour = DEFAULT_COLOURS[role]

    def partner(self, role: PartnerRole) -> Partner:
        """The partner in the given role."""
        return self.partner_a if role is PartnerRole.A else self.partner_b

    def display_name(self, use_alias: bool | None = None) -> str:
        """'Maya & Jordan', honouring aliases when asked (default: the couple's own choice)."""
        alias = self.use_aliases if use_alias is None else use_alias
        return f"{self.partner_a.shown_name(alias)} & {self.partner_b.shown_name(alias)}"

    def pattern(self) -> str:
        """The cycle's pattern from the two positions ("pursue-withdraw", ...), or "" while either is unset."""
        a, b = self.partner_a.position, self.partner_b.position
        if Position.UNSET in (a, b):
            return ""
        if a is not b:
            return "pursue-withdraw"
        return "attack-attack" if a is Position.PURSUER else "withdraw-withdraw"


def validate_first_name(name: str) -> str:
    """Return the cleaned name or raise ValueError with a message for the user."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValueError("A first name is needed.")
    if len(cleaned) > 60:
        raise ValueError("A first name can be at most 60 characters.")
    return cleaned
