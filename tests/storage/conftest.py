"""Fixtures for the storage tests: for couple files, a couple with everything a couple holds, and a file's members
taken apart and put back together (to make hostile files from a sound one)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import sqlite3
import types
import zipfile
from pathlib import Path

import pytest

from couplecanvas.domain.board import Board, Card, CardKind, Connector, ConnectorKind, Stroke, StrokeKind
from couplecanvas.domain.couple import Couple, Partner, PartnerRole, Position
from couplecanvas.domain.homework import Assignment, Exercise, Origin, Review, Who
from couplecanvas.domain.progress import Caught, FoundAgain, ProgressCheck
from couplecanvas.domain.safety import Outcome, Screening
from couplecanvas.domain.session import PrivateNote, Session
from couplecanvas.storage.couple_bundle import CoupleBundle
from couplecanvas.storage.repository import Repository

NOTE = "plum-canary: process note, therapist only"
SCREENING_NOTE = "fig-canary: seen alone, no concerns"


def store_full_couple(repository: Repository) -> Couple:
    """Maya & Jordan with two sessions: boards with cards, arrows, a reframe, pen lines and a group; homework with a
    review and one of the therapist's own exercises; progress checks; private notes; a screening record."""
    couple = repository.add_couple(Couple(Partner("Maya", "Sun", position=Position.PURSUER),
                                          Partner("Jordan", "Moon", position=Position.WITHDRAWER), use_aliases=True))
    repository.save_exercise(Exercise("my-walk", "Evening walk", "Own", "Twice a week", "20 minutes", Who.BOTH,
                                      "Walk together.", ("Go out.", "Talk about the day."), "Tick the days.",
                                      origin=Origin.OWN))
    for days, title in ((14, "First map"), (7, "Reframes")):
        session = repository.add_session(Session(couple.id, dt.date(2026, 12, 3) - dt.timedelta(days=days), title,
                                                 next_appointment=dt.datetime(2026, 12, 10, 17, 30)))
        board = Board(session_id=session.id)
        old = Card(text="Maya pushes, Jordan withdraws", x=10.5, y=20.25, partner=PartnerRole.A, z=1, group_id="g1")
        new = Card(text="Wir sehnen uns nach Nähe · 我们 · نحن", x=300, y=20, z=2, kind=CardKind.NOTE, role="new-story",
                   hint="The new story")
        label = Card(text="Heading", x=0, y=-100, z=3, kind=CardKind.LABEL, partner=PartnerRole.B)
        for card in (old, new, label):
            board.add_card(card)
        board.add_connector(Connector(old.id, new.id, "instead", kind=ConnectorKind.REFRAME, curved=True))
        board.add_connector(Connector(label.id, old.id))
        board.add_stroke(Stroke(((0.0, 0.0, 0.5), (10.0, 5.0, 1.0)), width=4.0, z=4, group_id="g1"))
        board.add_stroke(Stroke(((1.5, 2.5, 0.0),), kind=StrokeKind.HIGHLIGHTER, colour="#fff176", z=0.5))
        repository.replace_board(session.id, board)
        first = repository.add_assignment(Assignment(session.id, "my-walk", Who.BOTH, "after dinner"))
        first.review, first.review_note = Review.PARTLY, "once, it rained"
        repository.update_assignment(first)
        repository.add_assignment(Assignment(session.id, "state-of-the-union", Who.A, frequency="Sundays"))
        repository.save_progress_check(ProgressCheck(session.id, PartnerRole.A, 6, Caught.ONCE, FoundAgain.HOURS))
        repository.save_progress_check(ProgressCheck(session.id, PartnerRole.B, None, Caught.MOST_DAYS, None))
        repository.save_private_note(PrivateNote(session.id, f"{NOTE} {days}"))
    repository.save_screening(Screening(couple.id, Outcome.NO_CONCERNS, dt.date(2026, 11, 1), SCREENING_NOTE))
    return couple


def canonical(bundle: CoupleBundle) -> dict:
    """Everything a bundle holds with the ids taken out: cards by their place in z order, arrows and lines by the
    cards they join, groups by the order they are first met."""
    couple = bundle.couple
    result = {
        "couple": (couple.partner_a, couple.partner_b, couple.use_aliases, couple.archived, couple.is_sample),
        "screening": None if bundle.screening is None else {
            k: v for k, v in vars(bundle.screening).items() if k != "couple_id"},
        "exercises": sorted((e.key, e.title, e.steps, e.origin) for e in bundle.exercises),
        "sessions": [],
    }
    for part in bundle.sessions:
        board = part.board
        place = {card.id: n for n, card in enumerate(board.cards.values())}
        groups: dict[str, int] = {}

        def group(old):
            return None if old is None else groups.setdefault(old, len(groups))

        cards = [(c.text, c.x, c.y, c.width, c.height, c.colour, c.partner, c.z, c.kind, group(c.group_id), c.role,
                  c.hint) for c in board.cards.values()]
        strokes = [(s.points, s.colour, s.width, s.kind, s.z, group(s.group_id)) for s in board.strokes.values()]
        connectors = sorted((place[c.source_id], place[c.target_id], c.label, c.curved, c.kind.value)
                            for c in board.connectors.values())
        result["sessions"].append({
            "session": (part.session.date, part.session.title, part.session.next_appointment),
            "cards": cards, "connectors": connectors, "strokes": strokes,
            "assignments": [(a.exercise_key, a.who, a.note, a.position, a.frequency, a.review, a.review_note)
                            for a in part.assignments],
            "checks": [(c.role, c.connection, c.caught, c.found_again) for c in part.progress_checks],
            "private_note": part.private_note,
        })
    return result


def members(data: bytes) -> tuple[dict, dict]:
    """The manifest and the content of a couple file, as JSON values."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return json.loads(archive.read("manifest.json")), json.loads(archive.read("couple.json"))


def pack(path: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]],
         compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """Write a zip with exactly these members (names or ready-made ZipInfos) and bytes."""
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return path


def dumps(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def repack(path: Path, manifest, content, extra: list[tuple[str, bytes]] = ()) -> Path:
    """A couple file made of these two JSON values (bytes are written as given), plus any extra members."""
    as_bytes = [m if isinstance(m, bytes) else dumps(m) for m in (manifest, content)]
    return pack(path, [("manifest.json", as_bytes[0]), ("couple.json", as_bytes[1]), *extra])


def database_fingerprint(path: Path) -> tuple[str, dict[str, int]]:
    """The sha256 of a closed database file and the row count of each table."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        counts = {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        connection.close()
    return digest, counts


@pytest.fixture
def couple_kit():
    """The helpers above, for the couple-file tests (a conftest's functions cannot be imported by name)."""
    return types.SimpleNamespace(store_full_couple=store_full_couple, canonical=canonical, members=members,
                                 pack=pack, dumps=dumps, repack=repack, database_fingerprint=database_fingerprint,
                                 NOTE=NOTE, SCREENING_NOTE=SCREENING_NOTE)
