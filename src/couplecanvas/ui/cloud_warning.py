"""The one-time warning that a cloud service syncs the data folder: which service, which folder, why it matters,
what to do.

The finding is made in app/ (app/cloud_sync.py, which knows the services' places and marker files); this module only
words it and shows it, without blocking: the therapist can read it and go on working.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

DATA_DIR_ENV = "COUPLECANVAS_DATA_DIR"  # the same name app/paths.py reads (ui may not import app)


def _tr(text: str) -> str:
    return QCoreApplication.translate("cloud_warning", text)


def cloud_warning_text(service: str, synced: Path, data_folder: Path, how: str, evidence: str) -> tuple[str, str]:
    """The warning's main text and its details (what to do), in plain words."""
    if how == "marker":
        reason = _tr("{service} was recognised by the file {evidence} in that folder, which it keeps in the folders it "
                     "syncs.")
    elif how == "setting":
        reason = _tr("{service}'s own setting ({evidence}) names that folder.")
    else:
        reason = _tr("{evidence} is where {service} keeps the folder it syncs.")
    text = _tr(
        "Couple Canvas keeps its data in {data}, which is inside {synced}, a folder that {service} syncs. {reason}\n\n"
        "This matters for two reasons. {service} copies the couples' records to its servers and to every device on "
        "that account, outside this computer's protection. And it may copy the database while it is half written, or "
        "bring an older copy back over it, which can damage it."
    ).format(data=data_folder, synced=synced, service=service, reason=reason.format(evidence=evidence, service=service))
    details = _tr(
        "What to do: choose a data folder outside {synced}, for example in your home folder but not in a synced "
        "folder. Quit Couple Canvas, move the data folder there, and start Couple Canvas with the environment variable "
        "{env} set to the new folder, or with --database pointing at the database file in it. "
        "Move couplecanvas.db together with its backups folder. Copies {service} has already uploaded stay with it "
        "until you delete them there (and from its deleted files).\n\n"
        "This is said once for this folder."
    ).format(synced=synced, env=DATA_DIR_ENV, service=service)
    return text, details


def show_cloud_warning(parent: QWidget | None, service: str, synced: Path, data_folder: Path, how: str,
                       evidence: str) -> QMessageBox:
    """Open the warning over `parent` without blocking; the box is returned (and kept alive by its parent)."""
    text, details = cloud_warning_text(service, synced, data_folder, how, evidence)
    box = QMessageBox(QMessageBox.Icon.Warning, _tr("Your data folder is synced by {service}").format(service=service),
                      text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("cloud_warning")
    box.setInformativeText(details)
    box.open()
    return box
