"""The one owner of what is open: the repository, the couple, the session and its board (document and scene).

Every window and panel observes this object through its signals; none of them holds the session's state or reaches
into another window. That is what lets two windows (the therapist's and the shared one) show one session: two views
on the one scene kept here.

What a shared screen may show is decided by `domain/privacy.py`; this object only says when it applies: in share
mode (the whole screen is shared) and always in the share window.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from couplecanvas.domain.activity import Action
from couplecanvas.domain.couple import Couple, PartnerRole
from couplecanvas.domain.privacy import ScreenWords, couple_as_shown, session_label
from couplecanvas.domain.session import Session
from couplecanvas.storage.errors import StorageError

if TYPE_CHECKING:
    from couplecanvas.canvas import BoardScene
    from couplecanvas.document import BoardDocument
    from couplecanvas.domain.homework import HomeworkLibrary
    from couplecanvas.storage.store import Store

log = logging.getLogger(__name__)


class Page:
    """What the therapist has in the centre of the main window; the share window shows the same (nothing else)."""

    NONE = "none"
    BOARD = "board"
    HANDOUT = "handout"
    STORY = "story"


class SessionController(QObject):
    """Owns the open couple, session, board document and scene; says what changed; decides nothing about widgets."""

    repository_opened = Signal()
    """The database is open: couples can be listed."""
    repository_failed = Signal(str)
    """The database could not be opened; the message says why."""
    couple_opened = Signal()
    """Another couple is open (or none is)."""
    couple_changed = Signal()
    """The open couple's names, aliases or positions changed."""
    session_closing = Signal()
    """The open session is about to close: let go of its scene now (shared screens go neutral first)."""
    session_opened = Signal()
    """A session is open: `session`, `document` and `scene` are set."""
    session_closed = Signal()
    """No session is open any more."""
    session_changed = Signal()
    """The open session's details changed (its next appointment)."""
    library_changed = Signal()
    """The homework library (the therapist's words over the built-in exercises) changed."""
    homework_changed = Signal()
    """The open session's homework changed."""
    share_mode_changed = Signal(bool)
    """Share mode was switched on (True) or off: the whole screen may be seen by others."""
    blank_changed = Signal(bool)
    """The shared screen was blanked (True) or brought back."""
    page_changed = Signal(str)
    """The therapist shows another page in the centre (a `Page` value)."""
    handout_changed = Signal(bytes)
    """The handout preview shows these PDF bytes now (empty: none)."""
    saved = Signal()
    """The board's changes were written."""
    save_failed = Signal(str)
    """A change could not be written; the message says why (for the therapist's window only)."""
    save_waiting = Signal(str)
    """Another program holds the database's write lock: the changes wait in memory and are saved once it is free (the
    message says so calmly; said once per wait)."""
    storage_failed = Signal(str)
    """The database could not be read; the message says why (for the therapist's window only)."""
    storage_recovered = Signal()
    """The database could be read again after a failure."""
    locked_changed = Signal(bool)
    """The app was locked (True): every window covers its content; or unlocked."""

    def __init__(self, open_repository: Callable[[], Store], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._open_repository = open_repository
        self.repository: Store | None = None
        self.library: HomeworkLibrary | None = None
        self.couple: Couple | None = None
        self.session: Session | None = None
        self.document: BoardDocument | None = None
        self.scene: BoardScene | None = None
        self.share_mode = False
        self.blanked = False
        self.page = Page.NONE
        self.handout_pdf = b""
        self._shared_words: tuple[Couple, ScreenWords] | None = None  # the aliasing words, made for this couple
        self._savers: list[Callable[[], bool]] = []
        self._failing = False  # the last read failed
        self._locked = False

    # -- the database --------------------------------------------------------------------------------------------------
    def open(self) -> bool:
        """Open the database (once); False, after `repository_failed`, when it cannot be opened."""
        try:
            self.repository = self._open_repository()
        except StorageError as error:
            log.error("could not open the database: %s", error)
            self.repository_failed.emit(str(error))
            return False
        self.repository_opened.emit()
        return True

    def close(self) -> None:
        """Let the database go (the app is closing); the open session must have been closed first."""
        if self.repository is not None:
            self.repository.close()
            self.repository = None

    def read(self, what: Callable[[Store], object]):
        """Run one read on the repository; a failure is announced (`storage_failed`) and raised again."""
        if self.repository is None:
            raise StorageError("The database is not open.")
        try:
            result = what(self.repository)
        except StorageError as error:
            log.error("could not read the database: %s", error)
            self._failing = True
            self.storage_failed.emit(str(error))
            raise
        if self._failing:
            self._failing = False
            self.storage_recovered.emit()
        return result

    def set_library(self, library: HomeworkLibrary) -> None:
        """Use this homework library from now on."""
        self.library = library
        self.library_changed.emit()

    # -- the lock ------------------------------------------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        """The app is locked: every window covers its content until the therapist unlocks it."""
        return self._locked

    def lock(self) -> bool:
        """Save everything, then lock: every window covers its content. False if something could not be written (the
        app locks all the same: what waits is kept in memory and tried again, as after any failed save)."""
        if self._locked:
            return True
        saved = self.save_open_session()
        if not saved:
            log.warning("locking with changes not yet written (session %s)", self.session.id if self.session else None)
        self._locked = True
        self._record(Action.LOCK)
        log.info("locked")
        self.locked_changed.emit(True)
        return saved

    def unlock(self) -> None:
        """Bring every window's content back (the caller has checked the passphrase or the keyring)."""
        if not self._locked:
            return
        self._locked = False
        self._record(Action.UNLOCK)
        log.info("unlocked")
        self.locked_changed.emit(False)

    def record_failed_unlock(self) -> None:
        """A wrong passphrase was given on the lock screen: the activity log keeps it."""
        self._record(Action.UNLOCK_FAILED)

    def _record(self, action: Action) -> None:
        """One line of the activity log, for the open couple (the log never raises)."""
        if self.repository is not None:
            self.repository.record_activity(action, self.couple.id if self.couple is not None else None)

    # -- what others may see -------------------------------------------------------------------------------------------
    @property
    def aliases_on_screen(self) -> bool:
        """The therapist's window shows aliases in place of first names (share mode, or the couple's own choice)."""
        return self.share_mode or bool(self.couple and self.couple.use_aliases)

    def shown_couple(self, shared: bool = False) -> Couple | None:
        """The open couple as a screen shows it (a copy, for showing only): the shared window always uses aliases."""
        if self.couple is None:
            return None
        return couple_as_shown(self.couple, shared or self.aliases_on_screen)

    def names(self, shared: bool = False) -> dict[PartnerRole, str]:
        """Each partner's name as a screen shows it."""
        couple = self.shown_couple(shared)
        return {} if couple is None else {role: couple.partner(role).first_name for role in PartnerRole}

    def screen_words(self, shared: bool = False) -> Callable[[str], str] | None:
        """How a screen turns the words on cards into the words shown (None: as typed): aliases in the share window
        and in share mode; in the therapist's own window otherwise the words stay as typed, so what is typed is seen."""
        if self.couple is None or not (shared or self.share_mode):
            return None
        if self._shared_words is None or self._shared_words[0] is not self.couple:
            self._shared_words = (self.couple, ScreenWords(self.couple))  # a renamed couple is a new object
        return self._shared_words[1]

    def session_label(self, session: Session | None = None) -> str:
        """A session's label on the therapist's screen: no title in share mode."""
        session = session or self.session
        return "" if session is None else session_label(session, not self.share_mode)

    def set_share_mode(self, on: bool) -> None:
        """The whole screen is (or is no longer) being shared."""
        if on != self.share_mode:
            self.share_mode = on
            self.share_mode_changed.emit(on)

    def set_blanked(self, on: bool) -> None:
        """Blank the shared screen now (True), or bring it back."""
        if on != self.blanked:
            self.blanked = on
            self.blank_changed.emit(on)

    def set_page(self, page: str) -> None:
        """The therapist shows this page in the centre of the main window."""
        if page != self.page:
            self.page = page
            self.page_changed.emit(page)

    def set_handout(self, pdf: bytes) -> None:
        """The handout preview shows these bytes now."""
        self.handout_pdf = pdf
        self.handout_changed.emit(pdf)

    # -- couples -------------------------------------------------------------------------------------------------------
    def list_couples(self) -> list[Couple]:
        """The couples a list may show: every one, or in share mode only the open couple."""
        if self.share_mode:
            return [self.couple] if self.couple is not None else []
        return self.read(lambda r: r.list_couples())

    def open_couple(self, couple_id: int | None) -> bool:
        """Close the open session and make another couple the open one; False if the session could not be left."""
        if self.document is not None and not self.save_open_session():
            return False
        self.close_session()
        couple = self.read(lambda r: r.get_couple(couple_id)) if couple_id is not None else None
        self.couple = couple
        self.couple_opened.emit()
        return True

    def reload_couple(self) -> None:
        """Read the open couple again (after a rename) and say so."""
        if self.couple is None or self.couple.id is None:
            return
        couple_id = self.couple.id
        self.couple = self.read(lambda r: r.get_couple(couple_id))
        self.couple_changed.emit()

    def set_positions(self, chosen: Couple) -> None:
        """Keep the partners' positions in the cycle as chosen (only the positions: names are never taken from
        `chosen`, which may be a copy made for showing)."""
        if self.couple is None:
            return
        couple = dataclasses.replace(
            self.couple,
            partner_a=dataclasses.replace(self.couple.partner_a, position=chosen.partner_a.position),
            partner_b=dataclasses.replace(self.couple.partner_b, position=chosen.partner_b.position),
        )
        self.repository.update_couple(couple)
        self.couple = couple
        self.couple_changed.emit()

    def list_sessions(self) -> list[Session]:
        """The open couple's sessions, newest first."""
        if self.couple is None:
            return []
        couple_id = self.couple.id
        return self.read(lambda r: r.list_sessions(couple_id))

    # -- the open session ----------------------------------------------------------------------------------------------
    def add_saver(self, save: Callable[[], bool]) -> None:
        """Something else that must be written before a session is left (private notes, review notes)."""
        self._savers.append(save)

    def open_session(self, session_id: int, partner_colours: dict[PartnerRole, str] | None = None) -> bool:
        """Open one of the open couple's sessions: its board document and the one scene every window shows."""
        from couplecanvas.canvas import BoardScene
        from couplecanvas.document import BoardDocument

        if self.session is not None and self.session.id == session_id:
            return True
        if self.document is not None and not self.save_open_session():
            return False
        try:  # read first: a session that cannot be read leaves the open one open, as it was
            session = self.read(lambda r: r.get_session(session_id))
            board = self.read(lambda r: r.load_board(session_id))
        except StorageError:
            return False
        if self.couple is None or session.couple_id != self.couple.id:
            log.error("session %s is not one of the open couple's", session_id)
            return False
        self.close_session()
        self.session = session
        self.document = BoardDocument(board, saver=self.repository, parent=self)
        self.document.saved.connect(self.saved)
        self.document.save_failed.connect(self.save_failed)
        self.document.save_waiting.connect(self.save_waiting)
        colours = partner_colours or {role: self.couple.partner(role).colour for role in PartnerRole}
        self.scene = BoardScene(self.document, colours, self)
        self.session_opened.emit()
        return True

    def save_open_session(self) -> bool:
        """Write every pending change of the open session; False if something could not be written."""
        if self.scene is not None:
            self.scene.finish_editing()
        ok = self.document.flush() if self.document is not None else True
        for save in self._savers:
            ok = save() and ok
        return ok

    def close_session(self) -> None:
        """Let the open session go (after save_open_session): shared screens go neutral before anything changes."""
        if self.session is None and self.document is None:
            return
        self.session_closing.emit()
        self.set_handout(b"")
        self.set_page(Page.NONE)
        scene, document = self.scene, self.document
        self.scene = self.document = self.session = None
        if scene is not None:
            scene.finish_editing()
            scene.deleteLater()
        if document is not None:
            document.deleteLater()
        self.session_closed.emit()

    def update_session(self, changed: Session) -> None:
        """Store the open session's changed details (raises StorageError) and say so."""
        self.repository.update_session(changed)
        self.session = changed
        self.session_changed.emit()
