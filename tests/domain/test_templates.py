"""Board templates as data: the six built-ins, validation that names the file and the key, layout, and saving."""

from __future__ import annotations

import pytest

from couplecanvas.domain.board import Board, Card, CardKind, Connector, ConnectorKind, Stroke
from couplecanvas.domain.couple import Couple, Partner, PartnerRole, Position
from couplecanvas.domain.templates import (
    CYCLE_NAME,
    CYCLE_STEPS,
    SPOT_IT,
    TemplateError,
    TemplateLibrary,
    instantiate,
    load_builtin_templates,
    parse_template,
    template_file_key,
    template_from_board,
    template_to_toml,
)

MINIMAL = """
title = "Tiny"
[[slot]]
key = "one"
"""


def _couple(**kwargs) -> Couple:
    return Couple(Partner("Amira", alias="P1"), Partner("Tomás", alias="P2"), **kwargs)


def test_the_clinical_templates_load_without_problems():
    library = load_builtin_templates()
    assert library.problems == []
    keys = [t.key for t in library.ordered()]
    # The six first templates keep their order; the others (trust repair, soft start-up, ...) sit among them.
    first_six = ["our-cycle", "iceberg", "name-it-reauthor-it", "bids-and-horsemen", "talk-and-listen",
                 "our-week-together"]
    assert [k for k in keys if k in first_six] == first_six
    assert len(keys) >= 13
    for template in library.templates.values():
        assert template.title and template.approach and template.summary and not template.user


def test_every_builtin_template_lays_out_without_overlapping_cards():
    couple = _couple()
    for template in load_builtin_templates().templates.values():
        cards, connectors, _strokes = instantiate(template, couple)
        ids = {c.id for c in cards}
        assert all(c.source_id in ids and c.target_id in ids for c in connectors)
        for n, a in enumerate(cards):
            for b in cards[n + 1:]:
                overlap = a.rect.x < b.rect.right and b.rect.x < a.rect.right and (
                    a.rect.y < b.rect.y + b.rect.h and b.rect.y < a.rect.y + a.rect.h
                )
                assert not overlap, (template.key, a.text or a.hint, b.text or b.hint)


def test_the_cycle_mirrors_both_partners_and_closes_the_loop():
    couple = _couple()
    couple.partner_a.position = Position.PURSUER
    template = load_builtin_templates().templates["our-cycle"]
    cards, connectors, strokes = instantiate(template, couple, origin=(100, 50))
    board = Board()
    for card in cards:
        board.add_card(card)
    for connector in connectors:
        board.add_connector(connector)
    for step in CYCLE_STEPS:
        (a,) = board.cards_with_role(step, PartnerRole.A)
        (b,) = board.cards_with_role(step, PartnerRole.B)
        assert (a.y, a.width, a.hint) == (b.y, b.width, b.hint) and a.hint
        assert a.x - 100 == pytest.approx(2 * template.mirror_x - (b.x - 100) - b.width)
        assert a.colour != b.colour  # each partner's own colour
    names = {c.partner: c.text for c in board.cards_with_role("partner-name")}
    assert names == {PartnerRole.A: "Amira (pursues)", PartnerRole.B: "Tomás"}
    (centre,) = board.cards_with_role(CYCLE_NAME)
    assert centre.partner is None and centre.text == "" and centre.hint
    assert board.cards_with_role(SPOT_IT)[0].hint.startswith("When we spot it")
    steps = {(board.cards[c.source_id].role, board.cards[c.target_id].role, board.cards[c.target_id].partner)
             for c in connectors}
    assert ("action", "trigger", PartnerRole.B) in steps and ("action", "trigger", PartnerRole.A) in steps
    # Inside a column the arrows follow each layer: what shows, then what hides (the waterline joins them).
    assert ("trigger", "surface-emotion", PartnerRole.A) in steps and (
        "surface-emotion",
        "action",
        PartnerRole.B,
    ) in steps
    assert ("meaning", "body", PartnerRole.A) in steps and ("deeper-emotion", "longing", PartnerRole.B) in steps
    assert len(strokes) == 2  # the waterline under each column


def test_aliases_replace_first_names_when_the_couple_uses_them():
    template = load_builtin_templates().templates["our-cycle"]
    cards, _, _ = instantiate(template, _couple(use_aliases=True))
    texts = " ".join(c.text for c in cards)
    assert "P1" in texts and "P2" in texts and "Amira" not in texts and "Tomás" not in texts


def test_the_iceberg_is_for_the_partner_chosen_on_insert():
    template = load_builtin_templates().templates["iceberg"]
    assert template.for_one_partner and not template.uses_positions
    cards, _, _ = instantiate(template, _couple(), one=PartnerRole.B)
    assert {c.partner for c in cards if c.role} == {PartnerRole.B}
    assert "Tomás's iceberg" in [c.text for c in cards]
    roles = {c.role for c in cards}
    assert {"surface-feeling", "underneath", "fear", "need", "raw-spot"} <= roles
    assert not roles & set(CYCLE_STEPS)  # an iceberg never fills the cycle's table


def test_the_narrative_template_pairs_the_old_story_with_the_preferred_one():
    cards, connectors, _ = instantiate(load_builtin_templates().templates["name-it-reauthor-it"], _couple())
    by_id = {c.id: c for c in cards}
    (reframe,) = [c for c in connectors if c.kind is ConnectorKind.REFRAME]
    assert (by_id[reframe.source_id].role, by_id[reframe.target_id].role) == ("problem-story", "preferred-story")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title = [", "not valid TOML"),
        ('[[slot]]\nkey = "one"', "'title' is missing"),
        ('title = "T"', "needs at least one [[slot]]"),
        (MINIMAL + 'x = "left"', "slot 1 ('one'): 'x' must be a number"),
        (MINIMAL + "width = 0", "'width' must be from 10 to 10000"),
        (MINIMAL + 'partner = "c"', "'partner' must be one of a, b, both, one"),
        (MINIMAL + 'partner = "both"', "needs 'mirror_x'"),
        (MINIMAL + 'kind = "bubble"', "'kind' must be one of card, note, label"),
        (MINIMAL + 'colour = "red"', "'colour' must look like #a1b2c3"),
        (MINIMAL + 'role = "Deeper Emotion"', "'role' must be lower-case"),
        (MINIMAL + '[[slot]]\nkey = "one"', "slot key 'one' is used twice"),
        (MINIMAL + '[[arrow]]\nfrom = "one"\nto = "two"', "arrow 1: 'to' names no slot ('two')"),
        (MINIMAL + '[[arrow]]\nfrom = "one"\nto = "one"', "two different slots"),
        (MINIMAL + '[[slot]]\nkey = "two"\n[[arrow]]\nfrom = "one"\nto = "two"\nkind = "x"', "arrow or reframe"),
        (MINIMAL + '[[line]]\npoints = [[0, 0], [1]]', "line 1: 'points' must be a list of [x, y] pairs"),
        ('key = "Bad Key"\n' + MINIMAL, "'key' must be lower-case"),
    ],
)
def test_a_broken_template_is_refused_with_the_file_and_the_key(text, message):
    with pytest.raises(TemplateError) as caught:
        parse_template(text, "mine.toml", "mine")
    assert str(caught.value).startswith("mine.toml")
    assert message in str(caught.value)


def test_broken_files_are_reported_and_the_rest_still_load(tmp_path):
    (tmp_path / "good.toml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "broken.toml").write_text('title = "B"\n[[slot]]\nkey = "a"\ny = "top"\n', encoding="utf-8")
    (tmp_path / "binary.toml").write_bytes(b"\xff\xfe\x00title")
    (tmp_path / "notes.txt").write_text("not a template", encoding="utf-8")
    library = load_builtin_templates()
    library.add_folder(tmp_path)
    library.add_folder(tmp_path / "missing")  # a folder that is not there holds no templates
    assert "good" in library.templates and library.templates["good"].user
    assert len(library.templates) == len(load_builtin_templates().templates) + 1
    assert any(p.startswith("broken.toml: slot 1 ('a'): 'y'") for p in library.problems)
    assert any(p.startswith("binary.toml") for p in library.problems)
    assert library.ordered()[-1].key == "good"  # the therapist's own come after the built-ins


def test_a_board_saved_as_a_template_reads_back_equal_and_fits_another_couple():
    first = Couple(Partner("Amira"), Partner("Tomás"))
    board = Board()
    a = Card("Amira feels unseen when Tomás works late", 300, 200, 220, 80, partner=PartnerRole.A, role="trigger",
             hint="When I see or hear...", z=1)
    b = Card("Tomás goes quiet", 600, 200, 220, 80, partner=PartnerRole.B, kind=CardKind.NOTE, colour="#abcdef", z=2)
    board.add_card(a)
    board.add_card(b)
    board.add_connector(Connector(a.id, b.id, "then", curved=True, kind=ConnectorKind.REFRAME))
    board.add_stroke(Stroke(((310, 300, 0.5), (400, 320, 0.7)), width=3, z=0))

    template = template_from_board(board, "  Late nights  ", "late-nights", first)
    text = template_to_toml(template)
    again = parse_template(text, "late-nights.toml", "late-nights", user=True)

    assert again.slots == template.slots and again.arrows == template.arrows and again.lines == template.lines
    assert again.title == "Late nights" and again.user
    assert "Amira" not in text and "Tomás" not in text  # names became placeholders
    assert min(s.x for s in again.slots) == 0 and min(s.y for s in again.slots) == 0

    cards, connectors, strokes = instantiate(again, Couple(Partner("Lee"), Partner("Sam")), origin=(10, 10))
    assert cards[0].text == "Lee feels unseen when Sam works late" and cards[0].role == "trigger"
    assert cards[1].colour == "#abcdef" and cards[1].kind is CardKind.NOTE
    assert connectors[0].kind is ConnectorKind.REFRAME and connectors[0].curved and connectors[0].label == "then"
    assert strokes[0].points[0][:2] == (20.0, 110.0)


def test_an_empty_board_cannot_become_a_template():
    with pytest.raises(TemplateError):
        template_from_board(Board(), "Nothing", "nothing")


def test_a_user_template_never_replaces_a_builtin_one():
    library = load_builtin_templates()
    library.add('key = "our-cycle"\n' + MINIMAL, "our-cycle.toml", "our-cycle", user=True)
    assert library.templates["our-cycle"].title == "Our cycle"
    assert library.templates["my-our-cycle"].title == "Tiny"


def test_template_file_keys_are_safe_and_new():
    assert template_file_key("Our Cycle: May!", set()) == "our-cycle-may"
    assert template_file_key("Our Cycle: May!", {"our-cycle-may"}) == "our-cycle-may-2"
    assert template_file_key("???", set()) == "template"
    assert template_file_key("Ça va", set()) == "a-va"


def test_a_saved_cycle_shows_the_next_couples_own_positions():
    first = Couple(Partner("Amira", position=Position.PURSUER), Partner("Tomás", position=Position.WITHDRAWER))
    board = Board()
    for card in instantiate(load_builtin_templates().templates["our-cycle"], first)[0]:
        board.add_card(card)
    iceberg = instantiate(load_builtin_templates().templates["iceberg"], first, origin=(2000, 0))[0]
    for card in iceberg:
        board.add_card(card)
    saved = parse_template(template_to_toml(template_from_board(board, "Ours", "ours", first)), "ours.toml", "ours")
    second = Couple(Partner("Lee", position=Position.WITHDRAWER), Partner("Sam"))
    texts = [c.text for c in instantiate(saved, second)[0] if c.role == "partner-name"]
    assert sorted(texts) == ["Lee (withdraws)", "Lee's iceberg", "Sam"]


def test_two_of_your_templates_with_one_key_are_reported_not_silently_merged(tmp_path):
    (tmp_path / "a.toml").write_text('key = "same"\n' + MINIMAL, encoding="utf-8")
    (tmp_path / "b.toml").write_text('key = "same"\n' + MINIMAL.replace("Tiny", "Other"), encoding="utf-8")
    library = TemplateLibrary()
    library.add_folder(tmp_path)
    assert library.templates["same"].title == "Tiny"
    assert library.problems == ["b.toml: key 'same' is already used by a.toml; skipped"]
