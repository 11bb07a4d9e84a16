"""The pure-Python model of Couple Canvas: no Qt, no database, no PDF code."""

from couplecanvas.domain.board import Board, BoardError, Card, Connector
from couplecanvas.domain.couple import Couple, Partner, PartnerRole
from couplecanvas.domain.geometry import Rect
from couplecanvas.domain.homework import Assignment, Exercise, HomeworkLibrary, Who
from couplecanvas.domain.session import PrivateNote, Session

__all__ = [
    "Assignment",
    "Board",
    "BoardError",
    "Card",
    "Connector",
    "Couple",
    "Exercise",
    "HomeworkLibrary",
    "Partner",
    "PartnerRole",
    "PrivateNote",
    "Rect",
    "Session",
    "Who",
]
