"""A couple's homework over time: every session's assignments, how each went, and how often homework gets done.

It opens as a dialog of its own, so sharing only the main window never shows it: how a couple keeps up with their
homework is the therapist's process information, shown to the couple only when the therapist chooses to.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from couplecanvas.domain.homework import Review, adherence
from couplecanvas.ui.homework_text import (
    REVIEW_COLOURS,
    adherence_text,
    exercise_title,
    frequency_text,
    review_label,
    who_text,
)
from couplecanvas.ui.parts import set_bold

if TYPE_CHECKING:
    from couplecanvas.domain.couple import Couple
    from couplecanvas.domain.homework import Assignment, HomeworkLibrary
    from couplecanvas.domain.session import Session


def adherence_line(history: list[tuple[Session, list[Assignment]]]) -> str:
    """'Done 5 · Partly 2 · Not done 1' over the whole history (plus how many are not reviewed yet)."""
    everything = [a for _session, assignments in history for a in assignments]
    not_yet = sum(1 for a in everything if a.review is Review.NOT_YET)
    return adherence_text(adherence(everything), not_yet)


class HomeworkHistoryDialog(QDialog):
    """One couple's sessions, oldest first, each with its homework, the review and what the couple said."""

    def __init__(self, couple: Couple, history: list[tuple[Session, list[Assignment]]],
                 library: HomeworkLibrary | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("homework_history_dialog")
        self.setWindowTitle(self.tr("Homework over time · {couple}").format(couple=couple.display_name()))
        self.resize(760, 620)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("history_summary")
        set_bold(self.summary, larger=2)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.view = QTextBrowser()
        self.view.setObjectName("history_view")
        self.view.setOpenLinks(False)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        given = [(session, assignments) for session, assignments in history if assignments]
        self.summary.setText(adherence_line(history) if given else self.tr("No homework given yet."))
        self.view.setHtml(self._html(couple, given, library, len(history)))
        self.view.setFocus()

    def _html(self, couple: Couple, given: list[tuple[Session, list[Assignment]]],
              library: HomeworkLibrary | None, sessions: int) -> str:
        intro = self.tr("{given} of {sessions} sessions gave homework. Oldest first.").format(
            given=len(given), sessions=sessions)
        header = "".join(f"<th>{escape(text)}</th>"
                         for text in (self.tr("Homework"), self.tr("How it went"), self.tr("What you told me")))
        parts = [
            "<style>td { padding: 3px 8px 6px 0; vertical-align: top; } .muted { color: #6f6a5f; }"
            " h3 { margin: 16px 0 2px 0; } th { color: #8d877a; font-weight: normal; text-align: left; }</style>",
            f"<p class='muted'>{escape(intro)}</p>",
        ]
        for session, assignments in given:
            counts = adherence(assignments)
            parts.append(f"<h3>{escape(session.label())}</h3>")
            if sum(counts.values()):
                parts.append(f"<p class='muted'>{escape(adherence_text(counts))}</p>")
            parts.append(f"<table width='100%' cellspacing='0' cellpadding='3'><tr>{header}</tr>")
            parts.extend(self._row(assignment, couple, library) for assignment in assignments)
            parts.append("</table>")
        return "".join(parts)

    def _row(self, assignment: Assignment, couple: Couple, library: HomeworkLibrary | None) -> str:
        details = [who_text(assignment.who, couple), frequency_text(assignment, library)]
        what = f"<b>{escape(exercise_title(library, assignment.exercise_key))}</b><br/>" \
               f"<span class='muted'>{escape(' · '.join(d for d in details if d))}</span>"
        if assignment.note:
            what += f"<br/><span class='muted'>{escape(self.tr('Note given'))}: “{escape(assignment.note)}”</span>"
        colour = REVIEW_COLOURS[assignment.review]
        how = f"<span style='color: {colour}; font-weight: bold;'>{escape(review_label(assignment.review))}</span>"
        said = f"“{escape(assignment.review_note)}”" if assignment.review_note else ""
        return f"<tr><td width='45%'>{what}</td><td width='18%'>{how}</td><td>{said}</td></tr>"

    def text(self) -> str:
        """Everything the dialog shows, as plain text (for reading it back)."""
        return self.summary.text() + "\n" + self.view.toPlainText()
