"""Berkas › Ekspor ke Excel as a person would: Ctrl+E, choose the training list, the year and a unit, Enter, name
the file, and read it; a file that cannot be written is said in the dialog; cancelling leaves no file."""

from __future__ import annotations

import datetime as dt
import time

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
    with pytest.raises(Cancelled):
        reports.export_rekap(YEAR, folder / "rekap.xlsx", None, cancelled=lambda: True)
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


def test_forms_ask_for_a_nip_of_18_digits_and_evaluations_for_a_period(qtbot, office, window, prompts, tmp_path):
    from asn_desktop.services import workplans as wp

    window.export_workbook()
    qtbot.waitUntil(lambda: find_dialog(ExportDialog) is not None, timeout=5000)
    dialog = find_dialog(ExportDialog)
    assert not dialog.nip.isVisible() and not dialog.period.isVisible()  # the rekap has neither
    dialog.kind.setCurrentIndex(dialog.kind.findData("skp"))
    assert dialog.nip.isVisible() and not dialog.period.isVisible() and "DRAF" in dialog.hint.text()
    qtbot.keyClicks(dialog.nip, "1975 0514 2000")
    qtbot.keyClick(dialog.nip, Qt.Key.Key_Return)
    assert dialog.message.isVisible() and "NIP harus 18 angka" in dialog.message.text()
    assert dialog.focusWidget() is dialog.nip and prompts.shown == []  # no file was asked for
    dialog.nip.clear()
    qtbot.keyClicks(dialog.nip, office.siti.nip)
    prompts.files = [str(tmp_path / "siti.xlsx")]
    qtbot.keyClick(dialog.nip, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Tidak ada SKP" in dialog.message.text(), timeout=10_000)
    assert dialog.message.text().startswith(f"Tidak ada SKP tahun {YEAR} untuk pegawai ini")
    assert not (tmp_path / "siti.xlsx").exists() and dialog.isVisible()

    dialog.kind.setCurrentIndex(dialog.kind.findData("evaluasi"))
    assert dialog.period.isVisible() and not dialog.message.isVisible()
    assert dialog.period.count() == 5 and all(dialog.period.itemData(i) is None for i in range(5))
    qtbot.keyClick(dialog.period, Qt.Key.Key_Return)
    assert "Belum ada evaluasi pada tahun" in dialog.message.text() and len(prompts.shown) == 1

    v = wp.create_skp(office.budi.id, YEAR, wp.OPERATOR)  # the head: his penilai is outside the database
    plan = v.plan
    plan.rhk = [wp.Rhk("utama", "Kasus diselidiki", [wp.Iki("kuantitas", "Jumlah kasus", 40, "kasus")])]
    wp.save_plan(v.header.id, plan, wp.OPERATOR)
    wp.take_step(v.header.id, "submit", wp.OPERATOR)
    wp.take_step(v.header.id, "approve", wp.OPERATOR)
    from asn_desktop.services import appraisals as ap

    quarter = ap.periods(YEAR)[0]
    ap.set_rating(office.budi.id, quarter.id, ap.OPERATOR, hasil=ap.Rating.SESUAI)
    dialog.nip.clear()
    dialog.year.setValue(YEAR - 1)
    dialog.year.setValue(YEAR)  # the periods are read again for the year
    assert dialog.period.currentText() == f"Tahunan {YEAR}" and dialog.period.currentData() is not None
    dialog.period.setCurrentIndex(0)
    out = tmp_path / "tw1.xlsx"
    prompts.files = [str(out)]
    qtbot.keyClick(dialog.period, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: prompts.shown[-1][0] == "info", timeout=10_000)
    assert prompts.shown[-1][2] == f"Dokumen evaluasi {YEAR}: 1 pegawai ditulis ke {out}."
    values = [c.value for r in load_workbook(out)["Evaluasi"].iter_rows() for c in r if c.value]
    assert "EVALUASI KINERJA PEGAWAI" in values and "DRAF — evaluasi belum final" in values
    assert "Jumlah kasus" in values and "Sesuai Ekspektasi" in values


def test_the_progress_shows_and_cancel_stops_the_export_leaving_no_file(qtbot, office, window, prompts, tmp_path,
                                                                        monkeypatch):
    """The dialog's progress bar and its Batal button, with an export made slow on purpose (a real package of
    this office is written before the bar would show; the service's own cancelling is tested with it)."""
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from asn_desktop.gui import export as export_module

    steps = []

    def slow_export(year, path, unit, progress, cancelled):
        for done in range(0, 10_000):
            if cancelled():
                raise Cancelled()
            progress(done, 10_000)
            steps.append(done)
            time.sleep(0.005)
        raise AssertionError("the export was never cancelled")

    monkeypatch.setattr(export_module.paket, "export_paket", slow_export)
    window.export_workbook()
    qtbot.waitUntil(lambda: find_dialog(ExportDialog) is not None, timeout=5000)
    dialog = find_dialog(ExportDialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("paket"))
    out = tmp_path / "paket.xlsx"
    prompts.files = [str(out)]
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Return)
    assert not dialog.ok.isEnabled()  # one export at a time

    def bar():
        return next((w for w in dialog.findChildren(QProgressDialog) if w.isVisible()), None)

    qtbot.waitUntil(lambda: bar() is not None and bar().value() > 0, timeout=5000)
    assert bar().maximum() == 10_000 and bar().labelText() == "Mengekspor paket untuk dikirim ke atas…"
    cancel = next(b for b in bar().findChildren(QPushButton) if b.text() == "Batal")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=5000)
    assert dialog.message.text() == "Ekspor dibatalkan; tidak ada berkas yang ditulis."
    assert dialog.ok.isEnabled() and dialog.isVisible() and not out.exists() and len(steps) < 10_000
    dialog.reject()
