"""The command line on an encrypted database: the passphrase comes from --passphrase-fd or the terminal, never from an
argument or the environment; a wrong one is refused with exit 2, one clear line, and nothing written."""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from couplecanvas.app.cli import build_parser
from couplecanvas.domain.sample import build_sample
from couplecanvas.storage import cipher
from couplecanvas.storage.database import open_database, sqlite_url
from couplecanvas.storage.repository import Repository

PASSPHRASE = "lonely harbour lights"


@pytest.fixture
def encrypted(tmp_path) -> tuple[Path, int]:
    """An encrypted database holding the sample couple; (its path, the session's id)."""
    path = tmp_path / "practice.db"
    repository = Repository(open_database(sqlite_url(path)))
    try:
        _couple, session = repository.add_sample(build_sample())
    finally:
        repository.close()
    cipher.encrypt_database(path, PASSPHRASE)
    return path, session.id


def _run(args: list[str], tmp_path: Path, passphrase: bytes | None = None, env_extra: dict | None = None):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["COUPLECANVAS_DATA_DIR"] = str(tmp_path / "data")
    env.update(env_extra or {})
    fds: tuple[int, ...] = ()
    if passphrase is not None:
        read, write = os.pipe()
        os.write(write, passphrase)
        os.close(write)
        fds = (read,)
        args = [*args, "--passphrase-fd", str(read)]
    try:
        return subprocess.run([sys.executable, "-m", "couplecanvas", *args], env=env, cwd=tmp_path, pass_fds=fds,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    finally:
        for fd in fds:
            os.close(fd)


def test_export_handout_reads_the_passphrase_from_a_file_descriptor(encrypted, tmp_path):
    path, session_id = encrypted
    output = tmp_path / "handout.pdf"
    done = _run(["export-handout", "--database", sqlite_url(path), "--session", str(session_id), "-o", str(output)],
                tmp_path, f"{PASSPHRASE}\n".encode())
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    text = "".join(page.extract_text() for page in PdfReader(output).pages)
    assert "Maya" in text or "Sun" in text
    listed = _run(["list-sessions", "--database", sqlite_url(path)], tmp_path, PASSPHRASE.encode())
    assert listed.returncode == 0, listed.stderr
    assert str(session_id) in listed.stdout


def test_a_wrong_passphrase_exits_2_with_one_clear_line_and_writes_nothing(encrypted, tmp_path):
    path, session_id = encrypted
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    output = tmp_path / "handout.pdf"
    done = _run(["export-handout", "--database", sqlite_url(path), "--session", str(session_id), "-o", str(output)],
                tmp_path, b"lonely harbour light\n")
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "passphrase" in lines[0] and "not right" in lines[0], done.stderr
    assert "hmac" not in done.stderr.lower()  # SQLCipher's own logging stays quiet
    assert not output.exists()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_without_a_terminal_or_descriptor_the_message_names_passphrase_fd_and_the_environment_is_ignored(
        encrypted, tmp_path):
    path, _ = encrypted
    done = _run(["list-couples", "--database", sqlite_url(path)], tmp_path,
                env_extra={"COUPLECANVAS_PASSPHRASE": PASSPHRASE, "PASSPHRASE": PASSPHRASE})
    assert done.returncode == 2
    assert "--passphrase-fd" in done.stderr and len(done.stderr.splitlines()) == 1
    assert done.stdout == ""


def test_no_option_takes_the_passphrase_itself():
    parser = build_parser()
    parsers = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            parsers += list(action.choices.values())
    options = {option for p in parsers for action in p._actions for option in action.option_strings}
    assert {option for option in options if "pass" in option or "key" in option} == {"--passphrase-fd"}
    assert "--passphrase-fd" in {o for a in parsers[1]._actions for o in a.option_strings}


def test_exports_and_imports_from_the_command_line_are_in_the_activity_log(encrypted, tmp_path):
    path, session_id = encrypted
    url = sqlite_url(path)
    handout = tmp_path / "out" / "maya-jordan handout.pdf"
    handout.parent.mkdir()
    couple_file = tmp_path / "out" / "maya-jordan.couple"
    steps = (
        ["export-handout", "--database", url, "--session", str(session_id), "-o", str(handout)],
        ["export-couple", "--database", url, "--couple", "1", "-o", str(couple_file)],
        ["import-couple", str(couple_file), "--database", url],
    )
    for step in steps:
        done = _run(step, tmp_path, f"{PASSPHRASE}\n".encode())
        assert done.returncode == 0, (step, done.stderr)
    repository = Repository(open_database(url, key=cipher.unlock(path, PASSPHRASE)))
    try:
        logged = [(str(e.action), e.couple_id, e.file_name) for e in reversed(repository.list_activity())]
        imported = max(couple.id for couple in repository.list_couples())
    finally:
        repository.close()
    assert logged == [("export-handout", 1, "maya-jordan handout.pdf"), ("export-couple", 1, "maya-jordan.couple"),
                      ("import-couple", imported, "maya-jordan.couple")]
    assert imported != 1
    assert list((path.parent / "backups").glob("*-import.db"))  # backed up before the import, encrypted
    assert all(cipher.is_encrypted(backup) for backup in (path.parent / "backups").iterdir())
