"""export-couple, import-couple and list-couples, run through the real entry point (couplecanvas.app.main.main): files
written and read, messages on stderr, exit codes."""

from __future__ import annotations

import hashlib
import zipfile

import pytest

from couplecanvas.app.main import main
from couplecanvas.domain.sample import build_sample
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository


def run(*argv: str) -> int:
    """The command line as `couplecanvas` runs it (couplecanvas.app.main.main), in this process."""
    return main(list(argv))


@pytest.fixture
def sample(database_url):
    repository = Repository(open_database(database_url))
    try:
        couple, _session = repository.add_sample(build_sample())
        return couple.id
    finally:
        repository.close()


def test_export_then_import_adds_a_second_couple(database_url, sample, tmp_path, capsys):
    path = tmp_path / "maya"
    assert run("export-couple", "--couple", str(sample), "-o", str(path), "--database", database_url) == 0
    written = tmp_path / "maya.couple"
    assert zipfile.is_zipfile(written)
    assert "without private notes" in capsys.readouterr().out
    assert run("import-couple", str(written), "--database", database_url) == 0
    assert "Imported Maya & Jordan as couple" in capsys.readouterr().out
    assert run("list-couples", "--database", database_url) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 2 and all("Maya & Jordan" in line for line in listed)


def test_private_notes_travel_only_when_asked_for(database_url, sample, tmp_path):
    without, with_private = tmp_path / "a.couple", tmp_path / "b.couple"
    assert run("--database", database_url, "export-couple", "--couple", str(sample), "-o", str(without)) == 0
    assert run("--database", database_url, "export-couple", "--couple", str(sample), "-o", str(with_private),
               "--include-private") == 0
    note_word = b"invented"  # the sample's private note says it is invented for practice
    texts = [b"".join(zipfile.ZipFile(p).read(n) for n in ("manifest.json", "couple.json")) for p in (without,
                                                                                                       with_private)]
    assert b'"includes_private":false' in texts[0] and b'"private_note":null' in texts[0]
    assert b'"includes_private":true' in texts[1] and note_word in texts[1]


def test_an_unknown_couple_is_one_calm_line(database_url, sample, tmp_path, capsys):
    assert run("export-couple", "--couple", "999", "-o", str(tmp_path / "x.couple"), "--database", database_url) == 2
    err = capsys.readouterr().err
    assert err.startswith("couplecanvas: No couple with id 999.") and "list-couples" in err
    assert not (tmp_path / "x.couple").exists()


def test_a_hostile_file_is_refused_and_the_database_is_unchanged(database_url, sample, tmp_path, capsys):
    db = tmp_path / "couplecanvas.db"
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    hostile = tmp_path / "evil.couple"
    with zipfile.ZipFile(hostile, "w") as archive:
        archive.writestr("manifest.json", '{"format": "couplecanvas-couple", "schema_version": 1}')
        archive.writestr("../../outside.txt", "x")
    assert run("import-couple", str(hostile), "--database", database_url) == 2
    err = capsys.readouterr().err
    assert "“evil.couple” cannot be imported" in err and "'../../outside.txt'" in err and "Nothing was changed" in err
    assert err.count("\n") == 1
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_a_file_from_a_newer_version_says_so(database_url, tmp_path, capsys):
    newer = tmp_path / "newer.couple"
    with zipfile.ZipFile(newer, "w") as archive:
        archive.writestr("manifest.json", '{"format": "couplecanvas-couple", "schema_version": 7}')
        archive.writestr("couple.json", "{}")
    assert run("import-couple", str(newer), "--database", database_url) == 2
    assert "made by a newer Couple Canvas" in capsys.readouterr().err


def test_an_unwritable_output_is_one_calm_line(database_url, sample, tmp_path, capsys):
    target = tmp_path / "no-such-folder" / "maya.couple"
    assert run("export-couple", "--couple", str(sample), "-o", str(target), "--database", database_url) == 2
    assert "“maya.couple” could not be written" in capsys.readouterr().err
