"""Pelatihan page benchmark (issue 5, item 8): the JP compliance list of the whole office as a person sees
it — on the Pelatihan page's compliance tab, a reload until the list shows every active employee with
their JP (``compliance_shown``: the page's load ran in the worker, the rows came back to the GUI thread
and filled the model) and the events it caused were processed.

The compliance tab loads its own data when it is on screen (the other tabs load theirs): the compliance
list with its per-unit shares and the units. The floor is raw sqlite3 doing the same reads: the compliance
join of ``development_bench.py`` and the units.

Run by ``gui_bench.measure_in_process`` after the Penilaian page; each sample is followed by one floor sample.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from asn_desktop.gui.main_window import MainWindow
from asn_desktop.gui.pelatihan import PelatihanPage
from asn_desktop.services import database
from asn_desktop.services import development as dev

from .appraisal_bench import _connect, _timed
from .development_bench import COMPLIANCE_TARGET_MS, compliance_floor, compliance_year
from .gui_bench import shown_page, wait_for_signal
from .measure import BenchError, Result, Target

TIMEOUT_S = 30.0
COMPLIANCE_TAB = 1

def page_floor(conn: sqlite3.Connection, year: int, target: float) -> int:
    """Raw sqlite3: what the compliance tab's load reads (the compliance join and the units). Returns the
    employees in the compliance list."""
    employees, _meeting = compliance_floor(conn, year, target)
    conn.execute("SELECT id, code, name, kind, parent_id, active FROM org_unit").fetchall()
    return employees


def measure_compliance_page(app: QApplication, db: Path, repeat: int, workdir: Path, prompts) -> Result:
    year = compliance_year(db)
    conn = _connect(db)
    database.open_database(db)
    window = MainWindow(db, QSettings(str(workdir / "bench-pelatihan.ini"), QSettings.Format.IniFormat), prompts=prompts)
    try:
        target = dev.jp_target()
        page = shown_page(app, window, "pelatihan", PelatihanPage, "Pelatihan")
        wait_for_signal(app, page.loaded, lambda: window.show_page("pelatihan"), "the Pelatihan page", TIMEOUT_S)
        if page.year.value() != year:
            wait_for_signal(app, page.loaded, lambda: page.year.setValue(year), "the Pelatihan page", TIMEOUT_S)
        window.background.wait_idle()
        wait_for_signal(app, page.compliance_shown, lambda: page.tabs.setCurrentIndex(COMPLIANCE_TAB),
                        "the compliance tab", TIMEOUT_S)
        window.background.wait_idle()
        app.processEvents()
        count = repeat * 3
        print(f"Pelatihan page, JP compliance list {year}: {count} reloads, each followed by the raw reads ...",
              flush=True)
        samples, floor = [], []
        for _ in range(count):
            # what F5 or a change elsewhere does while the tab is on screen: the list is read again
            samples.append(wait_for_signal(app, page.compliance_shown, page.jp_loader.invalidate, "the compliance list",
                                           TIMEOUT_S))
            floor.append(_timed(lambda: page_floor(conn, year, target)))
        window.background.wait_idle()
        app.processEvents()
        employees = page_floor(conn, year, target)
        shown = page.compliance_model.rowCount()
        if shown != employees:
            raise BenchError(f"the compliance list holds {shown:,} employees, the raw query {employees:,}")
    finally:
        conn.close()
        window.close()
        database.close_database()
    return Result(
        key="pelatihan_compliance_page", name=f"Pelatihan page: JP compliance list ({employees:,} employees)",
        samples_ms=samples, floor_name="sqlite3: the tab's reads (compliance join, units)",
        floor_samples_ms=floor, target=Target("ms", COMPLIANCE_TARGET_MS), paired=True,
        notes={"year": year, "employees": employees, "samples": count},
    )


__all__ = ["measure_compliance_page", "page_floor"]
