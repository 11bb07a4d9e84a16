"""The practice behind the handouts: its name, how to reach it, its logo, how its handouts are printed, and a support
or crisis line for the foot of every page."""

from __future__ import annotations

from dataclasses import dataclass

PAGE_SIZES = ("A4", "Letter")
MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_SUPPORT_LINE = 120
SPELLINGS = ("UK", "US")


@dataclass
class Practice:
    """What the therapist puts at the top of every handout; empty until they fill it in."""

    name: str = ""
    contact: str = ""
    logo: bytes = b""
    """A PNG or JPEG file's bytes, kept in the database so it travels with the backups."""
    page_size: str = "A4"
    large_print: bool = False
    support_line: str = ""
    """A support or crisis line printed at the foot of every handout page (one short line; empty: none)."""
    spelling: str = "UK"
    """How the practice spells ("UK" or "US")."""

    def check(self) -> Practice:
        """The practice with tidy text, or ValueError with a message for the therapist."""
        if self.page_size not in PAGE_SIZES:
            raise ValueError(f"The page size must be one of {', '.join(PAGE_SIZES)}.")
        if len(self.logo) > MAX_LOGO_BYTES:
            raise ValueError("The logo file is larger than 2 MB; a smaller picture prints just as well.")
        if self.logo and logo_kind(self.logo) is None:
            raise ValueError("The logo must be a PNG or JPEG picture.")
        name = " ".join(self.name.split())
        if len(name) > 200:
            raise ValueError("The practice name can be at most 200 characters.")
        contact = "\n".join(line.strip() for line in self.contact.strip().splitlines())
        if len(contact) > 500:
            raise ValueError("The contact details can be at most 500 characters.")
        if self.spelling not in SPELLINGS:
            raise ValueError(f"The spelling must be one of {', '.join(SPELLINGS)}.")
        support_line = " ".join(self.support_line.split())
        if len(support_line) > MAX_SUPPORT_LINE:
            raise ValueError(f"The support line can be at most {MAX_SUPPORT_LINE} characters, so it fits at the foot "
                             "of the page.")
        return Practice(name, contact, self.logo, self.page_size, self.large_print, support_line, self.spelling)


def logo_kind(data: bytes) -> str | None:
    """'png' or 'jpeg' from a file's first bytes, else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    return None
