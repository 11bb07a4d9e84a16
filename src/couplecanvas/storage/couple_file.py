"""A couple as a file (`.couple`): everything about one couple, to move it between the therapist's own machines.

The file is a zip holding exactly two members, both UTF-8 JSON:

    manifest.json   {"format": "couplecanvas-couple", "schema_version": 1, "app_version": "0.1.0",
                     "exported": "2026-12-03T10:15:00", "includes_private": false}
    couple.json     the couple (partners, flags), its sessions oldest first (date, title, next appointment, board with
                    cards, arrows and pen lines, homework given with its reviews, progress checks), the therapist's
                    own exercises its homework names, and, only when the therapist asked for them, the private notes
                    and the safety screening record (therapist only, like the notes).

Reading trusts nothing: the archive's members, sizes and compression ratio are checked before and while they are
inflated, the JSON is parsed with NaN, Infinity, duplicate keys and deep nesting refused, and the pydantic models in
storage/couple_schema.py (unknown keys refused, strict types, lengths, counts and ranges bounded) validate everything
before anything is stored. Every refusal is a CoupleFileError naming the file and, from pydantic's error location,
the field.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import math
import stat
import zipfile
import zlib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from couplecanvas import __version__
from couplecanvas.domain.board import (
    Board,
    Card,
    CardKind,
    Connector,
    ConnectorKind,
    Stroke,
    StrokeKind,
)
from couplecanvas.domain.couple import Couple, Partner, PartnerRole, Position
from couplecanvas.domain.homework import Assignment, Exercise, Origin, Review, Who
from couplecanvas.domain.ids import new_id
from couplecanvas.domain.progress import Caught, FoundAgain, ProgressCheck
from couplecanvas.domain.safety import Outcome, Screening
from couplecanvas.domain.session import Session
from couplecanvas.storage.couple_bundle import CoupleBundle, SessionBundle
from couplecanvas.storage.couple_schema import CoupleFileModel, ManifestModel, PartnerModel, SessionModel
from couplecanvas.storage.private_files import write_atomically

log = logging.getLogger(__name__)

FORMAT = "couplecanvas-couple"
SCHEMA_VERSION = 1
SUFFIX = ".couple"
MANIFEST = "manifest.json"
CONTENT = "couple.json"

# -- limits: generous for a real practice, small enough that a hostile file cannot exhaust the machine --------------
MAX_FILE_BYTES = 50 * 1024 * 1024
"""The archive on disk."""
MAX_MANIFEST_BYTES = 4 * 1024
MAX_CONTENT_BYTES = 50 * 1024 * 1024
"""couple.json, inflated: checked on the declared size and again on the bytes actually read."""
MAX_RATIO = 200
"""Inflated / compressed, for members past RATIO_FLOOR bytes: real JSON packs 5 to 20 times, a zip bomb 1,000."""
RATIO_FLOOR = 2 * 1024 * 1024
MAX_DEPTH = 16
"""JSON nesting; the format itself needs 7 (couple > sessions > [n] > board > strokes > [n] > points > [n])."""


class CoupleFileError(ValueError):
    """A couple file that cannot be written or imported; `str(error)` names the file and says why, calmly."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"“{self.path.name}” cannot be imported: {problem} Nothing was changed.")


class CoupleFileWriteError(CoupleFileError):
    """The couple file could not be written (disk full, no permission); no half-written file is left."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(path, problem)
        self.args = (f"“{self.path.name}” could not be written: {problem}",)

    def __str__(self) -> str:
        return self.args[0]


# -- writing -----------------------------------------------------------------------------------------------------------
def gather_couple(store, couple_id: int, include_private: bool) -> CoupleBundle:
    """Read one couple with all it holds from a Store; private notes and the screening only when asked for."""
    couple = store.get_couple(couple_id)
    sessions = sorted(store.list_sessions(couple_id), key=lambda s: (s.date, s.id or 0))
    bundles = []
    for session in sessions:
        checks = store.progress_checks(session.id)
        bundles.append(SessionBundle(
            session,
            store.load_board(session.id),
            store.list_assignments(session.id),
            [checks[role] for role in PartnerRole if role in checks],
            store.load_private_note(session.id).text if include_private else None,
        ))
    keys = {a.exercise_key for bundle in bundles for a in bundle.assignments}
    exercises = [e for e in store.list_own_exercises() if e.key in keys and e.origin is not Origin.BUILTIN]
    screening = store.get_screening(couple_id) if include_private else None
    return CoupleBundle(couple, bundles, screening, exercises, include_private)


def couple_file_bytes(bundle: CoupleBundle, exported: dt.datetime | None = None) -> bytes:
    """The couple file's bytes (a zip of the two JSON members)."""
    manifest = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "app_version": __version__,
        "exported": (exported or dt.datetime.now()).replace(microsecond=0).isoformat(),
        "includes_private": bundle.includes_private,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in ((MANIFEST, manifest), (CONTENT, _bundle_to_json(bundle))):
            text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
            archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


def write_couple_file(path: Path, bundle: CoupleBundle) -> None:
    """Write the couple file atomically and 0600 (the couple's whole record, the owner's alone whatever the umask)."""
    path = Path(path)
    data = couple_file_bytes(bundle)
    try:
        write_atomically(path, data)
    except OSError as error:
        raise CoupleFileWriteError(path, f"{error.strerror or error}.") from error


def _bundle_to_json(bundle: CoupleBundle) -> dict:
    couple = bundle.couple
    return {
        "couple": {
            **{f"partner_{role.value}": _partner_json(couple.partner(role)) for role in PartnerRole},
            "use_aliases": couple.use_aliases,
            "archived": couple.archived,
            "is_sample": couple.is_sample,
        },
        "sessions": [_session_json(s) for s in bundle.sessions],
        "screening": _screening_json(bundle.screening) if bundle.screening is not None else None,
        "exercises": [_exercise_json(e) for e in bundle.exercises],
    }


def _partner_json(partner: Partner) -> dict:
    return {"first_name": partner.first_name, "alias": partner.alias, "colour": partner.colour,
            "position": partner.position.value}


def _session_json(bundle: SessionBundle) -> dict:
    session, board = bundle.session, bundle.board
    return {
        "date": session.date.isoformat(),
        "title": session.title,
        "next_appointment": session.next_appointment.isoformat() if session.next_appointment else None,
        "board": {
            "cards": [
                {"id": c.id, "text": c.text, "x": float(c.x), "y": float(c.y), "width": float(c.width),
                 "height": float(c.height), "colour": c.colour, "partner": c.partner.value if c.partner else None,
                 "z": float(c.z), "kind": c.kind.value, "group_id": c.group_id, "role": c.role, "hint": c.hint}
                for c in board.cards.values()
            ],
            "connectors": [
                {"id": c.id, "source_id": c.source_id, "target_id": c.target_id, "label": c.label,
                 "curved": c.curved, "kind": c.kind.value}
                for c in board.connectors.values()
            ],
            "strokes": [
                {"id": s.id, "points": [[float(v) for v in point] for point in s.points], "colour": s.colour,
                 "width": float(s.width), "kind": s.kind.value, "z": float(s.z), "group_id": s.group_id}
                for s in board.strokes.values()
            ],
        },
        "assignments": [
            {"exercise_key": a.exercise_key, "who": a.who.value, "note": a.note, "position": a.position,
             "frequency": a.frequency, "review": a.review.value, "review_note": a.review_note}
            for a in bundle.assignments
        ],
        "progress_checks": [
            {"role": c.role.value, "connection": c.connection,
             "caught": c.caught.value if c.caught is not None else None,
             "found_again": c.found_again.value if c.found_again is not None else None}
            for c in bundle.progress_checks
        ],
        "private_note": bundle.private_note,
    }


def _screening_json(screening: Screening) -> dict:
    return {
        "outcome": screening.outcome.value,
        "screened_on": screening.screened_on.isoformat() if screening.screened_on else None,
        "note": screening.note,
        "overridden_on": screening.overridden_on.isoformat() if screening.overridden_on else None,
        "overridden_for": screening.overridden_for,
    }


def _exercise_json(exercise: Exercise) -> dict:
    return {"key": exercise.key, "origin": exercise.origin.value, "title": exercise.title,
            "approach": exercise.approach, "frequency": exercise.frequency, "duration": exercise.duration,
            "who": exercise.who.value, "summary": exercise.summary, "steps": list(exercise.steps),
            "tracking": exercise.tracking}


# -- reading -----------------------------------------------------------------------------------------------------------
def read_couple_file(path: Path) -> CoupleBundle:
    """Read and validate a couple file, giving a bundle with fresh ids; CoupleFileError names the file and the fault.

    Nothing here touches a database: the repository stores the bundle only once all of it is known to be sound.
    """
    path = Path(path)
    manifest_bytes, content_bytes = _read_members(path)
    manifest = _parse_json(path, MANIFEST, manifest_bytes)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise CoupleFileError(path, "it is not a Couple Canvas couple file (its manifest.json does not say so).")
    version = manifest.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise CoupleFileError(
            path, f"it was made by a newer Couple Canvas (file format {version}; this version reads format "
                  f"{SCHEMA_VERSION}). Update Couple Canvas on this computer, then import it again.")
    checked_manifest = _validate(path, MANIFEST, ManifestModel, manifest)
    content = _validate(path, CONTENT, CoupleFileModel, _parse_json(path, CONTENT, content_bytes))
    return _bundle_from_model(content, checked_manifest.includes_private)


def _read_members(path: Path) -> tuple[bytes, bytes]:
    """The two members' bytes, after the archive passed every check; only these two names are ever read."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise CoupleFileError(path, f"it could not be read ({error.strerror or error}).") from error
    if size > MAX_FILE_BYTES:
        raise CoupleFileError(path, f"it is larger than {MAX_FILE_BYTES // 2**20} MB.")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_members(path, infos)
            wanted = {info.filename: info for info in infos}
            return (_read_member(path, archive, wanted[MANIFEST], MAX_MANIFEST_BYTES),
                    _read_member(path, archive, wanted[CONTENT], MAX_CONTENT_BYTES))
    except zipfile.BadZipFile as error:
        if not zipfile.is_zipfile(path):
            raise CoupleFileError(path, "it is not a Couple Canvas couple file (not a zip archive).") from error
        raise CoupleFileError(path, f"the file is damaged ({error}).") from error
    except (zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise CoupleFileError(path, f"the file is damaged ({error}).") from error
    except OSError as error:
        raise CoupleFileError(path, f"it could not be read ({error.strerror or error}).") from error


def _check_members(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """Exactly the expected members, each once, plain files, not encrypted, sizes within bounds."""
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        if name not in (MANIFEST, CONTENT):
            shown = ascii(name[:80])
            raise CoupleFileError(path, f"it holds an unexpected member {shown} (a couple file holds only "
                                        f"{MANIFEST} and {CONTENT}).")
        if name in seen:
            raise CoupleFileError(path, f"it holds {name} twice.")
        seen.add(name)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode) or info.is_dir():
            raise CoupleFileError(path, f"its member {name} is a link or a folder, not a file.")
        if info.flag_bits & 0x1:
            raise CoupleFileError(path, f"its member {name} is encrypted.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise CoupleFileError(path, f"its member {name} is compressed in a way Couple Canvas does not read.")
        limit = MAX_MANIFEST_BYTES if name == MANIFEST else MAX_CONTENT_BYTES
        if info.file_size > limit:
            raise CoupleFileError(path, f"its member {name} would unpack to more than {_size(limit)}.")
        _check_ratio(path, name, info.file_size, info.compress_size)
    for name in (MANIFEST, CONTENT):
        if name not in seen:
            raise CoupleFileError(path, f"it has no {name} (it is not a complete Couple Canvas couple file).")


def _check_ratio(path: Path, name: str, inflated: int, compressed: int) -> None:
    if inflated > RATIO_FLOOR and inflated > MAX_RATIO * max(compressed, 1):
        raise CoupleFileError(path, f"its member {name} unpacks more than {MAX_RATIO} times its packed size "
                                    f"(a zip bomb?).")


def _read_member(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Inflate one member in chunks, stopping as soon as it passes its declared size or `limit`."""
    allowed = min(limit, info.file_size)
    chunks, total = [], 0
    with archive.open(info) as stream:
        while chunk := stream.read(64 * 1024):
            total += len(chunk)
            if total > allowed:
                raise CoupleFileError(path, f"its member {info.filename} unpacks to more than it declares.")
            _check_ratio(path, info.filename, total, info.compress_size)
            chunks.append(chunk)
    return b"".join(chunks)


class _Refused(ValueError):
    """A JSON value the parser must not accept (NaN, Infinity, a key given twice)."""


def _refuse_constant(name: str) -> float:
    raise _Refused(f"{name} is not a number Couple Canvas accepts")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"the number {text[:20]} is too large")
    return value


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Refused(f"the key {ascii(key[:40])} is given twice")
            seen.add(key)
    return result


def _parse_json(path: Path, member: str, data: bytes) -> Any:
    """Strict UTF-8 JSON: no NaN or Infinity, no key twice, no deeper nesting than MAX_DEPTH."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CoupleFileError(path, f"its {member} is not valid UTF-8 text (byte {error.start}).") from error
    try:
        value = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float,
                           object_pairs_hook=_unique_keys)
    except _Refused as error:
        raise CoupleFileError(path, f"its {member} is refused: {error}.") from error
    except RecursionError as error:
        raise CoupleFileError(path, f"its {member} is nested too deeply.") from error
    except ValueError as error:  # JSONDecodeError, and integers too long to read
        raise CoupleFileError(
            path, f"its {member} is not valid JSON ({' '.join(str(error).split())[:120]})."
        ) from error
    if _depth(value) > MAX_DEPTH:
        raise CoupleFileError(path, f"its {member} is nested too deeply (more than {MAX_DEPTH} levels).")
    return value


def _depth(value: Any) -> int:
    """How deeply lists and objects nest (walked without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = item.values()
        elif not isinstance(item, list):
            continue
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            return level
        stack.extend((child, level + 1) for child in item)
    return deepest


def _validate(path: Path, member: str, model: type[BaseModel], value: Any):
    try:
        return model.model_validate(value, strict=True)
    except ValidationError as error:
        raise CoupleFileError(path, f"its {member} {_describe(error)}") from None


def _describe(error: ValidationError) -> str:
    """The first problem with its place in the file (`sessions[0].board.cards[3].text`), and how many more."""
    problems = error.errors(include_url=False, include_input=False)
    first = problems[0]
    where = _location(first["loc"])
    if first["type"] == "extra_forbidden":
        text = f"has a field this version does not know: {where}."
    elif first["type"] == "missing":
        text = f"lacks the field {where}."
    else:
        message = first["msg"].removeprefix("Value error, ")
        text = f"has a problem at {where or 'the top'}: {message}."
    more = len(problems) - 1
    return text + (f" ({more} more problem{'s' if more > 1 else ''} after it.)" if more else "")


def _location(loc: tuple) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif str(part).startswith(("function-", "literal[")):
            continue  # pydantic's names for the kind of check, not a place in the file
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts)


def _size(count: int) -> str:
    return f"{count // 2**20} MB" if count >= 2**20 else f"{count // 1024} KB"


# -- the validated file as domain objects, with fresh ids --------------------------------------------------------------
def _bundle_from_model(content: CoupleFileModel, includes_private: bool) -> CoupleBundle:
    c = content.couple

    def partner(model: PartnerModel) -> Partner:
        return Partner(model.first_name, model.alias, model.colour, Position(model.position))

    couple = Couple(partner(c.partner_a), partner(c.partner_b), is_sample=c.is_sample, use_aliases=c.use_aliases,
                    archived=c.archived)
    sessions = [_session_from_model(model) for model in content.sessions]
    screening = None
    if content.screening is not None:
        s = content.screening
        screening = Screening(0, Outcome(s.outcome), s.screened_on, s.note, s.overridden_on, s.overridden_for)
    exercises = [
        Exercise(key=e.key, title=e.title, approach=e.approach, frequency=e.frequency, duration=e.duration,
                 who=Who(e.who), summary=e.summary, steps=tuple(e.steps), tracking=e.tracking,
                 origin=Origin(e.origin))
        for e in content.exercises
    ]
    return CoupleBundle(couple, sessions, screening, exercises, includes_private)


def _session_from_model(model: SessionModel) -> SessionBundle:
    fresh: dict[str, str] = {}  # the file's ids to new ones: a second import of the same file is a second copy

    def renamed(old: str) -> str:
        if old not in fresh:
            fresh[old] = new_id()
        return fresh[old]

    def renamed_group(old: str | None) -> str | None:
        return None if old is None else renamed(old)

    board = Board()
    for c in model.board.cards:
        card = Card(text=c.text, x=c.x, y=c.y, width=c.width, height=c.height, colour=c.colour,
                    partner=PartnerRole(c.partner) if c.partner else None, z=c.z, id=renamed(c.id),
                    kind=CardKind(c.kind), group_id=renamed_group(c.group_id), role=c.role, hint=c.hint)
        board.cards[card.id] = card
    for k in model.board.connectors:
        connector = Connector(renamed(k.source_id), renamed(k.target_id), k.label, id=renamed(k.id),
                              curved=k.curved, kind=ConnectorKind(k.kind))
        board.connectors[connector.id] = connector
    for s in model.board.strokes:
        stroke = Stroke(tuple((p[0], p[1], p[2]) for p in s.points), s.colour, s.width, StrokeKind(s.kind), s.z,
                        renamed_group(s.group_id), id=renamed(s.id))
        board.strokes[stroke.id] = stroke
    session = Session(0, model.date, model.title, next_appointment=model.next_appointment)
    assignments = [
        Assignment(0, a.exercise_key, Who(a.who), a.note, a.position, frequency=a.frequency,
                   review=Review(a.review), review_note=a.review_note)
        for a in model.assignments
    ]
    checks = [
        ProgressCheck(0, PartnerRole(p.role), p.connection, Caught(p.caught) if p.caught else None,
                      FoundAgain(p.found_again) if p.found_again else None)
        for p in model.progress_checks
    ]
    return SessionBundle(session, board, assignments, checks, model.private_note)
