"""The progress check's answers and the chart's numbers: missing answers stay missing and break the line."""

from __future__ import annotations

import datetime as dt

import pytest

from couplecanvas.domain import PartnerRole, Session
from couplecanvas.domain.progress import (
    Caught,
    FoundAgain,
    ProgressCheck,
    ProgressPoint,
    progress_series,
    runs,
)

A, B = PartnerRole.A, PartnerRole.B


def _point(session_id: int, day: int, **checks: ProgressCheck) -> ProgressPoint:
    return ProgressPoint(Session(1, dt.date(2026, 2, day), id=session_id),
                         {PartnerRole(role): check for role, check in checks.items()})


def test_the_series_is_oldest_first_with_gaps_for_missing_answers():
    history = [
        _point(3, 20, a=ProgressCheck(3, A, 7, Caught.ONCE), b=ProgressCheck(3, B, None, None, FoundAgain.MINUTES)),
        _point(1, 6, a=ProgressCheck(1, A, 0, Caught.MOST_DAYS, FoundAgain.NOT_YET)),
        _point(2, 13),
    ]
    series = progress_series(history)
    assert series.dates == (dt.date(2026, 2, 6), dt.date(2026, 2, 13), dt.date(2026, 2, 20))
    assert series.connection == {A: (0, None, 7), B: (None, None, None)}
    assert series.caught == {A: (3, None, 1), B: (None, None, None)}
    assert series.found_again == {A: (3, None, None), B: (None, None, 0)}
    assert series.has_answers
    assert not progress_series([_point(1, 6)]).has_answers


def test_runs_split_a_line_at_each_gap_and_keep_zero():
    assert runs((0, 4, None, 6, None, None, 9)) == [[(0, 0), (1, 4)], [(3, 6)], [(6, 9)]]
    assert runs((None, None)) == []


@pytest.mark.parametrize("connection", [-1, 11, 2.5])
def test_a_connection_outside_0_to_10_is_refused(connection):
    with pytest.raises(ValueError):
        ProgressCheck(1, A, connection).check()


def test_levels_and_words():
    assert [c.level for c in Caught] == [0, 1, 2, 3]
    assert [f.label for f in FoundAgain] == ["within minutes", "within hours", "a day or more", "not yet"]
    assert ProgressCheck(1, A).is_empty and not ProgressCheck(1, A, 0).is_empty
