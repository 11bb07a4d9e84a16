"""Writes the activity log (domain/activity.py) for what the app reports: the database and couples opened, and the
share window's sessions; `record` is the one call every export, print and import uses. (The lock, the unlock and a
failed unlock are recorded by the session controller itself, where they happen.)"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from couplecanvas.domain.activity import Action, base_name
from couplecanvas.ui.session_controller import SessionController

if TYPE_CHECKING:
    from couplecanvas.ui.share_actions import ShareActions

log = logging.getLogger(__name__)

OPEN_COUPLE = object()
"""`record`'s default couple: the one open now (None when none is)."""


def record(controller: SessionController, action: Action, file_name: str | None = None,
           couple_id: int | None | object = OPEN_COUPLE) -> None:
    """Add a line to the open database's activity log: the open couple's id (unless another is given) and the file's
    base name. Never raises; with no database open it is not written (and logged by the action's name)."""
    if couple_id is OPEN_COUPLE:
        couple_id = controller.couple.id if controller.couple is not None else None
    repository = controller.repository
    if repository is None:
        log.warning("%s not recorded: no database is open", action.value)
        return
    repository.record_activity(action, couple_id, base_name(file_name))


class ActivityRecorder(QObject):
    """Observes the session controller (and the sharing actions) and records opens and share-window sessions.

    `note` takes a line asked for before the database is open (a wrong passphrase at start): it waits, with its time,
    and is written as soon as the database opens."""

    def __init__(self, controller: SessionController, share: ShareActions | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent or controller)
        self._controller = controller
        self._waiting: list[tuple[Action, int | None, str | None, dt.datetime]] = []
        controller.repository_opened.connect(self._on_repository_opened)
        controller.couple_opened.connect(self._on_couple_opened)
        if share is not None:
            share.share_window_shown.connect(self._on_share_window_shown)

    def note(self, action: Action, couple_id: int | None = None, file_name: str | None = None) -> None:
        """Record now if the database is open, else as soon as it opens (with the time it happened)."""
        repository = self._controller.repository
        if repository is None:
            self._waiting.append((action, couple_id, base_name(file_name), dt.datetime.now(dt.UTC)))
            return
        repository.record_activity(action, couple_id, base_name(file_name))

    def _open_couple(self) -> int | None:
        couple = self._controller.couple
        return couple.id if couple is not None else None

    def _on_repository_opened(self) -> None:
        repository = self._controller.repository
        if repository is None:
            return
        database = getattr(repository, "database", None)
        path = getattr(database, "path", None)  # None for a database on a server
        repository.record_activity(Action.OPEN, None, path.name if path is not None else None)
        waiting, self._waiting = self._waiting, []
        for action, couple_id, file_name, at in waiting:
            repository.record_activity(action, couple_id, file_name, at=at)

    def _on_couple_opened(self) -> None:
        couple_id = self._open_couple()
        if couple_id is not None:
            self.note(Action.OPEN, couple_id)

    def _on_share_window_shown(self, shown: bool) -> None:
        self.note(Action.SHARE_STARTED if shown else Action.SHARE_ENDED, self._open_couple())
