"""An exercise written for the two partners together is never given to one of them alone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from couplecanvas.domain.homework import Who
from couplecanvas.ui.assign_dialog import AssignDialog


def open_sample(window, qtbot):
    qtbot.mouseClick(window.welcome_page.findChild(QPushButton, "open_sample"), Qt.MouseButton.LeftButton)
    assert window.controller.session is not None


def test_the_assign_dialog_offers_only_both_for_an_exercise_written_for_two(make_window, qtbot):
    window = make_window()
    open_sample(window, qtbot)
    library = window.controller.library
    already = {a.exercise_key for a in window.repository.list_assignments(window.controller.session.id)}
    for_two = [e for e in library.ordered() if not e.allows_one_partner and e.key not in already]
    for_one = [e for e in library.ordered() if e.allows_one_partner and e.key not in already]
    assert for_two and for_one
    qtbot.mouseClick(window.homework_panel.assign_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(AssignDialog)
    assert dialog is not None and dialog.isVisible()
    model = dialog.who.model()

    def one_partner_rows_enabled() -> list[bool]:
        return [model.item(row).isEnabled() for row in range(dialog.who.count())
                if dialog.who.itemData(row) != Who.BOTH.value]

    dialog.select(for_two[0].key)
    assert one_partner_rows_enabled() == [False, False]
    assert dialog.who.currentData() == Who.BOTH.value
    dialog.select(for_one[0].key)
    assert one_partner_rows_enabled() == [True, True]
    dialog.reject()


def test_giving_an_exercise_for_two_to_one_partner_is_refused_with_a_reason(make_window, qtbot):
    window = make_window()
    open_sample(window, qtbot)
    library = window.controller.library
    session_id = window.controller.session.id
    already = {a.exercise_key for a in window.repository.list_assignments(session_id)}
    for_two = next(e for e in library.ordered() if not e.allows_one_partner and e.key not in already)
    for_one = next(e for e in library.ordered() if e.allows_one_partner and e.key not in already)
    with qtbot.waitSignal(window.homework_panel.error) as said:
        window.homework_panel.assign([for_two.key, for_one.key], Who.A, "Just for you this week")
    assert "both" in said.args[0] and for_two.title in said.args[0]
    given = {a.exercise_key: a for a in window.repository.list_assignments(session_id)}
    assert for_two.key not in given  # refused, and nothing half-stored
    assert given[for_one.key].who is Who.A  # the other one was given as asked
    window.homework_panel.assign([for_two.key], Who.BOTH)
    assert {a.exercise_key: a for a in window.repository.list_assignments(session_id)}[for_two.key].who is Who.BOTH
