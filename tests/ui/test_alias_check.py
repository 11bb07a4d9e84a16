"""Before export with aliases on, the therapist is asked about places where a name may still show: the real dialog,
its buttons clicked, its words read."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QPushButton

from couplecanvas.domain.couple import Couple, Partner
from couplecanvas.domain.privacy import names_to_check
from couplecanvas.ui.alias_check import SHOWN_AT_MOST, check_text, confirm_before_export

COUPLE = Couple(Partner("Maya", alias="Partner 1"), Partner("Will", alias="Partner 2"), use_aliases=True)


def _findings(*texts: str):
    return names_to_check([("a card", text) for text in texts], COUPLE)


def _answer_with(qtbot, button_name: str, seen: list[str]) -> None:
    """Click `button_name` in the dialog once it shows (it runs its own event loop), keeping its words."""

    def click() -> None:
        box = next((w for w in QApplication.topLevelWidgets() if w.objectName() == "alias_check" and w.isVisible()),
                   None)
        if box is None:
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        qtbot.mouseClick(box.findChild(QPushButton, button_name), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, click)


def test_nothing_to_check_asks_nothing(qtbot):
    assert confirm_before_export(None, _findings("Maya's turn, then Partner 2")) is True


def test_go_back_and_edit_stops_the_export_and_names_the_places(qtbot):
    seen: list[str] = []
    _answer_with(qtbot, "alias_check_back", seen)
    assert confirm_before_export(None, _findings("we love #MayaTime", "I will call")) is False
    assert "#MayaTime" in seen[0] and "“will” in “I will call”" in seen[0]
    assert "a card" in seen[0]


def test_export_anyway_goes_on(qtbot):
    seen: list[str] = []
    _answer_with(qtbot, "alias_check_export", seen)
    assert confirm_before_export(None, _findings("maya123 is home")) is True
    assert "maya123" in seen[0]


def test_while_sharing_the_places_are_named_but_not_the_words(qtbot):
    text = check_text(_findings("we love #MayaTime", "I will call"), share_mode=True)
    assert "a card" in text and "MayaTime" not in text and "will call" not in text


def test_a_long_list_is_cut_short():
    text = check_text(_findings(*[f"maya{n} here" for n in range(SHOWN_AT_MOST + 5)]))
    assert text.count("•") == SHOWN_AT_MOST + 1 and "and 5 more" in text
