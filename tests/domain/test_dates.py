"""Dates in the window and on the handout read the same, in English, whatever the process locale."""

from __future__ import annotations

import datetime as dt

from couplecanvas.domain.dates import format_appointment, format_date, long_date, short_date
from couplecanvas.domain.session import Session


def test_each_form_of_a_date():
    day = dt.date(2025, 3, 6)
    assert format_date(day) == "6 March 2025"
    assert long_date(day) == "Thursday, 6 March 2025"
    assert short_date(day) == "6 Mar 2025" and short_date(day, with_year=False) == "6 Mar"
    assert format_appointment(dt.datetime(2026, 12, 3, 17, 30)) == "Thursday 3 December 2026 at 17:30"
    assert Session(1, dt.date(2026, 11, 25), "Softening").label() == "25 Nov 2026 · Softening"
