"""The real app, killed with SIGKILL at random moments while words are typed into a card with real key events: every
word the app said was saved is in the file, nothing else changed or half-written, and the file is sound."""

from __future__ import annotations

import datetime as dt
import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from couplecanvas.domain.board import Board, Card
from couplecanvas.domain.couple import Couple, Partner
from couplecanvas.domain.session import Session
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

DRIVER = Path(__file__).with_name("gui_typing_driver.py")
PHRASE = ("when you go quiet after work I feel alone and scared so I push harder and then you withdraw further and "
          "we both end up lonely and unseen though all we want is to feel close and safe with each other again")
WORDS = PHRASE.split()
RUNS = 5


def build(url: str) -> tuple[int, int, list[str], dict[str, Card]]:
    """A couple, a session, one empty card per run, and cards with words that no run touches."""
    repository = Repository(open_database(url))
    try:
        couple = repository.add_couple(Couple(Partner("Maya"), Partner("Jordan")))
        session = repository.add_session(Session(couple.id, dt.date(2026, 3, 2)))
        board = Board(session_id=session.id)
        empty = [Card(text="", x=60 + 260 * n, y=80) for n in range(RUNS)]
        others = [Card(text="Maya pursues", x=60, y=400), Card(text="Jordan withdraws 🌧", x=420, y=400)]
        for card in (*empty, *others):
            board.add_card(card)
        repository.replace_board(session.id, board)
        return couple.id, session.id, [c.id for c in empty], {c.id: c for c in others}
    finally:
        repository.close()


def read_lines(stream, into: queue.Queue) -> None:
    for line in stream:
        into.put(line.strip())
    into.put(None)


def test_killing_the_app_while_typing_loses_no_acknowledged_word(tmp_path, _private_data_dir):
    path = tmp_path / "couplecanvas.db"
    url = f"sqlite:///{path}"
    couple_id, session_id, card_ids, others = build(url)
    seed = int(os.environ.get("KILL_SEED", time.time_ns() % 1_000_000))
    chance = random.Random(seed)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COUPLECANVAS_STARTUP_PROBE="driver")
    finished: dict[str, str] = {}
    acknowledged_runs = 0
    for run, card_id in enumerate(card_ids):
        where = f"seed {seed}, run {run}"
        with open(tmp_path / f"stderr-{run}.txt", "w") as errors:
            child = subprocess.Popen(
                [sys.executable, str(DRIVER), url, str(couple_id), str(session_id), card_id, PHRASE],
                env=env, stdout=subprocess.PIPE, stderr=errors, text=True,
            )
            lines: queue.Queue = queue.Queue()
            reader = threading.Thread(target=read_lines, args=(child.stdout, lines), daemon=True)
            reader.start()
            seen: list[str] = []
            try:
                deadline = time.monotonic() + 20
                while not any(line.startswith("typed") for line in seen):
                    line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
                    assert line is not None, (where, seen, (tmp_path / f"stderr-{run}.txt").read_text()[-2000:])
                    seen.append(line)
                time.sleep(chance.uniform(0.0, 2.0))  # somewhere in the middle of the typing
            finally:
                child.send_signal(signal.SIGKILL)
                child.wait(timeout=10)
            reader.join(timeout=10)
            child.stdout.close()
            while (line := lines.get(timeout=5)) is not None:
                seen.append(line)
        acknowledged = max(int(line.split()[1]) for line in seen if line.startswith("typed"))
        print(f"{where}: {acknowledged} of {len(WORDS)} words acknowledged before the kill")
        acknowledged_runs += acknowledged > 0

        connection = sqlite3.connect(path)
        try:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok", where
        finally:
            connection.close()
        repository = Repository(open_database(url))
        try:
            board = repository.load_board(session_id)
        finally:
            repository.close()
        text = board.cards[card_id].text
        # Every acknowledged word is there; what is there is exactly what was typed up to some keystroke.
        assert text.startswith(" ".join(WORDS[:acknowledged])), (where, acknowledged, text)
        assert PHRASE.startswith(text), (where, text)
        # Nothing else changed: earlier runs' cards keep their words, the other cards theirs, nothing was added.
        for earlier, words in finished.items():
            assert board.cards[earlier].text == words, where
        for other in others.values():
            assert board.cards[other.id] == other, where
        assert set(board.cards) == set(card_ids) | set(others) and not board.connectors, where
        finished[card_id] = text
    assert acknowledged_runs == RUNS
