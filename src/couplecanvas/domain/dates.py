"""Dates as the app and the handout write them, in English whatever the process locale (strftime's %B and %A
follow the locale, which Qt sets from the environment)."""

from __future__ import annotations

import datetime as dt

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def format_date(day: dt.date) -> str:
    """'25 November 2026'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def long_date(day: dt.date) -> str:
    """'Monday, 12 May 2025': a date as a heading."""
    return f"{WEEKDAYS[day.weekday()]}, {format_date(day)}"


def short_date(day: dt.date, with_year: bool = True) -> str:
    """'12 May 2025' with the month cut to three letters ('12 May' without the year): for lists and buttons."""
    text = f"{day.day} {MONTHS[day.month - 1][:3]}"
    return f"{text} {day.year}" if with_year else text


def format_appointment(when: dt.datetime) -> str:
    """'Thursday 3 December 2026 at 17:30'."""
    return f"{WEEKDAYS[when.weekday()]} {format_date(when.date())} at {when.hour:02d}:{when.minute:02d}"


def date_in(day: dt.date, spelling: str) -> str:
    """The session's date as a reader of that spelling writes it: '3 December 2026', or 'December 3, 2026' (US)."""
    if spelling != "US":
        return format_date(day)
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def appointment_in(when: dt.datetime, spelling: str) -> str:
    """'Thursday 3 December 2026 at 17:30', or 'Thursday, December 3, 2026 at 5:30 PM' (US)."""
    if spelling != "US":
        return format_appointment(when)
    hour = when.hour % 12 or 12
    return (f"{WEEKDAYS[when.weekday()]}, {date_in(when.date(), spelling)} at {hour}:{when.minute:02d} "
            f"{'AM' if when.hour < 12 else 'PM'}")
