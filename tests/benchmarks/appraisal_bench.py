"""Appraisal benchmarks (issue 4, item 9), on the services: saving one grid cell durably, opening the grid
of a penilai with about 40 subordinates, and the distribution of the biggest perangkat daerah/kecamatan.

Run by ``run.py`` after the GUI benchmarks, on the same database, in the runner's process (no Qt). Each
sample is followed by one of its floor (raw ``sqlite3`` on the same file doing the same work), so both
see the machine alike. These calls take milliseconds, so each measurement takes ``SAMPLES_PER_REPEAT``
samples per ``--repeat``, after one discarded call of each (the file's pages in the cache, as they are
for the app once it runs).

``grid_open_service`` measures the service behind the Penilaian cepat grid; a GUI measurement of the
grid page (open the page for the same penilai until it is painted) belongs next to it once the page exists.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from asn_desktop.services import appraisals as ap
from asn_desktop.services import database

from .measure import BenchError, Result, Target, ms

SAVE_TARGET_MS = 10.0
GRID_TARGET_MS = 100.0
DISTRIBUTION_TARGET_MS = 100.0
GRID_TEAM = 40  # the supervisor: about 40 subordinates, at least GRID_TEAM_MIN
GRID_TEAM_MIN = 30
SAMPLES_PER_REPEAT = 10

# the employees' newest approved SKP of the year: what the grid lists (appraisals._newest_approved)
NEWEST_APPROVED = "SELECT max(id) FROM skp WHERE year = ? AND status = 'disetujui' GROUP BY employee_id"


def _connect(db: Path) -> sqlite3.Connection:
    """A plain connection as durable as the app's: WAL, synchronous FULL, transactions by hand."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = wal")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return ms(time.perf_counter() - start)


def _interleaved(count: int, measured: Callable[[int], object], floor: Callable[[int], object]) -> tuple[list[float], list[float]]:
    """``count`` samples of ``measured``, each followed by one of ``floor``, after one discarded call of each."""
    measured(-1)
    floor(-1)
    samples, floor_samples = [], []
    for i in range(count):
        samples.append(_timed(lambda: measured(i)))
        floor_samples.append(_timed(lambda: floor(i)))
    return samples, floor_samples


# ------------------------------------------------------------------------------------------ what to use
def appraisal_year(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        year = conn.execute("SELECT max(year) FROM evaluation_period WHERE cadence = 'tahunan'").fetchone()[0]
    finally:
        conn.close()
    if year is None:
        raise BenchError("the database has no evaluation periods: build it with a demo that makes evaluations")
    return int(year)


def grid_penilai(conn: sqlite3.Connection, year: int) -> tuple[int, int]:
    """(penilai id, team size) of the penilai whose team is closest to GRID_TEAM and at least GRID_TEAM_MIN."""
    row = conn.execute(
        f"""SELECT penilai_id, count(*) AS n FROM skp WHERE id IN ({NEWEST_APPROVED}) AND penilai_id IS NOT NULL
            GROUP BY penilai_id HAVING n >= ? ORDER BY abs(n - ?), penilai_id LIMIT 1""",
        (year, GRID_TEAM_MIN, GRID_TEAM),
    ).fetchone()
    if row is None:
        biggest = conn.execute(
            f"""SELECT max(n) FROM (SELECT count(*) AS n FROM skp WHERE id IN ({NEWEST_APPROVED})
                AND penilai_id IS NOT NULL GROUP BY penilai_id)""", (year,)).fetchone()[0]
        raise BenchError(f"no penilai has {GRID_TEAM_MIN} or more subordinates with an approved SKP in {year} "
                         f"(the biggest team: {biggest or 0}); build a bigger demo")
    return int(row[0]), int(row[1])


def biggest_organisation(conn: sqlite3.Connection) -> tuple[int, str, int]:
    """(unit id, name, employees) of the perangkat daerah or kecamatan with the most employees."""
    parent = dict(conn.execute("SELECT id, parent_id FROM org_unit"))
    kinds = {u: (k, name) for u, k, name in conn.execute("SELECT id, kind, name FROM org_unit")}
    counts: dict[int, int] = {}
    for unit_id, n in conn.execute("SELECT unit_id, count(*) FROM employee WHERE active = 1 GROUP BY unit_id"):
        u, steps = unit_id, 0
        while u is not None and steps < 64:
            if kinds[u][0] in ("opd", "kecamatan"):
                counts[u] = counts.get(u, 0) + n
                break
            u, steps = parent.get(u), steps + 1
    if not counts:
        raise BenchError("the database has no perangkat daerah or kecamatan with employees")
    unit_id = max(counts, key=lambda u: (counts[u], -u))
    return unit_id, kinds[unit_id][1], counts[unit_id]


def _annual_period(conn: sqlite3.Connection, year: int) -> int:
    return int(conn.execute("SELECT id FROM evaluation_period WHERE year = ? AND cadence = 'tahunan'",
                            (year,)).fetchone()[0])


# ------------------------------------------------------------------------------------------ (b) the grid
def grid_open_service(penilai_id: int, period_id: int) -> list[ap.TeamRow]:
    """What the grid shows on opening: one row per subordinate (the service the Penilaian cepat page calls)."""
    return ap.team(penilai_id, period_id)


def grid_open_floor(conn: sqlite3.Connection, penilai_id: int, period_id: int, year: int) -> int:
    """Raw sqlite3: the same selects as ``appraisals.team`` (the team's SKPs, their evaluations of the period,
    the IKI counts, the realisasi with their targets, the objections). Returns the number of subordinates."""
    skps = conn.execute(
        f"""SELECT s.id, s.employee_id, e.nip, e.front_title, e.name, e.back_title, s.employee_position
            FROM skp s JOIN employee e ON e.id = s.employee_id WHERE s.id IN ({NEWEST_APPROVED}) AND s.penilai_id = ?""",
        (year, penilai_id),
    ).fetchall()
    employees = [r[1] for r in skps]
    skp_ids = [r[0] for r in skps]
    marks = ",".join("?" * len(employees)) or "NULL"
    evaluations = conn.execute(
        f"""SELECT v.id, v.employee_id, v.skp_id, v.status, v.rating_hasil, v.rating_perilaku, v.final_predikat,
                   v.lock_version, s.penilai_id FROM evaluation v JOIN skp s ON s.id = v.skp_id
            WHERE v.period_id = ? AND (v.employee_id IN ({marks}) OR s.penilai_id = ?)""",
        (period_id, *employees, penilai_id),
    ).fetchall()
    conn.execute(
        f"""SELECT r.skp_id, count(k.id) FROM skp_iki k JOIN skp_rhk r ON r.id = k.rhk_id
            WHERE r.skp_id IN ({marks}) GROUP BY r.skp_id""", skp_ids).fetchall()
    ids = [v[0] for v in evaluations]
    evaluation_marks = ",".join("?" * len(ids)) or "NULL"
    conn.execute(
        f"""SELECT i.evaluation_id, i.realisasi_value, i.realisasi_text, k.target_value, k.aspect
            FROM evaluation_indicator i JOIN skp_iki k ON k.id = i.iki_id WHERE i.evaluation_id IN ({evaluation_marks})""",
        ids).fetchall()
    conn.execute(f"SELECT evaluation_id, status FROM objection WHERE evaluation_id IN ({evaluation_marks})", ids).fetchall()
    return len(skps)


# ------------------------------------------------------------------------------------------ measure
def measure_appraisals(db: Path, repeat: int) -> list[Result]:
    year = appraisal_year(db)
    count = repeat * SAMPLES_PER_REPEAT
    conn = _connect(db)
    database.open_database(db)
    try:
        annual = _annual_period(conn, year)
        penilai_id, team_size = grid_penilai(conn, year)
        unit_id, unit_name, unit_employees = biggest_organisation(conn)
        results = [
            measure_cell_save(conn, penilai_id, annual, count),
            measure_grid_open(conn, penilai_id, team_size, annual, year, count),
            measure_distribution(conn, unit_id, unit_name, unit_employees, year, count),
        ]
    finally:
        database.close_database()
        conn.close()
    return results


def measure_cell_save(conn: sqlite3.Connection, penilai_id: int, period_id: int, count: int) -> Result:
    """(a) One rating typed into the grid: ``set_rating`` (Sesuai and Di Atas in turn) in its own durable
    transaction, against one UPDATE of the same column of the same row in its own transaction (BEGIN
    IMMEDIATE ... COMMIT, synchronous FULL, WAL)."""
    rows = [r for r in grid_open_service(penilai_id, period_id) if not r.final]
    if not rows:  # everybody in the team is final: any draft of the period whose penilai can be the actor
        found = conn.execute(
            """SELECT s.penilai_id FROM evaluation v JOIN skp s ON s.id = v.skp_id
               WHERE v.period_id = ? AND v.status = 'draf' AND s.penilai_id IS NOT NULL ORDER BY v.id LIMIT 1""",
            (period_id,)).fetchone()
        if found is None:
            raise BenchError("the annual period has no draft evaluation to score")
        penilai_id = found[0]
        rows = [r for r in grid_open_service(penilai_id, period_id) if not r.final]
    row = rows[0]
    actor = ap.Actor(employee_id=penilai_id)
    original = row.rating_hasil
    values = (ap.Rating.SESUAI, ap.Rating.DI_ATAS)
    print(f"Grid cell save: {count} saves, each followed by one raw UPDATE ...", flush=True)
    state = {"version": row.lock_version}

    def save(i: int) -> None:
        saved = ap.set_rating(row.employee_id, period_id, actor, hasil=values[i % 2], expected_version=state["version"])
        state["version"] = saved.lock_version

    if row.evaluation_id is None:
        save(0)  # the first rating creates the evaluation; the measured ones change it
    evaluation_id = ap.team_row(row.employee_id, period_id).evaluation_id

    def floor(i: int) -> None:
        # the third value: SQLite writes nothing for an UPDATE that changes nothing, so the floor and the next
        # save each really change the row
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE evaluation SET rating_hasil = 'di_bawah' WHERE id = ?", (evaluation_id,))
        conn.execute("COMMIT")

    try:
        samples, floor_samples = _interleaved(count, save, floor)
    finally:  # leave the evaluation as it was (a reused database stays the demo)
        ap.set_rating(row.employee_id, period_id, actor, hasil=original)
    return Result(
        key="appraisal_cell_save", name="Save one grid cell (rating)", samples_ms=samples,
        floor_name="sqlite3: one UPDATE in its own transaction, WAL, synchronous FULL",
        floor_samples_ms=floor_samples, target=Target("ms", SAVE_TARGET_MS), paired=True,
        notes={"employee_id": row.employee_id, "evaluation_id": evaluation_id, "penilai_id": penilai_id,
               "samples": count},
    )


def measure_grid_open(conn: sqlite3.Connection, penilai_id: int, team_size: int, period_id: int, year: int,
                      count: int) -> Result:
    """(b) The rows of the supervisor grid for the annual period: ``appraisals.team``, against raw sqlite3."""
    print(f"Grid of {team_size} subordinates: {count} opens, each followed by the raw selects ...", flush=True)
    shown = {}

    def service(i: int) -> None:
        shown["rows"] = len(grid_open_service(penilai_id, period_id))

    def floor(i: int) -> None:
        shown["floor_rows"] = grid_open_floor(conn, penilai_id, period_id, year)

    samples, floor_samples = _interleaved(count, service, floor)
    if shown["rows"] != shown["floor_rows"]:
        raise BenchError(f"the grid lists {shown['rows']} subordinates, the raw query {shown['floor_rows']}")
    return Result(
        key="appraisal_grid_open", name=f"Open the grid ({shown['rows']} subordinates)", samples_ms=samples,
        floor_name="sqlite3: the same selects as appraisals.team", floor_samples_ms=floor_samples,
        target=Target("ms", GRID_TARGET_MS), paired=True,
        notes={"penilai_id": penilai_id, "rows": shown["rows"], "samples": count},
    )


def measure_distribution(conn: sqlite3.Connection, unit_id: int, unit_name: str, employees: int, year: int,
                         count: int) -> Result:
    """(c) The annual predikat of the biggest perangkat daerah/kecamatan against its rule: ``appraisals.distribution``,
    against raw sqlite3 counting the final annual predikat of the unit's subtree by predikat."""
    print(f"Distribution of {unit_name} ({employees:,} employees): {count} runs, each followed by the raw count ...",
          flush=True)
    got: dict[str, object] = {}

    def service(i: int) -> None:
        got["service"] = ap.distribution(unit_id, year)

    def floor(i: int) -> None:
        got["floor"] = dict(conn.execute(
            """WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT u.id FROM org_unit u JOIN sub ON u.parent_id = sub.id)
               SELECT v.final_predikat, count(*) FROM evaluation v JOIN evaluation_period p ON p.id = v.period_id
               WHERE p.year = ? AND p.cadence = 'tahunan' AND v.status = 'final' AND v.unit_id IN sub
               GROUP BY v.final_predikat""", (unit_id, year)).fetchall())

    samples, floor_samples = _interleaved(count, service, floor)
    d: ap.UnitDistribution = got["service"]  # type: ignore[assignment]
    counted = {p.name.lower(): n for p, n in d.counts.items() if n}
    if counted != got["floor"]:
        raise BenchError(f"the distribution of {unit_name} counts {counted}, the raw query {got['floor']}")
    return Result(
        key="appraisal_distribution", name=f"Unit distribution ({d.total:,} annual predikat)", samples_ms=samples,
        floor_name="sqlite3: final annual predikat of the subtree, grouped", floor_samples_ms=floor_samples,
        target=Target("ms", DISTRIBUTION_TARGET_MS), paired=True,
        notes={"unit_id": unit_id, "unit": unit_name, "employees": employees, "final": d.total, "drafts": d.drafts,
               "rule_followed": None if d.check is None else d.check.ok, "samples": count},
    )
