"""The bundled font, registered with Qt so the board looks the same on every machine (and on paper)."""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
UI_POINT_SIZE = 10


def install_fonts(app: QApplication) -> str | None:
    """Register the bundled family and make it the application font; returns the family name."""
    folder = resources.files("couplecanvas.resources").joinpath("fonts")
    family = None
    for name in FONT_FILES:
        resource = folder.joinpath(name)
        if isinstance(resource, Path):
            # From a file, Qt maps the font instead of keeping a copy in memory (about 3 MB less).
            font_id = QFontDatabase.addApplicationFont(str(resource))
        else:
            font_id = QFontDatabase.addApplicationFontFromData(resource.read_bytes())
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            family = family or families[0]
        else:
            log.warning("could not register font %s", name)
    if family:
        app.setFont(QFont(family, UI_POINT_SIZE))
    return family
