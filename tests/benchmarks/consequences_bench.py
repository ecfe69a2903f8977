"""Consequences benchmarks (issue 6, item 6), on the services: the monthly TPP run of the whole office and the
ranked candidate list of a vacancy.

Run by ``run.py`` after the development benchmark, in the runner's process (no Qt). The TPP run writes, so it
runs on a **copy** of the database in the run's temp folder (the demo file is not changed): the demo's draft
month is computed again with ``services.tpp.compute_run`` (its lines deleted and written anew, one durable
transaction), each sample followed by its floor — raw ``sqlite3`` on the same copy, WAL and
``synchronous=FULL`` like the app, reading the same inputs (active employees, final evaluations of periods
ended before the month, the month's attendance, the sanctions touching it) and, in one transaction, deleting
the run's lines and inserting as many lines with an explanation as long as the service's. The candidate list
(``services.promotion.candidates`` for the demo's first open vacancy) only reads, from the demo file; its
floor reads the same inputs with raw ``sqlite3``: the two years' final annual predikat, the JP of the year
before summed per employee, the sanctions, and the active employees with their unit.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import statistics
from pathlib import Path

from asn_desktop.services import database, promotion, tpp

from .appraisal_bench import SAMPLES_PER_REPEAT, _connect, _interleaved
from .measure import BenchError, Result, Target

TPP_RUN_TARGET_MS = 2000.0
CANDIDATES_TARGET_MS = 200.0
TPP_SAMPLES_PER_REPEAT = 2  # a run takes most of a second: 2 per --repeat, each followed by its floor

TPP_FLOOR_READS = (
    ("SELECT id, jenjang, position_kind, unit_id FROM employee WHERE active = 1", ()),
    ("""SELECT e.employee_id, e.final_predikat, p.end_date, p.cadence FROM evaluation e
        JOIN evaluation_period p ON p.id = e.period_id WHERE e.status = 'final' AND p.end_date < :first""", ("first",)),
    ("SELECT employee_id, absent_days, late_minutes FROM attendance_month WHERE year = :year AND month = :month",
     ("year", "month")),
    ("""SELECT s.*, m.name FROM sanction s JOIN employee m ON m.id = s.employee_id
        WHERE s.cancelled_on IS NULL AND s.start_date <= :last AND coalesce(s.end_date, s.start_date) >= :first""",
     ("first", "last")),
    ("SELECT class, amount FROM tpp_ceiling", ()),
)
TPP_FLOOR_INSERT = """INSERT INTO tpp_line (run_id, employee_id, class, predikat, ceiling, performance, discipline_base,
    discipline_deduction, discipline, gross, sanction_cut, net, explanation) VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, ?)"""

CANDIDATE_FLOOR_READS = (
    """SELECT e.employee_id, p.year, e.final_predikat FROM evaluation e JOIN evaluation_period p ON p.id = e.period_id
       WHERE p.cadence = 'tahunan' AND p.year IN (:before, :last) AND e.status = 'final'""",
    """SELECT e.id, coalesce(j.jp, 0) FROM employee e
       LEFT JOIN (SELECT p.employee_id, sum(coalesce(p.jp_credited, t.jp)) AS jp
                  FROM training_participation p JOIN training_event t ON t.id = p.event_id
                  WHERE p.status IN ('hadir', 'lulus') AND t.end_date >= :from AND t.end_date <= :to
                  GROUP BY p.employee_id) j ON j.employee_id = e.id
       WHERE e.active = 1""",
    "SELECT s.*, m.front_title, m.name, m.back_title, m.nip FROM sanction s JOIN employee m ON m.id = s.employee_id",
    """SELECT e.id, e.front_title, e.name, e.back_title, e.nip, e.status, e.golongan, e.position_title, e.unit_id,
              u.name FROM employee e JOIN org_unit u ON u.id = e.unit_id WHERE e.active = 1""",
)


def draft_month(db: Path) -> tuple[int, int, int]:
    """(run id, year, month) of the demo's draft TPP run of the whole office."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT id, year, month FROM tpp_run WHERE status = 'draf' AND unit_id IS NULL "
                           "ORDER BY year DESC, month DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    if row is None:
        raise BenchError("the database has no draft TPP run: build it with a demo that makes the tindak lanjut")
    return row


def open_vacancy(db: Path) -> tuple[int, str]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT id, title FROM vacancy WHERE status = 'terbuka' ORDER BY id LIMIT 1").fetchone()
    finally:
        conn.close()
    if row is None:
        raise BenchError("the database has no open vacancy: build it with a demo that makes the tindak lanjut")
    return row


def tpp_floor(conn: sqlite3.Connection, run_id: int, year: int, month: int, explanation: str) -> int:
    """Raw sqlite3: the run's reads, then its lines deleted and as many inserted in one transaction."""
    first = dt.date(year, month, 1)
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
    values = {"first": first.isoformat(), "last": last.isoformat(), "year": year, "month": month}
    results = [conn.execute(sql, {k: values[k] for k in keys}).fetchall() for sql, keys in TPP_FLOOR_READS]
    people = results[0]
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("DELETE FROM tpp_line WHERE run_id = ?", (run_id,))
    conn.executemany(TPP_FLOOR_INSERT, [(run_id, e, j or "Pelaksana", None, 2_500_000, explanation)
                                        for e, j, _k, _u in people])
    conn.execute("COMMIT")
    return len(people)


def candidates_floor(conn: sqlite3.Connection, on: dt.date) -> int:
    last, before = on.year - 1, on.year - 2
    values = {"before": before, "last": last, "from": f"{last}-01-01", "to": f"{last}-12-31"}
    rows = [conn.execute(sql, {k: v for k, v in values.items() if f":{k}" in sql}).fetchall()
            for sql in CANDIDATE_FLOOR_READS]
    return len(rows[-1])


def measure_consequences(db: Path, repeat: int, workdir: Path) -> list[Result]:
    return [measure_tpp_run(db, repeat, workdir), measure_candidates(db, repeat)]


def measure_tpp_run(db: Path, repeat: int, workdir: Path) -> Result:
    run_id, year, month = draft_month(db)
    copy = workdir / "tpp-copy.db"
    source = sqlite3.connect(db)
    try:
        target = sqlite3.connect(copy)
        source.backup(target)  # a consistent copy even of a WAL database
        target.close()
    finally:
        source.close()
    count = repeat * TPP_SAMPLES_PER_REPEAT
    conn = _connect(copy)
    database.open_database(copy)
    try:
        explanation = conn.execute("SELECT explanation FROM tpp_line WHERE run_id = ? ORDER BY length(explanation) "
                                   "DESC LIMIT 1", (run_id,)).fetchone()[0]
        print(f"TPP run {month:02d}/{year} of the whole office (on a copy): {count} runs, each followed by the raw "
              "reads and inserts ...", flush=True)
        got: dict[str, object] = {}

        def service(i: int) -> None:
            got["service"] = tpp.compute_run(year, month)

        def floor(i: int) -> None:
            got["floor"] = tpp_floor(conn, run_id, year, month, explanation)

        samples, floor_samples = _interleaved(count, service, floor)
        row: tpp.RunRow = tpp.compute_run(year, month)  # untimed: the copy ends with the service's lines
        if row.id != run_id or row.employees != got["floor"]:
            raise BenchError(f"the TPP run wrote {row.employees:,} lines for run {row.id}, the raw floor "
                             f"{got['floor']} for run {run_id}")
        cut = conn.execute("SELECT count(*) FROM tpp_line WHERE run_id = ? AND sanction_cut > 0", (run_id,)).fetchone()[0]
    finally:
        database.close_database()
        conn.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
    return Result(
        key="tpp_run", name=f"TPP run of the whole office ({row.employees:,} lines)", samples_ms=samples,
        floor_name="sqlite3: the run's reads, then its lines deleted and as many inserted in one transaction",
        floor_samples_ms=floor_samples, target=Target("ms", TPP_RUN_TARGET_MS), paired=True,
        notes={"year": year, "month": month, "lines": row.employees, "total_net": row.total, "sanction_cuts": cut,
               "samples": count, "explanation_chars": len(explanation)},
    )


def measure_candidates(db: Path, repeat: int) -> Result:
    vacancy_id, title = open_vacancy(db)
    count = repeat * SAMPLES_PER_REPEAT
    on = dt.date.today()
    conn = _connect(db)
    database.open_database(db)
    try:
        print(f"Candidates for '{title}': {count} runs, each followed by the raw reads ...", flush=True)
        got: dict[str, object] = {}

        def service(i: int) -> None:
            got["service"] = promotion.candidates(vacancy_id, on=on)

        def floor(i: int) -> None:
            got["floor"] = candidates_floor(conn, on)

        samples, floor_samples = _interleaved(count, service, floor)
        listed: list[promotion.Candidate] = got["service"]  # type: ignore[assignment]
        low, high = conn.execute("SELECT golongan_min, golongan_max FROM vacancy WHERE id = ?", (vacancy_id,)).fetchone()
    finally:
        database.close_database()
        conn.close()
    if not listed:
        raise BenchError(f"the vacancy '{title}' lists nobody: the demo has no PNS in {low}–{high}")
    return Result(
        key="promotion_candidates", name=f"Vacancy candidates ({len(listed):,} listed)", samples_ms=samples,
        floor_name="sqlite3: two years' annual predikat, last year's JP per employee, sanctions, active employees",
        floor_samples_ms=floor_samples, target=Target("ms", CANDIDATES_TARGET_MS), paired=True,
        notes={"vacancy": title, "golongan": f"{low}–{high}", "listed": len(listed),
               "eligible": sum(1 for c in listed if c.eligible), "employees": got["floor"], "on": on.isoformat(),
               "samples": count, "median_ms": statistics.median(samples)},
    )


__all__ = ["TPP_RUN_TARGET_MS", "CANDIDATES_TARGET_MS", "measure_consequences", "tpp_floor", "candidates_floor"]
