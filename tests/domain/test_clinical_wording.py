"""Wording a therapist would correct, checked on the real built-in library, templates and emotion words."""

from __future__ import annotations

import re

import pytest

from couplecanvas.domain.board import ConnectorKind
from couplecanvas.domain.couple import Couple, Partner, PartnerRole
from couplecanvas.domain.emotions import load_builtin_emotions
from couplecanvas.domain.homework import load_builtin_library
from couplecanvas.domain.safety import SENSITIVE_ROLES
from couplecanvas.domain.templates import BOTH, ONE, TemplateError, instantiate, load_builtin_templates, parse_template

TEMPLATES = load_builtin_templates().templates
LIBRARY = load_builtin_library()
FLOODED_MEANS = "can't take in what is said"

# Words a partner might pick that are not feelings: behaviours, wishes, a state of the day.
NOT_FEELINGS = ("critical", "busy", "wanting to win", "in control", "sarcastic", "wanting to get away",
                "calm on the outside", "blaming", "nagging", "right")


def _slots(key: str) -> dict[str, object]:
    return {slot.key: slot for slot in TEMPLATES[key].slots}


def _couple() -> Couple:
    return Couple(Partner("Amira"), Partner("Tomás"))


def test_each_partner_logs_their_own_answers_to_bids() -> None:
    slots = [s for s in TEMPLATES["bids-and-horsemen"].slots if s.role in ("turn-toward", "turn-away", "turn-against")]
    assert len(slots) == 3
    for slot in slots:
        assert slot.partner == BOTH, slot.key  # one column for each partner, mirrored
        assert re.search(r"\bI\b", slot.hint), slot.hint  # what I did with your bid, not what you failed to do
        assert not re.search(r"\byou (turned|missed|ignored)\b", slot.hint, re.IGNORECASE), slot.hint
    cards, _connectors, _strokes = instantiate(TEMPLATES["bids-and-horsemen"], _couple())
    toward = [c for c in cards if c.role == "turn-toward"]
    assert {c.partner for c in toward} == {PartnerRole.A, PartnerRole.B}


def test_the_horsemen_come_with_examples_and_the_antidotes_speak_in_one_voice() -> None:
    slots = TEMPLATES["bids-and-horsemen"].slots
    horsemen = [s for s in slots if s.role == "horseman"]
    antidotes = [s for s in slots if s.role == "antidote"]
    assert [h.text.split(":")[0] for h in horsemen] == ["Criticism", "Contempt", "Defensiveness", "Stonewalling"]
    for horseman in horsemen:
        described = horseman.text.split(":", 1)[1]
        assert len(described.split()) >= 5, horseman.key  # what it looks like, not just its name
    for slot in (*horsemen[:3], *antidotes):
        assert re.search(r'"[^"]+"', slot.text), f"{slot.key} has no example"
    for antidote in antidotes:
        name, words = antidote.text.split(":", 1)
        assert words.strip().startswith("I "), antidote.text  # all in the first person


def test_the_preferred_story_is_a_sentence_and_the_evaluation_an_open_question() -> None:
    slots = {s.role: s for s in TEMPLATES["name-it-reauthor-it"].slots}
    preferred = slots["preferred-story"].hint
    assert "sentence" in preferred and "called" not in preferred
    assert "story-name" in slots  # its name has a card of its own
    evaluation = slots["evaluation"].hint
    assert "not OK" in evaluation and "both" in evaluation and evaluation.startswith("Is this OK")


def test_imago_asks_whether_now_is_a_good_time_and_checks_the_empathy() -> None:
    slots = sorted(TEMPLATES["talk-and-listen"].slots, key=lambda s: (s.y, s.x))
    assert "good time" in slots[0].text
    (empathise,) = [s for s in slots if s.role == "empathise"]
    assert "Did I get that right?" in empathise.text
    exercise = LIBRARY.get("mirror-validate-empathise")
    assert "good time" in exercise.steps[0]
    empathy = [step for step in exercise.steps if "empathises" in step]
    assert empathy and "Did I get that right?" in empathy[0]


def test_flooded_is_explained_wherever_it_is_used() -> None:
    used = 0
    for key, exercise in LIBRARY.exercises.items():
        parts = (exercise.title, exercise.frequency, exercise.summary, *exercise.steps, exercise.tracking)
        if any("flood" in part.casefold() for part in parts):
            used += 1
            assert FLOODED_MEANS in " ".join(parts), key
    for template in TEMPLATES.values():
        for slot in template.slots:
            for words in (slot.text, slot.hint):
                if "flood" in words.casefold():
                    used += 1
                    assert FLOODED_MEANS in words, (template.key, slot.key)
    assert used >= 3  # State of the Union, the break to calm down, stonewalling


def test_the_surface_feelings_are_feelings_only() -> None:
    words = load_builtin_emotions()
    assert words.problems == []
    every = {word.casefold() for level in words.levels.values() for word in level.words}
    for word in NOT_FEELINGS:
        assert word not in every, word
    assert len(words.levels["surface"].words) >= 20


def test_our_icebergs_gives_both_partners_the_same_room_and_keeps_the_raw_spot_sensitive() -> None:
    one, both = TEMPLATES["iceberg"], TEMPLATES["our-icebergs"]
    assert one.for_one_partner and not both.for_one_partner  # the one-partner iceberg stays
    assert {s.role for s in both.slots if s.role} == {s.role for s in one.slots if s.role}
    assert all(s.partner == BOTH for s in both.slots if s.role)
    cards, _connectors, _strokes = instantiate(both, _couple())
    for role in {s.role for s in both.slots if s.role}:
        a = [c for c in cards if c.role == role and c.partner is PartnerRole.A]
        b = [c for c in cards if c.role == role and c.partner is PartnerRole.B]
        assert len(a) == len(b) == 1, role
        assert (a[0].y, a[0].width, a[0].height, a[0].hint) == (b[0].y, b[0].width, b[0].height, b[0].hint), role
        assert a[0].x + a[0].width < b[0].x  # side by side, never over each other
    for template in (one, both):
        (raw,) = [s for s in template.slots if s.role == "raw-spot"]
        assert raw.sensitive and raw.partner in (ONE, BOTH)


def test_every_sensitive_slot_is_one_the_handout_keeps_back() -> None:
    # The handout keeps back the cards whose role is in SENSITIVE_ROLES; a slot marked sensitive must be one of them.
    flagged = [(t.key, s) for t in TEMPLATES.values() for s in t.slots if s.sensitive]
    assert {key for key, _slot in flagged} >= {"iceberg", "our-icebergs", "old-wound"}
    for key, slot in flagged:
        assert slot.role in SENSITIVE_ROLES, (key, slot.key)
    for template in TEMPLATES.values():
        for slot in template.slots:
            if slot.role in SENSITIVE_ROLES:
                assert slot.sensitive, (template.key, slot.key)


def test_a_malformed_sensitive_flag_names_the_file_and_the_slot() -> None:
    with pytest.raises(TemplateError) as caught:
        parse_template('title = "T"\n[[slot]]\nkey = "spot"\nsensitive = "yes"\n', "mine.toml", "mine")
    assert str(caught.value) == "mine.toml: slot 1 ('spot'): 'sensitive' must be true or false"
    assert parse_template('title = "T"\n[[slot]]\nkey = "spot"\n', "mine.toml", "mine").slots[0].sensitive is False


def test_a_harsh_start_and_its_soft_rewrite_are_a_reframe_pair_for_each_partner() -> None:
    cards, connectors, _strokes = instantiate(TEMPLATES["harsh-to-soft"], _couple())
    by_id = {c.id: c for c in cards}
    pairs = [(by_id[c.source_id], by_id[c.target_id]) for c in connectors if c.kind is ConnectorKind.REFRAME]
    assert len(pairs) == 4
    for old, new in pairs:
        assert (old.role, new.role) == ("harsh-start", "soft-start") and old.partner is new.partner


def test_the_repair_list_is_ours_to_tick() -> None:
    phrases = [s for s in TEMPLATES["repair-list"].slots if s.role == "repair-phrases" and s.text]
    assert len(phrases) >= 6
    for slot in phrases:
        ticks = [line for line in slot.text.splitlines() if line.startswith("☐ ")]
        assert len(ticks) >= 3, slot.key
    assert any(s.role == "repair-phrases" and not s.text and s.hint for s in TEMPLATES["repair-list"].slots)


def test_exercises_never_single_out_one_partner_as_the_problem() -> None:
    blaming = re.compile(r"\b(your partner's (fault|problem)|who is to blame|what your partner did wrong)\b", re.I)
    for key, exercise in LIBRARY.exercises.items():
        text = " ".join((exercise.summary, *exercise.steps, exercise.tracking))
        assert not blaming.search(text), key
