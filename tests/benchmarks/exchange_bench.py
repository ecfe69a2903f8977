"""Excel exchange benchmarks (issue 7, item 8): the upward package of the whole office for the demo's year.

- **Export**: ``services.paket.export_paket`` against its floor, raw openpyxl in write-only mode writing the same
  cells (the values read back from an export made before timing) to a workbook of the same sheets, plain
  ``ws.append(row)``, saved. Target: at most 1.3× the floor.
- **Import**: ``services.consolidation.import_paket`` of that package into an empty database (made before each
  sample, outside the timing) against raw openpyxl in read-only mode reading every row of every sheet of the
  same file. Target: at most 2× the floor.
- **Peak memory**: each of the two in a child process of its own, its peak resident set size (``VmHWM`` of
  /proc/self/status, read at its end; ``ru_maxrss`` would include the benchmark process it was forked from).
  Target: under 300 MB.

Run by ``run.py`` after the consequences benchmark; samples alternate with their floor.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook

from asn_desktop.exchange import paket as px
from asn_desktop.services import consolidation, database, paket

from .measure import BenchError, Result, Target

EXPORT_TARGET = 1.3
IMPORT_TARGET = 2.0
MEMORY_TARGET_MB = 300.0

_CHILD = r"""
import json, resource, sys, time
from asn_desktop.services import database
what, db, path = sys.argv[1:4]
database.open_database(db)
start = time.perf_counter()
if what == "export":
    from asn_desktop.services import paket
    paket.export_paket(int(sys.argv[4]), path)
else:
    from asn_desktop.services import consolidation
    consolidation.import_paket(path)
took = time.perf_counter() - start
database.close_database()
# VmHWM is this program's own peak; ru_maxrss would also count the parent it was forked from (kept across exec)
hwm = next((int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")), None)
print(json.dumps({"ms": took * 1000, "maxrss_kb": hwm or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _year(db: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        (year,) = conn.execute("SELECT max(year) FROM skp").fetchone()
    finally:
        conn.close()
    if year is None:
        raise BenchError("the database has no SKP: build it with the demo")
    return year


def _values(path: Path) -> dict[str, list[tuple]]:
    wb = load_workbook(path, read_only=True)
    try:
        return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()


def _raw_write(values: dict[str, list[tuple]], out: Path) -> float:
    start = time.perf_counter()
    wb = Workbook(write_only=True)
    for title, rows in values.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(out)
    return (time.perf_counter() - start) * 1000


def _raw_read(path: Path) -> float:
    start = time.perf_counter()
    wb = load_workbook(path, read_only=True, data_only=True)
    n = 0
    for ws in wb.worksheets:
        for _row in ws.iter_rows(values_only=True):
            n += 1
    wb.close()
    return (time.perf_counter() - start) * 1000


def _child(what: str, db: Path, path: Path, year: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    out = subprocess.run([sys.executable, "-c", _CHILD, what, str(db), str(path), str(year)], capture_output=True,
                         text=True, env=env, timeout=600)
    if out.returncode != 0:
        raise BenchError(f"the {what} child failed: {out.stderr.strip()[-400:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure_exchange(db: Path, repeat: int, workdir: Path) -> list[Result]:
    year = _year(db)
    first = workdir / "paket-0.xlsx"
    database.open_database(db)
    try:
        counts = paket.export_paket(year, first)
    finally:
        database.close_database()
    values = _values(first)
    cells = sum(len(r) * len(px.SHEETS.get(t, (1,))) for t, r in values.items())
    print(f"Paket {year}: {repeat} exports and {repeat} imports, each followed by raw openpyxl ...", flush=True)
    export_ms, export_floor, import_ms, import_floor = [], [], [], []
    for i in range(repeat):
        out = workdir / f"paket-{i + 1}.xlsx"
        database.open_database(db)
        try:
            start = time.perf_counter()
            paket.export_paket(year, out)
            export_ms.append((time.perf_counter() - start) * 1000)
        finally:
            database.close_database()
        export_floor.append(_raw_write(values, workdir / f"raw-{i}.xlsx"))
        target_db = workdir / f"provinsi-{i}.db"
        database.open_database(target_db)
        try:
            start = time.perf_counter()
            result = consolidation.import_paket(first)
            import_ms.append((time.perf_counter() - start) * 1000)
        finally:
            database.close_database()
        if result.outcome != "baru":
            raise BenchError(f"the package was not imported: {result.message}")
        import_floor.append(_raw_read(first))
        for leftover in (out, workdir / f"raw-{i}.xlsx", target_db):
            leftover.unlink(missing_ok=True)
    print("Peak memory of an export and an import, each in a process of its own ...", flush=True)
    exported = _child("export", db, workdir / "paket-mem.xlsx", year)
    imported = _child("import", workdir / "provinsi-mem.db", first, year)
    rows = sum(counts.values())
    size_mb = first.stat().st_size / 1024 / 1024
    return [
        Result(key="paket_export", name=f"Export paket ({rows:,} rows)", samples_ms=export_ms,
               floor_name="openpyxl write-only: the same cells, plain append, saved", floor_samples_ms=export_floor,
               target=Target("ratio", EXPORT_TARGET), paired=True,
               notes={"rows": counts, "cells": cells, "file_mb": round(size_mb, 1)}),
        Result(key="paket_import", name=f"Import paket ({rows:,} rows)", samples_ms=import_ms,
               floor_name="openpyxl read-only: every row of every sheet", floor_samples_ms=import_floor,
               target=Target("ratio", IMPORT_TARGET), paired=True, notes={"rows": counts}),
        Result(key="paket_export_memory", name="Export paket: peak memory (MB)",
               samples_ms=[exported["maxrss_kb"] / 1024], target=Target("ms", MEMORY_TARGET_MB),
               notes={"unit": "MB (VmHWM of its own process)", "ms": round(exported["ms"])}),
        Result(key="paket_import_memory", name="Import paket: peak memory (MB)",
               samples_ms=[imported["maxrss_kb"] / 1024], target=Target("ms", MEMORY_TARGET_MB),
               notes={"unit": "MB (VmHWM of its own process)", "ms": round(imported["ms"])}),
    ]
