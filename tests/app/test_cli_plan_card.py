"""The plan for the fridge from the command line: --plan-only writes it alone on one page; --plan-card/--no-plan-card
and --feelings-page/--no-feelings-page shape the full handout. Run against a real SQLite file made by the repository."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from pypdf import PdfReader

from couplecanvas.app.main import main
from couplecanvas.domain.sample import build_sample
from couplecanvas.storage.database import open_database, sqlite_url
from couplecanvas.storage.repository import Repository


@pytest.fixture
def sample_database(tmp_path, monkeypatch):
    """The sample couple stored in a new file; the data folder (log file) is the test's own."""
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("COUPLECANVAS_DATA_DIR", str(data))
    path = tmp_path / "practice.db"
    database = open_database(sqlite_url(path))
    try:
        _, session = Repository(database).add_sample(build_sample())
    finally:
        database.dispose()
    return sqlite_url(path), session.id


def pages(path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(path.read_bytes())).pages]


def export(url: str, session_id: int, output, *options: str) -> int:
    return main(["--database", url, "export-handout", "--session", str(session_id), "-o", str(output), *options])


def test_plan_only_writes_the_plan_card_alone_on_one_page(sample_database, tmp_path):
    url, session_id = sample_database
    output = tmp_path / "plan.pdf"
    assert export(url, session_id, output, "--plan-only") == 0
    (text,) = pages(output)
    assert text.startswith("When our cycle starts")
    assert "The Chase" in text and "The Chase is here. Let's slow down and try again." in text
    assert "Maya" in text and "Page 1 of 1" in text
    assert "This week's homework" not in text


def test_plan_only_takes_the_aliases_and_the_paper(sample_database, tmp_path):
    url, session_id = sample_database
    output = tmp_path / "plan-letter.pdf"
    assert export(url, session_id, output, "--plan-only", "--aliases", "--page-size", "Letter", "--large-print") == 0
    (text,) = pages(output)
    assert "Partner 1" in text and "Maya" not in text
    box = PdfReader(str(output)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_the_handout_ends_with_the_plan_unless_left_out(sample_database, tmp_path):
    url, session_id = sample_database
    full, without, feelings = tmp_path / "full.pdf", tmp_path / "without.pdf", tmp_path / "feelings.pdf"
    assert export(url, session_id, full) == 0
    assert export(url, session_id, without, "--no-plan-card") == 0
    assert export(url, session_id, feelings, "--plan-card", "--feelings-page") == 0
    with_plan = pages(full)
    assert with_plan[-1].startswith("When our cycle starts")
    assert all("When our cycle starts" not in page for page in pages(without))
    assert len(pages(without)) == len(with_plan) - 1
    assert pages(feelings)[len(with_plan) - 1].startswith("When our cycle starts")


def test_plan_only_and_no_plan_card_together_are_refused_in_one_line(sample_database, tmp_path, capsys):
    url, session_id = sample_database
    output = tmp_path / "never.pdf"
    assert export(url, session_id, output, "--plan-only", "--no-plan-card") == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "--plan-only" in err
    assert not output.exists()


def test_plan_only_in_a_subprocess_with_no_display(sample_database, tmp_path):
    url, session_id = sample_database
    output = tmp_path / "plan-sub.pdf"
    env = {"PATH": "/usr/bin:/bin", "COUPLECANVAS_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run(
        [sys.executable, "-m", "couplecanvas", "export-handout", "--database", url, "--session", str(session_id),
         "-o", str(output), "--plan-only"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert len(pages(output)) == 1
