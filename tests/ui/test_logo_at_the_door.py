"""The practice dialog checks a logo when it is chosen: a big picture is stored scaled to print size; a damaged or
oversized one is refused with the reason and the file's name, and the logo stays as it was."""

from __future__ import annotations

import io
import random
import struct
import zlib

import pytest
from PIL import Image
from PySide6.QtWidgets import QDialog

from couplecanvas.domain.practice import Practice
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository


def _noisy_png(width: int = 2000, height: int = 2000) -> bytes:
    rng = random.Random(3)
    image = Image.frombytes("1", (width, height), rng.randbytes((width + 7) // 8 * height)).convert("RGB")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _small_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (240, 120), (47, 93, 80)).save(out, "PNG")
    return out.getvalue()


def _truncated_jpeg() -> bytes:
    out = io.BytesIO()
    Image.linear_gradient("L").resize((1600, 900)).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()[:20_000]


def _bomb() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 60_000, 60_000, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b""))


def _stored(database_url: str) -> Practice:
    repository = Repository(open_database(database_url))
    try:
        return repository.get_practice()
    finally:
        repository.database.dispose()


def _dialog(window) -> QDialog:
    window.practice_action.trigger()
    dialog = window.findChild(QDialog, "practice_dialog")
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_a_noisy_png_is_stored_at_print_size(make_window, qtbot, database_url, tmp_path) -> None:
    path = tmp_path / "big logo.png"
    path.write_bytes(_noisy_png())
    assert path.stat().st_size > 500_000
    dialog = _dialog(make_window())
    assert dialog.load_logo(path)
    assert not dialog.problem.isVisible()
    assert not dialog.logo_preview.pixmap().isNull()
    with Image.open(io.BytesIO(dialog.logo)) as image:
        assert image.width <= 500 and image.height <= 192
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert not dialog.isVisible()
    stored = _stored(database_url).logo
    assert stored == dialog.logo and len(stored) < path.stat().st_size


@pytest.mark.parametrize(("kind", "reason"), [("truncated jpeg", "damaged"),
                                              ("bomb", "too large: 60,000 × 60,000 pixels")])
def test_a_logo_that_cannot_be_used_is_refused_by_name_and_nothing_changes(make_window, qtbot, database_url,
                                                                          tmp_path, kind, reason) -> None:
    window = make_window()
    before = _small_png()
    window.repository.save_practice(Practice("Before", logo=before))
    dialog = _dialog(window)
    name = "our logo.jpg" if kind == "truncated jpeg" else "our logo.png"
    path = tmp_path / name
    path.write_bytes(_truncated_jpeg() if kind == "truncated jpeg" else _bomb())
    assert not dialog.load_logo(path)
    assert dialog.problem.isVisible()
    message = dialog.problem.text()
    assert name in message and reason in message and "unchanged" in message
    assert dialog.logo == before
    assert not dialog.logo_preview.pixmap().isNull()
    dialog.reject()
    assert _stored(database_url).logo == before
