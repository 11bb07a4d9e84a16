"""Run the real app (couplecanvas.app.main) and type words into one card with real key events, as a therapist would.

Used by test_gui_kill_while_typing.py, which kills this process at random moments. Arguments: database URL, couple id,
session id, card id, the words to type (one argument). Prints "typed N" each time the app's `saved` signal says the
first N words are in the database (the words written are read from the document at the moment of the signal).
"""

from __future__ import annotations

import random
import sys

from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def complete_words(text: str, words: list[str]) -> int:
    """How many of `words` (typed in order, one space between) `text` holds whole."""
    count, end = 0, 0
    for n, word in enumerate(words):
        end += len(word) + (1 if n else 0)
        if end > len(text) or text[:end] != " ".join(words[: n + 1]):
            break
        if end < len(text) and text[end] != " ":
            break
        count = n + 1
    return count


def main() -> int:
    url, couple_id, session_id, card_id, phrase = sys.argv[1:6]
    words = phrase.split()
    app = QApplication(sys.argv[:1])
    chance = random.Random()

    def hook() -> None:
        from couplecanvas.ui.main_window import MainWindow

        window = next((w for w in app.topLevelWidgets() if isinstance(w, MainWindow)), None)
        if window is None:
            QTimer.singleShot(10, hook)
        elif window.controller.repository is None:
            window.loaded.connect(lambda: QTimer.singleShot(0, lambda: start(window)))
        else:
            start(window)

    def start(window) -> None:
        controller = window.controller
        controller.open_couple(int(couple_id))
        controller.open_session(int(session_id))
        window.windowHandle().requestActivate()
        acknowledged = [0]

        def on_saved() -> None:
            text = controller.document.board.cards[card_id].text
            done = complete_words(text, words)
            if done > acknowledged[0]:
                acknowledged[0] = done
                print(f"typed {done}", flush=True)

        controller.saved.connect(on_saved)
        view = window.board_page.view
        card = controller.document.board.cards[card_id]
        centre = QPointF(card.x + card.width / 2, card.y + card.height / 2)
        view.centerOn(centre)
        view.setFocus()
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         view.mapFromScene(centre))
        print("started", flush=True)
        following = iter(enumerate(words))

        def type_next() -> None:
            step = next(following, None)
            if step is None:
                print("all typed", flush=True)
                return
            n, word = step
            QTest.keyClicks(view.viewport(), word if n == 0 else f" {word}")
            QTimer.singleShot(chance.randint(20, 150), type_next)

        type_next()

    QTimer.singleShot(0, hook)
    from couplecanvas.app.main import main as app_main

    return app_main(["--database", url])


if __name__ == "__main__":
    sys.exit(main())
