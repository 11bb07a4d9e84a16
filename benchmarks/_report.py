"""What the benchmark scripts print alike: medians, spreads, ratios to the floor, versions, load, the table, problems.

Each script subclasses Report for its own column widths (and checks of its own).
"""

from __future__ import annotations

import os
import statistics
from importlib import metadata


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def spread(values: list[float], digits: int = 0) -> str:
    return f"{min(values):.{digits}f}-{max(values):.{digits}f}" if values else "-"


def ratio(value: float, floor: float) -> str:
    return f"{value / floor:.2f}x" if floor and floor == floor and value == value else "-"


def verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


def version_of(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def load_average() -> str:
    """The machine's load averages over 1, 5 and 15 minutes ('?' where the system does not tell)."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return " ".join(f"{x:.2f}" for x in load) if load else "?"


class Report:
    """Prints table rows readably and collects problems for the end."""

    NAME_WIDTH = 40
    VALUE_WIDTH = 9
    RANGE_WIDTH = 11
    FLOOR_WIDTH = 9

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, text: str) -> None:
        self.problems.append(text)
        print(f"  !! {text}", flush=True)

    @classmethod
    def header(cls, title: str, value: str = "median", rng: str = "min-max") -> None:
        print(f"\n{title}", flush=True)
        print(f"  {'figure':<{cls.NAME_WIDTH}} {value:>{cls.VALUE_WIDTH}} {rng:>{cls.RANGE_WIDTH}} "
              f"{'floor':>{cls.FLOOR_WIDTH}} {'ratio':>7}  target", flush=True)

    @classmethod
    def row(cls, name: str, value: str, rng: str = "", floor: str = "", ratio_: str = "", target: str = "") -> None:
        print(f"  {name:<{cls.NAME_WIDTH}} {value:>{cls.VALUE_WIDTH}} {rng:>{cls.RANGE_WIDTH}} "
              f"{floor:>{cls.FLOOR_WIDTH}} {ratio_:>7}  {target}".rstrip(), flush=True)

    def print_problems(self) -> bool:
        """List the problems met on the way, if any; True when there were some."""
        if not self.problems:
            return False
        print(f"\n{len(self.problems)} problem(s):", flush=True)
        for text in self.problems:
            print(f"  - {text}", flush=True)
        return True
