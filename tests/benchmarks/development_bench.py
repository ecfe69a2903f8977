"""Development benchmark (issue 5, item 8), on the service: the JP compliance list of the whole office —
every active employee with the JP earned in the year against the target, the furthest from it first.

Run by ``run.py`` after the appraisal benchmarks, on the same database, in the runner's process (no Qt).
Each sample is followed by one of its floor (raw ``sqlite3`` on the same file doing the same SUM/GROUP BY
over training_participation and training_event, joined to every active employee and their unit), after one
discarded call of each, ``SAMPLES_PER_REPEAT`` samples per ``--repeat``, as in ``appraisal_bench.py``.

``compliance_service`` and ``compliance_floor`` are what the page measurement (``pelatihan_bench.py``:
the Pelatihan page's compliance list, reloaded until it is shown) builds on.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from asn_desktop.services import database
from asn_desktop.services import development as dev

from .appraisal_bench import SAMPLES_PER_REPEAT, _connect, _interleaved
from .measure import BenchError, Result, Target

COMPLIANCE_TARGET_MS = 150.0

# services.development.compliance as one statement: JP per employee counted in the year the event ended,
# only hadir/lulus, jp_credited or the event's JP; every active employee with their unit; furthest first
COMPLIANCE_FLOOR_SQL = """
SELECT e.id, e.front_title, e.name, e.back_title, e.nip, e.status, e.position_title, e.unit_id, u.name,
       coalesce(j.jp, 0) AS jp
FROM employee AS e
JOIN org_unit AS u ON u.id = e.unit_id
LEFT JOIN (SELECT p.employee_id, sum(coalesce(p.jp_credited, t.jp)) AS jp
           FROM training_participation AS p JOIN training_event AS t ON t.id = p.event_id
           WHERE p.status IN ('hadir', 'lulus') AND t.end_date >= ? AND t.end_date <= ?
           GROUP BY p.employee_id) AS j ON j.employee_id = e.id
WHERE e.active = 1
ORDER BY jp, e.name
"""


def compliance_year(db: Path) -> int:
    """The year most training ended in (the demo's year)."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        row = conn.execute(
            """SELECT substr(t.end_date, 1, 4) AS y FROM training_participation p JOIN training_event t
               ON t.id = p.event_id GROUP BY y ORDER BY count(*) DESC, y DESC LIMIT 1""").fetchone()
    finally:
        conn.close()
    if row is None:
        raise BenchError("the database has no training records: build it with a demo that makes them")
    return int(row[0])


def compliance_service(year: int) -> list[dev.ComplianceRow]:
    """What the compliance list shows: every active employee's JP in the year against the target."""
    return dev.compliance(year)


def compliance_floor(conn: sqlite3.Connection, year: int, target: float) -> tuple[int, int]:
    """Raw sqlite3: the same join and sum, every row fetched. Returns (employees, how many meet ``target``)."""
    rows = conn.execute(COMPLIANCE_FLOOR_SQL, (f"{year}-01-01", f"{year}-12-31")).fetchall()
    return len(rows), sum(1 for r in rows if r[-1] >= target)


def measure_development(db: Path, repeat: int) -> list[Result]:
    year = compliance_year(db)
    count = repeat * SAMPLES_PER_REPEAT
    conn = _connect(db)
    database.open_database(db)
    try:
        return [measure_compliance(conn, year, count)]
    finally:
        database.close_database()
        conn.close()


def measure_compliance(conn: sqlite3.Connection, year: int, count: int) -> Result:
    target = dev.jp_target()
    events, participations = conn.execute(
        "SELECT (SELECT count(*) FROM training_event), (SELECT count(*) FROM training_participation)").fetchone()
    print(f"JP compliance {year} ({participations:,} participations in {events:,} events): {count} runs, each followed "
          "by the raw query ...", flush=True)
    got: dict[str, object] = {}

    def service(i: int) -> None:
        got["service"] = compliance_service(year)

    def floor(i: int) -> None:
        got["floor"] = compliance_floor(conn, year, target)

    samples, floor_samples = _interleaved(count, service, floor)
    rows: list[dev.ComplianceRow] = got["service"]  # type: ignore[assignment]
    shown = (len(rows), sum(1 for r in rows if r.meets))
    if shown != got["floor"]:
        raise BenchError(f"the compliance list has {shown[0]:,} employees ({shown[1]:,} meeting {target} JP), the raw "
                         f"query {got['floor']}")
    return Result(
        key="development_compliance", name=f"JP compliance list ({len(rows):,} employees)", samples_ms=samples,
        floor_name="sqlite3: JP summed per employee (participation + event), joined to every active employee",
        floor_samples_ms=floor_samples, target=Target("ms", COMPLIANCE_TARGET_MS), paired=True,
        notes={"year": year, "employees": len(rows), "meeting": shown[1], "target_jp": target, "events": events,
               "participations": participations, "samples": count},
    )


__all__ = ["COMPLIANCE_TARGET_MS", "compliance_year", "compliance_service", "compliance_floor", "measure_development"]
