"""Penilaian page benchmark (issue 4, item 9): opening the Penilaian cepat grid for a penilai with about 40
subordinates, as a person sees it: the penilai chosen in the page until the grid shows the team (the
service runs in the worker, the rows come back to the GUI thread and fill the model).

Run by ``gui_bench.measure_in_process`` after the SKP page, on the same database; each sample is followed
by one of its floor (raw sqlite3 running the same selects as the service), so both see the machine alike.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from asn_desktop.gui.main_window import MainWindow
from asn_desktop.gui.penilaian import PenilaianPage
from asn_desktop.services import database

from .appraisal_bench import GRID_TARGET_MS, _annual_period, _connect, _timed, appraisal_year, grid_open_floor, grid_penilai
from .gui_bench import shown_page, wait_for_signal
from .measure import BenchError, Result, Target

TIMEOUT_S = 30.0


def measure_grid_page(app: QApplication, db: Path, repeat: int, workdir: Path, prompts) -> Result:
    year = appraisal_year(db)
    conn = _connect(db)
    database.open_database(db)
    window = MainWindow(db, QSettings(str(workdir / "bench-penilaian.ini"), QSettings.Format.IniFormat), prompts=prompts)
    try:
        annual = _annual_period(conn, year)
        penilai_id, team_size = grid_penilai(conn, year)
        page = shown_page(app, window, "penilaian", PenilaianPage, "Penilaian")
        page.year.setValue(year)
        wait_for_signal(app, page.loaded, lambda: window.show_page("penilaian"), "the Penilaian page", TIMEOUT_S)
        window.background.wait_idle()
        app.processEvents()
        target = page.penilai.findData(penilai_id)
        other = 0 if target != 0 else 1
        if target < 0 or page.penilai.count() < 2:
            raise BenchError("the Penilaian page does not list the penilai")
        if page.current_period() is None or page.current_period().id != annual:
            raise BenchError("the Penilaian page did not open on the annual period")
        print(f"Open the Penilaian cepat grid ({team_size} subordinates): {repeat * 3} runs, each followed by the "
              "raw selects ...", flush=True)
        if page.penilai.currentIndex() != target:  # start on the measured team, so each run changes twice
            wait_for_signal(app, page.team_shown, lambda: page.penilai.setCurrentIndex(target), "the grid", TIMEOUT_S)
        samples, floor = [], []
        for _ in range(repeat * 3):
            wait_for_signal(app, page.team_shown, lambda: page.penilai.setCurrentIndex(other), "another team", TIMEOUT_S)
            samples.append(wait_for_signal(app, page.team_shown, lambda: page.penilai.setCurrentIndex(target),
                                           "the grid", TIMEOUT_S))
            floor.append(_timed(lambda: grid_open_floor(conn, penilai_id, annual, year)))
        if page.model.rowCount() != team_size:
            raise BenchError(f"the grid shows {page.model.rowCount()} rows, the team has {team_size}")
    finally:
        conn.close()
        window.close()
        database.close_database()
    return Result(
        key="grid_page_open", name=f"Open the Penilaian cepat grid ({team_size} subordinates, page)",
        samples_ms=samples, floor_name="sqlite3: the same selects as appraisals.team", floor_samples_ms=floor,
        target=Target("ms", GRID_TARGET_MS), notes={"penilai_id": penilai_id, "rows": team_size},
    )


__all__ = ["measure_grid_page"]
