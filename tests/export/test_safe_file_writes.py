"""Writing an exported file: whole or not at all, never through a planted link, never over a pipe, a device or a
folder; a link of the user's own is written through and stays a link."""

from __future__ import annotations

import os
import stat
import sys
import threading
from pathlib import Path

import pytest

from couplecanvas.export.files import UnsafeTargetError, write_file_atomically

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="links, FIFOs and owners as on POSIX")


def test_a_new_file_is_written_whole_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "handout.pdf"

    write_file_atomically(target, b"%PDF-new")

    assert target.read_bytes() == b"%PDF-new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout.pdf"]


@posix_only
def test_a_new_file_is_for_the_user_only_and_a_replaced_one_keeps_its_permissions(tmp_path):
    new = tmp_path / "new.pdf"
    write_file_atomically(new, b"x")
    assert stat.S_IMODE(new.stat().st_mode) == 0o600  # a couple's clinical material

    shared = tmp_path / "shared.pdf"
    shared.write_bytes(b"old")
    shared.chmod(0o644)
    write_file_atomically(shared, b"new")
    assert shared.read_bytes() == b"new"
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644


@posix_only
def test_a_planted_partial_link_is_not_followed(tmp_path):
    victim = tmp_path / "precious.txt"
    victim.write_bytes(b"keep me")
    (tmp_path / ".handout.pdf.partial").symlink_to(victim)  # the name the old writer used, every time

    write_file_atomically(tmp_path / "handout.pdf", b"%PDF-new")

    assert victim.read_bytes() == b"keep me"
    assert (tmp_path / "handout.pdf").read_bytes() == b"%PDF-new"
    assert (tmp_path / ".handout.pdf.partial").is_symlink()  # not ours: left where it was


@posix_only
def test_a_link_of_the_users_own_is_written_through_and_stays_a_link(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    real = shared / "handout.pdf"
    real.write_bytes(b"old")
    link = tmp_path / "handout.pdf"
    link.symlink_to(real)

    write_file_atomically(link, b"%PDF-new")

    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert real.read_bytes() == b"%PDF-new"
    assert sorted(p.name for p in shared.iterdir()) == ["handout.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout.pdf", "shared"]


@posix_only
def test_a_link_made_by_another_account_is_refused(tmp_path, monkeypatch):
    victim = tmp_path / "precious.txt"
    victim.write_bytes(b"keep me")
    link = tmp_path / "handout.pdf"
    link.symlink_to(victim)
    if os.geteuid() == 0:
        os.lchown(link, 4242, 4242)  # planted by another account
    else:
        monkeypatch.setattr(os, "geteuid", lambda: os.lstat(link).st_uid + 4242)  # as if we were someone else

    with pytest.raises(UnsafeTargetError, match="another account"):
        write_file_atomically(link, b"%PDF-new")

    assert victim.read_bytes() == b"keep me"
    assert link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout.pdf", "precious.txt"]


@posix_only
def test_a_fifo_is_refused_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "handout.pdf"
    os.mkfifo(fifo)

    with pytest.raises(UnsafeTargetError, match="pipe") as caught:
        write_file_atomically(fifo, b"%PDF-new")

    assert caught.value.strerror.startswith("this is a pipe")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout.pdf"]


@posix_only
def test_a_link_to_a_fifo_is_refused_too(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "handout.pdf").symlink_to(fifo)

    with pytest.raises(UnsafeTargetError, match="pipe"):
        write_file_atomically(tmp_path / "handout.pdf", b"%PDF-new")

    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@posix_only
def test_a_device_is_refused(tmp_path):
    with pytest.raises(UnsafeTargetError, match="device"):
        write_file_atomically(Path("/dev/null"), b"%PDF-new")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_folder_is_refused_and_left_as_it_was(tmp_path):
    folder = tmp_path / "handouts"
    folder.mkdir()
    (folder / "kept.pdf").write_bytes(b"kept")

    with pytest.raises(UnsafeTargetError, match="folder"):
        write_file_atomically(folder, b"%PDF-new")

    assert (folder / "kept.pdf").read_bytes() == b"kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handouts"]


@pytest.mark.parametrize("name", ["", ".", ".."])
def test_no_file_name_is_refused(name):
    with pytest.raises(UnsafeTargetError, match="folder"):
        write_file_atomically(Path(name), b"%PDF-new")


def test_a_missing_folder_is_an_os_error_and_creates_nothing(tmp_path):
    with pytest.raises(FileNotFoundError):
        write_file_atomically(tmp_path / "no" / "such" / "handout.pdf", b"%PDF-new")
    assert not (tmp_path / "no").exists()


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "handout.pdf"
    target.write_bytes(b"old")

    def full_disk(_descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        write_file_atomically(target, b"%PDF-new")

    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout.pdf"]


def test_two_writers_at_once_never_share_a_temporary_file(tmp_path):
    target = tmp_path / "handout.pdf"
    payloads = [bytes([n]) * 200_000 for n in range(8)]
    threads = [threading.Thread(target=write_file_atomically, args=(target, p)) for p in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert target.read_bytes() in payloads  # one writer's whole file, never a mix
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout.pdf"]
