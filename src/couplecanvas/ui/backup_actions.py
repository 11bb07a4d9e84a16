"""File > Restore from backup… and Help > Check database: the two actions and their dialogs.

They observe the session controller: restoring closes the open session and the database, puts the backup's contents
in the file (after backing up the current file), and opens the controller again on the restored data.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from couplecanvas.storage.backups import BackupError, BackupInfo, backups_folder, list_backups, restore_backup
from couplecanvas.storage.sqlite_file import check_database
from couplecanvas.ui.session_controller import SessionController

log = logging.getLogger(__name__)


def _size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


class RestoreDialog(QDialog):
    """The backups, newest first, with date, size and how many couples and sessions each holds."""

    def __init__(self, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restore_dialog")
        self.setWindowTitle(self.tr("Restore from backup"))
        self.backups = [info for info in backups if info.readable]
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr(
            "Choose a backup to bring back. The database as it is now is backed up first, so nothing is lost.")))
        self.table = QTableWidget(len(self.backups), 4, self)
        self.table.setObjectName("backups_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Made"), self.tr("Size"), self.tr("Couples"), self.tr("Sessions")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, info in enumerate(self.backups):
            cells = (info.made.strftime("%Y-%m-%d %H:%M"), _size(info.size), str(info.couples), str(info.sessions))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        if self.backups:
            self.table.selectRow(0)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = buttons.addButton(self.tr("Restore"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("restore_button")
        self.restore_button.setEnabled(bool(self.backups))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.table.doubleClicked.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(520, 360)

    def chosen(self) -> BackupInfo | None:
        """The selected backup."""
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None


class BackupActions(QObject):
    """Builds `restore_action` and `check_action` for the menus; runs their dialogs."""

    restored = Signal(str)
    """A backup was restored and the database opened again; the message says which."""

    def __init__(
        self, controller: SessionController, parent: QWidget, reload: Callable[[], None] | None = None
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._parent = parent
        self._reload = reload
        self.restore_action = QAction(self.tr("Restore from backup…"), parent)
        self.restore_action.setObjectName("restore_backup_action")
        self.restore_action.triggered.connect(self.choose_and_restore)
        self.check_action = QAction(self.tr("Check database"), parent)
        self.check_action.setObjectName("check_database_action")
        self.check_action.triggered.connect(self.check)
        self._path: Path | None = None
        self._key: bytes | None = None  # the open file's key (kept: the repository is let go around a restore)
        controller.repository_opened.connect(self._remember_path)

    def _remember_path(self) -> None:
        database = getattr(self._controller.repository, "database", None)
        path = getattr(database, "path", None)
        if path is not None:
            self._path = Path(path)
            self._key = getattr(database, "key", None)
        self.restore_action.setEnabled(self._path is not None)
        self.check_action.setEnabled(self._path is not None)

    def _say(self, icon: QMessageBox.Icon, title: str, text: str) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._parent)
        box.setObjectName("backup_message")
        box.open()

    def choose_and_restore(self) -> None:
        """Show the backups; restore the chosen one."""
        if self._path is None:
            self._say(QMessageBox.Icon.Information, self.tr("Restore from backup"),
                      self.tr("Only a database file on this computer can be restored from a backup."))
            return
        dialog = RestoreDialog(list_backups(backups_folder(self._path), key=self._key), self._parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() is None:
            return
        self.restore(dialog.chosen())

    def restore(self, backup: BackupInfo) -> bool:
        """Close the session and the database, restore `backup` (after backing up the current file), open again."""
        controller = self._controller
        path = self._path
        if path is None:
            return False
        if not controller.save_open_session():
            self._say(QMessageBox.Icon.Warning, self.tr("Restore from backup"), self.tr(
                "The open session's last changes could not be saved, so nothing was restored. Try again in a moment."))
            return False
        controller.close_session()
        controller.open_couple(None)
        controller.close()
        try:
            restore_backup(backup.path, path, key=self._key)
        except BackupError as error:
            log.error("restore failed: %s", error)
            self._say(QMessageBox.Icon.Critical, self.tr("Restore from backup"), str(error))
            controller.open()
            if self._reload is not None:
                self._reload()
            return False
        opened = controller.open()
        if self._reload is not None:
            self._reload()
        if opened:
            message = self.tr("The backup of {0} was restored. The database as it was is kept as a backup too.").format(
                backup.made.strftime("%Y-%m-%d %H:%M"))
            self.restored.emit(message)
            self._say(QMessageBox.Icon.Information, self.tr("Restore from backup"), message)
        return opened

    def check(self) -> list[str]:
        """Run the database's own checks and say what they found."""
        if self._path is None:
            self._say(QMessageBox.Icon.Information, self.tr("Check database"),
                      self.tr("Only a database file on this computer can be checked here."))
            return []
        problems = check_database(self._path, key=self._key)
        if problems:
            text = self.tr("The check found problems in {0}:\n\n{1}\n\nUse File > Restore from backup… to bring "
                           "back a sound copy.").format(self._path, "\n".join(problems))
            self._say(QMessageBox.Icon.Warning, self.tr("Check database"), text)
        else:
            self._say(QMessageBox.Icon.Information, self.tr("Check database"), self.tr(
                "{0} was checked (integrity and links between records): no problems found.").format(self._path))
        return problems
