"""'When our cycle starts': the plan for the fridge laid out on one page in large type (see export.plan_data)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus.flowables import Flowable

from couplecanvas.export.plan_data import PlanCard

if TYPE_CHECKING:
    from couplecanvas.export.handout_pdf import HandoutRenderer


def plan_card_flowables(renderer: HandoutRenderer, plan: PlanCard) -> list[Flowable]:
    """The plan on a page of its own."""
    return []
