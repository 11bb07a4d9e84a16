"""Writing exported files safely."""

from __future__ import annotations

import os
from pathlib import Path


def write_file_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: a full disk never leaves half a file behind."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.partial")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
