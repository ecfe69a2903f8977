"""Impor pegawai from the Pegawai page, as a person would: pick the file, see the guessed columns and the
preview with every problem, take a required column away and put it back, tick an unknown unit to create it,
import the valid rows and save the refused ones; or refuse all-or-nothing when a row is wrong."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt

from asn_desktop.gui.import_pegawai import NONE, ImportPegawaiDialog
from asn_desktop.services import employees as emp
from tests.unit.helpers import pns_nip, unchanged

from .conftest import find_dialog, open_page

HEADERS = ["No", "NIP", "Nama", "Gelar Belakang", "Gol", "Jabatan", "Jenis Jabatan", "Jenjang", "Unit Kerja",
           "NIP Atasan"]
NEW_HEAD = pns_nip(21, dt.date(1980, 4, 4))
NEW_STAFF = pns_nip(22, dt.date(1992, 8, 8), "P")


def sheet(path, *extra):
    wb = Workbook()
    ws = wb.active
    ws.append(["Daftar pegawai"])
    ws.append(HEADERS)
    ws.append([1, NEW_HEAD, "Hendra Gunawan", "S.E.", "III/d", "Kepala Dinas Pariwisata", "Struktural",
               "Administrator", "Dinas Pariwisata", ""])
    ws.append([2, NEW_STAFF, "Maya Sari", "", "3b", "Analis Data", "Pelaksana", "", "DINKES", "197505142000031002"])
    for row in extra:
        ws.append(row)
    wb.save(path)
    return str(path)


def open_dialog(qtbot, window, prompts, path) -> ImportPegawaiDialog:
    page = open_page(qtbot, window, "pegawai")
    prompts.files = [path]
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: find_dialog(ImportPegawaiDialog) is not None, timeout=5000)
    dialog = find_dialog(ImportPegawaiDialog)
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: bool(dialog.preview is not None or dialog.message.text()) and not dialog._ticket_pending,
                    timeout=10_000)
    return dialog


def test_guess_check_create_a_unit_and_import_the_valid_rows(qtbot, office, window, prompts, tmp_path):
    path = sheet(tmp_path / "pegawai.xlsx", [3, "1234", "Salah NIP", "", "III/a", "Staf", "Pelaksana", "", "DINKES",
                                             ""])
    dialog = open_dialog(qtbot, window, prompts, path)
    assert dialog.combos["nip"].currentText() == "NIP — kolom 2" and dialog.combos["unit"].currentText().startswith(
        "Unit Kerja")
    assert dialog.combos["birth_date"].currentText() == NONE  # taken from the NIP
    assert "3 baris" in dialog.summary.text() and "1 siap diimpor, 2 bermasalah" in dialog.summary.text()
    assert dialog.units.isVisible() and dialog.units.item(0).text() == "Dinas Pariwisata"

    with unchanged():  # a required column taken away: said, nothing previewed as importable
        dialog.combos["golongan"].setCurrentIndex(0)
        qtbot.waitUntil(lambda: "Kolom wajib belum dipilih: Golongan" in dialog.message.text(), timeout=5000)
    assert not dialog.ok.isEnabled()
    dialog.combos["golongan"].setCurrentIndex(dialog.combos["golongan"].findData(4))
    qtbot.waitUntil(lambda: dialog.preview is not None and "1 siap" in dialog.summary.text(), timeout=5000)

    dialog.units.item(0).setCheckState(Qt.CheckState.Checked)  # create the Dinas Pariwisata
    qtbot.waitUntil(lambda: "2 siap diimpor, 1 bermasalah" in dialog.summary.text(), timeout=5000)
    bad = next(i for i, r in enumerate(dialog.model.rows) if not r.ok)
    dialog.preview_table.selectRow(bad)
    assert dialog.problem.text().startswith("Baris 5: NIP / NI PPPK: NIP harus 18 digit")

    refused = tmp_path / "ditolak.xlsx"
    prompts.files = [str(refused)]
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: prompts.shown[-1][0] == "info", timeout=10_000)
    assert prompts.shown[-2] == ("save", "Simpan baris yang ditolak", "pegawai - ditolak.xlsx")
    assert prompts.shown[-1][2].startswith("2 pegawai diimpor. Unit baru: Dinas Pariwisata. 1 baris ditolak")
    stored = {r.nip: r for r in emp.list_employees()}
    assert stored[NEW_HEAD].unit_name == "Dinas Pariwisata" and stored[NEW_STAFF].golongan == "III/b"
    assert emp.get_employee(stored[NEW_STAFF].id).data.supervisor_id == office.budi.id
    rows = [[c.value for c in r] for r in load_workbook(refused)["Ditolak"].iter_rows()]
    assert rows[-1][0] == 5 and rows[-1][2] == "1234" and "18 digit" in rows[-1][-1]


def test_all_or_nothing_imports_nothing_while_a_row_is_wrong(qtbot, office, window, prompts, tmp_path):
    path = sheet(tmp_path / "pegawai.xlsx")
    dialog = open_dialog(qtbot, window, prompts, path)
    assert "1 siap diimpor, 1 bermasalah" in dialog.summary.text()  # the unknown unit, not ticked
    dialog.valid_only.setFocus()
    qtbot.keyClick(dialog.valid_only, Qt.Key.Key_Right)  # arrows move within the two choices
    assert dialog.all_or_nothing.isChecked() and not dialog.valid_only.isChecked()
    assert not dialog.ok.isEnabled()
    with unchanged():
        dialog.accept()
    assert "tidak ada yang diimpor" in dialog.message.text() and dialog.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: find_dialog(ImportPegawaiDialog) is None, timeout=5000)
    assert NEW_STAFF not in {r.nip for r in emp.list_employees()}


def test_a_file_that_is_not_a_workbook_is_refused_in_the_dialog(qtbot, office, window, prompts, tmp_path):
    path = tmp_path / "pegawai.xlsx"
    path.write_text("bukan excel")
    dialog = open_dialog(qtbot, window, prompts, str(path))
    assert "bukan buku kerja Excel" in dialog.message.text() and not dialog.ok.isEnabled()
    dialog.reject()
