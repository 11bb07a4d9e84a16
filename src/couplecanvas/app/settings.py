"""The one typed settings object. No other module touches QSettings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings


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

    def sync(self) -> None:
        self._store.sync()
