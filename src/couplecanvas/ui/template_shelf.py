"""Templates in the window: loading them (and the emotion words), the picker, saving a board as a template of your own.

The therapist's own templates are TOML files in `<data folder>/templates/`: they are never overwritten, and an upgrade
never touches them (the built-in ones ship inside the app).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPointF, QRectF, QTimer, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from couplecanvas.domain.couple import PartnerRole
from couplecanvas.storage.errors import StorageError
from couplecanvas.ui.session_controller import SessionController

if TYPE_CHECKING:
    from couplecanvas.domain.emotions import EmotionWords
    from couplecanvas.domain.templates import Template, TemplateLibrary
    from couplecanvas.ui.template_dialog import TemplateDialog

log = logging.getLogger(__name__)

MAX_TITLE = 80


class TemplateShelf(QObject):
    """Holds the template library and the emotion words, and does what the board's template actions ask."""

    message = Signal(str)
    """A short note for the therapist's status bar."""

    def __init__(self, controller: SessionController, actions, parent: QWidget, folder: Path, view: Callable) -> None:
        super().__init__(parent)
        self._controller = controller
        self._parent = parent  # dialogs open over the therapist's window
        self.folder = Path(folder)
        self._view = view
        self._builtin: TemplateLibrary | None = None
        self._library: TemplateLibrary | None = None
        self._emotion_words: EmotionWords | None = None
        self._logged: set[str] = set()
        actions.insert_template_requested.connect(self.open_picker)
        actions.save_template_requested.connect(self.ask_to_save)
        # After the couples are shown, not before: the first paint and the first list come first.
        controller.repository_opened.connect(lambda: QTimer.singleShot(0, self.load))

    # -- loading -------------------------------------------------------------------------------------------------------
    def load(self) -> None:
        """Read the built-in templates, the therapist's own and the emotion words (once; problems are logged)."""
        if self._controller.repository is None:
            return
        _ = self.emotion_words
        self.reload_user_templates()

    @property
    def library(self) -> TemplateLibrary:
        """The built-in templates and the therapist's own, as last read."""
        if self._library is None:
            self.reload_user_templates()
        return self._library

    def reload_user_templates(self) -> TemplateLibrary:
        """Read the folder of the therapist's own templates again (a file dropped in while the app runs shows up)."""
        from couplecanvas.domain.templates import TemplateLibrary, load_builtin_templates

        if self._builtin is None:
            self._builtin = load_builtin_templates()
        library = TemplateLibrary(dict(self._builtin.templates), list(self._builtin.problems))
        library.add_folder(self.folder)
        self._log_problems("templates", library.problems)
        self._library = library
        return library

    @property
    def emotion_words(self) -> EmotionWords:
        """The emotion words offered in the slots that ask for them (read on first use)."""
        if self._emotion_words is None:
            from couplecanvas.domain.emotions import load_builtin_emotions

            self._emotion_words = load_builtin_emotions()
            self._log_problems("emotion words", self._emotion_words.problems)
        return self._emotion_words

    def _log_problems(self, what: str, problems: list[str]) -> None:
        for problem in problems:
            if problem not in self._logged:
                self._logged.add(problem)
                log.warning("%s: %s", what, problem)

    # -- the picker ----------------------------------------------------------------------------------------------------
    def open_picker(self) -> TemplateDialog | None:
        """Show the template picker for the open board (nothing without one)."""
        from couplecanvas.ui.template_dialog import TemplateDialog

        scene, controller = self._controller.scene, self._controller
        if scene is None or controller.couple is None:
            return None
        scene.finish_editing()
        # The names the screen may show (aliases in share mode); the cards get the couple's own names, drawn as
        # aliases wherever a shared screen shows them.
        dialog = TemplateDialog(self.reload_user_templates(), controller.shown_couple(), self._parent)
        dialog.accepted.connect(lambda: self.insert(dialog))
        dialog.delete_requested.connect(lambda template: self._delete_from(dialog, template))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def insert(self, dialog: TemplateDialog) -> list[str]:
        """Lay the dialog's template out near the middle of the view; keep the positions chosen for the couple."""
        template, scene, view = dialog.chosen_template(), self._controller.scene, self._view()
        if template is None or scene is None or view is None or self._controller.couple is None:
            return []
        if template.uses_positions:
            self._keep_positions(dialog.couple_as_chosen())
        near = view.mapToScene(view.viewport().rect().center())
        from couplecanvas.domain.spelling import spelling_of, template_in_spelling

        try:
            spelling = spelling_of(self._controller.read(lambda r: r.get_practice()))
        except StorageError:
            spelling = "UK"  # the template's own words, as written: the board still gets its map
        template = template_in_spelling(template, spelling)
        ids = scene.insert_template(template, self._controller.couple, QPointF(near), one=dialog.chosen_partner())
        self._show_cards(ids)
        view.setFocus()
        self._say(self.tr("“{title}” is on the board. Undo takes it away in one step.").format(title=template.title))
        return ids

    def _keep_positions(self, chosen) -> None:
        current = self._controller.couple
        if all(current.partner(r).position is chosen.partner(r).position for r in PartnerRole):
            return
        try:
            self._controller.set_positions(chosen)  # the positions only: `chosen` carries the names as shown
        except StorageError as error:
            log.error("could not save the partners' positions: %s", error)
            self._say(self.tr("The partners' positions could not be saved: {error}").format(error=error))

    def _show_cards(self, ids: list[str]) -> None:
        """Bring freshly inserted cards into view without changing a view that already shows them."""
        view, board = self._view(), self._controller.document.board
        rect = QRectF()
        for card_id in ids:
            card = board.cards[card_id]
            rect = rect.united(QRectF(card.x, card.y, card.width, card.height))
        if rect.isEmpty():
            return
        rect = rect.adjusted(-40, -40, 40, 40)
        if not view.mapToScene(view.viewport().rect()).boundingRect().contains(rect):
            view.show_rect(rect)

    def _delete_from(self, dialog: TemplateDialog, template: Template) -> None:
        self.delete(template)
        dialog.set_library(self.library)

    def delete(self, template: Template) -> bool:
        """Remove one of the therapist's own templates (its file); the built-in ones stay."""
        if not template.user or not template.source:
            return False
        path = self.folder / Path(template.source).name
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            log.error("could not delete the template %s: %s", path, error)
            self._warn("template_not_deleted", self.tr("Template not deleted"),
                       self.tr("The template file {path} could not be deleted:\n{reason}").format(
                           path=path, reason=error.strerror or error))
            return False
        self.library.templates.pop(template.key, None)
        self._say(self.tr("Your template “{title}” was deleted.").format(title=template.title))
        return True

    # -- saving a board as a template ----------------------------------------------------------------------------------
    def ask_to_save(self) -> QInputDialog | None:
        """Ask for a name, then save the open board as a template of the therapist's own."""
        scene = self._controller.scene
        if scene is None or self._controller.document is None:
            return None
        scene.finish_editing()
        if not self._controller.document.board.cards:
            self._say(self.tr("Put a card or two on the board first: a template is made from its cards."))
            return None
        dialog = QInputDialog(self._parent)
        dialog.setObjectName("save_template_dialog")
        dialog.setWindowTitle(self.tr("Save board as template"))
        dialog.setLabelText(
            self.tr("Name for your template:\n\nThe partners' names become placeholders, so it fits any couple. "
                    "The rest of the words stay as they are.")
        )
        dialog.setTextValue(self.tr("My map"))
        dialog.setOkButtonText(self.tr("Save"))
        edit = dialog.findChild(QLineEdit)
        if edit is not None:
            edit.setMaxLength(MAX_TITLE)
        dialog.textValueSelected.connect(self.save_board_as_template)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def save_board_as_template(self, title: str) -> Path | None:
        """Write the open board as `<folder>/<new key>.toml` (never over an existing file); None if nothing was
        saved."""
        from couplecanvas.domain.templates import (
            TemplateError,
            parse_template,
            template_file_key,
            template_from_board,
            template_to_toml,
        )
        from couplecanvas.export.files import write_file_atomically

        title = " ".join(title.split())[:MAX_TITLE]
        document = self._controller.document
        if not title or document is None:
            return None
        library = self.reload_user_templates()
        titles = {t.title.casefold() for t in library.templates.values() if t.user}
        base, n = title, 2
        while title.casefold() in titles:  # two entries with one name in the picker would only confuse
            title, n = f"{base} ({n})", n + 1
        taken = set(library.templates)
        if self.folder.is_dir():
            taken |= {path.stem for path in self.folder.iterdir()}
        key = template_file_key(title, taken)
        path = self.folder / f"{key}.toml"
        try:
            template = template_from_board(document.board, title, key, self._controller.couple)
            template = replace(template, approach="", summary=self.tr("Your own map, saved on {date}.").format(
                date=f"{dt.date.today().day} {dt.date.today():%B %Y}"))
            text = template_to_toml(template)
            parse_template(text, path.name, key, user=True)  # never write a file that would not load again
        except TemplateError as error:
            self._warn("template_not_saved", self.tr("Template not saved"), str(error))
            return None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if path.exists():
                raise FileExistsError(f"{path} is already there")
            write_file_atomically(path, text.encode("utf-8"))
        except OSError as error:
            log.error("could not save the template %s: %s", path, error)
            self._warn("template_not_saved", self.tr("Template not saved"),
                       self.tr("Your template could not be written to {folder}:\n{reason}\n\n"
                               "Nothing was changed.").format(folder=self.folder, reason=error.strerror or error))
            return None
        library.add(text, path.name, key, user=True)
        self._say(self.tr("Saved as your template “{title}”: it is in the template picker, under Your templates.")
                  .format(title=title))
        return path

    # -- telling the therapist -----------------------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.message.emit(text)

    def _warn(self, name: str, title: str, text: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self._parent)
        box.setObjectName(name)
        box.finished.connect(box.deleteLater)
        box.open()
        return box
