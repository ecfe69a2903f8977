"""In-process GUI benchmarks on an offscreen main window: Halaman Pegawai load and one filter keystroke."""

from __future__ import annotations

import os

# Qt reads the platform when the QApplication is made; set it before this module imports Qt.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from asn_desktop.gui.app import make_app
from asn_desktop.gui.main_window import MainWindow
from asn_desktop.gui.pegawai import PegawaiPage
from asn_desktop.gui.prompts import Prompts
from asn_desktop.services import database
from asn_desktop.services import employees as emp

from .measure import (
    BACKSPACE,
    KEY_SEQUENCE,
    KEYSTROKE_TARGET_MS,
    PAGE_LOAD_TARGET_MS,
    BenchError,
    Result,
    SqliteFloor,
    Target,
    ms,
    python_filter_sample,
    typed_texts,
)

LOAD_TIMEOUT_S = 60.0
SETTLE_TIMEOUT_S = 10.0


class RaisingPrompts(Prompts):
    """A message box would wait for a click that never comes: fail the benchmark instead."""

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        raise BenchError(f"the app showed an error: {title}: {text}")

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        raise BenchError(f"the app showed a message: {title}: {text}")

    def confirm(self, parent: QWidget | None, title: str, text: str, yes: str = "Ya", no: str = "Batal") -> bool:
        raise BenchError(f"the app asked a question: {title}: {text}")


def measure_in_process(db: Path, repeat: int, workdir: Path) -> list[Result]:
    """Open ``db``, show the main window at 1280x800 and measure the Pegawai page on it."""
    app = make_app()
    database.open_database(db)
    settings = QSettings(str(workdir / "bench-settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db, settings, prompts=RaisingPrompts())
    try:
        page = shown_page(app, window, "pegawai", PegawaiPage, "Pegawai")
        load = measure_page_load(app, window, page, db, repeat)
        load.notes.update(load_breakdown(page, repeat))
        keystroke = measure_keystrokes(app, page, repeat)
    finally:
        window.close()
        database.close_database()
    from .skp_bench import measure_skp

    from .penilaian_bench import measure_grid_page
    from .pelatihan_bench import measure_compliance_page

    year = demo_year(db)
    skp = measure_skp(app, db, repeat, workdir, RaisingPrompts(), year)
    return [load, keystroke, *skp, measure_grid_page(app, db, repeat, workdir, RaisingPrompts()),
            measure_compliance_page(app, db, repeat, workdir, RaisingPrompts())]


def shown_page(app: QApplication, window: MainWindow, key: str, page_class: type, label: str):
    """Show ``window`` at 1280x800, let its start-up loads (Beranda's data) finish, and return its page ``key``,
    which must be a ``page_class``."""
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    window.background.wait_idle()
    app.processEvents()
    page = window.page(key)
    if not isinstance(page, page_class):
        raise BenchError(f"the main window has no {label} page")
    return page


def demo_year(db: Path) -> int:
    """The year the demo's SKPs are for (the newest year in the database)."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        year = conn.execute("SELECT max(year) FROM skp").fetchone()[0]
    finally:
        conn.close()
    if year is None:
        raise BenchError("the database has no SKP: build it with a demo that makes SKPs")
    return int(year)


def measure_page_load(app: QApplication, window: MainWindow, page: PegawaiPage, db: Path, repeat: int) -> Result:
    """From ``show_page("pegawai")`` (first sample) or ``reload()`` until ``loaded`` fired and events ran.

    Each sample is followed by one of the floor, so both see the machine in the same state.
    """
    print(f"Halaman Pegawai load: {repeat} runs, each followed by the raw query ...", flush=True)
    floor = SqliteFloor(db)
    samples: list[float] = []
    floor_samples: list[float] = []
    floor_rows = 0
    try:
        for i in range(repeat):
            start_loading = (lambda: window.show_page("pegawai")) if i == 0 else page.reload
            samples.append(_time_until_loaded(app, page, start_loading))
            elapsed, floor_rows = floor.sample()
            floor_samples.append(elapsed)
    finally:
        floor.close()
    if window.current_page_key() != "pegawai":
        raise BenchError("show_page('pegawai') did not make Pegawai the current page")
    model_rows = page.model.rowCount()
    if model_rows != floor_rows:
        raise BenchError(f"the page holds {model_rows} employees, the raw query returns {floor_rows}")
    return Result(
        key="pegawai_load",
        name="Halaman Pegawai load",
        samples_ms=samples,
        floor_name="sqlite3: same join, fetch all rows",
        floor_samples_ms=floor_samples,
        target=Target("ms", PAGE_LOAD_TARGET_MS),
        notes={
            "rows": model_rows,
            "first_sample": "show_page('pegawai'), the first time the page is shown",
            "other_samples": "page.reload()",
            "first_open_ms": round(samples[0], 3),
        },
    )


def _time_until_loaded(app: QApplication, page: PegawaiPage, start_loading: Callable[[], None]) -> float:
    return wait_for_signal(app, page.loaded, start_loading, "Halaman Pegawai", LOAD_TIMEOUT_S)


def wait_for_signal(app: QApplication, signal, action: Callable[[], None], what: str, timeout_s: float) -> float:
    """Milliseconds from ``action()`` until ``signal`` fired and the events it caused (layout, paint) ran."""
    loop = QEventLoop()
    fired: list[bool] = []

    def done() -> None:
        fired.append(True)
        loop.quit()

    guard = QTimer(singleShot=True, interval=int(timeout_s * 1000))
    guard.timeout.connect(loop.quit)
    signal.connect(done)
    try:
        start = time.perf_counter()
        action()
        if not fired:
            guard.start()
            loop.exec()
        app.processEvents()  # the layout and paint of what changed
        elapsed = time.perf_counter() - start
    finally:
        signal.disconnect(done)
        guard.stop()
    if not fired:
        raise BenchError(f"{what} did not finish within {timeout_s:g} s")
    return ms(elapsed)


def load_breakdown(page: PegawaiPage, repeat: int) -> dict[str, object]:
    """Where a load spends its time: the service query (worker thread) and the model reset (GUI thread)."""
    query: list[float] = []
    rows: list[emp.EmployeeRow] = []
    for _ in range(repeat):
        start = time.perf_counter()
        rows = emp.list_employees(include_inactive=True)
        query.append(ms(time.perf_counter() - start))
    reset: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        page.model.set_rows(rows)
        reset.append(ms(time.perf_counter() - start))
    page.apply_text_filter()  # the proxy follows the reset model, as after a real load
    return {
        "list_employees_ms": [round(s, 3) for s in query],
        "list_employees_median_ms": round(statistics.median(query), 3),
        "model_set_rows_ms": [round(s, 3) for s in reset],
        "model_set_rows_median_ms": round(statistics.median(reset), 3),
    }


def measure_keystrokes(app: QApplication, page: PegawaiPage, repeat: int) -> Result:
    """Each key of KEY_SEQUENCE typed into the search box, until the proxy re-filtered and events ran."""
    print(f"Filter keystroke: {repeat} x {len(KEY_SEQUENCE)} keys, each followed by the Python floor ...", flush=True)
    if page.search.text():
        page.search.clear()
    if page.show_inactive.isChecked():
        page.show_inactive.setChecked(False)
    page.select_unit(None)  # "Semua unit": every active employee is listed
    _settle(app, page)
    page.search.setFocus(Qt.FocusReason.OtherFocusReason)

    model = page.model
    haystacks = list(model.search_texts())
    active = [model.row_at(i).active for i in range(model.rowCount())]
    texts = typed_texts(KEY_SEQUENCE)

    def expected_count(text: str) -> int:
        words = text.lower().split()
        return sum(1 for s, a in zip(haystacks, active, strict=True) if a and all(w in s for w in words))

    expected = {t: expected_count(t) for t in {*texts, ""}}
    if page.proxy.rowCount() != expected[""]:
        raise BenchError(f"with no filter the list shows {page.proxy.rowCount()} rows, expected {expected['']}")

    steps = [_step_label(key, text) for key, text in zip(KEY_SEQUENCE, texts, strict=True)]
    samples: list[float] = []
    floor_samples: list[float] = []  # each keystroke is followed by the floor for the same text
    per_step: dict[str, list[float]] = {label: [] for label in steps}
    for _ in range(repeat):
        for key, text, label in zip(KEY_SEQUENCE, texts, steps, strict=True):
            start = time.perf_counter()
            QTest.keyClick(page.search, _qt_key(key))
            _settle(app, page, expected_rows=expected[text])
            elapsed = ms(time.perf_counter() - start)
            if page.search.text() != text:
                raise BenchError(f"the search box shows {page.search.text()!r}, expected {text!r}")
            samples.append(elapsed)
            per_step[label].append(elapsed)
            floor_samples.append(python_filter_sample(haystacks, text))

    return Result(
        key="filter_keystroke",
        name="Filter keystroke (Pegawai)",
        samples_ms=samples,
        floor_name="Python all(w in s) over the same strings",
        floor_samples_ms=floor_samples,
        target=Target("ms", KEYSTROKE_TARGET_MS),
        notes={
            "rows": len(haystacks),
            "sequence": ["Backspace" if k == BACKSPACE else k for k in KEY_SEQUENCE],
            "steps": [
                {"step": label, "rows_shown": expected[text], "median_ms": round(statistics.median(per_step[label]), 3)}
                for label, text in zip(steps, texts, strict=True)
            ],
        },
    )


def _qt_key(key: str) -> Qt.Key:
    """The Qt key for one key of KEY_SEQUENCE: a letter (typed lower case, no modifier) or Backspace."""
    return Qt.Key.Key_Backspace if key == BACKSPACE else Qt.Key(ord(key.upper()))


def _step_label(key: str, text: str) -> str:
    """``'+t -> "sit"'`` for a typed character, ``'Backspace -> "si"'`` for a deletion."""
    return f'{"Backspace" if key == BACKSPACE else "+" + key} -> "{text}"'


def _settle(app: QApplication, page: PegawaiPage, expected_rows: int | None = None) -> None:
    """Process events until the page's zero-delay timers have fired and the proxy shows ``expected_rows``."""
    deadline = time.perf_counter() + SETTLE_TIMEOUT_S
    app.processEvents()
    while True:
        pending = [t for t in page.findChildren(QTimer) if t.isActive() and t.interval() == 0]
        if not pending and (expected_rows is None or page.proxy.rowCount() == expected_rows):
            break
        if time.perf_counter() > deadline:
            raise BenchError(
                f"the filter did not settle within {SETTLE_TIMEOUT_S:g} s "
                f"(the list shows {page.proxy.rowCount()} rows, expected {expected_rows})"
            )
        app.processEvents()
    app.processEvents()  # paint the re-filtered view
