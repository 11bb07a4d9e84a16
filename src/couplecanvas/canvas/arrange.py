"""Align, distribute and snap: pure arithmetic on card rectangles, turned into one move by the scene."""

from __future__ import annotations

import enum

from couplecanvas.domain.geometry import Rect


class Align(enum.Enum):
    LEFT = "left"
    CENTRE = "centre"
    RIGHT = "right"
    TOP = "top"
    MIDDLE = "middle"
    BOTTOM = "bottom"


def aligned(rects: dict[str, Rect], how: Align) -> dict[str, tuple[float, float]]:
    """New top-left corners that line the rectangles up on one edge or centre line."""
    if len(rects) < 2:
        return {}
    values = rects.values()
    if how is Align.LEFT:
        edge = min(r.x for r in values)
        return {k: (edge, r.y) for k, r in rects.items()}
    if how is Align.RIGHT:
        edge = max(r.right for r in values)
        return {k: (edge - r.w, r.y) for k, r in rects.items()}
    if how is Align.CENTRE:
        centre = sum(r.center[0] for r in values) / len(rects)
        return {k: (centre - r.w / 2, r.y) for k, r in rects.items()}
    if how is Align.TOP:
        edge = min(r.y for r in values)
        return {k: (r.x, edge) for k, r in rects.items()}
    if how is Align.BOTTOM:
        edge = max(r.bottom for r in values)
        return {k: (r.x, edge - r.h) for k, r in rects.items()}
    centre = sum(r.center[1] for r in values) / len(rects)
    return {k: (r.x, centre - r.h / 2) for k, r in rects.items()}


DUST_DIGITS = 6
"""Decimal places kept in a distributed corner (see `distributed`)."""


def distributed(rects: dict[str, Rect], horizontal: bool) -> dict[str, tuple[float, float]]:
    """New top-left corners with equal gaps between neighbours; the outermost two stay where they are.

    Corners are rounded to a millionth of a pixel: adding fractional gaps leaves float dust (24.000000000000007), which
    the scene's items drop (QPointF compares fuzzily) while the board keeps it, and two cards meant to sit exactly on
    one another would then route their arrow differently on screen and on paper."""
    if len(rects) < 3:
        return {}
    key = (lambda item: item[1].x) if horizontal else (lambda item: item[1].y)
    ordered = sorted(rects.items(), key=key)
    if horizontal:
        span = ordered[-1][1].right - ordered[0][1].x
        gap = (span - sum(r.w for _, r in ordered)) / (len(ordered) - 1)
        position, result = ordered[0][1].x, {}
        for item_id, rect in ordered:
            result[item_id] = (round(position, DUST_DIGITS), rect.y)
            position += rect.w + gap
        return result
    span = ordered[-1][1].bottom - ordered[0][1].y
    gap = (span - sum(r.h for _, r in ordered)) / (len(ordered) - 1)
    position, result = ordered[0][1].y, {}
    for item_id, rect in ordered:
        result[item_id] = (rect.x, round(position, DUST_DIGITS))
        position += rect.h + gap
    return result


def snapped(value: float, step: float) -> float:
    """The nearest multiple of the grid step."""
    return round(value / step) * step
