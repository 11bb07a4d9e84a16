"""Random names in random texts: with aliases on, no real name is left in what the couple may see, except in the
places flagged for the therapist, and every name run together with other letters is flagged."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from couplecanvas.domain.couple import Couple, Partner
from couplecanvas.domain.privacy import WORD_NAMES, FindingKind, fold, names_to_check, shown_to_couple

ALPHABETS = (
    "abcdefghijklmnopqrstuvwxyzéèëöüñçåøáíóúâ",  # Latin, with accents
    "абвгдеёжзийклмнопрстуфхцчшщыэюя",  # Cyrillic
    "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώ",  # Greek
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويأإآ",  # Arabic (no capitals)
    "אבגדהוזחטיכלמנסעפצקרשת",  # Hebrew (no capitals)
)
UNSPACED = (
    "王芳李伟张敏刘洋陈静杨帆赵雷黄丽周杰吴婷",
    "가나다라마바사아자차카타파하지민서연",
    "กขคงจฉชซญดตถทนบปผพฟภมยรลวศสหอฮ",
)
FILLER = ("we", "said", "the", "kitchen", "door", "felt", "lonely", "and", "after", "work", "quiet", "tea", "hug",
          "again", "вечером", "σπίτι", "بيت", "then", "—", "!", "?", "(", ")", ":", "…", "1", "2026")
ALIASES = ("Partner 1", "Partner 2")


@st.composite
def names(draw) -> str:
    letters = draw(st.sampled_from(ALPHABETS))
    name = draw(st.text(st.sampled_from(letters), min_size=3, max_size=9))
    name = name[0].upper() + name[1:]
    if draw(st.booleans()) and len(name) >= 6:  # a name of two parts
        cut = draw(st.integers(3, len(name) - 3))
        name = name[:cut] + draw(st.sampled_from(" -")) + name[cut].upper() + name[cut + 1:]
    return name


def _plain(text: str) -> str:
    """The accents left off, as a hurried typist would."""
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text)
                                                if unicodedata.category(c) != "Mn"))


@st.composite
def mention(draw, name: str) -> str:
    """A name as someone might write it: any case, with or without accents, composed or not, with an ending."""
    word = draw(st.sampled_from([name, name.lower(), name.upper(), _plain(name), _plain(name).lower(),
                                 unicodedata.normalize("NFD", name), name.swapcase()]))
    ending = draw(st.sampled_from(["", "'s", "’s", "'", "s", "s'", "s’"]))
    return draw(st.sampled_from(["{}", "({})", "“{}”", "{},", "{}.", "{}!"])).format(word + ending)


@st.composite
def run_together(draw, name: str, other: str) -> str:
    """A name run together with other letters, in a way the therapist must be asked about."""
    word = draw(st.sampled_from([name, name.lower(), _plain(name)])).replace(" ", "").replace("-", "")
    glued = (other.replace(" ", "").replace("-", "")).lower()
    ways = [
        word + str(draw(st.integers(0, 999))),
        str(draw(st.integers(0, 99))) + word,
        "#" + word + "Time",
        "@" + word.lower() + "_" + "home",
        word + "and" + glued,
    ]
    if word[0].upper() != word[0].lower() or len(word) >= 4:  # a capital marks the join, or the name is long
        ways.append("love" + word[0].upper() + word[1:])
    return draw(st.sampled_from(ways))


@st.composite
def cases(draw):
    first, second = draw(names()), draw(names())
    folded = [fold(n.replace("-", " ")) for n in (first, second)]
    for name in folded:  # each name and its parts is something a filler word or an alias cannot hold by chance
        for part in [name.replace(" ", "")] + name.split():
            assume(part not in WORD_NAMES)
            assume(all(part not in fold(w) for w in FILLER + ALIASES))
    assume(folded[0].replace(" ", "") not in folded[1].replace(" ", "") and
           folded[1].replace(" ", "") not in folded[0].replace(" ", ""))
    assume(not any(p in q or q in p for p in folded[0].split() for q in folded[1].split()))
    pieces, planted, glued = [], 0, []
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["filler", "filler", "name", "glued"]))
        which = draw(st.integers(0, 1))
        name, other = (first, second) if which == 0 else (second, first)
        if kind == "filler":
            pieces.append(draw(st.sampled_from(FILLER)))
        elif kind == "name":
            pieces.append(draw(mention(name)))
            planted += 1
        else:
            word = draw(run_together(name, other))
            pieces.append(word)
            glued.append(word)
    return first, second, " ".join(pieces), planted, glued


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(cases())
def test_no_real_name_reaches_the_couple_and_every_run_together_name_is_flagged(case):
    first, second, text, planted, glued = case
    couple = Couple(Partner(first, alias=ALIASES[0]), Partner(second, alias=ALIASES[1]), use_aliases=True)
    shown = shown_to_couple(text, couple)
    found = names_to_check([("a card", text)], couple)
    flagged = [f.word for f in found if f.kind is FindingKind.RUN_TOGETHER]
    for word in glued:
        assert word.lstrip("#@") in " ".join(flagged), f"{word!r} not flagged in {text!r}"
    rest = fold(shown)
    for word in flagged:
        rest = rest.replace(fold(word), " ")
    for name in (first, second):
        for part in fold(name).replace("-", " ").split() + [fold(name).replace("-", "").replace(" ", "")]:
            assert part not in rest, f"{part!r} left in {shown!r}"
    assert sum(shown.count(alias) for alias in ALIASES) >= planted
    assert shown_to_couple(text, couple, use_alias=False) == text


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_names_in_scripts_without_spaces_are_replaced_wherever_they_stand(data):
    script = data.draw(st.sampled_from(UNSPACED))
    first = data.draw(st.text(st.sampled_from(script), min_size=2, max_size=3))
    second = data.draw(st.text(st.sampled_from(script), min_size=2, max_size=3))
    assume(first not in second and second not in first)
    filler = st.text(st.sampled_from(script + "，。 "), max_size=4).filter(lambda w: first not in w and second not in w)
    pieces = data.draw(st.lists(st.one_of(filler, st.sampled_from([first, second])), min_size=1, max_size=10))
    text = "".join(pieces)
    couple = Couple(Partner(first, alias=ALIASES[0]), Partner(second, alias=ALIASES[1]), use_aliases=True)
    shown = shown_to_couple(text, couple)
    assert first not in shown and second not in shown, (text, shown)
