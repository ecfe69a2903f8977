"""The Promosi tab driven as a person would: record a vacancy in its dialog, read the ranked candidates with
their reasons, narrow them to the vacancy's unit, then enter a potensi and see the employee move in the 9-box."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from asn_desktop.gui.changes import ChangeHub
from asn_desktop.gui.ops import Background
from asn_desktop.gui.promosi import PromotionTab, VacancyDialog
from asn_desktop.services import promotion as pr
from tests.unit.helpers import sql, unchanged
from tests.unit import test_promotion as unit_promotion
from tests.unit import test_workplans as unit_workplans

from .conftest import find_dialog

# the fixtures of the unit tests: two years of predikat and a course (history) in the small office (org)
history = unit_promotion.history
org = unit_workplans.org

ON = dt.date(2026, 6, 1)  # the list is made mid-2026: predikat of 2024 and 2025, JP of 2025
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def make_tab(db, qtbot, prompts, monkeypatch):
    monkeypatch.setattr(pr, "today", lambda: ON)  # the clock is the outer boundary of the rule
    made = []

    def make(year: int = 2025) -> PromotionTab:
        background = Background()
        tab = PromotionTab(ChangeHub(ready=True), background, prompts)
        qtbot.addWidget(tab)
        tab.resize(1280, 800)
        tab.set_year(year)
        with qtbot.waitSignal(tab.loaded, timeout=10_000):
            tab.show()
        qtbot.waitExposed(tab)
        tab.activateWindow()
        qtbot.waitUntil(tab.isActiveWindow)
        made.append(background)
        return tab

    yield make
    for background in made:
        background.wait_idle()


def loaded(qtbot, tab):
    return qtbot.waitSignal(tab.loaded, timeout=10_000)


def column(view, col):
    model = view.model()
    return [model.index(r, col).data() for r in range(model.rowCount())]


def dialog_of(qtbot, kind):
    qtbot.waitUntil(lambda: find_dialog(kind) is not None, timeout=5000)
    dialog = find_dialog(kind)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def focused(widget) -> bool:
    return widget.window().focusWidget() is widget


def names(lst):
    return [lst.item(i).text() for i in range(lst.count())]


def test_add_a_vacancy_and_read_the_ranked_candidates(qtbot, history, make_tab, prompts):
    org = history
    tab = make_tab()
    assert tab.vacancy_stack.currentWidget() is tab.vacancy_empty
    assert tab.vacancy_empty.text().startswith("Belum ada formasi lowong.")
    assert not tab.candidate_pane.isVisible() and not tab.edit_button.isEnabled()
    tab.focus_first()
    assert focused(tab.add_button)

    qtbot.keyClick(tab.add_button, Qt.Key.Key_N, CTRL)
    dialog = dialog_of(qtbot, VacancyDialog)
    assert focused(dialog.title)
    assert not dialog.status.isEnabled()  # a new vacancy is open
    with unchanged():  # no name, no unit: both refused under their fields; the dialog stays
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.error_label("title").text() == "Nama jabatan lowong wajib diisi."
    assert dialog.error_label("unit").text() == "Unit tidak ditemukan."
    qtbot.keyClicks(dialog.title, "Kepala Seksi Surveilans")
    qtbot.keyClick(dialog.title, Qt.Key.Key_Tab)
    assert focused(dialog.unit)
    qtbot.keyClicks(dialog.unit.lineEdit(), "Seksi Surveilans")
    assert dialog.unit_id() == org.units["seksi"]  # the only unit whose name holds what was typed
    dialog.jenjang.setFocus()
    qtbot.keyClicks(dialog.jenjang, "Pengawas")
    dialog.golongan_min.setFocus()
    qtbot.keyClick(dialog.golongan_min, Qt.Key.Key_Down)  # III/a -> III/b
    assert (dialog.golongan_min.currentData(), dialog.golongan_max.currentData()) == ("III/b", "III/d")
    qtbot.keyClicks(dialog.note, "Pensiun Januari")
    with loaded(qtbot, tab):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    assert find_dialog(VacancyDialog) is None
    assert sql("SELECT title, unit_id, jenjang, golongan_min, golongan_max, status, note FROM vacancy") == [
        ("Kepala Seksi Surveilans", org.units["seksi"], "Pengawas", "III/b", "III/d", "terbuka", "Pensiun Januari")]

    # the vacancy is listed and its candidates are ranked: the eligible first, each with reasons
    assert column(tab.vacancies, 0) == ["Kepala Seksi Surveilans"]
    assert tab.selected_vacancy().title == "Kepala Seksi Surveilans"
    assert tab.candidate_pane.isVisible()
    assert tab.rule.text().startswith("Aturan (dinilai per 01/06/2026): yang didaftar adalah PNS aktif")
    assert "predikat kinerja tahunan 2024 dan 2025 keduanya paling rendah Baik" in tab.rule.text()
    assert "JP tahun 2025 paling sedikit 20 JP" in tab.rule.text()
    model = tab.candidates.model()
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(9)] == [
        "Peringkat", "Nama", "NIP", "Gol.", "Jabatan", "Unit", "Predikat 2024 / 2025", "JP 2025", "Memenuhi syarat"]
    assert column(tab.candidates, 1) == ["Rina Wulandari", "Dewi Lestari", "Agus Salim"]
    assert column(tab.candidates, 0) == ["1", "—", "—"]
    assert column(tab.candidates, 6) == ["Sangat Baik / Sangat Baik", "Baik / Butuh Perbaikan", "— / —"]
    assert column(tab.candidates, 7) == ["40", "40", "0"]
    assert column(tab.candidates, 8) == ["Ya", "Tidak", "Tidak"]
    assert tab.candidate_heading.text().endswith("golongan III/b–III/d: 1 memenuhi syarat dari 3")
    assert tab.selected_candidate().c.name == "Rina Wulandari"
    assert "Memenuhi syarat — peringkat 1." in tab.reasons.text()
    assert "Predikat 2024–2025: Sangat Baik dan Sangat Baik; JP 2025 40" in tab.reasons.text()
    assert tab.current_employee_id() == org.staf
    tab.candidates.setFocus()
    qtbot.keyClick(tab.candidates, Qt.Key.Key_Down)
    assert tab.current_employee_id() == org.staf2
    assert "Belum memenuhi syarat:\n• Predikat 2025 Butuh Perbaikan (paling rendah Baik)." in tab.reasons.text()
    tip = model.index(2, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Agus Salim\nBelum memenuhi syarat:\n• Belum ada predikat tahunan 2024 yang final.")
    assert "• JP 2025 0 dari 20." in tip

    # only the vacancy's unit (and below): the lurah of another unit goes
    with loaded(qtbot, tab):
        qtbot.keyClick(tab.within_unit, Qt.Key.Key_Space)
    assert tab.within_unit.isChecked()
    assert column(tab.candidates, 1) == ["Rina Wulandari", "Dewi Lestari"]
    assert tab.candidate_heading.text().endswith("1 memenuhi syarat dari 2")
    with loaded(qtbot, tab):
        qtbot.keyClick(tab.within_unit, Qt.Key.Key_Space)
    assert column(tab.candidates, 1) == ["Rina Wulandari", "Dewi Lestari", "Agus Salim"]


def test_edit_a_vacancy_with_enter_and_a_running_sanction_shows(qtbot, history, make_tab, prompts):
    from asn_desktop.services import consequences as cs

    org = history
    v = pr.save_vacancy(pr.VacancyInput("Kepala Seksi", org.units["kecamatan"], "III/a", "III/d"))
    cs.record_sanction(cs.SanctionInput(org.staf, "teguran_tertulis", "862/1", ON, ON))
    tab = make_tab()
    assert tab.selected_vacancy().id == v.id
    assert column(tab.candidates, 1) == ["Dewi Lestari", "Rina Wulandari", "Agus Salim"]  # fewest reasons first
    rina = next(line for line in tab.candidate_model.rows() if line.id == org.staf)
    assert not rina.c.eligible and "Sedang menjalani hukuman disiplin." in rina.c.reasons
    assert column(tab.candidates, 8).count("Ya") == 0

    tab.vacancies.setFocus()
    qtbot.keyClick(tab.vacancies, Qt.Key.Key_Return)
    dialog = dialog_of(qtbot, VacancyDialog)
    assert dialog.title.text() == "Kepala Seksi" and dialog.unit_id() == org.units["kecamatan"]
    assert dialog.status.isEnabled() and dialog.status.currentData() == "terbuka"
    dialog.golongan_min.setCurrentIndex(dialog.golongan_min.findData("IV/a"))  # max follows: never backwards
    assert dialog.golongan_max.currentData() == "IV/a"
    dialog.golongan_min.setCurrentIndex(dialog.golongan_min.findData("III/d"))
    dialog.status.setFocus()
    qtbot.keyClick(dialog.status, Qt.Key.Key_Down)
    assert dialog.status.currentData() == "terisi"
    with loaded(qtbot, tab):
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    assert sql("SELECT golongan_min, golongan_max, status FROM vacancy") == [("III/d", "IV/a", "terisi")]
    assert column(tab.vacancies, 3) == ["III/d–IV/a"] and column(tab.vacancies, 4) == ["Terisi"]
    # the new range lists others: the kabid (Baik twice, but no JP in 2025), the lurah and the camat
    assert column(tab.candidates, 1) == ["Bambang Priyono, S.K.M.", "Agus Salim", "Joko Susilo"]
    bambang = tab.candidate_model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert bambang == "Bambang Priyono, S.K.M.\nBelum memenuhi syarat:\n• JP 2025 0 dari 20."


def test_set_a_potensi_and_see_the_employee_move_in_the_nine_box(qtbot, history, make_tab, prompts):
    org = history
    tab = make_tab(2025)
    with loaded(qtbot, tab):
        tab.tabs.setCurrentWidget(tab.box_tab)
    assert tab.box_summary.text().startswith("Tahun 2025:")
    tab.focus_first()
    assert focused(tab.box_unit)
    tab.box_unit.lineEdit().selectAll()
    qtbot.keyClicks(tab.box_unit.lineEdit(), "Seksi Surveilans")
    with loaded(qtbot, tab):
        qtbot.keyClick(tab.box_unit.lineEdit(), Qt.Key.Key_Return)
    assert tab.box_unit.currentData() == org.units["seksi"]
    assert names(tab.unassessed) == ["Dewi Lestari — Butuh Perbaikan", "Rina Wulandari — Sangat Baik"]
    assert tab.unassessed_label.text() == "Belum dinilai potensinya (2)"
    assert all(tab.box_lists[b].count() == 0 for b in range(1, 10))
    assert not tab.level.isEnabled()  # nobody chosen yet

    tab.unassessed.setFocus()
    tab.unassessed.setCurrentRow(1)
    assert tab.current_employee_id() == org.staf
    assert tab.potential_who.text() == "Rina Wulandari\nPredikat 2025: Sangat Baik · potensi belum dinilai"
    tab.level.setFocus()
    qtbot.keyClick(tab.level, Qt.Key.Key_Down)
    qtbot.keyClick(tab.level, Qt.Key.Key_Down)
    qtbot.keyClick(tab.level, Qt.Key.Key_Down)
    assert tab.level.currentData() == 3
    assert tab.has_unsaved_changes()
    with unchanged():  # no assessor: refused, said under the form
        qtbot.keyClick(tab.note, Qt.Key.Key_Return)
    assert tab.potential_message.text() == "Nama penilai potensi wajib diisi."
    qtbot.keyClicks(tab.assessor, "Tim Penilai Kinerja")
    qtbot.keyClicks(tab.note, "Siap memimpin seksi")
    with loaded(qtbot, tab):
        qtbot.keyClick(tab.assessor, Qt.Key.Key_Return)
    assert sql("SELECT employee_id, year, level, assessor, note FROM potential_assessment") == [
        (org.staf, 2025, 3, "Tim Penilai Kinerja", "Siap memimpin seksi")]
    assert not tab.has_unsaved_changes()
    assert tab.box_of(org.staf) == 9
    assert names(tab.box_lists[9]) == ["Rina Wulandari"]
    assert tab.box_titles[9].text() == "Kotak 9 · 1 pegawai"
    assert names(tab.unassessed) == ["Dewi Lestari — Butuh Perbaikan"]
    assert tab.current_employee_id() == org.staf  # still chosen, in her new box
    assert tab.potential_message.text() == "Potensi Rina Wulandari tahun 2025 disimpan: 3 — tinggi."

    # Dewi: potensi menengah; leaving her unsaved asks first
    tab.unassessed.setCurrentRow(0)
    assert tab.current_employee_id() == org.staf2
    tab.level.setCurrentIndex(tab.level.findData(2))
    tab.level.activated.emit(tab.level.currentIndex())
    prompts.answer = True  # "Simpan"
    with loaded(qtbot, tab):
        tab.box_lists[9].setCurrentRow(0)
    assert prompts.shown[-1][:2] == ("confirm", "Potensi belum disimpan")
    assert tab.box_of(org.staf2) == 4  # kinerja di bawah (Butuh Perbaikan), potensi menengah
    assert tab.unassessed.count() == 0 and tab.unassessed_label.text() == "Belum dinilai potensinya (0)"


def test_the_year_changes_the_nine_box(qtbot, history, make_tab):
    org = history
    pr.set_potential(org.staf, 2024, 2, "Tim")
    tab = make_tab(2025)
    with loaded(qtbot, tab):
        tab.tabs.setCurrentWidget(tab.box_tab)
    with loaded(qtbot, tab):
        tab.set_year(2024)
    assert tab.box_summary.text().startswith("Tahun 2024:")
    assert tab.box_of(org.staf) == 6  # Sangat Baik in 2024, potensi menengah
