"""PySide6 6.12.0 on Python 3.11 corrupted None's refcount on each void call and aborted after a few thousand.

This runs 20,000 void calls in one process: with a bad PySide6 the interpreter aborts (or None's count drops)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene


def test_twenty_thousand_void_calls_leave_none_alone(qapp):
    scene = QGraphicsScene()
    item = QGraphicsRectItem(0, 0, 10, 10)
    scene.addItem(item)
    before = sys.getrefcount(None)
    for i in range(20_000):
        item.setPos(i % 100, i % 50)  # void
        item.update()  # void
    after = sys.getrefcount(None)
    assert after >= before - 100, f"None lost {before - after} references over 20,000 void calls"
    assert item.pos().x() == 19_999 % 100
