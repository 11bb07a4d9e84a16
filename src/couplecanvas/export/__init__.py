"""The take-home handout: pure data assembly, then a ReportLab renderer that needs no Qt and no display.

ReportLab is imported only when a PDF is actually rendered (about 90 ms), so importing this package is cheap
for the app's start-up; `render_handout` is resolved on first access.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from couplecanvas.domain.board import Board
from couplecanvas.domain.couple import Couple
from couplecanvas.domain.homework import Assignment, HomeworkLibrary
from couplecanvas.domain.practice import Practice
from couplecanvas.domain.progress import ProgressPoint
from couplecanvas.domain.session import Session
from couplecanvas.export.handout_data import HandoutData, HomeworkEntry, assemble_handout

if TYPE_CHECKING:
    from couplecanvas.export.handout_pdf import render_handout

__all__ = ["HandoutData", "HomeworkEntry", "assemble_handout", "export_handout", "render_handout"]


def __getattr__(name: str) -> Any:
    if name == "render_handout":
        from couplecanvas.export.handout_pdf import render_handout

        return render_handout
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def export_handout(
    couple: Couple,
    session: Session,
    board: Board,
    assignments: Iterable[Assignment],
    library: HomeworkLibrary,
    use_alias: bool | None = None,
    page_size: str | None = None,
    deterministic: bool = False,
    practice: Practice | None = None,
    large_print: bool | None = None,
    print_sensitive: bool = False,
    show_positions: bool = False,
    progress: Iterable[ProgressPoint] | None = None,
    plan_card: bool = True,
    feelings_page: bool = False,
) -> bytes:
    """Assemble and render a session's handout in one call; returns the PDF bytes.

    `page_size` and `large_print` default to the practice's own settings (A4 and normal print without a practice);
    family and trauma history (the iceberg's raw spot) prints only with `print_sensitive`, and who tends to pursue
    and who tends to withdraw only with `show_positions`. With `progress` (the couple's progress history), the
    handout ends with their progress chart, up to this session. The plan for the fridge ("When our cycle starts") is
    its last page unless `plan_card` is False; `feelings_page` adds the feeling words by level on a back page.
    """
    from couplecanvas.export.handout_pdf import render_handout

    practice = practice or Practice()
    data = assemble_handout(
        couple, session, board, assignments, library, use_alias, practice, print_sensitive, show_positions,
        plan_card, feelings_page,
    )
    page_size = page_size or practice.page_size
    large_print = practice.large_print if large_print is None else large_print
    if progress is not None:
        from couplecanvas.export.progress_chart import handout_progress, render_handout_with_progress

        return render_handout_with_progress(data, handout_progress(couple, session, progress, use_alias),
                                            page_size=page_size, large_print=large_print, deterministic=deterministic)
    return render_handout(data, page_size=page_size, deterministic=deterministic, large_print=large_print)
