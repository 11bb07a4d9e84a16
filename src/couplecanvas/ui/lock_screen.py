"""The lock screen: a neutral cover over every window while the app is locked, and the way back in.

The therapist's window is covered whole (menus, toolbars, panels and the board) by a `LockScreen` that asks for the
passphrase; the share window shows a cover that only says "Paused" (it is the couple's screen: nobody unlocks there).
Every other window of ours (dialogs, popups, tooltips) is hidden while locked and shown again on unlock. The cover
names nobody and shows no data, and the main window's title becomes just the app's name.

The passphrase is checked against the open database's key file (`storage.cipher`); the key this computer's keyring
remembers (`storage.keychain`) also unlocks. With no passphrase set, the Unlock button alone brings the view back.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QDialog,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from couplecanvas.storage import cipher, keychain
from couplecanvas.storage.errors import KeyFileError, StorageError, WrongPassphraseError
from couplecanvas.ui.session_controller import SessionController

log = logging.getLogger(__name__)

APP_NAME = "Couple Canvas"
MAX_TRIES = 5
"""Wrong passphrases in a row before the app closes (everything was saved when it locked)."""


class Unlocker:
    """The check that lets the therapist back in: the passphrase (or the recovery key) against the open database's
    key, or the key this computer's keyring remembers; with no passphrase set, nothing to check."""

    def __init__(self, controller: SessionController) -> None:
        self._controller = controller
        self.failures = 0
        """Wrong passphrases since the app was last unlocked."""

    @property
    def path(self) -> Path | None:
        """The open SQLite file (None for a server, or while nothing is open)."""
        database = getattr(self._controller.repository, "database", None)
        return getattr(database, "path", None)

    @property
    def _open_key(self) -> bytes | None:
        database = getattr(self._controller.repository, "database", None)
        return getattr(database, "key", None)

    @property
    def tries_left(self) -> int:
        return max(0, MAX_TRIES - self.failures)

    def needs_passphrase(self) -> bool:
        """A passphrase protects the open database, so it is asked for here."""
        path = self.path
        return path is not None and cipher.has_passphrase(path)

    def keyring_unlocks(self) -> bool:
        """This computer's keyring remembers the open database's key."""
        path = self.path
        if path is None or not self.needs_passphrase():
            return False
        remembered = keychain.recall(path)  # never raises: no keyring, or a failing one, holds nothing
        return remembered is not None and self._is_open_key(remembered)

    def check(self, text: str) -> bool:
        """True if the text is the open database's passphrase, or its recovery key. KeyFileError (naming the file)
        when the key file cannot be read and the text is not the recovery key."""
        path = self.path
        if path is None or not self.needs_passphrase():
            return True
        try:
            key = cipher.unlock(path, text)
        except WrongPassphraseError:
            return self._is_recovery_key(text)
        except KeyFileError:
            if self._is_recovery_key(text):
                return True
            raise
        return self._is_open_key(key)

    def _is_recovery_key(self, text: str) -> bool:
        open_key = self._open_key
        if open_key is None:
            return False
        try:
            return hmac.compare_digest(cipher.parse_recovery_key(text), open_key)
        except WrongPassphraseError:
            return False

    def _is_open_key(self, key: bytes) -> bool:
        open_key = self._open_key
        return open_key is None or hmac.compare_digest(key, open_key)


class LockScreen(QWidget):
    """The neutral cover: the app's name and "Locked" with the way back in, or (on the couple's screen) "Paused"."""

    unlock_requested = Signal()
    """The passphrase (or the keyring, or no passphrase at all) let the therapist back in."""
    unlock_failed = Signal()
    """A wrong passphrase was given."""
    gave_up = Signal()
    """The passphrase was wrong too many times: the app should close."""

    def __init__(self, unlocker: Unlocker | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lock_screen" if unlocker is not None else "paused_screen")
        self._unlocker = unlocker
        # The theme's own window colours: calm in light, dark and high contrast alike.
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Window)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        name = QLabel(APP_NAME)
        name.setObjectName("lock_app_name")
        state = QLabel(self.tr("Locked") if unlocker is not None else self.tr("Paused"))
        state.setObjectName("lock_state")
        for label in (name, state):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("lock_passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("Passphrase"))
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.passphrase.setMinimumWidth(320)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setObjectName("lock_unlock")
        self.keyring_button = QPushButton(self.tr("Unlock with this computer's keyring"))
        self.keyring_button.setObjectName("lock_keyring")
        self.hint = QLabel()
        self.hint.setObjectName("lock_hint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel()
        self.message.setObjectName("lock_message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._scaled = ((name, 1.3, False), (state, 2.2, True), (self.message, 1.1, True))
        self._scale_fonts()
        for widget in (self.passphrase, self.unlock_button, self.keyring_button):
            widget.setMinimumHeight(36)  # easy to hit and to read, at any text size
        self.unlock_button.setMinimumWidth(160)
        if unlocker is not None:
            layout.addSpacing(24)
            for widget in (self.passphrase, self.unlock_button, self.keyring_button):
                row = QHBoxLayout()
                row.addStretch()
                row.addWidget(widget)
                row.addStretch()
                layout.addLayout(row)
            for label in (self.message, self.hint):
                row = QHBoxLayout()
                row.addStretch(1)
                row.addWidget(label, 3)
                row.addStretch(1)
                layout.addLayout(row)
        layout.addStretch(3)
        self.passphrase.returnPressed.connect(self._try_passphrase)
        self.unlock_button.clicked.connect(self._try_passphrase)
        self.keyring_button.clicked.connect(self._try_keyring)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._scale_fonts()  # large text switched on or off: the headings grow with it

    def _scale_fonts(self) -> None:
        for label, factor, bold in self._scaled:
            font = QFont(self.font())
            font.setPointSizeF(font.pointSizeF() * factor)
            font.setBold(bold)
            label.setFont(font)

    def prepare(self) -> None:
        """Show the way back in that fits the open database (called as the app locks)."""
        unlocker = self._unlocker
        if unlocker is None:
            return
        unlocker.failures = 0
        self.passphrase.clear()
        self.message.clear()
        asks = unlocker.needs_passphrase()
        self.passphrase.setVisible(asks)
        self.keyring_button.setVisible(unlocker.keyring_unlocks())
        if asks:
            self.hint.setText(self.tr("Type your passphrase (or your recovery key) and press Enter."))
        else:
            self.hint.setText(self.tr("No passphrase is set, so Unlock alone brings your work back. With a passphrase "
                                      "(File > Set a passphrase…), it would be asked here."))
        self.unlock_button.setDefault(not asks)

    def focus(self) -> None:
        """Give the keyboard to the passphrase field (or the Unlock button)."""
        target = self.passphrase if self.passphrase.isVisible() else self.unlock_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _try_passphrase(self) -> None:
        unlocker = self._unlocker
        if unlocker is None:
            return
        passphrase = self.passphrase.text()
        self.passphrase.clear()  # never kept on screen or in the field longer than the check
        if not passphrase and unlocker.needs_passphrase():
            self.message.setText(self.tr("Type your passphrase first."))  # an Enter pressed by chance costs no try
            return
        try:
            right = unlocker.check(passphrase)
        except StorageError as error:  # the key file cannot be read: no try is counted against the therapist
            log.error("the key file could not be read while locked: %s", type(error).__name__)
            self.message.setText(str(error))
            return
        if right:
            self.message.clear()
            self.unlock_requested.emit()
            return
        unlocker.failures += 1
        left = unlocker.tries_left
        log.warning("a wrong passphrase on the lock screen (%s tries left)", left)
        self.unlock_failed.emit()
        if left == 0:
            self.message.setText(self.tr("The passphrase was not right {n} times. Couple Canvas closes now; "
                                         "everything was saved.").format(n=MAX_TRIES))
            self.gave_up.emit()
        elif left == 1:
            self.message.setText(self.tr("The passphrase is not right. One try left."))
        else:
            self.message.setText(self.tr("The passphrase is not right. {n} tries left.").format(n=left))

    def _try_keyring(self) -> None:
        if self._unlocker is not None and self._unlocker.keyring_unlocks():
            self.unlock_requested.emit()
        else:
            self.keyring_button.hide()
            self.message.setText(self.tr("This computer's keyring no longer holds the key. Type your passphrase."))


class WindowLock(QObject):
    """Covers the therapist's window whole while the app is locked and hides every other window of ours (a window
    that covers itself, like the share window, says so with `covers_itself = True`); brings back exactly what was
    there on unlock."""

    def __init__(self, controller: SessionController, window: QMainWindow,
                 allow_input: Callable[[QWidget], None] | None = None) -> None:
        super().__init__(window)
        self._controller = controller
        self._window = window
        self.unlocker = Unlocker(controller)
        self.cover = LockScreen(self.unlocker, window)
        self.cover.hide()
        self.cover.unlock_requested.connect(controller.unlock)
        self.cover.unlock_failed.connect(controller.record_failed_unlock)
        self.cover.gave_up.connect(self._give_up)
        if allow_input is not None:
            allow_input(self.cover)
        self._title = ""
        self._hidden_content: list[tuple[QWidget, bool]] = []  # and whether its layout kept its room when hidden
        self._scrolled: list[tuple[QAbstractScrollArea, int, int]] = []
        self._hidden_windows: list[QWidget] = []  # shown again on unlock
        self._menu_enabled = True
        self._focus: QWidget | None = None
        window.installEventFilter(self)
        controller.locked_changed.connect(self._on_locked_changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if not self._controller.locked:
            return False
        kind = event.type()
        if watched is self._window:
            if kind == QEvent.Type.Resize:
                self.cover.setGeometry(self._window.rect())
            elif kind == QEvent.Type.WindowTitleChange and self._window.windowTitle() != APP_NAME:
                self._title = self._window.windowTitle()  # changed while locked: shown on unlock, not now
                self._window.setWindowTitle(APP_NAME)
            elif kind == QEvent.Type.ChildAdded:
                self.cover.raise_()
        elif kind == QEvent.Type.Show and isinstance(watched, QWidget) and self._hides(watched):
            # A window opened while locked (a message from a save that failed, say): nothing of it is painted, and
            # it goes once it has finished showing (hiding it in the middle of being shown would leave it half shown).
            watched.setUpdatesEnabled(False)
            QTimer.singleShot(0, lambda: self._hide_window(watched))
        return False

    def _hides(self, widget: QWidget) -> bool:
        """The widget is a window of ours that the lock hides (not this window, and not one that covers itself)."""
        return widget.isWindow() and widget is not self._window and not getattr(widget, "covers_itself", False)

    def _hide_window(self, window: QWidget) -> None:
        if not isValid(window) or not window.isVisible() or not self._controller.locked:
            return
        # A dialog running its own event loop (`exec`: application-modal) has that loop ended by hiding it, as if
        # cancelled; it is not shown again. Dialogs opened with `open()` and other windows come back as they were.
        waiting = isinstance(window, QDialog) and window.windowModality() == Qt.WindowModality.ApplicationModal
        popup = window.windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)
        if not waiting and not popup and window not in self._hidden_windows:
            self._hidden_windows.append(window)
        window.hide()
        window.setUpdatesEnabled(True)

    def _on_locked_changed(self, locked: bool) -> None:
        if locked:
            self._cover()
        else:
            self._uncover()

    def _cover(self) -> None:
        window = self._window
        app = QApplication.instance()
        self._focus = app.focusWidget() if app.activeWindow() is window else window.focusWidget()
        for grabber in (QWidget.mouseGrabber(), QWidget.keyboardGrabber()):
            if grabber is not None:
                grabber.releaseMouse()
                grabber.releaseKeyboard()
        QToolTip.hideText()
        for _ in range(8):  # a menu's submenu is a popup of its own
            popup = QApplication.activePopupWidget()
            if popup is None:
                break
            popup.close()
        self.cover.prepare()
        self.cover.setGeometry(window.rect())
        self.cover.show()
        self.cover.raise_()
        self._hidden_content = [(w, w.sizePolicy().retainSizeWhenHidden()) for w in self._content() if w.isVisible()]
        # Where each scrolled area was: a view shown again recomputes its scroll range (the board re-centres when the
        # scene is smaller than the view), so the same place is set back explicitly.
        self._scrolled = [(area, area.horizontalScrollBar().value(), area.verticalScrollBar().value())
                          for widget, _kept in self._hidden_content
                          for area in (widget, *widget.findChildren(QAbstractScrollArea))
                          if isinstance(area, QAbstractScrollArea)]
        for widget, _kept in self._hidden_content:  # out of sight, not merely covered: nothing of them is drawn or read
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)  # the layout keeps their room, so the same view comes back
            widget.setSizePolicy(policy)
            widget.hide()
        self._menu_enabled = window.menuBar().isEnabled()
        window.menuBar().setEnabled(False)
        self._title = window.windowTitle()
        window.setWindowTitle(APP_NAME)
        self._hidden_windows = []
        for other in app.topLevelWidgets():
            if other.isVisible() and self._hides(other):
                self._hide_window(other)
        app.installEventFilter(self)  # windows that open while locked are hidden too
        self.cover.repaint()  # the very next frame is the cover
        self.cover.focus()  # in an inactive window: the field has the keyboard as soon as the window is clicked
        log.info("covered the main window and hid %d other windows", len(self._hidden_windows))

    def _content(self) -> list[QWidget]:
        window = self._window
        docks = [dock.widget() for dock in window.findChildren(QDockWidget)
                 if dock.parent() is window and dock.widget() is not None]
        return [w for w in (window.centralWidget(), *docks, window.statusBar()) if w is not None]

    def _uncover(self) -> None:
        window = self._window
        QApplication.instance().removeEventFilter(self)
        for other in self._hidden_windows:
            if isValid(other):
                other.show()
        self._hidden_windows = []
        for widget, kept in self._hidden_content:
            if isValid(widget):
                widget.show()
                policy = widget.sizePolicy()
                policy.setRetainSizeWhenHidden(kept)
                widget.setSizePolicy(policy)
        self._hidden_content = []
        for area, x, y in self._scrolled:
            if isValid(area):
                area.horizontalScrollBar().setValue(x)
                area.verticalScrollBar().setValue(y)
        self._scrolled = []
        window.menuBar().setEnabled(self._menu_enabled)
        window.setWindowTitle(self._title or APP_NAME)
        self.cover.hide()
        self.cover.passphrase.clear()
        if self._focus is not None and isValid(self._focus) and self._focus.isVisible():
            self._focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focus = None

    def stop(self) -> None:
        """Stop watching (the window is closing): a closed window's lock hides nothing any more."""
        QApplication.instance().removeEventFilter(self)
        self._window.removeEventFilter(self)

    def _give_up(self) -> None:
        """Too many wrong passphrases: close the app (what was typed was saved when it locked); it stays covered."""
        log.warning("closing after %d wrong passphrases", MAX_TRIES)
        self._hidden_windows = []
        self._window.close()

