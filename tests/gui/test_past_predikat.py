"""Riwayat predikat from the Promosi tab, as a person would: a candidate refused for want of predikat of the years
before the app; Ctrl+R opens the history, two years are copied in from their document with Enter, an empty
source is refused and nothing stored, a copy is removed after confirming, and after closing the candidate is
ranked."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from asn_desktop.domain.predikat import Predikat
from asn_desktop.gui.past_predikat import PastPredikatDialog
from asn_desktop.services import development as dev
from asn_desktop.services import history as hs
from asn_desktop.services import promotion as pr
from tests.unit.helpers import sql, unchanged

from .test_promotion_tab import CTRL, column, dialog_of, loaded, make_tab, org  # noqa: F401 (fixtures)


def test_copy_the_years_before_the_app_and_see_the_candidate_ranked(qtbot, org, make_tab, prompts):  # noqa: F811
    sql("UPDATE employee SET golongan = 'III/c' WHERE id = ?", org.staf)
    course = dev.save_event(dev.EventInput("Pelatihan Teknis", "teknis", "pelatihan", dt.date(2025, 5, 1),
                                           dt.date(2025, 5, 10), 40))
    dev.add_participants(course.id, [org.staf])
    dev.save_attendance(course.id, [dev.AttendanceInput(p.id, "lulus") for p in dev.participants(course.id)])
    vacancy = pr.save_vacancy(pr.VacancyInput("Kepala Seksi Surveilans", org.units["seksi"], "III/b", "III/d"))
    tab = make_tab()
    assert tab.select_vacancy(vacancy.id)
    qtbot.waitUntil(lambda: "Rina Wulandari" in column(tab.candidates, 1), timeout=5000)
    row = column(tab.candidates, 1).index("Rina Wulandari")
    tab.candidates.setFocus()
    tab.candidates.selectRow(row)
    assert "Belum ada predikat tahunan 2024 yang final." in tab.reasons.text()
    assert tab.past_button.isEnabled()

    qtbot.keyClick(tab.candidates, Qt.Key.Key_R, CTRL)
    dialog = dialog_of(qtbot, PastPredikatDialog)
    assert "Rina Wulandari" in dialog.form.findChild(type(tab.reasons), "headerLabel").text()
    assert dialog.table.rowCount() == 0 and dialog.year.value() == 2025  # the newest missing year first
    assert dialog.window().focusWidget() is dialog.year
    dialog.year.lineEdit().selectAll()
    qtbot.keyClicks(dialog.year, "2024")
    qtbot.keyClick(dialog.year, Qt.Key.Key_Return)  # Baik from e-Kinerja BKN, as the form offers
    assert dialog.isVisible() and dialog.table.rowCount() == 1 and dialog.year.value() == 2025
    dialog.predikat.setFocus()
    qtbot.keyClick(dialog.predikat, Qt.Key.Key_Up)  # Baik → Sangat Baik
    qtbot.keyClick(dialog.predikat, Qt.Key.Key_Return)
    assert [(r.year, r.predikat) for r in hs.annual_history(org.staf)] == [(2025, Predikat.SANGAT_BAIK),
                                                                          (2024, Predikat.BAIK)]
    assert "Predikat 2025 (Sangat Baik) disimpan." in dialog.message.text()

    dialog.table.setFocus()
    dialog.table.selectRow(1)  # 2024 into the form, to correct it
    assert dialog.year.value() == 2024 and dialog.source.text() == "e-Kinerja BKN"
    dialog.source.clear()
    with unchanged():
        qtbot.keyClick(dialog.source, Qt.Key.Key_Return)
    assert "Sebutkan dokumen asalnya" in dialog.error_label("source").text()

    prompts.answer = True
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert prompts.shown[-1][1] == "Hapus predikat" and "2024" in prompts.shown[-1][2]
    assert [r.year for r in hs.annual_history(org.staf)] == [2025]
    hs_source = "SKP tahunan 2024 yang ditandatangani"
    dialog.year.setValue(2024)
    dialog.source.setText(hs_source)
    qtbot.keyClick(dialog.source, Qt.Key.Key_Return)
    assert [(r.year, r.source) for r in hs.annual_history(org.staf)][-1] == (2024, hs_source)

    with loaded(qtbot, tab):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: PastPredikatDialog not in {type(w) for w in QApplication.topLevelWidgets() if w.isVisible()})
    rina = next(c for c in pr.candidates(vacancy.id) if c.name == "Rina Wulandari")
    assert rina.eligible and rina.rank == 1
    assert column(tab.candidates, 0)[column(tab.candidates, 1).index("Rina Wulandari")] == "1"
