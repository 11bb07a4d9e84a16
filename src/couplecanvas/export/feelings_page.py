"""The optional back page: the feeling words by level (resources/emotions.toml), for practice at home."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus.flowables import Flowable

if TYPE_CHECKING:
    from couplecanvas.export.handout_pdf import HandoutRenderer


def feelings_page_flowables(renderer: HandoutRenderer) -> list[Flowable]:
    """The feeling words on a page of their own."""
    return []
