"""The cloud-folder finding on fake homes built with each service's real places and marker files, and the one-time
warning through a real message box (shown once per folder, never under the start-up probe)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from couplecanvas.app.cloud_sync import (
    BOX,
    DROPBOX,
    GOOGLE_DRIVE,
    ICLOUD,
    LOCATION,
    MARKER,
    NEXTCLOUD,
    ONEDRIVE,
    SETTING,
    cloud_service_for,
    warn_once_if_synced,
)


@pytest.fixture
def home(tmp_path) -> Path:
    folder = tmp_path / "home" / "therapist"
    folder.mkdir(parents=True)
    return folder


def data_in(base: Path, *parts: str) -> Path:
    folder = base.joinpath(*parts, "CoupleCanvas")
    folder.mkdir(parents=True)
    return folder


@pytest.mark.parametrize(("place", "service"), [
    (("Dropbox",), DROPBOX),
    (("Dropbox (Personal)",), DROPBOX),
    (("Library", "CloudStorage", "Dropbox"), DROPBOX),
    (("OneDrive",), ONEDRIVE),
    (("OneDrive - Riverside Counselling",), ONEDRIVE),
    (("Library", "CloudStorage", "OneDrive-Personal"), ONEDRIVE),
    (("Library", "Mobile Documents", "com~apple~CloudDocs"), ICLOUD),
    (("iCloudDrive",), ICLOUD),
    (("Google Drive",), GOOGLE_DRIVE),
    (("My Drive",), GOOGLE_DRIVE),
    (("Library", "CloudStorage", "GoogleDrive-therapist@example.org", "My Drive"), GOOGLE_DRIVE),
    (("Box",), BOX),
    (("Nextcloud",), NEXTCLOUD),
])
def test_a_folder_in_a_services_usual_place_is_recognised(home, place, service):
    folder = data_in(home, *place, "Practice")
    found = cloud_service_for(folder, home, environ={})
    assert found is not None and found.service == service and found.how == LOCATION
    assert folder.is_relative_to(found.folder) and found.evidence.startswith("~")


def test_the_place_is_matched_without_regard_to_case(home):
    found = cloud_service_for(data_in(home, "dropbox"), home, environ={})
    assert found is not None and found.service == DROPBOX


@pytest.mark.parametrize(("marker", "is_folder", "service"), [
    (".dropbox", False, DROPBOX),
    (".dropbox.cache", True, DROPBOX),
    (".849C9593-D756-4E56-8D6E-42412F2A707B", False, ONEDRIVE),
    (".tmp.drivedownload", True, GOOGLE_DRIVE),
    (".tmp.driveupload", True, GOOGLE_DRIVE),
    (".sync_8d2f1a7c0b9e.db", False, NEXTCLOUD),
    ("._sync_8d2f1a7c0b9e.db", False, NEXTCLOUD),
    (".session notes.pdf.icloud", False, ICLOUD),
])
def test_a_marker_file_above_the_folder_names_its_service(tmp_path, home, marker, is_folder, service):
    synced = tmp_path / "volumes" / "Work files"  # a synced folder moved out of its usual place
    folder = data_in(synced, "clinic", "records")
    if is_folder:
        (synced / marker).mkdir()
    else:
        (synced / marker).write_bytes(b"")
    found = cloud_service_for(folder, home, environ={})
    assert found is not None
    assert (found.service, found.folder, found.how, found.evidence) == (service, synced, MARKER, marker)


@pytest.mark.parametrize(("ini", "service"), [
    ("[.ShellClassInfo]\r\nIconResource=C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe,0\r\n", ONEDRIVE),
    ("[.ShellClassInfo]\r\nIconResource=C:\\Program Files\\Google\\Drive File Stream\\GoogleDriveFS.exe,27\r\n",
     GOOGLE_DRIVE),
    ("[.ShellClassInfo]\r\nIconResource=C:\\Program Files (x86)\\Dropbox\\Client\\Dropbox.exe,-2302\r\n", DROPBOX),
])
def test_a_windows_desktop_ini_naming_the_service_marks_its_folder(tmp_path, home, ini, service):
    synced = tmp_path / "D" / "Sync"
    folder = data_in(synced, "CoupleCanvas data")
    (synced / "desktop.ini").write_bytes(b"\xff\xfe" + ini.encode("utf-16-le"))  # as Windows writes it
    found = cloud_service_for(folder, home, environ={})
    assert found is not None and (found.service, found.folder, found.evidence) == (service, synced, "desktop.ini")


def test_dropbox_own_settings_name_a_folder_anywhere(tmp_path, home):
    synced = tmp_path / "elsewhere" / "Clinic share"
    folder = data_in(synced)
    (home / ".dropbox").mkdir()
    (home / ".dropbox" / "info.json").write_text(json.dumps(
        {"personal": {"path": str(home / "Dropbox"), "host": 1}, "business": {"path": str(synced), "host": 2}}))
    found = cloud_service_for(folder, home, environ={})
    assert found is not None and (found.service, found.folder, found.how) == (DROPBOX, synced, SETTING)


def test_onedrive_environment_variables_name_its_folder_on_windows(tmp_path, home):
    synced = tmp_path / "C" / "Users" / "therapist" / "OneDrive - Practice"
    folder = data_in(synced, "AppData")
    found = cloud_service_for(folder, home, environ={"OneDriveCommercial": str(synced)})
    assert found is not None and (found.service, found.how, found.evidence) == (ONEDRIVE, SETTING,
                                                                              "%OneDriveCommercial%")


def test_documents_synced_by_icloud_desktop_and_documents(home):
    folder = data_in(home, "Documents", "Practice")
    assert cloud_service_for(folder, home, environ={}) is None  # not unless iCloud Drive holds Documents
    (home / "Library" / "Mobile Documents" / "com~apple~CloudDocs" / "Documents").mkdir(parents=True)
    found = cloud_service_for(folder, home, environ={})
    assert found is not None and found.service == ICLOUD and found.folder == home / "Documents"


def test_a_link_into_a_synced_folder_is_followed(home):
    target = data_in(home, "Dropbox", "therapy")
    link = home / "practice-data"
    link.symlink_to(target, target_is_directory=True)
    found = cloud_service_for(link, home, environ={})
    assert found is not None and found.service == DROPBOX


def test_the_innermost_synced_folder_is_named(home):
    inner = home / "Dropbox" / "Shared" / "Sync"
    folder = data_in(inner)
    (inner / ".849C9593-D756-4E56-8D6E-42412F2A707B").write_bytes(b"")
    found = cloud_service_for(folder, home, environ={})
    assert found is not None and (found.service, found.folder) == (ONEDRIVE, inner)


def test_unrelated_folders_are_not_synced(tmp_path, home):
    for name in ("Dropbox", "OneDrive", "Google Drive"):
        (home / name).mkdir()
    (home / ".dropbox").mkdir()  # Dropbox's settings folder, in the home but not a synced folder
    (home / "Library" / "Mobile Documents").mkdir(parents=True)
    folder = data_in(home, ".local", "share")
    (folder / "notes about Dropbox.txt").write_text("not a marker")
    (folder.parent / "Icon\r").write_bytes(b"")  # any folder with a custom icon has one
    (folder.parent / "desktop.ini").write_text(
        "[.ShellClassInfo]\r\nIconResource=C:\\Windows\\system32\\imageres.dll,-3"
    )
    for unrelated in (folder, data_in(home, "Dropbox-old"), data_in(home, "Dropboxes"), data_in(tmp_path, "srv")):
        assert cloud_service_for(unrelated, home, environ={}) is None, unrelated


def test_a_folder_that_does_not_exist_yet_is_judged_by_its_place(home):
    assert cloud_service_for(home / "OneDrive" / "not yet made", home, environ={}).service == ONEDRIVE
    assert cloud_service_for(home / "not yet made", home, environ={}) is None


# -- the warning -------------------------------------------------------------------------------------------------------
def test_the_warning_is_shown_once_per_folder(qtbot, tmp_path, home, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox, QWidget

    from couplecanvas.app.settings import Settings

    monkeypatch.delenv("COUPLECANVAS_STARTUP_PROBE", raising=False)
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    folder = data_in(home, "Dropbox", "Apps")
    settings = Settings(tmp_path / "settings.ini")
    box = warn_once_if_synced(parent, settings, folder, home=home)
    assert isinstance(box, QMessageBox) and box.isVisible()  # open, and the call came back: nothing waits on it
    words = box.text() + box.informativeText()
    for expected in ("Dropbox", str(folder), str(home / "Dropbox"), "servers", "damage", "COUPLECANVAS_DATA_DIR",
                     "--database"):
        assert expected in words, expected
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=2000)

    again = Settings(tmp_path / "settings.ini")  # the next start reads the same settings file
    assert warn_once_if_synced(parent, again, folder, home=home) is None
    assert not [b for b in parent.findChildren(QMessageBox) if b.isVisible()]

    other = data_in(home, "OneDrive")
    second = warn_once_if_synced(parent, again, other, home=home)
    assert second is not None and "OneDrive" in second.text()
    second.close()


def test_an_unsynced_folder_and_the_startup_probe_show_nothing(qtbot, tmp_path, home, monkeypatch):
    from PySide6.QtWidgets import QMessageBox, QWidget

    from couplecanvas.app.settings import Settings

    parent = QWidget()
    qtbot.addWidget(parent)
    settings = Settings(tmp_path / "settings.ini")
    monkeypatch.delenv("COUPLECANVAS_STARTUP_PROBE", raising=False)
    assert warn_once_if_synced(parent, settings, data_in(home, "Practice"), home=home) is None
    monkeypatch.setenv("COUPLECANVAS_STARTUP_PROBE", "20000")
    assert warn_once_if_synced(parent, settings, data_in(home, "Dropbox"), home=home) is None
    assert not parent.findChildren(QMessageBox) and settings.cloud_warned_for == ""


def test_the_data_folder_or_the_database_folder_may_be_the_synced_one(qtbot, tmp_path, home, monkeypatch):
    from PySide6.QtWidgets import QWidget

    from couplecanvas.app.settings import Settings

    monkeypatch.delenv("COUPLECANVAS_STARTUP_PROBE", raising=False)
    parent = QWidget()
    qtbot.addWidget(parent)
    settings = Settings(tmp_path / "settings.ini")
    database_folder = data_in(home, "Google Drive", "clinic")
    box = warn_once_if_synced(parent, settings, data_in(home, "local"), database_folder, home=home)
    assert box is not None and "Google Drive" in box.windowTitle()
    assert settings.cloud_warned_for == str(database_folder)
    box.close()

