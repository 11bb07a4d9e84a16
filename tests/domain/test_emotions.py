"""Emotion words in two levels (and longings), offered by slot role."""

from __future__ import annotations

from couplecanvas.domain.emotions import EmotionWords, load_builtin_emotions
from couplecanvas.domain.templates import load_builtin_templates


def test_surface_and_deeper_slots_offer_their_own_level():
    words = load_builtin_emotions()
    assert words.problems == []
    surface, deeper = words.levels["surface"], words.levels["deeper"]
    assert not set(surface.words) & set(deeper.words)
    assert words.level_for_role("surface-emotion") is surface
    assert words.level_for_role("deeper-emotion") is deeper
    assert words.level_for_role("surface-feeling") is surface and words.level_for_role("underneath") is deeper
    assert words.level_for_role("trigger") is None and words.level_for_role("") is None
    assert "frustrated" in words.suggestions("surface-emotion", "fr")
    assert "frustrated" not in words.suggestions("deeper-emotion", "fr")
    assert words.suggestions("deeper-emotion", "a")[0].startswith("a")
    assert "angry" not in words.suggestions("deeper-emotion", "a")
    assert words.suggestions("trigger", "a") == []


def test_suggestions_put_prefix_matches_first_and_skip_what_is_already_typed():
    words = EmotionWords()
    words.add_from_toml('[x]\ntitle = "X"\nroles = ["r"]\nwords = ["sad", "lonely", "alone", "Sad"]\n', "e.toml")
    assert words.suggestions("r", "  ") == ["sad", "lonely", "alone", "Sad"]
    assert words.suggestions("r", "al") == ["alone"]
    assert words.suggestions("r", "one") == ["lonely", "alone"]
    assert words.suggestions("r", "sad") == []  # an exact word needs no suggestion
    assert len(words.suggestions("r", "", limit=2)) == 2


def test_every_emotion_role_is_used_by_some_template():
    roles = {s.role for t in load_builtin_templates().templates.values() for s in t.slots}
    for level in load_builtin_emotions().levels.values():
        assert set(level.roles) & roles, level.key


def test_a_broken_level_is_reported_and_the_others_still_load():
    words = EmotionWords()
    words.add_from_toml(
        'loose = 3\n'
        '[good]\ntitle = "G"\nroles = ["r"]\nwords = ["calm"]\n'
        '[bad]\ntitle = "B"\nroles = ["s"]\nwords = "calm"\n',
        "emotions.toml",
    )
    assert list(words.levels) == ["good"]
    assert "emotions.toml: [bad]: 'words' must be a non-empty list of text" in words.problems
    assert "emotions.toml: [loose] must be a table" in words.problems
    broken = EmotionWords()
    broken.add_from_toml("[x", "emotions.toml")
    assert broken.levels == {} and broken.problems[0].startswith("emotions.toml: not valid TOML")
