"""Berkas › Ekspor ke Excel as a person would: Ctrl+E, choose the training list, the year and a unit, Enter, name
the file, and read it; a file that cannot be written is said in the dialog; cancelling leaves no file."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from asn_desktop.exchange.sheets import Cancelled
from asn_desktop.gui.export import ExportDialog
from asn_desktop.services import development as dev
from asn_desktop.services import reports

from .conftest import find_dialog

YEAR = dt.date.today().year


def test_export_the_training_list_of_a_unit(qtbot, office, window, prompts, tmp_path):
    course = dev.save_event(dev.EventInput("Bimtek Surveilans", "teknis", "bimtek", dt.date(YEAR, 3, 2),
                                           dt.date(YEAR, 3, 4), 24))
    dev.add_participants(course.id, [office.siti.id])
    dev.save_attendance(course.id, [dev.AttendanceInput(p.id, "lulus") for p in dev.participants(course.id)])
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: find_dialog(ExportDialog) is not None, timeout=5000)
    dialog = find_dialog(ExportDialog)
    qtbot.keyClicks(dialog.kind, "Daftar")
    assert dialog.chosen().key == "pelatihan" and "keikutsertaan" in dialog.hint.text()
    dialog.unit.setCurrentIndex(dialog.unit.findText("Dinas Kesehatan"))
    out = tmp_path / "pelatihan.xlsx"
    prompts.files = [str(out)]
    qtbot.keyClick(dialog.unit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(prompts.shown) and prompts.shown[-1][0] == "info", timeout=10_000)
    assert prompts.shown[-2] == ("save", "Ekspor ke Excel", f"Daftar pelatihan {YEAR} Dinas Kesehatan.xlsx")
    assert prompts.shown[-1][2] == f"Daftar pelatihan {YEAR}: 1 keikutsertaan dan JP 2 pegawai ditulis ke {out}."
    rows = [[c.value for c in r] for r in load_workbook(out)["Keikutsertaan"].iter_rows()]
    assert rows[-1][0] == "Bimtek Surveilans" and rows[-1][9] == "Siti Rahmawati, S.K.M."


def test_a_file_that_cannot_be_written_is_said_in_the_dialog(qtbot, office, window, prompts, tmp_path):
    window.export_workbook()
    qtbot.waitUntil(lambda: find_dialog(ExportDialog) is not None, timeout=5000)
    dialog = find_dialog(ExportDialog)
    prompts.files = [str(tmp_path / "tidak-ada" / "rekap.xlsx")]
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=10_000)
    assert "rekap.xlsx tidak dapat ditulis" in dialog.message.text() and dialog.isVisible()
    dialog.reject()


def test_a_cancelled_export_leaves_no_file(office, tmp_path):
    folder = tmp_path / "ekspor"
    folder.mkdir()
    out = folder / "pelatihan.xlsx"
    with pytest.raises(Cancelled):
        reports.export_training(YEAR, out, None, cancelled=lambda: True)
    assert list(folder.iterdir()) == []


def test_export_the_package_from_the_dialog(qtbot, office, window, prompts, tmp_path):
    from asn_desktop.exchange import paket as px

    window.export_workbook()
    qtbot.waitUntil(lambda: find_dialog(ExportDialog) is not None, timeout=5000)
    dialog = find_dialog(ExportDialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("paket"))
    assert "SHA-256" in dialog.hint.text()
    out = tmp_path / "paket.xlsx"
    prompts.files = [str(out)]
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(prompts.shown) and prompts.shown[-1][0] == "info", timeout=10_000)
    assert prompts.shown[-1][2].startswith(f"Paket {YEAR}: 3 pegawai,")
    assert px.read_paket(out).changed == []
