"""Main window, Beranda, first start, remembered geometry, and the --screenshot command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QPushButton

from asn_desktop.gui import firstrun
from asn_desktop.gui.dialogs import FirstRunDialog
from asn_desktop.gui.main_window import MainWindow
from asn_desktop.services import database
from asn_desktop.services import employees as emp

from .conftest import find_dialog, open_page


def test_sidebar_lists_only_the_pages_that_work(qtbot, window):
    names = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert names == ["Beranda", "Pegawai", "SKP", "Penilaian", "Pelatihan", "Penghargaan & Sanksi", "Laporan"]
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "penilaian"
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "pegawai"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "beranda"


def test_beranda_counts_per_unit_status_and_golongan(qtbot, office, window):
    page = open_page(qtbot, window, "beranda")
    d = page.data
    assert page.cards["active"].value.text() == "3"
    assert page.cards["nosup"].value.text() == "2"  # Budi (the head) and Agus have no pejabat penilai
    units = {page.unit_model.index(r, 0).data(): page.unit_model.index(r, 1).data() for r in range(page.unit_model.rowCount())}
    assert units == {"Dinas Kesehatan": "2", "Kecamatan Sukamaju": "1"}
    assert [(c.label, c.count) for c in d.by_status] == [("PNS", 2), ("PPPK", 1)]
    assert page.empty_state.isHidden()


def test_beranda_refreshes_after_a_change_elsewhere(qtbot, office, window):
    page = open_page(qtbot, window, "beranda")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        emp.deactivate_employee(office.agus.id, "Pensiun")
        window.hub.announce("employees")
    assert page.cards["active"].value.text() == "2"
    assert page.cards["inactive"].value.text() == "1"


def test_beranda_empty_database_says_where_to_start(qtbot, db, window):
    page = open_page(qtbot, window, "beranda")
    assert not page.empty_state.isHidden()
    qtbot.mouseClick(page.form.findChild(QPushButton, "goPegawaiButton"), Qt.MouseButton.LeftButton)
    assert window.current_page_key() == "pegawai"


def test_window_size_and_position_are_remembered(qtbot, db, settings, prompts):
    first = MainWindow(db.path, settings, prompts=prompts)
    qtbot.addWidget(first)
    first.show()
    first.resize(1111, 777)
    qtbot.waitUntil(lambda: first.size().width() == 1111)
    first.close()
    reread = QSettings(settings.fileName(), QSettings.Format.IniFormat)
    second = MainWindow(db.path, reread, prompts=prompts)
    qtbot.addWidget(second)
    assert (second.size().width(), second.size().height()) == (1111, 777)
    second.close()


def test_first_start_offers_demo_or_empty_and_empty_is_remembered(qtbot, db, window):
    dialog = firstrun.offer_first_run(window)
    assert isinstance(dialog, FirstRunDialog)
    assert dialog.empty.isChecked() and not dialog.count.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: find_dialog(FirstRunDialog) is None)
    assert not database.needs_first_run_choice()
    assert window.current_page_key() == "pegawai"  # where an empty office starts
    assert firstrun.offer_first_run(window) is None


def test_first_start_builds_the_demo_office_in_the_background(qtbot, db, window):
    dialog = firstrun.offer_first_run(window)
    qtbot.waitExposed(dialog)
    dialog.demo.click()
    assert dialog.count.isEnabled()
    dialog.count.setValue(40)
    page = window.page("beranda")
    with qtbot.waitSignal(page.loaded, timeout=60_000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    window.background.wait_idle()
    qtbot.waitUntil(lambda: page.data is not None and page.data.total_active + page.data.total_inactive == 40,
                    timeout=30_000)
    assert not database.needs_first_run_choice()


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


@pytest.mark.parametrize("page", ["beranda", "pegawai", "skp"])
def test_screenshot_command_writes_a_png_of_the_page(tmp_path, office, page):
    database.close_database()
    out = tmp_path / f"{page}.png"
    result = subprocess.run(
        [sys.executable, "-m", "asn_desktop", "--db", str(office_db(tmp_path)), "--screenshot", str(out),
         "--page", page],
        env=_env(), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 10_000


def office_db(tmp_path: Path) -> Path:
    return tmp_path / "kantor.db"


def test_gui_refuses_a_newer_database_with_exit_1_and_no_traceback(tmp_path):
    import sqlite3

    path = tmp_path / "baru.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.execute(f"PRAGMA application_id = {0x41534E44}")
    conn.close()
    before = path.read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "asn_desktop", "--db", str(path), "--screenshot", str(tmp_path / "x.png")],
        env=_env(), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert "lebih baru" in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == before


def _installed_script() -> Path | None:
    script = Path(sys.executable).parent / ("asn-desktop.exe" if os.name == "nt" else "asn-desktop")
    return script if script.exists() else None


@pytest.mark.skipif(_installed_script() is None, reason="the package is not installed in this environment")
def test_installed_program_runs_outside_the_checkout(tmp_path):
    """`pip install .` must ship ui/ and resources/: run the installed command from another folder."""
    dist = metadata.distribution("asn-desktop")
    direct = dist.read_text("direct_url.json")
    editable = bool(direct and json.loads(direct).get("dir_info", {}).get("editable"))
    if not editable:
        shipped = {str(f) for f in dist.files or []}
        assert "asn_desktop/ui/pegawai_page.ui" in shipped
        assert "asn_desktop/resources/style.qss" in shipped
    out = tmp_path / "beranda.png"
    result = subprocess.run(
        [str(_installed_script()), "--db", str(tmp_path / "baru.db"), "--screenshot", str(out)],
        env=_env(), capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert out.exists()
