"""Fixtures that build real main windows on a real SQLite file, and a practice to share a screen from: the couple in
session, with aliases and their first names typed on cards, another couple, private notes and session titles, each
holding a canary word that no shared screen may show."""

from __future__ import annotations

import datetime as dt
import html
import re
import types
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QBuffer, QEvent, QIODevice, QRectF, Qt
from PySide6.QtGui import QKeyEvent, QPainter, QPicture
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGraphicsView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from couplecanvas.app.settings import Settings
from couplecanvas.domain.board import Board, Card, Connector
from couplecanvas.domain.couple import Couple, Partner, PartnerRole
from couplecanvas.domain.safety import Outcome, Screening
from couplecanvas.domain.session import PrivateNote, Session
from couplecanvas.storage.database import open_database
from couplecanvas.storage.repository import Repository
from couplecanvas.ui.main_window import MainWindow


@pytest.fixture
def make_window(qtbot, database_url, tmp_path):
    """Build a loaded MainWindow on the test's database (encrypted: with its `key`, as after the start-up's
    passphrase); call again for a 'relaunch' on the same file."""
    windows: list[MainWindow] = []

    def make(key: bytes | None = None) -> MainWindow:
        settings = Settings(tmp_path / "settings.ini")
        window = MainWindow(settings, lambda: Repository(open_database(database_url, key=key)))
        qtbot.addWidget(window)
        window.resize(1400, 900)
        window.show()
        qtbot.waitExposed(window)
        # The offscreen platform activates a window only when asked; shortcuts need an active window.
        window.windowHandle().requestActivate()
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)
        window.load()
        windows.append(window)
        return window

    yield make
    for window in windows:
        if window.repository is not None:
            window.close()


FIRST_NAMES = ("Zoë", "José")
ALIASES = ("Sun", "Moon")
OTHER_NAMES = ("Harriet", "Ignatius")
NOTE_CANARY = "marmalade-canary private process note"
OTHER_NOTE_CANARY = "quince-canary about the other couple"
TITLE_CANARY = "Disclosure of the affair"
CARD_WORDS = "Zoë feels unseen when José works late"
SCREENING_CANARY = "fennel-canary seen alone: fear at home"
CANARIES = (*FIRST_NAMES, "ZOË", "JOSÉ", *OTHER_NAMES, "marmalade", "quince", "Disclosure", "affair", "fennel")


@dataclass
class Practice:
    couple_id: int
    session_ids: list[int]  # oldest first
    other_couple_id: int
    other_session_id: int


def build_practice(database_url: str) -> Practice:
    """Two couples with boards, notes and titles; the first couple's partners have aliases switched on."""
    repository = Repository(open_database(database_url))
    try:
        couple = repository.add_couple(Couple(Partner(FIRST_NAMES[0], ALIASES[0]), Partner(FIRST_NAMES[1], ALIASES[1]),
                                              use_aliases=True))
        other = repository.add_couple(Couple(Partner(OTHER_NAMES[0]), Partner(OTHER_NAMES[1])))
        ids = []
        for days, title in ((14, TITLE_CANARY), (7, "")):
            session = repository.add_session(Session(couple.id, dt.date(2026, 12, 3) - dt.timedelta(days=days), title))
            board = Board(session_id=session.id)
            first = Card(text=CARD_WORDS, x=100, y=100, partner=PartnerRole.A)
            second = Card(text="JOSÉ goes quiet; Zoë pushes harder", x=420, y=100, partner=PartnerRole.B)
            third = Card(text="We both long to feel safe", x=260, y=320)
            for card in (first, second, third):
                board.add_card(card)
            board.add_connector(Connector(first.id, second.id, label="then Zoë"))
            repository.replace_board(session.id, board)
            repository.save_private_note(PrivateNote(session.id, f"{NOTE_CANARY} {days}"))
            ids.append(session.id)
        # The therapist's screening record (concerns, a note): for no shared screen and no handout.
        repository.save_screening(Screening(couple.id, Outcome.CONCERNS, dt.date(2026, 11, 12), SCREENING_CANARY))
        other_session = repository.add_session(Session(other.id, dt.date(2026, 11, 30), "Harriet's intake"))
        board = Board(session_id=other_session.id)
        board.add_card(Card(text="Harriet feels alone; Ignatius withdraws", x=0, y=0))
        repository.replace_board(other_session.id, board)
        repository.save_private_note(PrivateNote(other_session.id, OTHER_NOTE_CANARY))
        return Practice(couple.id, ids, other.id, other_session.id)
    finally:
        repository.close()


def drawn_text(view: QGraphicsView) -> str:
    """Every word the view draws on screen, read back: its viewport paints (as on screen, items seeing that view) into
    a QPicture, which is played into an SVG whose <text> elements are the words drawn."""
    picture = QPicture()
    view.viewport().render(picture)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    size = view.viewport().size()
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    painter = QPainter(generator)
    picture.play(painter)
    painter.end()
    svg = bytes(buffer.data()).decode("utf-8", "replace")
    # A card's words wrap into lines, each its own <text>: joined again with spaces, as a reader reads them.
    return " ".join(html.unescape(part.strip()) for part in re.findall(r">([^<>]*)</text>", svg))


def type_text(qtbot, widget, text: str) -> None:
    """Type like a keyboard would, accents and other scripts included (QTest's keyClicks only knows ASCII)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def widget_texts(root: QWidget) -> list[str]:
    """The words a person could read in a window: visible widgets' texts, titles, tooltips, list items, menus."""
    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        texts += [widget.toolTip(), widget.accessibleName(), widget.windowTitle() if widget.isWindow() else ""]
        if isinstance(widget, (QLabel, QAbstractButton, QLineEdit)):
            texts.append(widget.text())
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            texts.append(widget.toPlainText())
        elif isinstance(widget, QListWidget):
            texts += [widget.item(row).text() for row in range(widget.count())]
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(row) for row in range(widget.count())]
    return [t for t in texts if t]


def canaries_in(texts) -> list[str]:
    """The canary words found in these texts (case as shown)."""
    joined = "\n".join(texts) if not isinstance(texts, str) else texts
    return [word for word in CANARIES if word in joined]



@pytest.fixture
def share_kit(database_url):
    """The practice built on the test's database, and the tools that read what a screen shows."""
    practice = build_practice(database_url)
    return types.SimpleNamespace(practice=practice, drawn_text=drawn_text, widget_texts=widget_texts,
                                 canaries_in=canaries_in, type_text=type_text, aliases=ALIASES, first_names=FIRST_NAMES,
                                 card_words=CARD_WORDS, screening_canary=SCREENING_CANARY)
