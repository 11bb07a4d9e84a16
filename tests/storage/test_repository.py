"""The repository on a real SQLite file: rows in, the same domain objects out, also after closing and reopening."""

from __future__ import annotations

import datetime as dt

import pytest

from couplecanvas.domain import (
    Assignment,
    Board,
    Card,
    Connector,
    ConnectorKind,
    Couple,
    Partner,
    PartnerRole,
    Position,
    PrivateNote,
    Session,
    Who,
)
from couplecanvas.domain.sample import SAMPLE_NOTE, build_sample
from couplecanvas.storage.database import Database, open_database
from couplecanvas.storage.repository import NotFound, Repository

DAY = dt.date(2026, 11, 25)


@pytest.fixture
def database(database_url):
    """An open, migrated database on a real file; disposed after the test."""
    opened = open_database(database_url)
    yield opened
    opened.dispose()


@pytest.fixture
def repository(database) -> Repository:
    return Repository(database)


def _reopen(repository: Repository, database_url: str) -> Repository:
    """Close every connection of the repository's database and open the file again from scratch."""
    repository.database.dispose()
    return Repository(open_database(database_url))


def _couple(repository: Repository) -> Couple:
    return repository.add_couple(
        Couple(Partner("Zoë", alias="Partner A", colour="#123456"), Partner("José-María", alias="Partner B"))
    )


def _session(repository: Repository, couple: Couple, day: dt.date = DAY, title: str = "First") -> Session:
    assert couple.id is not None
    return repository.add_session(Session(couple.id, day, title))


def _board(session_id: int) -> Board:
    board = Board(session_id=session_id)
    first = Card(
        text="Quand tu regardes ton téléphone 📱 — I feel alone 💔",
        x=12.5,
        y=-40.25,
        width=240.0,
        height=95.5,
        colour="#dbe8f7",
        partner=PartnerRole.A,
        z=3.0,
        role="deeper-emotion",
        hint="Deep down I feel…",
    )
    second = Card(
        text="Ich ziehe mich zurück 🙈\nzweite Zeile",
        x=640.0,
        y=170.0,
        width=210.0,
        height=90.0,
        colour="#f9e0cc",
        partner=PartnerRole.B,
        z=1.0,
    )
    neutral = Card(text="Our cycle: “The Chase” 🔁", x=330.0, y=-120.0, width=250.0, height=110.0, z=2.0)
    for card in (first, second, neutral):
        board.add_card(card)
    board.add_connector(Connector(first.id, second.id, label="triggers ⚡"))
    board.add_connector(Connector(second.id, first.id))
    board.add_connector(Connector(neutral.id, first.id, label="names it", kind=ConnectorKind.REFRAME))
    return board


def _assert_boards_equal(loaded: Board, expected: Board) -> None:
    assert loaded.session_id == expected.session_id
    assert loaded.cards == expected.cards
    assert loaded.connectors == expected.connectors
    assert loaded == expected


# -- couples ----------------------------------------------------------------------------------------------------------


def test_add_couple_then_list_and_get_give_it_back(repository):
    couple = _couple(repository)

    assert couple.id is not None
    assert repository.count_couples() == 1
    assert repository.list_couples() == [couple]
    stored = repository.get_couple(couple.id)
    assert stored == couple
    assert stored.partner_a == Partner("Zoë", alias="Partner A", colour="#123456")
    assert stored.partner_b.first_name == "José-María"
    assert stored.partner_b.colour  # the default colour was filled in and stored


def test_update_couple_writes_names_aliases_and_flags(repository, database_url):
    couple = _couple(repository)
    couple.partner_a.first_name = "Zoé"
    couple.partner_b.first_name = "Ñandú"
    couple.partner_b.alias = "P2"
    couple.use_aliases = True

    repository.update_couple(couple)

    repository = _reopen(repository, database_url)
    try:
        assert repository.get_couple(couple.id) == couple
    finally:
        repository.database.dispose()


def test_archived_couples_are_listed_only_when_asked(repository):
    couple = _couple(repository)
    couple.archived = True
    repository.update_couple(couple)

    assert repository.list_couples() == []
    assert repository.list_couples(include_archived=True) == [couple]


def test_a_missing_couple_is_not_found(repository):
    with pytest.raises(NotFound):
        repository.get_couple(4242)


# -- sessions ---------------------------------------------------------------------------------------------------------


def test_sessions_are_listed_newest_first_and_got_by_id(repository):
    couple = _couple(repository)
    old = _session(repository, couple, dt.date(2026, 1, 5), "Intake")
    new = _session(repository, couple, dt.date(2026, 3, 9), "Mapping the cycle")
    middle = _session(repository, couple, dt.date(2026, 2, 2), "")

    assert repository.list_sessions(couple.id) == [new, middle, old]
    assert repository.get_session(middle.id) == Session(couple.id, dt.date(2026, 2, 2), "", id=middle.id)
    assert repository.get_session(new.id).title == "Mapping the cycle"


def test_update_session_changes_date_and_title(repository):
    session = _session(repository, _couple(repository))
    session.date = dt.date(2026, 12, 1)
    session.title = "Repair attempt ✨"

    repository.update_session(session)

    assert repository.get_session(session.id) == session


def test_a_missing_session_is_not_found(repository):
    with pytest.raises(NotFound, match="999"):
        repository.get_session(999)


# -- boards -----------------------------------------------------------------------------------------------------------


def test_replaced_board_loads_back_equal_after_reopening(repository, database_url):
    session = _session(repository, _couple(repository))
    board = _board(session.id)
    expected = board.clone()

    repository.replace_board(session.id, board)

    repository = _reopen(repository, database_url)
    try:
        loaded = repository.load_board(session.id)
        _assert_boards_equal(loaded, expected)
        assert [c.z for c in loaded.cards.values()] == [1.0, 2.0, 3.0]  # cards come back in z order
    finally:
        repository.database.dispose()


def test_replace_board_drops_what_is_no_longer_there(repository):
    session = _session(repository, _couple(repository))
    repository.replace_board(session.id, _board(session.id))
    smaller = Board(session_id=session.id)
    smaller.add_card(Card(text="only one", x=1.0, y=2.0))

    repository.replace_board(session.id, smaller)

    _assert_boards_equal(repository.load_board(session.id), smaller)


def test_boards_of_different_sessions_stay_apart(repository):
    couple = _couple(repository)
    first = _session(repository, couple)
    second = _session(repository, couple, dt.date(2026, 12, 2))
    board = _board(first.id)
    repository.replace_board(first.id, board)

    assert repository.load_board(second.id) == Board(session_id=second.id)
    _assert_boards_equal(repository.load_board(first.id), board)


def test_save_board_changes_upserts_and_deletes(repository, database_url):
    session = _session(repository, _couple(repository))
    board = _board(session.id)
    repository.replace_board(session.id, board)
    first, second, neutral = list(board.cards.values())

    # Change one card, add one card and one connector, delete a card (its two connectors go with it).
    board.move_card(first.id, 99.0, 101.5)
    board.set_card_text(first.id, "Edited 😊 ünïcödé")
    first.z = 7.0
    added = Card(text="new 🌱", x=5.0, y=6.0, partner=PartnerRole.B, z=8.0)
    board.add_card(added)
    link = Connector(neutral.id, added.id, label="grows")
    board.add_connector(link)
    _, detached = board.remove_card(second.id)
    assert len(detached) == 2

    repository.save_board_changes(
        session.id,
        cards=[first, added],
        removed_card_ids=[second.id],
        connectors=[link],
    )

    repository = _reopen(repository, database_url)
    try:
        loaded = repository.load_board(session.id)
        _assert_boards_equal(loaded, board)
        assert set(loaded.connectors) == {c.id for c in board.connectors.values()}
        assert len(loaded.connectors) == 2

        # Relabel one connector and remove the other, in the same kind of call.
        remaining = [c for c in board.connectors.values() if c.id != link.id][0]
        link.label = "grows ↑"
        board.remove_connector(remaining.id)
        repository.save_board_changes(session.id, connectors=[link], removed_connector_ids=[remaining.id])
    finally:
        repository.database.dispose()

    repository = Repository(open_database(database_url))
    try:
        _assert_boards_equal(repository.load_board(session.id), board)
    finally:
        repository.database.dispose()


def test_deleting_a_card_deletes_its_connectors_even_when_not_named(repository):
    session = _session(repository, _couple(repository))
    board = _board(session.id)
    repository.replace_board(session.id, board)
    first = next(iter(board.cards.values()))

    repository.save_board_changes(session.id, removed_card_ids=[first.id])

    loaded = repository.load_board(session.id)
    assert first.id not in loaded.cards
    assert all(first.id not in (c.source_id, c.target_id) for c in loaded.connectors.values())
    assert loaded.connectors == {}  # every connector of this board touched the first card


# -- homework ---------------------------------------------------------------------------------------------------------


def test_assignments_add_list_update_remove_with_positions(repository, database_url):
    session = _session(repository, _couple(repository))
    first = repository.add_assignment(Assignment(session.id, "catch-our-cycle", Who.BOTH, "Name it: “The Chase” 🏃"))
    second = repository.add_assignment(Assignment(session.id, "daily-check-in", Who.A))
    third = repository.add_assignment(Assignment(session.id, "soft-startup", Who.B, "Use “I” statements"))

    assert [a.position for a in (first, second, third)] == [1, 2, 3]
    assert all(a.id is not None for a in (first, second, third))
    assert repository.list_assignments(session.id) == [first, second, third]

    third.position = 0
    third.note = "Start gently 🌿"
    third.who = Who.BOTH
    repository.update_assignment(third)
    repository.remove_assignment(second.id)

    repository = _reopen(repository, database_url)
    try:
        assert repository.list_assignments(session.id) == [third, first]
        explicit = repository.add_assignment(Assignment(session.id, "daily-check-in", Who.B, position=10))
        assert explicit.position == 10
        after = repository.add_assignment(Assignment(session.id, "gratitude", Who.A))
        assert after.position == 11
        assert repository.list_assignments(session.id) == [third, first, explicit, after]
    finally:
        repository.database.dispose()


# -- private notes ----------------------------------------------------------------------------------------------------


def test_private_note_saves_loads_and_overwrites(repository, database_url):
    session = _session(repository, _couple(repository))
    assert repository.load_private_note(session.id) == PrivateNote(session.id, "")

    repository.save_private_note(PrivateNote(session.id, "Pursue–withdraw; ask about family of origin 🧭"))
    assert repository.load_private_note(session.id).text == "Pursue–withdraw; ask about family of origin 🧭"
    repository.save_private_note(PrivateNote(session.id, "Second thought"))

    repository = _reopen(repository, database_url)
    try:
        assert repository.load_private_note(session.id) == PrivateNote(session.id, "Second thought")
    finally:
        repository.database.dispose()


# -- the sample -------------------------------------------------------------------------------------------------------


def test_add_sample_stores_the_whole_sample(repository, database_url):
    sample = build_sample(DAY)
    expected_board = sample.board.clone()

    couple, session = repository.add_sample(sample)

    repository = _reopen(repository, database_url)
    try:
        stored_couple = repository.get_couple(couple.id)
        assert stored_couple.is_sample
        assert stored_couple.display_name(False) == "Maya & Jordan"
        assert stored_couple.display_name(True) == "Partner 1 & Partner 2"
        assert repository.list_sessions(couple.id) == [session]
        assert session.date == DAY

        board = repository.load_board(session.id)
        assert len(board.cards) == len(expected_board.cards) > 20
        assert len(board.connectors) == len(expected_board.connectors) > 10
        assert len(board.strokes) == len(expected_board.strokes) == 2
        assert stored_couple.pattern() == "pursue-withdraw"
        expected_board.session_id = session.id
        _assert_boards_equal(board, expected_board)

        assignments = repository.list_assignments(session.id)
        assert [(a.exercise_key, a.who) for a in assignments] == [
            ("catch-our-cycle", Who.BOTH),
            ("daily-check-in", Who.BOTH),
        ]
        assert repository.load_private_note(session.id).text == SAMPLE_NOTE
    finally:
        repository.database.dispose()


# -- the connection ---------------------------------------------------------------------------------------------------


def test_pragmas_are_set_on_every_connection(database: Database):
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_database_knows_its_file(database: Database, database_url):
    assert database.path is not None
    assert f"sqlite:///{database.path}" == database_url
    assert database.path.is_file()


def test_deleting_a_session_cascades_to_its_rows(repository, database):
    couple = _couple(repository)
    session = _session(repository, couple)
    keep = _session(repository, couple, dt.date(2026, 12, 3))
    repository.replace_board(session.id, _board(session.id))
    repository.replace_board(keep.id, Board(session_id=keep.id, cards={}))
    kept_card = Card(text="stays")
    repository.save_board_changes(keep.id, cards=[kept_card])
    repository.add_assignment(Assignment(session.id, "daily-check-in"))
    repository.save_private_note(PrivateNote(session.id, "gone soon"))

    with database.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM sessions WHERE id = ?", (session.id,))

    with database.engine.connect() as connection:
        for table in ("cards", "connectors", "assignments", "private_notes"):
            count = connection.exec_driver_sql(f"SELECT count(*) FROM {table} WHERE session_id = ?", (session.id,))
            assert count.scalar() == 0, table
    assert repository.load_board(session.id) == Board(session_id=session.id)
    assert list(repository.load_board(keep.id).cards) == [kept_card.id]
    with pytest.raises(NotFound):
        repository.get_session(session.id)


def test_deleting_a_couple_cascades_to_partners_and_sessions(repository, database):
    couple = _couple(repository)
    session = _session(repository, couple)
    repository.replace_board(session.id, _board(session.id))

    with database.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM couples WHERE id = ?", (couple.id,))

    with database.engine.connect() as connection:
        for table in ("partners", "sessions", "cards", "connectors"):
            assert connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() == 0, table


# -- template slots, reframes, positions, continuing a board ----------------------------------------------------------


def test_positions_roles_hints_and_reframes_survive_reopening(repository, database_url):
    couple = _couple(repository)
    couple.partner_a.position = Position.PURSUER
    couple.partner_b.position = Position.WITHDRAWER
    repository.update_couple(couple)
    session = _session(repository, couple)
    repository.replace_board(session.id, _board(session.id))
    repository = _reopen(repository, database_url)
    try:
        loaded = repository.get_couple(couple.id)
        assert (loaded.partner_a.position, loaded.partner_b.position) == (Position.PURSUER, Position.WITHDRAWER)
        assert loaded.pattern() == "pursue-withdraw"
        board = repository.load_board(session.id)
        (deeper,) = board.cards_with_role("deeper-emotion")
        assert deeper.hint == "Deep down I feel…" and deeper.partner is PartnerRole.A
        assert [(old.text, new.text) for old, new in board.reframes()] == [
            ("Our cycle: “The Chase” 🔁", deeper.text)
        ]
    finally:
        repository.database.dispose()


def test_a_new_session_can_start_from_the_one_before(repository, database_url):
    couple = _couple(repository)
    first = _session(repository, couple, DAY - dt.timedelta(days=14), "one")
    second = _session(repository, couple, DAY - dt.timedelta(days=7), "two")
    repository.replace_board(second.id, _board(second.id))
    third = repository.add_session(Session(couple.id, DAY, "three"), board_from=second.id)
    assert repository.latest_earlier_session(first) is None
    assert repository.latest_earlier_session(third).id == second.id

    repository = _reopen(repository, database_url)
    try:
        original, loaded = repository.load_board(second.id), repository.load_board(third.id)
        assert loaded.session_id == third.id and len(loaded.cards) == len(original.cards) == 3
        assert not set(loaded.cards) & set(original.cards)  # fresh ids: the sessions never share a row
        assert sorted((c.text, c.x, c.y, c.role, c.z) for c in loaded.cards.values()) == sorted(
            (c.text, c.x, c.y, c.role, c.z) for c in original.cards.values()
        )
        assert [(o.text, n.text) for o, n in loaded.reframes()] == [(o.text, n.text) for o, n in original.reframes()]
        # editing the copy leaves the earlier session as it was
        card = next(iter(loaded.cards.values()))
        card.text = "changed in the new session"
        repository.save_board_changes(third.id, cards=[card])
        assert repository.load_board(second.id) == original
    finally:
        repository.database.dispose()


def test_saving_many_items_at_once_inserts_the_new_and_updates_the_known(repository, database_url):
    session = _session(repository, _couple(repository))
    first = [Card(f"card {n}", x=n * 10.0) for n in range(6)]
    repository.save_board_changes(session.id, cards=first)
    for card in first[:3]:
        card.text += " (changed)"
    more = [Card(f"more {n}", y=n * 10.0) for n in range(5)]
    arrows = [Connector(a.id, b.id) for a, b in zip(first, more)]
    repository.save_board_changes(session.id, cards=[*first[:3], *more], connectors=arrows)
    repository = _reopen(repository, database_url)
    try:
        board = repository.load_board(session.id)
        assert sorted(c.text for c in board.cards.values()) == sorted(
            [f"card {n} (changed)" for n in range(3)] + [f"card {n}" for n in range(3, 6)]
            + [f"more {n}" for n in range(5)]
        )
        assert set(board.connectors) == {a.id for a in arrows}
    finally:
        repository.database.dispose()


# -- homework reviews, the therapist's exercises, the practice ---------------------------------------------------------


def test_reviews_frequency_and_the_homework_history(repository, database_url):
    from couplecanvas.domain.homework import Review

    couple = _couple(repository)
    other = repository.add_couple(Couple(Partner("Other"), Partner("Pair")))
    first = _session(repository, couple, DAY - dt.timedelta(days=7), "one")
    second = _session(repository, couple, DAY, "two")
    elsewhere = _session(repository, other, DAY, "theirs")
    done = repository.add_assignment(Assignment(first.id, "daily-check-in", frequency="twice a day"))
    repository.add_assignment(Assignment(first.id, "bid-spotting", Who.A))
    repository.add_assignment(Assignment(second.id, "breathing-together"))
    repository.add_assignment(Assignment(elsewhere.id, "daily-check-in"))
    done.review, done.review_note = Review.PARTLY, "Only on weekdays — the weekend got busy."
    repository.update_assignment(done)
    second.next_appointment = dt.datetime(2026, 12, 2, 17, 30)
    repository.update_session(second)

    repository = _reopen(repository, database_url)
    try:
        history = repository.homework_history(couple.id)
        assert [s.title for s, _ in history] == ["one", "two"]
        (s1, a1), (s2, a2) = history
        assert [(a.exercise_key, a.frequency, a.review, a.review_note) for a in a1] == [
            ("daily-check-in", "twice a day", Review.PARTLY, "Only on weekdays — the weekend got busy."),
            ("bid-spotting", "", Review.NOT_YET, ""),
        ]
        assert [a.exercise_key for a in a2] == ["breathing-together"]
        assert repository.get_session(second.id).next_appointment == dt.datetime(2026, 12, 2, 17, 30)
        assert repository.get_session(first.id).next_appointment is None
    finally:
        repository.database.dispose()


def test_the_therapists_exercises_are_kept_edited_and_forgotten(repository, database_url):
    import dataclasses

    from couplecanvas.domain.homework import Origin, load_builtin_library

    # The flags (talk about conflict, for two only) are the library's: the database keeps the words, not the flags.
    builtin = dataclasses.replace(load_builtin_library().get("daily-check-in"), conflict_talk=False, two_person=False)
    edit = dataclasses.replace(builtin, title="Our evening check-in", steps=("Sit down.", "Say one good thing."),
                               origin=Origin.EDITED)
    own = dataclasses.replace(builtin, key="my-walk", title="A walk", origin=Origin.OWN)
    repository.save_exercise(edit)
    repository.save_exercise(own)
    repository.save_exercise(dataclasses.replace(own, title="A long walk"))
    with pytest.raises(ValueError):
        repository.save_exercise(builtin)  # the built-in words are the app's, not the database's
    repository = _reopen(repository, database_url)
    try:
        assert repository.list_own_exercises() == [edit, dataclasses.replace(own, title="A long walk")]
        repository.delete_exercise("daily-check-in")
        assert [e.key for e in repository.list_own_exercises()] == ["my-walk"]
    finally:
        repository.database.dispose()


def test_the_practice_is_empty_until_saved_and_then_kept(repository, database_url):
    from couplecanvas.domain.practice import Practice

    assert repository.get_practice() == Practice()
    practice = Practice("Harbour Couples", "0123 456\nhello@example.org", b"\x89PNG\r\n\x1a\n1234", "Letter", True)
    repository.save_practice(practice)
    repository.save_practice(practice)  # saving twice keeps one row
    repository = _reopen(repository, database_url)
    try:
        assert repository.get_practice() == practice
        repository.save_practice(Practice("Harbour Couples"))
        assert repository.get_practice().logo == b""
    finally:
        repository.database.dispose()


def test_deleting_an_own_exercise_retires_it_and_an_edit_is_forgotten(repository, database_url):
    import dataclasses

    from couplecanvas.domain.homework import Origin, load_builtin_library

    builtin = load_builtin_library().get("bid-spotting")
    repository.save_exercise(dataclasses.replace(builtin, title="Our bids", origin=Origin.EDITED))
    repository.save_exercise(dataclasses.replace(builtin, key="my-tea", title="Tea", origin=Origin.OWN))
    repository.delete_exercise("bid-spotting")
    repository.delete_exercise("my-tea")
    repository.delete_exercise("my-tea")  # twice: still retired, never erased
    repository = _reopen(repository, database_url)
    try:
        assert [(e.key, e.title, e.origin) for e in repository.list_own_exercises()] == [
            ("my-tea", "Tea", Origin.RETIRED)
        ]
    finally:
        repository.database.dispose()
