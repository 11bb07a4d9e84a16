"""The child processes of the crash tests, killed with SIGKILL at random moments by the parent test.

Run as `python crash_child.py`, it imports the app's storage once and then waits on stdin for orders; each order
forks a fresh child (the waiting process has no threads, so forking is safe) and answers with its pid. Each child
opens the database itself, as the app does at start, and reports in its own report file, one line per event written
with os.write (no buffer: a line in the file was written before the kill):

`edits DB START REPORT`: numbered edits through the app's own save path (Repository.save_board_changes, as the session
controller's autosave calls it); edit n writes two cards and the arrow between them in one transaction and moves the
counter card to n. The number is reported once its transaction has committed.

`migrate DB REPORT`: open_database on an old file, reporting each migration step as Alembic finishes it.
"""

from __future__ import annotations

import os
import sys
import time

from couplecanvas.domain.board import Card, Connector
from couplecanvas.storage import database as database_module
from couplecanvas.storage.database import open_database, sqlite_url
from couplecanvas.storage.repository import Repository

SESSION_ID = 1


def _reporter(report: str):
    fd = os.open(report, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    return lambda line: os.write(fd, f"{line}\n".encode())


def edits(path: str, start: int, report: str) -> None:
    say = _reporter(report)
    repository = Repository(open_database(sqlite_url(path)))
    say("ready")
    number = start
    while True:
        first = Card(text=f"edit {number} first", x=number, y=0, id=f"a{number}")
        second = Card(text=f"edit {number} second", x=number, y=100, id=f"b{number}")
        counter = Card(text=str(number), x=0, y=-100, id="counter")
        arrow = Connector(first.id, second.id, label=f"edit {number}", id=f"k{number}")
        repository.save_board_changes(SESSION_ID, cards=[first, second, counter], connectors=[arrow])
        say(number)
        number += 1


def migrate(path: str, report: str) -> None:
    say = _reporter(report)

    def step(*_args, **_kwargs) -> None:
        say("step")
        time.sleep(0.01)

    database_module._upgrade = lambda engine: database_module.migrate(engine.url, "head", on_version_apply=step)
    say("ready")
    open_database(sqlite_url(path)).dispose()
    say("done")


def serve() -> None:
    print("waiting", flush=True)
    for order in sys.stdin:
        words = order.split()
        pid = os.fork()
        if pid == 0:
            try:
                if words[0] == "edits":
                    edits(words[1], int(words[2]), words[3])
                else:
                    migrate(words[1], words[2])
            finally:
                os._exit(0)
        print(pid, flush=True)
        os.waitpid(pid, 0)  # killed by the parent; reaped here before the next order
        print("reaped", flush=True)


if __name__ == "__main__":
    serve()
