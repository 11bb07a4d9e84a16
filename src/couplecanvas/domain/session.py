"""A therapy session of a couple. Private notes are a separate object so that no export can reach them by accident."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from couplecanvas.domain.dates import short_date


@dataclass
class Session:
    """One session; its board and homework are loaded separately. `id` is None until stored."""

    couple_id: int
    date: dt.date
    title: str = ""
    id: int | None = None
    next_appointment: dt.datetime | None = None

    def label(self) -> str:
        """A short label for lists: the date, then the title if any."""
        text = short_date(self.date)
        return f"{text} · {self.title}" if self.title else text


@dataclass
class PrivateNote:
    """The therapist's process notes for a session. Never shown in share mode, never exported."""

    session_id: int
    text: str = ""
