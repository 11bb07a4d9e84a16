"""The handout reads the board's structure: the cycle as two columns of steps, and each reframe as old -> new story."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from couplecanvas.domain import (
    Board,
    Card,
    Connector,
    Couple,
    HomeworkLibrary,
    Partner,
    PartnerRole,
    PrivateNote,
    Session,
)
from couplecanvas.domain.board import OLD_STORY_COLOUR, REFRAME_COLOUR, ConnectorKind
from couplecanvas.domain.couple import Position
from couplecanvas.domain.templates import CYCLE_NAME, CYCLE_STEPS, SPOT_IT, instantiate, load_builtin_templates
from couplecanvas.export import assemble_handout, export_handout, render_handout
from couplecanvas.export.handout_data import STEP_TITLES, BoardSnapshot, Reframe, Story
from couplecanvas.export.handout_pdf import MARGIN, TEXT
from couplecanvas.export.worksheets import TEXT as WORKSHEET_TEXT

from .test_map_readable import joined, map_words, smallest

TEMPLATES = load_builtin_templates().templates
CYCLE_HINTS = {slot.role: slot.hint for slot in TEMPLATES["our-cycle"].slots if slot.role in CYCLE_STEPS}
CANARY = "CANARY-private-9c21"
DAY = dt.date(2026, 11, 25)

WORDS = {
    PartnerRole.A: {
        "trigger": "You look at your phone while I am telling you about my day",
        "meaning": "I tell myself that I no longer matter to you",
        "body": "My chest goes tight and hot",
        "surface-emotion": "Frustrated and sharp",
        "deeper-emotion": "Afraid that I am losing you; lonely at the table",
        "longing": "To know I still come first for you",
        "action": "I push harder, raise my voice and follow you from room to room",
    },
    PartnerRole.B: {
        "trigger": "Your voice gets sharp and loud",
        "meaning": "Whatever I do, it will never be enough",
        "body": "My shoulders freeze",
        "surface-emotion": "Numb and defensive",
        "deeper-emotion": "Like I keep failing you; ashamed",
        "longing": "To feel good enough just as I am",
        "action": "I go quiet and leave the room",
    },
}
SHARED = {
    CYCLE_NAME: "The Chase",
    SPOT_IT: "“The Chase is here again. Let's slow down and hold hands for a minute.”",
    "problem-story": "We are just bad at talking; every talk turns into a fight.",
    "preferred-story": "The Team Who Pauses: we can slow down and find each other again.",
    "problem-name": "The Fog",
}


@pytest.fixture
def couple() -> Couple:
    return Couple(
        Partner("Zoë", alias="Partner Blue", position=Position.PURSUER),
        Partner("José", alias="Partner Orange", position=Position.WITHDRAWER),
        id=7,
    )


@pytest.fixture
def session() -> Session:
    return Session(couple_id=7, date=DAY, title="Affair disclosure follow-up", id=3)


def place(
    board: Board,
    key: str,
    couple: Couple,
    origin: tuple[float, float] = (0.0, 0.0),
    words: dict[PartnerRole, dict[str, str]] | None = None,
    shared: dict[str, str] | None = None,
    use_alias: bool | None = None,
) -> list[Card]:
    """Put a built-in template on the board and write the given words into its slots, by role and partner."""
    cards, connectors, strokes = instantiate(TEMPLATES[key], couple, origin, use_alias=use_alias)
    for card in cards:
        if card.partner is not None and words is not None:
            card.text = words.get(card.partner, {}).get(card.role, card.text)
        elif card.partner is None and shared is not None:
            card.text = shared.get(card.role, card.text)
        board.add_card(card)
    for connector in connectors:
        board.add_connector(connector)
    for stroke in strokes:
        board.add_stroke(stroke)
    return cards


@pytest.fixture
def board(couple: Couple) -> Board:
    """The cycle, filled in, with the narrative template filled in under it."""
    board = Board(session_id=3)
    place(board, "our-cycle", couple, words=WORDS, shared=SHARED, use_alias=False)
    place(board, "name-it-reauthor-it", couple, (0.0, 900.0), shared=SHARED)
    return board


def _assemble(couple, session, board, use_alias=None, show_positions=True):
    return assemble_handout(couple, session, board, [], HomeworkLibrary(), use_alias, show_positions=show_positions)


def _words(pdf: bytes) -> str:
    """The PDF's text with every run of whitespace made one space."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _between(words: str, start: str, end: str) -> str:
    """The text from the first `start` up to the first `end` after it."""
    assert start in words, start
    begin = words.index(start)
    stop = words.find(end, begin)
    assert stop > begin, end
    return words[begin:stop]


def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


# -- the cycle as data -------------------------------------------------------------------------------------------------
def test_cycle_rows_follow_the_steps_with_each_partners_words(couple, session, board) -> None:
    cycle = _assemble(couple, session, board).cycle
    assert cycle is not None
    assert [row.step for row in cycle.rows] == list(CYCLE_STEPS)
    for row in cycle.rows:
        assert row.label == CYCLE_HINTS[row.step]
        assert row.words == (WORDS[PartnerRole.A][row.step], WORDS[PartnerRole.B][row.step])
    assert cycle.name == SHARED[CYCLE_NAME]
    assert cycle.spot_it == SHARED[SPOT_IT]
    assert [column.heading for column in cycle.columns] == ["Zoë (pursues)", "José (withdraws)"]


def test_rows_without_words_are_left_out_and_one_sided_rows_stay(couple, session) -> None:
    words = {role: dict(steps) for role, steps in WORDS.items()}
    for role in PartnerRole:
        del words[role]["meaning"]
    words[PartnerRole.B]["body"] = "   "
    board = Board()
    place(board, "our-cycle", couple, words=words)
    cycle = _assemble(couple, session, board).cycle
    assert [row.step for row in cycle.rows] == [s for s in CYCLE_STEPS if s != "meaning"]
    body = next(row for row in cycle.rows if row.step == "body")
    assert body.words == (WORDS[PartnerRole.A]["body"], "")
    assert cycle.name == "" and cycle.spot_it == "" and not cycle.is_blank


def test_headings_follow_aliases_and_leave_out_an_unset_position(couple, session, board) -> None:
    couple.partner_b.position = Position.UNSET
    cycle = _assemble(couple, session, board, use_alias=True).cycle
    assert [column.heading for column in cycle.columns] == ["Partner Blue (pursues)", "Partner Orange"]
    couple.use_aliases = True
    assert _assemble(couple, session, board).cycle.columns[0].name == "Partner Blue"
    assert _assemble(couple, session, board, use_alias=False).cycle.columns[0].heading == "Zoë (pursues)"


def test_with_two_cycles_the_first_in_reading_order_counts(couple, session) -> None:
    upper = {role: {step: f"upper {role.value} {step}" for step in CYCLE_STEPS} for role in PartnerRole}
    lower = {role: {step: f"lower {role.value} {step}" for step in CYCLE_STEPS} for role in PartnerRole}
    board = Board()
    # The lower cycle goes on the board first: reading order, not the order of making, decides.
    place(board, "our-cycle", couple, (0.0, 1200.0), words=lower, shared={CYCLE_NAME: "lower name"})
    place(board, "our-cycle", couple, (0.0, 0.0), words=upper, shared={CYCLE_NAME: "upper name"})
    cycle = _assemble(couple, session, board).cycle
    assert [row.words for row in cycle.rows] == [
        (upper[PartnerRole.A][step], upper[PartnerRole.B][step]) for step in CYCLE_STEPS
    ]
    assert cycle.name == "upper name"


def test_empty_slots_sharing_a_role_do_not_hide_the_words(couple, session) -> None:
    board = Board()
    # An iceberg for partner A sits level with the cycle's top, and an empty cycle sits above it all.
    place(board, "our-cycle", couple, (0.0, 300.0), words=WORDS)
    place(board, "iceberg", couple, (1000.0, 0.0))
    place(board, "our-cycle", couple, (0.0, -1000.0))  # and an empty cycle above it all
    cycle = _assemble(couple, session, board).cycle
    assert [row.step for row in cycle.rows] == list(CYCLE_STEPS)
    for row in cycle.rows:
        assert row.words == (WORDS[PartnerRole.A][row.step], WORDS[PartnerRole.B][row.step])
        assert row.label == CYCLE_HINTS[row.step]
    # The iceberg's slots have roles of their own: even with words, they never fill the cycle's table.
    surface = next(c for c in board.cards.values() if c.role == "surface-feeling" and c.x >= 1000)
    surface.text = "irritated, on edge"
    row = next(r for r in _assemble(couple, session, board).cycle.rows if r.step == "surface-emotion")
    assert row.words == (WORDS[PartnerRole.A]["surface-emotion"], WORDS[PartnerRole.B]["surface-emotion"])


def test_a_step_card_without_a_prompt_gets_a_plain_title(couple, session) -> None:
    assert set(STEP_TITLES) == set(CYCLE_STEPS)
    board = Board()
    board.add_card(Card("to be held", partner=PartnerRole.B, role="longing"))
    cycle = _assemble(couple, session, board).cycle
    assert [(row.label, row.words) for row in cycle.rows] == [(STEP_TITLES["longing"], ("", "to be held"))]


def test_no_cycle_slots_means_no_cycle_section(couple, session) -> None:
    board = Board()
    place(board, "name-it-reauthor-it", couple, shared=SHARED)
    place(board, "bids-and-horsemen", couple, (0.0, 600.0))
    board.add_card(Card("a shared card that says trigger", role="trigger"))  # belongs to no partner
    data = _assemble(couple, session, board)
    assert data.cycle is None
    assert _assemble(couple, session, Board()).cycle is None


def test_an_empty_cycle_template_is_a_blank_cycle(couple, session) -> None:
    board = Board()
    place(board, "our-cycle", couple)
    cycle = _assemble(couple, session, board).cycle
    assert cycle is not None and cycle.is_blank and cycle.rows == ()


# -- reframes as data --------------------------------------------------------------------------------------------------
def test_reframes_come_in_reading_order_and_empty_pairs_are_left_out(couple, session) -> None:
    board = Board()
    place(board, "name-it-reauthor-it", couple, (0.0, 800.0),
          shared={"problem-story": "lower old", "preferred-story": "lower new"})
    place(board, "name-it-reauthor-it", couple, (0.0, 0.0),
          shared={"problem-story": "upper old", "preferred-story": "upper new"})
    place(board, "name-it-reauthor-it", couple, (0.0, 1600.0))  # nothing written: left out
    place(board, "name-it-reauthor-it", couple, (0.0, 2400.0), shared={"problem-story": "only the old one"})
    data = _assemble(couple, session, board)
    assert data.reframes == (
        Reframe("upper old", "upper new"),
        Reframe("lower old", "lower new"),
        Reframe("only the old one", ""),
    )


def test_snapshot_marks_story_cards_prompts_and_reframe_arrows(couple) -> None:
    board = Board()
    cards = place(board, "name-it-reauthor-it", couple, shared={"problem-story": "old words"})
    snapshot = BoardSnapshot.of(board)
    by_role = {card.role: card for card in cards}
    stories = {mapped.rect: mapped.story for mapped in snapshot.cards}
    assert stories[by_role["problem-story"].rect] is Story.OLD
    assert stories[by_role["preferred-story"].rect] is Story.NEW
    assert sum(story is not Story.NONE for story in stories.values()) == 2
    assert [c.kind for c in snapshot.connectors].count(ConnectorKind.REFRAME) == 1
    hints = {mapped.rect: mapped.hint for mapped in snapshot.cards}
    for card in cards:
        assert hints[card.rect] == card.hint.strip()


def test_aliases_replace_first_names_on_the_board_copy_only(couple, session, board) -> None:
    data = _assemble(couple, session, board, use_alias=True)
    texts = [card.text for card in data.board.cards] + [card.hint for card in data.board.cards]
    assert "Partner Blue (pursues)" in texts
    assert not any("Zoë" in text or "José" in text for text in texts)
    assert any("Zoë" in card.text for card in board.cards.values())  # the board itself keeps the names


# -- the PDF -----------------------------------------------------------------------------------------------------------
def test_pdf_cycle_section_reads_row_by_row(couple, session, board) -> None:
    words = _words(export_handout(couple, session, board, [], HomeworkLibrary(), deterministic=True,
                                  show_positions=True))
    section = _between(words, TEXT["cycle_words"], TEXT["reframes"])
    assert TEXT["cycle_words"] in words
    assert "Zoë (pursues) José (withdraws)" in section
    assert f"{TEXT['cycle_name']} {SHARED[CYCLE_NAME]}" in section
    assert f"{TEXT['spot_it']} {SHARED[SPOT_IT]}" in section
    places = []
    for step in CYCLE_STEPS:
        row = _one_line(f"{CYCLE_HINTS[step]} {WORDS[PartnerRole.A][step]} {WORDS[PartnerRole.B][step]}")
        assert row in section, row
        places.append(section.index(row))
    assert places == sorted(places)
    assert section.count(TEXT["cycle_together"].split(".")[0]) == 1


def test_pdf_uses_aliases_when_asked_and_first_names_are_then_absent(couple, session, board) -> None:
    # The name labels were made with first names and one of the couple's own lines names a partner.
    board.cards[next(c.id for c in board.cards.values() if c.role == "trigger" and c.partner is PartnerRole.B)].text = (
        "When Zoë's voice gets sharp"
    )
    words = _words(export_handout(couple, session, board, [], HomeworkLibrary(), use_alias=True, show_positions=True))
    section = _between(words, TEXT["cycle_words"], TEXT["reframes"])
    assert "Partner Blue (pursues) Partner Orange (withdraws)" in section
    assert "When Partner Blue's voice gets sharp" in section
    assert "Zoë" not in words and "José" not in words
    plain = _words(export_handout(couple, session, board, [], HomeworkLibrary(), use_alias=False, show_positions=True))
    assert "Zoë (pursues) José (withdraws)" in plain and "Partner Blue" not in plain


def test_pdf_shows_each_reframe_as_old_story_arrow_new_story(couple, session, board) -> None:
    old = Card("I am the one who always ruins things", x=0, y=1400, z=90)
    new = Card("", x=400, y=1400, hint="A kinder story...", z=91)
    board.add_card(old)
    board.add_card(new)
    board.add_connector(Connector(old.id, new.id, kind=ConnectorKind.REFRAME))
    words = _words(export_handout(couple, session, board, [], HomeworkLibrary()))
    section = _between(words, TEXT["reframes"], TEXT["homework"])
    # Each pair: its two labels, then the old words, the arrow and the new words (a row of labels over a row of words,
    # so a story longer than a page can split with its labels repeated).
    template_pair = (
        rf"{TEXT['old_story']}\s*{TEXT['new_story']}\s*{re.escape(SHARED['problem-story'])}\s*→\s*"
        rf"{re.escape(SHARED['preferred-story'])}"
    )
    assert re.search(template_pair, section)
    made_by_hand = rf"{TEXT['old_story']}\s*{TEXT['new_story']}\s*{re.escape(old.text)}\s*→\s*{TEXT['story_missing']}"
    assert re.search(made_by_hand, section)
    assert section.index(SHARED["problem-story"]) < section.index(old.text)  # reading order
    # The map tags both ends of the reframe too.
    assert "old story" in words and "new story" in words


def test_an_empty_template_board_exports_with_a_worksheet_per_template(couple, session, render_page) -> None:
    board = Board()
    y = 0.0
    for key in TEMPLATES:
        cards = place(board, key, couple, (0.0, y))
        y = max(card.y + card.height for card in cards) + 100
    pdf = export_handout(couple, session, board, [], HomeworkLibrary())
    words = _words(pdf)
    assert TEXT["cycle_blank"] in words
    assert TEXT["reframes"] not in words and TEXT["cycle_words"] not in words
    # Every other template has a worksheet of its own, with lines to write on and none of the prompts; whether the
    # map prints the prompts of its empty cards is the map's business (tests/export/test_board_map.py).
    titles = [WORKSHEET_TEXT[k] for k in ("reach_title", "narrative_title", "bids_title", "soft_title", "repairs_title",
                                           "talk_title", "hurt_title", "wound_title", "new_title", "there_title",
                                           "week_title", "icebergs_title")]
    for title in titles:
        assert title in words, title
    start = min(words.index(title) for title in titles)
    worksheets = words[start : words.index(TEXT["i_feel"], start)]
    preferred = next(s.hint for s in TEMPLATES["name-it-reauthor-it"].slots if s.role == "preferred-story")
    for hint in (CYCLE_HINTS["trigger"], preferred):
        assert hint not in worksheets
    image = render_page(pdf)
    non_white = sum(n for n, p in image.getcolors(image.width * image.height) if min(p) < 245)
    assert non_white / (image.width * image.height) > 0.03


def test_a_board_without_templates_keeps_the_plain_map(couple, session) -> None:
    board = Board()
    board.add_card(Card("Just a card"))
    words = _words(export_handout(couple, session, board, [], HomeworkLibrary()))
    assert TEXT["map"] in words and TEXT["cycle"] not in words and TEXT["reframes"] not in words


def test_private_notes_and_the_session_title_never_reach_the_pdf(couple, session, board, find_in_pdf) -> None:
    private = PrivateNote(session_id=3, text=CANARY)  # held beside the export, never handed to it
    pdf = export_handout(couple, session, board, [], HomeworkLibrary())
    assert find_in_pdf(pdf, private.text) == []
    assert find_in_pdf(pdf, "Affair") == []


def test_page_one_shows_the_map_with_the_reframe_in_its_colours(couple, session, board, render_page) -> None:
    pdf = export_handout(couple, session, board, [], HomeworkLibrary())
    image = render_page(pdf, scale=2)
    counts = image.getcolors(image.width * image.height)

    def near(colour: str, tolerance: int = 10) -> int:
        target = _hex(colour)
        return sum(n for n, p in counts if all(abs(p[i] - target[i]) <= tolerance for i in range(3)))

    assert sum(n for n, p in counts if min(p) < 245) / (image.width * image.height) > 0.05
    assert near(REFRAME_COLOUR) > 150  # the dashed arrow, the new story's border and tag
    assert near(OLD_STORY_COLOUR) > 80  # the old story's border and tag


def test_long_words_wrap_inside_the_page(couple, session, render_page) -> None:
    long_a = {step: f"{step} " + "and it goes on and on, " * 80 + f"end of {step} for A" for step in CYCLE_STEPS}
    long_b = {step: "Unbreakable" * 40 + f" end of {step} for B" for step in CYCLE_STEPS}
    board = Board()
    place(board, "our-cycle", couple, words={PartnerRole.A: long_a, PartnerRole.B: long_b},
          shared={CYCLE_NAME: "A name " * 60 + "end of name", SPOT_IT: "say it " * 250 + "end of spot"})
    place(board, "name-it-reauthor-it", couple, (0.0, 900.0),
          shared={"problem-story": "old " * 450 + "end of old", "preferred-story": "new " * 450 + "end of new"})
    pdf = export_handout(couple, session, board, [], HomeworkLibrary())
    words = _words(pdf)
    for step in CYCLE_STEPS:
        assert f"end of {step} for A" in words and f"end of {step} for B" in words
    for end in ("end of name", "end of spot", "end of old", "end of new"):
        assert end in words
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) < 20
    # Nothing spills into the side margins on any page.
    for index in range(len(reader.pages)):
        image = render_page(pdf, index)
        strip = round(MARGIN) - 4
        for box in ((0, 0, strip, image.height), (image.width - strip, 0, image.width, image.height)):
            assert all(min(p) > 245 for _, p in image.crop(box).getcolors(1 << 20)), (index, box)


def test_a_300_card_board_of_cycles_exports(couple, session) -> None:
    board = Board()
    n = 0
    while len(board.cards) < 300:  # cycle templates side by side, then single cards up to 300
        words = {role: {step: f"cycle {n} {role.value} {step}" for step in CYCLE_STEPS} for role in PartnerRole}
        if 300 - len(board.cards) >= 21:
            place(board, "our-cycle", couple, ((n % 4) * 1000.0, (n // 4) * 900.0), words=words)
        else:
            board.add_card(Card(f"one more {n}", x=-300, y=n * 100.0))
        n += 1
    assert len(board.cards) == 300
    data = _assemble(couple, session, board)
    assert data.cycle.rows[0].words == ("cycle 0 a trigger", "cycle 0 b trigger")
    pdf = render_handout(data)
    words = _words(pdf)
    assert "cycle 0 a action cycle 0 b action" in words
    # The map cannot be read on one page: it takes sideways pages of its own, every word at 9 pt or more, and each of
    # the 300 cards is drawn (a card on the edge of two tiles may be drawn twice).
    assert smallest(pdf) >= 9.0
    drawn = joined(map_words(pdf))
    assert all(f"one more {k}" in drawn for k in range(n - 1, n - 4, -1))
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 30
