"""Locking after idle minutes, and at once from the lock key: File > Lock now, and File > Lock after….

One application-wide event filter watches real input (keys, clicks, the wheel, a pen, touch): each restarts the idle
timer, and when it runs out the session controller locks (it saves everything first). While the app is locked the
same filter lets input reach only the lock screen: every key, click and shortcut meant for anything else is dropped,
so nothing behind the cover can be changed, exported or printed (Ctrl+E does nothing).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from couplecanvas.canvas import keys
from couplecanvas.ui.session_controller import SessionController

log = logging.getLogger(__name__)

LOCK_AFTER_CHOICES = (0, 5, 10, 15, 30, 60)
"""The idle minutes offered in File > Lock after… (0: never)."""

_T = QEvent.Type
INPUT = frozenset({
    _T.KeyPress, _T.MouseButtonPress, _T.MouseButtonDblClick, _T.Wheel, _T.TabletPress, _T.TabletMove,
    _T.TouchBegin, _T.TouchUpdate, _T.NativeGesture,
})
"""Events that mean a person is at the computer (a mouse move counts too when it comes from the system)."""
BLOCKED_WHILE_LOCKED = INPUT | frozenset({
    _T.KeyRelease, _T.ShortcutOverride, _T.Shortcut, _T.MouseButtonRelease, _T.MouseMove, _T.TabletRelease,
    _T.TouchEnd, _T.ContextMenu, _T.InputMethod, _T.ToolTip, _T.WhatsThis, _T.DragEnter, _T.DragMove, _T.Drop,
})
"""Input that, while locked, reaches nothing but the lock screen."""


def lock_keys() -> list[QKeySequence]:
    """The lock key, from the one table of key bindings."""
    return [QKeySequence(sequence) for sequence in keys.binding("lock").sequences]


class IdleLock(QObject):
    """Locks the session controller after `settings.lock_minutes` minutes without input (0: never), and keeps all
    input but the lock screen's out while it is locked."""

    def __init__(self, controller: SessionController, settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._settings = settings
        self._open_to: list[QWidget] = []
        self._armed = False  # the timer counts idle time (minutes set, not locked)
        self.timer = QTimer(self)
        """Runs out after the idle minutes; every real input starts it again."""
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.VeryCoarseTimer)  # a second either way is no matter over minutes
        self.timer.timeout.connect(self._on_idle)
        controller.locked_changed.connect(lambda _locked: self._restart())
        self._app = QApplication.instance()
        self._app.installEventFilter(self)
        self._restart()

    @property
    def minutes(self) -> int:
        """Idle minutes before the app locks (0: never)."""
        return self._settings.lock_minutes

    def set_minutes(self, minutes: int) -> None:
        """Lock after this many idle minutes from now on (0: never); kept in the settings."""
        self._settings.lock_minutes = minutes
        log.info("lock after %d idle minutes", self._settings.lock_minutes)
        self._restart()

    def allow_input(self, widget: QWidget) -> None:
        """Let input reach this widget (a lock screen) and its children while the app is locked."""
        self._open_to.append(widget)

    def stop(self) -> None:
        """Stop watching (the window is closing): no more locking, and no input is held back any longer."""
        self.timer.stop()
        self._app.removeEventFilter(self)

    def _restart(self) -> None:
        minutes = self.minutes
        self._armed = bool(minutes) and not self._controller.locked
        if self._armed:
            self.timer.start(minutes * 60_000)
        else:
            self.timer.stop()

    def _on_idle(self) -> None:
        if self._controller.repository is None:  # nothing on screen to hide yet (the start-up unlock may be waiting)
            self._restart()
            return
        if not self._controller.locked:
            log.info("locking after %d idle minutes", self.minutes)
            self._controller.lock()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if self._controller.locked:
            return kind in BLOCKED_WHILE_LOCKED and not self._is_open(watched)
        if (kind in INPUT or (kind == _T.MouseMove and event.spontaneous())) and self._armed:
            self.timer.start()
        return False

    def _is_open(self, watched: QObject) -> bool:
        if not isinstance(watched, QWidget):
            # A window (QWindow) hands its input on to the widget it is for, which is checked then; a shortcut's
            # receiver is an action or a shortcut, and none may fire while locked.
            return watched.isWindowType()
        return any(widget is watched or widget.isAncestorOf(watched) for widget in self._open_to)


class LockActions(QObject):
    """File > Lock now (the lock key, from either window) and File > Lock after… (Never, 5 … 60 minutes)."""

    def __init__(self, controller: SessionController, idle: IdleLock, parent: QObject) -> None:
        super().__init__(parent)
        self._idle = idle
        self.lock_action = QAction(self.tr("Lock now"), parent)
        self.lock_action.setObjectName("lock_now")
        self.lock_action.setShortcuts(lock_keys())
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)  # from the share window too
        self.lock_action.setToolTip(self.tr("Save everything and cover every window until the passphrase is given"))
        self.lock_action.triggered.connect(controller.lock)
        self._group = QActionGroup(self)
        self._group.setExclusive(True)
        self.minute_actions: dict[int, QAction] = {}
        for minutes in LOCK_AFTER_CHOICES:
            text = self.tr("Never") if minutes == 0 else self.tr("After {n} minutes").format(n=minutes)
            action = QAction(text, self._group)
            action.setCheckable(True)
            action.setChecked(minutes == idle.minutes)
            action.triggered.connect(lambda _on=False, m=minutes: self._idle.set_minutes(m))
            self.minute_actions[minutes] = action

    def menu(self, parent: QWidget) -> QMenu:
        """The Lock after… submenu."""
        menu = QMenu(self.tr("Lock after…"), parent)
        menu.setObjectName("lock_after_menu")
        menu.addActions(list(self.minute_actions.values()))
        return menu
