"""The pure-Python model of Couple Canvas: no Qt, no database, no PDF code.

Names are loaded on first use, so importing one module (say `domain.couple`) does not build every dataclass;
that keeps the app's first paint quick.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "Board": "board",
    "BoardError": "board",
    "Card": "board",
    "CardKind": "board",
    "Connector": "board",
    "ConnectorKind": "board",
    "Stroke": "board",
    "StrokeKind": "board",
    "Couple": "couple",
    "Partner": "couple",
    "PartnerRole": "couple",
    "Position": "couple",
    "Template": "templates",
    "TemplateLibrary": "templates",
    "EmotionWords": "emotions",
    "Rect": "geometry",
    "Assignment": "homework",
    "Exercise": "homework",
    "HomeworkLibrary": "homework",
    "Who": "homework",
    "PrivateNote": "session",
    "Session": "session",
}

__all__ = sorted(_WHERE)

if TYPE_CHECKING:
    from couplecanvas.domain.board import (
        Board,
        BoardError,
        Card,
        CardKind,
        Connector,
        ConnectorKind,
        Stroke,
        StrokeKind,
    )
    from couplecanvas.domain.couple import Couple, Partner, PartnerRole, Position
    from couplecanvas.domain.emotions import EmotionWords
    from couplecanvas.domain.geometry import Rect
    from couplecanvas.domain.homework import Assignment, Exercise, HomeworkLibrary, Who
    from couplecanvas.domain.session import PrivateNote, Session
    from couplecanvas.domain.templates import Template, TemplateLibrary


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
