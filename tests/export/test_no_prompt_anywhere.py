"""Nothing the couple did not say: on a board holding all fourteen templates, every slot empty, no slot's prompt is
found anywhere in the handout's text (map, worksheets, plan card), only lines to write on."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from couplecanvas.domain import Board, Couple, Partner, Session
from couplecanvas.domain.homework import load_builtin_library
from couplecanvas.domain.templates import instantiate, load_builtin_templates
from couplecanvas.export import export_handout


def test_no_prompt_of_any_empty_slot_is_printed_anywhere():
    couple = Couple(Partner("Maya"), Partner("Jordan"), id=1)
    board = Board(1)
    prompts: set[str] = set()
    y = 0.0
    templates = load_builtin_templates().templates
    assert len(templates) == 14
    for template in templates.values():
        cards, connectors, _ = instantiate(template, couple, (0.0, y))
        for card in cards:
            board.add_card(card)
            if card.hint.strip():
                prompts.add(card.hint.strip().rstrip(".…"))
        for connector in connectors:
            board.add_connector(connector)
        y = max(card.y + card.height for card in cards) + 100
    assert len(prompts) > 50
    for large_print in (False, True):
        pdf = export_handout(couple, Session(1, dt.date(2026, 12, 3), id=1), board, [], load_builtin_library(),
                             deterministic=True, large_print=large_print)
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)
        assert "When our cycle starts" in text and "Maya" in text  # the handout was read, plan card included
        assert [prompt for prompt in sorted(prompts) if prompt in text] == []
