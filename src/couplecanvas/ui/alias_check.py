"""Before a handout or a board picture leaves with aliases on: where a partner's name may still show (run into other
words, or a name that is also an everyday word written in lower case), the therapist is asked to look first.

The places come from domain.privacy (`names_to_check`, `names_to_check_in_handout`): they hold the real names, so the
dialog opens over the therapist's window only, and while the screen is shared it names the places but not the words.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from couplecanvas.domain.privacy import FindingKind, NameFinding

log = logging.getLogger(__name__)

SHOWN_AT_MOST = 8
"""Places listed one by one; the rest are counted (a long list is read by nobody)."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("alias_check", text)


def _line(finding: NameFinding, share_mode: bool) -> str:
    where = finding.where  # the caller's words for the place (they may hold an exercise's title)
    if share_mode:
        return f"• {where}"
    if finding.kind is FindingKind.ORDINARY_WORD:
        return _tr("• {where}: “{word}” in “{context}”").format(where=where, word=finding.word,
                                                                context=finding.context)
    return _tr("• {where}: “{context}”").format(where=where, context=finding.context)


def check_text(findings: Sequence[NameFinding], share_mode: bool = False) -> str:
    """The dialog's words for these places (plain text: the couple's words are never read as markup)."""
    run_together = [f for f in findings if f.kind is FindingKind.RUN_TOGETHER]
    word_names = [f for f in findings if f.kind is FindingKind.ORDINARY_WORD]
    parts = [_tr("Aliases are on, but a partner's name may still show in a few places. Nothing was changed there; "
                 "please have a look before this leaves the room.")]
    listed = 0
    for group, heading in (
        (run_together, _tr("A name seems run into other letters:")),
        (word_names, _tr("A name that is also an everyday word, written in lower case (kept as a word):")),
    ):
        if not group:
            continue
        lines = [_line(f, share_mode) for f in group[:max(0, SHOWN_AT_MOST - listed)]]
        listed += len(lines)
        if len(group) > len(lines):
            lines.append(_tr("• and {count} more").format(count=len(group) - len(lines)))
        parts.append(heading + "\n" + "\n".join(lines))
    if share_mode:
        parts.append(_tr("The words are not shown while the screen is shared."))
    return "\n\n".join(parts)


def confirm_before_export(parent: QWidget | None, findings: Sequence[NameFinding], share_mode: bool = False) -> bool:
    """Ask the therapist to check the places where a name may still show; True to export anyway, False to go back
    and edit. Without findings, True at once (nothing is asked)."""
    if not findings:
        return True
    box = QMessageBox(parent)
    box.setObjectName("alias_check")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(_tr("Before you export"))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(check_text(findings, share_mode))
    export = box.addButton(_tr("Export anyway"), QMessageBox.ButtonRole.AcceptRole)
    back = box.addButton(_tr("Go back and edit"), QMessageBox.ButtonRole.RejectRole)
    export.setObjectName("alias_check_export")
    back.setObjectName("alias_check_back")
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    box.exec()
    chosen = box.clickedButton() is export
    log.info("names to check before export: %d place(s); %s", len(findings),
             "exported anyway" if chosen else "went back")
    box.deleteLater()
    return chosen
