"""The one typed settings object. No other module touches QSettings."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSettings


class Settings:
    """Preferences and window state, kept in an INI file in the data folder (so a test's folder isolates them)."""

    def __init__(self, path: Path) -> None:
        self._store = QSettings(str(path), QSettings.Format.IniFormat)
        self.folder = Path(path).parent
        """The folder the settings file is in (the data folder)."""

    def _get(self, key: str, default, kind):
        value = self._store.value(key, default)
        try:
            return kind(value) if value is not None else default
        except (TypeError, ValueError):
            return default

    # -- preferences ---------------------------------------------------------------------------------------------------
    @property
    def show_private_notes(self) -> bool:
        return self._get("preferences/show_private_notes", "false", str) == "true"

    @show_private_notes.setter
    def show_private_notes(self, value: bool) -> None:
        self._store.setValue("preferences/show_private_notes", "true" if value else "false")

    @property
    def theme(self) -> str:
        """The chosen theme: "system" (the default: follow the computer), "light", "dark" or "high_contrast"."""
        return self._get("preferences/theme", "system", str)

    @theme.setter
    def theme(self, value: str) -> None:
        self._store.setValue("preferences/theme", value)

    @property
    def large_text(self) -> bool:
        """Larger words in the app and on the board, for a shared screen."""
        return self._get("preferences/large_text", "false", str) == "true"

    @large_text.setter
    def large_text(self, value: bool) -> None:
        self._store.setValue("preferences/large_text", "true" if value else "false")

    # -- privacy -------------------------------------------------------------------------------------------------------
    @property
    def lock_minutes(self) -> int:
        """Idle minutes before the app locks itself (0: never); 10 unless the therapist chose otherwise."""
        return max(0, min(240, self._get("privacy/lock_minutes", 10, int)))

    @lock_minutes.setter
    def lock_minutes(self, value: int) -> None:
        self._store.setValue("privacy/lock_minutes", max(0, min(240, int(value))))

    @property
    def passphrase_offered(self) -> bool:
        """The first-start offer of a passphrase was made (and taken or declined); it is not made again."""
        return self._get("privacy/passphrase_offered", "false", str) == "true"

    @passphrase_offered.setter
    def passphrase_offered(self, value: bool) -> None:
        self._store.setValue("privacy/passphrase_offered", "true" if value else "false")

    @property
    def cloud_warned_for(self) -> str:
        """The data folder the cloud-sync warning was last given for ("" if never): it is said once per folder."""
        return self._get("privacy/cloud_warned_for", "", str)

    @cloud_warned_for.setter
    def cloud_warned_for(self, value: str) -> None:
        self._store.setValue("privacy/cloud_warned_for", value)

    # -- window state --------------------------------------------------------------------------------------------------
    @property
    def last_couple_id(self) -> int | None:
        value = self._get("window/last_couple_id", 0, int)
        return value or None

    @last_couple_id.setter
    def last_couple_id(self, value: int | None) -> None:
        self._store.setValue("window/last_couple_id", value or 0)

    @property
    def last_session_id(self) -> int | None:
        value = self._get("window/last_session_id", 0, int)
        return value or None

    @last_session_id.setter
    def last_session_id(self, value: int | None) -> None:
        self._store.setValue("window/last_session_id", value or 0)

    @property
    def window_geometry(self) -> QByteArray | None:
        value = self._store.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self._store.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        value = self._store.value("window/state")
        return value if isinstance(value, QByteArray) else None

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._store.setValue("window/state", value)

    # -- the share window ----------------------------------------------------------------------------------------------
    @property
    def share_follows(self) -> bool:
        """The share window follows the therapist's zoom and pan (the default), or stays where it was put."""
        return self._get("share/follows", "true", str) != "false"

    @share_follows.setter
    def share_follows(self, value: bool) -> None:
        self._store.setValue("share/follows", "true" if value else "false")

    @property
    def share_window_screen(self) -> str:
        """The name of the screen the share window was last on ("" before it was first opened)."""
        return self._get("share/screen", "", str)

    @share_window_screen.setter
    def share_window_screen(self, value: str) -> None:
        self._store.setValue("share/screen", value)

    @property
    def share_window_rect(self) -> QRect | None:
        """Where the share window was last, on that screen."""
        value = self._store.value("share/rect")
        return value if isinstance(value, QRect) and value.isValid() else None

    @share_window_rect.setter
    def share_window_rect(self, value: QRect) -> None:
        self._store.setValue("share/rect", value)

    def sync(self) -> None:
        """Write the settings now; the file is the owner's alone (0600), whatever the umask."""
        self._store.sync()
        with contextlib.suppress(OSError):
            os.chmod(self._store.fileName(), 0o600)
