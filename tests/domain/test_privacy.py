"""First names give way to aliases in everything the couple may see: one matcher (domain.privacy.shown_to_couple)."""

from __future__ import annotations

import pytest

from couplecanvas.domain.board import Board, Card, Connector
from couplecanvas.domain.couple import Couple, Partner
from couplecanvas.domain.privacy import (
    FindingKind,
    ScreenWords,
    board_texts,
    board_with_aliases,
    names_to_aliases,
    names_to_check,
    shown_to_couple,
)


def _checked(text: str, couple: Couple) -> list[tuple[str, FindingKind]]:
    return [(f.word, f.kind) for f in names_to_check([("a card", text)], couple)]


def test_names_become_aliases_as_whole_words_in_any_case():
    couple = Couple(Partner("Ana", alias="Partner 1"), Partner("Jo", alias=""))
    assert names_to_aliases("Ana and ANA's sister Anabel; Jo", couple) == "Partner 1 and Partner 1's sister Anabel; Jo"
    will = Couple(Partner("Will", alias="P1"), Partner("May", alias="P2"))
    assert names_to_aliases("Will says I will call in May, maybe", will) == "P1 says I will call in P2, maybe"


@pytest.mark.parametrize(("text", "shown"), [
    ("zoë said", "P1 said"),
    ("ZOE said", "P1 said"),
    ("Zoe said", "P1 said"),
    ("Zoe\u0308 said", "P1 said"),  # written with a combining diaeresis
    ("Zoë's turn", "P1's turn"),
    ("Zoë’s turn", "P1’s turn"),
    ("the Zoës' home", "the P1s' home"),
    ("the Zoës", "the P1s"),
    ("Chris' car", "P2's car"),
    ("the Chrises", "the P2s"),
    ("(chris)", "(P2)"),
    ("Zoë'd go", "P1'd go"),
])
def test_case_accents_possessives_and_plurals(text, shown):
    couple = Couple(Partner("Zoë", alias="P1"), Partner("Chris", alias="P2"))
    assert names_to_aliases(text, couple) == shown
    assert names_to_check([("a card", text)], couple) == ()


def test_names_of_several_parts_match_joined_or_apart_and_by_part():
    couple = Couple(Partner("Mary-Jane", alias="P1"), Partner("Anne Marie", alias="P2"))
    assert names_to_aliases("mary jane and annemarie", couple) == "P1 and P2"
    assert names_to_aliases("MARY-JANE's and Anne's", couple) == "P1's and P2's"
    assert names_to_aliases("Jane asked Marie", couple) == "P1 asked P2"


@pytest.mark.parametrize(("names", "text", "shown"), [
    (("Дмитрий", "Ольга"), "дмитрий и ОЛЬГА спорят", "P1 и P2 спорят"),
    (("Νίκος", "Ελένη"), "ο ΝΙΚΟΣ και η ελενη", "ο P1 και η P2"),
    (("مريم", "يوسف"), "مَريم قالت ليوسف", "P1 قالت ليوسف"),
    # No spaces between words: found wherever they stand.
    (("王芳", "李伟"), "王芳说李伟不听", "P1说P2不听"),
    (("さくら", "지민"), "さくらと지민이", "P1とP2이"),
])
def test_names_in_other_scripts(names, text, shown):
    couple = Couple(Partner(names[0], alias="P1"), Partner(names[1], alias="P2"))
    assert names_to_aliases(text, couple) == shown


def test_arabic_with_a_joined_prefix_is_flagged_not_left_unseen():
    couple = Couple(Partner("مريم", alias="P1"), Partner("يوسف", alias="P2"))
    assert _checked("قالت ليوسف", couple) == [("ليوسف", FindingKind.RUN_TOGETHER)]


@pytest.mark.parametrize("word", ["Mayaandjordan", "#MayaTime", "maya123", "2maya", "loveMaya", "Mayalove",
                                  "@mayaj", "maya_j", "JordanMaya"])
def test_a_name_run_together_is_flagged_and_left_as_written(word):
    couple = Couple(Partner("Maya", alias="Partner 1"), Partner("Jordan", alias="Partner 2"))
    text = f"we saw {word} today"
    assert names_to_aliases(text, couple) == text
    found = names_to_check([("a homework note", text)], couple)
    assert [(f.where, f.word, f.kind) for f in found] == [("a homework note", word, FindingKind.RUN_TOGETHER)]
    assert found[0].name in ("Maya", "Jordan") and word in found[0].context


@pytest.mark.parametrize("text", ["Savannah and I", "in good time", "also always", "optimal", "Annual review"])
def test_a_name_inside_an_ordinary_word_is_neither_changed_nor_flagged(text):
    couple = Couple(Partner("Anna", alias="P1"), Partner("Tim", alias="P2"))
    plain = Couple(Partner("Al", alias="P1"), Partner("Tim", alias="P2"))
    assert names_to_aliases(text, couple) == text and names_to_aliases(text, plain) == text
    assert _checked(text, couple) == [] and _checked(text, plain) == []


def test_a_name_that_is_a_word_is_replaced_capitalised_and_flagged_in_lower_case():
    couple = Couple(Partner("Will", alias="P1"), Partner("Hope", alias="P2"))
    text = "WILL said: I will, in hope. Hope's too; will's turn"
    assert names_to_aliases(text, couple) == "P1 said: I will, in hope. P2's too; will's turn"
    assert _checked(text, couple) == [("will", FindingKind.ORDINARY_WORD), ("hope", FindingKind.ORDINARY_WORD),
                                      ("will", FindingKind.ORDINARY_WORD)]


def test_an_alias_applies_only_where_set_and_off_means_as_typed():
    couple = Couple(Partner("Maya", alias="Partner 1"), Partner("Jordan", alias="  "), use_aliases=False)
    assert names_to_aliases("Maya and Jordan", couple) == "Partner 1 and Jordan"
    assert shown_to_couple("Maya and Jordan", couple) == "Maya and Jordan"  # the couple's own choice: names
    couple.use_aliases = True
    assert shown_to_couple("Maya and Jordan", couple) == "Partner 1 and Jordan"
    assert shown_to_couple("Maya and Jordan", couple, use_alias=False) == "Maya and Jordan"
    assert names_to_check([("a card", "#Jordan123")], couple) == ()  # no alias for Jordan: nothing to check


def test_the_board_copy_hides_names_and_the_original_keeps_them():
    couple = Couple(Partner("Zoë", alias="P1"), Partner("Luis", alias="P2"))
    board = Board()
    a = Card("zoe (pursues)", hint="ZOË: what helps me")
    b = Card("When Luis' sigh #LuisTime")
    board.add_card(a)
    board.add_card(b)
    board.add_connector(Connector(a.id, b.id, "Zoë’s turn to Luis"))
    hidden = board_with_aliases(board, couple)
    words = [c.text for c in hidden.cards.values()] + [c.hint for c in hidden.cards.values()]
    words += [c.label for c in hidden.connectors.values()]
    assert words == ["P1 (pursues)", "When P2's sigh #LuisTime", "P1: what helps me", "", "P1’s turn to P2"]
    assert board.cards[a.id].text == "zoe (pursues)"
    assert [(f.where, f.word) for f in names_to_check(board_texts(board), couple)] == [("a card", "#LuisTime")]


def test_screen_words_follow_the_same_rule_and_remember_each_text():
    couple = Couple(Partner("Zoë", alias="P1"), Partner("Luis", alias="P2"))
    words = ScreenWords(couple)
    assert words("zoe's turn; LUIS") == "P1's turn; P2" == names_to_aliases("zoe's turn; LUIS", couple)
    assert words("zoe's turn; LUIS") is words("zoe's turn; LUIS")
