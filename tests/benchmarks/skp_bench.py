"""SKP page benchmarks (issue 3): open one SKP in the form, and the unit list of the year.

Run by ``run.py`` in its own process after the Pegawai benchmarks, on the same database; each sample is
followed by one of its floor (raw sqlite3 reading the same rows), so both see the machine alike.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from asn_desktop.gui.main_window import MainWindow
from asn_desktop.gui.skp import SkpPage
from asn_desktop.services import database

from .gui_bench import shown_page, wait_for_signal
from .measure import BenchError, Result, Target, ms

OPEN_TARGET_MS = 100.0
LIST_TARGET_MS = 150.0
TIMEOUT_S = 30.0


def _biggest_plan(db: Path, year: int) -> tuple[int, int]:
    """(employee id, skp id) of the current SKP with the most IKI: the heaviest form to open."""
    conn = sqlite3.connect(db)
    try:
        row = conn.execute(
            """SELECT s.employee_id, s.id FROM skp s JOIN skp_rhk r ON r.skp_id = s.id
               JOIN skp_iki k ON k.rhk_id = r.id WHERE s.year = ? AND s.current = 1
               GROUP BY s.id ORDER BY count(*) DESC, s.id LIMIT 1""",
            (year,),
        ).fetchone()
    finally:
        conn.close()
    if row is None:
        raise BenchError(f"the database has no SKP for {year}: build it with a demo that makes SKPs")
    return row[0], row[1]


def _raw_open(conn: sqlite3.Connection, skp_id: int) -> float:
    start = time.perf_counter()
    conn.execute("SELECT * FROM skp WHERE id = ?", (skp_id,)).fetchall()
    rhk = [r[0] for r in conn.execute("SELECT id FROM skp_rhk WHERE skp_id = ? ORDER BY position", (skp_id,))]
    marks = ",".join("?" * len(rhk)) or "NULL"
    conn.execute(f"SELECT * FROM skp_iki WHERE rhk_id IN ({marks}) ORDER BY rhk_id, position", rhk).fetchall()
    conn.execute(f"SELECT * FROM skp_action WHERE rhk_id IN ({marks})", rhk).fetchall()
    conn.execute("SELECT * FROM skp_expectation WHERE skp_id = ?", (skp_id,)).fetchall()
    conn.execute("SELECT * FROM skp_status_history WHERE skp_id = ?", (skp_id,)).fetchall()
    return ms(time.perf_counter() - start)


def _raw_list(conn: sqlite3.Connection, year: int) -> float:
    start = time.perf_counter()
    conn.execute(
        """SELECT e.id, e.nip, e.front_title, e.name, e.back_title, e.position_title, u.name,
                  p.front_title, p.name, p.back_title, s.id, s.status, s.version
           FROM employee e JOIN org_unit u ON u.id = e.unit_id
           LEFT JOIN employee p ON p.id = e.supervisor_id
           LEFT JOIN skp s ON s.employee_id = e.id AND s.year = ? AND s.current = 1
           WHERE e.active = 1 ORDER BY e.name""",
        (year,),
    ).fetchall()
    return ms(time.perf_counter() - start)


def _wait(app: QApplication, signal, action: Callable[[], None], what: str) -> float:
    return wait_for_signal(app, signal, action, what, TIMEOUT_S)


def measure_skp(app: QApplication, db: Path, repeat: int, workdir: Path, prompts, year: int) -> list[Result]:
    employee_id, skp_id = _biggest_plan(db, year)
    database.open_database(db)
    window = MainWindow(db, QSettings(str(workdir / "bench-skp.ini"), QSettings.Format.IniFormat), prompts=prompts)
    conn = sqlite3.connect(db)
    try:
        page = shown_page(app, window, "skp", SkpPage, "SKP")
        page.year.setValue(year)
        print(f"SKP list of the year: {repeat} runs, each followed by the raw query ...", flush=True)
        list_samples, list_floor = [], []
        for i in range(repeat):
            action = (lambda: window.show_page("skp")) if i == 0 else page.reload
            list_samples.append(_wait(app, page.loaded, action, "the SKP list"))
            list_floor.append(_raw_list(conn, year))
        print(f"Open one SKP in the form: {repeat} runs, each followed by the raw reads ...", flush=True)
        open_samples, open_floor = [], []
        others = [r.id for r in page.model.rows() if r.id != employee_id][:1]
        if not others:
            raise BenchError("need at least two employees to switch between")
        for _ in range(repeat):
            page.select_employee(others[0])  # away, so the next selection opens the plan again
            app.processEvents()
            open_samples.append(_wait(app, page.plan_shown, lambda: page.select_employee(employee_id), "opening an SKP"))
            open_floor.append(_raw_open(conn, skp_id))
        view = page.current_view()
        if view is None or view.header.id != skp_id:
            raise BenchError("the form does not show the SKP that was opened")
        rhk, iki = len(view.plan.rhk), sum(len(r.iki) for r in view.plan.rhk)
    finally:
        conn.close()
        window.close()
        database.close_database()
    return [
        Result(
            key="skp_list", name="SKP list of the year (all units)", samples_ms=list_samples,
            floor_name="sqlite3: same join, fetch all rows", floor_samples_ms=list_floor,
            target=Target("ms", LIST_TARGET_MS),
            notes={"rows": page.model.rowCount(), "first_open_ms": round(list_samples[0], 3),
                   "median_floor_ms": round(statistics.median(list_floor), 3)},
        ),
        Result(
            key="skp_open", name="Open one SKP in the form", samples_ms=open_samples,
            floor_name="sqlite3: the same rows of skp, rhk, iki, actions, expectations, history",
            floor_samples_ms=open_floor, target=Target("ms", OPEN_TARGET_MS),
            notes={"skp_id": skp_id, "rhk": rhk, "iki": iki},
        ),
    ]
