"""Logging to a rotating file in the data folder; no print in the app."""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
from pathlib import Path


class PrivateLogFile(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are readable by their owner only (0600), whatever the umask."""

    def _open(self):
        stream = super()._open()
        with contextlib.suppress(OSError):
            os.chmod(self.baseFilename, 0o600)
        return stream


def setup_logging(folder: Path, level: int = logging.INFO) -> Path | None:
    """Log to folder/couplecanvas.log (1 MB x 3); returns the file, or None if the folder cannot be written."""
    root = logging.getLogger()
    if any(getattr(h, "_couplecanvas", False) for h in root.handlers):
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = folder / "couplecanvas.log"
        handler = PrivateLogFile(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True)
    except OSError:
        return None
    handler._couplecanvas = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return path
