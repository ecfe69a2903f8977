"""What every benchmark shares: results with their floor and target, and the floors that need no Qt."""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

STARTUP_RATIO_TARGET = 1.5  # the app starts within 1.5x the bare window
PAGE_LOAD_TARGET_MS = 150.0
KEYSTROKE_TARGET_MS = 30.0

BACKSPACE = "\b"
# typing a name and deleting it again: what an operator does when looking someone up
KEY_SEQUENCE: tuple[str, ...] = ("s", "i", "t", "i", BACKSPACE, BACKSPACE, BACKSPACE, BACKSPACE)

# the columns list_employees selects (asn_desktop/services/employees.py), as plain SQL
EMPLOYEE_LIST_SQL = """
SELECT e.id, e.nip, e.front_title, e.name, e.back_title, e.gender, e.status, e.golongan,
       e.position_title, e.position_kind, e.jenjang, e.unit_id, u.name,
       e.supervisor_id, s.front_title, s.name, s.back_title, e.active
FROM employee AS e
JOIN org_unit AS u ON e.unit_id = u.id
LEFT OUTER JOIN employee AS s ON e.supervisor_id = s.id
ORDER BY e.name
"""


class BenchError(Exception):
    """A measured program failed or misbehaved; the message says which and how."""


@dataclass(frozen=True)
class Target:
    """Either a ceiling on the ratio to the floor or a ceiling on the median in milliseconds."""

    kind: Literal["ratio", "ms"]
    limit: float

    def text(self) -> str:
        if self.kind == "ratio":
            return f"<= {self.limit:g}x floor"
        return f"< {self.limit:g} ms"

    def met(self, median_ms: float, ratio: float | None) -> bool:
        if self.kind == "ratio":
            return ratio is not None and ratio <= self.limit
        return median_ms < self.limit


@dataclass
class Result:
    """One benchmark: its samples, its floor's samples (same run), its target. Times in milliseconds."""

    key: str
    name: str
    samples_ms: list[float]
    floor_name: str = ""
    floor_samples_ms: list[float] = field(default_factory=list)
    target: Target | None = None
    notes: dict[str, Any] = field(default_factory=dict)
    # samples[i] and floor_samples[i] were taken back to back: the ratio is then the median of the
    # pairwise ratios, which cancels out the machine's slow and fast moments better than a ratio of medians
    paired: bool = False

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def floor_median_ms(self) -> float | None:
        return statistics.median(self.floor_samples_ms) if self.floor_samples_ms else None

    @property
    def ratio(self) -> float | None:
        if self.paired and self.floor_samples_ms:
            return statistics.median(a / b for a, b in zip(self.samples_ms, self.floor_samples_ms) if b)
        floor = self.floor_median_ms
        return self.median_ms / floor if floor else None

    @property
    def passed(self) -> bool | None:
        """``None`` for an informational figure without a target."""
        return None if self.target is None else self.target.met(self.median_ms, self.ratio)

    def to_json(self) -> dict[str, Any]:
        floor = self.floor_median_ms
        ratio = self.ratio
        return {
            "key": self.key,
            "name": self.name,
            "unit": "ms",
            "median": round(self.median_ms, 3),
            "samples": [round(s, 3) for s in self.samples_ms],
            "floor": self.floor_name or None,
            "floor_median": None if floor is None else round(floor, 3),
            "floor_samples": [round(s, 3) for s in self.floor_samples_ms],
            "ratio": None if ratio is None else round(ratio, 3),
            "ratio_is": "median of pairwise ratios" if self.paired else "median / floor median",
            "target": None if self.target is None else {"kind": self.target.kind, "limit": self.target.limit},
            "passed": self.passed,
            "notes": self.notes,
        }


def ms(seconds: float) -> float:
    return seconds * 1000.0


def employee_count(db: Path) -> int:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM employee").fetchone()[0])
    finally:
        conn.close()


class SqliteFloor:
    """Raw sqlite3 on its own read-only connection: the employee list join with every row fetched."""

    def __init__(self, db: Path) -> None:
        self._conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
        self._conn.execute(EMPLOYEE_LIST_SQL).fetchall()  # page cache warm, as it is for the app after start-up

    def sample(self) -> tuple[float, int]:
        """One run: milliseconds taken and the number of rows fetched."""
        start = time.perf_counter()
        rows = len(self._conn.execute(EMPLOYEE_LIST_SQL).fetchall())
        return ms(time.perf_counter() - start), rows

    def close(self) -> None:
        self._conn.close()


def python_filter_sample(haystacks: Sequence[str], text: str) -> float:
    """Plain Python: the precomputed lowercase strings, the same ``all(w in s for w in words)`` test (ms)."""
    words = text.lower().split()
    start = time.perf_counter()
    kept = [i for i, s in enumerate(haystacks) if all(w in s for w in words)]
    elapsed = time.perf_counter() - start
    del kept
    return ms(elapsed)


def typed_texts(sequence: Sequence[str]) -> list[str]:
    """The search box text after each key of ``sequence`` (``BACKSPACE`` deletes the last character)."""
    text, out = "", []
    for key in sequence:
        text = text[:-1] if key == BACKSPACE else text + key
        out.append(text)
    return out
