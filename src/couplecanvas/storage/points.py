"""Stroke points as a compact blob: little-endian float32 triples (x, y, pressure), 12 bytes a point."""

from __future__ import annotations

import struct
import sys
from array import array


def pack_points(points) -> bytes:
    """(x, y, pressure) tuples to bytes."""
    flat = array("f", (value for point in points for value in point))
    if sys.byteorder != "little":
        flat.byteswap()
    return flat.tobytes()


def unpack_points(blob: bytes) -> tuple[tuple[float, float, float], ...]:
    """Bytes back to (x, y, pressure) tuples (float32 precision)."""
    if len(blob) % 12:
        raise ValueError("stroke points are damaged")
    flat = array("f")
    flat.frombytes(blob)
    if sys.byteorder != "little":
        flat.byteswap()
    return tuple(struct.iter_unpack("<3f", flat.tobytes())) if sys.byteorder != "little" else tuple(
        zip(flat[0::3], flat[1::3], flat[2::3])
    )
