"""The command line, run for real in a subprocess with no display: version, handout export, session list, errors."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from couplecanvas import __version__
from couplecanvas.domain.board import Card
from couplecanvas.domain.sample import SAMPLE_NOTE, build_sample
from couplecanvas.storage.database import open_database, sqlite_url
from couplecanvas.storage.repository import Repository

_NO_DISPLAY = ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")


def _env(data_dir: Path) -> dict[str, str]:
    """The test's environment without any display, with the app's data folder pointed at `data_dir`."""
    env = {key: value for key, value in os.environ.items() if key not in _NO_DISPLAY}
    env["COUPLECANVAS_DATA_DIR"] = str(data_dir)
    return env


def _run(args: list[str], data_dir: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "couplecanvas", *args],
        env=_env(data_dir),
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def _make_sample_database(path: Path, extra_cards: int = 0) -> int:
    """Store the sample couple in a new database file; returns the sample session's id."""
    database = open_database(sqlite_url(path))
    try:
        repository = Repository(database)
        _, session = repository.add_sample(build_sample())
        if extra_cards:
            repository.save_board_changes(
                session.id, cards=[Card(text=f"extra {i} " + "x" * 400) for i in range(extra_cards)]
            )
        assert session.id is not None
        return session.id
    finally:
        database.dispose()


def _pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    return " ".join((page.extract_text() or "") for page in reader.pages)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.fixture
def data_dir(tmp_path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def work(tmp_path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


def test_version(data_dir, work):
    result = _run(["--version"], data_dir, work)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Couple Canvas {__version__}"
    assert not list(data_dir.iterdir())  # asking for the version touches no data


def _export_args(session_id: int, output: Path, database: Path, database_first: bool = True) -> list[str]:
    """export-handout with --database before the command (where argparse takes it today) or after it."""
    command = ["export-handout", "--session", str(session_id), "-o", str(output)]
    option = ["--database", sqlite_url(database)]
    return option + command if database_first else command + option


@pytest.mark.parametrize(
    "database_first",
    [
        pytest.param(True, id="database-before-command"),
        pytest.param(False, id="database-after-command"),
    ],
)
def test_export_handout_with_database_url(data_dir, work, database_first):
    database = work / "practice.db"
    session_id = _make_sample_database(database)
    output = work / "out.pdf"

    result = _run(_export_args(session_id, output, database, database_first), data_dir, work)

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert output.read_bytes().startswith(b"%PDF-")
    text = _pdf_text(output)
    assert "Maya" in text
    assert "Jordan" in text
    assert "phone" in text
    flat = " ".join(text.split())
    assert SAMPLE_NOTE not in flat
    assert "invented for practice" not in flat
    assert "Private notes" not in flat
    assert not list(work.glob(".*.partial"))
    assert not (data_dir / "couplecanvas.db").exists()  # --database was used, not the default file


def test_export_handout_with_aliases_hides_first_names(data_dir, work):
    database = work / "practice.db"
    session_id = _make_sample_database(database)
    output = work / "aliases.pdf"

    result = _run(
        [
            "--database",
            sqlite_url(database),
            "export-handout",
            "--session",
            str(session_id),
            "-o",
            str(output),
            "--aliases",
            "--page-size",
            "Letter",
        ],
        data_dir,
        work,
    )

    assert result.returncode == 0, result.stderr
    text = _pdf_text(output)
    assert "Partner 1" in text
    assert "Partner 2" in text
    assert "Maya" not in text
    assert "Jordan" not in text
    width, height = (float(v) for v in PdfReader(output).pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (612, 792)


def test_export_handout_from_the_default_data_folder(data_dir, work):
    session_id = _make_sample_database(data_dir / "couplecanvas.db")
    output = work / "handout.pdf"

    result = _run(["export-handout", "--session", str(session_id), "-o", str(output)], data_dir, work)

    assert result.returncode == 0, result.stderr
    text = _pdf_text(output)
    assert "Maya" in text and "Jordan" in text and "phone" in text


def test_relative_output_path_is_written_in_the_working_folder(data_dir, work):
    session_id = _make_sample_database(data_dir / "couplecanvas.db")

    result = _run(["export-handout", "--session", str(session_id), "-o", "relative.pdf"], data_dir, work)

    assert result.returncode == 0, result.stderr
    assert (work / "relative.pdf").read_bytes().startswith(b"%PDF-")


def test_list_sessions_shows_the_couple_and_the_session_id(data_dir, work):
    session_id = _make_sample_database(data_dir / "couplecanvas.db")

    result = _run(["list-sessions"], data_dir, work)

    assert result.returncode == 0, result.stderr
    assert "Maya & Jordan" in result.stdout
    assert "(sample)" in result.stdout
    assert "Mapping the cycle" in result.stdout
    session_lines = [line.split() for line in result.stdout.splitlines() if line.startswith("  ")]
    assert [words[0] for words in session_lines] == [str(session_id)]


def test_list_sessions_on_a_new_data_folder_creates_an_empty_database(tmp_path, work):
    data_dir = tmp_path / "fresh" / "data"  # does not exist yet

    result = _run(["list-sessions"], data_dir, work)

    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert (data_dir / "couplecanvas.db").is_file()


def test_a_missing_session_exits_non_zero_with_one_line(data_dir, work):
    _make_sample_database(data_dir / "couplecanvas.db")
    output = work / "out.pdf"

    result = _run(["export-handout", "--session", "999", "-o", str(output)], data_dir, work)

    assert result.returncode != 0
    line = _one_line(result.stderr)
    assert "999" in line
    assert "list-sessions" in line
    assert not output.exists()


def test_a_file_that_is_not_sqlite_exits_non_zero_with_one_line_and_stays_untouched(data_dir, work):
    database = work / "not-a-database.db"
    database.write_text("These are my grocery notes, not a database.\n" * 20, encoding="utf-8")
    before = _digest(database)
    output = work / "out.pdf"

    result = _run(_export_args(1, output, database), data_dir, work)

    assert result.returncode != 0
    assert str(database) in _one_line(result.stderr)
    assert _digest(database) == before
    assert not output.exists()
    assert sorted(p.name for p in work.iterdir()) == ["not-a-database.db"]


def test_list_sessions_refuses_a_non_sqlite_file_too(data_dir, work):
    (data_dir / "couplecanvas.db").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    before = _digest(data_dir / "couplecanvas.db")

    result = _run(["list-sessions"], data_dir, work)

    assert result.returncode != 0
    assert str(data_dir / "couplecanvas.db") in _one_line(result.stderr)
    assert _digest(data_dir / "couplecanvas.db") == before


def test_a_newer_database_exits_non_zero_with_one_line_and_stays_untouched(data_dir, work):
    database = work / "newer.db"
    session_id = _make_sample_database(database)
    with contextlib.closing(sqlite3.connect(database)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
        connection.commit()
    before = _digest(database)
    output = work / "out.pdf"

    result = _run(_export_args(session_id, output, database), data_dir, work)

    assert result.returncode != 0
    line = _one_line(result.stderr)
    assert str(database) in line
    assert "newer version" in line
    assert _digest(database) == before
    assert not output.exists()


def _zero_page_two(data: bytearray) -> None:
    data[4096:8192] = bytes(4096)


def _garbage_over_page_three(data: bytearray) -> None:
    data[8192:12288] = bytes((i * 37 + 11) % 256 for i in range(4096))


@pytest.mark.parametrize(
    "damage",
    [
        _zero_page_two,
        _garbage_over_page_three,
    ],
)
def test_a_damaged_database_exits_non_zero_with_one_line_and_stays_untouched(data_dir, work, damage):
    database = work / "damaged.db"
    session_id = _make_sample_database(database, extra_cards=50)
    data = bytearray(database.read_bytes())
    damage(data)
    database.write_bytes(bytes(data))
    before = _digest(database)

    result = _run(_export_args(session_id, work / "out.pdf", database), data_dir, work)

    assert result.returncode != 0
    assert _digest(database) == before
    line = _one_line(result.stderr)
    assert str(database) in line
    assert "damaged" in line


def test_an_output_folder_that_does_not_exist_exits_non_zero_with_one_line(data_dir, work):
    session_id = _make_sample_database(data_dir / "couplecanvas.db")
    output = work / "no" / "such" / "folder" / "out.pdf"

    result = _run(["export-handout", "--session", str(session_id), "-o", str(output)], data_dir, work)

    assert result.returncode != 0
    line = _one_line(result.stderr)
    assert "could not write" in line
    assert str(output) in line
    assert not output.parent.exists()


def test_export_imports_no_qt(data_dir, work):
    session_id = _make_sample_database(data_dir / "couplecanvas.db")
    output = work / "no-qt.pdf"
    code = (
        "import sys\n"
        "from couplecanvas.app.main import main\n"
        f"rc = main(['export-handout', '--session', '{session_id}', '-o', {str(output)!r}])\n"
        "assert 'PySide6' not in sys.modules, 'PySide6 was imported'\n"
        "assert 'shiboken6' not in sys.modules, 'shiboken6 was imported'\n"
        "sys.exit(rc)\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", code],
        env=_env(data_dir),
        cwd=work,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert output.read_bytes().startswith(b"%PDF-")


def test_list_sessions_imports_no_qt(data_dir, work):
    _make_sample_database(data_dir / "couplecanvas.db")
    code = (
        "import sys\n"
        "from couplecanvas.app.main import main\n"
        "rc = main(['list-sessions'])\n"
        "assert 'PySide6' not in sys.modules, 'PySide6 was imported'\n"
        "sys.exit(rc)\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], env=_env(data_dir), cwd=work, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr
    assert "Maya & Jordan" in result.stdout


# -- the practice, the therapist's own words, print settings --------------------------------------------------------
PRACTICE_NAME = "Harbour Couples Therapy"
EDITED_TITLE = "Spot the Chase together"
EDITED_STEP = "When one of you sees the Chase starting, say its name softly and take three slow breaths."


def _logo_png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (240, 80), (192, 22, 140)).save(buffer, "PNG")
    return buffer.getvalue()


def _make_practice_database(path: Path, page_size: str = "Letter", large_print: bool = False) -> int:
    """The sample, a practice with a name, contact lines and a logo, the therapist's edit of the sample's first
    exercise, and a next appointment; returns the session's id."""
    import datetime as dt

    from couplecanvas.domain.homework import Origin, load_builtin_library
    from couplecanvas.domain.practice import Practice

    database = open_database(sqlite_url(path))
    try:
        repository = Repository(database)
        _, session = repository.add_sample(build_sample())
        repository.save_practice(
            Practice(PRACTICE_NAME, "12 Quay Street\n0117 496 0123", _logo_png(), page_size, large_print).check()
        )
        key = build_sample().homework[0][0]
        builtin = load_builtin_library().get(key)
        edit = dataclasses.replace(builtin, title=EDITED_TITLE, steps=(EDITED_STEP, *builtin.steps[1:]),
                                   origin=Origin.EDITED)
        repository.save_exercise(edit)
        session.next_appointment = dt.datetime(2026, 12, 3, 17, 30)
        repository.update_session(session)
        assert session.id is not None
        return session.id
    finally:
        database.dispose()


def _body_size(path: Path) -> float:
    """The font size most of the handout's characters are set in."""
    from collections import Counter

    sizes: Counter = Counter()

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            sizes[round(size, 1)] += len(text.strip())

    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return sizes.most_common(1)[0][0]


def _page_points(path: Path) -> tuple[int, int]:
    box = PdfReader(path).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def test_export_handout_carries_the_practice_and_the_therapists_words(data_dir, work):
    database = work / "practice.db"
    session_id = _make_practice_database(database)
    output = work / "practice.pdf"

    result = _run(_export_args(session_id, output, database), data_dir, work)

    assert result.returncode == 0, result.stderr
    flat = " ".join(_pdf_text(output).split())
    assert flat.startswith(f"{PRACTICE_NAME} 12 Quay Street 0117 496 0123 Our session together")
    assert EDITED_TITLE in flat and EDITED_STEP in flat
    assert "Catch your cycle" not in flat  # the built-in words the therapist replaced
    assert "Your next appointment: Thursday 3 December 2026 at 17:30" in flat
    assert "Page 1 of" in flat
    assert SAMPLE_NOTE not in flat
    assert _page_points(output) == (612, 792)  # the practice's paper
    first_page = PdfReader(output).pages[0]
    images = [x for x in first_page["/Resources"]["/XObject"].values() if x.get_object()["/Subtype"] == "/Image"]
    assert len(images) == 1  # the logo
    assert _body_size(output) == 10.5


def test_export_handout_print_options_override_the_practice(data_dir, work):
    database = work / "practice.db"
    session_id = _make_practice_database(database, page_size="Letter", large_print=True)
    by_practice, overridden, large = work / "practice.pdf", work / "overridden.pdf", work / "large.pdf"

    results = [
        _run(_export_args(session_id, by_practice, database), data_dir, work),
        _run(_export_args(session_id, overridden, database) + ["--no-large-print", "--page-size", "A4"], data_dir,
             work),
    ]

    assert all(result.returncode == 0 for result in results), [r.stderr for r in results]
    assert _page_points(by_practice) == (612, 792) and _body_size(by_practice) > 14
    assert _page_points(overridden) == (595, 842) and _body_size(overridden) == 10.5

    plain_database = work / "plain.db"
    plain_id = _make_sample_database(plain_database)
    result = _run(_export_args(plain_id, large, plain_database) + ["--large-print"], data_dir, work)
    assert result.returncode == 0, result.stderr
    assert 1.3 <= _body_size(large) / 10.5 <= 1.4
    # No practice stored: the footer is the page number alone, the handout advertises no one.
    assert "Page 1 of" in _pdf_text(large) and "Couple Canvas" not in _pdf_text(large)


def test_export_handout_aliases_can_be_switched_off_again(data_dir, work):
    database = work / "practice.db"
    session_id = _make_sample_database(database)
    opened = open_database(sqlite_url(database))
    try:
        repository = Repository(opened)
        couple = repository.list_couples(include_archived=True)[0]
        couple.use_aliases = True  # the couple's own choice: aliases
        repository.update_couple(couple)
    finally:
        opened.dispose()
    by_couple, first_names = work / "couple.pdf", work / "names.pdf"

    results = [
        _run(_export_args(session_id, by_couple, database), data_dir, work),
        _run(_export_args(session_id, first_names, database) + ["--no-aliases"], data_dir, work),
    ]

    assert all(result.returncode == 0 for result in results), [r.stderr for r in results]
    assert "Partner 1" in _pdf_text(by_couple) and "Maya" not in _pdf_text(by_couple)
    assert "Maya" in _pdf_text(first_names) and "Partner 1" not in _pdf_text(first_names)


def test_a_couple_travels_by_file_through_the_real_command_line(data_dir, work):
    """export-couple, then import-couple into another database, through `python -m couplecanvas`."""
    source, target = work / "source.db", work / "target.db"
    _make_sample_database(source)
    _make_sample_database(target)
    listed = _run(["list-couples", "--database", sqlite_url(source)], data_dir, work)
    assert listed.returncode == 0, listed.stderr
    assert "Maya" in listed.stdout and "Jordan" in listed.stdout
    couple_id = next(int(word) for line in listed.stdout.splitlines() if "Maya" in line
                     for word in line.replace("#", " ").split() if word.isdigit())
    exported = _run(["export-couple", "--couple", str(couple_id), "-o", "maya-jordan.couple",
                     "--database", sqlite_url(source)], data_dir, work)
    assert exported.returncode == 0, exported.stderr
    assert (work / "maya-jordan.couple").stat().st_size > 0
    imported = _run(["import-couple", "maya-jordan.couple", "--database", sqlite_url(target)], data_dir, work)
    assert imported.returncode == 0, imported.stderr
    after = _run(["list-couples", "--database", sqlite_url(target)], data_dir, work)
    assert after.stdout.count("Maya") == 2  # a copy with fresh ids beside the one it had
    broken = work / "broken.couple"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    refused = _run(["import-couple", "broken.couple", "--database", sqlite_url(target)], data_dir, work)
    assert refused.returncode == 2 and "broken.couple" in refused.stderr and "Traceback" not in refused.stderr
