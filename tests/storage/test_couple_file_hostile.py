"""Hostile couple files: each is refused with a message naming the file (and the field), and the database file is
byte for byte what it was, with no backup made."""

from __future__ import annotations

import copy
import stat
import struct
import zipfile

import pytest

from couplecanvas.storage.couple_file import CoupleFileError, couple_file_bytes, gather_couple, read_couple_file
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository


@pytest.fixture
def kit(database_url, tmp_path, couple_kit):
    """A database holding a full couple (closed again), that couple's sound file taken apart, and a checker."""
    repository = Repository(open_database(database_url))
    couple = couple_kit.store_full_couple(repository)
    manifest, content = couple_kit.members(couple_file_bytes(gather_couple(repository, couple.id, True)))
    repository.close()
    db_path = tmp_path / "couplecanvas.db"
    before = couple_kit.database_fingerprint(db_path)

    def refused(path, *expected: str) -> str:
        """Import `path` as the app does; assert it is refused with these words and nothing changed."""
        repository = Repository(open_database(database_url))
        try:
            with pytest.raises(CoupleFileError) as caught:
                repository.import_couple(read_couple_file(path))
        finally:
            repository.close()
        message = str(caught.value)
        assert path.name in message and "Nothing was changed" in message
        for words in expected:
            assert words in message
        assert couple_kit.database_fingerprint(db_path) == before
        assert not (tmp_path / "backups").exists()
        return message

    return couple_kit, manifest, content, refused, tmp_path


def test_the_sound_file_itself_imports(kit):
    helpers, manifest, content, _refused, folder = kit
    assert (
        read_couple_file(helpers.repack(folder / "sound.couple", manifest, content)).couple.partner_a.first_name
        == "Maya"
    )


def test_a_zip_bomb_is_refused_by_its_declared_size(kit):
    helpers, manifest, _content, refused, folder = kit
    bomb = helpers.pack(folder / "bomb.couple", [("manifest.json", helpers.dumps(manifest)),
                                                  ("couple.json", b" " * (51 * 2**20))])
    assert bomb.stat().st_size < 200_000
    refused(bomb, "couple.json would unpack to more than 50 MB")


def test_a_zip_bomb_under_the_size_cap_is_refused_by_its_ratio(kit):
    helpers, manifest, _content, refused, folder = kit
    bomb = helpers.pack(folder / "ratio.couple", [("manifest.json", helpers.dumps(manifest)),
                                                   ("couple.json", b"[" + b" " * (20 * 2**20) + b"]")])
    refused(bomb, "unpacks more than 200 times its packed size")


def test_a_zip_bomb_that_lies_about_its_size_is_stopped_while_reading(kit):
    helpers, manifest, _content, refused, folder = kit
    path = helpers.pack(folder / "liar.couple", [("manifest.json", helpers.dumps(manifest)),
                                                  ("couple.json", b" " * (3 * 2**20))])
    data = bytearray(path.read_bytes())
    # The central directory's record for couple.json: its uncompressed size (offset 24) now says 1,000 bytes.
    at = data.rfind(b"PK\x01\x02")
    assert data[at + 46:at + 46 + 11] == b"couple.json"
    data[at + 24:at + 28] = struct.pack("<I", 1000)
    path.write_bytes(bytes(data))
    refused(path, "damaged")


def test_a_path_traversal_member_is_refused(kit):
    helpers, manifest, content, refused, folder = kit
    path = helpers.repack(folder / "traversal.couple", manifest, content, extra=[("../../evil.json", b"{}")])
    refused(path, "unexpected member '../../evil.json'")
    assert not (folder.parent / "evil.json").exists()


def test_an_absolute_or_nested_member_name_is_refused(kit):
    helpers, manifest, content, refused, folder = kit
    for name in ("/etc/couple.json", "sub/couple.json", "couple.json/"):
        path = helpers.pack(folder / "odd.couple", [("manifest.json", helpers.dumps(manifest)),
                                                     (name, helpers.dumps(content))])
        refused(path, "unexpected member")


def test_a_symlink_member_is_refused(kit):
    helpers, manifest, _content, refused, folder = kit
    link = zipfile.ZipInfo("couple.json")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    path = helpers.pack(folder / "link.couple", [("manifest.json", helpers.dumps(manifest)), (link, b"/etc/passwd")])
    refused(path, "couple.json is a link or a folder")


def test_a_member_twice_is_refused(kit):
    helpers, manifest, content, refused, folder = kit
    with pytest.warns(UserWarning, match="Duplicate name"):
        path = helpers.repack(folder / "twice.couple", manifest, content, extra=[("couple.json", b"{}")])
    refused(path, "holds couple.json twice")


def test_huge_json_is_refused_before_parsing(kit):
    helpers, manifest, _content, refused, folder = kit
    path = helpers.pack(folder / "huge.couple", [("manifest.json", helpers.dumps(manifest)),
                                                  ("couple.json", b"1" * (51 * 2**20))], zipfile.ZIP_STORED)
    refused(path, "50 MB")


def test_a_huge_manifest_is_refused(kit):
    helpers, manifest, content, refused, folder = kit
    big = dict(manifest, app_version="x" * 10_000)
    refused(helpers.repack(folder / "manifest.couple", big, content), "manifest.json would unpack to more than 4 KB")


def test_deep_json_that_would_exhaust_the_parser_is_refused(kit):
    helpers, manifest, _content, refused, folder = kit
    deep = b"[" * 200_000 + b"]" * 200_000
    refused(helpers.repack(folder / "deep.couple", manifest, deep), "couple.json is nested too deeply")


def test_json_deeper_than_the_format_is_refused(kit):
    helpers, manifest, content, refused, folder = kit
    nested = copy.deepcopy(content)
    value: list = []
    nested["sessions"][0]["title"] = value
    for _ in range(30):
        value.append([])
        value = value[0]
    refused(helpers.repack(folder / "deep.couple", manifest, nested), "nested too deeply (more than 16 levels)")


def test_invalid_utf8_is_refused(kit):
    helpers, manifest, content, refused, folder = kit
    data = helpers.dumps(content).replace(b"Maya", b"M\xff\xfea")
    refused(helpers.repack(folder / "latin.couple", manifest, data), "couple.json is not valid UTF-8 text")


@pytest.mark.parametrize("word", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(kit, word):
    helpers, manifest, content, refused, folder = kit
    text = helpers.dumps(content).decode()
    text = text.replace('"x":10.5', f'"x":{word}', 1)
    assert word in text
    refused(helpers.repack(folder / "nan.couple", manifest, text.encode()), f"{word} is not a number")


def test_a_number_too_large_for_a_float_is_refused(kit):
    helpers, manifest, content, refused, folder = kit
    text = helpers.dumps(content).decode().replace('"x":10.5', '"x":1e999', 1)
    refused(helpers.repack(folder / "inf.couple", manifest, text.encode()), "1e999 is too large")


def test_a_number_out_of_range_is_refused_naming_the_field(kit):
    helpers, manifest, content, refused, folder = kit
    bad = copy.deepcopy(content)
    strokes = bad["sessions"][1]["board"]["strokes"]
    line = next(n for n, stroke in enumerate(strokes) if len(stroke["points"]) == 2)
    strokes[line]["points"][1][2] = 7.0
    refused(helpers.repack(folder / "pressure.couple", manifest, bad), f"sessions[1].board.strokes[{line}].points[1]",
            "pressure")


def test_a_newer_schema_is_refused_as_made_by_a_newer_couple_canvas(kit):
    helpers, manifest, content, refused, folder = kit
    newer = dict(manifest, schema_version=2, what_is_new={"x": 1})
    content = dict(content, something_new=[])
    refused(helpers.repack(folder / "newer.couple", newer, content), "made by a newer Couple Canvas",
            "file format 2")


def test_an_unknown_key_is_refused_naming_the_field(kit):
    helpers, manifest, content, refused, folder = kit
    bad = copy.deepcopy(content)
    bad["sessions"][0]["board"]["cards"][1]["script"] = "<img onerror=...>"
    refused(helpers.repack(folder / "unknown.couple", manifest, bad),
            "does not know: sessions[0].board.cards[1].script")


def test_a_key_given_twice_is_refused(kit):
    helpers, manifest, content, refused, folder = kit
    text = helpers.dumps(content).decode().replace('"title":"First map"', '"title":"First map","title":"x"', 1)
    refused(helpers.repack(folder / "dupe.couple", manifest, text.encode()), "'title' is given twice")


def test_too_many_cards_are_refused(kit):
    helpers, manifest, content, refused, folder = kit
    bad = copy.deepcopy(content)
    card = bad["sessions"][0]["board"]["cards"][0]
    bad["sessions"][0]["board"]["cards"] = [dict(card, id=f"c{n}") for n in range(5001)]
    bad["sessions"][0]["board"]["connectors"] = []
    refused(helpers.repack(folder / "many.couple", manifest, bad), "sessions[0].board.cards", "at most 5000 items")


def test_too_long_a_text_is_refused(kit):
    helpers, manifest, content, refused, folder = kit
    bad = copy.deepcopy(content)
    bad["sessions"][0]["board"]["cards"][2]["text"] = "ש" * 2001
    refused(helpers.repack(folder / "long.couple", manifest, bad), "sessions[0].board.cards[2].text",
            "at most 2000 characters")


def test_a_wrong_type_is_refused_not_converted(kit):
    helpers, manifest, content, refused, folder = kit
    bad = copy.deepcopy(content)
    bad["sessions"][0]["board"]["cards"][0]["x"] = "10.5"
    refused(helpers.repack(folder / "type.couple", manifest, bad), "sessions[0].board.cards[0].x")
    bad = copy.deepcopy(content)
    bad["couple"]["archived"] = 1
    refused(helpers.repack(folder / "flag.couple", manifest, bad), "couple.archived")


def test_an_arrow_to_a_missing_card_is_refused(kit):
    helpers, manifest, content, refused, folder = kit
    bad = copy.deepcopy(content)
    bad["sessions"][0]["board"]["connectors"][0]["target_id"] = "nowhere"
    refused(helpers.repack(folder / "arrow.couple", manifest, bad), "sessions[0].board",
            "points to a card that is not on the board")


def test_a_missing_field_is_refused_naming_it(kit):
    helpers, manifest, content, refused, folder = kit
    bad = copy.deepcopy(content)
    del bad["sessions"][1]["date"]
    refused(helpers.repack(folder / "nodate.couple", manifest, bad), "lacks the field sessions[1].date")


def test_not_a_zip_is_refused(kit):
    *_, refused, folder = kit
    path = folder / "letter.couple"
    path.write_text("Dear therapist, this is not a couple file.")
    refused(path, "not a Couple Canvas couple file (not a zip archive)")


def test_another_kind_of_zip_is_refused(kit):
    helpers, manifest, content, refused, folder = kit
    refused(helpers.repack(folder / "other.couple", dict(manifest, format="something-else"), content),
            "not a Couple Canvas couple file")


def test_a_missing_member_is_refused(kit):
    helpers, manifest, _content, refused, folder = kit
    path = helpers.pack(folder / "half.couple", [("manifest.json", helpers.dumps(manifest))])
    refused(path, "it has no couple.json")


def test_an_empty_file_and_a_missing_file_are_refused(kit):
    *_, refused, folder = kit
    empty = folder / "empty.couple"
    empty.write_bytes(b"")
    refused(empty, "not a zip archive")
    refused(folder / "gone.couple", "could not be read")
