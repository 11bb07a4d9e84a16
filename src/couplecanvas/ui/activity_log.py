"""Help > Activity log…: the audit trail, read-only, newest first, with an export to CSV.

The app offers no way to change the trail: the table's model has no editable cell, the dialog has no delete, and the
database refuses an UPDATE or a DELETE on it (migration 0007). Couples are shown by their id and, on the therapist's
own screen, by their name as the couples list shows it; in share mode by their id only. The CSV holds ids only.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, QStandardPaths, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from couplecanvas.domain.activity import Action, ActivityEntry, describe_entry
from couplecanvas.domain.privacy import couple_as_shown
from couplecanvas.storage.errors import StorageError
from couplecanvas.ui.activity_recorder import record
from couplecanvas.ui.session_controller import SessionController

log = logging.getLogger(__name__)

CSV_HEADER = ("time_utc", "action", "what", "couple_id", "file")


def local_time(at: dt.datetime) -> str:
    """An entry's time as the therapist reads it: in this computer's time zone."""
    return at.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def activity_csv(entries: list[ActivityEntry]) -> str:
    """The entries as CSV text with a header row: the time in UTC (ISO 8601), the action's word and its label, the
    couple's id and the file's name. No names of people: it is a file that leaves the app."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for entry in entries:
        writer.writerow((entry.at.strftime("%Y-%m-%dT%H:%M:%SZ"), entry.action.value, describe_entry(entry),
                         "" if entry.couple_id is None else entry.couple_id, entry.file_name or ""))
    return out.getvalue()


class ActivityModel(QAbstractTableModel):
    """The trail as table rows of text; no cell is editable."""

    def __init__(self, headers: list[str], parent=None) -> None:
        super().__init__(parent)
        self._headers = headers
        self._rows: list[tuple[str, ...]] = []

    def set_rows(self, rows: list[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self._rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def flags(self, index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # never ItemIsEditable


class ActivityLogDialog(QDialog):
    """The activity log as a read-only table (when, what, couple, file), newest first; Export… writes it as CSV."""

    def __init__(self, controller: SessionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self.entries: list[ActivityEntry] = []
        """The entries shown, newest first."""
        self.shown_message: QMessageBox | None = None
        """The last message box shown (kept so it stays open, and for tests)."""
        self.setObjectName("activity_log_dialog")
        self.setWindowTitle(self.tr("Activity log"))
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("What was opened, exported, printed, imported, deleted and shared, newest first. "
                               "It is kept in your database and cannot be changed."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.problem = QLabel()
        self.problem.setObjectName("activity_log_problem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.model = ActivityModel([self.tr("When"), self.tr("What"), self.tr("Couple"), self.tr("File")], self)
        self.table = QTableView()
        self.table.setObjectName("activity_log_table")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.table.setSortingEnabled(False)  # newest first, always
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = buttons.addButton(self.tr("Export…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setObjectName("activity_log_export")
        self.export_button.setToolTip(self.tr("Save the activity log as a CSV file (couples by id only)"))
        self.export_button.clicked.connect(self.choose_and_export)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        controller.share_mode_changed.connect(self._on_share_mode_changed)
        self.reload()

    def reload(self) -> bool:
        """Read the trail again and show it; False (with the reason shown) if it could not be read."""
        try:
            self.entries = self._controller.read(lambda repository: repository.list_activity())
            names = self._couple_names()
        except StorageError as error:
            self.entries = []
            self.model.set_rows([])
            self.problem.setText(self.tr("The activity log could not be read: {error}").format(error=error))
            self.problem.show()
            self.export_button.setEnabled(False)
            return False
        self.problem.hide()
        self.export_button.setEnabled(True)
        self.model.set_rows([(local_time(e.at), describe_entry(e), self._couple_text(e.couple_id, names),
                              e.file_name or "") for e in self.entries])
        return True

    def _couple_names(self) -> dict[int, str] | None:
        """Each couple's name as the couples list shows it; None in share mode (ids only on a shared screen)."""
        if self._controller.share_mode:
            return None
        couples = self._controller.read(lambda repository: repository.list_couples(include_archived=True))
        return {c.id: couple_as_shown(c, c.use_aliases).display_name(False) for c in couples}

    def _couple_text(self, couple_id: int | None, names: dict[int, str] | None) -> str:
        if couple_id is None:
            return ""
        if names is None:
            return str(couple_id)
        name = names.get(couple_id)
        if name is None:
            return self.tr("{id} (deleted)").format(id=couple_id)
        return f"{couple_id} · {name}"

    def _on_share_mode_changed(self, on: bool) -> None:
        if on and self.isVisible():
            self.reject()  # the file names may name clients: it leaves a screen others can now see

    # -- export --------------------------------------------------------------------------------------------------------
    def choose_and_export(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        suggested = Path(folder) / f"couplecanvas-activity-{dt.date.today().isoformat()}.csv"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the activity log"), str(suggested),
                                              self.tr("CSV files (*.csv)"))
        if path:
            self.export_to(Path(path if path.lower().endswith(".csv") else f"{path}.csv"))

    def export_to(self, path: Path) -> bool:
        """Write the entries shown as CSV (UTF-8, a header row), readable by the therapist only; record the export.
        A failure is told in a message naming the file; nothing half-written stays."""
        from couplecanvas.export.files import writable_target, write_file_atomically

        data = activity_csv(self.entries).encode("utf-8")
        try:
            target = writable_target(path)
            if target.is_file() and os.name == "posix":
                os.chmod(target, 0o600)  # a file replaced keeps its mode: make it ours alone before it gets the log
            write_file_atomically(path, data)
        except OSError as error:
            log.warning("could not write the activity log to %s: %s", path, error.strerror or type(error).__name__)
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Activity log not exported"),
                              self.tr("The activity log could not be written to {path}:\n{reason}").format(
                                  path=path, reason=error.strerror or error),
                              QMessageBox.StandardButton.Ok, self)
            box.setObjectName("activity_export_failed")
            self.shown_message = box
            box.open()
            return False
        record(self._controller, Action.ACTIVITY_EXPORTED, path.name, None)
        self.reload()
        return True


class ActivityLogAction(QObject):
    """The Help menu's 'Activity log…' (`action`) and the dialog it opens (`dialog`, while open)."""

    def __init__(self, controller: SessionController, parent: QWidget) -> None:
        super().__init__(parent)
        self._controller = controller
        self._parent = parent
        self.dialog: ActivityLogDialog | None = None
        self.ask_before_showing: Callable[[str], bool] = lambda _what: True
        """Asked first in share mode (the file names may name clients)."""
        self.action = QAction(self.tr("Activity log…"), parent)
        self.action.setObjectName("activity_log_action")
        self.action.setStatusTip(self.tr("What was opened, exported, printed, imported, deleted and shared"))
        self.action.triggered.connect(self.show_dialog)

    def show_dialog(self) -> ActivityLogDialog | None:
        """Open the activity log (or bring it to the front); None when no database is open or the therapist declined."""
        if self._controller.repository is None:
            return None
        if self.dialog is not None:
            self.dialog.reload()
            self.dialog.raise_()
            return self.dialog
        if not self.ask_before_showing(self.tr("The activity log names files you exported.")):
            return None
        dialog = ActivityLogDialog(self._controller, self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog
