"""'When our cycle starts', the plan for the fridge: gathered from the board's slots, one page whatever the words,
lines to fill in where the board is empty, alone or as the handout's last page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from couplecanvas.domain.board import Board
from couplecanvas.domain.couple import Couple, Partner, PartnerRole
from couplecanvas.domain.homework import load_builtin_library
from couplecanvas.domain.practice import Practice
from couplecanvas.domain.sample import build_sample
from couplecanvas.domain.session import Session
from couplecanvas.domain.spelling import to_spelling
from couplecanvas.domain.templates import instantiate, load_builtin_templates
from couplecanvas.export import assemble_handout, export_handout, render_handout
from couplecanvas.export.plan_card import PLAN_TEXT, PlanPage, plan_text, render_plan_card
from couplecanvas.export.plan_data import PlanCard, assemble_plan, repair_phrases

LIBRARY = load_builtin_library()
SESSION = Session(1, dt.date(2026, 12, 3), "Mapping the cycle", id=1)


def pages(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def sample_data(use_alias: bool | None = None, practice: Practice | None = None, **kwargs):
    sample = build_sample(dt.date(2026, 12, 3))
    return assemble_handout(sample.couple, SESSION, sample.board, [], LIBRARY, use_alias, practice, **kwargs)


def board_from(*templates: str, couple: Couple) -> Board:
    board = Board()
    library = load_builtin_templates().templates
    y = 0.0
    for key in templates:
        cards, connectors, strokes = instantiate(library[key], couple, (0.0, y))
        for card in cards:
            board.add_card(card)
        for connector in connectors:
            board.add_connector(connector)
        y = max(c.y + c.height for c in cards) + 100
    return board


def set_words(board: Board, role: str, words: str, partner: PartnerRole | None = None) -> None:
    card = board.cards_with_role(role, partner)[0]
    board.set_card_text(card.id, words)


# -- the sample, with and without aliases ------------------------------------------------------------------------------
@pytest.mark.parametrize("use_alias", [False, True], ids=["first-names", "aliases"])
def test_the_sample_plan_is_one_page_with_its_name_and_spot_it_phrase(use_alias):
    data = sample_data(use_alias)
    pdf = render_plan_card(data, deterministic=True)
    (text,) = pages(pdf)
    assert "When our cycle starts" in text
    assert "The Chase" in text
    assert "The Chase is here. Let's slow down and try again." in text
    assert "my chest goes tight" in text and "my stomach drops and I freeze" in text
    assert "afraid I don't matter to you" in text and "to feel good enough for you" in text
    shown, hidden = (
        (("Partner 1", "Partner 2"), ("Maya", "Jordan")) if use_alias else (("Maya", "Jordan"), ("Partner",))
    )
    for name in shown:
        assert name in text
    for name in hidden:
        assert name not in text
    assert "Page 1 of 1" in text  # the handout's own footer
    assert PdfReader(io.BytesIO(pdf)).metadata.title.startswith("When our cycle starts")


def test_the_plan_is_gathered_from_the_slots():
    plan = sample_data().plan
    assert plan == PlanCard(
        names=("Maya", "Jordan"),
        cycle_name="The Chase",
        early_signs=("my chest goes tight", "my stomach drops and I freeze"),
        spot_it="“The Chase is here. Let's slow down and try again.”",
        deep_down=("afraid I don't matter to you", "ashamed, like a failure in your eyes"),
        needed=("to know I still come first for you", "to feel good enough for you"),
    )
    assert sample_data(plan_card=False).plan is None


def test_calming_and_repair_phrases_come_from_their_slots():
    couple = Couple(Partner("Ana"), Partner("Ben"))
    board = board_from("our-cycle", "reach-and-respond", "repair-list", couple=couple)
    set_words(board, "calm-body", "a slow walk round the block", PartnerRole.A)
    set_words(board, "calm-body", "music in the car", PartnerRole.B)
    plan = assemble_plan(board, couple, ("Ana", "Ben"))
    assert plan.calm_down == ("a slow walk round the block", "music in the car")
    # The repair list's boxes are not chosen until ticked: no phrase yet, two lines to fill in.
    assert plan.repair_phrases == ("", "")
    slowing = board.cards_with_role("repair-phrases")[0]
    board.set_card_text(slowing.id, slowing.text.replace("☐ Can I have", "☑ Can I have"))
    ours = board.cards_with_role("repair-phrases")[-1]
    board.set_card_text(ours.id, "Can we start again?\nI'm on your side.")
    assert repair_phrases(board) == ("Can I have another go at saying that?", "Can we start again?")


# -- empty fields are lines, never prompts -----------------------------------------------------------------------------
def test_an_empty_board_gives_lines_to_fill_in_and_no_prompts():
    couple = Couple(Partner("Ana"), Partner("Ben"))
    board = board_from("our-cycle", "reach-and-respond", "bids-and-horsemen", couple=couple)
    data = assemble_handout(couple, SESSION, board, [], LIBRARY)
    assert data.plan.is_blank
    pdf = render_plan_card(data)
    (text,) = pages(pdf)
    prompts = {c.hint for c in board.cards.values() if c.hint}
    assert "Our name for the cycle..." in prompts and "In my body I notice..." in prompts
    for prompt in prompts:
        assert prompt.rstrip(".") not in text, prompt
    assert "..." not in text and "…" not in text
    assert "Your name for it:" in text and "Take a break of" in text and "Deep down I felt" in text
    # The lines to write on are drawn: as many as the empty fields (name, signs x2, spot-it, pause, come back,
    # calming x2, deep down x2, needed x2, two phrases), each a stroke of its own.
    content = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data().decode("latin-1")
    strokes = content.count(" l S")
    filled = render_plan_card(sample_data())
    filled_strokes = PdfReader(io.BytesIO(filled)).pages[0].get_contents().get_data().decode("latin-1").count(" l S")
    assert strokes - filled_strokes == 14 - 6  # the sample fills name, both signs, spot-it, deep down x2 and needed x2


# -- one page, whatever the words --------------------------------------------------------------------------------------
EXTREMES = {
    "a 2,000-character spot-it phrase": {"spot-it": "Let's slow down " * 125},
    "a word of 2,000 letters": {"spot-it": "x" * 2000, "cycle-name": "y" * 300},
    "forty lines in every slot": {role: "\n".join(f"line {n}" for n in range(40))
                                  for role in ("cycle-name", "spot-it", "body", "deeper-emotion", "longing")},
    "Hebrew": {"cycle-name": "המרדף", "spot-it": "המרדף כאן. בואו נאט ונתחיל שוב. " * 30,
               "body": "החזה שלי מתכווץ " * 20, "deeper-emotion": "פוחדת שאני לא חשובה לך " * 10,
               "longing": "לדעת שאני עדיין הכי חשובה לך " * 10},
}


@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("page_size", ["A4", "Letter"])
@pytest.mark.parametrize("words", list(EXTREMES.values()), ids=list(EXTREMES))
def test_extreme_words_still_make_one_page(words, page_size, large_print):
    sample = build_sample(dt.date(2026, 12, 3))
    board = sample.board
    for role, text in words.items():
        for card in board.cards_with_role(role):
            board.set_card_text(card.id, text)
    data = assemble_handout(sample.couple, SESSION, board, [], LIBRARY)
    pdf = render_plan_card(data, page_size=page_size, large_print=large_print)
    (text,) = pages(pdf)
    assert "When our cycle starts" in text and "Page 1 of 1" in text
    if "spot-it" in words and len(words["spot-it"]) > 500:
        assert "…" in text  # cut to fit, and it says so


def test_long_words_are_cut_and_named_and_the_rest_stays_whole():
    data = sample_data()
    plan = dataclasses.replace(data.plan, spot_it="Let's slow down " * 125)
    page = PlanPage(plan, data.partner_colours, frame_height=700)
    page.wrap(480, 700)
    assert page.cut == ("spot_it",)
    assert page.height <= 700
    short = PlanPage(data.plan, data.partner_colours, frame_height=700)
    short.wrap(480, 700)
    assert short.cut == () and short.scale > page.scale > 0.75  # large type still, a little smaller for the long words


def test_hebrew_letters_print():
    sample = build_sample(dt.date(2026, 12, 3))
    set_words(sample.board, "cycle-name", "המרדף")
    data = assemble_handout(sample.couple, SESSION, sample.board, [], LIBRARY)
    (text,) = pages(render_plan_card(data))
    assert set("המרדף") <= set(text)


# -- in our voice, in the practice's spelling --------------------------------------------------------------------------
def test_us_spelling_and_our_own_voice():
    data = sample_data(practice=Practice(spelling="US"))
    assert data.plan.spelling == "US"
    text = pages(render_plan_card(data))[0]
    assert "When our cycle starts" in text
    words = " ".join(v for v in PLAN_TEXT.values()).lower()
    for blaming in (r"your fault", r"you always", r"you never", r"\bhis\b", r"\bher\b", r"\bhe\b", r"\bshe\b"):
        assert not re.search(blaming, words), blaming
    assert plan_text("US") == {key: to_spelling(value, "US") for key, value in PLAN_TEXT.items()}


# -- in the handout ---------------------------------------------------------------------------------------------------
def test_the_plan_is_the_handouts_last_page_and_can_be_left_out():
    with_plan = pages(render_handout(sample_data()))
    assert len(with_plan) >= 2
    assert with_plan[-1].startswith("When our cycle starts")
    assert all("When our cycle starts" not in page for page in with_plan[:-1])
    assert f"Page {len(with_plan)} of {len(with_plan)}" in with_plan[-1]
    without = pages(render_handout(sample_data(plan_card=False)))
    assert len(without) == len(with_plan) - 1
    assert all("When our cycle starts" not in page for page in without)


def test_export_handout_passes_the_plan_and_feelings_page_through():
    sample = build_sample(dt.date(2026, 12, 3))
    args = (sample.couple, SESSION, sample.board, [], LIBRARY)
    with_plan = pages(export_handout(*args))
    without = pages(export_handout(*args, plan_card=False))
    assert "When our cycle starts" in with_plan[-1] and len(without) == len(with_plan) - 1
    feelings = pages(export_handout(*args, feelings_page=True))
    plan_page = next(i for i, page in enumerate(feelings) if page.startswith("When our cycle starts"))
    assert plan_page == len(with_plan) - 1  # the feeling words (if any) come after the plan, never before


def test_a_handout_made_without_its_plan_cannot_print_the_plan_alone():
    with pytest.raises(ValueError):
        render_plan_card(sample_data(plan_card=False))


def test_deterministic_plan_cards_are_byte_identical():
    data = sample_data()
    assert render_plan_card(data, deterministic=True) == render_plan_card(data, deterministic=True)
