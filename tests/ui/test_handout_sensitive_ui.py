"""Family or trauma history on the handout, from the real window: the iceberg's raw spot prints only when the therapist
ticks 'Print family history' in the preview, for that handout only; its words are nowhere in the file otherwise."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
from pypdf.generic import StreamObject
from PySide6.QtCore import Qt

from couplecanvas.domain.board import Board, Card
from couplecanvas.domain.couple import Couple, Partner, PartnerRole
from couplecanvas.domain.session import Session
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository

RAW_SPOT_CANARY = "parsnip-canary my father left when I was six"


def pages(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def anywhere(pdf: bytes, needle: str) -> bool:
    """The needle in any page's text or any decompressed stream of the file."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    if any(needle in (page.extract_text() or "") for page in reader.pages):
        return True
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            item = reader.get_object(number)
        except Exception:  # noqa: BLE001 - a free entry in the cross-reference table
            continue
        if isinstance(item, StreamObject) and needle.encode() in item.get_data():
            return True
    return False


def iceberg_couple(database_url: str) -> int:
    """A couple whose session holds an iceberg's raw spot, filled in."""
    repository = Repository(open_database(database_url))
    try:
        couple = repository.add_couple(Couple(Partner("Ana"), Partner("Ben")))
        session = repository.add_session(Session(couple.id, dt.date(2026, 11, 25)))
        board = Board(session_id=session.id)
        board.add_card(Card(text="What I am afraid of: being left", x=0, y=0, partner=PartnerRole.A, role="fear",
                            hint="What I am afraid of..."))
        board.add_card(Card(text=RAW_SPOT_CANARY, x=0, y=120, partner=PartnerRole.A, role="raw-spot",
                            hint="Where this raw spot comes from..."))
        repository.replace_board(session.id, board)
        return couple.id
    finally:
        repository.close()


def test_the_raw_spot_prints_only_when_ticked_for_this_handout(make_window, qtbot, database_url, tmp_path):
    couple_id = iceberg_couple(database_url)
    window = make_window()
    window.couples.reload(couple_id)
    assert window.controller.session is not None
    qtbot.keyClick(window.board_page.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    preview = window.exports.preview
    page = preview.page
    assert preview.is_shown and not page.sensitive_box.isChecked()
    assert not anywhere(preview.pdf, "parsnip")
    assert "being left" in " ".join(pages(preview.pdf))
    assert "Where this raw spot comes from" not in " ".join(pages(preview.pdf))  # a prompt is not their words

    qtbot.mouseClick(page.sensitive_box, Qt.MouseButton.LeftButton)
    assert page.sensitive_box.isChecked()
    assert RAW_SPOT_CANARY in " ".join(pages(preview.pdf))
    saved = tmp_path / "chosen.pdf"
    assert preview.save_to(saved)
    assert RAW_SPOT_CANARY in " ".join(pages(saved.read_bytes()))

    # The choice is for this handout only: the next preview starts without it, and so does a direct export.
    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    assert not preview.is_shown
    qtbot.keyClick(window.board_page.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert not page.sensitive_box.isChecked()
    assert not anywhere(preview.pdf, "parsnip")
    path = tmp_path / "handout.pdf"
    assert window.export_handout_to(path)
    assert not anywhere(path.read_bytes(), "parsnip")
    assert RAW_SPOT_CANARY in next(c.text for c in window.controller.document.board.cards.values()
                                   if c.role == "raw-spot")  # the board keeps every word
