"""Every template on the board reaches the handout as a worksheet in the couple's words, and nothing they did not say
is printed: empty slots are lines to write on, never their prompts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from couplecanvas.domain import Board, Card, Connector, Couple, HomeworkLibrary, Partner, PartnerRole, Session
from couplecanvas.domain.board import ConnectorKind
from couplecanvas.domain.homework import Assignment, load_builtin_library
from couplecanvas.domain.practice import Practice
from couplecanvas.domain.sample import build_sample
from couplecanvas.domain.templates import instantiate, load_builtin_templates
from couplecanvas.export import assemble_handout, export_handout
from couplecanvas.export.handout_style import TEXT as HANDOUT
from couplecanvas.export.worksheets import TEXT, Cell, RowKind, Worksheet

TEMPLATES = load_builtin_templates().templates
HINTS = sorted({slot.hint for t in TEMPLATES.values() for slot in t.slots if slot.hint}, key=len, reverse=True)
DAY = dt.date(2026, 11, 25)
END = HANDOUT["i_feel"]
"""The section after the worksheets: "Saying what you feel"."""


@pytest.fixture
def couple() -> Couple:
    return Couple(Partner("Maya"), Partner("Jordan"), id=7)


@pytest.fixture
def session() -> Session:
    return Session(couple_id=7, date=DAY, title="Worksheets", id=3)


def place(board, key, couple, origin=(0.0, 0.0), words=None, one=PartnerRole.A) -> list[Card]:
    """A built-in template on the board; `words(card)` gives a card's words (None keeps them)."""
    cards, connectors, strokes = instantiate(TEMPLATES[key], couple, origin, one=one)
    for card in cards:
        if words is not None and (text := words(card)) is not None:
            card.text = text
        board.add_card(card)
    for connector in connectors:
        board.add_connector(connector)
    for stroke in strokes:
        board.add_stroke(stroke)
    return cards


def said(key: str):
    """Words for every empty slot with a role: 'key role partner', easy to find again."""

    def words(card: Card) -> str | None:
        if card.role in ("", "partner-name") or card.text:
            return None
        return f"{key} {card.role} {card.partner.value if card.partner else 'both'} said"

    return words


def _pages(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _words(pdf: bytes) -> str:
    return " ".join(_pages(pdf))


def _section(words: str, title: str, end: str = END) -> str:
    """The text from the worksheet titled `title` up to the next worksheet title (or `end`)."""
    assert title in words, title
    begin = words.index(title)
    stops = [words.find(t, begin + len(title)) for t in (*_TITLES, end)]
    stops = [s for s in stops if s > begin]
    return words[begin : min(stops)]


_TITLES = [v for k, v in TEXT.items() if k.endswith("_title") and "{" not in v]


def _export(couple, session, board, **options) -> bytes:
    return export_handout(couple, session, board, [], HomeworkLibrary(), deterministic=True, **options)


def _sheets(couple, session, board, **options) -> tuple[Worksheet, ...]:
    return assemble_handout(couple, session, board, [], HomeworkLibrary(), **options).worksheets


# -- our words ---------------------------------------------------------------------------------------------------------
def test_our_words_never_repeat_a_prompt() -> None:
    for key, text in TEXT.items():
        for hint in HINTS:
            core = hint.rstrip(".").strip()
            assert core.casefold() not in text.casefold(), (key, hint)


# -- each template as words --------------------------------------------------------------------------------------------
TITLES = {
    "iceberg": "Maya's iceberg",
    "our-icebergs": TEXT["icebergs_title"],
    "reach-and-respond": TEXT["reach_title"],
    "name-it-reauthor-it": TEXT["narrative_title"],
    "bids-and-horsemen": TEXT["bids_title"],
    "harsh-to-soft": TEXT["soft_title"],
    "repair-list": TEXT["repairs_title"],
    "talk-and-listen": TEXT["talk_title"],
    "talking-through-a-hurt": TEXT["hurt_title"],
    "old-wound": TEXT["wound_title"],
    "something-new": TEXT["new_title"],
    "being-there": TEXT["there_title"],
    "our-week-together": TEXT["week_title"],
}


@pytest.mark.parametrize("key", sorted(TITLES))
def test_each_template_prints_its_words_in_a_section_of_its_own(couple, session, key) -> None:
    board = Board()
    cards = place(board, key, couple, words=said(key))
    words = _words(_export(couple, session, board))
    section = _section(words, TITLES[key])
    expected = [c.text for c in cards if c.role not in ("", "partner-name") and c.text.endswith(" said")]
    sensitive = [t for t in expected if " raw-spot " in t or " hurt-account " in t]
    # The old story and the preferred story are a reframe: they print in the reframes section, once.
    in_reframes = [t for t in expected if " problem-story " in t or " preferred-story " in t]
    for text in expected:
        if text in sensitive:
            assert text not in words  # family or trauma history stays off the page unless chosen
        elif text in in_reframes:
            assert text not in section and words.count(text) >= 1
        else:
            assert text in section, text
    for hint in HINTS:
        assert hint not in section


def test_the_iceberg_layers_read_top_down_with_the_waterline_between(couple, session) -> None:
    board = Board()
    place(board, "our-icebergs", couple, words=said("ice"))
    sheet = _sheets(couple, session, board)[0]
    assert sheet.tables[0].columns == ("Maya", "Jordan")
    kinds = [row.kind for row in sheet.rows]
    assert kinds.index(RowKind.WATERLINE) == 3
    assert sheet.rows[0].words == ("ice shows a said", "ice shows b said")
    assert sheet.rows[-1].words == ("ice need a said", "ice need b said")  # the raw spot kept back
    section = _section(_words(_export(couple, session, board)), TEXT["icebergs_title"])
    order = [section.index(f"ice {role} a said") for role in ("shows", "says", "surface-feeling", "underneath")]
    assert order == sorted(order) and section.index(TEXT["waterline"]) < order[-1]


def test_two_icebergs_one_per_partner_print_side_by_side(couple, session) -> None:
    board = Board()
    place(board, "iceberg", couple, (0.0, 0.0), words=said("first"), one=PartnerRole.A)
    place(board, "iceberg", couple, (0.0, 900.0), words=said("second"), one=PartnerRole.B)
    sheets = _sheets(couple, session, board)
    assert [s.title for s in sheets] == [TEXT["icebergs_title"]]
    assert sheets[0].rows[0].words == ("first shows a said", "second shows b said")


def test_bids_each_partner_logs_their_own_with_room_for_more(couple, session) -> None:
    board = Board()
    place(board, "bids-and-horsemen", couple, words=said("bids"))
    sheet = _sheets(couple, session, board)[0]
    bids, horsemen, repair = sheet.tables
    assert bids.columns == (TEXT["turn-toward"], TEXT["turn-away"], TEXT["turn-against"])
    assert [row.label for row in bids.rows] == ["Maya"] * 3 + ["Jordan"] * 3
    assert bids.rows[0].words == tuple(f"bids {r} a said" for r in ("turn-toward", "turn-away", "turn-against"))
    assert all(cell.is_blank and not cell.ours for row in bids.rows[1:3] for cell in row.cells)
    # Each horseman beside its own antidote, in the template's order.
    assert [row.words[0].split(":")[0] for row in horsemen.rows] == [
        "Criticism", "Contempt", "Defensiveness", "Stonewalling"
    ]
    assert [row.words[1].split(":")[0] for row in horsemen.rows] == [
        "Gentle start-up", "Appreciation and respect", "Taking responsibility", "A break to calm down"
    ]
    assert repair.rows[0].words == ("bids repair-phrases both said",)
    section = _section(_words(_export(couple, session, board)), TEXT["bids_title"])
    assert section.index("Criticism") < section.index("Gentle start-up") < section.index("Contempt")


def test_talk_and_listen_keeps_the_listeners_steps_beside_the_speakers(couple, session) -> None:
    board = Board()
    place(board, "talk-and-listen", couple, words=said("talk"))
    sheet = _sheets(couple, session, board)[0]
    assert sheet.tables[0].columns == (TEXT["talker"], TEXT["listener"])
    listener = " ".join(row.words[1] for row in sheet.rows if len(row.cells) == 2)
    assert "Mirror" in listener and "Validate" in listener and "Empathise" in listener
    section = _section(_words(_export(couple, session, board)), TEXT["talk_title"])
    for part in ("good time", "I feel", "talk sender-words both said", "Mirror", "Validate", "Empathise"):
        assert part in section, part


def test_a_template_placed_twice_gives_two_sections(couple, session) -> None:
    board = Board()
    place(
        board, "being-there", couple, (0.0, 0.0), words=lambda c: "first promise" if c.role == "small-promise" else None
    )
    place(
        board,
        "being-there",
        couple,
        (0.0, 700.0),
        words=lambda c: "second promise" if c.role == "small-promise" else None,
    )
    sheets = _sheets(couple, session, board)
    assert [s.kind for s in sheets] == ["being-there", "being-there"]
    assert [s.rows[1].words for s in sheets] == [("first promise",) * 2, ("second promise",) * 2]
    words = _words(_export(couple, session, board))
    assert words.count(TEXT["there_title"]) == 2
    first = words.index(TEXT["there_title"])
    second = words.index(TEXT["there_title"], first + 1)
    assert first < words.index("first promise", first) < second < words.index("second promise", second)
    assert "second promise" not in words[first:second]


def test_cards_with_shared_roles_land_in_their_own_template(couple, session) -> None:
    board = Board()
    # Need and "underneath" live in the iceberg, the old wound and reach and respond; repair phrases in both the
    # bids sheet and the repair list. Placed close together, in an order unlike the reading order.
    place(board, "old-wound", couple, (0.0, 0.0), words=said("wound"))
    place(board, "iceberg", couple, (900.0, 0.0), words=said("ice"))
    place(board, "reach-and-respond", couple, (0.0, 800.0), words=said("reach"))
    place(board, "repair-list", couple, (0.0, 1700.0), words=said("list"))
    place(board, "bids-and-horsemen", couple, (900.0, 800.0), words=said("bids"))
    sheets = {s.kind: s for s in _sheets(couple, session, board)}
    for kind, prefix in (("old-wound", "wound"), ("iceberg", "ice"), ("reach-and-respond", "reach"),
                         ("repair-list", "list"), ("bids-and-horsemen", "bids")):
        words = [w for row in sheets[kind].rows for w in row.words if w.endswith(" said")]
        assert words and all(w.startswith(prefix + " ") for w in words), (kind, words)
    assert any("ice need a said" in row.words for row in sheets["iceberg"].rows)
    assert any("wound need a said" in row.words for row in sheets["old-wound"].rows)
    assert any("reach underneath b said" in row.words for row in sheets["reach-and-respond"].rows)


def test_a_card_moved_a_little_stays_with_its_template(couple, session) -> None:
    board = Board()
    place(board, "old-wound", couple, (0.0, 0.0), words=said("wound"))
    place(board, "reach-and-respond", couple, (0.0, 700.0), words=said("reach"))
    need = next(c for c in board.cards.values() if c.text == "wound need b said")
    board.move_card(need.id, need.x + 60, need.y + 80)
    sheets = {s.kind: s for s in _sheets(couple, session, board)}
    assert any("wound need b said" in row.words for row in sheets["old-wound"].rows)


# -- nothing they did not say ------------------------------------------------------------------------------------------
def test_empty_templates_print_lines_to_write_on_and_never_a_prompt(couple, session) -> None:
    board = Board()
    y = 0.0
    for key in TEMPLATES:
        cards = place(board, key, couple, (0.0, y))
        y = max(card.y + card.height for card in cards) + 100
    sheets = _sheets(couple, session, board)
    assert {s.kind for s in sheets} == set(TITLES) - {"our-icebergs"}
    for sheet in sheets:
        assert sheet.rows, sheet.kind
        cells = [cell for row in sheet.rows for cell in row.cells]
        assert any(c.is_blank and not c.ours for c in cells), sheet.kind  # something to fill in at home
        assert all(c.ours for c in cells if not c.is_blank), sheet.kind  # only a template's set words
    words = _words(_export(couple, session, board))
    # The map is another helper's to change: the check covers the sections in words, from the first worksheet to
    # the "I feel" card (the map and its legend sit above them, or on pages of their own after the plan card).
    start = min(words.index(title) for title in (*_TITLES, "Maya's iceberg") if title in words)
    ours = words[start : words.index(END, start)]
    for hint in HINTS:
        assert hint not in ours, hint
        assert hint.rstrip(".") not in ours, hint


def test_sensitive_slots_print_their_words_only_when_chosen_and_never_their_prompt(couple, session) -> None:
    board = Board()
    place(board, "old-wound", couple, words=lambda c: "my father left when I was six" if c.role == "raw-spot" else None)
    place(board, "talking-through-a-hurt", couple, (0.0, 700.0),
          words=lambda c: "the messages I found in March" if c.role == "hurt-account" else None)
    kept = _words(_export(couple, session, board))
    assert "my father left" not in kept and "messages I found" not in kept
    assert TEXT["wound"] not in kept and TEXT["hurt-account"] not in kept  # no line inviting it either
    chosen = _words(_export(couple, session, board, print_sensitive=True))
    assert "my father left when I was six" in _section(chosen, TEXT["wound_title"])
    assert "the messages I found in March" in _section(chosen, TEXT["hurt_title"])
    for words in (kept, chosen):
        for hint in (h for h in HINTS if "old hurt that still aches" in h or "What happened for" in h):
            assert hint not in words


def test_one_partners_empty_cycle_step_is_a_line_not_a_dash(couple, session) -> None:
    board = Board()
    place(board, "our-cycle", couple, words=lambda c: "I go quiet and check my phone"
          if c.role == "action" and c.partner is PartnerRole.B else None)
    words = _words(_export(couple, session, board))
    section = words[words.index(HANDOUT["cycle_words"]) : words.index(END)]
    assert "I go quiet and check my phone" in section
    assert "–" not in section


# -- a cycle drawn by hand ---------------------------------------------------------------------------------------------
def _drawn_loop(board: Board, couple: Couple) -> list[Card]:
    steps = [
        Card("I come home tired and quiet", x=400, y=0, partner=PartnerRole.B),
        Card("I ask what is wrong, again and again", x=400, y=300, partner=PartnerRole.A),
        Card("I go quiet and check my phone", x=0, y=300),
        Card("I feel shut out and raise my voice", x=0, y=10),
    ]
    for card in steps:
        board.add_card(card)
    # Arrows made in a jumbled order: the arrows, not their making, give the order.
    for source, target in ((2, 3), (0, 1), (3, 0), (1, 2)):
        board.add_connector(Connector(steps[source].id, steps[target].id))
    return steps


def test_a_cycle_drawn_by_hand_reads_in_the_order_of_its_arrows(couple, session) -> None:
    board = Board()
    steps = _drawn_loop(board, couple)
    board.add_card(Card("A card beside the loop", x=900, y=0))
    cycle = assemble_handout(couple, session, board, [], HomeworkLibrary()).cycle
    assert cycle is not None and not cycle.is_blank and cycle.rows == ()
    # From the top-left card (the top row is the top two cards, level within half a card), then along the arrows.
    assert [s.words for s in cycle.drawn[0].steps] == [steps[i].text for i in (3, 0, 1, 2)]
    assert [s.name for s in cycle.drawn[0].steps] == ["", "Jordan", "Maya", ""]
    words = _words(_export(couple, session, board))
    section = words[words.index(HANDOUT["cycle_words"]) : words.index(END)]
    places = [section.index(steps[i].text) for i in (3, 0, 1, 2)]
    assert places == sorted(places)
    assert "2. Jordan" in section and "3. Maya" in section
    assert "A card beside the loop" not in section


def test_a_drawn_cycle_prints_beside_the_template_cycle(couple, session) -> None:
    board = Board()
    place(board, "our-cycle", couple, (0.0, 600.0), words=lambda c: "You look away" if c.role == "trigger" else None)
    steps = _drawn_loop(board, couple)
    words = _words(_export(couple, session, board))
    assert (
        words.index(HANDOUT["cycle_words"])
        < words.index(TEXT["drawn_title"])
        < words.index(steps[3].text, words.index(TEXT["drawn_title"]))
    )


def test_arrows_that_do_not_close_a_loop_are_no_cycle(couple, session) -> None:
    board = Board()
    a, b, c = Card("one"), Card("two", x=300), Card("three", x=600)
    for card in (a, b, c):
        board.add_card(card)
    board.add_connector(Connector(a.id, b.id))
    board.add_connector(Connector(b.id, c.id))
    board.add_connector(Connector(c.id, a.id, kind=ConnectorKind.REFRAME))
    assert assemble_handout(couple, session, board, [], HomeworkLibrary()).cycle is None


# -- spelling, scripts, long words -------------------------------------------------------------------------------------
def test_our_words_follow_us_spelling(couple, session) -> None:
    board = Board()
    place(board, "talk-and-listen", couple)
    place(board, "reach-and-respond", couple, (0.0, 600.0))
    us = _words(_export(couple, session, board, practice=Practice(spelling="US")))
    section = _section(us, TEXT["talk_title"])
    assert "Empathize" in section and "Empathise" not in section
    uk = _section(_words(_export(couple, session, board)), TEXT["talk_title"])
    assert "Empathise" in uk


def test_long_words_many_lines_and_other_scripts_print_whole(couple, session) -> None:
    board = Board()
    long = "and it goes on and on, " * 70 + "end of the long one"
    lines = "\n".join(f"line {n}" for n in range(40)) + "\nend of the lines"
    unbroken = "Unbreakable" * 60 + " end of unbroken"
    scripts = {"need": "אני צריכה שתקשיב לי end of hebrew", "fear": "我害怕失去你 end of chinese"}

    def words(card: Card) -> str | None:
        if card.role == "shows":
            return long
        if card.role == "says":
            return lines
        if card.role == "surface-feeling":
            return unbroken
        if card.role in scripts:
            return scripts[card.role]
        return "<b>not bold</b> & so on" if card.role == "underneath" else None

    place(board, "our-icebergs", couple, words=words)
    place(board, "our-week-together", couple, (0.0, 900.0), words=lambda c: long if c.role else None)
    pdf = _export(couple, session, board)
    text = _words(pdf)
    for end in ("end of the long one", "end of the lines", "end of unbroken", "end of hebrew", "end of chinese",
                "<b>not bold</b> & so on"):
        assert end in text, end
    assert len(PdfReader(io.BytesIO(pdf)).pages) < 25


def test_a_long_table_repeats_its_header_on_the_next_page(couple, session) -> None:
    board = Board()
    place(board, "our-icebergs", couple, words=lambda c: ("words " * 60 + c.role) if c.role else None)
    pages = _pages(_export(couple, session, board))
    holding = [p for p in pages if "words words" in p]
    assert len(holding) >= 2
    for page in holding:
        assert "Maya" in page and "Jordan" in page


# -- compact -----------------------------------------------------------------------------------------------------------
def test_the_sample_handout_fits_four_pages(session) -> None:
    sample = build_sample(DAY)
    assignments = [Assignment(1, key, who, note, position=i) for i, (key, who, note) in enumerate(sample.homework)]
    pdf = export_handout(sample.couple, session, sample.board, assignments, load_builtin_library(), deterministic=True)
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 4
    assert assemble_handout(sample.couple, session, sample.board, assignments, load_builtin_library()).worksheets == ()


def test_a_small_worksheet_keeps_its_heading_with_its_rows(couple, session) -> None:
    board = Board()
    for n in range(6):
        place(
            board,
            "something-new",
            couple,
            (0.0, n * 500.0),
            words=lambda c, n=n: f"idea {n}" if c.role == "new-ideas" else None,
        )
    pages = _pages(_export(couple, session, board))
    assert sum(page.count(TEXT["new_title"]) for page in pages) == 6
    for page in pages:
        if TEXT["new_title"] in page:
            rest = page[page.rindex(TEXT["new_title"]) :]
            assert "idea " in rest, f"a heading left alone at the foot of a page: {rest}"


def test_cells_of_ours_are_only_a_templates_set_words(couple, session) -> None:
    board = Board()
    place(
        board,
        "bids-and-horsemen",
        couple,
        words=lambda c: "Criticism, our way: we say it" if c.role == "horseman" else None,
    )
    sheet = _sheets(couple, session, board)[0]
    first = sheet.tables[1].rows[0].cells[0]
    assert first == Cell("Criticism, our way: we say it")  # edited words are the couple's, printed as written
