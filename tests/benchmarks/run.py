"""Speed benchmarks on a demo office, each against a floor measured in the same run (DESIGN.md, Quality bar).

Run from the repository root::

    python -m tests.benchmarks.run [--employees 10000] [--db PATH] [--out bench.json] [--repeat 5] [--seed 1]

What is measured (medians of ``--repeat`` runs, in milliseconds):

* start-up: ``python -m asn_desktop --db DB --screenshot OUT.png --page beranda`` from process start to
  exit, against ``bare_window.py`` (a bare PySide6 window of the same size grabbed to a PNG);
* Halaman Pegawai load: from ``show_page("pegawai")`` / ``reload()`` until the page's ``loaded`` signal
  has fired and the event loop has painted, against raw ``sqlite3`` running the same join and fetching
  every row;
* one filter keystroke in the search box with every employee listed, until the proxy has re-filtered and
  the view has painted, against plain Python filtering the same precomputed search strings;
* the SKP page (``skp_bench.py``) and the appraisal services (``appraisal_bench.py``: one grid cell saved
  durably, the grid of about 40 subordinates, the distribution of the biggest unit), each against raw
  ``sqlite3`` doing the same work;
* the JP compliance list of the whole office: the service (``development_bench.py``) and the Pelatihan page's
  list reloaded until shown (``pelatihan_bench.py``), against raw ``sqlite3`` doing the same reads;
* the TPP run of the whole office (on a copy of the database) and the candidate list of a vacancy
  (``consequences_bench.py``), against raw ``sqlite3`` doing the same reads (and, for the run, the same writes).

The run prints a table and writes every sample to JSON. It exits 0 even when a figure is over its target
(benchmarks report, they do not fail a build), 1 when a measured program fails, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .measure import STARTUP_RATIO_TARGET, BenchError, Result, Target, employee_count, ms

REPO_ROOT = Path(__file__).resolve().parents[2]
BARE_WINDOW = Path(__file__).with_name("bare_window.py")


# --------------------------------------------------------------------------------------- subprocesses
def _child_env(workdir: Path) -> dict[str, str]:
    """The environment of every measured process: offscreen Qt, per-user files kept inside ``workdir``."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    # the app stores its window geometry in the user's config folder; keep the user's real one untouched
    env["XDG_CONFIG_HOME"] = str(workdir / "config")
    env.pop("ASN_DESKTOP_DB", None)
    # an installed app starts from compiled bytecode (pip and PyInstaller both ship it): let the discarded
    # warm-up run compile into a cache inside workdir instead of compiling every module on every start
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    return env


def _timed_run(cmd: Sequence[str], env: dict[str, str], what: str) -> float:
    """Run ``cmd`` to completion and return its wall time in seconds; a non-zero exit is a BenchError."""
    return _run_with_first_paint(cmd, env, what, needs_paint=False)[0]


FIRST_PAINT = re.compile(r"first painted at (\d+\.\d+)")


def _run_with_first_paint(
    cmd: Sequence[str], env: dict[str, str], what: str, needs_paint: bool = True
) -> tuple[float, float | None]:
    """Run ``cmd``; return (seconds to exit, seconds to the first paint it reported on stderr)."""
    wall_start, start = time.time(), time.perf_counter()
    proc = subprocess.run(list(cmd), cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip()[-2000:]
        raise BenchError(f"{what} exited with {proc.returncode}:\n  {' '.join(cmd)}\n{detail}")
    found = FIRST_PAINT.search(proc.stderr or "")
    if needs_paint and found is None:
        raise BenchError(f"{what} reported no 'first painted at' line on stderr:\n  {' '.join(cmd)}")
    return elapsed, (float(found.group(1)) - wall_start) if found else None


def build_demo_database(db: Path, employees: int, seed: int, env: dict[str, str]) -> Result:
    cmd = [
        sys.executable,
        "-m",
        "asn_desktop",
        "demo",
        "--db",
        str(db),
        "--employees",
        str(employees),
        "--seed",
        str(seed),
    ]
    print(f"Building the demo database ({employees:,} employees) at {db} ...", flush=True)
    seconds = _timed_run(cmd, env, "asn-desktop demo")
    return Result(
        key="demo_build",
        name=f"Demo database build ({employees:,} employees)",
        samples_ms=[ms(seconds)],
        notes={"command": cmd, "informational": True},
    )


def measure_startup(db: Path, repeat: int, workdir: Path, env: dict[str, str]) -> list[Result]:
    """Process start to first paint (the issue's measure) and to exit with the data shown and saved."""
    app_png, bare_png = workdir / "startup-app.png", workdir / "startup-bare.png"
    app_cmd = [sys.executable, "-m", "asn_desktop", "-v", "--db", str(db), "--screenshot", str(app_png),
               "--page", "beranda"]
    bare_cmd = [sys.executable, str(BARE_WINDOW), str(bare_png)]

    def run(cmd: list[str], png: Path, what: str) -> tuple[float, float]:
        png.unlink(missing_ok=True)
        seconds, paint = _run_with_first_paint(cmd, env, what)
        if not png.is_file() or png.stat().st_size == 0:
            raise BenchError(f"{what} exited 0 but wrote no PNG at {png}")
        return ms(seconds), ms(paint or 0.0)

    print(f"Start-up: {repeat} runs each of the app and the bare window, alternating ...", flush=True)
    # one discarded run of each fills the OS file cache, so the first measured run is not the odd one out
    warmup = {"app": run(app_cmd, app_png, "asn-desktop --screenshot"), "bare": run(bare_cmd, bare_png, "bare_window.py")}
    app_exit: list[float] = []
    app_paint: list[float] = []
    bare_exit: list[float] = []
    bare_paint: list[float] = []
    for _ in range(repeat):
        total, paint = run(app_cmd, app_png, "asn-desktop --screenshot")
        app_exit.append(total)
        app_paint.append(paint)
        total, paint = run(bare_cmd, bare_png, "bare_window.py")
        bare_exit.append(total)
        bare_paint.append(paint)
    notes = {"command": app_cmd, "floor_command": bare_cmd, "warmup_ms": warmup}
    return [
        Result(
            key="startup_first_paint",
            name="Start-up to first painted window",
            samples_ms=app_paint,
            floor_name="bare PySide6 window 1280x800, process start to its first paint",
            floor_samples_ms=bare_paint,
            target=Target("ratio", STARTUP_RATIO_TARGET),
            notes=notes,
            paired=True,
        ),
        Result(
            key="startup_screenshot",
            name="Start-up to Beranda PNG (data shown)",
            samples_ms=app_exit,
            floor_name="bare PySide6 window 1280x800 to PNG and exit",
            floor_samples_ms=bare_exit,
            target=None,
            notes=notes,
            paired=True,
        ),
    ]


# ---------------------------------------------------------------------------------------------- report
def _fmt_ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.1f}"


def format_table(results: Sequence[Result]) -> str:
    headers = ("Benchmark", "median ms", "floor ms", "ratio", "target", "result")
    rows: list[tuple[str, ...]] = []
    for r in results:
        verdict = "info" if r.passed is None else ("PASS" if r.passed else "OVER TARGET")
        rows.append(
            (
                r.name,
                _fmt_ms(r.median_ms),
                _fmt_ms(r.floor_median_ms),
                "-" if r.ratio is None else f"{r.ratio:.2f}x",
                "-" if r.target is None else r.target.text(),
                verdict,
            )
        )
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]
    right = {1, 2, 3}

    def line(cells: Sequence[str]) -> str:
        padded = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return "  ".join(padded).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out += [line(row) for row in rows]
    return "\n".join(out)


def format_notes(results: Sequence[Result]) -> str:
    by_key = {r.key: r for r in results}
    lines: list[str] = []
    if "startup" in by_key:
        r = by_key["startup"]
        lines.append(f"Start-up floor: {r.floor_name}.")
    if "pegawai_load" in by_key:
        n = by_key["pegawai_load"].notes
        lines.append(
            f"Halaman Pegawai, {n['rows']:,} rows: first open {n['first_open_ms']:.1f} ms; "
            f"list_employees() {n['list_employees_median_ms']:.1f} ms (worker thread), "
            f"model.set_rows() {n['model_set_rows_median_ms']:.1f} ms (GUI thread)."
        )
    if "filter_keystroke" in by_key:
        n = by_key["filter_keystroke"].notes
        lines.append(f"Filter keystroke medians, {n['rows']:,} employees:")
        lines += [
            f"  {st['step']:<20} {st['median_ms']:>7.1f} ms  {st['rows_shown']:>6,} rows shown" for st in n["steps"]
        ]
    if "appraisal_grid_open" in by_key:
        n = by_key["appraisal_grid_open"].notes
        lines.append(f"Grid: penilai #{n['penilai_id']}, annual period, {n['rows']} rows; {n['samples']} samples each.")
    if "appraisal_distribution" in by_key:
        n = by_key["appraisal_distribution"].notes
        followed = {True: "follows its rule", False: "breaks its rule", None: "has no predikat organisasi"}
        lines.append(f"Distribution: {n['unit']} ({n['employees']:,} employees, {n['final']:,} final, "
                     f"{n['drafts']:,} drafts) {followed[n['rule_followed']]}.")
    for key in ("development_compliance", "pelatihan_compliance_page"):
        if key in by_key:
            n = by_key[key].notes
            extra = (f", {n['meeting']:,} meeting {n['target_jp']} JP, from {n['participations']:,} participations in "
                     f"{n['events']:,} events") if "meeting" in n else ""
            lines.append(f"{by_key[key].name.split(' (')[0]}: {n['year']}, {n['employees']:,} active employees{extra}.")
    if "tpp_run" in by_key:
        n = by_key["tpp_run"].notes
        lines.append(f"TPP run: {n['month']:02d}/{n['year']} (the demo's draft month, recomputed on a copy), {n['lines']:,} "
                     f"lines, {n['sanction_cuts']} with a sanction cut, net Rp {n['total_net']:,}.")
    if "promotion_candidates" in by_key:
        n = by_key["promotion_candidates"].notes
        lines.append(f"Vacancy candidates: {n['vacancy']} ({n['golongan']}), {n['listed']:,} PNS listed, "
                     f"{n['eligible']:,} eligible, on {n['on']}.")
    return "\n".join(lines)


def environment() -> dict[str, Any]:
    import PySide6

    return {
        "python": sys.version.split()[0],
        "pyside6": PySide6.__version__,
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }


# ------------------------------------------------------------------------------------------------ main
def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.run",
        description="ASN Desktop speed benchmarks against floors measured in the same run (see README.md here).",
    )
    p.add_argument("--employees", type=int, default=10_000, metavar="N", help="demo office size (default 10000)")
    p.add_argument("--db", type=Path, metavar="PATH", help="reuse this database, or build the demo here if missing")
    p.add_argument("--out", type=Path, default=Path("bench.json"), metavar="FILE", help="JSON results (bench.json)")
    p.add_argument("--repeat", type=int, default=5, metavar="K", help="runs per measurement (default 5)")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="demo random seed (default 1)")
    args = p.parse_args(argv)
    if not 1 <= args.employees <= 100_000:
        p.error("--employees must be between 1 and 100000")
    if args.repeat < 1:
        p.error("--repeat must be at least 1")
    if args.db is not None and args.db.exists() and not args.db.is_file():
        p.error(f"--db {args.db} exists and is not a file")
    if args.out.exists() and args.out.is_dir():
        p.error(f"--out {args.out} is a folder")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="asn-bench-") as tmp:
        workdir = Path(tmp)
        env = _child_env(workdir)
        db: Path = args.db.resolve() if args.db is not None else workdir / "demo.db"
        reused = db.exists()
        if reused:
            try:
                count = employee_count(db)
            except sqlite3.DatabaseError as err:
                print(
                    f"python -m tests.benchmarks.run: --db {db} is not an ASN Desktop database ({err})", file=sys.stderr
                )
                return 2
            note = "" if count == args.employees else f"; --employees {args.employees} does not apply to a reused file"
            print(f"Reusing {db} ({count:,} employees{note}).", flush=True)
        try:
            if not reused:
                db.parent.mkdir(parents=True, exist_ok=True)
                results.append(build_demo_database(db, args.employees, args.seed, env))
            employees = employee_count(db)
            results.extend(measure_startup(db, args.repeat, workdir, env))
            from .gui_bench import measure_in_process  # imports Qt, offscreen

            results.extend(measure_in_process(db, args.repeat, workdir))
            from .appraisal_bench import measure_appraisals

            results.extend(measure_appraisals(db, args.repeat))
            from .development_bench import measure_development

            results.extend(measure_development(db, args.repeat))
            from .consequences_bench import measure_consequences

            results.extend(measure_consequences(db, args.repeat, workdir))
            from .exchange_bench import measure_exchange

            results.extend(measure_exchange(db, max(2, args.repeat // 2), workdir))
        except BenchError as err:
            print(f"\nBenchmark failed: {err}", file=sys.stderr)
            return 1

    print()
    print(format_table(results))
    print()
    print(format_notes(results))
    report = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": {"path": str(args.db) if args.db is not None else None, "reused": reused, "employees": employees},
        "repeat": args.repeat,
        "seed": args.seed,
        "environment": environment(),
        "results": [r.to_json() for r in results],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nEvery sample written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
