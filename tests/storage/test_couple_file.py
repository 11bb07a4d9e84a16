"""Couple files: export then import gives the same couple with new ids, for hand-made and for random couples; the
therapist-only records travel only when asked for; the file is written whole or not at all."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from couplecanvas import __version__
from couplecanvas.domain.board import Board, Card, CardKind, Connector, ConnectorKind, Stroke, StrokeKind
from couplecanvas.domain.couple import Couple, Partner, PartnerRole, Position
from couplecanvas.domain.homework import Assignment, Review, Who
from couplecanvas.domain.progress import Caught, FoundAgain, ProgressCheck
from couplecanvas.domain.safety import Outcome, Screening
from couplecanvas.domain.session import PrivateNote, Session
from couplecanvas.storage import couple_file, couple_schema
from couplecanvas.storage.couple_file import (
    CoupleFileWriteError,
    couple_file_bytes,
    gather_couple,
    read_couple_file,
    write_couple_file,
)
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository


@pytest.fixture
def repository(database_url):
    opened = Repository(open_database(database_url))
    yield opened
    opened.close()


def export_import(repository, couple_id, path, include_private=True):
    """Export the couple to `path`, import it back; returns (what was exported, what the import stored)."""
    exported = gather_couple(repository, couple_id, include_private)
    write_couple_file(path, exported)
    imported = repository.import_couple(read_couple_file(path))
    return exported, gather_couple(repository, imported.id, include_private)


def test_a_full_couple_comes_back_equal_with_new_ids(repository, tmp_path, couple_kit):
    couple = couple_kit.store_full_couple(repository)
    exported, imported = export_import(repository, couple.id, tmp_path / "maya.couple")
    assert couple_kit.canonical(imported) == couple_kit.canonical(exported)
    assert imported.couple.id != couple.id
    old_ids = {i for s in exported.sessions for i in (*s.board.cards, *s.board.connectors, *s.board.strokes)}
    new_ids = {i for s in imported.sessions for i in (*s.board.cards, *s.board.connectors, *s.board.strokes)}
    assert old_ids and new_ids and not old_ids & new_ids
    assert {s.session.id for s in imported.sessions}.isdisjoint({s.session.id for s in exported.sessions})
    assert imported.screening.note == couple_kit.SCREENING_NOTE
    assert [s.private_note.split()[0] for s in imported.sessions] == ["plum-canary:"] * 2


def test_a_second_import_of_the_same_file_is_a_second_couple(repository, tmp_path, couple_kit):
    couple = couple_kit.store_full_couple(repository)
    path = tmp_path / "maya.couple"
    write_couple_file(path, gather_couple(repository, couple.id, False))
    first = repository.import_couple(read_couple_file(path))
    second = repository.import_couple(read_couple_file(path))
    assert len({couple.id, first.id, second.id}) == 3
    names = [c.display_name(False) for c in repository.list_couples()]
    assert names.count("Maya & Jordan") == 3  # the same names: a first name is printed on handouts as it stands


def test_private_notes_and_screening_stay_home_unless_asked_for(repository, tmp_path, couple_kit):
    couple = couple_kit.store_full_couple(repository)
    data = couple_file_bytes(gather_couple(repository, couple.id, include_private=False))
    manifest, content = couple_kit.members(data)
    assert manifest["includes_private"] is False
    assert couple_kit.NOTE.split()[0].encode() not in data and b"fig-canary" not in data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        raw = b"".join(archive.read(name) for name in archive.namelist())
    assert b"plum-canary" not in raw and b"fig-canary" not in raw
    assert content["screening"] is None and all(s["private_note"] is None for s in content["sessions"])
    path = tmp_path / "maya.couple"
    path.write_bytes(data)
    imported = repository.import_couple(read_couple_file(path))
    assert repository.get_screening(imported.id).outcome is Outcome.NOT_DONE  # asks again before conflict work
    for session in repository.list_sessions(imported.id):
        assert repository.load_private_note(session.id).text == ""
    with_private = couple_file_bytes(gather_couple(repository, couple.id, include_private=True))
    assert couple_kit.members(with_private)[0]["includes_private"] is True


def test_the_manifest_names_the_format_and_its_version(repository, couple_kit):
    couple = couple_kit.store_full_couple(repository)
    data = couple_file_bytes(gather_couple(repository, couple.id, False), exported=dt.datetime(2026, 12, 3, 9, 5))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["couple.json", "manifest.json"]
    manifest, content = couple_kit.members(data)
    assert manifest == {"format": "couplecanvas-couple", "schema_version": 1, "app_version": __version__,
                        "exported": "2026-12-03T09:05:00", "includes_private": False}
    assert set(content) == {"couple", "sessions", "screening", "exercises"}
    assert [e["key"] for e in content["exercises"]] == ["my-walk"]  # own exercises the homework names; built-ins stay


def test_an_own_exercise_already_here_is_left_as_it_is(repository, tmp_path, couple_kit):
    couple = couple_kit.store_full_couple(repository)
    path = tmp_path / "maya.couple"
    write_couple_file(path, gather_couple(repository, couple.id, False))
    mine = next(e for e in repository.list_own_exercises() if e.key == "my-walk")
    repository.save_exercise(dataclasses.replace(mine, title="Evening walk, my words"))
    repository.import_couple(read_couple_file(path))
    assert [e.title for e in repository.list_own_exercises() if e.key == "my-walk"] == ["Evening walk, my words"]


def test_an_import_into_an_sqlite_file_makes_a_backup_first(repository, tmp_path, couple_kit, database_url):
    couple = couple_kit.store_full_couple(repository)
    path = tmp_path / "maya.couple"
    write_couple_file(path, gather_couple(repository, couple.id, False))
    repository.import_couple(read_couple_file(path))
    backups = list((repository.database.path.parent / "backups").glob("*import*"))
    assert len(backups) == 1


def test_a_failed_write_leaves_no_file_and_says_which(repository, tmp_path, couple_kit):
    couple = couple_kit.store_full_couple(repository)
    target = tmp_path / "missing-folder" / "maya.couple"
    with pytest.raises(CoupleFileWriteError, match="maya.couple"):
        write_couple_file(target, gather_couple(repository, couple.id, False))
    assert not target.parent.exists()


def test_writing_replaces_an_old_file_whole(repository, tmp_path, couple_kit):
    couple = couple_kit.store_full_couple(repository)
    path = tmp_path / "maya.couple"
    path.write_bytes(b"an older export")
    write_couple_file(path, gather_couple(repository, couple.id, False))
    assert zipfile.is_zipfile(path)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_thousands_of_cards_travel(repository, tmp_path, couple_kit):
    couple = repository.add_couple(Couple(Partner("Ana"), Partner("Bea")))
    session = repository.add_session(Session(couple.id, dt.date(2026, 12, 1)))
    board = Board(session_id=session.id)
    for n in range(3000):
        board.add_card(Card(text=f"card {n} " + "ж" * 200, x=n, y=-n, z=n))
    cards = list(board.cards)
    for a, b in zip(cards, cards[1:1000]):
        board.add_connector(Connector(a, b))
    repository.replace_board(session.id, board)
    exported, imported = export_import(repository, couple.id, tmp_path / "big.couple")
    assert len(imported.sessions[0].board.cards) == 3000
    assert couple_kit.canonical(imported) == couple_kit.canonical(exported)


# -- random couples ----------------------------------------------------------------------------------------------------
SCRIPTS = st.characters(codec="utf-8", exclude_categories=("Cs",))
short_text = st.text(SCRIPTS, max_size=40)
card_text = st.one_of(short_text, st.text(SCRIPTS, max_size=2000), st.text("אבגדه ज्ञ 漢字 😀 \n\t", min_size=1500,
                                                                          max_size=2000))
coordinate = st.floats(-1e6, 1e6, allow_nan=False)
colour = st.sampled_from(["#fff4c2", "#dbe8f7", "#f9e0cc", "#ffffff", "#1f1f1f", "#a5d6a780"])
group = st.sampled_from([None, None, "g1", "g2"])


@st.composite
def boards(draw) -> Board:
    board = Board()
    for n in range(draw(st.integers(0, 60))):
        board.add_card(Card(
            text=draw(card_text), x=draw(coordinate), y=draw(coordinate),
            width=draw(st.floats(1, 2000)), height=draw(st.floats(1, 2000)), colour=draw(colour),
            partner=draw(st.sampled_from([None, PartnerRole.A, PartnerRole.B])), z=float(n),
            kind=draw(st.sampled_from(list(CardKind))), group_id=draw(group), role=draw(st.text(max_size=40)),
            hint=draw(st.text(SCRIPTS, max_size=200)),
        ))
    ids = list(board.cards)
    if len(ids) >= 2:
        for source, target in draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=30)):
            if source != target:
                board.add_connector(Connector(source, target, draw(short_text), curved=draw(st.booleans()),
                                              kind=draw(st.sampled_from(list(ConnectorKind)))))
    point = st.tuples(coordinate, coordinate, st.floats(0, 1))
    for n in range(draw(st.integers(0, 5))):
        board.add_stroke(Stroke(tuple(draw(st.lists(point, min_size=1, max_size=50))), draw(colour),
                                draw(st.floats(0.5, 40)), draw(st.sampled_from(list(StrokeKind))), z=1000.0 + n,
                                group_id=draw(group)))
    return board


@st.composite
def couples(draw):
    name = st.text(SCRIPTS, min_size=1, max_size=60)
    couple = Couple(
        Partner(draw(name), draw(st.text(SCRIPTS, max_size=60)), position=draw(st.sampled_from(list(Position)))),
        Partner(draw(name), draw(st.text(SCRIPTS, max_size=60)), position=draw(st.sampled_from(list(Position)))),
        use_aliases=draw(st.booleans()), archived=draw(st.booleans()),
    )
    sessions = []
    for _ in range(draw(st.integers(0, 3))):
        sessions.append({
            "date": draw(st.dates(dt.date(2000, 1, 1), dt.date(2040, 1, 1))),
            "title": draw(st.text(SCRIPTS, max_size=200)),
            "next": draw(st.none() | st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2040, 1, 1)).map(
                lambda d: d.replace(microsecond=0))),
            "board": draw(boards()),
            "homework": draw(st.lists(st.tuples(st.sampled_from(["state-of-the-union", "my-own-1"]),
                                                st.sampled_from(list(Who)), st.text(SCRIPTS, max_size=300),
                                                st.sampled_from(list(Review))), max_size=4)),
            "checks": draw(st.lists(st.tuples(st.sampled_from(list(PartnerRole)), st.none() | st.integers(0, 10),
                                              st.none() | st.sampled_from(list(Caught)),
                                              st.none() | st.sampled_from(list(FoundAgain))),
                                    max_size=2, unique_by=lambda c: c[0])),
            "note": draw(st.text(SCRIPTS, max_size=3000)),
        })
    screening = draw(st.none() | st.builds(
        lambda outcome, day, note: Screening(0, outcome, day if outcome is not Outcome.NOT_DONE else None, note),
        st.sampled_from(list(Outcome)), st.dates(dt.date(2000, 1, 1), dt.date(2026, 1, 1)),
        st.text(SCRIPTS, max_size=2000)))
    return couple, sessions, screening


def store(repository, drawn) -> int:
    couple, sessions, screening = drawn
    couple = repository.add_couple(couple)
    for s in sessions:
        session = repository.add_session(Session(couple.id, s["date"], s["title"], next_appointment=s["next"]))
        s["board"].session_id = session.id
        repository.replace_board(session.id, s["board"])
        for key, who, note, review in s["homework"]:
            repository.add_assignment(Assignment(session.id, key, who, note, review=review))
        for role, connection, caught, found in s["checks"]:
            check = ProgressCheck(session.id, role, connection, caught, found)
            if not check.is_empty:
                repository.save_progress_check(check)
        repository.save_private_note(PrivateNote(session.id, s["note"]))
    if screening is not None:
        repository.save_screening(Screening(couple.id, screening.outcome, screening.screened_on, screening.note))
    return couple.id


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow, HealthCheck.data_too_large])
@given(drawn=couples(), include_private=st.booleans())
def test_random_couples_come_back_equal(repository, tmp_path, couple_kit, drawn, include_private):
    couple_id = store(repository, drawn)
    exported, imported = export_import(repository, couple_id, tmp_path / "random.couple", include_private)
    assert couple_kit.canonical(imported) == couple_kit.canonical(exported)


def test_the_limits_are_what_the_report_says():
    assert couple_file.MAX_CONTENT_BYTES == 50 * 2**20 and couple_schema.MAX_CARDS == 5000
    assert couple_file.SCHEMA_VERSION == 1
