"""Is the data folder inside a folder that a cloud service syncs? Found from known locations and marker files.

Such a service copies the couple's records to its servers, out of reach of this computer's protection, and may upload
a database file half-written (or bring an older copy back over it), which can damage it. The app says so once per
folder (`warn_once_if_synced`); the finding itself is a plain function of the folder and a home folder, so tests build
fake homes with the real markers.

How each service is recognised (a folder counts when it is one of these or inside one):

Known locations, relative to the home folder (compared without regard to case):
- Dropbox: `Dropbox`, `Dropbox (<team>)`, `Library/CloudStorage/Dropbox*` (macOS File Provider); and the folder named
  as `path` under "personal"/"business" in Dropbox's own `info.json` (`~/.dropbox/info.json`; on Windows
  `%LOCALAPPDATA%/Dropbox/info.json` or `%APPDATA%/Dropbox/info.json`).
- OneDrive: `OneDrive`, `OneDrive - <organisation>`, `Library/CloudStorage/OneDrive-*` (macOS); on Windows the
  folders in the environment variables `OneDrive`, `OneDriveConsumer` and `OneDriveCommercial`.
- iCloud Drive: `Library/Mobile Documents` (iCloud Drive is its `com~apple~CloudDocs`; the app folders beside it sync
  too); `iCloudDrive` (iCloud for Windows); `Desktop` and `Documents` when iCloud Drive holds a `Desktop` or `Documents`
  folder ("Desktop & Documents Folders" is on).
- Google Drive: `Google Drive` (Backup and Sync), `My Drive`, `Library/CloudStorage/GoogleDrive-*` (macOS); and any
  `My Drive` at the top of a drive (Drive for desktop's `G:/My Drive` on Windows).
- Box: `Box`, `Box Sync`, `Library/CloudStorage/Box-Box`.
- Nextcloud and ownCloud: `Nextcloud`, `ownCloud`.

Marker files, looked for in the folder and each folder above it:
- `.dropbox` (a file) and `.dropbox.cache` (a folder): Dropbox puts both at the top of the folder it syncs. (A
  `.dropbox` folder is Dropbox's own settings in the home folder, no synced folder.)
- `.849C9593-D756-4E56-8D6E-42412F2A707B`: OneDrive's hidden file at the top of each synced library.
- `desktop.ini` naming OneDrive, Google Drive or Dropbox: Windows' folder settings, which these services write (with
  their icon) into the top of their folder.
- `.tmp.drivedownload`, `.tmp.driveupload`, `.shortcut-targets-by-id`: Google Drive for desktop's working folders.
- `.sync_*.db`, `._sync_*.db`: the sync journal of the Nextcloud and ownCloud clients.
- `.<name>.icloud`: iCloud Drive's stand-in for a file it has moved to its servers (macOS).

Not used: a macOS `Icon\\r` file. Dropbox and Google Drive put one there, but so does any folder with a custom icon, so
on its own it would warn about folders that no service syncs.
"""

from __future__ import annotations

import fnmatch
import json
import logging
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath

log = logging.getLogger(__name__)

DROPBOX = "Dropbox"
ONEDRIVE = "OneDrive"
ICLOUD = "iCloud Drive"
GOOGLE_DRIVE = "Google Drive"
BOX = "Box"
NEXTCLOUD = "Nextcloud or ownCloud"

LOCATION = "location"
"""Recognised because the folder is in the service's usual place (`evidence`: that place, relative to home)."""
MARKER = "marker"
"""Recognised by a file the service keeps in the folder it syncs (`evidence`: the file's name)."""
SETTING = "setting"
"""Recognised from the service's own setting (`evidence`: the environment variable or settings file)."""

# Patterns of paths under the home folder, part by part (fnmatch, compared casefolded).
_LOCATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (DROPBOX, ("Dropbox",)),
    (DROPBOX, ("Dropbox (*)",)),
    (DROPBOX, ("Library", "CloudStorage", "Dropbox*")),
    (ONEDRIVE, ("OneDrive",)),
    (ONEDRIVE, ("OneDrive - *",)),
    (ONEDRIVE, ("Library", "CloudStorage", "OneDrive-*")),
    (ICLOUD, ("Library", "Mobile Documents")),
    (ICLOUD, ("iCloudDrive",)),
    (GOOGLE_DRIVE, ("Google Drive",)),
    (GOOGLE_DRIVE, ("My Drive",)),
    (GOOGLE_DRIVE, ("Library", "CloudStorage", "GoogleDrive-*")),
    (BOX, ("Box",)),
    (BOX, ("Box Sync",)),
    (BOX, ("Library", "CloudStorage", "Box-*")),
    (NEXTCLOUD, ("Nextcloud",)),
    (NEXTCLOUD, ("ownCloud",)),
)
_ICLOUD_DRIVE = ("Library", "Mobile Documents", "com~apple~CloudDocs")
_ONEDRIVE_ENV = ("OneDrive", "OneDriveConsumer", "OneDriveCommercial")
# (name, service, must be a file): ~/.dropbox is a folder too, Dropbox's own settings, which is no synced folder.
_MARKER_NAMES: tuple[tuple[str, str, bool], ...] = (
    (".dropbox", DROPBOX, True),
    (".dropbox.cache", DROPBOX, False),
    (".849C9593-D756-4E56-8D6E-42412F2A707B", ONEDRIVE, False),
    (".tmp.drivedownload", GOOGLE_DRIVE, False),
    (".tmp.driveupload", GOOGLE_DRIVE, False),
    (".shortcut-targets-by-id", GOOGLE_DRIVE, False),
)
_MARKER_PATTERNS: tuple[tuple[str, str], ...] = (
    (".sync_*.db", NEXTCLOUD),
    ("._sync_*.db", NEXTCLOUD),
    (".*.icloud", ICLOUD),
)
_DESKTOP_INI_WORDS: tuple[tuple[str, str], ...] = (
    ("onedrive", ONEDRIVE),
    ("googledrive", GOOGLE_DRIVE),
    ("google drive", GOOGLE_DRIVE),
    ("dropbox", DROPBOX),
)


@dataclass(frozen=True)
class CloudFolder:
    """A cloud service syncs `folder` (which holds the data folder); `how` and `evidence` say how that was found."""

    service: str
    folder: Path
    how: str
    evidence: str


def cloud_service_for(folder: Path, home: Path | None = None,
                      environ: Mapping[str, str] | None = None) -> CloudFolder | None:
    """The cloud service whose synced folder holds `folder` (the innermost one found), or None.

    `home` is the home folder (the user's by default) and `environ` the environment (the process's by default): tests
    pass their own. Reads only names and a few small settings files; never raises for a folder it cannot read."""
    home = Path(home) if home is not None else Path.home()
    environ = os.environ if environ is None else environ
    found = [*_by_location(folder, home), *_by_setting(folder, home, environ), *_by_marker(folder)]
    if not found:
        return None
    # The innermost synced folder is the most precise answer (a OneDrive inside a Dropbox is OneDrive's).
    return max(found, key=lambda finding: len(finding.folder.parts))


def _forms(path: Path) -> list[Path]:
    """The path as given (made absolute) and with its links resolved: ~/Dropbox may be a link to elsewhere, and the data
    folder may be reached through a link into the synced folder."""
    forms = [Path(os.path.abspath(path))]
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return forms
    return forms if resolved == forms[0] else [*forms, resolved]


def _inside(folder: Path, root: Path) -> bool:
    """`folder` is `root` or inside it (compared without regard to case: macOS and Windows ignore it)."""
    for form in _forms(folder):
        for top in _forms(root):
            parts, top_parts = [p.casefold() for p in form.parts], [p.casefold() for p in top.parts]
            if parts[:len(top_parts)] == top_parts:
                return True
    return False


def _by_location(folder: Path, home: Path) -> Iterator[CloudFolder]:
    for form in _forms(folder):
        for home_form in _forms(home):
            try:
                relative = form.relative_to(home_form)
            except ValueError:
                continue
            parts = [part.casefold() for part in relative.parts]
            for service, pattern in _LOCATIONS:
                if len(parts) >= len(pattern) and all(
                        fnmatch.fnmatchcase(part, piece.casefold()) for part, piece in zip(parts, pattern)):
                    root = home_form.joinpath(*relative.parts[:len(pattern)])
                    yield CloudFolder(service, root, LOCATION, str(PurePath("~", *relative.parts[:len(pattern)])))
            # "Desktop & Documents Folders": iCloud Drive then holds a Desktop and a Documents folder of its own.
            if parts and parts[0] in ("desktop", "documents"):
                mirror = home_form.joinpath(*_ICLOUD_DRIVE, relative.parts[0])
                if mirror.is_dir():
                    yield CloudFolder(ICLOUD, home_form / relative.parts[0], LOCATION,
                                      str(PurePath("~", *_ICLOUD_DRIVE, relative.parts[0])))
        # Drive for desktop on Windows: a drive letter whose top folder is "My Drive".
        if len(form.parts) >= 2 and form.parts[1].casefold() == "my drive" and form.anchor not in ("/", ""):
            yield CloudFolder(GOOGLE_DRIVE, Path(form.parts[0], form.parts[1]), LOCATION, str(Path(*form.parts[:2])))


def _by_setting(folder: Path, home: Path, environ: Mapping[str, str]) -> Iterator[CloudFolder]:
    for name in _ONEDRIVE_ENV:
        value = environ.get(name)
        if value and _inside(folder, Path(value)):
            yield CloudFolder(ONEDRIVE, Path(value), SETTING, f"%{name}%")
    infos = [home / ".dropbox" / "info.json"]
    for name in ("LOCALAPPDATA", "APPDATA"):
        if environ.get(name):
            infos.append(Path(environ[name]) / "Dropbox" / "info.json")
    for info in infos:
        for root in _dropbox_roots(info):
            if _inside(folder, root):
                yield CloudFolder(DROPBOX, root, SETTING, str(info))


def _dropbox_roots(info: Path) -> list[Path]:
    """The synced folders Dropbox's info.json names ("personal" and "business" accounts); none if it is unreadable."""
    try:
        if not info.is_file() or info.stat().st_size > 64 * 1024:
            return []
        data = json.loads(info.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        log.info("could not read %s", info)
        return []
    if not isinstance(data, dict):
        return []
    roots = []
    for account in data.values():
        if isinstance(account, dict) and isinstance(account.get("path"), str) and account["path"]:
            roots.append(Path(account["path"]))
    return roots


def _by_marker(folder: Path) -> Iterator[CloudFolder]:
    seen: set[Path] = set()
    for form in _forms(folder):
        for place in (form, *form.parents):
            if place in seen:
                continue
            seen.add(place)
            yield from _markers_in(place)


def _markers_in(place: Path) -> Iterator[CloudFolder]:
    for name, service, file_only in _MARKER_NAMES:
        try:
            if (place / name).is_file() if file_only else (place / name).exists():
                yield CloudFolder(service, place, MARKER, name)
        except OSError:
            continue
    ini = place / "desktop.ini"
    service = _desktop_ini_service(ini)
    if service is not None:
        yield CloudFolder(service, place, MARKER, ini.name)
    try:
        names = [entry.name for entry in os.scandir(place)] if place.is_dir() else []
    except OSError:
        return
    for pattern, service in _MARKER_PATTERNS:
        match = next((name for name in names if fnmatch.fnmatchcase(name, pattern)), None)
        if match is not None:
            yield CloudFolder(service, place, MARKER, match)


def _desktop_ini_service(ini: Path) -> str | None:
    """The service a Windows desktop.ini names (it is UTF-16 or a single-byte encoding), or None."""
    try:
        if not ini.is_file():
            return None
        with ini.open("rb") as handle:
            data = handle.read(8192)
    except OSError:
        return None
    text = data.decode("utf-16", "ignore") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data.decode("latin-1")
    text = text.casefold()
    return next((service for word, service in _DESKTOP_INI_WORDS if word in text), None)


def warn_once_if_synced(parent, settings, folder: Path, *more: Path, home: Path | None = None):
    """Tell the therapist, once per folder, that a cloud service syncs the data folder; the message box, or None.

    The box opens without blocking (the window stays usable). Under the start-up probe (COUPLECANVAS_STARTUP_PROBE,
    which measures start-up in tests) nothing is shown and nothing remembered."""
    from couplecanvas.app.gui import PROBE_ENV
    from couplecanvas.ui.cloud_warning import show_cloud_warning

    for checked in (folder, *more):
        finding = cloud_service_for(checked, home)
        if finding is None:
            continue
        log.warning("the data folder %s is inside a folder %s syncs (%s: %s)", checked, finding.service, finding.how,
                    finding.evidence)
        if os.environ.get(PROBE_ENV) or settings.cloud_warned_for == str(checked):
            return None
        box = show_cloud_warning(parent, finding.service, finding.folder, checked, finding.how, finding.evidence)
        settings.cloud_warned_for = str(checked)
        settings.sync()
        return box
    return None
